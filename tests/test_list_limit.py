"""`Index.list_articles` puts its sort and limit into the SQL: the first `limit` rows of every
order (reversed or not, with filters) are exactly what sorting everything and cutting gave
(the query of index schema 8 and before, run here beside it)."""

from __future__ import annotations

import itertools
import random

import pytest

from thaw_cli.core.models import ArticleFilter
from thaw_cli.store.index import ARTICLE_COLUMNS, Index

OLD_ORDER = {
    "date": "a.day_first IS NULL, a.day_first DESC, a.date DESC, a.id",
    "title": "a.title IS NULL, lower(a.title), a.id",
    "source": "a.source IS NULL, lower(a.source), a.day_first DESC, a.id",
    "words": "a.words DESC, a.id",
}
DATES = [None, "2018", "2018-09", "2018-09-23", "2018-10-18T09:35:00", "2018-10-18T09:35:00+02:00",
         "2021-03-03T10:15:00-05:00", "2021-03-03", "1987", "1987-04-01"]
SOURCES = [None, "Reuters", "reuters", "BBC", "wire"]
TITLES = [None, "Alpha", "alpha", "Beta", "beta deal", "Zeta", "Ünïcode", "  "]


def _old(index: Index, f: ArticleFilter, sort: str, reverse: bool, limit: int | None) -> list[str]:
    where, args = index.filter_sql(f)
    rows = [r[0] for r in index.conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {where} ORDER BY {OLD_ORDER[sort]}", args)]
    if reverse:
        rows.reverse()
    return rows[:limit] if limit is not None else rows


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    root = tmp_path_factory.mktemp("corpus")
    rnd = random.Random(17)
    for i in range(90):
        folder = root / f"f{i % 3}"
        folder.mkdir(exist_ok=True)
        meta = []
        title = rnd.choice(TITLES)
        if title is not None:
            meta.append(f"title: {title!r}")
        date = rnd.choice(DATES)
        if date is not None:
            meta.append(f"date: {date!r}")
        source = rnd.choice(SOURCES)
        if source is not None:
            meta.append(f"source: {source!r}")
        body = " ".join(rnd.choice(["trade", "deal", "oil", "price", "said"]) for _ in range(rnd.randint(3, 40)))
        front = "---\n" + "\n".join(meta) + "\n---\n" if meta else ""
        (folder / f"a{i:03d}.md").write_text(f"{front}{body}\n", encoding="utf-8")
    ix = Index(root, tmp_path_factory.mktemp("db") / "index.sqlite3", max_size=1_000_000)
    ix.refresh()
    return ix


FILTERS = [ArticleFilter(), ArticleFilter(source="reuters"), ArticleFilter(since="2018-09-01"),
           ArticleFilter(until="2018-12-31")]


@pytest.mark.parametrize(("sort", "reverse"), list(itertools.product(OLD_ORDER, (False, True))))
def test_limit_in_sql_equals_sorting_everything_then_cutting(index: Index, sort: str, reverse: bool) -> None:
    total = len(_old(index, ArticleFilter(), "date", False, None))
    assert total == 90
    for f in FILTERS:
        everything = _old(index, f, sort, reverse, None)
        assert [a.id for a in index.list_articles(f, sort=sort, reverse=reverse)] == everything
        for limit in (0, 1, 2, 5, 17, 40, len(everything) - 1, len(everything), total + 5):
            got = [a.id for a in index.list_articles(f, sort=sort, reverse=reverse, limit=max(limit, 0))]
            assert got == everything[:max(limit, 0)], (f, sort, reverse, limit)


def test_the_corpus_has_dated_and_undated_articles(index: Index) -> None:
    dates = {a.date for a in index.list_articles(ArticleFilter())}
    assert None in dates and len(dates) > 5
