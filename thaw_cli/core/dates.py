"""Dates as thaw keeps them: partial ISO 8601 strings, exactly as precise as their source.

`2018`, `2018-09`, `2018-09-23`, `2018-10-18T09:35:00`, `2021-03-03T10:15:00-05:00`.
Comparisons (sorting, --since/--until) use calendar dates; a partial date covers its
whole period.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

# Month names and abbreviations (lower case, without trailing dots) in the languages news
# pages commonly use: English, German, French, Spanish, Italian, Portuguese, Dutch.
MONTHS: dict[str, int] = {}
_MONTH_NAMES = {
    1: "january jan januar jänner jän janvier janv enero ene gennaio gen janeiro januari",
    2: "february feb februar feber février févr fevrier fevr febrero febbraio fevereiro fev februari",
    3: "march mar märz maerz mär mars marzo março marco maart mrt",
    4: "april apr avril avr abril abr aprile",
    5: "may mai mayo maggio mag maio mei",
    6: "june jun juni juin junio giugno giu junho",
    7: "july jul juli juillet juil julio luglio lug julho",
    8: "august aug août aout agosto ago augustus",
    9: "september sep sept septembre septiembre set settembre setembro",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember dez décembre déc decembre diciembre dic dicembre dezembro",
}
for _num, _names in _MONTH_NAMES.items():
    for _name in _names.split():
        MONTHS.setdefault(_name, _num)

_ISO_RE = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


def normalize_iso(value: object) -> str | None:
    """Normalise a front-matter date (a YAML date/datetime or an ISO string) to partial ISO.

    Returns None for anything that is not a valid ISO 8601 date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, _dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str):
        return None
    m = _ISO_RE.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    try:
        if day:
            _dt.date(int(year), int(month), int(day))
        elif month and not 1 <= int(month) <= 12:
            return None
        if hour and not (int(hour) < 24 and int(minute) < 60 and int(second or 0) < 60):
            return None
    except ValueError:
        return None
    out = year
    if month:
        out += f"-{month}"
    if day:
        out += f"-{day}"
    if hour:
        out += f"T{hour}:{minute}:{second or '00'}"
        if zone:
            if zone == "Z":
                out += "+00:00"
            else:
                z = zone.replace(":", "")
                out += f"{z[:3]}:{z[3:]}"
    return out


def period(iso: str) -> tuple[str, str]:
    """The first and last calendar day (YYYY-MM-DD) covered by a partial ISO date."""
    year = int(iso[:4])
    if len(iso) >= 10:
        return iso[:10], iso[:10]
    if len(iso) >= 7:
        month = int(iso[5:7])
        last = calendar.monthrange(year, month)[1]
        return f"{iso[:7]}-01", f"{iso[:7]}-{last:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def parse_bound(text: str, *, end: bool) -> str:
    """Parse a --since/--until value (`2018`, `2018-10`, `2018-10-05`) to a calendar day.

    `end=True` gives the last day of the period (inclusive upper bound). Raises ValueError
    with a readable message on a bad value.
    """
    iso = normalize_iso(text.strip()) if text else None
    if iso is None:
        raise ValueError(f"invalid date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    first, last = period(iso)
    return last if end else first


def in_range(iso: str | None, since: str | None, until: str | None) -> bool:
    """True when the period of `iso` overlaps [since, until] (calendar days, inclusive).

    Undated items never match a date filter.
    """
    if since is None and until is None:
        return True
    if iso is None:
        return False
    first, last = period(iso)
    if since is not None and last < since:
        return False
    return not (until is not None and first > until)


def precision_of(iso: str) -> str:
    """How precise a partial ISO date is: "day", "month" or "year"."""
    return "day" if len(iso) >= 10 else "month" if len(iso) >= 7 else "year"


def sort_key(iso: str | None) -> str:
    """A key that orders partial ISO dates by calendar date ('' for undated)."""
    return iso[:10] if iso else ""


def newest_first(iso: str | None) -> tuple[int, str]:
    """A key that orders partial ISO dates by calendar date, newest first, undated last,
    inside an ascending sort (each character of the date "negated")."""
    if not iso:
        return (1, "")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in iso[:10]))
