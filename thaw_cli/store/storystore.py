"""Stories kept in the index and maintained as articles are added, changed and removed.

`thaw stories`, `thaw digest` and `thaw list --stories` read the stored stories; nothing
is grouped at read time. The tables (schema in index.py):

- `story_bands(key, art)`: the article's `BANDS` LSH keys (`stories.band_keys`), so the
  candidates of an article are a few index lookups;
- `story_df(term, n)`: how many articles have each story term (the IDF, and which places
  are rare enough to be anchors);
- `story_links(a, b, sim)`: scored candidate pairs at or above the threshold, both ways;
- `story_members(art, story)`: the articles of stories of two or more, each with its
  story's central article (the title); an article without a row is a story of its own;
- `story_dirty(art, kind)`: articles whose story state is not up to date yet: 2 written
  and not yet linked, 1 to link again, 0 to regroup only.

The index's write path calls the hooks: `added` (an article row was written), `removed`
(before an article row is deleted), `renamed` (its id changed), `mark_stale` (everything is
re-analysed), `expect` (how many files a refresh will write) and, once at the end of the
refresh, in its last transaction, `update`. `update` either

- recomputes everything at once in memory (`stories.cluster`): when the state is stale
  (first indexing, `thaw index --rebuild`, a new thaw version) or more than
  `BATCH_SHARE` of the articles changed (at least `BATCH_MIN`); or
- links each new or changed article with its band candidates against the stored document
  frequencies, and regroups only the stories the changed links can touch: the changed
  articles, their old and new linked articles, and the other members of their old
  stories; the mutual-neighbour components are followed from there over the stored links.

Both give the same stories for the same stored data (tests/test_storystore.py). What an
update does not redo: links between two unchanged articles keep the similarity computed
with the IDF of their time, so after many small updates the stored links can differ from
a recomputation by the drift of the IDF (measured on Reuters: README, "thaw stories").
That drift is bounded: once the index has `BATCH_MIN` articles, an update recomputes
everything when the number of articles has changed by more than `DRIFT_SHARE` since the
last recomputation (so a growing corpus is recomputed at geometrically spaced sizes);
`thaw index --rebuild` recomputes everything too.

Readers (`stories`) read the stored state when it is up to date; while an indexer is
midway (dirty rows committed, or stale) they group in memory instead, as before.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from thaw_cli.analysis.codec import story_features
from thaw_cli.analysis.stories import (
    BUCKET_CAP,
    CENTRAL_SAMPLE,
    THRESHOLD,
    anchor_kind,
    band_keys,
    build_stories,
    close_in_time,
    cluster,
    cosine,
    day_number,
    member_order,
    near,
    pick_central,
    rare_limit,
    weight,
)
from thaw_cli.core.models import Story
from thaw_cli.store import storylist
from thaw_cli.store.db import connect, rollback
from thaw_cli.store.locking import begin_write

__all__ = ["added", "expect", "mark_stale", "recompute", "removed", "renamed", "stories", "update"]

BATCH_SHARE = 0.1  # more changed articles than this share of the index: recompute all (break-even measured ~13% on Reuters 1x)
BATCH_MIN = 1000
SEPARATE_MIN = 50_000  # a recompute over this many articles runs in a process of its own
PARALLEL_MIN = 4000  # a recompute over this many articles uses two processes (`recompute`)
DRIFT_SHARE = 0.25  # recompute all once the index has grown or shrunk this much since the last time
NEW, RELINK, REGROUP = 2, 1, 0
_CHUNK = 500

_FEATURES_SQL = "SELECT a.rowid, a.id, a.title, a.date, x.data FROM articles a JOIN analysis x ON x.rowid = a.rowid"


# --- hooks of the write path ------------------------------------------------------------

def _stale(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = 'stories'").fetchone()
    return row is not None and row[0] == "stale"


def mark_stale(conn: sqlite3.Connection) -> None:
    """Recompute every story at the end of the next refresh (inside a write transaction)."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('stories', 'stale')")


def expect(conn: sqlite3.Connection, changes: int) -> None:
    """A refresh is about to write or remove `changes` files: past the batch size, skip the
    per-article bookkeeping and recompute everything at the end."""
    if changes > BATCH_MIN and changes > BATCH_SHARE * _count(conn):
        mark_stale(conn)


def added(conn: sqlite3.Connection, arts: list[int]) -> None:
    """Article rows (and their analysis) were written with these rowids."""
    if arts and not _stale(conn):  # (stale: everything is recomputed anyway)
        conn.executemany("INSERT INTO story_dirty VALUES (?, ?) ON CONFLICT(art) DO UPDATE SET kind = excluded.kind",
                         [(a, NEW) for a in arts])


def renamed(conn: sqlite3.Connection, rel: str) -> None:
    """The article of file `rel` got a new id: its story's id and order, and which of equally
    similar articles are nearest (ties go by id), may change."""
    row = conn.execute("SELECT rowid FROM articles WHERE rel = ?", (rel,)).fetchone()
    if row is not None:
        _mark(conn, [row[0], *(b for (b,) in conn.execute("SELECT b FROM story_links WHERE a = ?", row))], REGROUP)


def removed(conn: sqlite3.Connection, art: int) -> None:
    """The article row `art` is about to be deleted (its analysis row still readable)."""
    row = conn.execute("SELECT kind FROM story_dirty WHERE art = ?", (art,)).fetchone()
    conn.execute("DELETE FROM story_dirty WHERE art = ?", (art,))
    if (row is not None and row[0] == NEW) or _stale(conn):
        return  # nothing of it is stored yet, or everything is recomputed anyway
    partners = [b for (b,) in conn.execute("SELECT b FROM story_links WHERE a = ?", (art,))]
    _mark(conn, partners, REGROUP)
    conn.execute("DELETE FROM story_links WHERE a = ?", (art,))
    conn.executemany("DELETE FROM story_links WHERE a = ? AND b = ?", [(b, art) for b in partners])
    story = conn.execute("SELECT story FROM story_members WHERE art = ?", (art,)).fetchone()
    if story is not None:
        mates = [a for (a,) in conn.execute("SELECT art FROM story_members WHERE story = ?", story) if a != art]
        _mark(conn, mates, REGROUP)
        conn.execute("DELETE FROM story_members WHERE art = ?", (art,))
        storylist.relist(conn, story)  # (what is left of it until the update regroups it)
    terms, sig = _terms_sig(conn, art)
    conn.executemany("UPDATE story_df SET n = n - 1 WHERE term = ?", [(t,) for t in terms])
    conn.executemany("DELETE FROM story_df WHERE term = ? AND n <= 0", [(t,) for t in terms])
    keys = band_keys(sig)
    conn.executemany("DELETE FROM story_bands WHERE key = ? AND art = ?", [(k, art) for k in keys])
    for k in keys:
        members = _bucket(conn, k)
        if len(members) == BUCKET_CAP:  # was over the cap: its pairs are candidates again
            _mark(conn, members, RELINK)


def _mark(conn: sqlite3.Connection, arts: Iterable[int], kind: int) -> None:
    conn.executemany(
        "INSERT INTO story_dirty VALUES (?, ?) ON CONFLICT(art) DO UPDATE SET kind = max(kind, excluded.kind)",
        [(a, kind) for a in arts],
    )


def _bucket(conn: sqlite3.Connection, key: int) -> list[int]:
    """The articles of a band key, at most one over the cap."""
    return [a for (a,) in conn.execute(f"SELECT art FROM story_bands WHERE key = ? LIMIT {BUCKET_CAP + 1}", (key,))]


def _count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _terms_sig(conn: sqlite3.Connection, art: int) -> tuple[list[str], list[int]]:
    row = conn.execute(
        "SELECT a.title, x.data FROM analysis x JOIN articles a ON a.rowid = x.rowid WHERE x.rowid = ?", (art,)
    ).fetchone()
    if row is None:
        return [], []
    terms, sig = story_features(row[1], row[0])
    return terms, sig or []


# --- update -------------------------------------------------------------------------------

def update(conn: sqlite3.Connection, *, separate: bool = False) -> bool:
    """Bring the stored stories up to date (inside the refresh's last write transaction).

    With `separate`, a recompute of at least `SEPARATE_MIN` articles is left marked stale
    and True returned: the caller runs `recompute_apart` after committing, so the indexer's
    memory and the recompute's are never held by one process."""
    if not _stale(conn):
        dirty = dict(conn.execute("SELECT art, kind FROM story_dirty").fetchall())
        if not dirty:
            return False
        n = _count(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'stories_n'").fetchone()
        last = int(row[0]) if row else 0
        if not ((len(dirty) > BATCH_MIN and len(dirty) > BATCH_SHARE * n)
                or (n >= BATCH_MIN and abs(n - last) > DRIFT_SHARE * last)):
            _incremental(conn, dirty)
            conn.execute("DELETE FROM story_dirty")
            return False
    else:
        n = _count(conn)
    if separate and n >= SEPARATE_MIN:
        mark_stale(conn)  # readers group in memory meanwhile; a killed recompute is redone
        return True
    recompute(conn)
    return False


def recompute_apart(db_path: Path) -> None:
    """Recompute every story in a fresh Python process (`python -m thaw_cli.store.storystore DB`)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "thaw_cli.store.storystore", str(db_path)], check=False)


def _main(db_path: str) -> None:
    conn = connect(db_path)
    begin_write(conn)
    try:
        if _stale(conn):
            recompute(conn)
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    finally:
        conn.close()


def recompute(conn: sqlite3.Connection) -> None:
    """Every story from scratch (`storybuild.build`: what `stories.cluster` finds, in memory
    that stays small at a million articles).

    With `storybuild.PARALLEL_MIN` articles or more and two CPUs, the pairs are scored in a
    forked process (`workers.aside`) while this one writes the band keys; the result is the
    same as in one process (tests/test_storystore.py)."""
    import numpy as np

    from thaw_cli.store import storybuild  # (lazy: the batch recompute only)

    for table in ("story_bands", "story_df", "story_links", "story_members", "story_list", "story_dirty"):
        conn.execute(f"DELETE FROM {table}")

    def bands(keys: list[int], arts: list[int]) -> None:
        conn.executemany("INSERT INTO story_bands VALUES (?, ?)", zip(keys, arts, strict=True))

    c = storybuild.build(conn, bands)  # (story_df written by it)
    # Rows go in in key order: appended to the tables' B-trees rather than inserted all over
    # them (at 10x, the ~2 million link rows took 4 s in the order the links were found).
    a, b, sims = c.links
    for first, second in ((a, b), (b, a)):  # both ways, each in (a, b) order, a slice at a time
        order = np.lexsort((second, first))
        for i in range(0, len(order), 65536):
            k = order[i:i + 65536]
            conn.executemany("INSERT INTO story_links VALUES (?, ?, ?)",
                             zip(first[k].tolist(), second[k].tolist(), sims[k].tolist(), strict=True))
    conn.executemany("INSERT INTO story_members VALUES (?, ?)", sorted(c.stories.items()))
    storylist.relist_all(conn)
    conn.execute("DELETE FROM meta WHERE key = 'stories'")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('stories_n', ?)", (str(c.n),))


class _Art:
    __slots__ = ("day", "id", "date", "sig", "terms")

    def __init__(self, aid: str, date: str | None, terms: list[str], sig: list[int]) -> None:
        self.id = aid
        self.date = date
        self.day = day_number(date)
        self.terms = set(terms)
        self.sig = sig


def _load(conn: sqlite3.Connection, arts: Iterable[int], into: dict[int, _Art], *, sigs: bool = False) -> None:
    """Story data of the articles not in `into` yet (articles that no longer exist are
    skipped); their signatures only with `sigs`."""
    todo = sorted(set(arts) - into.keys())
    for i in range(0, len(todo), _CHUNK):
        chunk = todo[i:i + _CHUNK]
        for rowid, aid, title, date, data in conn.execute(f"{_FEATURES_SQL} WHERE a.rowid IN ({','.join('?' * len(chunk))})", chunk):
            terms, sig = story_features(data, title, signature=sigs)
            into[rowid] = _Art(aid, date, terms, (sig or []) if sigs else [])


class _Weights:
    """Squared IDF of terms from the stored document frequencies, fetched as needed."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.n = _count(conn)
        self.rare = rare_limit(self.n)
        self.df: dict[str, int] = {}
        self.w2: dict[str, int] = {}

    def need(self, terms: Iterable[str]) -> None:
        todo = sorted({t for t in terms if t not in self.df})
        for i in range(0, len(todo), _CHUNK):
            chunk = todo[i:i + _CHUNK]
            got = dict(self.conn.execute(
                f"SELECT term, n FROM story_df WHERE term IN ({','.join('?' * len(chunk))})", chunk))
            for t in chunk:
                self.df[t] = got.get(t, 0)
                self.w2[t] = weight(self.df[t], self.n)

    def anchors(self, terms: Iterable[str]) -> set[str]:
        out = set()
        for t in terms:
            k = anchor_kind(t)
            if k == 2 or (k == 1 and self.df[t] <= self.rare):
                out.add(t)
        return out


def _incremental(conn: sqlite3.Connection, dirty: dict[int, int]) -> None:
    arts: dict[int, _Art] = {}
    _load(conn, (a for a, k in dirty.items() if k >= RELINK), arts, sigs=True)
    new = sorted(a for a, k in dirty.items() if k == NEW and a in arts)

    # 1. the new articles' document frequencies and band keys
    df = Counter(t for a in new for t in arts[a].terms)
    conn.executemany("INSERT INTO story_df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n", df.items())
    new_keys = {a: band_keys(arts[a].sig) for a in new}
    conn.executemany("INSERT OR IGNORE INTO story_bands VALUES (?, ?)", [(k, a) for a, ks in new_keys.items() for k in ks])

    # 2. band keys that the new articles pushed over the cap: their old pairs are no longer candidates
    buckets: dict[int, list[int]] = {}
    relink = {a for a, k in dirty.items() if k >= RELINK and a in arts}
    arrivals = Counter(k for ks in new_keys.values() for k in ks)
    new_set = set(new)
    for k, c in arrivals.items():
        members = buckets[k] = [a for (a,) in conn.execute(
            "SELECT art FROM story_bands WHERE key = ? LIMIT ?", (k, BUCKET_CAP + c + 1))]
        if BUCKET_CAP < len(members) <= BUCKET_CAP + c:
            relink.update(a for a in members if a not in new_set)
    _load(conn, relink, arts, sigs=True)
    relink &= arts.keys()

    # 3. drop the links of the articles to link again, remembering the partners
    touched = set(dirty) | relink
    for a in sorted(relink):
        partners = [b for (b,) in conn.execute("SELECT b FROM story_links WHERE a = ?", (a,))]
        touched.update(partners)
        conn.execute("DELETE FROM story_links WHERE a = ?", (a,))
        conn.executemany("DELETE FROM story_links WHERE a = ? AND b = ?", [(b, a) for b in partners])

    # 4. candidates of each, scored with the current document frequencies
    pairs: set[tuple[int, int]] = set()
    for a in relink:
        keys = new_keys.get(a) or band_keys(arts[a].sig)
        for k in keys:
            members = buckets.get(k)
            if members is None:
                members = buckets[k] = _bucket(conn, k)
            if len(members) <= BUCKET_CAP:
                pairs.update((min(a, b), max(a, b)) for b in members if b != a)
    # only pairs close enough in time can link (`_link`): the others are not read at all
    # (at a million articles most candidates are an article's copies of other years)
    days = _days(conn, sorted({x for p in pairs for x in p}))
    _forget(conn, {x for p in pairs for x in p} - days.keys())
    pairs = {(a, b) for a, b in pairs if a in days and b in days and close_in_time(days[a], days[b])}
    _load(conn, (x for p in pairs for x in p), arts)
    weights = _Weights(conn)
    weights.need(t for a in {x for p in pairs for x in p} if a in arts for t in arts[a].terms)
    norms: dict[int, int] = {}
    links = []
    for a, b in sorted(pairs):
        if a not in arts or b not in arts:
            continue
        sim = _link(arts[a], arts[b], weights, norms, a, b)
        if sim is not None:
            links += [(a, b, sim), (b, a, sim)]
            touched.update((a, b))
    conn.executemany("INSERT OR REPLACE INTO story_links VALUES (?, ?, ?)", links)

    # 5. regroup the stories those changes can reach
    _regroup(conn, touched, arts, weights, norms)


def _days(conn: sqlite3.Connection, arts: list[int]) -> dict[int, int | None]:
    """The day number of each of these articles that has its rows (`_load` reads the same)."""
    out: dict[int, int | None] = {}
    for chunk in _chunked(arts):
        out.update((r, day_number(d)) for r, d in conn.execute(
            "SELECT a.rowid, a.date FROM articles a JOIN analysis x ON x.rowid = a.rowid "
            f"WHERE a.rowid IN ({','.join('?' * len(chunk))})", chunk))
    return out


def _forget(conn: sqlite3.Connection, gone: set[int]) -> None:
    """Drop the story rows of articles that no longer exist (only a damaged index has any)."""
    for a in gone:
        centrals = [c for (c,) in conn.execute("SELECT story FROM story_members WHERE art = ?", (a,))]
        conn.execute("DELETE FROM story_bands WHERE art = ?", (a,))
        conn.execute("DELETE FROM story_links WHERE a = ? OR b = ?", (a, a))
        conn.execute("DELETE FROM story_members WHERE art = ?", (a,))
        storylist.relist(conn, centrals)


def _norm2(a: int, art: _Art, weights: _Weights, norms: dict[int, int]) -> int:
    v = norms.get(a)
    if v is None:
        v = norms[a] = sum(map(weights.w2.__getitem__, art.terms))
    return v


def _link(x: _Art, y: _Art, weights: _Weights, norms: dict[int, int], a: int, b: int) -> float | None:
    """The pair's similarity when it is a link (shared anchor, close in time, over the threshold)."""
    common = x.terms & y.terms
    if not common or not weights.anchors(common) or not close_in_time(x.day, y.day):
        return None
    sim = cosine(sum(map(weights.w2.__getitem__, common)), _norm2(a, x, weights, norms), _norm2(b, y, weights, norms))
    return sim if sim >= THRESHOLD else None


def _regroup(conn: sqlite3.Connection, touched: set[int], arts: dict[int, _Art], weights: _Weights,
             norms: dict[int, int]) -> None:
    seeds = set(touched)
    for chunk in _chunked(sorted(touched)):
        marks = ",".join("?" * len(chunk))
        seeds.update(a for (a,) in conn.execute(
            f"SELECT art FROM story_members WHERE story IN (SELECT story FROM story_members WHERE art IN ({marks}))", chunk))
    tops: dict[int, set[int]] = {}

    def top(u: int) -> set[int]:
        got = tops.get(u)
        if got is None:
            got = tops[u] = near(conn.execute(
                "SELECT l.sim, a.id, l.b FROM story_links l JOIN articles a ON a.rowid = l.b WHERE l.a = ?", (u,)).fetchall())
        return got

    seen: set[int] = set()
    comps: list[list[int]] = []
    for s in sorted(seeds):
        if s in seen:
            continue
        seen.add(s)
        comp = [s]
        for u in comp:
            for v in sorted(top(u)):
                if v not in seen and u in top(v):
                    seen.add(v)
                    comp.append(v)
        comps.append(comp)
    listed: set[int] = set()  # the stories whose story_list rows change: the old ones and the new
    for chunk in _chunked(sorted(seen)):
        marks = ",".join("?" * len(chunk))
        listed.update(c for (c,) in conn.execute(f"SELECT DISTINCT story FROM story_members WHERE art IN ({marks})", chunk))
        conn.execute(f"DELETE FROM story_members WHERE art IN ({marks})", chunk)
    multi = [c for c in comps if len(c) > 1]
    _load(conn, (a for c in multi for a in c), arts)
    rows = []
    for comp in multi:
        comp = [a for a in comp if a in arts]
        comp.sort(key=lambda a: member_order(arts[a].id, arts[a].date))
        sample = comp[:CENTRAL_SAMPLE]
        weights.need(t for a in sample for t in arts[a].terms)

        def sim(a: int, b: int) -> float:
            common = arts[a].terms & arts[b].terms
            return cosine(sum(map(weights.w2.__getitem__, common)),
                          _norm2(a, arts[a], weights, norms), _norm2(b, arts[b], weights, norms))

        central = sample[pick_central(sample, sim)]
        rows += [(a, central) for a in comp]
        listed.add(central)
    conn.executemany("INSERT INTO story_members VALUES (?, ?)", rows)
    storylist.relist(conn, listed)


def _chunked(items: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


# --- reading ------------------------------------------------------------------------------

def current(conn: sqlite3.Connection) -> bool:
    """Whether the stored stories are up to date (no refresh midway)."""
    return not _stale(conn) and conn.execute("SELECT 1 FROM story_dirty LIMIT 1").fetchone() is None


def stories(conn: sqlite3.Connection, *, singletons: bool) -> tuple[list[Story], dict[str, str | None]]:
    """Every story (newest first; of one article too with `singletons`) and its articles' dates."""
    info: dict[int, tuple[str, str | None, str | None]]
    if current(conn):
        members = dict(conn.execute("SELECT art, story FROM story_members").fetchall())
        if singletons:
            sql = "SELECT rowid, id, title, date FROM articles"
        else:
            sql = "SELECT a.rowid, a.id, a.title, a.date FROM story_members m JOIN articles a ON a.rowid = m.art"
        info = {r: (aid, title, date) for r, aid, title, date in conn.execute(sql)}
    else:
        rows: list[Any] = []

        def items() -> Iterator[tuple[int, str, str | None, list[str], list[int] | str]]:
            for rowid, aid, title, date, data in conn.execute(_FEATURES_SQL):
                rows.append((rowid, aid, title, date))
                terms, sig = story_features(data, title)
                yield rowid, aid, date, terms, sig or ""

        members = cluster(items()).stories
        info = {r: (aid, title, date) for r, aid, title, date in rows}
    found = build_stories(members, info, singletons=singletons)
    return found, {aid: date for aid, _, date in info.values()}


if __name__ == "__main__":
    import sys as _sys

    try:
        _main(_sys.argv[1])
    except KeyboardInterrupt:
        raise SystemExit(130) from None
