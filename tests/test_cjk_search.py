"""Chinese and Japanese text is searchable by any substring of characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thaw_cli.cli.app import app
from thaw_cli.store.query import spaced_cjk, to_fts

runner = CliRunner()


@pytest.fixture
def cjk_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "cjk"
    root.mkdir()
    (root / "ja.md").write_text(
        "---\ntitle: 日本と中国、イノベーション対話へ\ndate: 2018-09-23\nlanguage: ja\n---\n"
        "日本と中国は自動運転と人工知能の分野で協力する。安倍首相は来月訪中する。\n", encoding="utf-8")
    (root / "zh.md").write_text(
        "---\ntitle: 中日将启动创新对话\nlanguage: zh\n---\n"
        "中国和日本将在自动驾驶和人工智能领域开展合作。COVID-19疫苗也在讨论之中。\n", encoding="utf-8")
    (root / "en.md").write_text("---\ntitle: Japan and China\n---\nJapan and China agree.\n", encoding="utf-8")
    return root


def _hits(corpus: Path, query: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["search", query, "--corpus", str(corpus), "--json"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_two_character_words_and_longer_substrings(cjk_corpus: Path) -> None:
    assert {h["id"] for h in _hits(cjk_corpus, "日本")} == {"ja", "zh"}
    assert [h["id"] for h in _hits(cjk_corpus, "安倍")] == ["ja"]
    assert [h["id"] for h in _hits(cjk_corpus, "自动驾驶")] == ["zh"]
    assert [h["id"] for h in _hits(cjk_corpus, "本と中")] == ["ja"]  # inside a run
    assert _hits(cjk_corpus, "本中") == []  # characters that are not next to each other
    assert [h["id"] for h in _hits(cjk_corpus, "日本 -安倍")] == ["zh"]
    assert [h["id"] for h in _hits(cjk_corpus, "疫苗 covid")] == ["zh"]
    assert [h["id"] for h in _hits(cjk_corpus, "japan")] == ["en"]


def test_snippets_read_as_the_text_and_spans_mark_the_match(cjk_corpus: Path) -> None:
    (hit,) = _hits(cjk_corpus, "安倍")
    snippet = str(hit["snippet"])
    assert "安倍首相は来月訪中する。" in snippet  # no spaces between the characters
    assert [snippet[a:b] for a, b in hit["spans"]] == ["安倍"]  # type: ignore[union-attr]


def test_cjk_terms_go_to_the_cjk_column() -> None:
    assert spaced_cjk("日本COVID-19").split() == ["日", "本", "COVID-19"]
    assert to_fts("日本") == '(cjk : " 日  本 ")'
