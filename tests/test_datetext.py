"""Natural-language date lines -> partial ISO 8601 (thaw_cli.ingest.datetext)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaw_cli.core.dates import normalize_iso
from thaw_cli.ingest.datetext import (
    is_date_line,
    may_hold_date_line,
    parse_date_text,
    split_date_line,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German
        ("18. Oktober 2018, 9:35 Uhr", "2018-10-18T09:35:00"),
        ("18. Oktober 2018", "2018-10-18"),
        ("Veröffentlicht am 18.10.2018, 14.05 Uhr", "2018-10-18T14:05:00"),
        ("Donnerstag, 3. März 2022", "2022-03-03"),
        ("Stand: 1. Jänner 2020", "2020-01-01"),
        # English
        ("September 23, 2018", "2018-09-23"),
        ("Sept. 23, 2018", "2018-09-23"),
        ("23 September 2018", "2018-09-23"),
        ("Oct. 22nd, 2018", "2018-10-22"),
        ("Tuesday, 3 March 2020 10:15 GMT", "2020-03-03T10:15:00+00:00"),
        ("Published on Monday, Oct. 22, 2018 at 3:45 p.m.", "2018-10-22T15:45:00"),
        ("March 3, 2020 2 p.m. EST", "2020-03-03T14:00:00-05:00"),
        ("Updated: 23/03/2021", "2021-03-23"),
        ("Posted 09/23/2018", "2018-09-23"),
        ("Oct 2018", "2018-10"),
        ("18-Oct-2018", "2018-10-18"),
        # French
        ("23 septembre 2018 à 14h05", "2018-09-23T14:05:00"),
        ("Publié le 1er mars 2020", "2020-03-01"),
        ("mis à jour le 5 févr. 2019", "2019-02-05"),
        # Spanish, Portuguese, Italian, Dutch
        ("23 de septiembre de 2018", "2018-09-23"),
        ("Actualizado: 5 de mayo de 2021 a las 10:30", "2021-05-05T10:30:00"),
        ("23 de setembro de 2018 às 14h05", "2018-09-23T14:05:00"),
        ("23 settembre 2018 alle 14:05", "2018-09-23T14:05:00"),
        ("dinsdag 23 oktober 2018 om 09:00", "2018-10-23T09:00:00"),
        ("septiembre de 2018", "2018-09"),
        # ISO
        ("2018-10-18 09:35", "2018-10-18T09:35:00"),
        ("2018-10-18T09:35:00Z", "2018-10-18T09:35:00+00:00"),
        ("2018-10-18T09:35:00+09:00", "2018-10-18T09:35:00+09:00"),
        ("2018-10-18", "2018-10-18"),
        ("2018-10", "2018-10"),
        ("• September 23, 2018", "2018-09-23"),
    ],
)
def test_parse_date_text(text: str, expected: str) -> None:
    assert parse_date_text(text) == expected
    assert may_hold_date_line(text) and may_hold_date_line(f"{text} | Jane Doe")
    assert normalize_iso(expected) == expected  # well-formed for the rest of thaw


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Hello world",
        "12/03/2021",  # day-first or month-first: ambiguous
        "Updated: 05/04/2019",
        "2018",  # a bare year is not a date line
        "31 February 2019",
        "March 2018 was a cold month",
        "12 people died in 2018",
        "The meeting on September 23, 2018 ended early.",
        "Chapter 18. Oktober",
        "9:35 Uhr",
    ],
)
def test_not_a_date_line(text: str) -> None:
    assert parse_date_text(text) is None


def test_split_date_line_returns_the_rest() -> None:
    assert split_date_line("18. Oktober 2018, 9:35 Uhr | Heinz Arnold") == (
        "2018-10-18T09:35:00",
        "Heinz Arnold",
    )
    assert split_date_line("3 March 2020 by Jane Doe") == ("2020-03-03", "by Jane Doe")
    assert split_date_line("September 23, 2018 - The Japan Times") == (
        "2018-09-23",
        "The Japan Times",
    )
    assert split_date_line("September 23, 2018 was the day it all began") is None


def test_is_date_line() -> None:
    assert is_date_line("Updated: Tuesday, 3 March 2020 | Jane Doe")
    assert is_date_line("Oct 2018")
    assert not is_date_line("In October 2018 the talks began.")


@given(st.text(alphabet=st.sampled_from("0123456789 -./:,Tt|٣"), max_size=40))
def test_a_line_without_four_digits_holds_no_date(text: str) -> None:
    assert may_hold_date_line(text) == (re.search(r"\d{4}", text) is not None)
    if not may_hold_date_line(text):
        assert split_date_line(text) is None


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    result = parse_date_text(text)
    assert result is None or normalize_iso(result) == result
