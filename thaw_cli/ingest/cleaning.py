"""The raw-page cleaner: separate an article from the debris of the page it was copied from.

`clean_page(text)` returns a `Page`: title, kicker, standfirst, date (partial ISO), authors,
source, section, url, tags and the body as clean paragraphs joined by one blank line.

How a page is read:

1. Normalise: line ends, control characters, zero-width spaces. Lines holding only
   whitespace (non-breaking spaces included) are blank.
2. Paragraphs. On an ordinary page every non-blank line is a paragraph. A hard-wrapped
   page (newswire copy: lines broken near one width, the next line often starting in
   lower case) has its lines joined with single spaces; a paragraph starts at a blank
   line, an indented line, a bullet, or after a short line ending a sentence.
3. Header (the units before the first body paragraph): page tools ("print", "Listen to
   this article"), breadcrumbs ("Home > World > Asia", "NEWS / BUSINESS") -> section,
   date lines (via `thaw_cli.ingest.datetext`), bylines ("By A and B", "Von ...", "Par ...",
   "Por ...", "Di ...", "| Author" after a date, "Jane Doe | Reuters"), metadata bullets
   ("• , The Japan Times" -> source; a bare label such as "• English Press" is dropped),
   the title (first headline-like line), a kicker (a short line right before the title when
   the title is followed by a date/byline line) and a standfirst (a paragraph between the
   title and the byline, or one between the date/byline and a page-tool button).
4. Body: page tools, advertisements, newsletter prompts, copyright lines, image credits,
   "Read more: ..." links and "Related articles" headings with the list that follows are
   dropped; "Tags: a, b" lines become tags.
5. Footer: trailing debris, a wire signature ("Reuter", "(AFP)") and a trailing run of
   short bullet/link lines after the last prose paragraph (site navigation, promos) are
   dropped - unless the paragraph before ends with a colon (a list the text announces).

When in doubt text is kept. `clean_page` never raises.

Copied web pages. The rules above read newswire copy and short pages; a page copied from
a web site with select-all + copy (16 units or more, not hard-wrapped, and not left clean
by the rules: menus, buttons, lists) is read by the trained line classifier of
`thaw_cli.ingest.pagelines` instead: the lines it finds to be article text are the body (and the
prose lines and subheadings next to them), unless a rule above knows them for debris,
metadata, tags or related links; its role models pick the title, the date line (dates
anywhere in a line, `thaw_cli.ingest.pagedates`) and the byline (names after "by", "von",
"par", "Autor:"... or a line of names), and breadcrumbs give the section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from thaw_cli.core.models import Page
from thaw_cli.core.rxfactor import alternatives, expand_front
from thaw_cli.core.words import count_words
from thaw_cli.ingest.datetext import may_hold_date_line, split_date_line

__all__ = ["clean_page"]

_HEADER_MAX = 24
_MAX_WRAPPED = 110  # a block with a longer line is not hard-wrapped  # units looked at for metadata at the top of a page
_RULES_MAX_UNITS = 60  # a page of more units is always read by the line classifier
_RULES_ONLY_UNITS = 15  # too little context for the classifier: the rules read the page
_LONG_LINES = 3  # a page with this many lines longer than _MAX_WRAPPED is not hard-wrapped

_CTRL_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff]"
)
# Words a sentence does not end with: a line ending with one continues on the next line.
_FUNCTION_WORDS = frozenset(
    """
    a an the of for to and or but in on at by with from as that than its their his her our
    is are was were be been has have had will would said says into over under about after
    it he she they we which who whose this these those not also could should may can per
    some all any such both each between against upon via vs while when where before during
    because since if
    der die das den dem des ein eine und oder von zu mit für auf im in am bei nach aus über
    le la les un une de des du et ou à au aux en par pour sur dans avec que qui
    el los las un una y o del al con por para que se
    il lo gli di da che e per nel nella con su
    o os as um uma do da dos das no na em com
    het een van en op voor met te dat
    """.split()
)
_BULLET_RE = re.compile(r"[•·●▪◦►▶‣■□✓✔]\s*|[*-]\s+")
_BULLET_CHARS = frozenset("•·●▪◦►▶‣■□✓✔*-")  # the first character of every bullet
_TERMINAL = ".!?…:;\"'”’»)]"
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_WORD_RE = re.compile(r"[^\W\d_]+")
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")
_DIGIT_RE = re.compile(r"\d")


def _heads(rx: re.Pattern[str], n: int) -> frozenset[str]:
    """The first `n` characters of every alternative of the case-insensitive `rx`, which
    must each start with `n` literal lower-case letters or spaces (checked here).

    A string that `rx` matches at its start starts with one of them in some case: when
    those `n` characters are ASCII, lower-cased they are one of the heads (for an ASCII
    character, re.I matches a letter exactly when its `str.lower` is that letter;
    tests/test_cleaning.py checks this for the letters of the heads).
    """
    assert rx.flags & re.IGNORECASE
    heads: set[str] = set()
    for alt in (x for a in alternatives(rx.pattern) for x in expand_front(a)):
        head = alt[:n]
        if not (len(head) == n and all(c.isalpha() or c == " " for c in head)
                and head == head.lower() and alt[n:n + 1] not in ("?", "*", "+", "{")):
            raise ValueError(f"no literal start of {n} characters: {alt!r}")
        heads.add(head)
    return frozenset(heads)


def _may_start(s: str, heads: frozenset[str]) -> bool:
    """False when `s` cannot start with a match of the pattern whose `_heads` are `heads`
    (its first two characters are ASCII and, lower-cased, none of them); text that is not
    ASCII there is left to the pattern."""
    head = s[:2]
    return not head.isascii() or head.lower() in heads


# --- page tools, buttons, promos -------------------------------------------------------

_TOOL_WORDS = frozenset(
    """
    print printer printing share shares shared sharing tweet retweet email mail e-mail
    facebook twitter linkedin whatsapp pinterest reddit telegram xing flipboard messenger
    threads bluesky mastodon copy link copied save saved bookmark bookmarks comment comments
    listen audio play pause subscribe follow gift font size text zoom pdf download
    drucken teilen merken kommentare kommentieren kommentar anhören vorlesen vorlesen
    hören artikel speichern versenden senden
    imprimer partager envoyer sauvegarder enregistrer commenter commentaires commentaire
    écouter ecouter
    imprimir compartir guardar comentarios comentar escuchar enviar
    stampa condividi salva commenta commenti ascolta
    partilhar ouvir
    delen opslaan reageer reacties printen luisteren beluisteren
    """.split()
)
_FILLER_WORDS = frozenset(
    """
    this the to on us via by a an article story page link aa in for it our and or now
    diesen dieser diese den die der das artikel seite beitrag uns auf jetzt lassen teilen
    cet cette l le la article page sur nous
    este esta el la artículo articulo noticia en
    questo questa l lo la articolo su
    este esta o a artigo notícia
    dit deze het artikel op
    """.split()
)
_PROMO_RE = re.compile(
    r"(?:advertisement|advertising|advert|ad|anzeige|werbung|publicité|publicite|publicidad|"
    r"pubblicità|pubblicita|advertentie|sponsored(?: content)?|paid content|promoted|"
    r"(?:story|article) continues below(?: advertisement)?|continue reading(?: .{0,40})?|"
    r"skip (?:to .{0,30}|advertisement)|weiterlesen|mehr lesen|lire la suite|leer más|"
    r"seguir leyendo|leggi di più|continua a leggere|read more|read full (?:article|story)|"
    r"read the full (?:article|story)|show (?:more|less)|load more|see more|view comments|"
    r"click here.{0,80}|\d+\s*min(?:ute)?s?\.?\s+read|lesezeit:?\s*\d+\s*min(?:uten|\.)?|"
    r"reading time:?.{0,20}|temps de lecture:?.{0,20}|back to top|zurück nach oben|"
    r"nach oben|retour en haut|volver arriba|torna su|top|menu|menü|search|suche|"
    r"leave a (?:comment|reply)|join the conversation|add to (?:favou?rites|my list)|"
    r"listen to (?:this |the )?(?:article|story)|listen now|"
    r"(?:this )?(?:article|story|content) (?:is )?(?:for|only for) subscribers(?: only)?)"
    r"[\s.:!>»›→|]*",
    re.IGNORECASE,
)
_NEWSLETTER_RE = re.compile(
    r"(?:sign up|signup|subscribe|get our|get the|join|register|jetzt|melden sie sich|"
    r"abonnieren|abonnez|inscrivez|recevez|suscríbete|suscribete|suscríbase|iscriviti|"
    r"meld je aan|never miss|don't miss|stay (?:informed|up to date))\b"
    r".{0,200}(?:newsletter|inbox|subscri|abonn|suscri|iscri|e-?mail|briefing)",
    re.IGNORECASE,
)
_HINTS = (
    "©",
    "(c)",
    "copyright",
    "reserv",
    "vorbehalten",
    "voorbehouden",
    "newsletter",
    "inbox",
    "subscri",
    "abonn",
    "suscri",
    "iscri",
    "mail",
    "briefing",
)
_COPYRIGHT_RE = re.compile(
    r"(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}|by\b|:))|.{0,200}(?:all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|tutti i diritti riservati|"
    r"todos os direitos reservados|alle rechten voorbehouden)",
    re.IGNORECASE,
)
_AGENCY = (
    r"getty|afp|ap|reuters|epa|efe|dpa|ansa|kyodo|jiji|xinhua|yonhap|imago|shutterstock|"
    r"istock|istockphoto|alamy|bloomberg|picture[- ]alliance|keystone|sipa|anadolu|"
    r"associated press|pa images|pa wire|tass|ria novosti|aap|zuma|ullstein|adobe stock"
)
_CREDIT_START_RE = re.compile(
    r"(?:photo|photos|photograph|image|images|picture|pic|foto|fotos|bild|bilder|credit|"
    r"credits|crédit|crédits|crédit photo|illustration|grafik|video|quelle|source image)"
    r"(?:\s+credit)?\s*(?::|/|©)\s*\S",
    re.IGNORECASE,
)
_CREDIT_HEADS = _heads(_CREDIT_START_RE, 2)
_CREDIT_RE = re.compile(
    rf"[(\[][^()\[\]]{{0,60}}\b(?:photo|photos|foto|fotos|image|images|bild|file|archive|"
    rf"archiv|{_AGENCY})\b[^()\[\]]{{0,60}}[)\]]|"
    rf"(?:(?:photo|foto|bild)\s*:?\s*)?(?:{_AGENCY})(?: images| photos?| pictures| via [\w .'-]{{1,40}})?"
    rf"(?:\s*/\s*[\w .'’-]{{1,40}}){{0,2}}",
    re.IGNORECASE,
)
_CREDIT_INNER_RE = re.compile(
    rf"[^()\[\]]{{0,40}}\b(?:photo|photos|foto|fotos|image|images|bild|file|{_AGENCY})\b[^()\[\]]{{0,40}}",
    re.IGNORECASE,
)
_CREDIT_CAPS_RE = re.compile(r"\s*(?:(?i:photo|foto|bild)\s*:?\s*)?[A-Z][A-Z /&.-]{1,40}")
_CREDIT_TAIL_RE = re.compile(r"(?:photo|foto|bild)\s*:\s*[^.]{1,60}", re.IGNORECASE)
_SIGNATURE_RE = re.compile(
    r"[(\[]?\s*(?:reuters?|afp|ap|dpa|efe|ansa|kyodo|xinhua|apa|sda|ats|epd|kna|upi|"
    r"aap|bloomberg|(?:[a-z]{2,4}/){1,3}[a-z]{2,4})\s*[)\]]?\.?",
    re.IGNORECASE,
)
_RELATED_RE = re.compile(
    r"(?:related(?: articles?| stories| news| content| coverage| topics| links| reading)?|"
    r"more (?:on this(?: story| topic)?|from [^.!?]{1,40}|stories|news|in [^.!?]{1,40}|"
    r"like this|to read)|read (?:more|also|next)|see also|also read|"
    r"you (?:may|might) also (?:like|be interested in)|recommended(?: for you| articles| stories| reading)?|"
    r"most (?:read|popular|viewed|shared)|popular (?:now|stories)|trending(?: now| stories)?|"
    r"top stories|latest (?:news|stories|articles)|editor'?s picks|"
    r"mehr zum thema|lesen sie auch|lesen sie mehr|auch interessant|"
    r"das könnte sie (?:auch )?interessieren|weitere artikel|ähnliche artikel|verwandte artikel|"
    r"meistgelesen|à lire aussi|a lire aussi|lire aussi|à lire également|sur le même sujet|"
    r"voir aussi|articles liés|dans la même rubrique|les plus lus|leer también|lea también|"
    r"lee también|noticias relacionadas|te puede interesar|lo más leído|leggi anche|"
    r"articoli correlati|potrebbe interessarti|i più letti|leia também|leia mais|"
    r"notícias relacionadas|lees ook|meer over|gerelateerde artikelen)",
    re.IGNORECASE,
)
_RELATED_HEADS = _heads(_RELATED_RE, 2)
_RELATED_TAIL_RE = re.compile(r"\s*(?:[:>»›→|]\s*)?$|\s*[:>»›→|]\s*\S")
_TAGS_RE = re.compile(
    r"(?:tags?|topics?|keywords|themen|thema|schlagw[oö]rter|stichw[oö]rter|schlagworte|"
    r"mots[- ]cl[ée]s|sujets|th[èe]mes|etiquetas|temas|argomenti|onderwerpen|trefwoorden)"
    r"\s*:\s*(?P<tags>.*)",
    re.IGNORECASE,
)
_TAGS_HEAD_RE = re.compile(
    r"(?:tags?|topics?|keywords|themen|schlagw[oö]rter|stichw[oö]rter|mots[- ]cl[ée]s|"
    r"sujets|etiquetas|temas|argomenti|onderwerpen)\s*:?",
    re.IGNORECASE,
)
_TAG_SPLIT_RE = re.compile(r"\s*(?:[,;|•·#]|\s/\s)\s*")
_URL_RE = re.compile(
    r"(?:(?:url|link|source|quelle|fuente|source url|original|permalink)\s*:\s*)?"
    r"<?(?P<url>https?://[^\s<>]+)>?",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(
    r"(?P<label>source|quelle|fuente|fonte|bron|author|authors|autor|autoren|autorin|auteur|"
    r"auteurs|autore|autori|auteurs?|writer|section|rubrik|ressort|rubrique|sección|seccion|"
    r"sezione|category|kategorie|catégorie|categoría)\s*:\s*(?P<value>\S.{0,150})",
    re.IGNORECASE,
)
_BREADCRUMB_SEP_RE = re.compile(r"\s+(?:>|»|›|→|/)\s+|\s*(?:»|›)\s*")
_HOME_CRUMBS = frozenset(
    "home homepage start startseite accueil inicio portada home page index".split()
)
_BYLINE_RE = re.compile(
    r"(?:by|von|par|por|di|door|av|written by|text(?:e)?|reporting by|from|de)\s*:?\s+"
    r"(?P<names>\S.*)",
    re.IGNORECASE,
)
_PLACE_RE = re.compile(r"\s+(?:in|aus|à|em|en|a|from)\s+[A-ZÀ-Þ][\w .'-]*$")
_PEOPLE_SEP_RE = re.compile(r"\s*[|·•]\s*")
_AND_RE = re.compile(r"\s*,\s*|\s+(?:and|und|et|y|e|en|&|und|og|och)\s+", re.IGNORECASE)
_PARTICLES = frozenset(
    "van von de da der den del della dei di du le la las los bin ibn al el ter ten dos das "
    "zu vom mc st.".split()
)
_ORG_WORDS = frozenset(
    """
    times post news press agency agencies reuters associated bloomberg afp ap dpa kyodo
    xinhua jiji yonhap efe ansa epa journal herald tribune guardian telegraph gazette daily
    weekly magazine media radio tv television network service services wire group online
    zeitung nachrichten presse agentur agence agencia agenzia redaktion rédaction redacción
    redazione newsroom desk inc ltd corp company gmbh ag sa spiegel monde país pais
    corriere chronicle observer review economist independent standard mirror sun express
    today insider wired verge politico axios
    """.split()
)
_ROLE_WORDS = frozenset(
    """
    staff writer writers correspondent correspondents reporter reporters editor editors
    contributor contributors columnist senior chief foreign special political business
    economics technology science deputy associate managing contributing freelance
    redakteur redakteurin korrespondent korrespondentin autor autorin correspondant
    correspondante journaliste envoyé envoyée spécial spéciale corresponsal periodista
    inviato inviata giornalista and
    """.split()
)


@dataclass(slots=True)
class _Unit:
    """One paragraph candidate."""

    text: str  # the paragraph as it goes into the body
    core: str  # the text without a leading bullet marker
    bullet: bool
    block: int  # index of the run of consecutive non-blank lines it came from
    wrapped: bool  # the page is hard-wrapped
    words: int  # _words(core), asked for again and again


@dataclass
class _Meta:
    date: str | None = None
    authors: list[str] | None = None
    source: str | None = None


# --- paragraphs ------------------------------------------------------------------------


def _indent(line: str) -> int:
    """The indent of a line in columns (a space counts one, a tab four)."""
    if "\t" not in line:  # the common case: spaces only
        return len(line) - len(line.lstrip(" "))
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    return len(lead) + 3 * lead.count("\t")


class _Block(NamedTuple):
    """A run of consecutive non-blank lines."""

    lines: list[str]  # without their trailing white space
    stripped: list[str]  # without leading white space either
    indents: list[int]  # see `_indent`


def _blocks(text: str) -> list[_Block]:
    groups: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line:
            cur.append(line)
        elif cur:
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    return [_block(lines) for lines in groups]


def _block(lines: list[str]) -> _Block:
    stripped = [line.lstrip() for line in lines]
    # a line that starts with no white space at all has no indent
    indents = [0 if len(x) == len(y) else _indent(x) for x, y in zip(lines, stripped, strict=True)]
    return _Block(lines, stripped, indents)


def _is_bullet(s: str) -> bool:
    # the first-character test is exact (every bullet starts with one of these) and spares
    # most lines the regular expression
    return s[:1] in _BULLET_CHARS and _BULLET_RE.match(s) is not None


def _wrap_width(blocks: list[_Block]) -> int:
    """The line width of a hard-wrapped page, or 0 when its lines are paragraphs.

    A page is hard-wrapped when its lines of 20-110 characters go on in mid-sentence on
    the next line (the next line starts in lower case or with a digit, or the line ends
    with a comma, a hyphen or a word such as "the", "of", "und", "de").
    """
    lengths: list[int] = []
    candidates = 0
    evidence = 0
    # a page with several lines longer than any hard-wrapped line is a copied web page
    # whose paragraphs are lines (its menus' short lines are no evidence of wrapping)
    if sum(len(line) > _MAX_WRAPPED for b in blocks for line in b.lines) >= _LONG_LINES:
        return 0
    for lines, stripped, ind in blocks:
        if len(lines) < 2:
            continue
        base = min(ind)
        sizes = list(map(len, lines))
        if max(sizes) > _MAX_WRAPPED:  # lines from the first longer one on are not looked at
            del sizes[next(i for i, n in enumerate(sizes) if n > _MAX_WRAPPED) :]
        lengths += sizes
        # a line of 20 characters or more, not the last, whose next line does not start a
        # paragraph by its indent, may go on in mid-sentence on the next line
        for i in [i for i in range(min(len(sizes), len(lines) - 1)) if sizes[i] >= 20 and ind[i + 1] <= base]:
            nxt = stripped[i + 1]
            c = nxt[0]
            if c in _BULLET_CHARS and _BULLET_RE.match(nxt):
                continue
            candidates += 1
            line = lines[i]
            if (
                c.islower()
                or c.isdigit()
                or line[-1] in ",-("
                or line.rsplit(" ", 1)[-1] in _FUNCTION_WORDS
                or ind[i] > base  # an indented first line, then its continuation
            ):
                evidence += 1
    if not evidence or evidence < 0.25 * candidates:
        return 0
    lengths.sort()
    width = lengths[min(len(lengths) - 1, (len(lengths) * 9) // 10)]
    return max(width, 20)


def _make_unit(text: str, block: int, wrapped: bool) -> _Unit:
    if text[:1] in _BULLET_CHARS:
        m = _BULLET_RE.match(text)
        if m:
            core = text[m.end() :].strip()
            return _Unit(text, core, True, block, wrapped, count_words(core))
    return _Unit(text, text, False, block, wrapped, count_words(text))


def _units(text: str) -> list[_Unit]:
    blocks = _blocks(text)
    width = _wrap_width(blocks)
    short = 0.6 * width  # a line shorter than this that ends a sentence ends its paragraph
    units: list[_Unit] = []
    for bi, (lines, stripped, _) in enumerate(blocks):
        if not width or len(lines) == 1 or max(map(len, lines)) > _MAX_WRAPPED:
            for s in stripped:
                units.append(_make_unit(s, bi, bool(width)))
            continue
        starts = _paragraph_starts(blocks[bi], short)
        for a, b in zip([0, *starts], [*starts, len(lines)], strict=True):
            units.append(_make_unit(" ".join(stripped[a:b]), bi, True))
    return units


def _paragraph_starts(block: _Block, short: float) -> list[int]:
    """The lines of a hard-wrapped block that start a paragraph (the first one aside).

    A line starts a paragraph when it is indented, a bullet, or follows a line shorter than
    `short` that ends a sentence - unless it goes on in lower case or that line ends with an
    abbreviation ("U.S.").
    """
    lines, stripped, ind = block
    base = min(ind)
    starts: list[int] = []
    for i in range(1, len(lines)):
        s = stripped[i]
        if ind[i] > base or (s[0] in _BULLET_CHARS and _BULLET_RE.match(s)):
            starts.append(i)
            continue
        prev = lines[i - 1]
        if (
            len(prev) < short
            and _ends_sentence(prev)
            and not (s[0].islower() or "." in prev.rsplit(" ", 1)[-1][:-1])
        ):
            starts.append(i)
    return starts


# --- line classes ----------------------------------------------------------------------


def _words(s: str) -> int:
    return len(s.split())


def _is_prose(s: str) -> bool:
    return len(s) > 200 or (_words(s) >= 8 and bool(_SENTENCE_END_RE.search(s)))


def _is_headline(s: str) -> bool:
    """Headline-like: not too long, and no final full stop unless after an abbreviation."""
    if not s or len(s) > 250 or _words(s) > 40 or not _HAS_LETTER_RE.search(s):
        return False
    last = s.rstrip("\"'”’»)]*")[-1:]
    if last in ",;:":
        return False
    if last != ".":
        return True
    if s.endswith("...") or s.isupper():
        return True
    word = s.rsplit(" ", 1)[-1]
    return "." in word[:-1]  # "... to U.S."


def _is_tool(s: str) -> bool:
    """A page-tool button line: print, share, listen, save, comment..., in any language."""
    if len(s) > 80:
        return False
    # word by word: most lines are settled by their first word that is neither
    strong = False
    for count, m in enumerate(_WORD_RE.finditer(s.lower())):
        if count == 10:
            return False  # more than ten words
        w = m.group()
        if w in _TOOL_WORDS:
            strong = True
        elif w not in _FILLER_WORDS:
            return False
    return strong


def _ends_sentence(s: str) -> bool:
    return s.rstrip("\"'”’»)]")[-1:] in (".", "!", "?", "…")


def _page_hints(text: str) -> tuple[str, ...]:
    """The `_HINTS` found in the page's text, lower-cased.

    No hint holds white space, so a hint in a unit (lines joined by spaces) is in the page
    too: the units need only look for these, and for none on most pages.
    """
    low = text.lower()
    return tuple(h for h in _HINTS if h in low)


def _has_hint(s: str, hints: tuple[str, ...]) -> bool:
    """True when the text holds one of `hints` (the page's `_page_hints`), in any case."""
    low = s.lower()
    return any(h in low for h in hints)


def _caption_credit(s: str) -> bool:
    """A caption ending with a picture credit: "... (Getty Images)", "... | KYODO"."""
    if s[-1] in ")]":
        k = max(s.rfind("("), s.rfind("["))
        if k >= 0 and _CREDIT_INNER_RE.fullmatch(s, k + 1, len(s) - 1):
            return True
    k = s.rfind("|")
    if k >= 0 and _CREDIT_CAPS_RE.fullmatch(s, k + 1):
        return True
    low = s[-80:].lower()
    for key in ("photo", "foto", "bild"):
        k = low.rfind(key)
        if k >= 0 and _CREDIT_TAIL_RE.fullmatch(low, k):
            return True
    return False


def _is_debris(u: _Unit, hints: tuple[str, ...]) -> bool:
    """A line that is never article text, wherever it stands (`hints`: see `_page_hints`)."""
    s = u.core
    if not s:
        return True
    if not _HAS_LETTER_RE.search(s):
        return not any(c.isalnum() for c in s)
    n = len(s)
    if n > 500:
        return False
    sentence = _ends_sentence(s)
    words = u.words
    if words <= 40 and hints and _has_hint(s, hints):
        if _COPYRIGHT_RE.match(s) or _NEWSLETTER_RE.match(s):
            return True
    if words <= 25 and _may_start(s, _CREDIT_HEADS) and _CREDIT_START_RE.match(s):
        return True
    if sentence and words > 12:
        return False
    if not sentence and _caption_credit(s):
        return True
    if n > 120:
        return False
    if _is_tool(s) or _PROMO_RE.fullmatch(s):
        return True
    return n <= 100 and not sentence and bool(_CREDIT_RE.fullmatch(s))


def _related_heading(s: str) -> str | None:
    """'heading' for a "Related articles" heading, 'inline' for "Read more: <link>"."""
    if len(s) > 250 or not _may_start(s, _RELATED_HEADS):
        return None
    m = _RELATED_RE.match(s)
    if not m:
        return None
    tail = _RELATED_TAIL_RE.match(s, m.end())
    if not tail:
        return None
    if tail.end() == len(s):
        return "heading"
    return "inline" if _words(s) <= 30 else None


def _tags_of(s: str) -> list[str] | None:
    if len(s) > 400 or ":" not in s:  # (`_TAGS_RE` cannot match without its colon)
        return None
    m = _TAGS_RE.fullmatch(s)
    if not m:
        return None
    tags = [t.strip(" .#") for t in _TAG_SPLIT_RE.split(m.group("tags"))]
    tags = [t for t in tags if t and len(t) <= 60]
    return tags if tags and all(_words(t) <= 6 for t in tags) else None


def _breadcrumb(s: str) -> str | None:
    if len(s) > 150 or "<" in s or _SENTENCE_END_RE.search(s) or not _BREADCRUMB_SEP_RE.search(s):
        return None
    parts = [p.strip() for p in _BREADCRUMB_SEP_RE.split(s)]
    if len(parts) < 2 or any(not p or len(p) > 40 or _words(p) > 5 for p in parts):
        return None
    if any(not _HAS_LETTER_RE.search(p) for p in parts):
        return None
    if "/" in s and ">" not in s and "»" not in s and "›" not in s:
        if not (s.isupper() or len(parts) >= 3):
            return None  # "Yes / No" is not a breadcrumb
    crumbs = [p for p in parts if p.lower() not in _HOME_CRUMBS] or parts[-1:]
    return " > ".join(_uncap(c) for c in crumbs)


def _uncap(s: str) -> str:
    """Title-case the all-capital words of a label ("EAST ASIA" -> "East Asia", "EU" stays)."""
    if not any(c.isupper() for c in s) or not s.isupper():
        return s
    return " ".join(w[0] + w[1:].lower() if len(w) > 3 else w for w in s.split(" "))


def _is_name(s: str) -> bool:
    tokens = s.split()
    if not 1 <= len(tokens) <= 5:
        return False
    real = 0
    for t in tokens:
        if t.lower() in _PARTICLES:
            continue
        if not t[0].isupper():
            return False
        if not all(c.isalpha() or c in ".-'’" for c in t):
            return False
        real += 1
    return real > 0


def _is_org(s: str) -> bool:
    words = _WORD_RE.findall(s.lower())
    return bool(words) and (
        s.startswith("The ") or any(w in _ORG_WORDS for w in words) or len(s.split()) == 1
    )


def _is_role(s: str) -> bool:
    words = _WORD_RE.findall(s.lower())
    return bool(words) and all(w in _ROLE_WORDS for w in words)


def _people(s: str) -> tuple[list[str], str | None] | None:
    """Authors and source of a byline's names ("A and B, Reuters"); None when not names."""
    if len(s) > 200:
        return None
    authors: list[str] = []
    source: str | None = None
    for part in _PEOPLE_SEP_RE.split(s.strip(" ,;|")):
        part = _PLACE_RE.sub("", part.strip(" ,;"))
        for piece in _AND_RE.split(part):
            piece = piece.strip(" .,;:-–—")
            if not piece or _is_role(piece):
                continue
            if not _HAS_LETTER_RE.search(piece) or not _is_name(piece.replace("&", "And")):
                return None
            if _is_org(piece):
                if source is None:
                    source = piece
            else:
                authors.append(piece.title() if piece.isupper() else piece)
    if not authors and source is None:
        return None
    return authors, source


def _meta(u: _Unit) -> _Meta | None:
    """Date and/or byline metadata of a header line, or None when it is not one."""
    s = u.core
    if len(s) > 250:
        return None
    if may_hold_date_line(s):
        found = split_date_line(s)
        if found is not None:
            iso, rest = found
            if not rest:
                return _Meta(date=iso)
            m = _BYLINE_RE.fullmatch(rest)
            people = _people(m.group("names") if m else rest)
            if people is not None:
                return _Meta(date=iso, authors=people[0], source=people[1])
            return _Meta(date=iso) if _words(rest) <= 4 and not _is_prose(rest) else None
        # "Jane Doe | 18.10.2018" or "Reuters · Oct 18, 2018" (no separator: a single part)
        parts = _PEOPLE_SEP_RE.split(s) if "|" in s or "·" in s or "•" in s else []
        if len(parts) >= 2:
            dates = [split_date_line(p) for p in parts]
            hits = [d[0] for d in dates if d is not None and not d[1]]
            if len(hits) == 1:
                others = " | ".join(p for p, d in zip(parts, dates, strict=True) if d is None)
                people = _people(others) if others.strip() else ([], None)
                if people is not None:
                    return _Meta(date=hits[0], authors=people[0], source=people[1])
    m = _BYLINE_RE.fullmatch(s)
    # "By A By B": the introducer again inside the names is running text, not a byline
    if m and f" {s.split(None, 1)[0]} " not in f" {m.group('names')} ":
        people = _people(m.group("names"))
        if people is not None:
            return _Meta(authors=people[0], source=people[1])
    if ("|" in s or "·" in s) or (u.bullet and "," in s):
        people = _people(s)
        if people is not None:
            return _Meta(authors=people[0], source=people[1])
    return None


def _is_plain(s: str) -> bool:
    """Not a tags, related-links, label, URL or breadcrumb line."""
    return (
        _tags_of(s) is None
        and _related_heading(s) is None
        and _URL_RE.fullmatch(s) is None
        and _LABEL_RE.fullmatch(s) is None
        and _breadcrumb(s) is None
    )


# --- the page --------------------------------------------------------------------------


_UNSET = object()  # a `_Cleaner` cache entry not worked out yet


class _Cleaner:
    def __init__(self, units: list[_Unit], hints: tuple[str, ...]) -> None:
        self.units = units
        self.hints = hints  # the page's `_page_hints`
        self.page = Page()
        self.keep = [True] * len(units)
        self._debris: list[bool | None] = [None] * len(units)
        # the header, the body and the look-ahead of `next_content` ask these of the same
        # units again: each is worked out once per unit (_UNSET: not yet)
        self._metas: list[_Meta | None | object] = [_UNSET] * len(units)
        self._tags: list[list[str] | None | object] = [_UNSET] * len(units)
        self._related: list[str | None | object] = [_UNSET] * len(units)

    def debris(self, i: int) -> bool:
        d = self._debris[i]
        if d is None:
            d = self._debris[i] = _is_debris(self.units[i], self.hints)
        return d

    def meta(self, i: int) -> _Meta | None:
        m = self._metas[i]
        if m is _UNSET:
            m = self._metas[i] = _meta(self.units[i])
        return m  # type: ignore[return-value]

    def tags(self, i: int) -> list[str] | None:
        """`_tags_of` the unit (not to be changed: the list is kept)."""
        t = self._tags[i]
        if t is _UNSET:
            t = self._tags[i] = _tags_of(self.units[i].core)
        return t  # type: ignore[return-value]

    def related(self, i: int) -> str | None:
        """`_related_heading` of the unit."""
        r = self._related[i]
        if r is _UNSET:
            r = self._related[i] = _related_heading(self.units[i].core)
        return r  # type: ignore[return-value]

    def add_meta(self, meta: _Meta) -> None:
        p = self.page
        if meta.date and p.date is None:
            p.date = meta.date
        if meta.authors:
            for a in meta.authors:
                if a not in p.authors:
                    p.authors.append(a)
        if meta.source and p.source is None:
            p.source = meta.source

    def add_tags(self, tags: list[str]) -> None:
        for t in tags:
            if t not in self.page.tags:
                self.page.tags.append(t)

    def label(self, u: _Unit) -> bool:
        """'Source: X', 'Author: Y', 'Section: Z', URL lines. True when consumed."""
        s = u.core
        if len(s) > 300 or ":" not in s:  # (both patterns need a colon: "https?://", "\s*:")
            return False
        m = _URL_RE.fullmatch(s)
        if m:
            if self.page.url is None:
                self.page.url = m.group("url")
            return True
        m = _LABEL_RE.fullmatch(s)
        if not m:
            return False
        label, value = m.group("label").lower(), m.group("value").strip()
        if label.startswith(("sec", "sez", "rub", "res", "cat", "kat")):
            if self.page.section is None:
                self.page.section = _breadcrumb(value) or value
            return True
        people = _people(value)
        if people is None:
            return False
        if label.startswith(("sou", "que", "fue", "fon", "bro")):
            self.add_meta(_Meta(source=value))
        else:
            self.add_meta(_Meta(authors=people[0] or [value], source=None))
        return True

    def next_content(self, i: int, limit: int) -> int:
        """Index of the first unit at or after i that is not debris (limit when none)."""
        while i < limit and (
            self.debris(i)
            or self.tags(i) is not None
            or self.related(i) == "inline"
        ):
            i += 1
        return i

    def header(self) -> int:
        """Read the metadata at the top of the page; return the index of the first body unit."""
        units, keep, page = self.units, self.keep, self.page
        n = len(units)
        limit = min(n, _HEADER_MAX)
        title_at = -1
        meta_blocks: set[int] = set()
        last_meta = False
        i = 0
        while i < limit:
            u = units[i]
            if self.debris(i):
                keep[i] = False
                i += 1
                continue
            meta = self.meta(i)
            if meta is not None:
                self.add_meta(meta)
                meta_blocks.add(u.block)
                keep[i] = False
                last_meta = True
                i += 1
                continue
            if u.bullet and u.block in meta_blocks and u.words <= 5:
                keep[i] = False  # an edition/category label among metadata bullets
                i += 1
                continue
            if u.bullet and title_at >= 0 and self._bullet_meta_block(i):
                meta_blocks.add(u.block)
                continue
            if self.label(u):
                keep[i] = False
                i += 1
                continue
            tags = self.tags(i)
            if tags is not None:
                self.add_tags(tags)
                keep[i] = False
                i += 1
                continue
            if self.related(i) is not None:
                keep[i] = False
                i += 1
                continue
            if title_at < 0:
                crumb = _breadcrumb(u.core)
                if crumb is not None:
                    if page.section is None:
                        page.section = crumb
                    keep[i] = False
                    i += 1
                    continue
            if title_at < 0:
                j = self.next_content(i + 1, n)
                if j >= n:
                    break  # a page of one paragraph: it is body
                k = self.next_content(j + 1, n)
                nxt_meta = j < n and self.meta(j) is not None
                if (
                    not u.bullet
                    and _is_headline(u.core)
                    and u.words <= 5
                    and len(u.core) <= 50
                    and u.core[-1] not in _TERMINAL
                    and _is_headline(units[j].core)
                    and _BYLINE_RE.fullmatch(units[j].core) is None  # "By …" is no title
                    and not nxt_meta
                    and _is_plain(units[j].core)
                    and k < n
                    and self.meta(k) is not None
                ):
                    page.kicker = u.core
                    page.title = units[j].core
                    keep[i] = keep[j] = False
                    for x in range(i + 1, j):
                        keep[x] = False
                    title_at = j
                    last_meta = False
                    i = j + 1
                    continue
                if not u.bullet and (
                    _is_headline(u.core)
                    or (
                        nxt_meta
                        and not _is_prose(u.core)
                        and _HAS_LETTER_RE.search(u.core) is not None
                    )
                ):
                    page.title = u.core
                    keep[i] = False
                    title_at = i
                    last_meta = False
                    i += 1
                    continue
                break  # the page starts with its text
            # the first content after the title: a standfirst, or the body
            if (
                page.standfirst is None
                and not u.bullet
                and _is_prose(u.core)
                and u.words <= 90
            ):
                j = self.next_content(i + 1, n)
                if j < n and self.meta(j) is not None:
                    page.standfirst = u.core  # title, standfirst, byline
                    keep[i] = False
                    last_meta = False
                    i += 1
                    continue
                if (
                    last_meta
                    and i + 1 < n
                    and _is_tool(units[i + 1].core)
                    and self.next_content(i + 2, n) < n
                ):
                    page.standfirst = u.core  # byline, standfirst, page tools
                    keep[i] = False
                    keep[i + 1] = False
                    i += 2
            break
        return i

    def _bullet_meta_block(self, i: int) -> bool:
        """True when the bullets of the block holding unit i include a date or byline."""
        units = self.units
        block = units[i].block
        j = i
        while j < len(units) and units[j].block == block and j < i + 12:
            if units[j].bullet and self.meta(j) is not None:
                return True
            j += 1
        return False

    def body(self, start: int) -> None:
        units, keep = self.units, self.keep
        n = len(units)
        i = start
        while i < n:
            u = units[i]
            s = u.core
            if not keep[i]:
                i += 1
                continue
            if self.debris(i):
                keep[i] = False
                i += 1
                continue
            if len(s) <= 400:
                tags = self.tags(i)
                if tags is not None:
                    self.add_tags(tags)
                    keep[i] = False
                    i += 1
                    continue
                if len(s) <= 40 and _TAGS_HEAD_RE.fullmatch(s):
                    j = i + 1
                    found: list[str] = []
                    while j < n and len(units[j].core) <= 60 and not _is_prose(units[j].core):
                        found.append(units[j].core)
                        j += 1
                    if found and (j == n or self._rest_is_debris(j)):
                        self.add_tags(found)
                        for x in range(i, j):
                            keep[x] = False
                        i = j
                        continue
                kind = self.related(i)
                if kind == "inline":
                    keep[i] = False
                    i += 1
                    continue
                if kind == "heading":
                    keep[i] = False
                    i += 1
                    count = 0
                    while i < n and count < 15 and not _is_prose(units[i].core):
                        keep[i] = False
                        i += 1
                        count += 1
                    continue
            i += 1

    def _rest_is_debris(self, j: int) -> bool:
        return all(
            self.debris(x) or not _is_prose(self.units[x].core) for x in range(j, len(self.units))
        )

    def footer(self, start: int) -> None:
        units, keep = self.units, self.keep
        end = len(units)
        while end > start:
            u = units[end - 1]
            if not keep[end - 1]:
                end -= 1
                continue
            s = u.core
            if (
                len(s) <= 60
                and _SIGNATURE_RE.fullmatch(s)
                and (self.page.title or any(keep[start : end - 1]))
            ):
                keep[end - 1] = False
                end -= 1
                continue
            if end - 1 > start and self.label(u):
                keep[end - 1] = False
                end -= 1
                continue
            run = end
            while run > start and (not keep[run - 1] or self._nav_like(units[run - 1])):
                run -= 1
            if run == end:
                break
            prev = run - 1
            if prev < start or not _is_prose(units[prev].core) or units[prev].core.endswith(":"):
                break
            for x in range(run, end):
                keep[x] = False
            end = run

    @staticmethod
    def _nav_like(u: _Unit) -> bool:
        s = u.core
        if not s or len(s) > 60 or s[-1] in _TERMINAL or s[-1] == ",":
            return False
        if u.bullet:
            return u.words <= 6
        if u.words > 3 or len(s) > 30:
            return False
        return not _DIGIT_RE.search(s)

    def run(self) -> Page:
        start = self.header()
        self.body(start)
        self.footer(start)
        page = self.page
        page.body = "\n\n".join(
            u.text for u, k in zip(self.units, self.keep, strict=True) if k and u.text
        )
        return page


# The characters `_CTRL_RE` removes that are ASCII, as bytes: ASCII text (`str.isascii` is a
# flag test) loses exactly these, deleted by bytes.translate instead of a regex scan.
_CTRL_ASCII = bytes(c for c in range(128) if _CTRL_RE.match(chr(c)))


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        data = text.encode("ascii")
        kept = data.translate(None, _CTRL_ASCII)
        return text if len(kept) == len(data) else kept.decode("ascii")
    return _CTRL_RE.sub("", text)


def clean_page(text: str, *, model: Any = None) -> Page:
    """Separate the article of a raw page from its debris and recover its metadata.

    Hard-wrapped text (newswire copy) and short pages the rules leave as clean prose are
    read by the rules alone; other pages (copied web pages: menus, buttons, lists, footers)
    by the line classifier of `thaw_cli.ingest.pagelines` (`model`: another trained
    `pagelines.Model` than the shipped one, for the benchmarks).
    """
    try:
        if not isinstance(text, str):
            text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        text = _normalise(text)
        units = _units(text)
        hints = _page_hints(text)
        if len(units) <= _RULES_ONLY_UNITS or units[0].wrapped:
            return _Cleaner(units, hints).run()
        if len(units) <= _RULES_MAX_UNITS:
            page = _Cleaner(units, hints).run()
            if page.body and _looks_clean(page.body.split("\n\n")):
                return page
        page = _ModelCleaner(units, hints, model).run()
        if not page.body:  # the classifier found no article text (a table): the rules read it
            return _Cleaner(units, hints).run()
        return page
    except Exception:  # never raise: fall back to the text itself
        try:
            paras = [p.strip() for p in re.split(r"\n\s*\n", _normalise(str(text)))]
            return Page(body="\n\n".join(p for p in paras if p))
        except Exception:
            return Page()


# --- what the line classifier reads (thaw_cli.ingest.pagelines) ---------------------------------

_RULE = {name: 1 << k for k, name in enumerate(
    ("debris", "meta", "related_heading", "related_inline", "tags", "crumb", "label", "date"))}


def _rule_bits(c: _Cleaner, i: int) -> int:
    u = c.units[i]
    s = u.core
    bits = 0
    if c.debris(i):
        bits |= _RULE["debris"]
    if len(s) <= 250:
        if c.meta(i) is not None:
            bits |= _RULE["meta"]
        if may_hold_date_line(s) and split_date_line(s) is not None:
            bits |= _RULE["date"]
        if len(s) <= 150 and _breadcrumb(s) is not None:
            bits |= _RULE["crumb"]
    rel = c.related(i)
    if rel == "heading":
        bits |= _RULE["related_heading"]
    elif rel == "inline":
        bits |= _RULE["related_inline"]
    if c.tags(i) is not None:
        bits |= _RULE["tags"]
    if ":" in s and len(s) <= 300 and (_URL_RE.fullmatch(s) or _LABEL_RE.fullmatch(s)):
        bits |= _RULE["label"]
    return bits


def page_lines(text: str) -> tuple[list[str], list[bool], list[int], list[int]]:
    """The units of a page as the line classifier reads them: their text (without a bullet
    marker), whether each is a bullet, the block (run of non-blank lines) it came from, and
    the cleaner's rule flags (bits, in the order of `thaw_cli.ingest.pagelines.RULE_BITS`)."""
    text = _normalise(text)
    c = _Cleaner(_units(text), _page_hints(text))
    rules = [_rule_bits(c, i) for i in range(len(c.units))]
    return [u.core for u in c.units], [u.bullet for u in c.units], [u.block for u in c.units], rules


def _looks_clean(paragraphs: list[str]) -> bool:
    """Fewer than three short lines without figures that end no sentence (menus, buttons),
    not counting the items of a list that a paragraph ending with a colon announces."""
    short = 0
    announced = False
    for p in paragraphs:
        if announced and _is_bullet(p):
            continue
        announced = p.endswith(":")
        if _words(p) < 6 and not _ends_sentence(p) and not _DIGIT_RE.search(p):
            short += 1  # (a row of figures is a table's, not a menu's)
    return short < 3


class _ModelCleaner(_Cleaner):
    """A copied web page read by the line classifier (thaw_cli.ingest.pagelines): the lines it
    finds to be article text are the body, unless a rule knows them for debris, metadata,
    tags or a related-links heading; the title, date line and byline are the lines its
    role models pick."""

    _DROP = _RULE["debris"] | _RULE["meta"] | _RULE["related_heading"] | _RULE["related_inline"] \
        | _RULE["tags"] | _RULE["date"]

    def __init__(self, units: list[_Unit], hints: tuple[str, ...], model: Any) -> None:
        super().__init__(units, hints)
        self.model = model

    def run(self) -> Page:
        import numpy as np

        # (lazy: the classifier, its model files and numpy are loaded only for a copied web
        # page; newswire and Markdown corpora never need them)
        from thaw_cli.ingest import pagelines
        from thaw_cli.ingest.pagedates import find_dates, numeric_order

        units, page = self.units, self.page
        model = self.model or pagelines.load_model()
        lines = [u.core for u in units]
        rules = [_rule_bits(self, i) for i in range(len(units))]
        base = np.asarray(pagelines.base_features(
            lines, [u.bullet for u in units], [u.block for u in units], rules, model.words),
            dtype=float)
        p1, probs = model.stages(base)
        month_first = numeric_order(lines)
        dates = [find_dates(s, month_first=month_first) if len(s) <= 300 else [] for s in lines]
        names, intro = byline_flags(lines, dates)
        roles = model.roles(pagelines.role_features(
            lines, base, p1 if model.roles_stage == 1 else probs, dates, names, intro))
        keep = [bool(p >= self.KEEP) and not (r & self._DROP) for p, r in zip(probs, rules, strict=True)]
        self._fill(keep, probs, rules)
        # the headline is above the end of the article's text
        end = max((i for i, k in enumerate(keep) if k), default=len(lines) - 1)
        title_at = self._best(roles.get("title"), [
            i <= end and len(s) <= 300 and _HAS_LETTER_RE.search(s) is not None
            for i, s in enumerate(lines)])
        if title_at is not None:
            page.title = lines[title_at]
            keep[title_at] = False
        date_at = self._best(roles.get("date"), [bool(d) for d in dates])
        if date_at is not None:
            page.date = dates[date_at][0][0]
        scores = roles.get("author")
        if scores is not None:
            ranked = sorted((i for i in range(len(lines)) if len(lines[i]) <= 200
                             and scores[i] >= self.AUTHOR_FLOOR), key=lambda i: -scores[i])
            for i in ranked[:3]:
                text = byline_text(lines, i)
                if scores[i] < self.AUTHOR_SURE and _intro(text) is None:
                    continue  # a doubtful line must say "by", "von", "Autor:"...
                shift = len(text) - len(lines[i])
                names = _byline_names(text, [(x, a + shift, b + shift) for x, a, b in dates[i]])
                if names:
                    page.authors = names
                    keep[i] = False
                    break
        for i, r in enumerate(rules):
            if r & _RULE["tags"]:
                tags = self.tags(i)
                if tags:
                    self.add_tags(tags)
            elif r & _RULE["crumb"] and page.section is None and (title_at is None or i < title_at):
                page.section = _breadcrumb(units[i].core)
        page.body = "\n\n".join(u.text for u, k in zip(units, keep, strict=True) if k and u.text)
        return page

    KEEP = 0.6  # a line is article text from this probability on (chosen on dev CV)
    AUTHOR_SURE = 0.5  # ... and from this one also without an introducer ("by", "von"...)
    AUTHOR_FLOOR = 0.1  # a byline is read from the likeliest lines from this probability on
    FILL = 0.2  # a prose line next to the article's text is kept from this probability on
    HEADING = 0.25  # a short line between two kept lines (a subheading) from this one

    def _fill(self, keep: list[bool], probs: Any, rules: list[int]) -> None:
        """The article is mostly one stretch of text: prose lines next to kept lines (and
        between them) that the classifier doubted are kept, and so are short lines between
        two kept lines (its subheadings), unless a rule knows them for debris."""
        units = self.units
        n = len(units)
        changed = True
        while changed:
            changed = False
            for i in range(n):
                if keep[i] or rules[i] & self._DROP:
                    continue
                before = i > 0 and keep[i - 1]
                after = i + 1 < n and keep[i + 1]
                if not (before or after):
                    continue
                s = units[i].core
                if probs[i] >= self.FILL and _is_prose(s):
                    keep[i] = changed = True
                elif before and after and probs[i] >= self.HEADING and units[i].words <= 15:
                    keep[i] = changed = True

    @staticmethod
    def _best(scores: Any, allowed: list[bool]) -> int | None:
        """The allowed line with the highest score (the first of equals)."""
        if scores is None:
            return None
        best, at = float("-inf"), None
        for i, (s, ok) in enumerate(zip(scores, allowed, strict=True)):
            if ok and s > best:
                best, at = float(s), i
        return at


_INTRO_RE = re.compile(
    r"(?:^|(?<=[\s:>|·•-]))(?:(?:written|posted|reported|published|photos?|text|words)\s+by|by|von|par|por|"
    r"di|door|durch|przez|av|af|autor(?:in|innen|en|ka|zy)?|authors?|auteurs?|autore|escribe|"
    r"texte?(?:\s*(?:&|und|and|et|y)\s*(?:fotos?|photos?|bilder?|bild))?|"
    r"(?:eingestellt|erstellt|verfasst|geschrieben|gepostet)\s+von)(?![^\W\d_])\s*:?\s*",
    re.IGNORECASE,
)
# a line that is only an introducer ("Von", "By", "Published By", "Ein Kommentar von",
# "Autor:"): the names are on the next line
_BARE_INTRO_RE = re.compile(
    r"(?:[^\W\d_]+\s+){0,2}?(?:(?:written|posted|reported|published)\s+by|by|von|par|por|di|"
    r"door|durch|przez|autor(?:in|innen|en|ka|zy)?|authors?|auteurs?|autore|escribe|texte?|"
    r"(?:eingestellt|erstellt|verfasst|geschrieben|gepostet)\s+von)\s*:?",
    re.IGNORECASE,
)
# "Powered by WordPress", "Theme by ...", "Photo by ...": no byline
_NOT_BYLINE_BEFORE = frozenset(
    """
    powered designed developed hosted theme themes template built made created sponsored
    supported presented provided photo photos foto image images bild video music inspired
    followed liked translated edited moderated realised realized umgesetzt unterstützt
    präsentiert gefördert mit
    """.split()
)
# lower-case particles that are also introducers: inside a name ("Christoph von Eichhorn")
_PARTICLE_INTROS = frozenset(("von", "di", "door", "av", "af", "par", "por"))
# words that go before an introducer in a byline, not first names ("Kommentar von ...",
# "Publicado por ...", "Veröffentlicht von ...")
_BYLINE_NOUNS = frozenset(
    """
    kommentar beitrag artikel text gastbeitrag gastkommentar analyse essay kolumne bericht
    reportage interview fotos bilder video podcast rezension ein eine article post story
    publicado publicada escrito escrita publié publiée écrit écrite rédigé pubblicato
    pubblicata scritto scritta veröffentlicht eingestellt erstellt verfasst geschrieben
    gepostet geposted publiziert opublikowany napisany posted published
    """.split()
)
_NAME_STOP_RE = re.compile(
    r"\s(?:(?i:am|on|um|at|in|im|for|für|pour|para|per|with|mit)|le|el|il|em|op)(?![^\W\d_])|"
    r"\s*[|·•/(),;:]\s*|\s[-–—]\s|\s+\d|(?<!\w)\d|\s+(?:and|und|et|y|e|i|en|&)\s+(?![A-ZÀ-Þ])|"
    r"\s{3,}|\t",  # (a wide gap: the next field of the line)
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:[|·•/,;]|\s[-–—]\s|\s+(?:and|und|et|y|e|i|en|&)\s+)\s*")
_AND_SPLIT_RE = re.compile(r"\s+(?:and|und|et|y|e|i|en|&)\s+")
_NAME_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]*(?:[-'’.][^\W\d_]*)*\.?")
_TRAILING_FIGURES_RE = re.compile(r"\s+\d.*$")
_USER_NAME_RE = re.compile(r"[^\W\d_][\w.-]{1,24}")  # "jdoe", "freeman1984", "Marianne1"
# words glued to a name by the copy ("Evan HalperStaff Writer", "Inga HoeltmannFollow")
_GLUED_RE = re.compile(
    r"(?<=[a-zß-ÿ])(?=(?:Staff|Writer|Autor|Autorin|Author|Follow|Folgen|Redakteur|Redakteurin|"
    r"Editor|Reporter|Korrespondent|Korrespondentin|Journalist|Journalistin|Contributor|"
    r"Columnist|More|Mehr|Twitter|Email|Mail)(?![a-z]))"
)
_GLUED_INTRO_RE = re.compile(r"(?:By|Von|Par|Por)(?=[A-ZÀ-Þ][^\W\d_]*[.\s])")
_NOT_NAME = frozenset(
    """
    staff redaktion redaktionen editor editors team admin administrator foto fotos photo
    photos bild quelle source update updated veröffentlicht published am um on at uhr min
    minuten read lesezeit posted comments kommentare kommentar share teilen the der die das
    und and mehr more über about artikel article home news cookies cookie wordpress blogger
    login anmelden unknown anonymous anonym gast guest view
    """.split()
)


def bare_intro(s: str) -> bool:
    """A line that is only a byline introducer ("Von", "By", "Ein Kommentar von")."""
    return len(s) <= 40 and _BARE_INTRO_RE.fullmatch(s.strip()) is not None


def byline_text(lines: list[str], i: int) -> str:
    """The byline that line i is: with the introducer on the line before, when that line is
    only one ("Von" / "Max Muster")."""
    if i and bare_intro(lines[i - 1]) and not _INTRO_RE.search(lines[i]):
        return f"{lines[i - 1]} {lines[i]}"
    return lines[i]


def byline_flags(lines: list[str], dates: list[list[tuple[str, int, int]]],
                 ) -> tuple[list[bool], list[bool]]:
    """For each line: whether it reads as a byline with names, and whether it holds a byline
    introducer ("by", "von", "Autor:"... or the line before is only one); what the role
    models of pagelines read."""
    names: list[bool] = []
    intro: list[bool] = []
    for i, (s, d) in enumerate(zip(lines, dates, strict=True)):
        short = len(s) <= 200
        text = byline_text(lines, i) if short else s
        shift = len(text) - len(s)
        has = short and _intro(text) is not None
        intro.append(has)
        names.append(short and len(text.split()) <= 14 and bool(
            _byline_names(text, [(x, a + shift, b + shift) for x, a, b in d])))
    return names, intro


def _intro(s: str) -> re.Match[str] | None:
    """The first byline introducer of `s` that is not a particle inside a name ("Christoph
    von Eichhorn" has none; "Ein Kommentar von Ingo Arzt" has one)."""
    for m in _INTRO_RE.finditer(s):
        word = m.group().strip(" :").lower()
        if m.start():
            if not s[m.end():].strip():
                continue  # "Harald Bauer Autor": a role after the name
            before = s[: m.start()].split()
            if before and before[-1].lower().strip(".,:") in _NOT_BYLINE_BEFORE:
                continue
        if m.start() and word in _PARTICLE_INTROS and m.group()[:1].islower():
            before = s[: m.start()].split()
            after = s[m.end():].split()
            if (
                1 <= len(before) <= 2 and after and len(before) + len(after) <= 4
                and all(_NAME_WORD_RE.fullmatch(t) for t in before + after[:1])
                and before[-1].lower() not in _BYLINE_NOUNS
            ):
                continue
        return m
    return None


def _byline_names(line: str, dates: list[tuple[str, int, int]]) -> list[str]:
    """The people named in a byline ("Von Max Muster | 3. März 2020", "By A, B and C,
    Reuters", "Posted on 3 May 2019 by jdoe"): the names after the first introducer ("by",
    "von", "par", "Autor:"...) up to a date, a time or a separator (and more names after a
    comma or "and"); without one, the parts of the line that look like names (or the whole
    line when it is one or two words)."""
    s = line
    for _, a, b in reversed(dates):
        s = s[:a] + " | " + s[b:]
    s = s.replace("\u00ad", "").replace("\xa0", " ")
    s = _GLUED_RE.sub(" ", s)
    s = _GLUED_INTRO_RE.sub(lambda m: m.group() + " ", s, count=1)
    s = s.strip(" -–—*>|·•")
    if _CREDIT_START_RE.match(s):
        return []  # a picture credit
    m = _intro(s)
    if m:
        rest = s[m.end():]
        m2 = _INTRO_RE.match(rest)
        if m2:  # "Text von ...", "Posted by: ..."
            rest = rest[m2.end():]
        stop = _NAME_STOP_RE.search(rest)
        chunk = rest[: stop.start()] if stop else rest
        names = _names([p for p in _AND_SPLIT_RE.split(chunk) if p.strip()], loose=True)
        # more names after a comma or "and": "By A, B and C", each one written as a name
        for _ in range(8):
            if not (names and stop and stop.group().strip() in (",", "&", "and", "und", ";")):
                break
            rest = rest[stop.end():]
            m2 = _INTRO_RE.match(rest)
            if m2:
                rest = rest[m2.end():]
            stop = _NAME_STOP_RE.search(rest)
            chunk = rest[: stop.start()] if stop else rest
            more = _names([p for p in _AND_SPLIT_RE.split(chunk) if p.strip()], loose=False,
                          after=names)
            if not more:
                break
            names += more
        return names
    # (a name before a time or a count: "Jane Doe 06 PM", "Jane Doe 0" comments)
    parts = [_TRAILING_FIGURES_RE.sub("", p) for p in _NAME_SPLIT_RE.split(s)]
    loose = len(parts) == 1 and len(parts[0].split()) <= 2
    return _names(parts, loose=loose)


def _names(parts: list[str], *, loose: bool, after: list[str] | None = None) -> list[str]:
    """The parts that are people's names (`loose`: lower-case and user names too, as after
    an introducer; `after`: the names read before, not repeated)."""
    names: list[str] = []
    for part in parts:
        part = part.strip(" .:()[]\"'“”„«»")
        toks = part.split()
        while len(toks) > 1 and toks[-1].lower() in _ROLE_WORDS:
            toks.pop()  # "Jane Doe Staff Writer", "Harald Bauer Autor"
        part = " ".join(toks)
        if not 1 <= len(toks) <= 5:
            continue
        real = [t for t in toks if t.lower() not in _PARTICLES]
        if not real or not all(_HAS_LETTER_RE.search(t) for t in real):
            continue
        if all(t.lower().strip(".") in _NOT_NAME or t.lower() in _ROLE_WORDS for t in toks):
            continue
        if not loose and not all(_NAME_WORD_RE.fullmatch(t) for t in real):
            continue
        if not loose and _is_org(part) and len(real) < 2:
            continue
        if len(part) > 60:
            continue
        if any(c.isdigit() for c in part) and not (
                loose and len(toks) == 1 and _USER_NAME_RE.fullmatch(part)):
            continue
        low = {w.lower() for w in _WORD_RE.findall(part)}
        if low & _ORG_WORDS or ((names or after) and len(toks) == 1 and part[:1].isupper()):
            continue  # "Reuters", "The Times": a source, not a person
        name = " ".join(toks)
        name = name.title() if name.isupper() and len(name) > 3 else name
        if name and name not in names and name not in (after or ()):
            names.append(name)
    return names
