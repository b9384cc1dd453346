"""The stored form of an article's text (thaw_cli/store/textblob.py) and the index's use of it."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from thaw_cli.store.index import Index
from thaw_cli.store.textblob import pack_text, unpack_text

SAMPLES = [
    "",
    "one",
    "Tokyo, March 3 - Japan and China agreed.\n\nA second paragraph.",
    "Straße, café, naïve — “quoted” ünïcödé\u3000北京 上海 한국어 😀 end",
    "x" * 100_000,
]


@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip(text: str) -> None:
    blob = pack_text(text)
    assert isinstance(blob, bytes)
    assert unpack_text(blob) == text


def test_limit_is_a_slice_of_the_text() -> None:
    rnd = random.Random(7)
    alphabet = "ab c\n\u00e9\u4e2d\U0001f600\u3000"  # 1- to 4-byte characters
    for _ in range(200):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 300)))
        blob = pack_text(text)
        for limit in (0, 1, 2, 3, 7, 50, 299, 300, 1000):
            assert unpack_text(blob, limit) == text[:limit]


def test_compresses_newswire_text() -> None:
    text = " ".join(["The ministry said the agreement on trade would be signed next week."] * 20)
    assert len(pack_text(text)) < len(text.encode()) / 4


def test_plain_values_pass_through() -> None:
    assert unpack_text(None) == ""
    assert unpack_text("plain text", 5) == "plain"
    assert unpack_text("plain text") == "plain text"


def test_index_stores_the_text_compressed_and_shows_it_whole(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "Ünïcödé body, first paragraph.\n\nSecond paragraph with 北京 and more words."
    (corpus / "a.md").write_text(f"---\ntitle: A title\n---\n{body}\n", encoding="utf-8")
    db = tmp_path / "index.sqlite3"
    index = Index(corpus, db, max_size=1_000_000)
    try:
        index.refresh()
        assert index.get("a").body == body
    finally:
        index.close()
    conn = sqlite3.connect(db)
    (stored,) = conn.execute("SELECT body FROM texts").fetchone()
    conn.close()
    assert isinstance(stored, bytes) and unpack_text(stored) == body
