"""Tricky cases for the news sentence splitter, and a property test on spans."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaw_cli.analysis.sentences import sentence_spans, split_sentences

CASES: list[tuple[str, list[str]]] = [
    # abbreviations and titles
    ("Mr. Smith arrived. He sat down.", ["Mr. Smith arrived.", "He sat down."]),
    (
        "Mrs. Jones met Dr. Lee today. They talked.",
        ["Mrs. Jones met Dr. Lee today.", "They talked."],
    ),
    (
        "Gov. Brown and Sen. Warren spoke. Both agreed.",
        ["Gov. Brown and Sen. Warren spoke.", "Both agreed."],
    ),
    ("Prof. Ito retired. A party followed.", ["Prof. Ito retired.", "A party followed."]),
    (
        "They live on St. Mark's Place. It is quiet.",
        ["They live on St. Mark's Place.", "It is quiet."],
    ),
    ("He moved to St. Louis in May.", ["He moved to St. Louis in May."]),
    ("It was Smith vs. Jones. Smith won.", ["It was Smith vs. Jones.", "Smith won."]),
    (
        "Fruit, e.g. apples, sold well. Prices rose.",
        ["Fruit, e.g. apples, sold well.", "Prices rose."],
    ),
    (
        "Some costs, i.e. wages, rose. Others fell.",
        ["Some costs, i.e. wages, rose.", "Others fell."],
    ),
    # dates
    (
        "Abe arrives on Oct. 23 in Beijing. Xi will meet him.",
        ["Abe arrives on Oct. 23 in Beijing.", "Xi will meet him."],
    ),
    (
        "The deal closed Jan. 5, 1987. Shares rose.",
        ["The deal closed Jan. 5, 1987.", "Shares rose."],
    ),
    ("Sales peaked in Sept. 1986 and fell.", ["Sales peaked in Sept. 1986 and fell."]),
    # companies
    (
        "Acme Corp. said profit rose. It gave no details.",
        ["Acme Corp. said profit rose.", "It gave no details."],
    ),
    (
        "Standard Oil Co. and BP agreed. The venture starts soon.",
        ["Standard Oil Co. and BP agreed.", "The venture starts soon."],
    ),
    (
        "He sold shares in Acme Inc. The stock fell.",
        ["He sold shares in Acme Inc.", "The stock fell."],
    ),
    (
        "The bid for Acme Corp. Chairman John Smith opposed it.",
        ["The bid for Acme Corp. Chairman John Smith opposed it."],
    ),
    ("Widget Ltd. reported a loss.", ["Widget Ltd. reported a loss."]),
    # numbers and amounts
    (
        "Profit rose 3.5 pct to $1.2 billion. Sales fell.",
        ["Profit rose 3.5 pct to $1.2 billion.", "Sales fell."],
    ),
    ("It is the No. 1 brand. Rivals trail.", ["It is the No. 1 brand.", "Rivals trail."]),
    (
        "Prices rose 0.5%. Analysts were surprised.",
        ["Prices rose 0.5%.", "Analysts were surprised."],
    ),
    ("Revenue was 1.13bn. That beat forecasts.", ["Revenue was 1.13bn.", "That beat forecasts."]),
    ("I said no. Then I left.", ["I said no.", "Then I left."]),
    # initials and acronyms
    ("Charles M. Smith resigned. He was 64.", ["Charles M. Smith resigned.", "He was 64."]),
    ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ("The U.S. and Japan agreed.", ["The U.S. and Japan agreed."]),
    (
        "Trade rose with the U.S. The company said exports grew.",
        ["Trade rose with the U.S.", "The company said exports grew."],
    ),
    ("U.S. Treasury yields fell.", ["U.S. Treasury yields fell."]),
    ("The U.K. economy grew. It was expected.", ["The U.K. economy grew.", "It was expected."]),
    ("He left at 10 a.m. on Friday.", ["He left at 10 a.m. on Friday."]),
    (
        "The meeting ends at 5 p.m. The vote follows.",
        ["The meeting ends at 5 p.m.", "The vote follows."],
    ),
    # quotes
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    (
        "She said \u201cWe are done.\u201d The talks ended.",
        ["She said \u201cWe are done.\u201d", "The talks ended."],
    ),
    (
        "He called it \u2018a mess.\u2019 Nobody disagreed.",
        ["He called it \u2018a mess.\u2019", "Nobody disagreed."],
    ),
    ('"Why?" he asked.', ['"Why?" he asked.']),
    ('"We won," he said. "It was hard."', ['"We won," he said.', '"It was hard."']),
    (
        "Results were poor. (Details were not given.) Shares fell.",
        ["Results were poor.", "(Details were not given.)", "Shares fell."],
    ),
    # ?, !, ellipses
    ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
    ("Wow!! That was fast.", ["Wow!!", "That was fast."]),
    ("He paused... and went on.", ["He paused... and went on."]),
    ("He paused... Then he went on.", ["He paused...", "Then he went on."]),
    ("He paused\u2026 Then he went on.", ["He paused\u2026", "Then he went on."]),
    ("The deal was done.. The price was high.", ["The deal was done..", "The price was high."]),
    # paragraphs and hard wrapping
    (
        "A title without stop\n\nThe body starts here.",
        ["A title without stop", "The body starts here."],
    ),
    ("First line\nwraps here. Second sentence.", ["First line\nwraps here.", "Second sentence."]),
    (
        "Showers continued in\nthe zone, it said.\n    The dry period is over.\n    Arrivals were 155,221 bags",
        [
            "Showers continued in\nthe zone, it said.",
            "The dry period is over.",
            "Arrivals were 155,221 bags",
        ],
    ),
    (
        "    Shr 12 cts vs 10 cts\n    Net 1.2 mln vs 1.0 mln\n    Revs 5.5 mln",
        ["Shr 12 cts vs 10 cts", "Net 1.2 mln vs 1.0 mln", "Revs 5.5 mln"],
    ),
    ("The end.\n\n Reuter", ["The end.", "Reuter"]),
    (
        "TOKYO, March 3 - Japan's exports rose. Imports fell.",
        ["TOKYO, March 3 - Japan's exports rose.", "Imports fell."],
    ),
    ("No punctuation at all here", ["No punctuation at all here"]),
    ("", []),
    ("   \n\n  ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_case_count() -> None:
    assert len(CASES) >= 40


def test_spans_match_sentences() -> None:
    text = "Mr. Smith came.  He left.\n\nThe end."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == split_sentences(text)
    assert spans == [(0, 15), (17, 25), (27, 35)]


def _check_spans(text: str) -> None:
    prev = 0
    for a, b in sentence_spans(text):
        assert prev <= a < b <= len(text)
        piece = text[a:b]
        assert piece == piece.strip() and piece
        prev = b


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("aB. !?\"'\u201d\u2026\n\t9,") + ["Mr.", "U.S.", "\n\n", "\n   "])
    ).map("".join)
)
def test_spans_property_news_alphabet(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_spans_property_any_text(text: str) -> None:
    _check_spans(text)


_PIECES = [
    "The", "profit", "rose", "Inc.", "U.S.", "Mr.", "No.", "1", "said.", "up!", "why?",
    "end...", "\u2026", "it.\"", "(he", "said.)", "the", "a.m.", "J.", "Reuter", "REUTER",
    "Corp.", "Jan.", "He", "But", "\"Yes.\"", "x.y.", ".", "!", "?", "'", "\u201c", "\u201d",
]
_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\n  ", "\n\t\t", " \n", "\n \n", "\t", "\xa0",
         "\r\n", "\u2028", "\n   \n"]


def test_split_sentences_is_the_text_of_the_spans_on_random_texts() -> None:
    # `split_sentences` cuts paragraph strings (a fast path for paragraphs without a
    # candidate end inside); `sentence_spans` works on offsets: the same sentences.
    rng = random.Random(9)
    for _ in range(6000):
        words = [rng.choice(_PIECES) + rng.choice(_GAPS) for _ in range(rng.randint(0, 25))]
        text = "".join(words)
        if rng.random() < 0.5:
            text = text.strip()
        assert split_sentences(text) == [text[a:b] for a, b in sentence_spans(text)], repr(text)
