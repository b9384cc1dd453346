"""Agreement extraction: structured, deduplicated, dated agreements with their evidence.

Rules only (see ../shared/docs/agreements.md for what counts and for the fields):

1. a cheap cue-word prefilter drops most articles and sentences before any other work;
2. each remaining sentence is scanned for *triggers*: agreement nouns ("memorandum of
   understanding", "supply contract", "currency swap arrangement", "Dialogue", ...) and
   agreement verbs ("agreed to acquire", "agreed with", "signed"), after masking what
   never is one (repurchase agreements, futures contracts, "under GATT", "a great deal");
3. filters drop opinion-sense "agree" ("analysts agreed that"), vague sets ("various
   agreements"), speculation, failures to agree and one party's own decisions;
4. each trigger gets a kind, a subject phrase, a status (the nearest modality / negation
   cue), a date (`thaw_cli.analysis.timeexpr`) and parties (named organisations, countries and
   people of the sentence, with titles stripped into `roles`, "the two countries" /
   "the company" resolved from the article);
5. triggers of one article are merged into one record per agreement: anaphora ("the
   agreement", "the dialogue") attach to the agreement they refer back to, and records
   with compatible kinds, the same status, compatible parties and shared distinctive
   words are joined.

`merge_across` groups the same agreement over several articles; `party_matches` is the
party filter of the CLI.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from thaw_cli.analysis.agreement_filters import noun_rejected
from thaw_cli.analysis.agreement_kinds import refine_other_kind
from thaw_cli.analysis.gazetteer import (
    COUNTRIES,
    PERSON_TITLES,
    canonical_body,
    canonical_country,
    country_names,
    is_org_suffix,
)
from thaw_cli.analysis.names import blank_dateline, display_name, find_names
from thaw_cli.analysis.parties import find_groups, is_modifier, structural_parties
from thaw_cli.analysis.sentences import split_sentences
from thaw_cli.analysis.timeexpr import (
    DateMatch,
    find_dates,
    has_year_number,
    lower_exact,
    only_years_resolve,
)
from thaw_cli.analysis.transactions import find_transactions, transaction_words, txn_cue
from thaw_cli.core import rxfactor
from thaw_cli.core.dates import sort_key
from thaw_cli.core.models import Agreement, AgreementGroup, Mention

__all__ = ["extract_agreements", "merge_across", "party_matches"]

# ----------------------------------------------------------------------------- cues

# Article / sentence prefilter: nothing below runs for a sentence without one of these.
_CUE = re.compile(
    r"agree|accord\b|accords\b|pact|treat(?:y|ies)|\bdeals?\b|contract|memorand|\bMoUs?\b|"
    r"letter of intent|signed|dialogue|dialog\b|cooperat|co-operat|arrangement|\bswap|"
    r"standard|channel|settlement|merger|joint venture|understanding|credit line|"
    r"facility|accept",
    re.I,
)

# Spans that look like triggers but never are: masked before trigger search.
_MASK = re.compile(
    r"\b(?:(?:sale|sales|matched)[-\s]+(?:and[-\s]+)?(?:re)?purchase\s+agreements?|"
    r"(?:customer\s+|system\s+|overnight\s+|term\s+)?repurchase\s+(?:agreements?|pacts?|accords?|deals?)|"
    r"(?:futures|options?|forward|nearby|spot|delivery|benchmark|lead|active|most\s+active)"
    r"\s+contracts?|contracts?\s+(?:month|high|low|traded|rose|fell|settled|lows?|highs?)|"
    r"(?:a\s+)?(?:great|good)\s+deal|(?:better|fairer|fair|raw|square|worse|best|bad)\s+deal|"
    r"in\s+accord(?:ance)?\s+with|of\s+(?:its|their)\s+own\s+accord|"
    r"General\s+Agreement\s+on\s+Tariffs\s+and\s+Trade|GATT|North\s+American\s+Free\s+Trade\s+"
    r"Agreement|NAFTA|Standard\s+(?:and|&)\s+Poor'?s|Standard\s+Oil|standard\s+(?:deviation|"
    r"time|practice|procedure)|(?:living|gold|accounting|safety|emission|environmental)\s+"
    r"standards?|standard\s+of\s+living|debt[-\s]for[-\s]equity\s+swaps?|debt[-\s]equity\s+swaps?|"
    r"interest\s+rate\s+swaps?|swap\s+(?:rates?|spreads?|market)|"
    r"(?:distribution|sales|marketing|TV|television)\s+channels?|"
    r"contract\s+(?:drilling|research|manufacturer|driller|prices?)|out\s+of\s+contract|"
    r"(?:the\s+)?(?:Uruguay|Tokyo|Kennedy)\s+Round)",
    re.I,
)

_NOUN_TRIGGER = re.compile(
    r"\b(?P<noun>memorand(?:um|a)\s+of\s+understanding|memorand(?:um|a)|MoUs?|"
    r"letters?\s+of\s+intent|treat(?:y|ies)|accords?|pacts?|agreements?|contracts?|"
    r"deals?|mergers?|joint[-\s]ventures?|settlements?|understanding|"
    r"dialogues?|dialogs?|cooperation|co-operation|collaboration|partnership|"
    r"arrangements?|swap\s+(?:arrangements?|agreements?|lines?|deals?|facilit(?:y|ies))|"
    r"credit\s+lines?|lines?\s+of\s+credit|(?:credit|loan|standby|stand-by|"
    r"revolving|contingency|oil-contingency|oil-contigency)\s+facilit(?:y|ies)|"
    r"facilit(?:y|ies)|standards?|communication\s+channels?|channels?\s+of\s+communication|"
    r"hotlines?|channels?|forums?)\b",
    re.I,
)

_AGREE_VERB = re.compile(r"\b(?P<verb>agree(?:d|s|ing)?|signed|accepted|approved)\b", re.I)


def _lowered(rx: re.Pattern[str], *, few_first_letters: bool = False) -> re.Pattern[str]:
    """The case-insensitive ``rx`` as a case-sensitive pattern for lower-cased text.

    Python's ``re`` scans much faster without ``re.I`` (it can skip ahead to a possible
    first character), so the gates and the trigger search run on ``text.lower()``.
    Only valid for patterns whose escapes are all lower case (``\\b``, ``\\s``, ...).
    `few_first_letters`: see `_factored`.
    """
    assert rx.flags & re.I and not re.search(r"\\[A-Z]", rx.pattern), rx.pattern
    return _factored(rx.pattern.lower().replace("(?p<", "(?P<"), few_first_letters=few_first_letters)


_WRAPPED = re.compile(r"(\\b\((?:\?:|\?P<\w+>))(.*)(\)(?:\\b)?)", re.S)


def _factored(pattern: str, *, few_first_letters: bool = False) -> re.Pattern[str]:
    """`pattern`, a `\\b(?:...)` or `\\b(?P<name>...)\\b` alternation, with its alternatives
    grouped by first letter (`rxfactor`: the same matches, found faster).

    `few_first_letters`: the leading `\\b` is also moved after each first letter `x`, as
    `x(?<!\\wx)` (the same test: a letter starts a word when no word character precedes
    it), so `re` skips ahead to those letters instead of trying every word start. Faster
    only when the first letters are few and rare (the "agree"/"signed" verbs), slower
    when they are many (the trigger nouns).
    """
    m = _WRAPPED.fullmatch(pattern)
    if m and rxfactor.closing_paren(pattern, 2) == m.start(3):
        try:
            body = rxfactor.factored(m.group(2))
            head = m.group(1)
            if few_first_letters:
                groups = rxfactor.alternatives(body[len("(?:"):-1])
                if not all(g[:1].isalpha() and g[1:2] not in "?*+{" for g in groups):
                    raise ValueError(pattern)
                body = "(?:" + "|".join(rf"{g[0]}(?<!\w{g[0]}){g[1:]}" for g in groups) + ")"
                head = head.removeprefix(r"\b")
            return re.compile(head + body + m.group(3))
        except ValueError:
            pass
    return re.compile(pattern)


# Patterns for lower-cased text.  Each branch of the cue pattern starts with a literal
# (a word boundary is checked just after the first letter) so the scan skips ahead.
_CUE_LOW = re.compile(rxfactor.factored(
    r"agree|accord\b|accords\b|pact|treat(?:y|ies)|d(?<!\wd)eals?\b|contract|memorand|"
    r"m(?<!\wm)ous?\b|letter of intent|signed|dialogue|dialog\b|cooperat|co-operat|"
    r"arrangement|s(?<!\ws)wap|standard|channel|settlement|merger|joint venture|"
    r"understanding|credit line|facility|accept"
))


# `_CUE_LOW.search(low) is not None`, answered faster (`_has_cue`). `re` tries a match at
# every character that may start one, and the cue words start with common letters (a, c,
# d, s, t, ...). Here each word is found from a rarer letter of it, its anchor, the letters
# before the anchor checked by a look-behind: far fewer characters start a try. Only the
# yes/no answer is the same (the match starts at the anchor). "treaties" has no rare
# letter: it is a plain substring test.
_CUE_WORDS: tuple[tuple[str, str, bool, str], ...] = (
    # (word, anchor letter, starts a word (the `x(?<!\wx)` of `_CUE_LOW`), pattern after it)
    ("agree", "g", False, ""), ("accord", "c", False, r"s?\b"), ("pact", "c", False, ""),
    ("treaty", "y", False, ""), ("deal", "d", True, r"s?\b"), ("contract", "c", False, ""),
    ("memorand", "m", False, ""), ("mou", "m", True, r"s?\b"), ("letter of intent", "f", False, ""),
    ("signed", "g", False, ""), ("dialog", "g", False, r"(?:ue|\b)"), ("cooperat", "c", False, ""),
    ("co-operat", "c", False, ""), ("arrangement", "g", False, ""), ("swap", "w", True, ""),
    ("standard", "d", False, ""), ("channel", "c", False, ""), ("settlement", "m", False, ""),
    ("merger", "g", False, ""), ("joint venture", "j", False, ""), ("understanding", "g", False, ""),
    ("credit line", "c", False, ""), ("facility", "y", False, ""), ("accept", "c", False, ""),
)


def _anchored(words: tuple[tuple[str, str, bool, str], ...]) -> re.Pattern[str]:
    """One pattern finding each of `words` from its anchor letter (see `_CUE_WORDS`)."""
    by_anchor: dict[str, list[str]] = {}
    for word, anchor, word_start, after in words:
        head = word[:word.index(anchor) + 1]  # the letters up to the anchor, read backwards
        piece = f"(?<={re.escape(head)})" if len(head) > 1 else ""
        if word_start:
            piece += rf"(?<!\w{re.escape(head)})"
        by_anchor.setdefault(anchor, []).append(piece + re.escape(word[len(head):]) + after)
    return re.compile("|".join(f"{a}(?:{'|'.join(p)})" for a, p in by_anchor.items()))


_CUE_ANCHORED = _anchored(_CUE_WORDS)


def _has_cue(low: str) -> bool:
    """`_CUE_LOW.search(low) is not None` (tests/test_agreements_gates.py checks it)."""
    return _CUE_ANCHORED.search(low) is not None or "treaties" in low
_MASK_LOW = _lowered(_MASK)
# Every match of _MASK contains one of these words (lower case) and no ".": its pattern
# holds only letters, white space, "-", "&" and "'" (tests/test_agreements.py checks both).
_MASK_ANCHORS = ("contract", "standard", "deal", "accord", "purchase", "swap", "channel",
                 "gatt", "nafta", "tariffs", "american", "uruguay", "tokyo", "kennedy")
_NOUN_TRIGGER_LOW = _lowered(_NOUN_TRIGGER)
_AGREE_VERB_LOW = _lowered(_AGREE_VERB, few_first_letters=True)

# Cue lists for status, matched in a window around a trigger.
_ENDED = re.compile(
    r"\b(?:terminat\w*|cancel+(?:ed|led|s|ing|ation)?|rescind\w*|revoked?|revoking|abrogat\w*|"
    r"scrap(?:ped|s|ping)?|reject(?:ed|s|ing)?|suspend(?:ed|s|ing)?|suspension\s+of|"
    r"expired|lapsed|collaps(?:ed|es|e)|called\s+off|broke\s+down|broken\s+off|"
    r"withdr(?:ew|awn|awing)\s+from|pull(?:ed|s|ing)?\s+out\s+of|end(?:ed|s)?\s+(?:the|its|their)|"
    r"repudiat\w*|annull?ed|void(?:ed)?|walked\s+away|tore\s+up|quit|"
    r"failure\s+(?:of\s+(?:[\w.,-]+\s+){1,6}?)?to\s+(?:reach|agree|conclude))\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:will|would|shall|expected|expects?|expecting|plans?|planned|planning|intends?|"
    r"keen\s+to|eager\s+to|ready\s+to|willing\s+to|trying\s+to|try\s+to|attempt\s+to|"
    r"intended|intending|aims?|aiming|hopes?|hoping|seeks?|seeking|sought|to\s+be|"
    r"scheduled|proposed?|proposing|proposal|negotiat\w*|talks?\s+(?:on|about|over)|"
    r"discuss\w*|consider\w*|envisag\w*|could|may|might|draft|prepar\w*|"
    r"arranging|wants?\s+to|wanted\s+to|likely|possible|potential|prospective|"
    r"decided\s+to\s+renew|renew(?:al)?|awaiting|pending|if|launch|"
    # ("to" not after "started " or "began ": the look-behinds follow the "to" they test,
    # so the alternative starts with a letter and rxfactor can group the lower-case twin)
    r"to(?<!started\sto)(?<!began\sto)\s+(?:sign|conclude|"
    r"reach|launch|establish|set\s+up)|is\s+to|are\s+to|due\s+to|set\s+to|pursue|pursuing|"
    r"near(?:ing)?|close\s+to|letter\s+of\s+intent|agreement\s+in\s+principle|"
    r"upcoming|envisioned|not\s+(?:yet\s+)?(?:been\s+)?finali[sz]ed|subject\s+to)\b",
    re.I,
)
_CONCLUDED = re.compile(
    r"\b(?:signed|agreed|reached|concluded|approved|established|set\s+up|struck|clinched|"
    r"finali[sz]ed|ratified|completed|accepted|entered\s+into|existing|current|in\s+force|"
    r"took\s+effect|came\s+into|announced|won|awarded|has\s+been|have\s+been|was|were|"
    r"under|renewed|extended|started\s+to\s+sign|began\s+signing)\b",
    re.I,
)
# A clause without an agreement: "failed to agree", "no agreement was reached".
_NEGATED = re.compile(
    r"\b(?:fail(?:ed|s|ing)?\s+to\s+(?:agree|reach|conclude|sign|strike)|"
    r"(?:could|can|did|do|does|would|will)\s*(?:not|n't)\s+(?:agree|reach|sign|conclude)|"
    r"no\s+(?:agreement|accord|deal|pact)\s+(?:was|has|had|could|will|is)|"
    r"without\s+(?:an?\s+)?(?:agreement|accord|deal|reaching)|"
    r"unable\s+to\s+(?:agree|reach)|not\s+(?:an?\s+)?(?:agreement|deal)|"
    r"(?:denied|denies|deny)\s+(?:any|that|reports?)|disagree\w*)",
    re.I,
)
_SPECULATION = re.compile(
    r"\b(?:speculat\w*|it\s+is\s+(?:not\s+)?(?:unclear|known|not\s+known)|"
    r"it\s+remains\s+to\s+be\s+seen|unclear\s+(?:which|whether|what|if)|"
    r"(?:which|what)\s+(?:agreements|deals|contracts|accords)|rumou?r\w*)\b",
    re.I,
)
_ENDED_LOW = _lowered(_ENDED)
_PLANNED_LOW = _lowered(_PLANNED)
_CONCLUDED_LOW = _lowered(_CONCLUDED)
_NEGATED_LOW = _lowered(_NEGATED, few_first_letters=True)
_SPECULATION_LOW = _lowered(_SPECULATION, few_first_letters=True)
_STATUS_CUES = (
    (_ENDED, _ENDED_LOW, "ended"),
    (_PLANNED, _PLANNED_LOW, "planned"),
    (_CONCLUDED, _CONCLUDED_LOW, "concluded"),
)
_VAGUE_BEFORE = re.compile(
    r"\b(?:various|several|many|numerous|a\s+number\s+of|a\s+dozen|dozens\s+of|"
    r"a\s+series\s+of|a\s+host\s+of|a\s+raft\s+of|other|further|more|most|some|any|"
    r"all|no|such|which|what|these|those|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d+)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_OPINION_SUBJ = re.compile(
    r"\b(?:analysts?|economists?|experts?|observers?|dealers?|traders?|bankers?|"
    r"critics?|most|many|everyone|everybody|people|we|I|you|sources?|strategists?|"
    r"commentators?|investors?|brokers?)\b",
    re.I,
)
_OPINION_OBJ = re.compile(
    r"\bagree(?:d|s)?\s+(?:in\s+principle\s+)?(?:with\s+(?:(?:the|this|that|his|her|their|its|our|a|an|those|"
    r"these|most|many)\s+(?:[\w'\u2019]+\s+){0,2}(?:view|views|assessment|analysis|forecast|"
    r"estimate|comments?|statement|position|opinion|conclusion|prediction|criticism|"
    r"argument|plans?|proposals?|idea|ideas|approach|decision|findings|report|policy|"
    r"policies|remarks|verdict|ruling|stance|claims?|call|sentiments?|thoughts|concerns?|points?|"
    r"observations?|words|diagnosis)|him|her|them|us|me|it|analysts?|"
    r"economists?|everything|all\s+(?:of\s+)?(?:that|this|these|those|his|her|their)|much\s+of|"
    r"most\s+of|none\s+of|some\s+of)\b|that|wholeheartedly|"
    r"entirely|completely|strongly)",
    re.I,
)
_PARTY_PLURAL = re.compile(
    r"\b(?:ministers|members|countries|nations|states|governments|sides|parties|banks|"
    r"creditors|lenders|producers|exporters|importers|unions|companies|firms|leaders|"
    r"partners|both|all|delegates|negotiators|allies|neighbou?rs|associations|"
    r"representatives|shareholders\s+and|managements|sellers\s+and|buyers\s+and)\b",
    re.I,
)
_TRANSACTION = re.compile(
    r"\b(?:acquire|acquisition|buy|purchase|merge|merger|sell|sale|lend|loan|borrow|supply|"
    r"provide|deliver|issue|take\s+over|takeover|swap|exchange|license|licence|lease|"
    r"distribute|market|develop|build|produce|manufacture|invest|finance|pay|settle|form|"
    r"combine|cooperate|co-operate|jointly|joint|share|extend|renew|reschedule|restructure|"
    r"refinance|prolong|limit|cut|reduce|freeze|raise|stabili[sz]e|set|fix|establish|"
    r"launch|resume|reinstat\w*|promote|allow|open|hold|meet|work|study|explore)\w*\b",
    re.I,
)
_ANAPHOR_DET = re.compile(
    r"(?:\b[Tt]he|\b[Tt]his|\b[Tt]hat|\b[Ss]uch|\b[Ii]ts|\b[Tt]heir|\b[Bb]oth|\b[Tt]hese|"
    r"\b[Tt]hose|\bsaid)\s+(?:[a-z][\w-]*\s+){0,3}$"
)
_INDEF_DET = re.compile(r"\b(?:an?|one|new)\s+(?:[\w$,.-]+\s+){0,8}$", re.I)

_TWO_PARTIES = re.compile(
    r"\b(?:the\s+two|both|the)\s+(?P<what>countries|nations|governments|sides|neighbou?rs|"
    r"associations|companies|firms|groups|banks|leaders|parties|states|partners|airlines|"
    r"carriers|concerns|utilities|"
    r"organi[sz]ations|capitals|economies)\b",
    re.I,
)
_TWO_PARTIES_LOW = _lowered(_TWO_PARTIES)
_SELF = re.compile(r"^(?:the\s+)?(?:company|firm|group|corporation|bank|it|concern)$", re.I)

# Kinds: ordered by how much they say (the record's kind is the most specific one found).
_KIND_RANK = {
    "treaty": 0, "memorandum": 1, "standard": 2, "dialogue": 3, "deal": 4, "contract": 5,
    "accord": 6, "arrangement": 7, "cooperation": 8, "other": 9,
}
_COMPAT = {
    "treaty": {"treaty", "accord", "other"},
    "accord": {"accord", "treaty", "other", "arrangement", "contract", "deal"},
    "memorandum": {"memorandum", "other", "standard", "cooperation", "contract", "deal"},
    "contract": {"contract", "deal", "other", "accord", "memorandum", "arrangement"},
    "deal": {"deal", "contract", "other", "accord", "memorandum"},
    "standard": {"standard", "cooperation", "memorandum", "other"},
    "dialogue": {"dialogue", "cooperation", "other"},
    "cooperation": {"cooperation", "dialogue", "standard", "other", "memorandum"},
    "arrangement": {"arrangement", "other", "accord", "contract"},
    "other": set(_KIND_RANK),
}

_STOP = frozenset(
    """a an the of and or for to in on at by with from as into under over about between
    its their his her our your this that these those such which who whom whose what it they
    he she we i you is are was were be been being has have had do does did will would shall
    should can could may might must not no nor but if then than so also too very more most
    other another some any all both each either neither own same new said says say told
    agreement agreements accord accords deal deals contract contracts pact pacts treaty
    treaties arrangement arrangements bilateral mutual two three four one first second
    year years month months week weeks day days per pct mln bln dlrs billion million
    company companies firm group country countries government governments party parties
    official officials source sources side sides plan plans planned expected will
    up out off down just only even still already now recently today yesterday
    cooperation co operation collaboration partnership dialogue dialog forum standard standards
    talks relations understanding memorandum channel channels other areas area including
    field fields sector""".split()
)

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*|\d+")

# ----------------------------------------------------------------------------- entities

_COUNTRY_NAMES = country_names()
_TITLE_RE = re.compile(
    r"^(?:(?:Former|Acting|Deputy|Vice|Senior|Chief|First|Chinese|Japanese|U\.S\.|[A-Z][a-z]+ese"
    r"|[A-Z][a-z]+an|[A-Z][a-z]+ish|[A-Z][a-z]+i)\s+)*(?P<title>"
    + "|".join(re.escape(t) for t in PERSON_TITLES)
    + r")\s+(?P<rest>.+)$"
)
# What follows a capitalised span's first character ("<", a digit or a capital): the rest
# of its first word and its further words.
_CAP_REST = (
    r"[\w&'\u2019.\-/]*(?:\s+(?:(?:of|for|de|du|del|della|von|van|der|&|"
    r"and\s+(?=[A-Z][\w.-]*\s+(?:Co|Company|Corp|Inc|Ltd)\b))\s+)?"
    r"(?:the\s+)?[A-Z][\w&'\u2019.\-/]*)*"
)
_CAP_SPAN = re.compile(r"(?<![\w'\u2019-])(?:<[^<>]{2,60}>|(?:\d+\s+)?[A-Z]" + _CAP_REST + ")")
# The same matches, found faster: the pattern starts with the character class of its
# first character ("<", a digit or a capital), so `re` skips ahead to those; the look-behind
# (on the character before it) and the branch for that first character come after it.
_CAP_SPAN_FAST = re.compile(
    r"[<\dA-Z](?<![\w'\u2019-].)"
    r"(?:(?<=<)[^<>]{2,60}>|(?<=\d)\d*\s+[A-Z]" + _CAP_REST + r"|(?<=[A-Z])" + _CAP_REST + ")",
    re.S,
)
# Capitalised words that are never names (sentence openers, calendar words, ...).
_NOT_NAMES = frozenset(
    """The A An It Its In On At For But And Or If As By To Of With From After Before During
    Under Over Since Until When While Where Which Who What Why How This That These Those
    There Here Their They He She We I You His Her Our Your My Also Both All Each Some Many
    Most Other Others Such One Two Three Four Five Six Seven Eight Nine Ten Last Next First
    Second Third Earlier Later Meanwhile However Thus Still Yet So Then Now Through
    According Apparently Especially Conversely Officials Analysts Sources Shares Such
    Reuter Reuters REUTER Mln Bln Dlrs Pct Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Both Under Rounding Because Although Though Despite Through
    Diesen Artikel Mr Mrs Ms Dr Inc Corp Co Ltd Group Company Delivery Shipments Job Fellow
    Such Under Rounding Maturities Disbursements""".split()
)
_STATE_ABBR = re.compile(
    r"^(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
    r"Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|"
    r"Wash|W\.Va|Wis|Wyo|Ont|Que|B\.C|Alta)\.?$"
)
_ATTRIB_AFTER = re.compile(
    r"^\W{0,3}(?:\w+\s+)?(?:said|says|told|reported|cited|cites|announced|added|noted|"
    r"stated|estimated|forecast|predicted|sources|officials|spokes\w+|analysts?)\b",
    re.I,
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|into|across|throughout|via|outside)\s+(?:the\s+)?$")
_ACRONYM_DEF = re.compile(r"([A-Z][\w&.\-]*(?:\s+(?:of|and|for|&)?\s*[A-Z][\w&.\-]*)+)\s+\(([A-Z][A-Za-z&.\-]{1,9})\)")


@dataclass
class _Entity:
    text: str  # as the article names it (titles stripped)
    start: int
    end: int
    kind: str  # org | country | body | person | demonym | name
    role: str | None = None
    country: str | None = None  # for demonym-qualified people ("Chinese President ...")
    org: str | None = None  # the organisation or country a titled person speaks for


_Class = tuple[str, str, str | None, str | None]
_CLASSIFIED: dict[str, _Class | None] = {}
_CLASSIFIED_MAX = 100_000


def _classify(raw: str) -> _Class | None:
    """(clean text, kind, role, country) of a capitalised span, or None when not a name.

    Names recur across articles, so results are cached (the function is pure).
    """
    try:
        return _CLASSIFIED[raw]
    except KeyError:
        pass
    if len(_CLASSIFIED) >= _CLASSIFIED_MAX:
        _CLASSIFIED.clear()
    out = _CLASSIFIED[raw] = _classify_uncached(raw)
    return out


_POSSESSIVE_END = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _classify_uncached(raw: str) -> _Class | None:
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1].strip(), "org", None, None
    text = _POSSESSIVE_END.sub("", text).strip(" .,;:-")
    words = text.split()
    while words and words[0] in _NOT_NAMES and not (
        len(words) > 1 and words[0] in ("Group",)
    ):
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    if text in _NOT_NAMES or len(text) < 2:
        return None
    # demonym / country qualifier + title + name  → person
    m = _TITLE_RE.match(text)
    if m and m.group("rest")[:1].isupper():
        rest = m.group("rest")
        country = None
        head = text[: m.start("title")].strip()
        for w in head.split():
            country = canonical_country(w) or country
        if is_org_suffix(rest.split()[-1]) or canonical_country(rest) or canonical_body(rest):
            pass
        else:
            return rest, "person", m.group("title"), country
    low = text.lower()
    if canonical_body(text):
        return text, "body", None, None
    cc = canonical_country(text)
    if cc:
        if low in _COUNTRY_NAMES and any(
            low == d.lower() or low == d.lower() + "s"
            for d in _demonyms_of(cc)
        ):
            return text, "demonym", None, cc
        return text, "country", None, cc
    if any(is_org_suffix(w) for w in words[1:]) or (len(words) > 1 and is_org_suffix(words[0])):
        return text, "org", None, None
    # a demonym followed by a name: "Japanese CHAdeMO" → the name
    first_cc = canonical_country(words[0])
    if first_cc and len(words) > 1 and not any(is_org_suffix(w) for w in words):
        if any(words[0].lower() == d.lower() for d in _demonyms_of(first_cc)):
            return " ".join(words[1:]), "name", None, first_cc
    return text, "name", None, None


_DEMONYMS: dict[str, tuple[str, ...]] = {}


def _demonyms_of(country: str) -> tuple[str, ...]:
    if not _DEMONYMS:
        for c in COUNTRIES:
            _DEMONYMS[c.name] = c.demonyms
    return _DEMONYMS.get(country, ())


_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'()/&-]{2,40}(?:,\s*[A-Z][\w.]*\.?)*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s+-\s+"
)
_TICKER = re.compile(r"<[A-Z][A-Z0-9.]{0,6}>|\((?:[A-Z]{1,5}\.[A-Z]|[A-Z]{2,5})\)|\[[A-Z][A-Z0-9.]{0,9}\]")


def _blank_debris(sentence: str) -> str:
    """Hide a wire dateline ("TORONTO, March 2 - ") and ticker symbols, keeping offsets."""
    if "-" in sentence[:90]:
        sentence = blank_dateline(sentence)
    if "<" not in sentence and "(" not in sentence and "[" not in sentence:  # no ticker can match
        return sentence
    return _TICKER.sub(_blank_fill, sentence)


def _blank_fill(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


_STATE_AFTER = re.compile(r",\s*([A-Z][\w.]*)")
_TO_FROM_BEFORE = re.compile(r"\b(?:to|from)\s+(?:the\s+)?$")
_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$")
_EVENT_AFTER = re.compile(
    r"\s+(?:meeting|talks|summit|conference|club|agreement|accord|round|office|"
    r"stock|exchange|market|branch|unit|subsidiary)\b"
)
_POSSESSOR_BEFORE = re.compile(r"\b(?:its|their|his|her)\s+$")
_PRODUCT_AFTER = re.compile(r"\s+(?:system|systems|product|products|machine|"
                            r"models?|cars?|brand|line|range)\b")
# Exact gates: what those patterns' matches start or end with, and how long they can be.
_PRODUCT_FIRST = ("system", "product", "machine", "model", "car", "brand", "line", "range")
_PLACE_LAST = ("in", "at", "near", "from", "to", "into", "across", "throughout", "via", "outside", "the")
_STATE_ABBR_LONGEST = 6  # "Calif." (tests/test_agreements_gates.py checks the bound)


_GOVT_AFTER = re.compile(r"\s+(government|administration|authorities)\b")
_OFFICIALS_AFTER = re.compile(r"\s+(?:officials|delegates|delegation|negotiators|ministers|leaders|"
                              r"side|representatives|diplomats)\b")


def _entities(sentence: str) -> list[_Entity]:
    """The names of a sentence (`thaw_cli.names`, the grammar `thaw entities` shares), as
    party candidates: places after "in"/"at" and names of what a party owns dropped."""
    out: list[_Entity] = []
    sentence = _blank_debris(sentence)
    for n in find_names(sentence, dateline=False):
        kind, text = n.kind, n.text
        if kind in ("place", "group"):
            continue
        after = sentence[n.end: n.end + 12]
        if kind in ("demonym", "name") and (gm := _GOVT_AFTER.match(after)) and \
                (kind == "demonym" or len(text.split()) == 1):
            # "the Japanese government", "the Conservative government": the government
            out.append(_Entity(f"{text} {gm.group(1)}", n.start, n.end + gm.end(),
                               "country" if kind == "demonym" else "org", None, n.country))
            continue
        if kind == "demonym" and n.country and (om := _OFFICIALS_AFTER.match(after + sentence[n.end + 12:n.end + 30])):
            # "Mexican officials", "Japanese negotiators": the country
            out.append(_Entity(n.country, n.start, n.end + om.end(), "country", None, n.country))
            continue
        before = sentence[max(0, n.start - 20): n.start]
        if kind in ("name", "country") and before.rstrip().endswith(_PLACE_LAST) \
                and _PLACE_BEFORE.search(before) and not _TO_FROM_BEFORE.search(before):
            if kind == "name" or _IN_BEFORE.search(before):
                continue
        if kind == "country" and _EVENT_AFTER.match(
            after
        ) and text.lower() not in (canonical_country(text) or "").lower():
            continue  # "at their Paris meeting"
        if ("its" in before or "his" in before or "her" in before or "their" in before) \
                and _POSSESSOR_BEFORE.search(before):
            continue  # "its Advanced Products Division"
        if kind == "name" and after.lstrip().startswith(_PRODUCT_FIRST) and _PRODUCT_AFTER.match(after):
            continue
        out.append(_Entity(text, n.start, n.end, kind, n.role, n.country, n.org))
    return out


# ----------------------------------------------------------------------------- candidates


@dataclass
class _Cand:
    sent: int  # sentence index (0 = title when present)
    kind: str
    status: str
    subject: str
    words: set[str]
    parties: list[str]
    roles: dict[str, str]
    date: str | None
    anaphoric: bool = False
    generic: bool = False  # a bare "an agreement" with no subject of its own
    pos: int = 0


@dataclass
class _Record:
    cands: list[_Cand] = field(default_factory=list)
    sents: list[int] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    parties: list[str] = field(default_factory=list)
    status: str = "concluded"
    kind: str = "other"


@lru_cache(maxsize=50_000)  # words recur: each distinct one is stemmed once
def _stem(w: str) -> str:
    w = w.lower()
    for suf in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "al", "ic"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


_CAP_RUN = re.compile(r"(?:[A-Z][a-z]+\s+){1,4}[A-Z][a-z]+")


def _content_words(text: str) -> set[str]:
    out = set()
    for w in _WORD.findall(text):
        lw = w.lower()
        if lw in _STOP or len(lw) < 2 or lw.isdigit():
            continue
        out.add(_stem(lw))
    # acronyms of capitalised runs ("Intellectual Property" → "ip")
    for run in _CAP_RUN.findall(text):
        initials = "".join(w[0] for w in run.split()).lower()
        for i in range(len(initials) - 1):
            for j in range(i + 2, len(initials) + 1):
                out.add(initials[i:j])
    return out


def _kind_of(noun: str, before: str, after: str, sentence: str) -> str:
    n = noun.lower()
    ctx_b = before[-60:].lower()
    if n.startswith("memorand") or n.startswith("mou") or "letter" in n:
        return "memorandum"
    if n.startswith("treat"):
        return "treaty"
    if n.startswith(("dialog", "forum")):
        return "dialogue"
    if n.startswith(("cooperation", "co-operation", "collaboration", "partnership")):
        return "cooperation"
    if n.startswith("standard"):
        return "standard"
    if "swap" in n or "credit line" in n or "line of credit" in n or "lines of credit" in n:
        return "arrangement"
    if "channel" in n or "hotline" in n:
        return "arrangement"
    if "facilit" in n:
        return "contract" if re.search(r"\b(?:credit|loan|revolving|underwriting|note|issuance|"
                                      r"guarantee)\s+(?:[\w-]+\s+)?$", ctx_b) \
            or "credit" in n or "loan" in n else "arrangement"
    if n.startswith("arrangement"):
        return "arrangement"
    if n.startswith(("merger", "joint", "settlement")):
        return "deal"
    if n.startswith("contract"):
        return "contract"
    if n.startswith("deal"):
        return "deal"
    if n.startswith(("accord", "pact")):
        if re.search(r"\b(?:supply|labou?r|wage|sales?|purchase)\s+$", ctx_b):
            return "contract"
        return "accord"
    # an agreement "to reschedule" debt, a "rescheduling agreement": an arrangement
    if re.match(r"\s+(?:to|on|for)\s+(?:the\s+)?(?:reschedul|restructur|refinanc)", after[:30].lower()) or \
            re.search(r"\b(?:rescheduling|restructuring|refinancing)\s+$", ctx_b):
        return "arrangement"
    # generic "agreement": look at its modifiers and the rest of the sentence
    if re.search(r"\b(?:definitive|merger|acquisition|purchase|takeover|buyout|settlement|"
                 r"standstill)\s+$", ctx_b):
        return "deal"
    if re.search(r"\b(?:loan|supply|sales?|marketing|manufacturing|licen[cs]ing|license|"
                 r"distribution|service|research|development|labou?r|wage|lease|credit|"
                 r"consulting|management|purchasing|production|barter|joint\s+marketing)"
                 r"\s+(?:and\s+\w+\s+)?$", ctx_b):
        return "contract"
    if re.search(r"\b(?:trade|tariff|commodity|quota|currency|monetary|international|"
                 r"fishing|fisheries|export|import|textile|economic|peace|ceasefire|"
                 r"cease-fire|arms|bilateral|multilateral|shipping|aviation)\s+(?:\w+\s+)?$",
                 ctx_b):
        return "accord"
    if re.search(r"\b(?:swap|rescheduling|refinancing|restructuring)\b", ctx_b + after[:40].lower()):
        return "arrangement"
    rest = after[:120].lower()
    if re.search(r"\b(?:merge|merger|acquire|acquisition|buy|purchase|take\s*over|settle|"
                 r"resolv\w*|stake|shares|joint(?:ly)?\s+(?:venture|owned)|venture)\b", rest) or \
            re.search(r"\bsell\s+(?:[\w,.$-]+\s+){0,4}?(?:units?|shares|stake|interest|business|"
                      r"division|subsidiary|assets|operations|company|unit)\b", rest):
        return "deal"
    if re.search(r"\b(?:sell|market|suppl(?:y|ies|ied)|distribut|service|licen[cs]|manufactur|"
                 r"develop|loans?|lend|credit|deliver|build|provid|research)\w*\b", rest):
        return "contract"
    return "other"


# Every branch starts with a literal (word starts are checked just after the first
# letter), so the scan skips ahead to candidate characters.
_CLAUSE_SEP = re.compile(
    r";|b(?<!\wb)ut\b|w(?<!\ww)hile\b|w(?<!\ww)hereas\b|, and\b|a(?<!\wa)s well as\b"
)


@lru_cache(maxsize=1024)
def _clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: bounded by ';', ' but ', ' while ', ' and ' + subject..."""
    left = 0
    for m in _CLAUSE_SEP.finditer(sentence, 0, pos):
        left = m.end()
    right = len(sentence)
    m = _CLAUSE_SEP.search(sentence, pos)
    if m:
        right = m.start()
    return left, right


_ANNIVERSARY_OF = re.compile(r"\banniversary\s+of\b", re.I)


_REACHED_AFTER = re.compile(r"\s+(?:(?:that|which)\s+(?:was|were|had\s+been|has\s+been)\s+)?"
                            r"(?:reached|signed|concluded|struck|agreed)\s+(?:with|between|by|in|on|last|earlier)\b")


# "as soon as / unless / provided X reached an agreement": a condition, not yet made
_CONDITION_BEFORE = re.compile(
    r"\b(?:as\s+soon\s+as|unless|until|provided(?:\s+that)?)\s+(?:[\w.'-]+\s+){0,6}?"
    r"(?:reach\w*|sign\w*|conclude\w*|agree\w*|str(?:ike|uck))\s+(?:[\w-]+\s+){0,3}$", re.I)


def _status(sentence: str, start: int, end: int, default: str) -> str:
    window = sentence[max(0, start - 80): start]
    low = lower_exact(window)  # (None: a character that re.I matches unlike its lower case)
    if (low is None or "anniversary" in low) and _ANNIVERSARY_OF.search(window):
        return "concluded"
    c0, c1 = _clause_bounds(sentence, start)
    left = sentence[max(c0, start - 90): start]
    right = sentence[end: min(c1, end + 70)]
    if _REACHED_AFTER.match(right):
        return "concluded"  # "a settlement agreement reached with ...": made, whatever follows
    # nearest cue wins; look left first (modal governs the trigger), then right
    best: tuple[int, str] | None = None
    left_low, right_low = left.lower(), right.lower()
    same = len(left_low) == len(left) and len(right_low) == len(right)
    for rx, rx_low, st in _STATUS_CUES:
        if same:  # the case-sensitive twins on lower-cased text are much faster
            left_it, right_it = rx_low.finditer(left_low), rx_low.finditer(right_low)
        else:  # pragma: no cover - a rare character whose lower case is longer
            left_it, right_it = rx.finditer(left), rx.finditer(right)
        for m in left_it:
            d = len(left) - m.end()
            if st == "concluded" and m.group(0).lower() in ("was", "were", "has been",
                                                            "have been", "announced"):
                d += 25  # weak cues
            if st == "planned" and m.group(0).lower() in ("may", "could", "might", "if"):
                d += 10
            if best is None or d < best[0]:
                best = (d, st)
        for m in right_it:
            d = m.start() + 8
            if st == "planned" and m.group(0).lower() in ("will", "would", "could", "may",
                                                         "might", "if", "proposal", "likely",
                                                         "possible", "potential"):
                # "the agreement will contribute" says nothing about its status
                d += 60
            if st == "concluded" and m.group(0).lower() in ("was", "were", "has been",
                                                            "have been", "announced"):
                d += 10
            if st == "ended" and m.start() <= 2 and _ACTS_ON.match(right):
                continue  # "the agreement cancels investigations": it acts, it is not ended
            if st == "ended" and re.match(r"expired|lapsed", m.group(0), re.I) is None and \
                    re.match(r"(?:reject|cancel|terminat|suspend|collaps|called|scrap)",
                             m.group(0), re.I) is None:
                d += 20
            if best is None or d < best[0]:
                best = (d, st)
    if best is None:
        return default
    st = best[1]
    if st == "concluded" and _CONDITION_BEFORE.search(left):
        return "planned"  # "as soon as Zambia reached an agreement": not yet made
    if st == "ended":
        # "will expire" / "expire on ..." in the future: still in force
        if re.search(r"\b(?:will|would|to)\s+(?:\w+\s+)?(?:expire|end|lapse)", right + left):
            return "concluded"
    return st


# the agreement as the subject of a present-tense verb with an object
_ACTS_ON = re.compile(r"\s*(?:cancels|terminates|rescinds|suspends|scraps|revokes|voids|ends|"
                      r"rejects)\s+(?:the|a|an|all|any|its|their|\d|[a-z]+s\b)", re.I)


@lru_cache(maxsize=256)
def _sentence_dates(sentence: str, article_date: str | None) -> tuple[DateMatch, ...]:
    """The dates of a sentence (cached: several triggers of one sentence ask for them)."""
    if only_years_resolve(article_date) and not has_year_number(sentence):
        return ()  # (blanking the dateline below cannot make a year number)
    sentence = _blank_debris(sentence)
    found = []
    for d in find_dates(sentence, article_date):
        before = sentence[max(0, d.start - 14): d.start].lower()
        after = sentence[d.end: d.end + 14].lower()
        if _SAID_BEFORE.search(before):
            continue
        if _SAID_AFTER.match(after) and d.priority == 0:
            continue
        found.append(d)
    return tuple(found)


_SAID_BEFORE = re.compile(r"\b(?:said|says|told|announced|reported|added)\s+(?:on\s+)?$")
_SAID_AFTER = re.compile(r"\W*(?:,\s*)?(?:\w+\s+)?(?:said|told)\b")


def _date_for(sentence: str, pos: int, article_date: str | None) -> str | None:
    found = _sentence_dates(sentence, article_date)
    if not found:
        return None
    pri = [d for d in found if d.priority]
    if pri:
        return pri[0].iso
    return min(found, key=lambda d: abs(d.start - pos)).iso


# ----------------------------------------------------------------------------- context


@dataclass
class _Context:
    article_date: str | None
    acronyms: dict[str, str] = field(default_factory=dict)
    orgs: list[str] = field(default_factory=list)  # in order of first mention
    persons: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # surname → full
    person_org: dict[str, str] = field(default_factory=dict)  # full name → org/country spoken for
    short: dict[str, str] = field(default_factory=dict)  # last word → a name of 2-3 words
    body_counts: Counter = field(default_factory=Counter)  # blocs and bodies, by canonical name
    body_names: dict[str, str] = field(default_factory=dict)  # canonical → longest form written
    country_counts: Counter = field(default_factory=Counter)
    main_org: str | None = None
    person_country: dict[str, str] = field(default_factory=dict)
    entities: dict[int, list[_Entity]] = field(default_factory=dict)  # by sentence index
    pending: list[str] | None = None  # the sentences, while some are not read yet
    filled: int = 0  # how many of them the context has read (the context is built lazily)
    txn_words: frozenset[str] = frozenset()  # the transaction gate words of the article
    current: int = 0  # the sentence being read


def _ready(ctx: _Context, upto: int | None = None) -> _Context:
    """The context, read from the article's sentences when first needed, up to sentence
    `upto` (all of them when None): many articles that pass the cue gates have no trigger
    that survives the filters, and most triggers are in the first sentences."""
    if ctx.pending is not None:
        sents = ctx.pending
        stop = len(sents) if upto is None else min(len(sents), upto + 1)
        if stop > ctx.filled:
            _fill_context(ctx, sents, ctx.filled, stop)
            ctx.filled = stop
        if ctx.filled >= len(sents):
            ctx.pending = None
    return ctx


def _sentence_entities(ctx: _Context, idx: int, sentence: str) -> list[_Entity]:
    """The names of sentence `idx` (read once; the context of the sentences before it is
    read only when a party needs it: `_canon_party`, `_main_org`)."""
    ents = ctx.entities.get(idx)
    if ents is None:
        ents = ctx.entities[idx] = _entities(sentence)
    return ents


def _main_org(ctx: _Context) -> str | None:
    """The organisation "it" and "the company" stand for: the article's first one (the
    sentences are read up to the first that names one)."""
    if ctx.main_org is None and ctx.pending is not None:
        k = ctx.filled
        while ctx.main_org is None and ctx.pending is not None:
            _ready(ctx, k)
            k += 1
    return ctx.main_org


def _canon_party(name: str, ctx: _Context) -> str:
    n = name.strip()
    if n in ctx.acronyms:
        return ctx.acronyms[n]
    words = n.split()
    if len(words) > 1 and is_org_suffix(words[-1]) or canonical_country(n) or canonical_body(n):
        return n  # a whole organisation name, a country, a bloc: nothing to look up
    _ready(ctx, ctx.current)  # the sentences before this one: who a short name stands for
    if n in ctx.acronyms:
        return ctx.acronyms[n]
    # a person's surname or shortened name mentioned before in full; a person who speaks
    # for an organisation or country ("Mexican Finance Minister X") stands for it
    if n in ctx.persons:
        full = ctx.persons[n][0]
        return ctx.person_org.get(full, full)
    if n in ctx.short and " " not in n:
        return ctx.short[n]
    # a short form of an organisation named before ("Dynamics" → "Dynamics Corp of America")
    if canonical_country(n) or canonical_body(n):
        return n
    if 2 <= len(n) <= 5 and n.isupper() and n.isalpha():
        # "GM" for "General Motors Corp": the initials of an organisation named before
        for org in ctx.orgs:
            caps = [w for w in org.split() if w[:1].isupper() and not is_org_suffix(w)]
            if len(caps) == len(n) and "".join(w[0] for w in caps) == n:
                return org
    for org in ctx.orgs:
        if org != n and org.startswith(n + " ") and len(n) > 2:
            return org
    return n


_LEADING_THE = re.compile(r"^the\s+")
_ORG_WORDS = re.compile(r"\b(?:corp(?:oration)?|inc|co|ltd|plc|llc|company|group|the)\b\.?")
_PARTY_KEYS: dict[str, str] = {}


def _party_key(name: str) -> str:
    key = _PARTY_KEYS.get(name)
    if key is None:
        if len(_PARTY_KEYS) >= 50_000:
            _PARTY_KEYS.clear()
        cc = canonical_country(name)
        cb = None if cc else canonical_body(name)
        if cc:
            key = "c:" + cc
        elif cb:
            key = "b:" + cb.lower()  # "ASEAN", "Association of Southeast Asian Nations"
        else:
            n = _ORG_WORDS.sub("", _LEADING_THE.sub("", name.lower()))
            key = " ".join(n.split())
        _PARTY_KEYS[name] = key
    return key


def _same_party(a: str, b: str) -> bool:
    ka, kb = _party_key(a), _party_key(b)
    if ka == kb:
        return True
    if ka.startswith("c:") or kb.startswith("c:"):
        return False
    short, long_ = sorted((ka, kb), key=len)
    return len(short) > 3 and (long_.startswith(short + " ") or short in long_.split(" of ")[0])


def _parties_overlap(a: list[str], b: list[str]) -> bool:
    return any(_same_party(x, y) for x in a for y in b)


def _add_party(parties: list[str], name: str) -> None:
    if not name or name.endswith("-based"):  # "New York-based": a modifier, never a party
        return
    for i, p in enumerate(parties):
        if _same_party(p, name):
            if len(name) > len(p) and not canonical_country(p):
                parties[i] = name
            return
    parties.append(name)


# ----------------------------------------------------------------------------- sentences

def _sentences(text: str, raw: list[str] | None = None) -> list[str]:
    """The sentences of ``text`` (or ``raw``, already split), white space normalised."""
    if raw is None:
        raw = split_sentences(text)
    out = []
    for s in raw:
        s = " ".join(s.split())
        if s:
            out.append(s)
    return out


# ----------------------------------------------------------------------------- extraction


def _is_caps_title(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


_MOD_STOP = frozenset(
    """a an the its their his her this that these those to of in on for with by at from under
    between is are was were be been being has have had will would shall can could may might
    signed reached concluded agreed launch launched discuss discussed pursue promote
    reinstating reinstate establish established recently also already and or as which who
    said says into over about including such than new first""".split()
)


def _subject_phrase(sentence: str, start: int, end: int) -> str:
    """The trigger noun with its modifiers and a short complement."""
    # the last six tokens of `re.findall(r"\S+", ...)`: `\s` is `str.isspace`, as for split
    toks = sentence[:start].rsplit(None, 6)[-6:]
    mods: list[str] = []
    for tok in reversed(toks):
        bare = tok.strip("\"'\u201c\u201d\u2018\u2019")
        if bare and tok[:1] in "\"'\u201c\u2018" and bare.lower() not in _MOD_STOP:
            mods.insert(0, bare)
            break
        if (not bare or bare.lower() in _MOD_STOP or tok[-1:] in ",;:" or bare != tok.rstrip(
                "\"'\u201c\u201d\u2018\u2019") or tok[-1:] in "\u201c\u2018"):
            if bare.lower() == "and" and mods and len(mods) < 4:
                mods.insert(0, bare)
                continue
            break
        mods.insert(0, bare)
    if mods and mods[0].lower() == "and":
        mods = mods[1:]
    right = sentence[end:]
    rm = _COMPLEMENT.match(right)
    comp = rm.group("comp") if rm else ""
    if rm and rm.end() < len(right) and right[rm.end() - 1].isalnum() and right[rm.end()].isalnum():
        comp = comp[: comp.rstrip().rfind(" ")] if " " in comp.strip() else ""  # no cut word
    comp = _COMPLEMENT_END.split(comp, 1)[0]
    phrase = " ".join(mods) + " " + sentence[start:end] + comp
    phrase = phrase.strip(" ,.;:\"'\u201c\u201d\u2018\u2019")
    phrase = phrase.replace("\u201c", "").replace("\u201d", "").replace('"', "")
    phrase = _LOOSE_QUOTE.sub("", phrase)
    return _clip(phrase)


_COMPLEMENT = re.compile(
    r"(?P<comp>[\u201d\u2019\"']?\s+(?:on|for|to|of|in|covering|with|between|"
    r"about|including|under\s+which|to)\b(?:[^,;.]|(?<=\d)[,.](?=\d)){0,90})")
_COMPLEMENT_END = re.compile(r"\b(?:said|the\s+sources|according|when|after|before|because|"
                             r"while|although|to\s+avoid|in\s+order|as\s+well\s+as)\b")
_LOOSE_QUOTE = re.compile(r"[\u2018\u2019'](?=\s|$)|(?<=\s)[\u2018']")


_TOPIC_SEP = re.compile(r"[,;:(]")
_LIST_JOIN = re.compile(r"\s*(?:and|or)?\s*")
_LETTERS = re.compile(r"[A-Za-z]+")


_STAKE_OF = re.compile(r"(?:%|\b(?:pct|percent|cent|stake|stakes|majority|control|shares?|interest|"
                       r"half|third|quarter))\s+(?:of|in)\s+(?:the\s+)?$", re.I)


def _is_topic(sentence: str, pos: int) -> bool:
    """Is the name at `pos` governed by a topic preposition ("on", "such as", "in")?"""
    segs = _TOPIC_SEP.split(sentence[max(0, pos - 60): pos])
    seg = segs[-1]
    if _STAKE_OF.search(seg):
        return False  # "to buy 33% of Changyu", "a stake in X": the owner, a party
    if len(segs) > 1 and _LIST_JOIN.fullmatch(seg):
        seg = segs[-2]  # a list: "self-driving vehicles, AI"
    for w in reversed(_LETTERS.findall(seg)):
        if w[0].isupper():
            return False
        lw = w.lower()
        if lw in ("with", "between", "by", "from", "to", "for", "signed", "agreed"):
            return False
        if lw in ("on", "about", "as", "including", "in", "of", "into", "over", "regarding",
                  "focus", "like"):
            return True
    return False


_NAME_BEFORE = re.compile(r"((?:[A-Z][\w.'\u2019-]*\s+|\d+\s+|and\s+|of\s+)*"
                          r"(?:[a-z][\w-]*\s+){0,2})$")


def _name_before(sentence: str, end: int) -> re.Match[str]:
    """`_NAME_BEFORE.search(sentence[:end])`: the words that may name the agreement ending
    at `end` (the leftmost start from which the pattern reaches `end`).

    The search is slow per start position, so it starts at a word start `q` a few
    characters back, then further back: each of the pattern's items is a run without
    white space and the white space after it, so a match from before `q` would run through
    `q` at an item start, and the search from `q` would then start its match at `q`. A
    match starting after `q` is therefore the leftmost one; one starting at `q` may not be.
    """
    for back in (12, 30, 80):
        q = sentence.find(" ", max(0, end - back), end) + 1
        if 0 < q < end and not sentence[q].isspace():
            m = _NAME_BEFORE.search(sentence, q, end)
            if m is not None and m.start() > q:
                return m
    m = _NAME_BEFORE.search(sentence, 0, end)
    assert m is not None  # (the pattern matches the empty string at the end)
    return m


_SUBORDINATE_WORDS = ("when", "after", "before", "because", "although", "since")
_SUBORDINATE = re.compile(r",?\s+(?:" + "|".join(_SUBORDINATE_WORDS) + r")\s")
_POSSESSIVE_S = ("'s", "\u2019s")
_SPEAKER_OWN = re.compile(r"\W{0,3}(?:[a-z]+\s+){0,2}(?:said|says|announced|told\s+\w+)\s+(?:that\s+)?"
                          r"(?:it|its|the\s+company|the\s+firm|the\s+group|they|he|she)\b")
_GOODS_BEFORE = re.compile(r"\b(?:tonnes|barrels|ounces|units|shares|debt|stock|bonds?|rice|"
                           r"crude|oil)\s+(?:of\s+)?$")
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$")
_HOME_OF_FIRM = re.compile(r"['\u2019]s\s+(?:[\w-]+\s+){0,4}?(?:firm|company|operator|carrier|"
                           r"airline|retailer|insurer|maker|producer|manufacturer|conglomerate)\b"
                           r"(?!\s+(?:[A-Z]|of\b))")
_TOLD_BEFORE = re.compile(r"\b(?:told|tells|telling|interview\s+with)\s+(?:the\s+)?$")
_GOVERNMENT_AFTER = re.compile(r"\s*(?:government|authorities|officials|side|delegation|"
                               r"leaders?|ministry|state)\b", re.I)


def _sentence_parties(
    sentence: str, ents: list[_Entity], ctx: _Context, trig_start: int, trig_end: int,
    prev_parties: list[str], verb: bool = False,
) -> tuple[list[str], dict[str, str], bool]:
    """Parties of a trigger, their roles, and whether they came from an anaphor."""
    parties: list[str] = []
    roles: dict[str, str] = {}
    anaphoric = False
    c0, c1 = _clause_bounds(sentence, trig_start)
    rest = sentence[trig_end:c1]
    # (each match holds one of the words: most clauses hold none)
    wm = _SUBORDINATE.search(rest) if any(w in rest for w in _SUBORDINATE_WORDS) else None
    if wm:
        c1 = trig_end + wm.start()
    # the agreement's own name (modifiers right before the trigger) is not a party,
    # unless it is a country ("U.S.-Japan accord")
    name_zone = (trig_start - 1, trig_start)
    mm = None if verb else _name_before(sentence, trig_start)
    if mm and mm.group(1):
        zone = mm.group(1)
        # the name is what follows a verb or article inside it ("X and Y signed a treaty")
        cut = None
        for wm in re.finditer(r"\b(?:[a-z]+ed|a|an|the|its|their|signed|sign|signs|reached|"
                              r"struck|agreed|has|have|had|is|are|was|were)\s+", zone):
            cut = wm
        if cut is not None:
            zone = zone[cut.end():]
        name_zone = (trig_start - len(zone), trig_start)
    kept: list[_Entity] = []
    for e in ents:
        if e.kind == "demonym":
            # "Japanese-Chinese cooperation", "the Egyptian government"
            after = sentence[e.end: e.end + 25]
            if _GOVERNMENT_AFTER.match(after) and e.country:
                gm = re.match(r"\s*government", after)
                kept.append(_Entity(sentence[e.start:e.end] + " government" if gm else e.country,
                                    e.start, e.end + (gm.end() if gm else 0), "country",
                                    None, e.country))
            elif re.match(r"-[A-Z]", after) or re.search(r"[A-Za-z]-$", sentence[:e.start]):
                if e.country:
                    _add_party(parties, e.country)
            continue
        if name_zone[0] <= e.start < name_zone[1] and e.kind not in ("country", "body"):
            continue
        if e.start < trig_end and e.end > trig_start:
            continue  # the trigger itself ("Memorandum of Understanding")
        if _NOUN_TRIGGER.search(e.text.split()[-1]) and e.kind in ("name", "org") and \
                not is_org_suffix(e.text.split()[-1]):
            continue  # the name of an agreement, not a party
        if e.kind == "name" and _is_topic(sentence, e.start):
            continue  # a topic, not a party: "cooperation on AI", "areas such as ..."
        if not (c0 <= e.start < c1) and e.kind != "org":
            continue
        after = sentence[e.end: e.end + 40]
        if _ATTRIB_AFTER.match(after[2:] if after.startswith(_POSSESSIVE_S) else after) \
                and not _SPEAKER_OWN.match(after):
            # "..., Citibank said" / "IDB sources said": attribution, not a party — unless
            # the sentence is about that speaker's own agreement and no one else is named
            if e.kind == "org" and e.start < 3:
                pass
            else:
                continue
        before = sentence[max(0, e.start - 40): e.start]
        if e.kind == "name" and _GOODS_BEFORE.search(before):
            continue
        if e.kind in ("name", "org", "place") and _APPOSITIVE_A.search(before) and \
                _APPOSITIVE_REST.match(sentence, e.end):
            continue  # "Leucadia Corp, a U.S. Financial services holding company,": a description
        if "according" in before and _ACCORDING_BEFORE.search(before):
            continue
        if "t" in before and _TOLD_BEFORE.search(before):
            continue  # "Warren Gatland told the Daily Mirror": whom a speaker told
        if e.kind == "country" and "'" in after[:2] and (hm := _HOME_OF_FIRM.match(after)):
            # "Turkey's biggest private mobile firm": the firm (the article's company, its
            # span the whole description), not the country
            main = _main_org(ctx)
            if main and not canonical_country(main):
                kept.append(_Entity(main, e.start, e.end + hm.end(), "org", None, None))
            continue
        if e.kind == "person" and e.org:
            # a titled person speaking for an organisation or country: the party is that
            kept.append(_Entity(e.org, e.start, e.end, "country" if canonical_country(e.org)
                                else "org", None, e.country))
            continue
        kept.append(e)
    # the parties by the sentence's structure (`thaw_cli.parties`), not every name nearby;
    # groups ("creditor banks") count where the structure puts them
    pool = _with_groups(kept, sentence)
    chosen = structural_parties(sentence, pool, trig_start, trig_end, lambda: _main_org(ctx), verb=verb)
    if not chosen:
        # no structure found: the names of the trigger's clause that are no modifier
        chosen = [e.text for e in kept if c0 <= e.start < c1 and not is_modifier(sentence, e)]
    if not verb and _WITH_THE_COMPANY.match(sentence, trig_end, c1):
        main = _main_org(ctx)  # "an agreement between the selling holders and the company"
        if main and main not in chosen:
            chosen = [*chosen, main]
    by_text = {e.text: e for e in kept}
    if len(chosen) > 1:
        chosen = _drop_home_countries(sentence, kept, chosen)
    for text in chosen:
        e = by_text.get(text)
        name = _canon_party(text, ctx)
        if e is not None and e.kind == "person" and e.role:
            roles[name] = e.role
        elif e is not None and e.kind == "person" and name in ctx.persons and ctx.persons[name][1]:
            roles[name] = ctx.persons[name][1] or ""
        _add_party(parties, name)
    # "the U.S./ASEAN Memorandum of Understanding": the parties named in the agreement's name
    sm = _SLASH_PAIR.search(sentence, max(0, trig_start - 60), trig_start)
    if sm:
        for part in sm.group(1, 2):
            if canonical_country(part) or canonical_body(part):
                _add_party(parties, part)
    # anaphoric parties
    m = None
    sent_low = lower_exact(sentence)  # same offsets, matched as re.I would
    two_parties = _TWO_PARTIES.finditer(sentence) if sent_low is None else \
        _TWO_PARTIES_LOW.finditer(sent_low)
    for mm2 in two_parties:
        if mm2.group(0).lower().startswith("the ") and not mm2.group(0).lower().startswith(
            "the two"
        ) and mm2.group("what").lower() not in ("countries", "nations", "sides"):
            continue
        m = mm2
    k0, k1 = _clause_bounds(sentence, trig_start)
    clause_anaphor = bool(m and k0 <= m.start() < k1 and abs(m.start() - trig_start) < 130)
    if clause_anaphor and m and m.group("what").lower() not in (
        "countries", "nations", "governments", "neighbours", "neighbors", "states"
    ):
        clause_anaphor = False
    if clause_anaphor and any(_party_kind(p) == "org" for p in parties):
        clause_anaphor = False
    if clause_anaphor and prev_parties:
        # "when the countries will mark ... treaty": the parties are the ones referred to
        parties = [p for p in parties if canonical_country(p) or p in roles]
        parties = [p for p in parties if not (p in roles and len(prev_parties) >= 2)]
    if m and (len(parties) < 2 or clause_anaphor):
        _ready(ctx, ctx.current)  # the countries and organisations named before
        what = m.group("what").lower()
        cands: list[str] = []
        if what in ("countries", "nations", "governments", "neighbours", "neighbors",
                    "capitals", "economies", "states"):
            cands = [p for p in prev_parties if canonical_country(p)] or [
                c for c, _n in ctx.country_counts.most_common(2)
            ]
        else:
            # "the merger of the two airlines": the last two named before it in the sentence
            here = [e.text for e in kept if e.end <= m.start() and e.kind in ("org", "name")
                    and not is_modifier(sentence, e)]
            cands = list(dict.fromkeys(here))[-2:]
            if len(cands) < 2:
                cands = [p for p in prev_parties if not canonical_country(p)] or list(prev_parties)
            if len(cands) < 2:
                cands = [o for o in ctx.orgs if o not in parties][-2:] if len(ctx.orgs) <= 3 \
                    else [o for o in ctx.orgs[1:3]]
        if len(cands) >= 2:
            anaphoric = True
            for p in cands:
                _add_party(parties, p)
    # persons whose country is already a party are represented by it
    return parties, roles, anaphoric


_APPOSITIVE_A = re.compile(r",\s+(?:a|an)\s+$")
_APPOSITIVE_REST = re.compile(r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}\s*,")
_SLASH_PAIR = re.compile(r"\b([A-Z][\w.]*)/([A-Z][\w.]*)\s+(?:[\w-]+\s+){0,3}$")
_WITH_THE_COMPANY = re.compile(r"\s+(?:with|between)\s+(?:(?:the\s+)?[\w-]+\s+[\w-]+\s+and\s+)?"
                               r"the\s+(?:company|firm|corporation|group)\b")
_HOME_BEFORE = re.compile(r"^['\u2019]s\s+(?:[\w-]+\s+){0,3}<?$")  # "China's state-owned <X"
_PLACE_ONLY_BEFORE = re.compile(r"\b(?:in|at|near|outskirts\s+of|outside|inside)\s+(?:the\s+)?$")
_HOME_AFTER = re.compile(r"[>]?\s+(?:of|in|from)\s+(?:the\s+)?$")  # "<X Ltd> of Chile"


def _drop_home_countries(sentence: str, kept: list[_Entity], chosen: list[str]) -> list[str]:
    """A country named only as the home of an organisation among the parties ("China's
    state-owned Beijing Non-Ferrous Metals Corp", "Wrought Copper Ltd of Chile") or as a
    place ("a plant on the outskirts of Peking") is not a party of its own."""
    orgs = [e for e in kept if e.text in chosen and e.kind == "org"]
    if not orgs:
        return chosen
    out = []
    for text in chosen:
        occ = [e for e in kept if e.text == text]
        if occ and all(e.kind == "country" for e in occ) and all(
                _PLACE_ONLY_BEFORE.search(sentence[max(0, e.start - 20):e.start])
                or any((o.start > e.end and _HOME_BEFORE.match(sentence[e.end:o.start]))
                       or (e.start > o.end and _HOME_AFTER.match(sentence[o.end:e.start]))
                       for o in orgs) for e in occ):
            continue
        out.append(text)
    return out


def _party_kind(name: str) -> str:
    if canonical_country(name):
        return "country"
    words = name.split()
    if words and any(is_org_suffix(w) for w in words):
        return "org"
    return "name"


def _build_context(sents: list[str], article_date: str | None) -> _Context:
    """The article context, read when first needed (see `_ready`)."""
    return _Context(article_date, pending=sents)


_LEADING_THE_CAP = re.compile(r"^(?:The|the)\s+")


def _fill_context(ctx: _Context, sents: list[str], first: int = 0, stop: int | None = None) -> None:
    """Read sentences [first, stop) into the context."""
    for idx in range(first, len(sents) if stop is None else stop):
        s = sents[idx]
        for m in _ACRONYM_DEF.finditer(s) if "(" in s else ():
            full, acr = m.group(1).strip(), m.group(2)
            full = _LEADING_THE_CAP.sub("", full)
            if acr not in ctx.acronyms:
                ctx.acronyms[acr] = full
        ents = ctx.entities.get(idx)
        if ents is None:
            ents = ctx.entities[idx] = _entities(s)
        for e in ents:
            if e.kind == "org":
                name = _LEADING_THE_CAP.sub("", e.text)
                if name not in ctx.orgs:
                    ctx.orgs.append(name)
                if ctx.main_org is None:
                    ctx.main_org = name
            elif e.kind == "person":
                parts = e.text.split()
                if len(parts) >= 2:
                    ctx.persons.setdefault(parts[-1], (e.text, e.role))
                    ctx.persons.setdefault(parts[0], (e.text, e.role))
                    ctx.persons.setdefault(e.text, (e.text, e.role))
                    if e.country:
                        ctx.person_country.setdefault(e.text, e.country)
                    if e.org:
                        ctx.person_org.setdefault(e.text, e.org)
            elif e.kind == "name":
                parts = e.text.split()
                if 2 <= len(parts) <= 3 and parts[-1][:1].isupper():
                    ctx.short.setdefault(parts[-1], e.text)  # "Phillip Frost" ... "Frost"
                if ctx.main_org is None and _FIRM_BEFORE.search(s[max(0, e.start - 30):e.start]):
                    ctx.main_org = e.text  # "Japanese communications firm Softbank"
                    if e.text not in ctx.orgs:
                        ctx.orgs.append(e.text)
            elif e.kind == "country" and e.country:
                ctx.country_counts[e.country] += 1
            elif e.kind == "demonym" and e.country:
                ctx.country_counts[e.country] += 1
            elif e.kind == "body":
                key = canonical_body(e.text) or e.text
                ctx.body_counts[key] += 1
                if len(e.text) > len(ctx.body_names.get(key, "")):
                    ctx.body_names[key] = e.text
    if ctx.main_org is None and ctx.orgs:
        ctx.main_org = ctx.orgs[0]


# a name described as a company ("communications firm Softbank", "oil giant Rosneft")
_FIRM_BEFORE = re.compile(r"\b(?:firm|company|group|giant|bank|carrier|operator|airline|maker|"
                          r"retailer|insurer|broker|conglomerate|manufacturer|producer)\s+$")
_OPINION_SPEAKER = re.compile(r"(?:^|[\s\"'\u201c(])(?:I|[Ww]e|[Yy]ou|[Nn]o\s+one|[Nn]obody|[Aa]nyone|"
                              r"[Ee]veryone|[Ee]verybody|[Mm]ost\s+people)\s+(?:(?:do|don't|does|"
                              r"doesn't|would|wholly|fully|totally|completely|all|also|still|"
                              r"just|really|\w+ly)\s+)?$")
_OPINION_POSS = re.compile(r"\w+\s+with\s+(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w-]*['\u2019]s?\s+(?:[\w-]+\s+){0,2}"
                           r"(?:view|views|assessment|analysis|position|opinion|comments?|remarks|"
                           r"argument|conclusions?|findings|criticism|stance|sentiments?|point|"
                           r"diagnosis|verdict|claims?)\b")
_INCLINED_TO = re.compile(r"\b(?:inclined|tend|tends|tended|seem|seems|seemed|likely)\s+to\s+$")
_OPINION_THIS = re.compile(r"\s+with\s+(?:this|that|what|it|everything|all\s+of)\b")


def _verb_trigger_ok(sentence: str, m: re.Match, entities: Callable[[], list[_Entity]]) -> bool:
    """Is this "agreed ..." a commitment between parties (not an opinion / own decision)?

    `entities()` gives the sentence's entities; it is called only when they decide (it
    reads the article context, which most rejected triggers never need).
    """
    verb = m.group("verb").lower()
    after = sentence[m.end(): m.end() + 60]
    before = sentence[: m.start()]
    c0, _c1 = _clause_bounds(sentence, m.start())
    subj = before[c0:]
    subj = re.split(r"\b(?:said|says|told\s+\w+|reported|announced)\s+(?:that\s+)?", subj)[-1]
    if verb.startswith("agree"):
        if verb in ("agree", "agrees") and after.startswith(" with") and (
                _OPINION_SPEAKER.search(subj) or _OPINION_THIS.match(after)
                or _OPINION_SUBJ.search(subj) or _INCLINED_TO.search(subj)):
            return False  # "I agree with Greg", "No one agrees with this": an opinion
        if _OPINION_POSS.match(sentence, m.start()):
            return False  # "he agreed with Dr Fox's view"
        if _OPINION_OBJ.match(sentence[m.start():]):
            # "agreed that ..." counts only between two named parties
            if not re.match(r"\w+\s+that\b", sentence[m.start():]) or not re.search(
                r"\band\b|\bboth\b|\btwo\b|\bministers\b", subj
            ):
                return False
        if _OPINION_SUBJ.search(subj) and not re.search(r"\bwith\b|\bbetween\b", after):
            return False
        if re.match(r"\s+(?:that|with\s+(?:him|her|them|us|me)\b)", after):
            return False
        if re.match(r"\s+(?:(?:last|next|this|in|on|early|late)\s+\w+\s+)?(?:to|on|upon|"
                    r"in\s+principle|between|with|terms|a|an|the|detailed|new|\w+\s+rules)\b",
                    after) is None and not re.search(
                        r"\b(?:was|were|been|be|is|are|had|has|have)\s+(?:\w+ly\s+)?$",
                        before):
            return False
        # a counterparty?
        if re.search(r"\bwith\b|\bbetween\b", after) or re.search(r"\bbetween\b", after[:80]):
            return True
        if re.search(r"\b(?:and|both)\b", subj) and sum(
            1 for e in entities() if e.start < m.start() and e.kind != "demonym"
        ) >= 2:
            return True
        if _PARTY_PLURAL.search(subj):
            return True
        if any(e.kind == "body" for e in entities() if e.start < m.start()):
            return True
        if re.match(r"\s+(?:in\s+principle\s+)?to\s+(?:\w+\s+){0,2}?(?:acquire|buy|purchase|merge|sell|lend|"
                    r"be\s+acquired|take\s+over|supply|swap|exchange|license|lease|"
                    r"settle|pay|form|invest|issue|combine|spin\s+off|transfer|place|grant)\b",
                    after):
            return True  # ("agreed in principle to buy": after the fresh set's one run)
        return False
    if verb == "signed":
        # "signed a ..." is only a trigger together with an agreement noun (handled there)
        return False
    if verb == "accepted":
        return bool(re.match(r"\s+(?:an?|the|its|their)\s+(?:[\w$.,-]+\s+){0,4}?"
                             r"(?:offer|bid|proposal|terms)\b", after))
    return False


def _verb_subject(sentence: str, m: re.Match) -> str:
    after = sentence[m.end():]
    comp = re.match(r"\s+(?:in\s+principle\s+)?(?:to|on|upon|with|between|terms|a|an|the)?"
                    r"[^,;]{0,100}", after)
    text = (sentence[m.start(): m.end()] + (comp.group(0) if comp else "")).strip()
    text = re.split(r"\b(?:said|the\s+sources|according|when|because)\b", text)[0]
    text = re.sub(r"^(?:agree\w*|accepted)\s+(?:in\s+principle\s+)?(?:to\s+)?", "", text,
                  flags=re.I)
    return _clip(text.strip(" ,."))


def _nul_fill(m: re.Match[str]) -> str:
    return "\x00" * (m.end() - m.start())


def _masked(low: str, fill: str | Callable[[re.Match[str]], str]) -> str:
    """`_MASK_LOW.sub(fill, low)`, with the pattern run only where it can match.

    A match holds an anchor word and never a ".", so it lies inside one of the pieces
    between the full stops that holds an anchor; the pattern starts with its only word
    boundary, which sees the same non-word character (or text start) before a piece.
    Those pieces are found from the anchors' occurrences (most pieces hold none).
    """
    present = [a for a in _MASK_ANCHORS if a in low]
    if not present:
        return low
    if "." not in low:
        return _MASK_LOW.sub(fill, low)
    n = len(low)
    starts: set[int] = set()  # where the pieces holding an anchor start
    for a in present:
        p = low.find(a)
        while p >= 0:
            starts.add(low.rfind(".", 0, p) + 1)
            end = low.find(".", p)  # (an anchor holds no ".")
            if end < 0:
                break
            p = low.find(a, end)
    out: list[str] = []
    done = 0
    for start in sorted(starts):
        end = low.find(".", start)
        end = n if end < 0 else end
        out.append(low[done:start])
        out.append(_MASK_LOW.sub(fill, low[start:end]))
        done = end
    out.append(low[done:])
    return "".join(out)


_CAP_WORD = re.compile(r"[A-Z][\w-]+")
_TENSE_MOD = re.compile(r"\b(?P<t>current|existing|old|previous|present|new|renewed|"
                        r"proposed|planned)\s+(?:\w+\s+)?$", re.I)
_NAMED_BEFORE = re.compile(r"[A-Z][\w.'-]*\s+(?:\w+\s+)?$")
_ARTICLE_NAME = re.compile(r"\b(?:the|an?)\s+[A-Z]")


def _sentence_candidates(
    idx: int, sentence: str, ctx: _Context, prev_parties: list[str], is_title: bool,
) -> list[_Cand]:
    """The agreement candidates of one sentence: agreement words, then transactions."""
    sent_low = sentence.lower()
    cands = _word_candidates(idx, sentence, sent_low, ctx, prev_parties, is_title) \
        if _has_cue(sent_low) else []
    if is_title or not ctx.txn_words or not any(w in sent_low for w in ctx.txn_words):
        return cands
    spans = [c.pos for c in cands]
    extra = False
    for t in find_transactions(sentence, lambda: _with_groups(_sentence_entities(ctx, idx, sentence), sentence),
                               lambda: _main_org(ctx), lambda: _main_actor(_ready(ctx))):
        if any(abs(t.start - p) <= 80 for p in spans) and not (
                _FINANCING.search(t.subject) and not any(_FINANCING.search(c.subject) for c in cands)):
            continue  # the agreement word near it states it (a financing of a deal is another)
        parties: list[str] = []
        for p in t.parties:
            _add_party(parties, _canon_party(p, ctx))
        if len(parties) < (1 if t.single else 2):
            continue
        cands.append(_Cand(idx, t.kind, t.status, _clip(t.subject), _content_words(t.subject),
                           parties, {}, _date_for(sentence, t.start, ctx.article_date),
                           False, False, t.start))
        spans.append(t.start)
        extra = True
    return _group_in_sentence(sentence, cands) if extra else cands


_FROM_NAME = re.compile(r"^\s+(?:from|with)\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|"
                        r"July|August|September|October|November|December)\b)[A-Z]")


def _with_groups(ents: list[_Entity], sentence: str) -> list:
    """`ents` and the sentence's group phrases ("creditor banks", "Japanese buyers": a
    demonym inside a group is the group's), in order."""
    groups = find_groups(sentence)
    if not groups:
        return ents
    keep = []
    for g in groups:
        inside = [e for e in ents if e.start < g.end and g.start < e.end]
        if all(e.kind == "demonym" for e in inside):
            keep.append(g)
    if not keep:
        return ents
    rest = [e for e in ents if not any(e.start < g.end and g.start < e.end for g in keep)]
    return sorted([*rest, *keep], key=lambda x: x.start)


def _main_actor(ctx: _Context) -> str | None:
    """The party an article is about: its most mentioned country (three mentions or more),
    else its main organisation."""
    top = ctx.country_counts.most_common(1)
    if top and top[0][1] >= 3:
        return top[0][0]
    return ctx.main_org


# "... with a local partner": a counterpart not yet found
_UNNAMED_PARTNER = re.compile(r"\s+with\s+an?\s+(?:[\w-]+\s+){0,2}(?:partner|company|firm|investor|"
                              r"buyer|bank|group)s?\b", re.I)
# a bare "a contract" after "in connection with" / "about", no verb making one around it
_PREP_INDEF_BEFORE = re.compile(r"\b(?:in\s+(?:connection|relation)\s+(?:with|to)|concerning|regarding|"
                                r"about)\s+an?\s+$", re.I)  # (not "in a deal worth $4bn")
_MAKING_VERB = re.compile(
    r"\b(?:sign\w*|w[oi]n\w*|award\w*|reach\w*|agree\w*|negotiat\w*|conclu\w*|str(?:ike|uck)|"
    r"enter\w*|secur\w*|land\w*|got|get|gets|obtain\w*|clinch\w*|seal\w*|approv\w*|"
    r"finali[sz]\w*|talks|hammer\w*|work\w*\s+out|draw\w*\s+up|terminat\w*|cancel\w*)\b", re.I)


def _word_candidates(
    idx: int, sentence: str, sent_low: str, ctx: _Context, prev_parties: list[str], is_title: bool,
) -> list[_Cand]:
    if len(sent_low) == len(sentence):  # offsets agree: match the fast lower-case patterns
        masked = _masked(sent_low, _nul_fill)
        # (nothing masked: the cue found above is still there)
        if masked is not sent_low and not _has_cue(masked):
            return []
        noun_rx, verb_rx = _NOUN_TRIGGER_LOW, _AGREE_VERB_LOW
    else:  # pragma: no cover - a rare character whose lower case is longer
        masked = _MASK.sub(_nul_fill, sentence)
        if not _CUE.search(masked):
            return []
        noun_rx, verb_rx = _NOUN_TRIGGER, _AGREE_VERB
    noun_matches = list(noun_rx.finditer(masked))
    verb_matches = list(verb_rx.finditer(masked))
    if not (noun_matches or verb_matches):
        return []  # no trigger: nothing below can make a candidate
    speculation: list[bool] = []  # read when first needed

    def speculative() -> bool:
        if not speculation:
            speculation.append(bool(_SPECULATION_LOW.search(sent_low)))
        return speculation[0]

    cands: list[_Cand] = []
    spans: list[tuple[int, int]] = []

    def negated_at(pos: int) -> bool:
        c0, c1 = _clause_bounds(sentence, pos)
        if noun_rx is _NOUN_TRIGGER_LOW:  # offsets of `sent_low` are those of `sentence`
            return bool(_NEGATED_LOW.search(sent_low[c0:c1]))
        return bool(_NEGATED.search(sentence[c0:c1]))

    # ---- noun triggers
    for m in noun_matches:
        s, e = m.start("noun"), m.end("noun")
        noun = sentence[s:e]
        low = noun.lower()
        before = sentence[:s]
        after = sentence[e:]
        if low.endswith("s") and _VAGUE_BEFORE.search(before[-40:]) and not re.search(
            r"\b(?:the|its|their)\s+(?:\w+\s+){0,2}$", before[-25:]
        ):
            continue
        if noun_rejected(sentence, s, e):
            continue  # vague, generic, a rulebook, speculation (`thaw_cli.agreement_filters`)
        if low == "understanding" and not re.search(
            r"\b(?:reached|signed|concluded|reach|sign|conclude)\s+(?:an?|the)\s+(?:\w+\s+)?$",
            before,
        ):
            continue
        if low.startswith("standard"):
            # a standard the parties develop or adopt together
            if not re.search(r"\b(?:agree\w*|jointly|develop\w*|adopt\w*|common|joint|unified|"
                             r"uniform|single)\b", sentence[max(0, s - 80): s], re.I):
                continue
        if low.startswith(("cooperation", "co-operation", "collaboration", "partnership")) and \
                re.search(r"[\w>)],\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}$", before[-50:]):
            continue  # "Opal Ventures, a partnership sponsored by ...": a description
        if low.startswith(("cooperation", "co-operation", "collaboration")) and re.match(
                r"\s+(?:with|between)\s+[^,;]{1,60}?\s+(?:could|would|can|may|might|will)\s", after) and \
                not re.search(r"\b(?:the|this|that|their|its|our)\s+(?:\w+\s+){0,2}$", before[-30:]):
            continue  # "cooperation with European partners could bring ...": an idea argued
        if low.startswith(("cooperation", "co-operation", "collaboration", "partnership")):
            ctxt = sentence[max(0, s - 70): e + 30]
            if not (re.search(r"^\s+(?:between|with)\b", after)
                    or re.search(r"\b(?:agree\w*|pursue|pursuing|promot\w*|launch\w*|"
                                 r"sign\w*|discuss\w*|expand\w*|deepen\w*|strengthen\w*|"
                                 r"enhanc\w*|establish\w*|step\s+up|boost\w*|seek\w*|"
                                 r"forum|framework|accord|pact|memorandum)\b",
                                 ctxt[: s - max(0, s - 70)], re.I)):
                continue
            if re.search(r"\bthrough\s+(?:\w+\s+)?$", before[-30:]):
                continue
        if low.startswith(("forum",)):
            if not re.search(r"\b(?:on|for)\s+(?:\w+\s+){0,3}(?:cooperation|co-operation)",
                             after[:40]):
                continue
            continue  # the cooperation noun that follows carries it
        if low.startswith("channel") and not re.search(
            r"\b(?:communication|hotline|military|dialogue|contact)\b",
            sentence[max(0, s - 40): e + 40], re.I,
        ):
            continue
        if low.startswith(("facilit",)) and not re.search(
            r"\b(?:credit|loan|sdr|dlr|standby|financing|guarantee|revolving)\b",
            sentence[max(0, s - 40): e + 60], re.I,
        ) and not _FROM_NAME.search(sentence[e: e + 60]):
            continue
        if low.startswith("arrangement") and not re.search(
            r"\b(?:swap|credit|financ\w*|trade|bilateral|currency|reschedul\w*|"
            r"supply|marketing|with|between|sign\w*|agree\w*|reach\w*)\b",
            sentence[max(0, s - 60): e + 40], re.I,
        ):
            continue
        if low.startswith(("dialog",)) and not (
            noun[0].isupper() or re.search(
                r"\b(?:launch\w*|establish\w*|set\s+up|start\w*|begin|hold\w*|agree\w*|"
                r"resum\w*|creat\w*|innovation|strategic|economic|high-level|bilateral)\b",
                sentence[max(0, s - 70): s + 10], re.I,
            ) or re.search(r"[\u201c\"'\u2018]\s*$", sentence[max(0, s - 30): s])
            or re.search(r"^[\u201d\"'\u2019]", after)
        ):
            # "the dialogue" anaphora is handled below
            if not _ANAPHOR_DET.search(before[-40:]):
                continue
        if low.startswith("deal") and re.search(r"\b(?:to|not|never)\s+$", before[-8:]):
            continue  # "to deal with"
        if low.startswith("deal") and after.startswith(" with") and re.search(
                r"\b(?:way|ways|how)\s+(?:[a-z]+\s+){0,2}$", before[-30:]):
            continue  # "the way companies deal with patents": a verb
        if low.startswith("deal") and re.match(r"\s+(?:[\w\"']+\s+){0,2}?with\b", after) and re.search(
                r"\b(?:will|would|should|could|can|must|might|may|to|how|they|we|he|she|I|you|"
                r"not|never|cannot|(?:can|won|don|didn|couldn|shouldn|wouldn|doesn)['\u2019]t)\s+"
                r"(?:\w+\s+)?$", before[-25:]):
            continue  # "how they should deal with", "we really can't deal with": a verb
        if low == "deals" and after.startswith(" with") and re.search(
                r"\b(?:also|which|that|it|he|she|this|who|largely|mainly|directly|often|only)\s+$",
                before[-15:]):
            continue  # "The film also deals with the loss": a verb
        if noun[:1].isupper() and low.startswith(("deal", "settlement", "arrangement", "contract",
                                                   "facilit")) \
                and re.search(r"(?:[A-Z][\w'-]*|of)\s+$", before[-12:]) and not is_title:
            continue  # "the New Deal", "the 1701 Act of Settlement": the name of something else
        if re.search(r"\b(?:with|without|subject\s+to|needs?|requires?|requiring|seek\w*)\s+the\s+"
                     r"agreement\s+of\b", sentence[max(0, s - 40):e + 4], re.I):
            continue  # "with the agreement of the licensing authority": consent
        if low.startswith("settlement") and not re.search(
            r"\b(?:reach\w*|agree\w*|sign\w*|out-of-court|court|legal|lawsuit|suit|"
            r"litigation|dispute|with|between)\b", sentence, re.I,
        ):
            continue
        if low.startswith("merger") and not re.search(
            r"\b(?:agree\w*|sign\w*|approv\w*|complet\w*|announc\w*|propos\w*|plan\w*|"
            r"terminat\w*|cancel\w*|definitive|with)\b", sentence, re.I,
        ):
            continue
        if low.startswith("contract") and re.search(
            r"\b(?:won|awarded|received|wins|win)\b", sentence, re.I
        ) is None and re.search(r"\b(?:sign\w*|agree\w*|renew\w*|negotiat\w*|with|"
                                r"between|expir\w*|labou?r|current|new|supply|sales?|"
                                r"one-year|two-year|three-year|long-term|terminat\w*|"
                                r"cancel\w*|award\w*)\b", sentence, re.I) is None:
            continue
        if re.match(r"\s+(?:rules|system|framework|procedures?)\b", after) and low in (
            "accord", "agreement"
        ):
            continue
        anaph = bool(_ANAPHOR_DET.search(before[-40:])) and not _INDEF_DET.search(before[-40:])
        tense_mod = _TENSE_MOD.search(before[-30:])
        if _NAMED_BEFORE.search(before[-30:]) and _ARTICLE_NAME.search(before[-40:]):
            anaph = False  # "the Paris agreement": a named one
        if is_title:
            anaph = False
        if not anaph and speculative():
            continue
        if negated_at(s) and not anaph:
            continue
        kind = _kind_of(low, before, after, sentence)
        subj = _subject_phrase(sentence, s, e)
        generic = not anaph and subj.lower() in (low, "agreement", "deal", "accord")
        if generic and _PREP_INDEF_BEFORE.search(before[-30:]) and not _MAKING_VERB.search(
                sentence[max(0, s - 100): e + 60]):
            continue  # "e-mails in connection with a contract": no agreement stated
        default = "planned" if kind in ("dialogue", "cooperation") else "concluded"
        status = _status(sentence, s, e, default)
        if status == "planned" and not anaph and _UNNAMED_PARTNER.match(after):
            continue  # "plans to produce cars in joint venture with a local partner": a plan
        if anaph and status == "planned" and kind not in ("dialogue", "cooperation") and not (
                tense_mod and tense_mod.group("t").lower() in ("proposed", "planned")):
            status = "concluded"  # ("its proposed merger" stays planned)
        ents = _sentence_entities(ctx, idx, sentence)
        parties, roles, _ana = _sentence_parties(sentence, ents, ctx, s, e, prev_parties)
        cand = _Cand(idx, kind, status, subj, _content_words(subj) | _content_words(
            " ".join(p for p in _CAP_WORD.findall(subj))
        ), parties, roles, _date_for(sentence, s, ctx.article_date), anaph, generic, s)
        if tense_mod:
            t = tense_mod.group("t").lower()
            cand.words.add("\x01" + ("old" if t in ("current", "existing", "old", "previous",
                                                      "present") else "new"))
        cands.append(cand)
        spans.append((s, e))

    # ---- verb triggers ("agreed to acquire", "agreed with", "accepted the offer")
    for m in verb_matches:
        if any(a - 80 <= m.start() <= b + 80 for a, b in spans):
            continue
        if not _verb_trigger_ok(sentence, m, lambda: _sentence_entities(ctx, idx, sentence)):
            continue
        ents = _sentence_entities(ctx, idx, sentence)
        if speculative() or negated_at(m.start()):
            continue
        subj = _verb_subject(sentence, m)
        after = sentence[m.end():]
        kind = "other"
        if m.group("verb").lower() == "accepted" or re.match(
            r"\s+(?:in\s+principle\s+)?to\s+[^,;]{0,60}?\b(?:acquire|buy|purchase|merge|be\s+acquired|take\s+over|"
            r"settle|sell\s+(?:its|the|all)|combine|spin\s+off)\b", after
        ):
            kind = "deal"
        elif re.match(r"\s+to\s+(?:\w+\s+){0,2}?(?:lend|supply|sell|license|lease|provide|"
                      r"market|distribute|develop|build|pay|issue|advance|loan|finance|fund)\b", after) or re.match(
                          r"\s+with\s+[^,]{0,60}\bfor\s+the\s+(?:supply|sale|purchase)", after):
            kind = "contract"
        elif re.search(r"\b(?:standard)\b", after[:80]):
            kind = "standard"
        elif re.search(r"\b(?:cooperat\w*|co-operat\w*)\b", after[:80]):
            kind = "cooperation"
        c0, _c1 = _clause_bounds(sentence, m.start())
        subj_np = sentence[c0: m.start()]
        verb_anaph = bool(re.search(
            r"\b(?:the|this|that|its|their)\s+(?:\w+\s+){0,2}(?:package|loan|agreement|deal|"
            r"accord|pact|contract|plan|terms|settlement|accord|proposals?|arrangement)\b",
            subj_np, re.I)) and m.group("verb").lower().startswith("agree")
        status = _status(sentence, m.start(), m.end(), "concluded")
        if m.group("verb").lower().startswith("agree") and status == "planned":
            # "agreed to launch": the agreement is made, what follows is planned
            c0, _ = _clause_bounds(sentence, m.start())
            if not _PLANNED.search(sentence[max(c0, m.start() - 60): m.start()]):
                status = "concluded"
        parties, roles, _ana = _sentence_parties(
            sentence, ents, ctx, m.start(), m.end(), prev_parties, verb=True
        )
        if kind == "other" and len(parties) >= 2 and all(
            canonical_country(p) or canonical_body(p) for p in parties
        ):
            kind = "accord"
        cands.append(_Cand(idx, kind, status, subj, _content_words(subj), parties, roles,
                           _date_for(sentence, m.start(), ctx.article_date), verb_anaph,
                           False, m.start()))
    return _group_in_sentence(sentence, cands)


def _group_in_sentence(sentence: str, cands: list[_Cand]) -> list[_Cand]:
    """Triggers of one sentence are one agreement unless coordinated with distinct subjects."""
    if len(cands) <= 1:
        return cands
    cands.sort(key=lambda c: c.pos)
    out: list[_Cand] = [cands[0]]
    for c in cands[1:]:
        prev = out[-1]
        between = sentence[prev.pos: c.pos]
        separate = (
            c.kind != prev.kind and not c.generic and not prev.generic
            and bool(re.search(r"\bas\s+well\s+as\b|;|\bwhile\b|\balso\b|, and\b|\band\s+"
                               r"(?:a|an|the)\b", between))
            and not re.search(r"\bunder\s+which\b|\bwhereby\b", between)
        ) or (c.anaphoric != prev.anaphoric and not (c.generic or prev.generic))
        if c.anaphoric and prev.anaphoric:
            separate = False
        if not separate and c.parties and prev.parties and not c.anaphoric and not prev.anaphoric \
                and not _parties_overlap(c.parties, prev.parties) and not (c.generic or prev.generic):
            separate = True  # "a similar agreement with Britain ... an accord with the Paris Club"
        if not separate and c.kind != prev.kind and {c.kind, prev.kind} <= {"contract", "deal", "other"} \
                and (_FINANCING.search(c.subject) is None) != (_FINANCING.search(prev.subject) is None):
            separate = True  # "arranged bank credit to finance ... the merger with Rexnord": two
        if not separate and c.status != prev.status and c.date and prev.date and c.date != prev.date \
                and not (c.generic or prev.generic):
            separate = True  # "negotiating to buy cotton this year, after ... a barter agreement last year"
        if separate:
            out.append(c)
            continue
        # merge c into prev (the more specific kind leads)
        if _KIND_RANK[c.kind] < _KIND_RANK[prev.kind] and not c.generic:
            prev.kind, prev.subject = c.kind, c.subject if prev.generic else prev.subject
        prev.words |= c.words
        for p in c.parties:
            _add_party(prev.parties, p)
        prev.roles.update(c.roles)
        prev.date = prev.date or c.date
        if prev.generic and not c.generic:
            prev.subject, prev.generic = c.subject, False
            prev.status = c.status if c.status != "concluded" or prev.status == "concluded" \
                else prev.status
        prev.anaphoric = prev.anaphoric and c.anaphoric
    return out


def _compatible(a: str, b: str) -> bool:
    return b in _COMPAT.get(a, set()) or a in _COMPAT.get(b, set())


def _record_of(c: _Cand) -> _Record:
    r = _Record([c], [c.sent], set(c.words), list(c.parties), c.status, c.kind)
    return r


def _absorb(r: _Record, c: _Cand) -> None:
    r.cands.append(c)
    if c.sent not in r.sents:
        r.sents.append(c.sent)
    r.words |= c.words
    for p in c.parties:
        _add_party(r.parties, p)
    if c.status == "ended" and r.status != "ended":
        r.status = "ended"
    if _KIND_RANK[c.kind] < _KIND_RANK[r.kind] and not c.anaphoric:
        r.kind = c.kind


def _other_side(r: _Record, c: _Cand) -> bool:
    """A financing and the deal it finances: one is no anaphor of the other."""
    return r.kind != c.kind and {r.kind, c.kind} <= {"contract", "deal"} and (
        (_FINANCING.search(c.subject) is None) != all(_FINANCING.search(x.subject) is None for x in r.cands))


_FINANCING = re.compile(r"\b(?:credits?|loans?|financing|facilit(?:y|ies)|advances?|lend\w*)\b", re.I)


def _should_merge(r: _Record, c: _Cand, last_sent: int) -> bool:
    if not _compatible(r.kind, c.kind):
        return False
    if r.kind != c.kind and {r.kind, c.kind} <= {"contract", "deal"} and (
            (_FINANCING.search(c.subject) is None) != all(_FINANCING.search(x.subject) is None for x in r.cands)):
        return False  # a financing and the deal it finances are two agreements
    if r.parties and c.parties and not _parties_overlap(r.parties, c.parties):
        return False
    if len(r.parties) >= 2 and len(c.parties) >= 2 and not c.anaphoric:
        # one party in common, the counterparts all different: another agreement of that
        # party ("is selling warrants to Goldman Sachs" / "agreed to sell ... to Georgia Gulf")
        if not any(_parties_overlap([p], r.parties) for p in c.parties[1:]) and \
                _parties_overlap(c.parties[:1], r.parties):
            return False
    if len(r.parties) >= 2 and len(c.parties) >= 2 and r.kind == c.kind and \
            sum(1 for p in c.parties if _parties_overlap([p], r.parties)) >= 2 and \
            (c.status == r.status or abs(c.sent - last_sent) <= 2):
        return True  # the same two parties, the same kind: "merger agreement", "acquisition of"
    if r.kind == c.kind and r.kind in ("treaty", "memorandum") and r.parties and c.parties \
            and c.status == r.status:
        return True  # the parties' memorandum named again: "the U.S./ASEAN Memorandum"
    marks = {w for w in c.words if w.startswith("\x01")}
    if marks and marks == {w for w in r.words if w.startswith("\x01")} and (
            c.generic or not c.parties or not r.parties or _parties_overlap(r.parties, c.parties)):
        return True  # "the new pact" ... "the new accord" ... "the new agreement"
    if c.status != r.status and not (c.status == "ended" or r.status == "ended"):
        return False
    shared = r.words & c.words
    if len(shared) >= 2:
        return True
    if len(shared) == 1 and (abs(c.sent - last_sent) <= 1 or r.kind == c.kind):
        return True
    return bool(c.generic and c.parties and r.parties and _parties_overlap(r.parties, c.parties))


def _status_cue_near(sentence: str, pos: int) -> bool:
    """Whether a status word ("signed", "expired", "proposed") is near `pos` in its clause."""
    c0, c1 = _clause_bounds(sentence, pos)
    window = sentence[max(c0, pos - 60): min(c1, pos + 60)].lower()
    return any(rx_low.search(window) for _rx, rx_low, _st in _STATUS_CUES)


def extract_agreements(
    article_id: str, text: str, article_date: str | None, title: str | None = None,
    sentences: list[str] | None = None,
) -> list[Agreement]:
    """The agreements an article reports, one record per distinct agreement.

    ``sentences`` are those of ``text`` when the caller has split it already
    (`thaw_cli.analysis.sentences.split_sentences`); they are split here otherwise.
    """
    has_title = bool(title and title.strip())
    low = (text or "").lower()
    txn_words = transaction_words(low)
    if not _has_cue(low) and not (has_title and _has_cue((title or "").lower())) \
            and not txn_words:
        return []
    sents = _sentences(text or "", sentences)
    use_title = has_title and not _is_caps_title(title or "")
    all_sents = ([" ".join((title or "").split())] if use_title else []) + sents
    offset = 1 if use_title else 0
    ctx = _build_context(all_sents, article_date)
    ctx.txn_words = txn_words

    records: list[_Record] = []
    prev_parties: list[str] = []
    last_sent_of: dict[int, int] = {}
    for idx, sentence in enumerate(all_sents):
        ctx.current = idx
        cands = _sentence_candidates(idx, sentence, ctx, prev_parties, idx < offset)
        for c in cands:
            target: _Record | None = None
            mark: set[str] = set()
            mark = {w for w in c.words if w.startswith("\x01")}
            if c.anaphoric and mark and records:
                # "the current pacts" after "new contracts": another agreement
                others = [r for r in records if not ({w for w in r.words if w.startswith("\x01")}
                                                     - mark)]
                if others:
                    target = others[-1]
                else:
                    c.anaphoric = False
                    c.status = "concluded" if "\x01old" in mark else "planned"
            if target is None and c.anaphoric and records:
                # the nearest earlier record this noun can refer to: same kind first
                for r in reversed(records):
                    if r.kind == c.kind and c.kind != "other":
                        target = r
                        break
                for r in ([] if target else reversed(records)):
                    if (_compatible(r.kind, c.kind) or c.kind == "other") and not _other_side(r, c):
                        if not c.parties or not r.parties or _parties_overlap(
                            r.parties, c.parties
                        ) or len(r.words & c.words) >= 1:
                            target = r
                            break
                if target is None and len(c.parties) >= 1 and all(_other_side(r, c) for r in records):
                    c.anaphoric = False  # "the subsequent merger with Rexnord" after its financing
                elif target is None:
                    target = records[-1]
                if target is not None:
                    c.parties = [p for p in c.parties if _parties_overlap([p], target.parties)] \
                        if target.parties else c.parties
            elif c.anaphoric:
                if len(c.parties) < 2 and not any(w[:1] != "\x01" for w in c.words) and \
                        not _status_cue_near(all_sents[c.sent], c.pos):
                    continue  # "X is against the deal", nothing before it: a bid, a plan
                c.anaphoric = False
            if target is None:
                for r in reversed(records):
                    if _should_merge(r, c, last_sent_of.get(id(r), -9)):
                        target = r
                        break
            if target is None:
                if c.anaphoric:
                    continue
                target = _record_of(c)
                records.append(target)
            else:
                _absorb(target, c)
            last_sent_of[id(target)] = idx
            if len(target.parties) >= 2:
                prev_parties = list(target.parties)

    if not records:
        return []
    # The second gate: a trigger must survive masking somewhere in the article's text (not
    # its title), else it has no agreements. Read last, only for an article with records
    # (most have none): the loop above changes nothing outside this call (pure caches
    # aside), so the answer is the one of reading the gate first.
    masked_all = _masked(low, " ")
    if not (_NOUN_TRIGGER_LOW.search(masked_all) or _AGREE_VERB_LOW.search(masked_all)
            or txn_cue(low)):
        return []
    out: list[Agreement] = []
    repo = "repurchase" in low and _MASK_LOW.search(low) is not None
    whole: list[_Context] = []  # the context read to the end, when a record asks for it

    def read_all() -> _Context:
        if not whole:
            whole.append(_ready(ctx))
        return whole[0]
    for r in records:
        body_sents = [i for i in r.sents if i >= offset]
        if not body_sents:
            continue
        primary = min(
            (c for c in r.cands if not c.anaphoric),
            key=lambda c: (_KIND_RANK[c.kind], c.generic),
            default=r.cands[0],
        )
        # an agreement needs a counterpart: one party's own act is dropped
        parties = list(r.parties)
        roles: dict[str, str] = {}
        for c in r.cands:
            roles.update(c.roles)
        top_countries = [c for c, n in read_all().country_counts.most_common(2) if n >= 2] \
            if len(parties) < 2 and r.kind in ("dialogue", "cooperation", "treaty", "arrangement",
                                               "standard", "accord") else []
        if len(top_countries) == 2:
            if not parties or canonical_country(parties[0]) or parties[0] in roles:
                for c in top_countries:
                    _add_party(parties, c)
        # people standing for their countries
        if r.kind in ("dialogue", "cooperation", "treaty", "accord", "arrangement"):
            _ready(ctx, max(r.sents))
            conv: list[str] = []
            for p in parties:
                pc = _person_country(p, ctx)
                _add_party(conv, pc if pc else p)
            parties = conv
        countries = {canonical_country(p) for p in parties if canonical_country(p)}
        if len(countries) >= 2:
            _ready(ctx, max(r.sents))
            parties = [p for p in parties if p not in roles and p not in ctx.persons.values()
                       and not any(p == v[0] for v in ctx.persons.values())
                       or (_person_country(p, ctx) is not None
                           and _person_country(p, ctx) not in countries)]
        if repo and len(parties) <= 1 and all(c.generic or len(c.subject.split()) <= 3 for c in r.cands):
            continue  # "an earlier pact expires" where the pacts are a central bank's repurchases
        kind = r.kind
        if kind in ("contract", "other") and len(parties) >= 2 and all(
                canonical_country(p) for p in parties) and not re.search(
                    r"\b(?:loans?|credits?|lend|financ\w*|facilit\w*|supply|sale|purchase|buy)\b",
                    primary.subject, re.I):
            kind = "accord"  # between countries: "a barter agreement", "the PL 480 agreement"
        if not parties and kind == "other" and not primary.generic and (dyad := _dyad(read_all())):
            # "Negotiators were trying to reach agreement ...": in an article about two
            # countries or blocs, between them
            parties, kind = list(dyad), "accord"
        if not parties and kind in ("other", "contract", "deal"):
            continue
        if kind == "other":  # "an agreement": what its sentences say about it
            kind = refine_other_kind(primary.subject, [all_sents[i] for i in body_sents], parties,
                                     lambda p: bool(canonical_country(p) or canonical_body(p)))
        roles = {p: roles[p] for p in parties if p in roles}
        date = primary.date
        if date is None:
            for c in sorted(r.cands, key=lambda c: c.sent):
                if c.date and not c.anaphoric:
                    date = c.date
                    break
        status = primary.status if r.status != "ended" else "ended"
        evidence = [all_sents[i] for i in sorted(set(body_sents))]
        parties = [display_name(p) for p in parties]
        roles = {display_name(p): v for p, v in roles.items()}
        out.append(Agreement(
            article=article_id, kind=kind, parties=parties,
            subject=primary.subject or r.kind, status=status, date=date,
            evidence=evidence, roles=roles,
        ))
    return out


def _dyad(ctx: _Context) -> list[str]:
    """The two countries or blocs an article is about: each named twice or more, no third."""
    counts = Counter(ctx.country_counts)
    names = {c: c for c in counts}
    for key, n in ctx.body_counts.items():
        counts[key] += n
        names[key] = ctx.body_names.get(key, key)
    top = counts.most_common(3)
    if len(top) >= 2 and top[1][1] >= 2 and (len(top) == 2 or 3 * top[2][1] <= top[1][1]):
        return [names[top[0][0]], names[top[1][0]]]
    return []


def _person_country(name: str, ctx: _Context) -> str | None:
    return ctx.person_country.get(name)


# ----------------------------------------------------------------------------- across


_KIND_HEADS = re.compile(r"\b(?:dialog(?:ue)?|cooperation|co-operation|forum|standards?|"
                         r"memorandum|channels?|partnership|collaboration)\b", re.I)


def _group_words(a: Agreement) -> set[str]:
    """Distinctive words of a subject, with the head nouns that tell its kind."""
    return _content_words(a.subject) | {
        _stem(m.group(0).replace("-", "")) for m in _KIND_HEADS.finditer(a.subject)
    }


_DANGLING = frozenset("a an the of and or for to in on with by at from under which that".split())


def _clip(text: str, limit: int = 140) -> str:
    """A subject of at most `limit` characters, cut between words, not ending on a
    preposition, article or conjunction."""
    words = text.split()
    if sum(map(len, words)) + len(words) - 1 <= limit:
        out = words  # all of them fit: what the loop below keeps
    else:
        out = []
        size = 0
        for w in words:
            if size + len(w) + bool(out) > limit:
                break
            out.append(w)
            size += len(w) + (len(out) > 1)
    while len(out) > 1 and out[-1].lower().strip(",;:") in _DANGLING:
        out.pop()
    return " ".join(out).rstrip(",;:") if out else text[:limit]


def merge_across(
    records: list[Agreement], article_dates: dict[str, str | None]
) -> list[AgreementGroup]:
    """Group the same agreement reported in several articles."""
    order = sorted(range(len(records)),
                   key=lambda i: (sort_key(article_dates.get(records[i].article)), i))
    groups: list[dict] = []
    # word -> indexes of the groups whose words contain it: only groups sharing two or more
    # words with a record can take it, so those are the only ones checked (in creation
    # order, as a scan of every group would), never all pairs.
    postings: dict[str, list[int]] = {}
    for i in order:
        rec = records[i]
        words = _group_words(rec)
        placed = None
        shared: dict[int, int] = {}
        for w in words:
            for gi in postings.get(w, ()):
                shared[gi] = shared.get(gi, 0) + 1
        for gi in sorted(k for k, n in shared.items() if n >= 2):
            g = groups[gi]
            if rec.article in g["articles"]:
                continue
            if not _compatible(g["kind"], rec.kind):
                continue
            if not _parties_overlap(g["parties"], rec.parties) and not _country_overlap(
                g["parties"], rec.parties
            ):
                continue
            placed = g  # shares two or more distinctive words (see `shared`)
            break
        if placed is None:
            placed = {"kind": rec.kind, "parties": list(rec.parties), "words": set(),
                      "records": [], "articles": set(), "index": len(groups)}
            groups.append(placed)
        placed["records"].append(rec)
        placed["articles"].add(rec.article)
        for w in words - placed["words"]:
            postings.setdefault(w, []).append(placed["index"])
        placed["words"] |= words
        for p in rec.parties:
            _add_party(placed["parties"], p)
        if _KIND_RANK[rec.kind] < _KIND_RANK[placed["kind"]]:
            placed["kind"] = rec.kind

    out: list[AgreementGroup] = []
    for g in groups:
        recs = sorted(g["records"], key=lambda r: sort_key(article_dates.get(r.article)))
        mentions = [Mention(r.article, article_dates.get(r.article), r.status, r.date,
                            list(r.evidence)) for r in recs]
        latest = recs[-1]
        best_subject = max(recs, key=lambda r: (len(_content_words(r.subject)),
                                                r.subject[:1].isupper()))
        dates = [r.date for r in recs if r.date]
        out.append(AgreementGroup(
            kind=g["kind"], parties=list(g["parties"]), subject=best_subject.subject,
            status=latest.status, date=latest.date or (dates[-1] if dates else None),
            articles=[r.article for r in recs], mentions=mentions,
        ))
    out.sort(key=lambda g: sort_key(g.mentions[0].article_date) if g.mentions else "")
    return out


def _country_overlap(a: list[str], b: list[str]) -> bool:
    ca = {canonical_country(p) for p in a} - {None}
    cb = {canonical_country(p) for p in b} - {None}
    return bool(ca & cb)


# ----------------------------------------------------------------------------- filter


def party_matches(query: str, parties: list[str]) -> bool:
    """Does `query` designate one of `parties`? Countries by name, demonym or capital
    ("Japanese", "Tokyo", "japan" → "Japan"); other names by case-insensitive substring."""
    q = " ".join(query.split()).lower()
    if not q:
        return False
    qc = canonical_country(q)
    for p in parties:
        pl = p.lower()
        if q in pl or (len(pl) > 3 and pl in q):
            return True
        if qc is not None and canonical_country(p) == qc:
            return True
        if qc is not None:
            # "Japan" matches "Japanese government", "Chinese Premier Li"
            for w in re.findall(r"[A-Za-z][\w.]*", p):
                if canonical_country(w) == qc and len(w) > 2:
                    return True
    return False
