"""Date lines as news pages print them, turned into partial ISO 8601 strings.

`parse_date_text("18. Oktober 2018, 9:35 Uhr")` -> `"2018-10-18T09:35:00"`,
`parse_date_text("September 23, 2018")` -> `"2018-09-23"`, `parse_date_text("Oct 2018")`
-> `"2018-10"`. The result is exactly as precise as the text: a time only when the line
has one, a zone only when the line names one. Month names come from `thaw_cli.core.dates.MONTHS`
(English, German, French, Spanish, Italian, Portuguese, Dutch).

Numeric dates are read only when they cannot be misread: ISO (`2018-10-18`), dotted
day-first (`18.10.2018`, the European convention) and slashed/dashed dates whose day is
above 12 (`23/09/2018`, `09/23/2018`). `12/03/2021` is ambiguous and gives None.

`split_date_line` and `is_date_line` are what the page cleaner uses to recognise a line
that is mostly a date ("Updated: 3 March 2020 | Jane Doe").
"""

from __future__ import annotations

import datetime as _dt
import re

from thaw_cli.core.dates import MONTHS

__all__ = ["parse_date_text", "split_date_line", "is_date_line"]

_MONTH_ALT = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
_MON = rf"(?P<mon>{_MONTH_ALT})(?![^\W\d_])\.?"
_YEAR = r"(?P<y>1[6-9]\d\d|2[01]\d\d)(?!\d)"
_DAY = r"(?P<d>[0-3]?\d)(?!\d)"

_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu "
    "thur thurs fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonnabend "
    "sonntag mo di mi do fr sa so lundi mardi mercredi jeudi vendredi samedi dimanche lun "
    "mer jeu ven sam dim lunes martes miércoles miercoles jueves viernes sábado sabado "
    "domingo lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì "
    "venerdi sabato domenica segunda-feira terça-feira terca-feira quarta-feira "
    "quinta-feira sexta-feira segunda terça quarta quinta sexta maandag dinsdag woensdag "
    "donderdag vrijdag zaterdag zondag"
)
_WEEKDAY_ALT = "|".join(re.escape(w) for w in sorted(set(_WEEKDAYS.split()), key=len, reverse=True))

_LABELS = (
    r"last\s+updated|last\s+modified|updated|published|first\s+published|posted|modified|"
    r"date|dated|released|veröffentlicht|aktualisiert|zuletzt\s+aktualisiert|erstellt|"
    r"erschienen|stand|datum|publié|publie|mis\s+à\s+jour|mis\s+a\s+jour|modifié|"
    r"actualizado|actualización|publicado|fecha|pubblicato|aggiornato|aggiornamento|"
    r"data|atualizado|gepubliceerd|bijgewerkt|laatst\s+bijgewerkt"
)
# Labels, weekday names and articles that may precede a date ("Published on Tuesday, the").
_PREFIX_RE = re.compile(
    r"(?:[•·▪●◦►▶*|\-–—]\s*)?"
    rf"(?:(?:{_LABELS})(?![^\W\d_])(?:\s+(?:on|am|le|el|il|em|op|at)(?!\S))?\s*:?\s*)*"
    rf"(?:(?:{_WEEKDAY_ALT})(?![^\W\d_])\.?\s*,?\s*)?"
    r"(?:(?:the|den|der|le|el|il|am|on|del|op|em)\s+)?",
    re.IGNORECASE,
)

_DATE_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        # 2018-10-18, 2018/10/18, 2018.10.18
        ("ymd", r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)"),
        # 18. Oktober 2018, 23 de septiembre de 2018, 1er mars 2020, 18-Oct-2018
        (
            "dmy",
            rf"{_DAY}(?:\.|er|º|°|st|nd|rd|th)?(?:\s*(?:de\s+)?|[-/])"
            rf"{_MON}(?:,?\s*(?:de\s+|del\s+)?|[-/]){_YEAR}",
        ),
        # September 23, 2018 / Sept. 23rd 2018
        ("mdy", rf"{_MON}\s*{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}"),
        # 18.10.2018, 23/09/2018, 09-23-2018
        ("num", r"(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d|[23]\d)(?P=sep)" + _YEAR),
        # Oct 2018, Oktober 2018, septiembre de 2018
        ("my", rf"{_MON},?\s*(?:de\s+|del\s+)?{_YEAR}"),
        # 2018-10
        ("ym", r"(?P<y>\d{4})-(?P<m>[01]\d)(?![\d/.-])"),
    )
)

_ZONES: dict[str, str | None] = {
    "z": "+00:00",
    "utc": "+00:00",
    "gmt": "+00:00",
    "wet": "+00:00",
    "bst": "+01:00",
    "cet": "+01:00",
    "mez": "+01:00",
    "cest": "+02:00",
    "mesz": "+02:00",
    "eet": "+02:00",
    "eest": "+03:00",
    "msk": "+03:00",
    "jst": "+09:00",
    "kst": "+09:00",
    "hkt": "+08:00",
    "sgt": "+08:00",
    "aest": "+10:00",
    "aedt": "+11:00",
    "est": "-05:00",
    "edt": "-04:00",
    "cst": None,  # US Central or China Standard: ambiguous
    "cdt": "-05:00",
    "mst": "-07:00",
    "mdt": "-06:00",
    "pst": "-08:00",
    "pdt": "-07:00",
    "et": None,  # US Eastern, summer or winter: unknown offset
    "pt": None,
    "ist": None,
}
_ZONE_ALT = "|".join(sorted(_ZONES, key=len, reverse=True))

_TIME_RE = re.compile(
    r"\s*(?:,|;|-|–|—|\||/|T|à|a\s+las|a\s+la|alle\s+ore|alle|às|at|um|om|ore|kl\.?)?\s*"
    r"(?P<h>[01]?\d|2[0-3])(?:\s*(?P<hsep>[:.hH])\s*(?P<mi>[0-5]\d)"
    r"(?::(?P<s>[0-5]\d)(?:[.,]\d+)?)?)?"
    r"\s*(?P<ap>[ap]\.?\s?m\.?(?![^\W\d_]))?"
    r"\s*(?:(?P<uhr>uhr|hrs|heures|h)(?![^\W\d_])\.?)?"
    r"(?:\s*\(?(?P<tz>"
    r"(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
    rf"(?:{_ZONE_ALT})(?![^\W\d_]))\)?)?",
    re.IGNORECASE,
)
_REST_SEP_RE = re.compile(r"\s*(?:[|•·,;/]|[-–—]\s|\s[-–—]|\b(?:by|von|par|por|di|door)\b)")
_TRAILING_RE = re.compile(r"[\s.,;:|•·\-–—]*")
_DIGIT_RE = re.compile(r"\d")


def _zone(raw: str) -> str | None:
    z = raw.lower().replace(" ", "")
    if z in _ZONES:
        return _ZONES[z]
    m = re.fullmatch(r"(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?", z)
    if not m:
        return None
    sign, hh, mm = m.group(1), int(m.group(2)), int(m.group(3) or 0)
    if hh > 14 or mm > 59:
        return None
    return f"{sign}{hh:02d}:{mm:02d}"


def _date_at(s: str, pos: int) -> tuple[str, int] | None:
    """A date starting at `pos`: (partial ISO, end position)."""
    for kind, regex in _DATE_RES:
        m = regex.match(s, pos)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["y"])
        if kind in ("ymd", "ym"):
            month, day = int(g["m"]), int(g["d"]) if g.get("d") else 0
        elif kind == "num":
            a, b = int(g["a"]), int(g["b"])
            if g["sep"] == "." or a == b:
                day, month = a, b
            elif a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                day, month = b, a
            else:
                return None  # 12/03/2021: day-first or month-first? Do not guess.
        else:
            month = MONTHS[g["mon"].lower()]
            day = int(g["d"]) if g.get("d") else 0
        if not 1 <= month <= 12:
            continue
        if day:
            try:
                _dt.date(year, month, day)
            except ValueError:
                continue
            return f"{year:04d}-{month:02d}-{day:02d}", m.end()
        return f"{year:04d}-{month:02d}", m.end()
    return None


def _time_at(s: str, pos: int) -> tuple[str, int] | None:
    """A time of day (and zone) starting at `pos`: ("THH:MM:SS[+zz:zz]", end position)."""
    m = _TIME_RE.match(s, pos)
    if not m:
        return None
    hour = int(m.group("h"))
    minute = int(m.group("mi") or 0)
    second = int(m.group("s") or 0)
    ap = m.group("ap")
    if m.group("mi") is None and not ap and not m.group("uhr"):
        return None  # a lone number is not a time
    if m.group("hsep") in ("h", "H") and m.group("uhr"):
        return None
    if ap:
        if not 1 <= hour <= 12:
            return None
        pm = ap.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    out = f"T{hour:02d}:{minute:02d}:{second:02d}"
    if m.group("tz"):
        zone = _zone(m.group("tz"))
        if zone:
            out += zone
    return out, m.end()


def _date_with_time(s: str, pos: int) -> tuple[str, int] | None:
    found = _date_at(s, pos)
    if found is None:
        return None
    iso, end = found
    if len(iso) == 10:
        t = _time_at(s, end)
        if t is not None:
            iso += t[0]
            end = t[1]
    return iso, end


def may_hold_date_line(s: str) -> bool:
    """False when `split_date_line` cannot find a date in `s`, cheaply: every date it reads
    has a year of four digits (an ISO "2018-10" too), so a line without four digits in a row
    holds none. (A new date form without such a year must change this test.)"""
    if s.isascii():  # several times faster than the regex on ASCII text, the common case
        return b"0000" in s.encode("ascii").translate(_DIGITS_TO_ZERO)
    return _FOUR_DIGITS_RE.search(s) is not None


_FOUR_DIGITS_RE = re.compile(r"\d{4}")
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")


def split_date_line(s: str) -> tuple[str, str] | None:
    """(partial ISO date, rest) when `s` starts with a date line, else None.

    The date may be preceded by labels and a weekday ("Updated: Tuesday, 3 March 2020")
    and followed by a separator and other metadata, returned as `rest` without the
    separator ("18. Oktober 2018, 9:35 Uhr | Heinz Arnold" -> rest "Heinz Arnold").
    """
    if not s or len(s) > 300:
        return None
    text = s.strip()
    if not text or not _DIGIT_RE.search(text):
        return None
    p = _PREFIX_RE.match(text)
    pos = p.end() if p else 0
    found = _date_with_time(text, pos)
    if found is None:
        return None
    iso, end = found
    rest = text[end:]
    if not rest.strip(" .,;:|•·-–—\u00a0"):
        return iso, ""
    sep = _REST_SEP_RE.match(rest)
    if sep is None:
        return None
    return iso, rest[_TRAILING_RE.match(rest).end() :].strip()


def parse_date_text(s: str) -> str | None:
    """The partial ISO 8601 date of a date line, or None when `s` is not a date line."""
    found = split_date_line(s) if isinstance(s, str) else None
    if found is None or found[1]:
        return None
    return found[0]


def is_date_line(s: str) -> bool:
    """True when the line is (mostly) a date: a date, possibly with labels and a byline."""
    return split_date_line(s) is not None
