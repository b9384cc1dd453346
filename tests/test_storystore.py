"""Stories kept in the index: updated as articles are added, changed and removed, and the
same whether computed all at once or article by article."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from thaw_cli.analysis.codec import pack_analysis
from thaw_cli.analysis.stories import BUCKET_CAP, NEIGHBOURS, signature
from thaw_cli.core.models import ArticleFilter
from thaw_cli.queries.stories import find_stories
from thaw_cli.store import storybuild, storylist, storystore
from thaw_cli.store.index import Index, open_index

TABLES = ("story_bands", "story_df", "story_links", "story_members", "story_list")


# --- on files, through the index ----------------------------------------------------------

ARTICLES = {
    "a1.md": ("Acme Corp agrees to buy Widget Inc", "2020-03-02",
              "Acme Corp said on Monday it agreed to buy Widget Inc, the Denver maker of industrial "
              "valves, for 410 mln dlrs in cash. Acme chief executive Jo Park said the takeover of "
              "Widget would double its valve business. Widget shareholders will receive 23 dlrs a share."),
    "a2.md": ("Widget Inc board backs Acme Corp takeover", "2020-03-04",
              "The board of Widget Inc said on Wednesday it backed the takeover offer from Acme Corp and "
              "urged shareholders to tender their shares. Acme chief executive Jo Park said the Denver "
              "valve maker would keep its name."),
    "b1.md": ("Bahia cocoa crop helped by rain", "2020-03-03",
              "Heavy rain in Bahia helped the Brazilian cocoa crop, growers in Itabuna said. Cocoa "
              "arrivals at Bahia ports rose in the week, the Bahia Cocoa Trade Association said."),
    "b2.md": ("Zambia copper output falls", "2020-03-05",
              "Zambia Consolidated Copper Mines said copper output fell in February because of flooding "
              "at the Nchanga mine. ZCCM chairman Francis Kaunda said production would recover."),
}
FOLLOW_UP = ("Acme Corp completes Widget Inc takeover", "2020-03-20",
             "Acme Corp said on Friday it completed its takeover of Widget Inc, the Denver valve maker, "
             "after Widget shareholders tendered most of their shares. Acme chief executive Jo Park said "
             "Widget would keep its name.")
ABOUT_COCOA = ("Bahia cocoa arrivals rise after rain", "2020-03-04",
               "Cocoa arrivals at Bahia ports rose again after heavy rain helped the crop, growers in "
               "Itabuna said. The Bahia Cocoa Trade Association said Brazilian cocoa exports would rise.")


def _write(path: Path, title: str, date: str, body: str) -> None:
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n", encoding="utf-8")


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    for name, (title, date, body) in ARTICLES.items():
        _write(root / name, title, date, body)
    return root


def _refreshed(root: Path, db: Path) -> Index:
    idx = open_index(root, db, max_size=1 << 20)
    idx.refresh(full=True)
    assert storystore.current(idx.conn)
    return idx


def _multi(idx: Index) -> dict[str, list[str]]:
    return {s.story: s.articles for s in find_stories(idx, ArticleFilter(), min_articles=2)}


def test_added_changed_and_removed_articles_update_the_stories(tmp_path: Path) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    idx = _refreshed(root, db)
    before = _multi(idx)
    assert list(before.values()) == [["a1", "a2"]]
    (sid,) = before
    idx.close()

    _write(root / "a3.md", *FOLLOW_UP)  # a follow-up joins the story; its id stays
    idx = _refreshed(root, db)
    assert _multi(idx) == {sid: ["a1", "a2", "a3"]}
    idx.close()

    (root / "a3.md").unlink()  # and leaves it again
    idx = _refreshed(root, db)
    assert _multi(idx) == before
    idx.close()

    _write(root / "a2.md", *ABOUT_COCOA)  # now about something else: out of the Acme story
    idx = _refreshed(root, db)
    after = _multi(idx)
    assert not any("a1" in arts and "a2" in arts for arts in after.values())
    assert ["b1", "a2"] in after.values()  # and into the cocoa one
    incremental = {s.story: s for s in find_stories(idx, ArticleFilter())}
    idx.rebuild()  # everything recomputed at once: the same stories
    idx.refresh(full=True)
    assert {s.story: s for s in find_stories(idx, ArticleFilter())} == incremental
    idx.close()


def test_rebuild_gives_the_incremental_stories(tmp_path: Path) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    _write(root / "a3.md", *FOLLOW_UP)
    idx = _refreshed(root, db)  # a small first index goes article by article
    tables = _by_id(idx.conn)
    stories = find_stories(idx, ArticleFilter())
    idx.rebuild()  # the rows get new rowids
    idx.refresh(full=True)
    assert _by_id(idx.conn) == tables
    assert find_stories(idx, ArticleFilter()) == stories


def test_a_large_change_recomputes_everything_with_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    idx = _refreshed(root, db)
    idx.close()
    _write(root / "a3.md", *FOLLOW_UP)
    _write(root / "b3.md", *ABOUT_COCOA)
    idx = _refreshed(root, db)  # two files: article by article
    incremental = _by_id(idx.conn)
    idx.close()
    (root / "a3.md").unlink()
    (root / "b3.md").unlink()
    idx = _refreshed(root, db)
    idx.close()
    monkeypatch.setattr(storystore, "BATCH_MIN", 1)
    calls: list[int] = []
    monkeypatch.setattr(storystore, "recompute", lambda conn, _real=storystore.recompute: (calls.append(1), _real(conn))[1])
    _write(root / "a3.md", *FOLLOW_UP)
    _write(root / "b3.md", *ABOUT_COCOA)
    idx = _refreshed(root, db)  # two files of six: over the batch share, all at once
    at_once = _by_id(idx.conn)
    assert calls
    # the same stories; the a1-a2 link was scored with the frequencies of four articles
    # in the incremental history, of six here
    assert at_once["story_members"] == incremental["story_members"]
    assert [x[:2] for x in at_once["story_links"]] == [x[:2] for x in incremental["story_links"]]


def test_renamed_article_keeps_its_story(tmp_path: Path) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    idx = _refreshed(root, db)
    idx.close()
    (root / "sub").mkdir()
    (root / "a1.md").rename(root / "sub" / "a1.md")
    idx = _refreshed(root, db)
    assert list(_multi(idx).values()) == [["sub/a1", "a2"]]


def test_readers_group_in_memory_while_an_update_is_pending(tmp_path: Path) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    idx = _refreshed(root, db)
    stored = find_stories(idx, ArticleFilter())
    storystore.mark_stale(idx.conn)
    assert not storystore.current(idx.conn)
    assert find_stories(idx, ArticleFilter()) == stored


# --- on synthetic rows, straight into the tables -----------------------------------------------

def _db(tmp_path: Path) -> sqlite3.Connection:
    idx = open_index(tmp_path, None, max_size=1 << 20)
    return idx.conn


def _add(conn: sqlite3.Connection, rowid: int, date: str | None, terms: list[str]) -> None:
    aid = f"art{rowid:04d}"
    conn.execute("INSERT INTO articles (rowid, id, rel, title, date, authors, tags, words, extra) "
                  "VALUES (?, ?, ?, ?, ?, '[]', '[]', 0, '{}')", (rowid, aid, aid, aid.upper(), date))
    conn.execute("INSERT INTO analysis (rowid, data, agreements) VALUES (?, ?, 0)",
                 (rowid, pack_analysis(aid.upper(), [], [], [], "x", {"terms": terms, "sig": signature(terms)})))
    storystore.added(conn, [rowid])


def _remove(conn: sqlite3.Connection, rowid: int) -> None:
    storystore.removed(conn, rowid)
    conn.execute("DELETE FROM analysis WHERE rowid = ?", (rowid,))
    conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))


def _update(conn: sqlite3.Connection) -> None:
    """One refresh's update, always article by article (never the batch path)."""
    dirty = dict(conn.execute("SELECT art, kind FROM story_dirty").fetchall())
    storystore._incremental(conn, dirty)
    conn.execute("DELETE FROM story_dirty")


def _snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


def _by_id(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The snapshot with article ids for rowids."""
    ids = dict(conn.execute("SELECT rowid, id FROM articles"))
    tables = _snapshot(conn)
    return {
        "story_bands": sorted((k, ids[a]) for k, a in tables["story_bands"]),
        "story_df": tables["story_df"],
        "story_links": sorted((ids[a], ids[b], sim) for a, b, sim in tables["story_links"]),
        "story_members": sorted((ids[a], ids[s]) for a, s in tables["story_members"]),
    }


def _relink_all(conn: sqlite3.Connection) -> None:
    """Every article linked and grouped again by the incremental code."""
    storystore._incremental(conn, {a: storystore.RELINK for (a,) in conn.execute("SELECT rowid FROM articles")})


def _synthetic(rnd: random.Random, n_topics: int = 25) -> list[tuple[str | None, list[str]]]:
    noise = [f"w:noise{i}" for i in range(120)]
    out = []
    for t in range(n_topics):
        base = [f"org:maker{t}", f"org:buyer{t % 7}", f"person:chief{t}", f"place:town{t}", f"k:deal{t}",
                *(f"w:topic{t}-{i}" for i in range(8))]
        for _ in range(rnd.randint(1, 8)):
            terms = {x for x in base if rnd.random() < 0.75} | set(rnd.sample(noise, 4))
            if rnd.random() < 0.6:
                terms.add("place:united states")
            day = None if rnd.random() < 0.1 else f"2020-{1 + t % 12:02d}-{rnd.randint(1, 28):02d}"
            out.append((day, sorted(terms)))
    rnd.shuffle(out)
    return out


def test_both_paths_give_the_same_stories_for_the_same_stored_data(tmp_path: Path) -> None:
    rnd = random.Random(7)
    conn = _db(tmp_path)
    arts = _synthetic(rnd)
    # many small updates, with removals, in a transaction each
    rowid = 0
    live: list[int] = []
    for step in range(0, len(arts), 9):
        conn.execute("BEGIN")
        for date, terms in arts[step:step + 9]:
            rowid += 1
            _add(conn, rowid, date, terms)
            live.append(rowid)
        if step % 27 == 18:
            gone = rnd.choice(live[:-9])
            live.remove(gone)
            _remove(conn, gone)
        _update(conn)
        conn.execute("COMMIT")
    stored = _snapshot(conn)
    _relink_all(conn)
    relinked = _snapshot(conn)
    storystore.recompute(conn)
    at_once = _snapshot(conn)
    # frequencies and band keys are exact whatever the history
    assert stored["story_df"] == at_once["story_df"]
    assert stored["story_bands"] == at_once["story_bands"]
    # and linking everything again article by article is the computation all at once
    assert relinked == at_once
    assert len(at_once["story_members"]) > 20 and len(at_once["story_links"]) > 20


def test_a_recompute_in_two_processes_stores_what_one_process_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thaw_cli.store import workers

    conn = _db(tmp_path)
    conn.execute("BEGIN")
    for rowid, (date, terms) in enumerate(_synthetic(random.Random(11), 60), 1):
        _add(conn, rowid, date, terms)
    conn.execute("COMMIT")
    monkeypatch.setattr(storybuild, "PARALLEL_MIN", 10**9)
    storystore.recompute(conn)
    serial = _snapshot(conn)
    forked: list[object] = []
    monkeypatch.setattr(storybuild, "PARALLEL_MIN", 2)
    monkeypatch.setattr(workers, "aside", lambda fn, *a, _real=workers.aside: (forked.append(fn), _real(fn, *a))[1])
    storystore.recompute(conn)
    assert forked, "the links were not worked out in a process of their own"
    assert _snapshot(conn) == serial
    assert len(serial["story_links"]) > 50 and len(serial["story_members"]) > 50


def test_the_recompute_stores_what_clustering_in_memory_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`storybuild` (bounded memory: hashed terms, shared terms only, bands from disk) against
    `stories.cluster` (everything in memory) on the same rows: the same frequencies, band
    keys, links and stories, in small chunks (so every chunk boundary is crossed) and with
    terms repeated within an article and articles without terms or dates."""
    from thaw_cli.analysis.stories import cluster, signature

    rnd = random.Random(5)
    conn = _db(tmp_path)
    rows = _synthetic(rnd, 40)
    rows[3] = (rows[3][0], [*rows[3][1], rows[3][1][0]])  # a term twice in one article
    rows[5] = (None, [])  # no terms: no signature
    conn.execute("BEGIN")
    for rowid, (date, terms) in enumerate(rows, 1):
        _add(conn, rowid * 3, date, terms)  # rowids with gaps
    conn.execute("COMMIT")
    monkeypatch.setattr(storybuild, "CHUNK", 7)
    storystore.recompute(conn)
    got = _snapshot(conn)
    items = [(rowid * 3, f"art{rowid * 3:04d}", date, terms, signature(terms))
             for rowid, (date, terms) in enumerate(rows, 1)]
    want = cluster(items)
    assert got["story_df"] == sorted(want.df.items())
    a, b, sims = want.links
    links = sorted([*zip(a.tolist(), b.tolist(), sims.tolist(), strict=True), *zip(b.tolist(), a.tolist(), sims.tolist(), strict=True)])
    assert got["story_links"] == links and len(links) > 50
    assert got["story_members"] == sorted(want.stories.items()) and len(want.stories) > 30
    keys = sorted((k, node) for node, *_ in items for k in band_keys_of(signature(dict((i[0], i[3]) for i in items)[node])))
    assert got["story_bands"] == keys


def band_keys_of(sig: list[int]) -> list[int]:
    from thaw_cli.analysis.stories import band_keys

    return band_keys(sig)


def test_the_story_list_follows_every_update(tmp_path: Path) -> None:
    """story_list after many small updates (adds, removals) is what a full relisting writes,
    and pages of it are the stories `storystore.stories` groups, in their order."""
    rnd = random.Random(9)
    conn = _db(tmp_path)
    live: list[int] = []
    for rowid, (date, terms) in enumerate(_synthetic(rnd, 30), 1):
        conn.execute("BEGIN")
        _add(conn, rowid, date, terms)
        live.append(rowid)
        if rowid % 5 == 0:
            gone = rnd.choice(live)
            live.remove(gone)
            _remove(conn, gone)
        _update(conn)
        conn.execute("COMMIT")
    incremental = sorted(conn.execute("SELECT * FROM story_list").fetchall())
    storylist.relist_all(conn)
    assert incremental == sorted(conn.execute("SELECT * FROM story_list").fetchall())
    assert len(incremental) > 10
    every, _ = storystore.stories(conn, singletons=False)
    assert storylist.page(conn, None) == every
    assert storylist.page(conn, 5) == every[:5]


def test_an_update_matches_a_recomputation_when_the_weights_do_not_move(tmp_path: Path) -> None:
    """With the IDF prior dominating (a few articles), adding the articles one by one gives
    exactly the links and stories of computing them all at once."""
    rnd = random.Random(3)
    conn = _db(tmp_path)
    for rowid, (date, terms) in enumerate(_synthetic(rnd, 6), 1):
        _add(conn, rowid, date, terms)
        _update(conn)
    one_by_one = _snapshot(conn)
    storystore.recompute(conn)
    assert one_by_one["story_members"] == _snapshot(conn)["story_members"]
    assert one_by_one["story_members"]


def test_keys_crossing_the_bucket_cap(tmp_path: Path) -> None:
    conn = _db(tmp_path)
    same = ["org:acme corp", "org:widget inc", "k:merger", "w:acme", "w:widget", "w:merger", "place:denver"]
    for rowid in range(1, BUCKET_CAP + 3):  # 22 identical articles: every key over the cap
        _add(conn, rowid, "2020-01-01", same)
    _update(conn)
    assert _snapshot(conn)["story_links"] == []
    for rowid in (1, 2):  # 20 left: candidates again, and one story
        _remove(conn, rowid)
    _update(conn)
    tables = _snapshot(conn)
    assert len(tables["story_links"]) == BUCKET_CAP * (BUCKET_CAP - 1)
    # all equally similar: each one's nearest are the largest ids, so the mutual
    # neighbours are those NEIGHBOURS + 1
    assert tables["story_members"] == [(a, BUCKET_CAP + 2 - NEIGHBOURS) for a in range(BUCKET_CAP + 2 - NEIGHBOURS, BUCKET_CAP + 3)]
    _add(conn, 99, "2020-01-02", same)  # 21: over the cap again, no story
    _update(conn)
    assert _snapshot(conn)["story_links"] == [] and _snapshot(conn)["story_members"] == []


@pytest.mark.parametrize("seed", [1, 2])
def test_removing_everything_leaves_nothing(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    conn = _db(tmp_path)
    arts = _synthetic(rnd, 8)
    for rowid, (date, terms) in enumerate(arts, 1):
        _add(conn, rowid, date, terms)
    _update(conn)
    order = list(range(1, len(arts) + 1))
    rnd.shuffle(order)
    for rowid in order:
        _remove(conn, rowid)
        if rnd.random() < 0.3:
            _update(conn)
    _update(conn)
    assert all(not rows for rows in _snapshot(conn).values())


def test_a_big_recompute_runs_in_a_process_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    idx = _refreshed(root, db)
    in_process = _by_id(idx.conn)
    idx.rebuild()  # forgets every story: the next refresh recomputes them all
    monkeypatch.setattr(storystore, "SEPARATE_MIN", 1)
    calls: list[Path] = []
    monkeypatch.setattr(storystore, "recompute_apart",
                        lambda path, _real=storystore.recompute_apart: (calls.append(path), _real(path))[1])
    monkeypatch.setattr(storystore, "recompute", lambda conn: pytest.fail("recomputed in the indexer"))
    idx.refresh(full=True)
    assert calls == [db]
    assert storystore.current(idx.conn)  # the other process stored them
    assert _by_id(idx.conn) == in_process
    idx.close()


def test_a_killed_separate_recompute_is_redone_by_the_next_refresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, db = _corpus(tmp_path), tmp_path / "idx.sqlite3"
    idx = _refreshed(root, db)
    in_process = _multi(idx)
    idx.rebuild()
    monkeypatch.setattr(storystore, "SEPARATE_MIN", 1)
    monkeypatch.setattr(storystore, "recompute_apart", lambda path: None)  # as if killed at once
    idx.refresh(full=True)
    assert not storystore.current(idx.conn)
    assert _multi(idx) == in_process  # readers group in memory meanwhile
    monkeypatch.setattr(storystore, "SEPARATE_MIN", 10**9)
    idx.refresh(full=True)
    assert storystore.current(idx.conn) and _multi(idx) == in_process
    idx.close()
