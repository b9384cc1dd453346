"""Which names of a sentence are the parties to an agreement it states: the structure
around the trigger, not every name nearby.

The parties of "X said it signed an agreement with Y to acquire Z's unit" are X (the subject
of the verb that governs the trigger, or the speaker of "X said it ..."), Y (after "with",
"between", "among") and Z (the owner of what is acquired); coordinated names ("Canada,
Britain and the U.S. agreed") are all subjects; a passive names them after "by". Never a
party: a name in an appositive ("M-L Ventures, a partnership sponsored by Merrill Lynch"), a
name used as a modifier ("U.S. workers", "Michigan cable systems", "OPEC member
Venezuela"), what is bought or sold when its seller or buyer is named ("its interest in
Canadian Roxy ... to Westcoast"), an agency approving or reviewing an agreement between
others, a place.

Pure text in, names out; `thaw_cli.agreements` and `thaw_cli.transactions` call it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from thaw_cli.analysis.names import is_function_word, is_verb_word

__all__ = ["Group", "NameLike", "PARTY_KINDS", "clause_subject", "coordinated", "find_groups",
           "is_modifier", "structural_parties", "subject_of"]


class NameLike(Protocol):
    text: str
    start: int
    end: int
    kind: str


PARTY_KINDS = ("org", "body", "country", "name", "person", "group")

_CLAUSE_END = re.compile(r";|,\s+(?:but|while|whereas|although|and\s+(?:it|the|he|she|they|its))\b|"
                         r"\s(?:but|while|whereas)\s")
_SAID = re.compile(r"\b(?:said|says|announced|reported|added|stated|disclosed|told\s+[\w.]+(?:\s+[\w.]+)?)"
                   r"\s+(?:on\s+\w+\s+|today\s+|yesterday\s+)?(?:that\s+)?$")
_SAID_IT = re.compile(r"\b(?:said|says|announced|reported|added|stated|disclosed|told\s+\w+)\s+"
                      r"(?:on\s+\w+\s+|today\s+|yesterday\s+|last\s+\w+\s+|earlier\s+)?(?:that\s+)?"
                      r"(?:it|its\s+[\w-]+(?:\s+[\w-]+){0,5}?\s+(?:[Uu]nit|[Ss]ubsidiary|[Dd]ivision|[Aa]ffiliate)|"
                      r"the\s+(?:company|firm|group|bank|corporation|concern)|they|he|she|both)\b")
_SAID_AND = re.compile(r"\s+and\s+(?:its\s+\w+\s+)?(?:the\s+)?<?")
_ANAPHOR = re.compile(r"(?:^|\W)(?:[Ii]t|[Tt]he\s+(?:company|firm|group|bank|concern|corporation))"
                      r"(?:\s+(?:has|had|have|also|now|recently|already|previously|will|would|"
                      r"is|was)){0,2}\s*$")
_APPOSITIVE = re.compile(r"^,\s[^;]{1,120},\s*(?:[\w-]+\s+){0,3}$")
_RELATIVE = re.compile(r"^,?\s*(?:which|who|that)\s+(?:[\w-]+\s+){0,2}$")
_ADJACENT = re.compile(r"^[\s<>\"'\u201d\u2019)\]]*(?:(?:[\w<>.-]+)\s+){0,4}$")
_PREP_BEFORE = re.compile(r"\b(?:with|in|to|from|of|for|by|at|on|into|against|about|under|over|"
                          r"than|through|via|like|including)\s+(?:the\s+|its\s+|a\s+|an\s+)?$")
# between two coordinated names: ", ", " and ", ", and the ", " and President " (a title
# the name grammar split off)
_COORD = re.compile(r"^\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&|or)\s+|,?\s+(?:and|&)\s+)"
                    r"(?:the\s+(?:[a-z]+['\u2019]s\s+)?|its\s+|their\s+)?"
                    r"(?:[A-Z][\w.'-]*\s+){0,4}$")
_MODIFIER_AFTER = re.compile(r"(?:['\u2019]s?)?\s+(?P<w>[a-z][a-z-]+)")
_NOT_MODIFIED = frozenset(
    """government governments authorities officials side delegation delegations administration
    ministry state team negotiators leaders and or said says has have had is was were will would
    to of in on at for with from by as agreed signed reached concluded announced officially
    also which who that last this next earlier later jointly itself say told unit subsidiary
    board boards directors management""".split())
_ASSET_BEFORE = re.compile(
    r"\b(?:pct|percent|per\s+cent|stake|interest|interests|share|shares|holding|holdings|"
    r"unit|units|subsidiary|subsidiaries|division|divisions|operations|assets|business|"
    r"businesses|stock|control|majority|portion|part|some|all)\s+(?:of|in)\s+(?:the\s+)?$")
_APPROVER = re.compile(r"\b(?:approv\w*|authori[sz]\w*|allow\w*|permit\w*|review\w*|clear\w*|"
                       r"subsidi[sz]\w*|assist\w*|investigat\w*|stud(?:y|ies|ied)|block\w*|"
                       r"ruled?|rules|criticiz\w*|criticis\w*|welcom\w*|endors\w*|oppos\w*|"
                       r"monitor\w*|cited?|cites|examin\w*|probe|probing|hail\w*|"
                       r"urg\w*|question\w*|challeng\w*)\b")
_WITH = re.compile(r"\b(?:with|between|among|amongst|involving)\s+(?:the\s+|its\s+|a\s+|an\s+)?"
                   r"(?:(?:[a-z-]+\s+){1,3}of\s+(?:the\s+)?|"
                   # a description before the name: "with partner Mitsubishi Motors", "with
                   # state-owned Hindustan Aeronautics", "with pharmaceutical company X"
                   r"(?:(?!(?:in|on|at|of|for|to|from|by|and|or|but|the|a|an|which|who|that|its|"
                   r"their|his|her|over|under|after|before|about|as|than|into|is|are|was|were|"
                   r"be|been|has|have|had|will|would|said|says)\s)[a-z][\w-]*\s+){1,3})?$")
_TXN = re.compile(
    r"\s+(?:(?:(?:in\s+principle\s+)?to|for\s+(?:[^,;()]|\([^()]{0,40}\)){1,80}?\s+to|under\s+which\s+[^,;]{1,60}?\s+(?:will|would))\s+)"
    r"(?:\w+\s+){0,2}?(?P<v>acquire|buy|purchase|take\s+over|merge|sell|lend|supply|provide|"
    r"market|distribute|license|lease|manufacture|build|develop|deliver|pay|invest|form|"
    r"combine|swap|exchange|issue)\b")


@dataclass
class Group:
    """A group of parties named by a noun phrase: "creditor banks", "Japanese buyers",
    "ICO producer members", "Paris Club creditor governments"."""

    text: str
    start: int
    end: int
    kind: str = "group"
    role: str | None = None
    country: str | None = None
    org: str | None = None


_GROUP_HEADS = (
    "banks|creditors|lenders|members|producers|consumers|exporters|importers|buyers|sellers|"
    "brokers|firms|companies|governments|countries|nations|unions|workers|shareholders|"
    "suppliers|traders|roasters|airlines|carriers|manufacturers|makers|automakers|refiners|"
    "growers|farmers|institutions|investors|underwriters|allies|employers|miners|utilities|"
    "houses|dealers|operators|syndicate|consortium|partners|states|holders")
_GROUP = re.compile(rf"\b(?:{_GROUP_HEADS})\b")
_GROUP_MOD = re.compile(r"[A-Za-z][\w.&'-]*$")
_GROUP_STOP = frozenset(
    """the a an its their his her our your this that these those other others some any all
    several many most both two three four five six seven eight nine ten few more less such
    each every said say says and or but of to in on at for with from by as than also about
    about which who whom whose what are is was were be been being has have had will would
    can could may might must should shall not no nor only just even still new major key big
    large small leading certain various numerous individual respective remaining other's
    among between into over under after before during""".split())


_COUNTED = re.compile(r"(?<![\w$£€.,])\d{1,3}\s+$")
_COUNTED_HEADS = frozenset(("states", "countries", "nations", "governments", "banks", "creditors",
                            "lenders", "unions", "members"))


def find_groups(sentence: str) -> list[Group]:
    """The group noun phrases of a sentence (at most three modifiers before the head; a
    determiner, number or function word ends them; a bare head with no modifier counts only
    after "the"/"its"/"their")."""
    out: list[Group] = []
    for m in _GROUP.finditer(sentence):
        start = m.start()
        mods = 0
        pos = start
        while mods < 3:
            left = sentence[:pos].rstrip()
            if len(left) != pos - 1 or not left:
                break
            wm = _GROUP_MOD.search(left)
            if wm is None:
                break
            w = wm.group(0)
            lw = w.lower()
            if lw in _GROUP_STOP or w[:1].isdigit() or lw.endswith("ly") or lw.endswith("ing") \
                    and w[:1].islower() and lw not in ("lending", "consuming", "producing", "banking") \
                    or w.endswith(("'s", "\u2019s", "'")) or is_function_word(w) \
                    or w[:1].islower() and (is_verb_word(w) or lw in ("told", "said", "asked", "added")):
                break
            pos = wm.start()
            mods += 1
        text = sentence[pos:m.end()]
        if mods == 0:
            nm = _COUNTED.search(sentence, max(0, start - 10), start)
            if nm is not None and m.group(0) in _COUNTED_HEADS:
                # "a settlement reached with 46 states": a counted group
                out.append(Group(sentence[nm.start():m.end()], nm.start(), m.end()))
                continue
            if not re.search(r"\b(?:the|its|their)\s+$", sentence[max(0, start - 7):start]):
                continue
            if m.group(0) in ("states", "members", "partners", "houses"):
                continue
        out.append(Group(text, pos, m.end()))
    return out


def is_modifier(sentence: str, n: NameLike) -> bool:
    """A name used as a modifier of a lower-case noun: "U.S. workers", "Michigan cable
    systems", "OPEC member Venezuela", "Japanese computer microchip makers"."""
    if n.kind not in ("country", "demonym", "name", "body", "place"):
        return False
    m = _MODIFIER_AFTER.match(sentence, n.end)
    if m is None or sentence.startswith(("'", "\u2019"), n.end):
        return False
    w = m.group("w")
    if is_function_word(w) or is_verb_word(w):
        return False  # "lend Ecuador five mln barrels", "Japan and China agree"
    if re.match(r"\s+(?:to|that)\b", sentence[m.end():m.end() + 6]):
        return False  # "Japan and Australia plan to sign"
    return w not in _NOT_MODIFIED and not w.endswith(("ed", "ly")) and not (
        n.kind == "name" and w in ("said", "says"))


Main = str | None | Callable[[], str | None]  # the article's company, or a function giving it


def _main(main: Main) -> str | None:
    return main() if callable(main) else main


# a speaker described, not named: "The diversified maker of health and beauty aids, said it"
# (the article's company)
_DESCRIBED_SPEAKER = re.compile(
    r"^\s*The\s+(?:[a-z][\w-]*\s+){0,4}(?:maker|company|firm|group|producer|manufacturer|"
    r"concern|retailer|supplier|operator|carrier|airline|insurer|utility|developer|"
    r"distributor|publisher|holding\s+company)\b[^A-Z;]{0,60}?,?\s*$")


def subject_of(sentence: str, names: Sequence[NameLike], pos: int, main: Main) -> list[str]:
    """The subject of the verb at `pos`: the speaker of "X said it ...", the name right
    before the verb (appositives and relative pronouns skipped) with the names coordinated
    with it, or "it" / "the company" resolved to `main`."""
    left = sentence[:pos]
    cut = max(left.rfind(";"), left.rfind(" but "), left.rfind(" while "))
    c0 = cut + 1 if cut >= 0 else 0
    head = left[c0:]
    said = None
    for m in _SAID_IT.finditer(head):
        said = m
    if said is not None:
        end = c0 + said.start()
        before = [n for n in names if c0 <= n.start and n.end <= end and n.kind in PARTY_KINDS]
        while len(before) > 1 and _PREP_BEFORE.search(sentence[max(0, before[-1].start - 14):before[-1].start]) \
                and _ADJACENT.match(sentence[before[-2].end:before[-1].start].replace(",", " ")):
            before.pop()  # "<Siebe Plc> of the U.K. said it": Siebe Plc
        also = _SAID_AND.match(sentence, c0 + said.end())
        if also:  # "Nissan said it and <Lancer Boss Group Ltd> have agreed"
            partner = next((n for n in names if n.start >= also.end() and n.start - also.end() <= 2), None)
            if partner is not None and before:
                return [*coordinated(sentence, names, before[-1]), partner.text]
        if before and _ADJACENT.match(sentence[before[-1].end:end]) or before and \
                _APPOSITIVE.match(sentence[before[-1].end:end]):
            return coordinated(sentence, names, before[-1])
        if before:
            # "X, a unit of Y, said it": the name before the appositive
            for n in reversed(before):
                if _APPOSITIVE.match(sentence[n.end:end]) and not _PREP_BEFORE.search(
                        sentence[max(0, n.start - 14):n.start]):
                    return coordinated(sentence, names, n)
        word = said.group(0).split()[-1].lower()
        if word in ("it", "company", "firm", "group", "bank", "corporation", "concern") \
                or "unit" in said.group(0) or "subsidiary" in said.group(0):
            main = _main(main)
            return [main] if main and (re.search(
                r"(?:^|[.\s\"])(?:[Ii]t|[Tt]he\s+(?:company|firm|group|bank|corporation))\s+"
                r"(?:also\s+)?(?:said|says|announced|reported|added|stated|disclosed|told)\b",
                head) or _DESCRIBED_SPEAKER.match(head[:said.start()])) else []
        return []
    if _ANAPHOR.search(head.rstrip(" ,")):
        main = _main(main)
        return [main] if main else []
    for n in reversed([n for n in names if c0 <= n.start and n.end <= pos]):
        between = sentence[n.end:pos]
        if n.kind not in PARTY_KINDS or is_modifier(sentence, n):
            if n.kind in ("place",) or is_modifier(sentence, n):
                continue
            return []
        if _PREP_BEFORE.search(sentence[max(0, n.start - 14):n.start]):
            if between.startswith(","):
                continue  # "..., a unit of X, said"
            return []  # "a filing with the SEC that his group bought": not the subject
        if (_ADJACENT.match(between) and "," not in between) or _APPOSITIVE.match(between) \
                or _RELATIVE.match(between):
            if re.search(r"\b(?:its|their)\s+$", sentence[max(0, n.start - 8):n.start]):
                owner = _main(main)
                return [owner] if owner else []  # "its Electronics Division reached": the owner
            return coordinated(sentence, names, n)
        if len(between) > 130 or re.search(r"\b(?:said|says|but|when|after|because|if)\b", between):
            return []
    return []


# inside a coordination: "(IDB)", "<TOK>", "20 Islamic Banks"
_GAP_NOISE = re.compile(r"\s*[(<\[][\w.&/-]{1,12}[)>\]]|(?<=\s)\d[\d,.]*(?=\s)|[<>]")


def coordinated(sentence: str, names: Sequence[NameLike], n: NameLike) -> list[str]:
    """`n` and the names coordinated with it: "Canada, Britain, France, Japan, the U.S. And
    West Germany", "Japan and China", "X and its partner Y"."""
    idx = next((i for i, x in enumerate(names) if x is n), None)
    if idx is None:
        return [n.text]
    group = [n]
    # leftwards
    i = idx
    while i > 0:
        prev = names[i - 1]
        gap = _GAP_NOISE.sub(" ", sentence[prev.end:names[i].start])
        if prev.kind in PARTY_KINDS and _COORD.match(gap) and not is_modifier(sentence, prev):
            group.insert(0, prev)
            i -= 1
        else:
            break
    # rightwards (only through a list that ends with "and")
    j = idx
    while j + 1 < len(names):
        nxt = names[j + 1]
        gap = _GAP_NOISE.sub(" ", sentence[names[j].end:nxt.start])
        if nxt.kind in PARTY_KINDS and _COORD.match(gap) and not is_modifier(sentence, nxt):
            group.append(nxt)
            j += 1
        else:
            break
    if len(group) > 1 and not re.search(r"\s(?:and|And|&)\s", sentence[group[0].start:group[-1].end]):
        return [n.text]  # "X, Y" without "and": an appositive, not a list
    return [g.text for g in group]


_GAP_MODIFIER = re.compile(r"[A-Z][\w.]*-(?:based|owned|controlled|run|backed|listed|led)\s+$")


def _after(sentence: str, names: Sequence[NameLike], pos: int, limit: int,
           preps: re.Pattern[str]) -> list[str]:
    """The names right after one of `preps` in [pos, limit), each with its coordination."""
    out: list[str] = []
    for n in names:
        if not (pos <= n.start < limit) or n.kind not in PARTY_KINDS or is_modifier(sentence, n):
            continue
        gap = sentence[max(pos, n.start - 45):n.start].rstrip("<\"'\u201c(")
        if "-" in gap:  # "with Paris-based Alsthom": the modifier is no word between
            gap = _GAP_MODIFIER.sub("", gap)
        if preps.search(gap) and not re.search(r"\band\s+(?:the\s+|its\s+|a\s+)?$", gap):
            for t in coordinated(sentence, names, n):
                if t not in out:
                    out.append(t)
            break
    return out


def _clause_end(sentence: str, pos: int) -> int:
    m = _CLAUSE_END.search(sentence, pos)
    return m.start() if m else len(sentence)


_GOVERNING = re.compile(
    r"\b(?:sign\w*|reach\w*|conclud\w*|enter\w*\s+into|ha(?:s|ve|d)|struck|clinch\w*|"
    r"approv\w*|finali[sz]\w*|agree\w*|negotiat\w*|announc\w*|won|win|wins|awarded|"
    r"complet\w*|renew\w*|extend\w*|terminat\w*|cancel\w*|form\w*|set\s+up|establish\w*|"
    r"accept\w*|execut\w*|arrang\w*|obtain\w*|receiv\w*|got|secured?|made|make|"
    r"initial\w*|ratif\w*|launch\w*|propos\w*|seek\w*|sought|discuss\w*|is|are|was|were|"
    r"authori[sz]\w*|allow\w*|permit\w*|review\w*|subsidi[sz]\w*|assist\w*|investigat\w*|"
    r"stud(?:y|ies|ied)|block\w*|criticiz\w*|criticis\w*|welcom\w*|endors\w*|oppos\w*|"
    r"hail\w*|challeng\w*|examin\w*)\b")


def structural_parties(sentence: str, names: Sequence[NameLike], start: int, end: int,
                       main: Main, *, verb: bool = False) -> list[str]:
    """The parties of the trigger at [start, end): the subject of the verb that governs it
    (or of the trigger verb), the names after "with"/"between", the counterparty of a
    transaction in its complement ("agreement to acquire X's unit", "agreed to sell ... to
    Y", "agreed to lend Ecuador"), the names after "by" in a passive."""
    names = [n for n in names if n.kind in PARTY_KINDS or n.kind in ("demonym", "place")]
    limit = _clause_end(sentence, end)
    out: list[str] = []

    def add(texts: list[str]) -> None:
        for t in texts:
            if t and t not in out:
                out.append(t)

    # the verb governing a noun trigger: the subject of the clause
    left = sentence[:start]
    verbs = list(_GOVERNING.finditer(left, max(0, start - 90)))
    governed = verbs[-1] if verbs else None  # the verb nearest the trigger
    if governed is not None and re.search(r"[,;]", left[governed.end():]):
        governed = None
    approver = False
    if verb or governed:
        vpos = start if verb else governed.start()
        approver = _APPROVER.match(sentence, vpos) is not None
        subj = subject_of(sentence, names, vpos, main)
        if not subj and _PARTICIPLE.search(sentence[max(0, vpos - 12):vpos + 12]):
            subj = _sentence_subject(sentence, names, vpos)  # "GM ... before signing its"
        if not subj and not approver:
            subj = _sentence_subject(sentence, names, vpos)
        if not approver:
            add(subj)
        # "X is to supply Y with planes in a deal worth ...": the counterparty of the verb
        tvs = list(_TXN_VERB.finditer(sentence, vpos, start))
        tv = tvs[-1] if tvs else None
        if tv is not None and not approver:
            add(_complement(sentence, names, tv.end(), start, tv.group("v")))
    else:
        # "X's agreement with Y", "the U.S.-Japan pact": owners right before the trigger
        own = re.search(r"([A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*)['\u2019]s\s+(?:[\w-]+\s+){0,4}$",
                        left[-80:])
        if own:
            base = start - len(left[-80:]) + own.start(1)
            for n in names:
                if n.start == base and n.kind in PARTY_KINDS:
                    add([n.text])
        if not out and re.search(r"\bunder\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,4}$", left[-60:]):
            add(_sentence_subject(sentence, names, start))  # "X bought rice under an agreement"
    # "talks between A and B over new contracts"
    tb = _TALKS_BETWEEN.search(left[-160:])
    if tb:
        add(_after(sentence, names, start - len(left[-160:]) + tb.start(), start, _WITH))
    # "the agreement Lenovo signed with IBM": the subject of a relative clause after the noun
    if not verb:
        rel = _REL_SUBJECT.match(sentence, end)
        if rel:
            n = _first(sentence, names, end, end + rel.end() - end)
            if n is not None:
                add(coordinated(sentence, names, n))
    # "with Y", "between A and B"
    with_after = _after(sentence, names, end, limit, _WITH)
    add(with_after)
    vb = re.match(r"\s+(?:to\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:buyout|takeover|merger|"
                  r"acquisition|offer|bid|deal|purchase)\s+(?=by\s|from\s|with\s)", sentence[end:end + 80]) if verb else None
    if vb:  # "MCI agreed to a buyout by Verizon"
        add(_after(sentence, names, end + vb.end(), min(limit, end + vb.end() + 40),
                   re.compile(r"\b(?:by|from|with)\s+(?:the\s+)?$")))
    if not verb and re.match(r"\s+by\s", sentence[end:end + 5]):
        add(_after(sentence, names, end, min(limit, end + 60), re.compile(r"\bby\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$")))
    # a transaction in the complement
    tm = _TXN.match(sentence, end)
    if tm:
        agent = re.match(r"\s+for\s+", sentence[end:tm.end("v")])
        if agent:  # "an agreement for X to sell ...": X is a party
            n = _first(sentence, names, end, tm.end("v"))
            if n is not None:
                add([n.text])
        add(_complement(sentence, names, tm.end("v"), limit, tm.group("v")))
    # "the merger of X with Y", "the acquisition of X": what the trigger is of
    om = _OF_NAME.match(sentence, end) if not verb and re.match(
        r"(?:merger|combination|amalgamation|acquisition|purchase|takeover|buyout)s?$",
        sentence[start:end], re.I) else None
    if om:
        n = _first(sentence, names, end, min(limit, end + 12 + len(om.group(0))))
        if n is not None:
            with_names = [t for t in out if t in with_after]
            head = [t for t in out if t not in with_after]
            for t in coordinated(sentence, names, n):
                if t not in head and t not in with_names:
                    head.append(t)
            out[:] = head + with_names  # "the merger of X with Y": X before Y
    if not verb and re.match(r"(?:merger|combination|amalgamation)$", sentence[start:end], re.I):
        im = re.match(r"\s+into\s+(?:the\s+)?", sentence[end:end + 12])
        n = _first(sentence, names, end, min(limit, end + 40)) if im else None
        if n is not None and n.start == end + im.end() and n.text not in out:
            out.append(n.text)  # "its proposed merger into Security Pacific Corp"
    if len(out) == 1 and not verb and not approver:
        # "... including a gain from the settlement of a dispute with the IRS": the clause's
        # speaker or subject is the other side
        found = subject_of(sentence, names, start, main) if _SAID_IT.search(left) else \
            _sentence_subject(sentence, names, start)
        for t in found:
            if t not in out:
                out.insert(0, t)
    # a passive: "signed by A and B", "awarded by Y"
    if re.match(r",?\s+(?:that\s+|which\s+)?(?:was|were|has\s+been|had\s+been|have\s+been|is|are)\s+"
                r"(?:\w+\s+)?(?:signed|reached|concluded|awarded|approved|agreed)\s+by\b", sentence[end:end + 70]):
        add(_after(sentence, names, end, limit, re.compile(r"\bby\s+(?:the\s+)?$")))
    return out


_PARTICIPLE = re.compile(r"\b(?:before|after|while|by|when|since|in)\s+\w+ing\b")
_TALKS_BETWEEN = re.compile(r"\b(?:talks|negotiations|discussions|bargaining|meetings?|dispute)\s+"
                            r"(?:between|with)\s+[^;]{1,100}?\s+(?:on|over|about|for|to\s+\w+)\s+"
                            r"(?:[\w$.,-]+\s+){0,5}$")
_SUBJECT_VERB = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?(?:,[^,;]{1,100},\s*)?(?:[\w-]+ly\s+)?(?:has|have|had|is|are|was|were|will|"
    r"would|shall|can|could|may|might|must|said|says|agreed|signed|\w+ed|\w+s)\b")


def _sentence_subject(sentence: str, names: Sequence[NameLike], pos: int) -> list[str]:
    """The grammatical subject of the clause holding `pos`: its first name, when only a
    few words come before it and a verb follows ("The Islamic Development Bank (IDB) and
    20 Islamic Banks signed ...", "Zaire has been authorized ...")."""
    left = sentence[:pos]
    cut = max(left.rfind(";"), left.rfind(" but "), left.rfind(" while "))
    c0 = cut + 1 if cut >= 0 else 0
    for n in names:
        if n.start < c0 or n.start >= pos:
            continue
        if n.kind not in PARTY_KINDS or is_modifier(sentence, n):
            return []
        lead = sentence[c0:n.start]
        if len(lead.split()) > 4 or _PREP_BEFORE.search(lead):
            return []
        group = coordinated(sentence, names, n)
        last = next((x for x in names if x.text == group[-1] and x.start >= n.start), n)
        if _SUBJECT_VERB.match(sentence, last.end):
            return group
        return []
    return []


_REL_SUBJECT = re.compile(r"\s+(?:that\s+|which\s+)?(?:the\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,4}"
                          r"\s+(?:has\s+|had\s+|have\s+)?(?:signed|reached|struck|agreed|concluded|"
                          r"negotiated|announced)\b")
_TXN_VERB = re.compile(r"\b(?:to|will|would|agreed\s+to)\s+(?P<v>supply|sell|buy|acquire|purchase|lend|provide|"
                       r"deliver|build|merge)\b")
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?(?:troubled\s+|failed\s+|ailing\s+)?")


def clause_subject(sentence: str, names: Sequence[NameLike], pos: int, main: Main) -> list[str]:
    """The subject of the verb that governs a noun at `pos` ("Ruritania has signed a loan
    with ..."), else the clause's subject."""
    verbs = list(_GOVERNING.finditer(sentence[:pos], max(0, pos - 90)))
    if verbs and not re.search(r"[,;]", sentence[verbs[-1].end():pos]):
        if _APPROVER.match(sentence, verbs[-1].start()):
            return []
        found = subject_of(sentence, names, verbs[-1].start(), main)
        if found:
            return found
    return _sentence_subject(sentence, names, pos)


def _complement(sentence: str, names: Sequence[NameLike], pos: int, limit: int, verb: str) -> list[str]:
    """The counterparty named in the complement of a transaction verb at `pos`."""
    v = verb.split()[0]
    if v in ("sell", "supply", "provide", "market", "distribute", "license", "lease",
             "deliver", "pay", "issue", "build", "manufacture", "develop"):
        to = _after(sentence, names, pos, limit, re.compile(r"\b(?:to|for)\s+(?:the\s+)?$"))
        if to:
            return to
        if v in ("supply", "provide", "deliver", "pay"):
            # "to supply X with", "pay Y"
            n = _first(sentence, names, pos, limit)
            return [n.text] if n is not None and re.match(r"^\s*(?:the\s+)?$", sentence[pos:n.start]) else []
        return []
    if v == "lend":
        n = _first(sentence, names, pos, limit)
        return [n.text] if n is not None and len(sentence[pos:n.start]) <= 6 else \
            _after(sentence, names, pos, limit, re.compile(r"\bto\s+(?:the\s+)?$"))
    if v in ("merge", "combine", "form", "swap", "exchange", "invest"):
        return _after(sentence, names, pos, limit, re.compile(r"\b(?:with|into|in)\s+(?:the\s+)?$"))
    # acquire / buy / purchase / take over: the seller, else the owner, else the target
    frm = _after(sentence, names, pos, limit, re.compile(r"\bfrom\s+(?:the\s+|its\s+)?$"))
    if frm:
        return frm
    n = _first(sentence, names, pos, limit)
    if n is None:
        return []
    if sentence.startswith(("'s", "\u2019s", "'", "\u2019"), n.end):
        return [n.text]  # "Nabisco Brands Ltd's Club ... businesses": the owner
    if len(sentence[pos:n.start]) <= 80:
        return [n.text]
    return []


def _first(sentence: str, names: Sequence[NameLike], pos: int, limit: int) -> NameLike | None:
    for n in names:
        if pos <= n.start < limit and n.kind in PARTY_KINDS and not is_modifier(sentence, n):
            return n
    return None
