"""Agreements stated as transactions: acquisitions, sales, mergers, loans, orders,
postponements ("X acquired Y", "Y was acquired by X", "the merger of X and Y", "X sold its
unit to Y", "a loan from Y", "placed an order with Y", "Japanese buyers agreed to postpone
deliveries").

Each is an agreement between two parties the sentence names, so a trigger here is kept only
with both of them found by the sentence's structure (the subject of the verb, its object,
the names after "from", "to", "with", "by"); one party's own plan ("plans to acquire",
"will seek a buyer") or a bare statistic ("bank loans rose") is no trigger.
Pure text in, `Txn` out; `thaw_cli.agreements` turns them into records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from thaw_cli.analysis.parties import clause_subject, coordinated, is_modifier, subject_of
from thaw_cli.core import rxfactor

__all__ = ["Txn", "find_transactions", "has_transaction", "transaction_words", "txn_cue"]


class NameLike(Protocol):
    text: str
    start: int
    end: int
    kind: str


@dataclass
class Txn:
    start: int  # the trigger's span in the sentence
    end: int
    kind: str  # deal | contract | arrangement
    status: str  # concluded | planned
    parties: list[str] = field(default_factory=list)
    subject: str = ""
    single: bool = False  # one party named (a sale to a buyer the article does not name)


# Cheap gate on lower-cased text: without one of these substrings (plain `in` tests, much
# faster than a regex alternation), a sentence or article has no transaction.
_KEYS = ("acqui", "bought", "purchas", "sold", "selling", "merge", "took over", "taken over",
         "worked out with", "hammered out with",
         "lent", "loan", "credit", "financ", "facilit", "postpon", "delay", "defer", "order",
         "paid", "resched", "restruct", "to buy", "assumed by", "advance", "standby", "stand-by",
         "buyout", "takeover", "combination of", "amalgamation", "joined", "signed up")


def txn_cue(low: str) -> bool:
    """Whether lower-cased text holds a word a transaction needs."""
    for k in _KEYS:
        if k in low:
            return True
    return False


_ASSET = (r"(?:(?:a|an|the|its|their|all|some|part|most|\d[\d,.]*(?:\s+(?:pct|percent|mln|bln|"
          r"million|billion))?)\s+(?:[\w.,$-]+\s+){0,5}?(?:of|in)\s+(?:the\s+)?)?")

# verb triggers: (pattern, kind, status, roles) where roles say who the parties are:
#  "so": subject + object (the thing bought, or its owner "X's unit", or "from Y")
#  "st": subject + the name after "to" (a sale)
#  "sb": subject + the name after "by" (passive)
_VERBS: list[tuple[re.Pattern[str], str, str, str]] = [
    (re.compile(r"\b(?:has\s+|had\s+|have\s+)?(?:acquired|bought|purchased)\b(?!\s+by\b)"),
     "deal", "concluded", "so"),
    (re.compile(r"\b(?:has\s+|had\s+)?(?:completed|closed|concluded|finali[sz]ed)\s+(?:the\s+|its\s+|their\s+)?"
                r"(?:previously\s+announced\s+|proposed\s+|planned\s+)?(?:\w+\s+)?"
                r"(?:acquisition|purchase|takeover|buyout)\s+of\b"), "deal", "concluded", "so"),
    (re.compile(r"\b(?:has\s+|have\s+|had\s+)?(?:taken|took)\s+over\b(?!\s+as\b)"), "deal",
     "concluded", "so"),
    (re.compile(r"\bpaid\s+(?:about\s+|some\s+|nearly\s+|over\s+)?[\d$][^,;]{0,40}?\s+for\b"),
     "deal", "concluded", "so"),
    (re.compile(r"\b(?:has\s+|had\s+)?sold\b(?!\s+(?:off|out)\b)"), "deal", "concluded", "st"),
    (re.compile(r"\b(?:is|are)\s+selling\b"), "deal", "concluded", "st"),
    (re.compile(r"\b(?:was|were|has\s+been|have\s+been|had\s+been|being)\s+(?:acquired|bought|purchased|"
                r"assumed|taken\s+over)\s+by\b"), "deal", "concluded", "sb"),
    (re.compile(r"\b(?:has\s+|had\s+)?merged\s+with\b"), "deal", "concluded", "so"),
    (re.compile(r"\b(?:has\s+|have\s+|had\s+)?(?:lent|loaned|advanced)\b"), "contract", "concluded", "so"),
    (re.compile(r"\bplaced\s+(?:an?\s+)?(?:[\w$.,-]+\s+){0,5}?orders?\s+with\b"), "contract",
     "concluded", "sw"),
    (re.compile(r"\b(?:agreed|accepted|accept)\s+(?:to\s+)?(?:a\s+|the\s+)?(?:postpone\w*|delay\w*|"
                r"defer\w*)\b"), "arrangement", "concluded", "sf"),
    # "Gazprom is set to merge with Rosneft", "X will merge with Y" (status from the modal)
    (re.compile(r"\b(?<!agreed\sto\s)merge\s+with\b"), "deal", "concluded", "so"),
    # "the World Bank extended loans totalling 241 mln dlrs to Niger and Zaire"
    (re.compile(r"\b(?:has\s+|had\s+|have\s+)?extended\s+(?:[\w$.,-]+\s+){0,5}?(?:loans?|credits?|"
                r"financing)\b"), "contract", "concluded", "stc"),
    # "surprised everyone by selling the Dutchman to Lazio"
    (re.compile(r"\bby\s+selling\b"), "deal", "concluded", "st"),
    # "doubled its ownership by purchasing the 30.74 pct interest held by the Williams Cos"
    (re.compile(r"\bby\s+(?:purchasing|buying|acquiring)\b"), "deal", "concluded", "so"),
    # "a new exchange rate system worked out with the World Bank and IMF"
    (re.compile(r"\b(?:worked|hammered)\s+out\s+with\b"), "arrangement", "concluded", "wa"),
    # "Samuel L Jackson and Ben Stiller have signed up for Ricky Gervais' new sitcom"
    (re.compile(r"\b(?:has\s+|have\s+|had\s+)?signed\s+up\s+(?:for|with|to)\b"), "contract",
     "concluded", "so"),
]

# words that end a description between a preposition and a name ("to investors in Germany")
_NOT_DESCRIPTOR = frozenset("""in on at of for with from to by and or but which who that the a an
its their his her as than after before under over into about said says is are was were be
been has have had will would""".split())
_WHICH_BOUGHT = re.compile(r",\s+which\s+(?P<who>(?:[A-Z][\w&.'-]*\s+){0,3}[A-Z][\w&.'-]*)\s+"
                           r"(?:has\s+|had\s+)?(?P<v>bought|acquired|purchased|took\s+over)\b")

# a reduced passive after a name: "Chesebrough-Pond's Inc, recently acquired by a unit of
# Unilever N.V., said ..." (the name before the comma was bought by the name after "by")
_REDUCED_PASSIVE = re.compile(
    r",\s+(?:(?:which|that)\s+(?:was|were|has\s+been|had\s+been)\s+)?(?:\w+ly\s+|last\s+year\s+|"
    r"in\s+\d{4}\s+)?(?:acquired|bought|purchased|taken\s+over)\s+(?:last\s+\w+\s+|in\s+\d{4}\s+)?by\b")
# a player's transfer between clubs: "joined the Gunners from Seville for £17m", "signed
# for Chelsea from Porto in a £24m deal", "moved to Real Madrid from Arsenal for a fee"
_TRANSFER = re.compile(
    r"\b(?:joined|signed\s+for|moved\s+to)\s+(?P<a>[^,;]{2,50}?)\s+from\s+(?P<b>[^,;]{2,50}?)\s+"
    r"(?:for|in\s+a)\s+(?:an?\s+)?(?:undisclosed|nominal|reported|record|fee\b|[£$€]\s?\d)")
# "the purchase of Japan Telecom" with its buyer named before ("Its recent return ... came
# with the purchase of X", "It added that the acquisition of X has broadened Phelps
# Dodge's earnings base"): the article's company, when the sentence names no other buyer
_BUYER_ANAPHOR = re.compile(r"^\W*(?:It|Its|The\s+company|The\s+company's|The\s+group|The\s+firm)\b")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|its|their)\s+(?:recent\s+|previous\s+|earlier\s+|"
                              r"successful\s+|completed\s+)?$")
_SECURITIES = re.compile(r"\b(?:shares?|stock|warrants?|units?|notes|bonds|debentures)\b")
_UNIT_OF = re.compile(r"\b(?:by|to|from|with)\s+(?:a|an|the|its)\s+(?:[\w-]+\s+)?(?:unit|"
                      r"subsidiary|affiliate|division|arm)\s+of\s+(?:the\s+)?$")

# noun triggers with their counterparty: "the merger of X and/with Y", "X's acquisition of Y",
# "the acquisition of Y by X", "a ... loan from/with Y", "... credit from Y"
_MERGER_OF = re.compile(r"\b(?:merger|combination|amalgamation)\s+(?:of|between)\b")
_ACQ_OF = re.compile(r"\b(?:acquisition|purchase|takeover|buyout)\s+of\b")
_LOAN_FROM = re.compile(
    r"\b(?:loans?|credits?|credit\s+lines?|lines?\s+of\s+credit|financing|facility|"
    r"co-financing|advances?)\s+(?:agreement\s+)?(?:from|with|by)\b")
_LOAN_NOUN = re.compile(
    r"\b(?:[\w$.,-]+\s+){0,6}?(?:loans?|credits?|credit\s+lines?|co-financing|financing|"
    r"facility)\b")

_CLAUSE_END = re.compile(r";|,\s+(?:but|while|whereas|and\s+(?:it|the|he|she|they))\b|\.\s")
_SAID_IT = re.compile(r"\b(?:said|says|announced|reported|added|told\s+\w+)\s+(?:that\s+)?"
                      r"(?:it|its\s+\w+(?:\s+\w+)?\s+(?:unit|subsidiary)|the\s+company|they|he|she)\b")
_ANAPHOR = re.compile(r"\b(?:[Ii]t|[Tt]he\s+(?:company|firm|group|bank|concern|corporation))\s*$")
_PLAN = re.compile(r"\b(?:plans?|planned|planning|intends?|intended|wants?|wanted|seeks?|seeking|"
                   r"sought|hopes?|may|might|could|would|will|to|considering|consider|"
                   r"proposed|proposes|negotiations?|talks|offer(?:ed|s)?|bid)\s+(?:\w+\s+){0,2}$")
_THROUGH = re.compile(r"\b(?:through|via)\b")
_LENT_SUPPORT = re.compile(r"\s+(?:\w+\s+)?(?:backing|support|weight|name|names|voice|voices|"
                           r"credibility|hand|ear|expertise)\b")
_NEGATION = re.compile(r"\b(?:not|never|no|denied|denies|deny|rejected|refused)\b")
_GENERIC_OBJECT = re.compile(r"^\s*(?:shares|stock|its\s+own|back|more|additional|securities|"
                             r"bonds|notes|debt|assets|equipment|crude|oil|gold|wheat|grain|sugar|"
                             r"tonnes|barrels|ounces|dollars|dlrs|stg|yen|marks)\b")


def _name_at(names: Sequence[NameLike], start: int, limit: int, *, skip_asset: bool = True,
             sentence: str = "") -> NameLike | None:
    """The first name starting in [start, limit), unless a clause break comes first."""
    for n in names:
        if start <= n.start < limit:
            if n.kind == "demonym":
                continue  # "the merger of Russian gas giant Gazprom and ...": a description
            gap = sentence[start:n.start]
            if _CLAUSE_END.search(gap) or len(gap) > 90:
                return None
            return n
    return None


_PARTY_KINDS = ("org", "body", "country", "name", "person", "group")
_APPOSITIVE = re.compile(r"^,\s[^;]{1,120},\s*(?:[\w-]+\s+){0,3}$")
_RELATIVE = re.compile(r"^,?\s*(?:which|who|that)\s+(?:[\w-]+\s+){0,2}$")
_ADJACENT = re.compile(r"^\s*(?:(?:[\w-]+)\s+){0,3}$")
_GOODS = re.compile(r"\b(?:\d[\d,.]*|a|one|two|three|four|five|six|seven|eight|nine|ten|some|"
                    r"about|additional|\w+ty)\s+(?:[\w-]+\s+){0,3}?(?:shares|tonnes|tons|barrels|"
                    r"cargoes|cargos|ounces|bushels|bales|units|head|lots|seats|acres|copies|tickets)\b|"
                    r"\b(?:shares|tonnes|cargoes|barrels)\s+of\b|"
                    r"\b(?:mln|bln|billion|million)\s+(?:\w+\s+)?(?:dlrs|dollars|yen|marks|stg|francs|"
                    r"pounds|pesos|lire)\s+(?:worth\s+)?of\b|"
                    r"\b\d[\d,.]*\s+(?:mln|bln|billion|million)\s+(?:dlrs|dollars|yen|marks|stg|francs|"
                    r"pounds|pesos|lire|guilders|crowns)\b")
# "Falmouth, Maine-based G.H. Bass and Co": a place modifying the name after it
_BASED_AFTER = re.compile(r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?-based\b")
_SAID_AFTER = re.compile(r"\s+(?:said|says|told|reported|announced)\b")
_SHARES_AFTER = re.compile(r"^(?:['\u2019]s)?\s+(?:common\s+|preferred\s+|class\s+\w\s+)?"
                           r"(?:shares|stock|common|preferred|debentures|notes|bonds|warrants)\b")
_PREP_BEFORE = re.compile(r"\b(?:with|in|to|from|of|for|by|at|on|into|against|about|"
                          r"under|over|than)\s+(?:the\s+|its\s+|a\s+)?$")


def _object(sentence: str, names: Sequence[NameLike], end: int) -> tuple[NameLike | None, str | None]:
    """(the company acquired or its owner, the seller after "from") after `end`; no object
    for goods or a number of shares (a market purchase) unless a seller is named."""
    right = sentence[end:end + 200]
    stop = _CLAUSE_END.search(right)
    limit = end + (stop.start() if stop else len(right))
    obj = None
    seller = None
    for n in names:
        if end <= n.start < limit and not _SAID_AFTER.match(sentence, n.end) \
                and not _BASED_AFTER.match(sentence, n.end):
            gap = sentence[end:n.start]
            if re.search(r"\bfrom\s+(?:the\s+|its\s+)?$", gap[-12:]) and n.kind in _PARTY_KINDS:
                seller = n.text
                break
            if obj is None and len(gap) <= 80 and n.kind in _PARTY_KINDS:
                obj = n
    if obj is not None and (_GOODS.search(sentence[end:obj.start])
                            or _SHARES_AFTER.match(sentence[obj.end:obj.end + 30])
                            or (obj.kind == "country" and re.match(r"\s+[a-z]", sentence[obj.end:obj.end + 3]))):
        obj = None  # shares bought in the market, goods ("U.S. corn"): no counterparty
    return obj, seller


_ARRANGED_CREDIT = re.compile(
    r"\b(?:arranged|obtained|secured|signed|received|negotiated)\s+(?:an?\s+|new\s+)?(?:[\w$.,-]+\s+){0,4}?"
    r"(?:bank\s+credit|credit\s+(?:line|facility|agreement)|line\s+of\s+credit|bank\s+loans?|"
    r"revolving\s+credit|term\s+loan|bank\s+financing)\b")
_ACQUIRED_FROM = re.compile(r"\b(?:unit|units|subsidiary|division|business|operations|company|"
                            r"assets|stake|interest)\s+(?:it\s+)?(?:acquired|bought|purchased)\s+from\s+")
_RESCHEDULE = re.compile(r"\b(?:rescheduling|restructuring|refinancing)\b")
_TALKS_WITH = re.compile(r"\b(?:talks|negotiations|discussions|negotiated|agreed|agreement|accord|"
                         r"pact|deal)\s+(?:[\w-]+\s+){0,2}?(?:between|with)\s+")
_SALE_PRICE = re.compile(
    r"\b(?:has\s+|had\s+)?sold\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,5}?(?:operations|unit|"
    r"subsidiary|division|business|businesses|stake|interest|assets|plant|holdings|properties|"
    r"operation)\b[^;]{0,80}?\bfor\s+(?:about\s+|some\s+|nearly\s+)?[\d$]")
_MERGER_OF_THEM = re.compile(r"\b(?:merger|combination)\s+of\s+the\s+(?:two\s+)?(?:companies|"
                             r"banks|firms|groups|airlines|carriers|concerns|utilities)\b")
_TALKS_TO_BUY = re.compile(r"\b(?:negotiations|talks|discussions|letter\s+of\s+intent|agreement\s+in\s+"
                           r"principle|negotiating|negotiates|negotiate)\s+(?:with\s+[^,;]{1,60}?\s+)?"
                           r"(?:[\w-]+\s+){0,2}?to\s+(?:buy|acquire|purchase|sell)\b")
_OWNED_CREDIT = re.compile(r"\b(?:its|their)\s+(?:[\w$.,-]+\s+){0,4}?$")
_CREDIT_ANY = re.compile(r"\b(?:its|their)\s+(?:[\w$.,-]+\s+){1,6}?(?:standby|stand-by|"
                         r"contingency)\s+(?:credit|loan|facility|financing)\b")
_CREDIT_NOUN = re.compile(r"\s+(?:standby|stand-by|contingency)\s+(?:credit|loan|facility|"
                          r"financing)\b")


_APPROVER_NAME = re.compile(r"^\W*(?:said|says)?\s*(?:it\s+)?(?:will\s+|would\s+)?(?:allow|approve|"
                            r"review|permit|authori[sz]e|block)")


_GATE_WORDS = (
    "acquired", "bought", "purchased", "taken over", "took over", "paid ", "sold", "is selling",
    "are selling", "merged", "has lent", "have lent", "had lent", "loaned", "order with", "orders with", "to postpone",
    "to delay", "to defer", "accepted postpon", "accepted a postpon", "accepted the postpon",
    "accepted delay", "accepted a delay", "merger of", "merger between", "combination of",
    "amalgamation of", "acquisition of", "purchase of", "takeover of", "buyout of", "loan from",
    "loan with", "loan by", "loans from", "loans with", "loan agreement", "credit from",
    "credit with", "credits from", "credit line", "line of credit", "lines of credit",
    "financing from", "financing with", "financing by", "facility from", "facility with",
    "facilities from", "advance from", "advances from", "reschedul", "restructur", "refinanc",
    "negotiations to", "talks to", "discussions to", "principle to", "standby", "stand-by",
    "contingency", "assumed by", "advanced", "negotiating with", "bank credit", "bank loan",
    "revolving credit", "term loan", "merge with", "extended", "by selling", "by purchasing",
    "by buying", "by acquiring", "worked out with", "hammered out with", "joined", "signed for",
    "moved to", "signed up")
# (a superset of what the patterns below need, as plain words grouped by first letter:
# `rxfactor` makes the alternation fast)
_ANY_GATE = re.compile(rxfactor.factored("|".join(re.escape(w) for w in _GATE_WORDS)))


def _pattern_words() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Each pattern with the words one of which any of its matches holds (a substring test
    before the slower pattern)."""
    verbs = (("acquired", "bought", "purchased"), ("acquisition", "purchase", "takeover", "buyout"),
             ("took over", "taken over"), ("paid",), ("sold",), ("selling",),
             ("acquired", "bought", "purchased", "assumed", "taken over"), ("merged",),
             ("lent", "loaned", "advanced"), ("order",), ("postpone", "delay", "defer"),
             ("merge with",), ("extended",), ("by selling",), ("by purchasing", "by buying", "by acquiring"),
             ("out with",), ("signed up",))
    return (*((v[0], w) for v, w in zip(_VERBS, verbs, strict=True)),
            (_MERGER_OF, ("merger", "combination", "amalgamation")), (_MERGER_OF_THEM, ("merger", "combination")),
            (_WHICH_BOUGHT, ("bought", "acquired", "purchased", "took over")),
            (_ACQ_OF, ("acquisition", "purchase", "takeover", "buyout")),
            (_REDUCED_PASSIVE, ("acquired", "bought", "purchased", "taken over")),
            (_TRANSFER, ("joined", "signed for", "moved to")),
            (_TALKS_TO_BUY, ("to buy", "to acquire", "to purchase", "to sell")),
            (_LOAN_FROM, ("loan", "credit", "financing", "facilit", "advance")),
            (_CREDIT_ANY, ("standby", "stand-by", "contingency")),
            (_RESCHEDULE, ("reschedul", "restructur", "refinanc")),
            (_ACQUIRED_FROM, ("acquired from", "bought from", "purchased from")), (_SALE_PRICE, ("sold",)),
            (_ARRANGED_CREDIT, ("bank credit", "credit line", "credit facility", "credit agreement",
                                "line of credit", "bank loan", "revolving credit", "term loan",
                                "bank financing")))


def has_transaction(low: str) -> bool:
    """Whether a lower-cased sentence may hold a transaction (a cheap gate before names)."""
    return txn_cue(low) and _ANY_GATE.search(low) is not None


_RARE_FIRST = "qzxjkvbpygfwmucldhrsnioate"  # letters, rarest first (English text)


def _anchored_gate(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding each of `words` (lower case, words separated by one space) from
    its rarest letter, the letters before it checked by a look-behind: `re` tries a match
    only where such a letter is, far fewer places than every word start. A match runs from
    the anchor to the end of the word (spaces may be any white space)."""
    by_anchor: dict[str, list[str]] = {}
    for w in words:
        first = w.split(" ")[0]
        i = min(range(len(first)), key=lambda k: (_RARE_FIRST.find(first[k]) % 99, k))
        head, rest = w[:i + 1], w[i + 1:]  # (the look-behind follows the anchor it ends with)
        piece = (f"(?<={re.escape(head)})" if i else "") + r"\s+".join(
            re.escape(part) for part in rest.split(" "))
        by_anchor.setdefault(w[i], []).append(piece)
    return re.compile("|".join(f"{re.escape(a)}(?:{'|'.join(p)})" for a, p in sorted(by_anchor.items())))


_GATE_ANCHORED = _anchored_gate(_GATE_WORDS)


def transaction_words(low: str) -> frozenset[str]:
    """Pieces of the gate words a lower-cased text holds (each from its anchor letter on,
    white space as one space), read once per article: a sentence holding none of them
    holds no transaction, and most sentences are then tested with an `in` or two."""
    return frozenset(" ".join(m.group(0).split()) for m in _GATE_ANCHORED.finditer(low))


def find_transactions(sentence: str, names: Sequence[NameLike] | Callable[[], Sequence[NameLike]],
                      main: str | None | Callable[[], str | None],
                      actor: Callable[[], str | None] | str | None = None) -> list[Txn]:
    """The transactions of one sentence between two named parties. `names`: the names of
    the sentence, or a function giving them (called only when a pattern matches); `main`:
    the company "it" and "the company" stand for; `actor`: the article's main party (a
    borrower named nowhere else in the sentence), or a function giving it."""
    low = sentence.lower()
    live = {rx for rx, words in _PATTERN_WORDS if any(w in low for w in words)}
    if not any(rx.search(low) for rx in live):
        return []
    if callable(names):
        names = names()
    main_value: list[str | None] = []
    main_of = main

    def the_main() -> str | None:  # (read when needed: it may read the article's sentences)
        if not main_value:
            main_value.append(main_of() if callable(main_of) else main_of)
        return main_value[0]

    if callable(actor):
        actor_of = actor
        actor = None
        got: list[str | None] = []

        def who() -> str | None:
            if not got:
                got.append(actor_of())
            return got[0]
    else:
        fixed = actor

        def who() -> str | None:
            return fixed
    out: list[Txn] = []

    def subject(pos: int) -> str | None:
        found = subject_of(sentence, names, pos, the_main)
        return found[0] if found else None

    for rx, kind, status, roles in _VERBS:
        if rx not in live:
            continue
        for m in rx.finditer(low):
            before = low[max(0, m.start() - 40):m.start()]
            if _NEGATION.search(before[-20:]):
                continue
            if roles != "sb" and re.search(r"\b(?:been|be|being|was|were|is|are)\s+(?:\w+ly\s+)?$", before):
                continue  # a passive without "by": who bought is not said
            if low.startswith("advanced", m.end() - 8) and not re.match(r"\s+(?:the\s+)?[A-Z]", sentence[m.end():]):
                continue  # "advanced Fermenta 65 mln" lends; "prices advanced" does not
            if _LENT_SUPPORT.match(low, m.end()):
                continue  # "have lent their backing to the group": no loan
            st = "planned" if _PLAN.search(before) else status
            subj = subject(m.start())
            if subj is None and low.startswith("by ", m.start()):
                # a gerund ("X doubled its stake by purchasing ..."): the clause's subject
                found = clause_subject(sentence, names, m.start(), the_main)
                subj = found[0] if found else None
            other: str | None = None
            if roles == "so":
                obj, seller = _object(sentence, names, m.end())
                other = seller or (obj.text if obj else None)
            elif roles == "st":
                nn = _after_prep_name(sentence, names, m.end(), ("to",))
                # "sold machines through a referral link to Amazon": not the buyer
                other = nn.text if nn is not None and not _THROUGH.search(
                    sentence[m.end():nn.start]) else None
            elif roles == "sb":
                other = subj
                subj = _after_prep(sentence, names, m.end() - 3, ("by",))
            elif roles == "sw":
                other = _after_prep(sentence, names, m.end() - 5, ("with",))
            elif roles == "sf":
                other = _after_prep(sentence, names, m.end(), ("from", "with", "to", "for"))
            elif roles == "stc":  # one agreement with each of the names after "to"
                if not subj:
                    continue
                first = _after_prep_name(sentence, names, m.end(), ("to",))
                for n in (coordinated(sentence, names, first) if first else ()):
                    if n != subj:
                        out.append(Txn(m.start(), m.end(), kind, st, [subj, n],
                                       _phrase(sentence, m.start(), m.end())))
                continue
            elif roles == "wa":  # "worked out with X": the subject, else the article's party
                first = _after_prep_name(sentence, names, m.end() - 5, ("with",))
                if first is None:
                    continue
                with_ = coordinated(sentence, names, first)
                subj = subj or who()
                if not subj or subj in with_:
                    continue
                out.append(Txn(m.start(), m.end(), kind, st, [subj, *with_][:4],
                               _phrase(sentence, m.start(), m.end())))
                continue
            if not subj or not other or subj == other:
                continue
            out.append(Txn(m.start(), m.end(), kind, st, [subj, other],
                           _phrase(sentence, m.start(), m.end())))
    # "Bank One, which JP Morgan bought last year"
    for m in (_WHICH_BOUGHT.finditer(sentence) if "which" in low and _WHICH_BOUGHT in live else ()):
        target = next((n for n in names if n.end == m.start() and n.kind in _PARTY_KINDS), None)
        buyer = next((n for n in names if n.start == m.end("who") - len(n.text)
                      and n.end == m.end("who") and n.kind in _PARTY_KINDS), None)
        if target is not None and buyer is not None and target.text != buyer.text:
            out.append(Txn(m.start(), m.end(), "deal", "concluded", [buyer.text, target.text],
                           _phrase(sentence, m.start("v"), m.end())))
    # "X, recently acquired by a unit of Y, said": Y bought X
    for m in (_REDUCED_PASSIVE.finditer(low) if _REDUCED_PASSIVE in live else ()):
        target = next((n for n in names if n.end == m.start() and n.kind in ("org", "name", "body")), None)
        buyer = _after_prep_name(sentence, names, m.end() - 3, ("by",))
        if target is not None and buyer is not None and buyer.text != target.text:
            out.append(Txn(m.start(), m.end(), "deal", "concluded", [buyer.text, target.text],
                           _phrase(sentence, m.start() + 1, m.end())))
    # a transfer between two clubs for a fee
    for m in (_TRANSFER.finditer(low) if _TRANSFER in live else ()):
        a = next((n for n in names if m.start("a") <= n.start < m.end("a")
                  and n.kind not in ("person", "demonym")), None)
        b = next((n for n in names if m.start("b") <= n.start < m.end("b")
                  and n.kind not in ("person", "demonym")), None)
        if a is not None and b is not None and a.text != b.text:
            out.append(Txn(m.start(), m.end(), "deal", "concluded", [a.text, b.text],
                           _phrase(sentence, m.start(), m.end())))
    # "the merger of X and/with Y"
    for m in (_MERGER_OF.finditer(low) if _MERGER_OF in live else ()):
        a = _name_at(names, m.end(), m.end() + 40, sentence=sentence)
        if a is None:
            continue
        rest = low[a.end:a.end + 60]
        jm = re.match(r"\s*(?:,[^,]{0,40},\s*)?(?:and|with|into)\s+(?:the\s+)?", rest)
        if not jm:
            continue
        b = _name_at(names, a.end, a.end + 120, sentence=sentence)
        if b is None or b.text == a.text:
            continue
        out.append(Txn(m.start(), m.end(), "deal", _noun_status(low, m.start()), [a.text, b.text],
                       _phrase(sentence, m.start(), m.end())))
    # "pursuant to a merger of the companies": the two organisations of the sentence
    for m in (_MERGER_OF_THEM.finditer(low) if _MERGER_OF_THEM in live else ()):
        orgs = []
        for n in names:
            if n.kind in ("org", "name") and not is_modifier(sentence, n) and n.text not in orgs \
                    and not _APPROVER_NAME.search(sentence[n.end:n.end + 40]):
                orgs.append(n.text)
        if len(orgs) == 2:
            out.append(Txn(m.start(), m.end(), "deal", _noun_status(low, m.start()), orgs,
                           _phrase(sentence, m.start(), m.end())))
    # "X's acquisition of Y", "the acquisition of Y by X"
    for m in (_ACQ_OF.finditer(low) if _ACQ_OF in live else ()):
        obj = _name_at(names, m.end(), m.end() + 60, sentence=sentence)
        if obj is None:
            continue
        by = _after_prep(sentence, names, obj.end, ("by",))
        owner = None
        pm = re.search(r"['\u2019]s\s+(?:[\w-]+\s+){0,3}$", sentence[max(0, m.start() - 60):m.start()])
        if pm:
            at = m.start() - len(sentence[max(0, m.start() - 60):m.start()]) + pm.start()
            owner = next((n.text for n in names if n.end == at), None)  # "USAir Group's acquisition"
        buyer = by or owner
        if buyer is None and obj.kind in ("org", "name") and _DEFINITE_BEFORE.search(low[max(0, m.start() - 30):m.start()]) \
                and _noun_status(low, m.start()) == "concluded" \
                and not _SECURITIES.search(low[m.end():obj.start]) \
                and not re.search(r"\d", low[m.end():obj.start]):  # "of one share in X", "of 10 X aircraft"
            main = the_main()
            others = [n.text for n in names if n.kind in ("org", "name", "body", "group")
                      and n.text != obj.text and not (main and (n.text in main or main in n.text))]
            if main and main != obj.text and not others and (
                    _BUYER_ANAPHOR.match(sentence) or main in sentence):
                buyer = main
        if not buyer or buyer == obj.text:
            continue
        out.append(Txn(m.start(), m.end(), "deal", _noun_status(low, m.start()), [buyer, obj.text],
                       _phrase(sentence, m.start(), m.end())))
    # "negotiations to buy 50 pct of X from Y", "negotiating with Pakistan to buy cotton"
    for m in (_TALKS_TO_BUY.finditer(low) if _TALKS_TO_BUY in live else ()):
        obj, seller = _object(sentence, names, m.end())
        wm = re.search(r"\bwith\s+", low[m.start():m.end()])
        partner = _name_at(names, m.start() + wm.end(), m.end(), sentence=sentence) if wm else None
        other = (partner.text if partner else None) or seller or (obj.text if obj else None)
        subj = subject(m.start()) or the_main()
        if subj and other and subj != other:
            out.append(Txn(m.start(), m.end(), "deal", "planned", [subj, other],
                           _phrase(sentence, m.start(), m.end())))
    # "a loan from Y", "signed a loan with Y", "standby credit from the IMF"
    for m in (_LOAN_FROM.finditer(low) if _LOAN_FROM in live else ()):
        if re.search(r"\b(?:tax|export|trade|investment|bad|problem|nonperforming|non-performing|"
                     r"outstanding|doubtful)\s+$", low[max(0, m.start() - 16):m.start()]):
            continue  # "tax credits from ...", "bad loans from ...": no loan agreement
        lender = _name_at(names, m.end(), m.end() + 40, sentence=sentence)
        if lender is None or is_modifier(sentence, lender):
            continue
        found = clause_subject(sentence, names, m.start(), the_main)
        subj = found[0] if found else who()
        if not subj or subj == lender.text:
            continue
        out.append(Txn(m.start(), m.end(), "contract", _noun_status(low, m.start()),
                       [subj, lender.text], _phrase(sentence, m.start(), m.end())))
    # "its International Monetary Fund standby credit": the borrower's credit from a lender
    for n in (names if _CREDIT_ANY in live else ()):
        cm = _CREDIT_NOUN.match(sentence, n.end)
        if cm is None or n.kind not in ("org", "body", "country"):
            continue
        if not _OWNED_CREDIT.search(sentence[max(0, n.start - 40):n.start]):
            continue
        borrower = subject(n.start) or who()
        if borrower and borrower != n.text:
            out.append(Txn(n.start, cm.end(), "arrangement", "concluded", [borrower, n.text],
                           _phrase(sentence, n.start, cm.end())))
    # "rescheduling" agreed or negotiated with a named counterpart
    for m in (_RESCHEDULE.finditer(low) if _RESCHEDULE in live else ()):
        window = low[max(0, m.start() - 160):m.start()]
        found = list(_TALKS_WITH.finditer(window))
        tm = found[-1] if found else None
        if tm is None:
            continue
        base = m.start() - len(window)
        parties = [*subject_of(sentence, names, base + tm.start(), the_main)]
        for p in _with_names(sentence, names, base + tm.end(), m.start()):
            if p not in parties:
                parties.append(p)
        if len(parties) == 1 and who() and who() not in parties:
            parties.insert(0, who() or "")  # "negotiated with its banking syndicate": the article's party
        if len(parties) >= 2:
            st = "planned" if re.match(r"(?:talks|negotiations|discussions)", tm.group(0)) else "concluded"
            out.append(Txn(m.start(), m.end(), "arrangement", st, parties[:4],
                           _phrase(sentence, m.start(), m.end())))
    # "GSX Corp, the U.S. waste services unit acquired from Imasco Ltd last year": the
    # article's company bought it
    for m in (_ACQUIRED_FROM.finditer(low) if _ACQUIRED_FROM in live else ()):
        seller = _name_at(names, m.end(), m.end() + 30, sentence=sentence)
        if seller is not None and the_main() and seller.text != the_main() and \
                not any(abs(t.start - m.start()) < 30 for t in out):
            out.append(Txn(m.start(), m.end(), "deal", "concluded", [the_main() or "", seller.text],
                           _phrase(sentence, m.start(), m.end())))
    # "it had arranged bank credit to finance the offer": a financing with lenders not named
    for m in (_ARRANGED_CREDIT.finditer(low) if _ARRANGED_CREDIT in live else ()):
        if any(abs(t.start - m.start()) < 60 for t in out):
            continue
        subj = subject(m.start())
        if subj:
            out.append(Txn(m.start(), m.end(), "contract", "concluded", [subj],
                           _phrase(sentence, m.start(), m.end()), single=True))
    # "sold its New England operations for about 2.1 mln dlrs": a sale to a buyer not named
    for m in (_SALE_PRICE.finditer(low) if _SALE_PRICE in live else ()):
        if any(abs(t.start - m.start()) < 20 for t in out):
            continue
        subj = subject(m.start())
        if subj:
            out.append(Txn(m.start(), m.start() + 4 + low[m.start():].find("sold") , "deal",
                           "concluded", [subj], _phrase(sentence, m.start(), m.start() + 12),
                           single=True))
    out.sort(key=lambda t: t.start)
    return _dedup(out)


def _with_names(sentence: str, names: Sequence[NameLike], pos: int, limit: int) -> list[str]:
    """The names (and their coordination) right after `pos`, before `limit`."""
    for n in names:
        if pos <= n.start < limit and n.kind in _PARTY_KINDS:
            if re.match(r"^\s*(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w'-]+\s+){0,2}$", sentence[pos:n.start]):
                return coordinated(sentence, names, n)
            return []
    return []


def _after_prep(sentence: str, names: Sequence[NameLike], pos: int, preps: tuple[str, ...]) -> str | None:
    """The name right after one of `preps` following `pos` in its clause."""
    n = _after_prep_name(sentence, names, pos, preps)
    return n.text if n is not None else None


def _after_prep_name(sentence: str, names: Sequence[NameLike], pos: int,
                     preps: tuple[str, ...]) -> NameLike | None:
    """The name (record) right after one of `preps` following `pos` in its clause."""
    right = sentence[pos:pos + 160]
    stop = _CLAUSE_END.search(right)
    limit = pos + (stop.start() if stop else len(right))
    for n in names:
        if pos <= n.start < limit and n.kind in _PARTY_KINDS:
            gap = sentence[max(pos, n.start - 16):n.start].lower()
            if re.search(r"\b(?:" + "|".join(preps) + r")\s+(?:the\s+|its\s+|a\s+)?$", gap):
                return n
            # "by a unit of Unilever N.V.": the owner
            um = _UNIT_OF.search(sentence[max(pos, n.start - 50):n.start].lower())
            if um and um.group(0).split()[0] in preps:
                return n
            # "by state-owned oil firm Rosneft", "to former subsidiary SBC": a description
            dm = re.search(r"\b(?:" + "|".join(preps) + r")\s+(?:the\s+|its\s+|a\s+)?"
                           r"((?:[a-z][\w-]*\s+){1,3})$", sentence[max(pos, n.start - 60):n.start])
            if dm and not any(w in _NOT_DESCRIPTOR for w in dm.group(1).split()):
                return n
    return None


def _noun_status(low: str, pos: int) -> str:
    before = low[max(0, pos - 50):pos]
    if re.search(r"\b(?:proposed|planned|possible|potential|pending|talks|negotiations|"
                 r"would|will|seeking|plans|(?<!pursuant )(?<!according )(?<!due )(?<!prior )to)\b"
                 r"(?:\s+\w+){0,3}\s*$", before):
        return "planned"
    return "concluded"


def _phrase(sentence: str, start: int, end: int) -> str:
    """A short subject: the trigger and what follows it, up to a clause break."""
    right = sentence[end:end + 110]
    cut = re.search(r"[,;]|\s+(?:said|for\s+about|which|who)\b", right)
    text = sentence[start:end] + (right[:cut.start()] if cut else right)
    return " ".join(text.split()).strip(" ,.")


def _dedup(txns: list[Txn]) -> list[Txn]:
    out: list[Txn] = []
    for t in txns:
        if any(abs(t.start - o.start) < 40 and set(t.parties) == set(o.parties) for o in out):
            continue
        out.append(t)
    return out


_PATTERN_WORDS = _pattern_words()
