"""Extractive summaries, ranking prefixes and key phrases."""

from __future__ import annotations

import re

import pytest

from thaw_cli.analysis.sentences import split_sentences
from thaw_cli.analysis.summary import keywords, lead, rank_sentences, summarize

TITLE = "Carmakers agree common standard for ultra-fast charging stations"

# A hand-written, real-looking article (not copied from any source).
ARTICLE = """TOKYO, Oct. 2 - Japanese and Chinese carmakers agreed on Tuesday to develop a common standard for ultra-fast charging stations, a step that could shape the global market for electric vehicles.

The Japan Automobile Manufacturers Association and the China Association of Automobile Manufacturers signed a memorandum of understanding in Beijing. The agreement covers ultra-fast charging stations, battery safety rules and the exchange of engineers between the two industries.

"This is a milestone for electric vehicles," said Hiroshi Tanaka, chairman of the Japanese association. He added that the first ultra-fast charging stations built to the common standard could open in 2020.

It would be the largest charging network in the world. Analysts said a shared standard for ultra-fast charging stations would cut costs for carmakers and drivers alike, and put pressure on rival standards in Europe and the U.S. The European standard is backed by Volkswagen and BMW.

Electric vehicles still account for a small share of car sales in both countries. But sales of electric vehicles in China rose sharply last year, helped by government subsidies and new charging stations in big cities.

Reuter"""


def test_summarize_returns_n_sentences_in_article_order() -> None:
    sents = [" ".join(s.split()) for s in split_sentences(ARTICLE)]
    out = summarize(TITLE, ARTICLE, 3)
    assert len(out) == 3
    positions = [sents.index(s) for s in out]
    assert positions == sorted(positions)


def test_summary_sentences_come_from_text() -> None:
    flat = " ".join(ARTICLE.split())
    for s in summarize(TITLE, ARTICLE, 4):
        assert s in flat


def test_summary_avoids_debris_and_dangling_openers() -> None:
    out = summarize(TITLE, ARTICLE, 3)
    assert "Reuter" not in out
    assert not any(s.startswith(("He added", "It would")) for s in out)
    assert out[0].startswith("TOKYO, Oct. 2 - Japanese and Chinese carmakers")


def test_rank_sentences_prefix_property() -> None:
    ranked = rank_sentences(TITLE, ARTICLE, limit=10)
    assert len({i for i, _ in ranked}) == len(ranked)
    for n in range(1, len(ranked) + 1):
        assert rank_sentences(TITLE, ARTICLE, limit=n) == ranked[:n]
        assert summarize(TITLE, ARTICLE, n) == [s for _, s in sorted(ranked[:n])]


def test_rank_sentences_positions_and_normalised_text() -> None:
    sents = split_sentences(ARTICLE)
    for i, s in rank_sentences(TITLE, ARTICLE):
        assert s == " ".join(sents[i].split())
        assert "  " not in s and "\n" not in s


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\n", "One sentence only.", "no punctuation at all in this text", "Wow."],
)
def test_degenerate_texts(text: str) -> None:
    ranked = rank_sentences(None, text)
    assert len(ranked) == len(split_sentences(text))
    assert summarize(None, text) == [s for _, s in sorted(ranked)][:3]
    assert isinstance(keywords(None, text), list)
    assert lead(text) == [" ".join(s.split()) for s in split_sentences(text)[:3]]


def test_sign_off_never_chosen() -> None:
    assert rank_sentences(None, "Reuter") == []
    text = "Acme said it would cut 300 jobs at its plant.\n\n Reuter\n"
    assert summarize(None, text, 3) == ["Acme said it would cut 300 jobs at its plant."]
    assert summarize(None, "Profit rose 5 pct.\n Reuter\n", 3) == ["Profit rose 5 pct."]


def test_short_text_returns_all_it_has() -> None:
    assert summarize("T", "First one here. Second one here.", 3) == [
        "First one here.",
        "Second one here.",
    ]


def test_one_megabyte_text() -> None:
    text = ("The market rose sharply today as investors bought shares in banks. " * 7000)[
        :1_000_000
    ]
    ranked = rank_sentences("Market", text, limit=5)
    assert len(ranked) == 5
    assert len(summarize("Market", text, 3)) == 3
    kws = keywords("Market", text)
    assert 1 <= len(kws) <= 8


def test_one_megabyte_without_punctuation() -> None:
    text = "word " * 200_000
    assert len(rank_sentences(None, text)) == 1
    assert isinstance(keywords(None, text), list)


def test_lead() -> None:
    assert lead("Rain fell. Then it stopped.\n\nSun came. It was warm.", 2) == [
        "Rain fell.",
        "Then it stopped.",
    ]
    assert lead("", 3) == []


def test_keywords_count_and_multiword() -> None:
    kws = keywords(TITLE, ARTICLE)
    assert 5 <= len(kws) <= 8
    assert any(" " in k for k in kws)
    low = [k.lower() for k in kws]
    assert "ultra-fast charging stations" in low
    assert "electric vehicles" in low


def test_keywords_no_sub_phrases_and_no_stop_word_edges() -> None:
    kws = [k.lower() for k in keywords(TITLE, ARTICLE)]
    assert len(set(kws)) == len(kws)
    for a in kws:
        for b in kws:
            if a != b:
                assert not re.search(rf"(?<!\S){re.escape(a)}(?!\S)", b), (a, b)
    edges = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "said", "with", "by"}
    for k in kws:
        words = k.split()
        assert words[0] not in edges and words[-1] not in edges


def test_keywords_n() -> None:
    assert len(keywords(TITLE, ARTICLE, n=3)) == 3
    assert keywords(TITLE, ARTICLE, n=0) == []


def test_rank_sentences_with_presplit_sentences_is_the_same() -> None:
    sents = split_sentences(ARTICLE)
    shared = rank_sentences(TITLE, ARTICLE, sentences=sents)
    assert shared == rank_sentences(TITLE, ARTICLE)
    assert len(shared) >= 3
    # the sentences given are the ones ranked (positions index into them)
    assert rank_sentences(TITLE, ARTICLE, sentences=sents[:2]) == rank_sentences(
        TITLE, "\n\n".join(sents[:2])
    )


# The original key-phrase token pattern; `summary._KP_TOKEN` is a faster spelling of it.
_KP_TOKEN_PLAIN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w&'\u2019-]*\w)?|\d[\d.,:/%]*\w*|[^\s\w]")
TRICKY = [
    ARTICLE,
    "The U.S.A. and U.S. firms' 1980's boom: rock'n'roll, AT&T, ultra-fast--cars.",
    "Profit 1,234.5 mln dlrs vs 9a's 3.x5 _under_score_ abc_'s O\u2019Neil\u2019s X.Y",
    "\u0130stanbul \u212aelvin \u039f\u0394\u03a3 caf\u00e9's na\u00efve 12\u2019abc a\x00b 'tis --",
    "A.B.C.d. e.f x.y.z 7'x'y 'quoted' \"double\" (brackets) [x] 50% $5/share 2:1",
]


@pytest.mark.parametrize("text", TRICKY)
def test_token_pattern_matches_the_plain_one(text: str) -> None:
    from thaw_cli.analysis.summary import _KP_TOKEN

    assert _KP_TOKEN.findall(text) == _KP_TOKEN_PLAIN.findall(text)


# No figure runs into an apostrophe here: one tokenisation serves both.
SHARED = (
    "U.S. firms' O'Neil\u2019s rock'n'roll at AT&T. Ultra-fast \u0130stanbul \u212aelvin caf\u00e9's "
    "'tis -- 50% of $5/share (brackets) [x].\n\nThe U.S.A. said: \"A.B.C.d. e.f x.y.z 2:1.\" Was it?"
)


@pytest.mark.parametrize("text", [*TRICKY, SHARED, "", "   ", "Reuter", "One sentence only."])
def test_rank_and_keywords_equals_the_two_calls(text: str) -> None:
    from thaw_cli.analysis.summary import rank_and_keywords

    for title in (TITLE, None):
        want = (rank_sentences(title, text), keywords(title, text))
        assert rank_and_keywords(title, text) == want
        assert rank_and_keywords(title, text, sentences=split_sentences(text)) == want
        assert rank_and_keywords(title, text, limit=2, n=3) == (
            rank_sentences(title, text, 2),
            keywords(title, text, 3),
        )
        assert rank_and_keywords(title, text, limit=0, n=0) == ([], [])
