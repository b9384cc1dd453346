"""Resolve the time expressions of an event sentence to a partial ISO date.

`resolve_date(sentence, article_date)` returns the date the sentence refers to
("2018-08", "2018-10-23", "1978", ...) resolved against the article's own date, or None.
`find_dates` returns every expression found with its position, for callers that want the
one nearest to some word.

Rules (no third-party parser):
- absolute dates in several languages: "March 3, 1987", "3 March 1987", "1987-03-03",
  "3. März 1987", "le 3 mars 1987", "Oct. 23", "October 1987";
- a month without a year is the most recent such month not after the article's month,
  or the next one when the sentence speaks of the future ("will ... in May");
- relative expressions: today, yesterday, tomorrow, this/next/last week, month, year,
  "within the year", weekdays ("said on Tuesday"), "the 40th anniversary of";
- years: "in 1978", "signed in 1978", "since 1976", "late 1987".
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from thaw_cli.core.dates import MONTHS

__all__ = ["DateMatch", "YearGate", "find_dates", "has_year_number", "lower_exact", "lower_twin", "only_years_resolve", "resolve_date"]


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str
    priority: int = 0  # higher wins in resolve_date (anniversaries of signings)




def _trie_alternation(words: list[str]) -> str:
    """A regex matching exactly ``words``, factored into a trie ("ja(?:n|nuary)" style).

    ``re`` tries the branches of a flat alternation one by one at every position; with
    a few hundred month names in several languages that dominated date finding.  A
    longer word is always tried before its prefixes, as in a longest-first alternation.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # this node is itself a word: the longer ones first, then stop here
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


_MONTH_ALT = _trie_alternation(sorted(MONTHS))
_MON = rf"(?P<mon>{_MONTH_ALT})\.?"
_MON2 = rf"(?P<mon2>{_MONTH_ALT})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"

# Each pattern is tried on the whole sentence; overlapping later matches are dropped.
_ISO_DATE = re.compile(r"\b(?P<year>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)(?:-(?P<d>[0-3]\d))?\b")
_DMY = re.compile(
    rf"(?<![\w.])(?:(?:le|el|il|den|am|de|of|on)\s+)?{_DAY}\.?\s+(?:de\s+|of\s+)?{_MON}"
    rf"(?:,?\s+(?:de\s+)?{_YEAR})?\b",
    re.I,
)
_MDY = re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*(?:pct|percent|%|mln|bln|dlrs|tonnes))"
                  rf"(?:,?\s+{_YEAR}\b)?", re.I)
_MY = re.compile(rf"\b{_MON}\s*,?\s+(?:of\s+)?{_YEAR}\b", re.I)
_BARE_MONTH = re.compile(
    r"\b(?P<pre>(?:in|on|since|by|until|till|from|before|after|during|through|"
    r"of|early|mid|late|end|beginning|start|last|next|this|until|around|about)[\s-]+"
    r"(?:(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|"
    r"first|second|third|last)\s+(?:week\s+)?of\s+)?)(?P<mon>[A-Z][a-z]+)\.?(?![\w-])"
)
_YEAR_ONLY = re.compile(
    r"\b(?P<pre>in|since|by|until|from|before|after|during|of|early|mid|late|end|"
    r"fiscal|year|for|throughout|around|signed\s+in|concluded\s+in)[\s-]+(?:(?:the\s+)?"
    r"(?:end|beginning|start|middle|first\s+half|second\s+half|spring|summer|autumn|fall|"
    r"winter|first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter)\s+of\s+)?"
    r"(?P<year>(?:1[6-9]|20)\d\d)\b(?![-/]\d)",
    re.I,
)
_ANNIV = re.compile(
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\b|"
    r"\b(?P<w>first|second|third|fourth|fifth|tenth|twentieth|twenty-fifth|thirtieth|"
    r"fortieth|fiftieth|sixtieth|seventieth|seventy-fifth|hundredth)\s+anniversary\b",
    re.I,
)
_ANNIV_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10,
    "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "seventy-fifth": 75, "hundredth": 100,
}
_REL = re.compile(
    r"\b(?:(?P<today>today|tonight|this\s+morning|this\s+afternoon|this\s+evening)|"
    r"(?P<yesterday>yesterday)|(?P<tomorrow>tomorrow)|"
    r"(?P<which>next|last|this|past|coming|previous|earlier\s+this|later\s+this|"
    r"early\s+this|late\s+this|early\s+next|late\s+next|later\s+next|"
    r"earlier\s+in\s+the|within\s+the|in\s+the\s+coming)\s+"
    r"(?P<unit>week|month|year|quarter)|"
    r"(?P<within>within\s+(?:a|one)\s+year|by\s+year[-\s]end|at\s+year[-\s]end|"
    r"end\s+of\s+(?:the|this)\s+year|the\s+end\s+of\s+the\s+month))\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(
    r"\b(?P<pre>on|last|next|this|coming|from|by|until|said|late|early)?\s*"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is\s+to|are\s+to|to\s+be|expected|scheduled|due\s+to|plans?|"
    r"planned|planning|intends?|aims?|hopes?|going\s+to|set\s+to|next|upcoming|coming|"
    r"envisaged|proposed|should)\b|'ll\b",
    re.I,
)
_CAP_MONTHS_ONLY = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Lower-case month tokens that are ordinary words in English: never a month alone.
_AMBIGUOUS = frozenset("may mar out set ago gen mag dic ene mei dez jun jul sep dec".split())


@lru_cache(maxsize=256)  # (a pure function of the date string; articles share dates)
def _article_parts(article_date: str | None) -> tuple[int | None, int | None, _dt.date | None]:
    if not article_date or len(article_date) < 4 or not article_date[:4].isdigit():
        return None, None, None
    year = int(article_date[:4])
    if not 2 <= year <= 9998:  # "last week" or "next year" would leave the calendar
        return None, None, None
    month = None
    day = None
    if len(article_date) >= 7 and article_date[5:7].isdigit():
        m = int(article_date[5:7])
        if 1 <= m <= 12:
            month = m
            if len(article_date) >= 10 and article_date[8:10].isdigit():
                try:
                    day = _dt.date(year, m, int(article_date[8:10]))
                except ValueError:
                    day = None
    return year, month, day


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1 <= year <= 9999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_num(token: str) -> int | None:
    return MONTHS.get(token.lower().rstrip("."))


def _infer_year(month: int, a_year: int | None, a_month: int | None, future: bool,
                day: int | None = None, a_day: _dt.date | None = None,
                force_past: bool = False, force_future: bool = False) -> int | None:
    """The year of a month (and day) given without one."""
    if a_year is None:
        return None
    if a_month is None:
        return a_year
    cur = (a_month, a_day.day if (a_day and day) else 0)
    target = (month, day or 0)
    if force_future or (future and not force_past):
        return a_year if target >= cur else a_year + 1
    if force_past:
        return a_year if target < cur or (target[0] < a_month) else a_year - 1
    if day is not None and a_day is not None:
        # a day without a year and without tense: the nearest occurrence
        best = None
        for y in (a_year - 1, a_year, a_year + 1):
            try:
                dist = abs((_dt.date(y, month, day) - a_day).days)
            except ValueError:
                continue
            if best is None or dist < best[0]:
                best = (dist, y)
        return best[1] if best else a_year
    return a_year if target[0] <= a_month else a_year - 1


def _is_future(sentence: str, pos: int, future: re.Pattern[str] | None = None) -> bool:
    """Future tense before the expression (same clause-ish window).

    `future` is `_FUTURE`, or its lower-case twin when `sentence` is lower-cased text."""
    window = sentence[max(0, pos - 120): pos]
    return bool((future or _FUTURE).search(window))


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


# --- exact shortcuts (the output is the same as running the patterns above directly) -----
#
# The case-insensitive patterns are slow in `re` (no literal fast paths under re.I), so
# they run case-sensitively on the lower-cased sentence when `lower_exact` gives it: then
# each character lower-cases to one character that matches a pattern character exactly
# when re.I would match the original (true for every character but the three below:
# dotted capital I lower-cases to two characters; dotless i and long s match "i" and "s"
# under re.I without lower-casing to them). Offsets are the same in both texts, so the
# month token is read from the original sentence, whose case matters below.
# tests/test_timeline.py and tests/test_timeexpr.py check this over all of Unicode.
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f")


def lower_exact(text: str) -> str | None:
    """`text.lower()` when lower-case patterns on it match as re.I ones on `text`, else None."""
    if not text.isascii() and any(c in text for c in _CASE_TRAPS):
        return None
    return text.lower()


def lower_twin(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The re.I pattern `rx`, case-sensitive, for lower-cased text (it must be lower case)."""
    bare = rx.pattern.replace("(?P<", "(?<")
    assert rx.flags & re.I and bare == bare.lower(), rx.pattern
    return re.compile(rx.pattern, rx.flags & ~re.I)


_DMY_LC, _MDY_LC, _MY_LC = lower_twin(_DMY), lower_twin(_MDY), lower_twin(_MY)
_YEAR_ONLY_LC, _ANNIV_LC, _REL_LC = lower_twin(_YEAR_ONLY), lower_twin(_ANNIV), lower_twin(_REL)
_FUTURE_LC = lower_twin(_FUTURE)
# _BARE_MONTH needs a capitalised month name ([A-Z][a-z]+ in _CAP_MONTHS_ONLY), so one of
# these (all those names start with one); its matches are mostly other capitalised words.
_CAP_MONTH_START = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
assert all(_CAP_MONTH_START.match(m.capitalize()) for m in _CAP_MONTHS_ONLY)

# Cheap exact prefilters: a pattern cannot match without these.
_HAS_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")
_DIGIT = re.compile(r"\d")
_REL_WORDS = ("today", "tonight", "this", "yesterday", "tomorrow", "week", "month", "year",
              "quarter")


def only_years_resolve(article_date: str | None) -> bool:
    """Whether `find_dates(..., article_date)` can only find expressions with a year number
    of their own ("March 3, 1987", "in 1978"): so when the article's date gives no year
    (relative expressions, weekdays and months without a year then resolve to nothing).
    Then a text in which `has_year_number` finds nothing has no dates."""
    return _article_parts(article_date)[0] is None


def has_year_number(text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """Whether `text[pos:endpos]` holds a year number (1600-2099), as every date needs
    when `only_years_resolve`. White space inserted or collapsed between the digits of a
    text cannot make one, so a normalised sentence has one only if its source has."""
    return _HAS_YEAR.search(text, pos, len(text) if endpos is None else endpos) is not None


class YearGate:
    """`has_year_number(text, s, e)` for many sentences of `text`, from one scan of it.

    A year number is four digits (`timeexpr._HAS_YEAR`, no look-around), so a match in
    `text[s:e]` alone is a match in `text`, and the leftmost match of `text` starting at or
    after `s` is the leftmost one of `text[s:e]` when it ends by `e`; when it runs past `e`,
    `text[s:e]` has none (a match starting before it would be leftmost). Only a match of
    the text that starts before `s` and runs into the sentence hides the ones from `s`:
    then the sentence is searched itself.
    """

    def __init__(self, text: str, marks: list[int]) -> None:
        self.text = text
        self.marks = marks  # where the non-overlapping matches of the text start

    @classmethod
    def of(cls, text: str) -> YearGate | None:
        """The gate of `text`, or None when it has no year number at all."""
        first = _HAS_YEAR.search(text)
        if first is None:
            return None
        return cls(text, [first.start(), *(m.start() for m in _HAS_YEAR.finditer(text, first.end()))])

    def __call__(self, s: int, e: int) -> bool:
        marks = self.marks
        k = bisect.bisect_left(marks, s)
        if k and marks[k - 1] + _YEAR_WIDTH > s:
            return has_year_number(self.text, s, e)
        return k < len(marks) and marks[k] + _YEAR_WIDTH <= e


_YEAR_WIDTH = 4  # every match of _HAS_YEAR is four characters long
assert _HAS_YEAR.pattern == r"(?:1[6-9]|20)\d\d", "YearGate reads matches of four characters"


def find_dates(sentence: str, article_date: str | None) -> list[DateMatch]:
    """Every date expression of `sentence`, resolved against `article_date`."""
    if not sentence:
        return []
    lowered = lower_exact(sentence)
    low = sentence.lower() if lowered is None else lowered
    # the text the re.I patterns run on: the lower-cased sentence with the case-sensitive
    # twins (same offsets), or the sentence itself with the patterns as they are
    scan = sentence if lowered is None else lowered
    if lowered is None:
        dmy, mdy, my, year_only, anniv, rel, future_rx = _DMY, _MDY, _MY, _YEAR_ONLY, _ANNIV, _REL, _FUTURE
    else:
        dmy, mdy, my, year_only, anniv, rel, future_rx = (
            _DMY_LC, _MDY_LC, _MY_LC, _YEAR_ONLY_LC, _ANNIV_LC, _REL_LC, _FUTURE_LC)
    has_year = _HAS_YEAR.search(sentence) is not None
    a_year, a_month, a_day = _article_parts(article_date)
    # Without the article's year only expressions that carry their own year resolve:
    # anniversaries, relative expressions, weekdays, bare months and days without a
    # year give None (nothing is added), so their patterns need not run.
    dated = a_year is not None
    has_rel = dated and any(w in low for w in _REL_WORDS)
    out: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    def add(s: int, e: int, iso: str | None, priority: int = 0) -> None:
        if iso and free(s, e):
            taken.append((s, e))
            out.append(DateMatch(s, e, iso, priority))

    for m in _ISO_DATE.finditer(sentence) if has_year else ():
        d = int(m.group("d")) if m.group("d") else None
        add(m.start(), m.end(), _fmt(int(m.group("year")), int(m.group("m")), d))

    for m in anniv.finditer(scan) if dated and "anniversary" in low else ():
        if a_year is None:
            continue
        n = int(m.group("n")) if m.group("n") else _ANNIV_WORDS.get(m.group("w").lower(), 0)
        if 0 < n < a_year:
            add(m.start(), m.end(), _fmt(a_year - n), priority=2)

    # both need a day number, and a year when the article has none
    for rx in (mdy, dmy) if (dated or has_year) and _DIGIT.search(sentence) else ():
        for m in rx.finditer(scan):
            tok = sentence[m.start("mon"):m.end("mon")]
            mon = _month_num(tok)
            if mon is None:
                continue
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            year_s = m.group("year")
            if not year_s:
                low = tok.lower().rstrip(".")
                if tok[0].islower() and (low in _AMBIGUOUS or len(low) < 4):
                    continue
                if tok[0].isupper() is False and low in _CAP_MONTHS_ONLY:
                    continue
                if low == "may" and tok[0].islower():
                    continue
            if year_s:
                year: int | None = int(year_s)
            else:
                before = sentence[max(0, m.start() - 6): m.start()].lower()
                year = _infer_year(
                    mon, a_year, a_month, _is_future(scan, m.start(), future_rx), day, a_day,
                    force_past="last" in before, force_future="next" in before,
                )
            if year is None:
                continue
            add(m.start(), m.end(), _fmt(year, mon, day))

    for m in my.finditer(scan) if has_year else ():
        tok = sentence[m.start("mon"):m.end("mon")]
        mon = _month_num(tok)
        if mon is None or (tok[0].islower() and tok.lower() in _AMBIGUOUS):
            continue
        add(m.start(), m.end(), _fmt(int(m.group("year")), mon))

    for m in rel.finditer(scan) if has_rel else ():
        if a_year is None:
            continue
        iso: str | None = None
        if m.group("today"):
            iso = a_day.isoformat() if a_day else None
        elif m.group("yesterday"):
            iso = (a_day - _dt.timedelta(days=1)).isoformat() if a_day else None
        elif m.group("tomorrow"):
            iso = (a_day + _dt.timedelta(days=1)).isoformat() if a_day else None
        elif m.group("within"):
            text = m.group("within").lower()
            if "month" in text:
                iso = _fmt(a_year, a_month) if a_month else None
            else:
                iso = _fmt(a_year)
        else:
            which = " ".join(m.group("which").lower().split())
            unit = m.group("unit").lower()
            if which in ("next", "coming", "early next", "late next", "later next",
                         "in the coming"):
                delta = 1
            elif which in ("last", "past", "previous"):
                delta = -1
            else:
                delta = 0
            if unit == "year":
                iso = _fmt(a_year + delta)
            elif unit in ("month", "quarter"):
                if a_month is not None:
                    if unit == "quarter":
                        q = (a_month - 1) // 3 + delta
                        y, q = a_year + q // 4, q % 4
                        iso = _fmt(y) if delta else _fmt(a_year)
                        _ = q
                    else:
                        y, mo = _add_months(a_year, a_month, delta)
                        iso = _fmt(y, mo)
            elif unit == "week":
                if a_day is not None:
                    d = a_day + _dt.timedelta(days=7 * delta)
                    iso = _fmt(d.year, d.month)
                elif a_month is not None:
                    iso = _fmt(a_year, a_month)
        add(m.start(), m.end(), iso)

    for m in _WEEKDAY_RE.finditer(sentence) if a_day is not None and "day" in sentence else ():
        if a_day is None:
            continue
        wd = _WEEKDAYS.index(m.group("wd").lower())
        pre = (m.group("pre") or "").lower()
        future = pre in ("next", "coming") or (
            pre not in ("last", "said") and _is_future(scan, m.start(), future_rx)
        )
        if future:
            delta = (wd - a_day.weekday()) % 7 or 7
            d = a_day + _dt.timedelta(days=delta)
        else:
            delta = (a_day.weekday() - wd) % 7
            if pre == "last" and delta == 0:
                delta = 7
            d = a_day - _dt.timedelta(days=delta)
        add(m.start("wd"), m.end(), d.isoformat())

    for m in _BARE_MONTH.finditer(sentence) if dated and _CAP_MONTH_START.search(sentence) else ():
        tok = m.group("mon")
        low = tok.lower()
        mon = MONTHS.get(low)
        if mon is None or low not in _CAP_MONTHS_ONLY or len(low) < 3:
            continue
        if low == "may" and m.group("pre").strip().lower() not in (
            "in", "since", "by", "until", "till", "from", "before", "after", "during",
            "early", "mid", "late", "last", "next", "this", "of", "end", "through",
        ):
            continue
        pre = m.group("pre").lower().split()[0].rstrip("-")
        year = _infer_year(
            mon, a_year, a_month, _is_future(scan, m.start(), future_rx),
            force_past=pre == "last", force_future=pre == "next",
        )
        if year is None:
            continue
        add(m.start("mon"), m.end(), _fmt(year, mon))

    for m in year_only.finditer(scan) if has_year else ():
        add(m.start("year"), m.end(), _fmt(int(m.group("year"))))

    out.sort(key=lambda d: d.start)
    return out


def resolve_date(sentence: str, article_date: str | None) -> str | None:
    """The date `sentence` refers to, as partial ISO (YYYY, YYYY-MM or YYYY-MM-DD), or None.

    An anniversary ("the 40th anniversary of the signing") wins; otherwise the first date
    expression of the sentence.
    """
    try:
        found = find_dates(sentence, article_date)
    except (ValueError, OverflowError):  # pragma: no cover - defensive
        return None
    if not found:
        return None
    best = max(found, key=lambda d: (d.priority, -d.start))
    return best.iso
