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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Txn", "find_transactions", "TXN_CUE"]


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


# Cheap gate on lower-cased text: without one of these, a sentence has no transaction.
TXN_CUE = re.compile(
    r"acquir|bought|purchas|\bsold\b|\bsell|merge|merger|took over|taken over|takeover|"
    r"assumed by|\blen[dt]\b|lending|loan|credit|order with|postpone|paid|buy\b|buys\b|"
    r"financing|reschedul"
)

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
    (re.compile(r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:acquired|bought|purchased|"
                r"assumed|taken\s+over)\s+by\b"), "deal", "concluded", "sb"),
    (re.compile(r"\b(?:has\s+|had\s+)?merged\s+with\b"), "deal", "concluded", "so"),
    (re.compile(r"\b(?:has\s+|have\s+|had\s+)?(?:lent|loaned)\b"), "contract", "concluded", "so"),
    (re.compile(r"\bplaced\s+(?:an?\s+)?(?:[\w$.,-]+\s+){0,5}?orders?\s+with\b"), "contract",
     "concluded", "sw"),
    (re.compile(r"\b(?:agreed|accepted|accept)\s+(?:to\s+)?(?:a\s+|the\s+)?(?:postpone\w*|delay\w*|"
                r"defer\w*)\b"), "arrangement", "concluded", "sf"),
]

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
_NEGATION = re.compile(r"\b(?:not|never|no|denied|denies|deny|rejected|refused)\b")
_GENERIC_OBJECT = re.compile(r"^\s*(?:shares|stock|its\s+own|back|more|additional|securities|"
                             r"bonds|notes|debt|assets|equipment|crude|oil|gold|wheat|grain|sugar|"
                             r"tonnes|barrels|ounces|dollars|dlrs|stg|yen|marks)\b")


def _name_at(names: Sequence[NameLike], start: int, limit: int, *, skip_asset: bool = True,
             sentence: str = "") -> NameLike | None:
    """The first name starting in [start, limit), unless a clause break comes first."""
    for n in names:
        if start <= n.start < limit:
            gap = sentence[start:n.start]
            if _CLAUSE_END.search(gap) or len(gap) > 90:
                return None
            return n
    return None


_PARTY_KINDS = ("org", "body", "country", "name", "person")
_APPOSITIVE = re.compile(r"^,\s[^;]{1,120},\s*(?:[\w-]+\s+){0,3}$")
_RELATIVE = re.compile(r"^,?\s*(?:which|who|that)\s+(?:[\w-]+\s+){0,2}$")
_ADJACENT = re.compile(r"^\s*(?:(?:[\w-]+)\s+){0,3}$")
_GOODS = re.compile(r"\b(?:\d[\d,.]*|a|one|two|three|four|five|six|seven|eight|nine|ten|some|"
                    r"about|additional|\w+ty)\s+(?:[\w-]+\s+){0,3}?(?:shares|tonnes|tons|barrels|"
                    r"cargoes|cargos|ounces|bushels|bales|units|head|lots|seats|acres)\b|"
                    r"\b(?:shares|tonnes|cargoes|barrels)\s+of\b|"
                    r"\b(?:mln|bln|billion|million)\s+(?:\w+\s+)?(?:dlrs|dollars|yen|marks|stg|francs|"
                    r"pounds|pesos|lire)\s+(?:worth\s+)?of\b")
_SHARES_AFTER = re.compile(r"^(?:['\u2019]s)?\s+(?:common\s+|preferred\s+|class\s+\w\s+)?"
                           r"(?:shares|stock|common|preferred|debentures|notes|bonds|warrants)\b")
_PREP_BEFORE = re.compile(r"\b(?:with|in|to|from|of|for|by|at|on|into|against|about|"
                          r"under|over|than)\s+(?:the\s+|its\s+|a\s+)?$")


def _subject(sentence: str, names: Sequence[NameLike], pos: int, main: str | None) -> str | None:
    """The party doing the verb at `pos`: the name right before it (an appositive or a
    relative pronoun between them skipped), the speaker of "X said it ...", or "it" / "the
    company" resolved to `main`."""
    left = sentence[:pos]
    cut = max(left.rfind(";"), left.rfind(" but "), left.rfind(" while "))
    c0 = cut + 1 if cut >= 0 else 0
    head = left[c0:]
    said = None
    for m in _SAID_IT.finditer(head):
        said = m
    if said is not None:
        before = [n for n in names if c0 <= n.start and n.end <= c0 + said.start()]
        if before and _ADJACENT.match(sentence[before[-1].end:c0 + said.start()]) \
                and before[-1].kind in _PARTY_KINDS:
            return before[-1].text
        return main if re.search(r"(?:^|[.\s])(?:[Ii]t|[Tt]he\s+(?:company|firm|group|bank))\s+"
                                 r"(?:also\s+)?(?:said|says|announced|reported|added|told)\b",
                                 head) else None
    if _ANAPHOR.search(head.rstrip(" ,")):
        return main
    for n in reversed([n for n in names if c0 <= n.start and n.end <= pos]):
        between = sentence[n.end:pos]
        if n.kind not in _PARTY_KINDS:
            if n.kind == "place":
                continue  # "Farmers State Bank, Hart, Tex., were assumed"
            return None
        if _PREP_BEFORE.search(sentence[max(0, n.start - 14):n.start]):
            if _APPOSITIVE.match(between) or between.startswith(","):
                continue  # "..., a unit of X, said"
            return None  # "a filing with the SEC that his group bought": not the subject
        if (_ADJACENT.match(between) and "," not in between) or _APPOSITIVE.match(between) \
                or _RELATIVE.match(between):
            return n.text
        if len(between) > 130 or re.search(r"\b(?:said|says|and|but|when|after|because)\b", between):
            return None
    return None


def _object(sentence: str, names: Sequence[NameLike], end: int) -> tuple[NameLike | None, str | None]:
    """(the company acquired or its owner, the seller after "from") after `end`; no object
    for goods or a number of shares (a market purchase) unless a seller is named."""
    right = sentence[end:end + 200]
    stop = _CLAUSE_END.search(right)
    limit = end + (stop.start() if stop else len(right))
    obj = None
    seller = None
    for n in names:
        if end <= n.start < limit:
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


def find_transactions(sentence: str, names: Sequence[NameLike], main: str | None) -> list[Txn]:
    """The transactions of one sentence between two named parties."""
    low = sentence.lower()
    if not TXN_CUE.search(low):
        return []
    out: list[Txn] = []
    for rx, kind, status, roles in _VERBS:
        for m in rx.finditer(low):
            before = low[max(0, m.start() - 40):m.start()]
            if _NEGATION.search(before[-20:]):
                continue
            st = "planned" if _PLAN.search(before) else status
            subj = _subject(sentence, names, m.start(), main)
            other: str | None = None
            if roles == "so":
                obj, seller = _object(sentence, names, m.end())
                other = seller or (obj.text if obj else None)
            elif roles == "st":
                n = _after_prep(sentence, names, m.end(), ("to",))
                other = n
            elif roles == "sb":
                other = subj
                subj = _after_prep(sentence, names, m.end() - 3, ("by",))
            elif roles == "sw":
                other = _after_prep(sentence, names, m.end() - 5, ("with",))
            elif roles == "sf":
                other = _after_prep(sentence, names, m.end(), ("from", "with", "to", "for"))
            if not subj or not other or subj == other:
                continue
            out.append(Txn(m.start(), m.end(), kind, st, [subj, other],
                           _phrase(sentence, m.start(), m.end())))
    # "the merger of X and/with Y"
    for m in _MERGER_OF.finditer(low):
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
    # "X's acquisition of Y", "the acquisition of Y by X"
    for m in _ACQ_OF.finditer(low):
        obj = _name_at(names, m.end(), m.end() + 60, sentence=sentence)
        if obj is None:
            continue
        by = _after_prep(sentence, names, obj.end, ("by",))
        owner = None
        pm = re.search(r"(\S+)['\u2019]s\s+(?:[\w-]+\s+){0,3}$", sentence[max(0, m.start() - 60):m.start()])
        if pm:
            owner = next((n.text for n in names if n.end <= m.start() and
                          sentence.startswith(("'s", "\u2019s"), n.end) and n.end >= m.start() - 60), None)
        buyer = by or owner
        if not buyer or buyer == obj.text:
            continue
        out.append(Txn(m.start(), m.end(), "deal", _noun_status(low, m.start()), [buyer, obj.text],
                       _phrase(sentence, m.start(), m.end())))
    # "a loan from Y", "signed a loan with Y", "standby credit from the IMF"
    for m in _LOAN_FROM.finditer(low):
        lender = _name_at(names, m.end(), m.end() + 40, sentence=sentence)
        if lender is None:
            continue
        subj = _subject(sentence, names, m.start(), main)
        if not subj or subj == lender.text:
            continue
        out.append(Txn(m.start(), m.end(), "contract", _noun_status(low, m.start()),
                       [subj, lender.text], _phrase(sentence, m.start(), m.end())))
    out.sort(key=lambda t: t.start)
    return _dedup(out)


def _after_prep(sentence: str, names: Sequence[NameLike], pos: int, preps: tuple[str, ...]) -> str | None:
    """The name right after one of `preps` following `pos` in its clause."""
    right = sentence[pos:pos + 160]
    stop = _CLAUSE_END.search(right)
    limit = pos + (stop.start() if stop else len(right))
    for n in names:
        if pos <= n.start < limit and n.kind in _PARTY_KINDS:
            gap = sentence[max(pos, n.start - 16):n.start].lower()
            if re.search(r"\b(?:" + "|".join(preps) + r")\s+(?:the\s+|its\s+|a\s+)?$", gap):
                return n.text
    return None


def _noun_status(low: str, pos: int) -> str:
    before = low[max(0, pos - 50):pos]
    if re.search(r"\b(?:proposed|planned|possible|potential|pending|talks|negotiations|"
                 r"would|will|to|seeking|plans)\b(?:\s+\w+){0,3}\s*$", before):
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
