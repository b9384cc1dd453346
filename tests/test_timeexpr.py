"""resolve_date: relative and absolute time expressions against the article's date."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaw_cli.analysis.timeexpr import find_dates, resolve_date
from thaw_cli.core.dates import normalize_iso


@pytest.mark.parametrize(
    ("sentence", "article_date", "expected"),
    [
        ("At the end of August, the two agreed to develop a standard.", "2018-10-18", "2018-08"),
        ("Abe and Li agreed in May to promote cooperation.", "2018-09-23", "2018-05"),
        ("The leaders will sign the accord in May.", "2018-09-23", "2019-05"),
        ("Abe will reach an agreement when he visits China next month.", "2018-09-23", "2018-10"),
        ("The pact was signed last month.", "2018-09-23", "2018-08"),
        ("A dialogue is scheduled to begin this year.", "2018-10-18", "2018"),
        ("The dialogue could be launched within the year.", "2018-09-23", "2018"),
        ("Visits are planned for next year.", "2018-10-18", "2019"),
        ("Abe is to arrive in Beijing on Oct. 23.", "2018-09-23", "2018-10-23"),
        ("The treaty was signed in 1978.", "2018-09-23", "1978"),
        ("The countries mark the 40th anniversary of the signing of the treaty.", "2018-09-23",
         "1978"),
        ("It was signed on March 3, 1987.", "2018-01-01", "1987-03-03"),
        ("It was signed on 3 March 1987.", "2018-01-01", "1987-03-03"),
        ("Signed 1987-03-03.", "2018-01-01", "1987-03-03"),
        ("Unterzeichnet am 3. März 1987.", "2018-01-01", "1987-03-03"),
        ("Signé le 3 mars 1987.", "2018-01-01", "1987-03-03"),
        ("Firmado el 3 de marzo de 1987.", "2018-01-01", "1987-03-03"),
        ("The ministers agreed on Tuesday to cut output.", "1987-03-20", "1987-03-17"),
        ("They will meet on Monday.", "1987-03-20T10:00:00", "1987-03-23"),
        ("The package was agreed last October 16.", "1987-03-20", "1986-10-16"),
        ("The bank cut its rate yesterday.", "1987-03-20", "1987-03-19"),
        ("The contract expired on May 31 this year.", "1987-06-19", "1987-05-31"),
        ("GM signed in 1984 before the strike.", "1987-04-13", "1984"),
    ],
)
def test_resolve(sentence: str, article_date: str, expected: str) -> None:
    assert resolve_date(sentence, article_date) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "It may rain.",
        "Two out of 3 analysts disagree.",
        "Five years ago the firm was small.",
        "The 1987 bargaining round will be tough.",
        "Prices rose 3 pct.",
        "",
    ],
)
def test_no_date(sentence: str) -> None:
    assert resolve_date(sentence, "1987-06-10") is None


def test_without_article_date() -> None:
    assert resolve_date("The pact was signed in 1978.", None) == "1978"
    assert resolve_date("The pact was signed last month.", None) is None
    assert resolve_date("They met on Tuesday.", "1987-03") is None


def test_year_only_article_date() -> None:
    assert resolve_date("They agreed in May.", "2018") == "2018-05"


def test_find_dates_positions() -> None:
    s = "Signed in 1978, renewed on March 3, 1987."
    found = find_dates(s, "2018-01-01")
    assert [d.iso for d in found] == ["1978", "1987-03-03"]
    assert s[found[0].start:found[0].end] == "1978"


_PARTIAL = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=200),
    st.one_of(st.none(), st.sampled_from(["2018", "2018-09", "2018-09-23", "1987-03-20T10:00:00",
                                          "0001-01-01", "9999-12-31", "garbage"])),
)
def test_never_raises(sentence: str, article_date: str | None) -> None:
    out = resolve_date(sentence, article_date)
    assert out is None or (_PARTIAL.match(out) and normalize_iso(out) == out)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["in", "May", "on", "Oct.", "23", "last", "next", "month", "year", "1987", "3", "March",
     "Tuesday", "40th", "anniversary", "of", "will", "said", "le", "mars", "am", "3.", "März",
     ",", "week", "today", "yesterday", "within", "the"]), max_size=12))
def test_never_raises_on_date_words(words: list[str]) -> None:
    out = resolve_date(" ".join(words), "2018-09-23")
    assert out is None or (_PARTIAL.match(out) and normalize_iso(out) == out)


def test_month_alternation_matches_each_name_longest_first() -> None:
    import re

    from thaw_cli.analysis.timeexpr import _MONTH_ALT
    from thaw_cli.core.dates import MONTHS

    rx = re.compile(f"(?:{_MONTH_ALT})")
    for name in MONTHS:
        assert rx.fullmatch(name), name
        # the longest month name that starts the text wins, as in a longest-first list
        text = name + "ber x"
        longest = max((n for n in MONTHS if text.startswith(n)), key=len)
        m = rx.match(text)
        assert m is not None and m.group() == longest, (name, m)
    assert rx.fullmatch("septembre") and not rx.fullmatch("septemb")


def test_article_dates_at_the_ends_of_the_calendar_never_overflow() -> None:
    from thaw_cli.analysis.timeexpr import find_dates

    for date in ("0001-01-01", "9999-12-31", "0001", "9999-12"):
        find_dates("They met last Tuesday, will meet next month and again next year.", date)


def test_lower_case_twins_match_as_the_ignorecase_patterns() -> None:
    """The patterns run case-sensitively on lower-cased text find the same spans."""
    import sys

    from thaw_cli.analysis import timeexpr as tx

    pairs = [(tx._DMY, tx._DMY_LC), (tx._MDY, tx._MDY_LC), (tx._MY, tx._MY_LC),
             (tx._YEAR_ONLY, tx._YEAR_ONLY_LC), (tx._ANNIV, tx._ANNIV_LC), (tx._REL, tx._REL_LC),
             (tx._FUTURE, tx._FUTURE_LC)]
    texts = [
        "Il a sign\u00e9 le 3 D\u00c9CEMBRE 1987 et le 5 Mars, AM 3. M\u00c4RZ 1987.",
        "On 12 AO\u00dbT 2019 el 5 De Diciembre de 2018, 3\u00ba MAYO 1990, 4\u00b0 Oct 2001, Mar\u00c7o 1999.",
        "They WILL meet NEXT Week, since Early 1987, the 40TH Anniversary, Fortieth ANNIVERSARY.",
        "Within A Year, By Year-End, THE END OF THE MONTH, Earlier This Quarter, Tonight.",
        "March 5 pct, MARCH 5 Dlrs, Jan. 26 and Feb 9, 1987, FEB 26 - Sept 1986, 1987-03-02.",
    ]
    for text in texts:
        low = tx.lower_exact(text)
        assert low is not None
        for rx, lc in pairs:
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in lc.finditer(low)]
    # every non-ASCII letter of the month names lower-cases exactly as re.I matches it
    from thaw_cli.core.dates import MONTHS

    chars = {c for name in MONTHS for c in name if not c.isascii()} | {"\u00ba", "\u00b0"}
    for x in chars:
        p = re.compile(re.escape(x), re.I)
        for cp in range(sys.maxunicode + 1):
            c = chr(cp)
            if c not in tx._CASE_TRAPS:
                assert bool(p.fullmatch(c)) == (c.lower() == x), (x, hex(cp))
