"""Calendar dates anywhere in a line of a web page ("Veröffentlicht am 12.03.2019 um 10:00",
"Posted by Jane on March 3rd, 2019", "12 marca 2019", "2019. március 12.").

`find_dates(line)` returns every full date (year, month and day) in the line with its
position, as `(iso_day, start, end)`. Month names: those of `thaw_cli.core.dates.MONTHS` and
Polish, Czech, Russian, Hungarian, Swedish/Danish/Norwegian and Finnish ones. Numeric dates
are day-first unless the day cannot be the first number (`09/23/2018`) or `month_first`
is asked for (a page whose other numeric dates are month-first, or English slashes).
Years of two digits are read only in dotted dates ("12.03.19" -> 2019-03-12).

Pure and fast: one pass of a few regular expressions; lines without a digit are skipped.
"""

from __future__ import annotations

import datetime as _dt
import re

from thaw_cli.core.dates import MONTHS

__all__ = ["find_dates", "numeric_order", "RELATIVE_RE"]

_EXTRA_MONTHS = {
    1: "stycznia styczeń styczen sty ledna leden января январь január jan. januari tammikuuta",
    2: "lutego luty lut února únor февраля февраль február februari helmikuuta",
    3: "marca marzec března březen марта март március mars maaliskuuta",
    4: "kwietnia kwiecień kwiecien kwi dubna duben апреля апрель április huhtikuuta",
    5: "maja maj května květen мая май május toukokuuta",
    6: "czerwca czerwiec cze června červen июня июнь június juni kesäkuuta",
    7: "lipca lipiec lip července červenec июля июль július juli heinäkuuta",
    8: "sierpnia sierpień sierpien sie srpna srpen августа август augusztus augusti elokuuta",
    9: "września wrzesnia wrzesień wrzesien wrz září сентября сентябрь szeptember syyskuuta",
    10: "października pazdziernika październik paź paz října říjen октября октябрь október "
        "lokakuuta",
    11: "listopada listopad lis listopadu ноября ноябрь november marraskuuta",
    12: "grudnia grudzień grudzien gru prosince prosinec декабря декабрь december joulukuuta",
}
_MONTHS: dict[str, int] = dict(MONTHS)
for _num, _names in _EXTRA_MONTHS.items():
    for _name in _names.split():
        _MONTHS.setdefault(_name.rstrip("."), _num)

_MON_ALT = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
_MON = rf"(?P<mon>{_MON_ALT})(?![^\W\d_])\.?"
_Y4 = r"(?P<y>(?:19[5-9]|20[0-4])\d)(?!\d)"
_D = r"(?<!\d)(?P<d>[0-3]?\d)(?!\d)"

_PATTERNS = (
    # 2018-10-18, 2018/10/18, 2018.10.18
    ("ymd", rf"(?<!\d){_Y4}(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)"),
    # 18. Oktober 2018, 23 de septiembre de 2018, 1er mars 2020, 18-Oct-2018, 12 marca 2019
    ("dmy", rf"{_D}(?:\.|er|º|°|st|nd|rd|th|-?go)?(?:\s*(?:de\s+)?|[-/])"
            rf"{_MON}(?:,?\s*(?:de\s+|del\s+)?|[-/]|\s*'?){_Y4}"),
    # September 23, 2018 / Sept. 23rd 2018 / March 3rd, 2019
    ("mdy", rf"{_MON}\s*{_D}(?:st|nd|rd|th)?\.?,?\s+{_Y4}"),
    # 2019. március 12.
    ("ymonth_d", rf"{_Y4}\.?\s+{_MON}\s+{_D}"),
    # 18.10.2018, 23/09/2018, 09-23-2018, 18.10.18
    ("num", r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./-])\s?(?P<b>[0-3]?\d)(?P=sep)\s?"
            r"(?P<y>(?:19[5-9]|20[0-4])\d|\d\d)(?![\d])"),
)
_RES = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS)
_DIGIT_RE = re.compile(r"\d")
# every date read has a year of four digits or is a dotted date with two-digit year
_MAY_HOLD_RE = re.compile(r"\d{4}|\d\.\s?\d\d?\.\s?\d\d")

# "3 hours ago", "vor 2 Tagen", "il y a 3 jours", "hace 2 horas", "Updated 3 hours ago"
RELATIVE_RE = re.compile(
    r"\b(?:\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago|"
    r"vor\s+\d+\s+(?:minuten|stunden|tagen|wochen|monaten)|"
    r"il\s+y\s+a\s+\d+|hace\s+\d+|(?:yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy))\b",
    re.IGNORECASE,
)


def numeric_order(lines: list[str]) -> bool:
    """True when the page writes numeric dates month first (a slashed date whose second
    number is above 12, and none whose first number is)."""
    month_first = day_first = 0
    for s in lines:
        if "/" not in s or not _DIGIT_RE.search(s):
            continue
        for m in _RES[-1][1].finditer(s):
            if m.group("sep") != "/":
                continue
            a, b = int(m.group("a")), int(m.group("b"))
            if a > 12 >= b:
                day_first += 1
            elif b > 12 >= a:
                month_first += 1
    return month_first > day_first


def find_dates(s: str, *, month_first: bool = False) -> list[tuple[str, int, int]]:
    """Every full calendar date in `s`: (YYYY-MM-DD, start, end), in order of position."""
    if not _MAY_HOLD_RE.search(s):
        return []
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _RES:
        for m in rx.finditer(s):
            start, end = m.span()
            if any(start < e and b < end for b, e in taken):
                continue
            iso = _iso(kind, m, month_first)
            if iso is None:
                continue
            found.append((iso, start, end))
            taken.append((start, end))
    found.sort(key=lambda x: x[1])
    return found


def _iso(kind: str, m: re.Match[str], month_first: bool) -> str | None:
    g = m.groupdict()
    y = g["y"]
    year = int(y) if len(y) == 4 else 2000 + int(y)
    if kind == "ymd":
        month, day = int(g["m"]), int(g["d"])
    elif kind == "num":
        a, b = int(g["a"]), int(g["b"])
        if len(y) == 2 and g["sep"] != ".":
            return None
        if year > 2049:
            return None
        if g["sep"] == ".":
            day, month = a, b
        elif a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        elif month_first:
            day, month = b, a
        else:
            day, month = a, b
    else:
        month = _MONTHS[g["mon"].lower().rstrip(".")]
        day = int(g["d"])
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None
