"""The stored analysis blob (codec.pack_analysis / unpack_analysis / story_features): what
is packed comes back, the summary ranking stored as places in the article's text."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from thaw_cli.analysis.codec import (
    agreements_to_json,
    pack_analysis,
    story_features,
    unpack_analysis,
)
from thaw_cli.analysis.pipeline import analyze
from thaw_cli.core.models import Article
from thaw_cli.ingest import corpus

FIXTURES = Path(__file__).parent / "fixtures"


def _articles() -> list[Article]:
    """Every Markdown and text fixture (articles, raw and copied pages) as thaw reads it."""
    out = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".md", ".txt"):
            rel = path.relative_to(FIXTURES).as_posix()
            article, _ = corpus.load_article(FIXTURES, rel, rel, 10_000_000)
            out.append(article)
    return out


ARTICLES = _articles()


def test_there_are_articles_to_check() -> None:
    assert len(ARTICLES) >= 10


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_round_trip(article: Article) -> None:
    an = analyze(article)
    text = article.text
    blob = pack_analysis(article.title, an.ranked, an.keywords, an.agreements, an.method, an.features, text)
    got = unpack_analysis(blob, lambda: text)
    assert [list(r) for r in got.ranked] == [list(r) for r in an.ranked]
    assert got.keywords == an.keywords
    assert got.agreements == json.loads(json.dumps(agreements_to_json(an.agreements)))
    assert got.method == an.method
    feats = {k: v for k, v in an.features.items() if k not in ("terms", "sig")}
    assert got.features == json.loads(json.dumps(feats))
    terms, sig = story_features(blob, article.title)
    assert terms == an.features.get("terms", [])
    assert sig == (an.features.get("sig") or None)


def _stored(blob: bytes) -> list:
    return json.loads(zlib.decompress(blob, -15))


def test_sentences_found_in_the_text_are_stored_as_places() -> None:
    text = "First sentence here. Second one follows.\n\nA third, in a new paragraph."
    ranked = [(2, "A third, in a new paragraph."), (0, "First sentence here."), (1, "Second one follows.")]
    blob = pack_analysis("T", ranked, [], [], "extractive", {}, text)
    assert _stored(blob)[0] == [[2, 42, 28], [0, 0, 20], [1, 21, 19]]
    assert unpack_analysis(blob, lambda: text).ranked == [list(r) for r in ranked]


def test_sentences_not_in_the_text_are_stored_as_they_are() -> None:
    text = "Line one\nwrapped. Other text."
    ranked = [(0, "Line one wrapped."), (1, "Other text."), (2, "")]  # normalised, as `lead` gives
    blob = pack_analysis("T", ranked, [], [], "lead", {}, text)
    assert _stored(blob)[0] == [[0, "Line one wrapped."], [1, 18, 11], [2, ""]]
    assert unpack_analysis(blob, lambda: text).ranked == [list(r) for r in ranked]


def test_repeated_sentences_and_out_of_order_places() -> None:
    text = "Same. Same. Other. Same."
    ranked = [(3, "Same."), (0, "Same."), (2, "Other."), (1, "Same.")]
    blob = pack_analysis("T", ranked, [], [], "extractive", {}, text)
    assert unpack_analysis(blob, lambda: text).ranked == [list(r) for r in ranked]


def test_text_read_only_when_needed() -> None:
    blob = pack_analysis("T", [(0, "Not in it.")], ["k"], [], "lead", {}, "Other words.")
    assert unpack_analysis(blob).ranked == [[0, "Not in it."]]  # (no text needed, none given)
    blob = pack_analysis("T", [(0, "In it.")], ["k"], [], "extractive", {}, "In it.")
    assert unpack_analysis(blob).ranked is None
    assert unpack_analysis(blob).keywords == ["k"]
    no_text = pack_analysis("T", [(0, "In it.")], ["k"], [], "extractive", {})
    assert unpack_analysis(no_text).ranked == [[0, "In it."]]
