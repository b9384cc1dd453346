from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaw_cli.analysis.terms import indexed, namespace
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


def test_words_are_stemmed_as_the_index_stems_them() -> None:
    assert to_fts("Agreements") == '("agreement")'
    assert to_fts('"trade agreements"') == '("trade agreement")'
    assert to_fts("according") == '("according")'  # an exception: not "accord"
    # a prefix also finds the stems shorter than itself (negotiations -> "negoti")
    assert to_fts("negotiat*") == '(("negotiat" * OR "negoti"))'


def test_a_word_is_stemmed_for_every_language_of_the_index() -> None:
    de = namespace("de")
    assert to_fts("Verträge", ["", de]) == f'(("vertrag" OR "{de}vertrag"))'
    assert to_fts("title:Verträge", ["", de]) == f'(title : ("vertrag" OR "{de}vertrag"))'


def test_syntax_characters_are_quoted() -> None:
    assert to_fts("COVID-19") == '("covid 19")'  # the index's two words, as a phrase
    assert to_fts('say "hi') == '("say" AND "hi")'
    assert to_fts("foo:bar") == '("foo bar")'
    assert to_fts("(a) b)") == '("a" AND "b")'
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


def test_a_word_of_no_letters_or_digits_is_no_query() -> None:
    with pytest.raises(ThawError):
        to_fts("_")


def test_parse_groups() -> None:
    groups = parse("a b OR c -d")
    assert [[t.text for t in g] for g in groups] == [["a", "b"], ["c", "d"]]
    assert groups[1][1].negative


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, lead, body, cjk, content='', "
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t (rowid, title, lead, body, cjk) VALUES (1, ?, ?, ?, '')",
                 (indexed("Trade accord"), indexed("Japan and Korea"), indexed("COVID-19 agreements in Zürich")))
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
    for q in ("agreement", "zurich", "ZÜRICH", "covid-19", "title:trade", "accor*", '"japan and korea"',
              "accords", "agreements*"):
        assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (to_fts(q),)).fetchone()[0] == 1, q
    for q in ("title:japan", "according", "trading"):  # stem exceptions: not "accord", not "trade"
        assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (to_fts(q),)).fetchone()[0] == 0, q
