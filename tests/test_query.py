from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaw_cli.core.errors import ThawError
from thaw_cli.store.query import parse, to_fts


def test_words_phrases_or_not_prefix_columns() -> None:
    assert to_fts("japan china") == '("japan" AND "china")'
    assert to_fts('"trade deal"') == '("trade deal")'
    assert to_fts("japan OR korea") == '("japan") OR ("korea")'
    assert to_fts("japan -china") == '(("japan") NOT "china")'
    assert to_fts("japan NOT china") == '(("japan") NOT "china")'
    assert to_fts("charg*") == '("charg" *)'
    assert to_fts("title:accord") == '(title : "accord")'
    assert to_fts('title:"trade accord"') == '(title : "trade accord")'


def test_syntax_characters_are_quoted() -> None:
    assert to_fts("COVID-19") == '("COVID-19")'
    assert to_fts('say "hi') == '("say" AND "hi")'
    assert to_fts("foo:bar") == '("foo:bar")'
    assert to_fts("(a) b)") == '("(a)" AND "b)")'
    assert to_fts('a"b') == '("a" AND "b")'


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "(", ")", "-", "OR", "NOT", "-japan", "NOT japan", '""', "title:"[:-1] + ":"])
def test_queries_with_nothing_to_find_are_user_errors(query: str) -> None:
    with pytest.raises(ThawError):
        to_fts(query)


def test_too_many_terms() -> None:
    with pytest.raises(ThawError, match="too long"):
        to_fts(" ".join(f"w{i}" for i in range(100)))


def test_long_single_word_is_fine() -> None:
    assert to_fts("a" * 10_000).startswith('("aaa')


def test_parse_groups() -> None:
    groups = parse("a b OR c -d")
    assert [[t.text for t in g] for g in groups] == [["a", "b"], ["c", "d"]]
    assert groups[1][1].negative


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, lead, body, cjk, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('Trade accord', 'Japan and Korea', 'COVID-19 agreements in Zürich', '')")
    return conn


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "():*-^+{}[]\\\'.,;OR NOTtitle:lead:body:é中文\x00\n')), max_size=40))
def test_no_query_reaches_sqlite_unescaped(fts: sqlite3.Connection, query: str) -> None:
    try:
        expr = to_fts(query)
    except ThawError:
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_no_arbitrary_text_reaches_sqlite_unescaped(fts: sqlite3.Connection, query: str) -> None:
    try:
        expr = to_fts(query)
    except ThawError:
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()


def test_matching_is_stemmed_and_accent_insensitive(fts: sqlite3.Connection) -> None:
    for q in ("agreement", "zurich", "ZÜRICH", "covid-19", "title:trade", "accor*", '"japan and korea"'):
        assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (to_fts(q),)).fetchone()[0] == 1, q
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (to_fts("title:japan"),)).fetchone()[0] == 0
