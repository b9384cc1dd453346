"""Search: stemming in each article's language, stem exceptions, ranking, snippets,
explanations, and the contentless index kept right through edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thaw_cli.analysis import ranking
from thaw_cli.core.models import ArticleFilter
from thaw_cli.store import index as index_mod
from thaw_cli.store.index import Index, open_index
from thaw_cli.store.search import search

MD = "---\ntitle: {title}\nlanguage: {lang}\n---\n{body}\n"

ARTICLES = {
    "de": ("Neue Verhandlungen in Berlin",
           "Die Regierung hat den Vertrag mit Frankreich unterzeichnet. Die Verhandlung dauerte zwei Jahre."),
    "fr": ("Un accord historique", "Les deux pays ont signé un accord commercial à Paris, après des années."),
    "es": ("Acuerdo en Madrid", "Los gobiernos firmaron un acuerdo comercial tras largas negociaciones."),
    "it": ("Firmato l'accordo", "I ministri hanno firmato l'accordo sul commercio a Roma."),
    "pt": ("Acordo assinado", "Os governos assinaram o acordo comercial em Lisboa."),
    "nl": ("Nieuwe overeenkomst", "De regering heeft een overeenkomst gesloten met Duitsland."),
    "en": ("Trade accord signed", "The two countries signed a trade accord on Monday."),
    "en-according": ("Profits rise", "Profits rose, according to the company's chief."),
}


def _write(root: Path, name: str, title: str, body: str, lang: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{name}.md").write_text(MD.format(title=title, body=body, lang=lang), encoding="utf-8")


@pytest.fixture
def multilingual(tmp_path: Path) -> Index:
    root = tmp_path / "corpus"
    for name, (title, body) in ARTICLES.items():
        _write(root, name, title, body, name.split("-")[0])
    idx = open_index(root, tmp_path / "idx.sqlite3", max_size=1 << 20)
    idx.refresh()
    return idx


def _found(idx: Index, query: str) -> set[str]:
    return {h.id for h in search(idx, query, ArticleFilter(), 50)}


@pytest.mark.parametrize("query, article", [
    ("Verträge", "de"), ("Verhandlungen", "de"), ("verhandlung", "de"),  # Verhandlung(en), Vertrag
    ("accords", "fr"), ("acuerdos", "es"), ("negociación", "es"), ("accordi", "it"),
    ("acordos", "pt"), ("overeenkomsten", "nl"),
])
def test_a_word_finds_its_forms_in_the_article_language(multilingual: Index, query: str, article: str) -> None:
    assert article in _found(multilingual, query)


def test_english_rules_do_not_touch_other_languages(multilingual: Index) -> None:
    # the English stemmer leaves "overeenkomsten" and "verhandlungen" as they are; the Dutch and
    # German ones find the singular
    from thaw_cli.analysis.terms import term

    assert term("overeenkomsten") != term("overeenkomst")
    assert term("verhandlungen") != term("verhandlung")
    assert "nl" in _found(multilingual, "overeenkomsten") and "de" in _found(multilingual, "Verhandlungen")


def test_each_article_is_matched_under_its_own_language_rules(multilingual: Index) -> None:
    # "accordi" is stemmed once per language: Italian and French make it "accord" (found in
    # those articles), English leaves it "accordi" (so not in the English accord article)
    assert _found(multilingual, "accordi") == {"it", "fr"}
    assert _found(multilingual, "accord") >= {"fr", "en"}


def test_stem_exceptions_hold_in_search(multilingual: Index) -> None:
    assert "en-according" not in _found(multilingual, "accord")
    assert _found(multilingual, "according") == {"en-according"}


def test_snippet_spans_mark_the_forms_found(multilingual: Index) -> None:
    (hit,) = [h for h in search(multilingual, "Verträge", ArticleFilter()) if h.id == "de"]
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["Vertrag"]
    (hit,) = search(multilingual, "negociación", ArticleFilter())
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["negociaciones"]


def test_the_index_records_the_languages_present(multilingual: Index) -> None:
    from thaw_cli.analysis.terms import namespace

    assert set(index_mod.namespaces(multilingual.conn)) == {namespace(c) for c in ("en", "de", "fr", "es", "it", "pt", "nl")}


# --- ranking ---------------------------------------------------------------------------------

def _ranked(tmp_path: Path, articles: dict[str, tuple[str, str]], query: str, **kw: object) -> list[str]:
    root = tmp_path / "rank"
    for name, (title, body) in articles.items():
        _write(root, name, title, body, "en")
    idx = open_index(root, tmp_path / "rank.sqlite3", max_size=1 << 20)
    idx.refresh()
    return [h.id for h in search(idx, query, ArticleFilter(), 10, **kw)]  # type: ignore[arg-type]


FILLER = "Markets were calm and officials said little else about the week ahead. "


def test_words_next_to_each_other_rank_first(tmp_path: Path) -> None:
    articles = {
        "apart": ("Energy report", "Crude demand rose while the oil companies cut jobs. " + FILLER),
        "together": ("Energy report", "Crude oil demand rose while companies cut jobs. " + FILLER),
    }
    assert _ranked(tmp_path, articles, "crude oil") == ["together", "apart"]


def test_a_title_match_ranks_above_a_body_match(tmp_path: Path) -> None:
    articles = {
        "body": ("Weekly report", "Coffee prices rose. " + FILLER * 2),
        "title": ("Coffee prices rise", "Prices rose. " + FILLER * 2),
    }
    assert _ranked(tmp_path, articles, "coffee") == ["title", "body"]


def test_a_long_article_about_a_subject_beats_a_short_mention(tmp_path: Path) -> None:
    # b = 0.3: a long article using the word five times ranks above a short one using it once
    articles = {
        "short": ("Briefs", "Sugar was mentioned once. " + FILLER),
        "long": ("Market story", ("Sugar prices rose as sugar stocks fell. " + FILLER * 3) * 5),
    }
    assert _ranked(tmp_path, articles, "sugar") == ["long", "short"]


def test_explain_gives_the_parts_of_the_score(tmp_path: Path) -> None:
    root = tmp_path / "x"
    _write(root, "a", "Crude oil prices", "Crude oil rose. Oil fell. " + FILLER, "en")
    _write(root, "b", "Other", FILLER, "en")
    idx = open_index(root, tmp_path / "x.sqlite3", max_size=1 << 20)
    idx.refresh()
    (hit,) = search(idx, "crude oil", ArticleFilter(), explain=True)
    parts = hit.parts
    assert parts is not None and parts["score"] == pytest.approx(hit.score)
    assert [t["term"] for t in parts["terms"]] == ["crude", "oil"]
    assert parts["terms"][1]["tf"] == {"title": 1, "lead": 2, "body": 2}
    assert parts["terms"][0]["df"] == 1
    assert parts["phrases"][0]["phrase"] == "crude oil" and parts["phrases"][0]["tf"]["body"] == 1
    total = sum(t["score"] for t in parts["terms"]) + sum(p["score"] for p in parts["phrases"])
    assert total == pytest.approx(hit.score, abs=1e-3)
    assert parts["model"]["weights"] == ranking.WEIGHTS
    assert search(idx, "crude oil", ArticleFilter())[0].parts is None


def test_prefix_and_phrase_and_column_queries(multilingual: Index) -> None:
    assert _found(multilingual, "negoci*") == {"es"}
    assert _found(multilingual, '"trade accord"') == {"en"}
    assert _found(multilingual, "title:accord") >= {"fr", "en"}
    assert "de" not in _found(multilingual, "title:vertrag")  # Vertrag is in the body only


# --- the contentless index through edits ---------------------------------------------------------

def _integrity(idx: Index) -> None:
    idx.conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 0)")


def test_edits_and_removals_leave_no_stale_terms(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _write(root, "a", "Zeppelins", "Zeppelins over Berlin.", "en")
    _write(root, "b", "Verträge", "Der Vertrag ist unterschrieben.", "de")
    idx = open_index(root, tmp_path / "c.sqlite3", max_size=1 << 20)
    idx.refresh()
    _write(root, "a", "Airships", "Airships over Paris.", "en")
    st = (root / "a.md").stat()
    os.utime(root / "a.md", ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    (root / "b.md").unlink()
    idx.refresh()
    _integrity(idx)
    assert _found(idx, "zeppelins") == set() and _found(idx, "vertrag") == set()
    assert _found(idx, "airships") == {"a"}
    assert idx.conn.execute("SELECT count(*) FROM fts_docsize").fetchone()[0] == 1
    assert idx.get("a").body.startswith("Airships over Paris")


def test_changed_term_rules_rewrite_the_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "c"
    _write(root, "a", "Housing starts", "Housing starts rose in the house.", "en")
    idx = open_index(root, tmp_path / "c.sqlite3", max_size=1 << 20)
    idx.refresh()
    assert _found(idx, "housing") == {"a"}
    # an index made under other rules: its terms are rewritten from the stored text first
    idx.conn.execute("UPDATE meta SET value = 'older' WHERE key = 'terms'")
    idx.conn.execute("INSERT INTO fts (rowid, title, lead, body, cjk) VALUES (99, 'stale', '', '', '')")
    idx.refresh()  # (nothing changed: a read needs no terms, and does not rewrite them)
    assert idx.conn.execute("SELECT count(*) FROM fts_docsize").fetchone()[0] == 2
    assert _found(idx, "housing") == {"a"} and _found(idx, "stale") == set()  # a search does
    _integrity(idx)
    assert idx.conn.execute("SELECT count(*) FROM fts_docsize").fetchone()[0] == 1
    # and so does any write, before it deletes rows with the terms they were written with
    idx.conn.execute("UPDATE meta SET value = 'older' WHERE key = 'terms'")
    _write(root, "b", "Trading", "Trading was heavy.", "en")
    idx.refresh()
    _integrity(idx)
    assert _found(idx, "trading") == {"b"} and idx.conn.execute(
        "SELECT value FROM meta WHERE key = 'terms'").fetchone()[0] != "older"


def test_related_words_of_the_best_leads_lift_an_article(tmp_path: Path) -> None:
    root = tmp_path / "fb"
    for i in range(12):
        _write(root, f"about{i}", f"Coffee quota talks {i}",
               "Coffee producers discussed export quotas at the ICO meeting in London. "
               "Coffee prices fell as coffee exporters disagreed over coffee quotas.", "en")
    for i in range(30):
        _write(root, f"mention{i}", f"Market report {i}",
               f"Shares rose in heavy trading and the index gained {i} points. Coffee was mentioned.", "en")
    # the same length and the same count of "coffee": only the lead's words differ
    _write(root, "x", "Weekly note", "The ICO export quota meeting was held. Coffee.", "en")
    _write(root, "y", "Weekly note", "The city hall council meeting was held. Coffee.", "en")
    idx = open_index(root, tmp_path / "fb.sqlite3", max_size=1 << 20)
    idx.refresh()
    hits = search(idx, "coffee", ArticleFilter(), 50, explain=True)
    order = [h.id for h in hits]
    assert order.index("x") < order.index("y")
    x = hits[order.index("x")]
    assert x.parts is not None
    related = x.parts["related"]
    assert {"ico", "quota", "export"} <= set(related["found"]) and related["score"] > 0
    assert x.parts["score"] == pytest.approx(
        sum(t["score"] for t in x.parts["terms"]) + related["score"], abs=1e-3)
    y = hits[order.index("y")]
    assert y.parts is not None and y.parts["related"]["score"] < related["score"]
