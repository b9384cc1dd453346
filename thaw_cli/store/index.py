"""The index: one SQLite file per corpus holding every article's metadata, clean text (FTS5)
and stored analysis, kept fresh automatically.

Freshness (what every command gets for free, see README "How the index stays fresh"):
- Adding, removing or renaming a file changes its folder's mtime. The index remembers every
  folder's mtime; each command stats the folders (a few hundred stats even for 190,000
  files) and rescans only the folders that changed, so additions, removals and renames are
  always seen at once.
- An edit in place does not change the folder's mtime. Each command also stats the
  `RECENT_SAMPLE` most recently modified files (the ones people edit) and a random window
  of `ROTATING_SAMPLE` others, so an edit of a recent file is seen at once and any other
  edit is seen within a few hundred commands; `thaw index` stats every file.
- Every write is a transaction; folder mtimes are stored only after all their files are,
  and an interrupted full refresh marks the index incomplete, so the next command redoes
  the full check. A killed indexer never leaves a half-written article.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from thaw_cli import __version__
from thaw_cli.analysis.codec import ANALYSIS_VERSION, pack_analysis, unpack_analysis
from thaw_cli.analysis.terms import count, indexed, namespace, rules
from thaw_cli.core.dates import period
from thaw_cli.core.errors import FileProblem, ThawError
from thaw_cli.core.models import Article, ArticleFilter, FileWarning, RefreshReport, Story
from thaw_cli.core.paths import cache_dir
from thaw_cli.core.text import CJK
from thaw_cli.ingest import corpus
from thaw_cli.store import locking, storylist, storystore
from thaw_cli.store.db import connect, rollback
from thaw_cli.store.query import spaced_cjk
from thaw_cli.store.textblob import pack_text, unpack_text

# 8: stemmed terms per language in a contentless fts, text in `texts`; 9: the analysis as one
# compressed blob (codec.pack_analysis), story_list, list's limit in SQL, the text compressed
# (textblob.pack_text)
SCHEMA_VERSION = 9
# Stored analysis depends on the code that made it: a new thaw version re-indexes.
ANALYZER_VERSION = f"{__version__}+{SCHEMA_VERSION}+{ANALYSIS_VERSION}"
APPLICATION_ID = 0x74686177  # "thaw"
SQLITE_HEADER = b"SQLite format 3\x00"
RECENT_SAMPLE = 100
ROTATING_SAMPLE = 1000
PARALLEL_THRESHOLD = 64  # fewer changed files than this are parsed in-process
BATCH = 1000
WORKER_TASKS = 500  # chunks of 32 files a parsing worker handles before a fresh one replaces it
ANALYSIS_LIMIT = 100_000  # characters of an article's body that analysis reads

Progress = Callable[[int, int], None]

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
-- listing: digest of the folder's listing (dircheck.listing_digest) as the last full check
-- saw it, stored only when it matched the folder's files rows (a write to those rows clears it).
CREATE TABLE dirs (rel TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, listing BLOB) WITHOUT ROWID;
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    rel TEXT NOT NULL UNIQUE,
    dir TEXT NOT NULL,
    stem TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX files_dir ON files(dir);
CREATE INDEX files_mtime ON files(mtime_ns);
CREATE INDEX files_skipped ON files(status) WHERE status = 'skipped';
CREATE TRIGGER files_added AFTER INSERT ON files BEGIN
    UPDATE dirs SET listing = NULL WHERE rel = NEW.dir AND listing IS NOT NULL;
END;
CREATE TRIGGER files_removed AFTER DELETE ON files BEGIN
    UPDATE dirs SET listing = NULL WHERE rel = OLD.dir AND listing IS NOT NULL;
END;
CREATE TRIGGER files_updated AFTER UPDATE ON files BEGIN
    UPDATE dirs SET listing = NULL WHERE rel IN (OLD.dir, NEW.dir) AND listing IS NOT NULL;
END;
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    rel TEXT NOT NULL UNIQUE,
    title TEXT, kicker TEXT, standfirst TEXT, date TEXT,
    day_first TEXT, day_last TEXT,
    authors TEXT NOT NULL, source TEXT, section TEXT, url TEXT, language TEXT,
    tags TEXT NOT NULL, words INTEGER NOT NULL, extra TEXT NOT NULL
);
CREATE INDEX articles_day ON articles(day_first);
CREATE INDEX articles_undated ON articles(date DESC, id) WHERE day_first IS NULL;
-- Stored analysis lives apart from the metadata so listing and ranking read small rows.
CREATE TABLE analysis (
    rowid INTEGER PRIMARY KEY,
    data BLOB NOT NULL,  -- codec.pack_analysis: ranking, key phrases, agreements, method, digest features
    agreements INTEGER NOT NULL,  -- how many agreements `data` holds
    fingerprint BLOB  -- MinHash signature for near-duplicates (thaw_cli.analysis.fingerprint)
);
-- The full-text index holds search terms (thaw_cli/analysis/terms.py: each word stemmed in its
-- article's language), not the text: contentless, so the text is stored once, in `texts`
-- (compressed: textblob.pack_text)
-- (the body; the title and standfirst are in `articles`). A row is removed with FTS5's
-- 'delete' command and the terms it was written with (`Index._delete_row`).
CREATE VIRTUAL TABLE fts USING fts5(
    title, lead, body, cjk,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE texts (rowid INTEGER PRIMARY KEY, body BLOB NOT NULL);
-- Stories, kept up to date as articles are written (thaw_cli/storystore.py)
CREATE TABLE story_bands (key INTEGER NOT NULL, art INTEGER NOT NULL, PRIMARY KEY (key, art)) WITHOUT ROWID;
CREATE TABLE story_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE story_links (a INTEGER NOT NULL, b INTEGER NOT NULL, sim REAL NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE story_members (art INTEGER PRIMARY KEY, story INTEGER NOT NULL);
CREATE INDEX story_members_story ON story_members(story);
CREATE TABLE story_list (central INTEGER PRIMARY KEY, sid TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX story_list_order ON story_list(key, n DESC, sid);
CREATE TABLE story_dirty (art INTEGER PRIMARY KEY, kind INTEGER NOT NULL);
"""

ARTICLE_COLUMNS = (
    "id, rel, title, kicker, standfirst, date, authors, source, section, url, language, "
    "tags, words, extra"
)

# The folders that have files, one index seek each (a loose index scan of files_dir).
_FILE_DIRS = """
WITH RECURSIVE d(dir) AS (
    SELECT min(dir) FROM files
    UNION ALL
    SELECT (SELECT min(dir) FROM files WHERE dir > d.dir) FROM d WHERE d.dir IS NOT NULL
)
SELECT dir FROM d WHERE dir IS NOT NULL
"""

# Snippet markers: private-use characters, removed from indexed text so they cannot clash.
_NEWEST_FIRST = "ORDER BY a.day_first IS NULL, a.day_first DESC, a.date DESC, a.id"
MARK_START = "\ue000"
MARK_END = "\ue001"
_MARKS = str.maketrans("", "", MARK_START + MARK_END)


@dataclass
class _Parsed:
    rel: str
    article_id: str
    mtime_ns: int
    size: int
    rows: tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...], str] | None  # see _rows
    problem: str | None
    notes: list[str]


def _parse_file(job: tuple[str, str, str, int, int, int]) -> _Parsed:
    """Read, clean and analyse one file (runs in worker processes)."""
    root, rel, article_id, mtime_ns, size, max_size = job
    try:
        article, notes = corpus.load_article(root, rel, article_id, max_size)
    except FileProblem as exc:
        return _Parsed(rel, article_id, mtime_ns, size, None, str(exc), [])
    except Exception as exc:  # a bug on one file must not stop the rest
        return _Parsed(rel, article_id, mtime_ns, size, None, f"could not be read ({type(exc).__name__}: {exc})", [])
    # (lazy: the whole analysis stack, most of thaw's import time, is loaded only by a run
    # that parses files; a read command on an up-to-date index never needs it)
    from thaw_cli.analysis.pipeline import Analysis, analyze

    target = article
    if len(article.body) > ANALYSIS_LIMIT:
        # A 10 MB page is indexed whole (searchable) but analysed on its first part only.
        target = replace(article, body=_cut(article.body, ANALYSIS_LIMIT))
        notes.append(f"longer than {ANALYSIS_LIMIT:,} characters; summary and agreements read the first part")
    try:
        analysis = analyze(target)
        article.language = target.language
    except Exception as exc:  # keep the article searchable even if analysis fails
        analysis = Analysis()
        notes.append(f"analysis failed ({type(exc).__name__}: {exc})")
    return _Parsed(rel, article_id, mtime_ns, size, _rows(article, analysis), None, notes)


# What json.dumps(value, ensure_ascii=False) does, without building an encoder object per call.
# (Reusing CPython's private C encoder as well saved ~1 us a call, well under 1% of an
# article's analysis: not worth depending on json's internals.)
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _unmarked(text: str) -> str:
    """`text.translate(_MARKS)`: ASCII text (`isascii` is a flag test) has no marks to drop."""
    return text if text.isascii() else text.translate(_MARKS)


def _rows(a: Article, an: Any) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...], bytes]:
    """The article's values for the articles, analysis and fts tables and its text (for the
    texts table, compressed), serialised in the worker so that the process writing the index does as
    little as possible."""
    first, last = period(a.date) if a.date else (None, None)
    dumps = _to_json
    article_row = (
        a.title, a.kicker, a.standfirst, a.date, first, last,
        dumps(a.authors), a.source, a.section, a.url, a.language,
        dumps(a.tags), a.words, dumps(a.extra),
    )
    body = _unmarked(a.body)
    analysis_row = (
        pack_analysis(a.title, an.ranked, an.keywords, an.agreements, an.method, an.features,
                      _ranked_text(a.standfirst, body)),
        len(an.agreements), an.fingerprint,
    )
    return article_row, analysis_row, fts_values(a.title, a.standfirst, body, a.language), pack_text(body)


def _ranked_text(standfirst: str | None, body: str) -> str:
    """The text the stored sentence ranking points into (codec.pack_analysis): the standfirst
    and the body as the index stores them (`articles.standfirst`, `texts`)."""
    return f"{standfirst}\n\n{body}" if standfirst and body else standfirst or body


def fts_values(title: str | None, standfirst: str | None, body: str, language: str | None) -> tuple[str, str, str, str]:
    """The fts row of an article (title, lead, body, cjk): the search terms of each field in
    the article's language, and the CJK column. Written when the article is, and computed
    again from the stored text to delete it (the same inputs give the same terms)."""
    ns = namespace(language)
    title = title or ""
    ascii_only = body.isascii() and title.isascii() and (standfirst or "").isascii()
    cjk = "" if ascii_only else _cjk_column(title, standfirst, body)  # (CJK characters are not ASCII)
    body_terms = indexed(body, ns)
    if standfirst:
        lead_terms = indexed(standfirst, ns)
    else:  # the first paragraph: as many of the body's terms as it has words
        first, found, _ = body.partition("\n\n")
        n = count(first)
        lead_terms = body_terms if not found else " ".join(body_terms.split(" ", n)[:n])
    return indexed(title, ns), lead_terms, body_terms, cjk


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, ending at a paragraph or word break when there is one."""
    for sep in ("\n\n", " "):
        end = text.rfind(sep, limit // 2, limit)
        if end > 0:
            return text[:end]
    return text[:limit]


def _cjk_column(title: str | None, standfirst: str | None, body: str) -> str:
    """For articles with Chinese, Japanese or Korean text: title and text with every CJK
    character a token of its own (searched by `query.Term.fts`); empty otherwise."""
    text = "\n\n".join(p for p in (title, standfirst, body) if p)
    return spaced_cjk(text).translate(_MARKS) if CJK.search(text) else ""


class Index:
    """An open index over one corpus folder."""

    def __init__(
        self,
        root: Path,
        db_path: Path | None,
        *,
        max_size: int,
        follow_links: bool = False,
    ) -> None:
        self.root = root
        self.db_path = db_path
        self.max_size = max_size
        self.follow_links = follow_links
        self.notes: list[str] = []
        self.on_wait: Callable[[str], None] | None = None  # told when a refresh queues (locking.py)
        self.conn = self._open()
        self._lock = locking.RefreshLock(self.db_path) if self.db_path is not None else None
        _LIVE.add(self)

    # --- opening, schema, recovery ------------------------------------------------------

    def _connect(self, target: str) -> sqlite3.Connection:
        return connect(target)

    def _open(self) -> sqlite3.Connection:
        if self.db_path is None:
            return self._init(self._connect(":memory:"))
        path = self.db_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.notes.append(f"cannot create the index folder {path.parent} ({exc.strerror}); using a temporary in-memory index")
            self.db_path = None
            return self._init(self._connect(":memory:"))
        if path.exists() and path.is_file() and path.stat().st_size > 0:
            with open(path, "rb") as fh:
                head = fh.read(16)
            if head != SQLITE_HEADER[:len(head)]:
                raise ThawError(f"{path} is not a thaw index (not an SQLite file); refusing to overwrite it")
        elif path.exists() and not path.is_file():
            raise ThawError(f"index path is not a file: {path}")
        try:
            return self._init(self._connect(str(path)))
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                if "readonly" in str(exc) or "unable to open" in str(exc):
                    self.notes.append(f"cannot write the index {path} ({exc}); using a temporary in-memory index")
                    self.db_path = None
                    return self._init(self._connect(":memory:"))
                raise
            self.notes.append(f"index {path} was unreadable ({exc}); rebuilt it")
            _remove_damaged(path, exc)
            return self._init(self._connect(str(path)))

    def _init(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        if self.db_path is not None:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -32768")  # 32 MB: fewer FTS5 merges when indexing
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        if version == SCHEMA_VERSION and app == APPLICATION_ID:
            row = conn.execute("SELECT value FROM meta WHERE key = 'analyzer'").fetchone()
            if row is None or row[0] != ANALYZER_VERSION:
                # Stored analysis came from another version of thaw: parse everything again.
                self._mark_stale(conn)
                if row is not None:
                    self.notes.append(f"thaw {row[0]} made this index; re-indexing with thaw {ANALYZER_VERSION}")
            return conn
        if app not in (0, APPLICATION_ID) or (app == 0 and _has_tables(conn)):
            raise ThawError(f"{self.db_path} is an SQLite file but not a thaw index; refusing to overwrite it")
        locking.begin_write(conn)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                tables = [r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fts_%'"
                )]
                if tables:
                    self.notes.append(f"index schema version {version} is not {SCHEMA_VERSION}; rebuilding the index")
                for name in tables:
                    conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                for statement in _statements(SCHEMA):
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('root', ?)", (str(self.root),))
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '0')")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('analyzer', ?)", (ANALYZER_VERSION,))
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return conn

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()

    def _mark_stale(self, conn: sqlite3.Connection) -> None:
        """Make the next refresh re-read and re-analyse every file and check every folder,
        replacing each article in place: readers never see an empty or partial index."""
        locking.begin_write(conn)
        try:
            conn.execute("UPDATE files SET mtime_ns = -1, size = -1")
            conn.execute("DELETE FROM dirs")
            # rows that no file accounts for (a damaged index) go now
            conn.execute("DELETE FROM articles WHERE rel NOT IN (SELECT rel FROM files)")
            conn.execute("DELETE FROM analysis WHERE rowid NOT IN (SELECT rowid FROM articles)")
            conn.execute("DELETE FROM texts WHERE rowid NOT IN (SELECT rowid FROM articles)")
            if conn.execute("SELECT 1 FROM fts_docsize WHERE id NOT IN (SELECT rowid FROM articles) LIMIT 1").fetchone():
                # fts rows without their text cannot be deleted one by one: start it afresh
                conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                conn.execute("DELETE FROM texts")
                conn.execute("DELETE FROM analysis")
                conn.execute("DELETE FROM articles")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '0')")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('analyzer', ?)", (ANALYZER_VERSION,))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('root', ?)", (str(self.root),))
            storystore.mark_stale(conn)
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    def rebuild(self) -> None:
        """Re-read and re-analyse every file (`thaw index --rebuild`), article by article, so
        that searches running meanwhile keep finding the old version until the new one.
        Takes the refresh lock (queueing behind another refresh), kept for the `refresh` after."""
        if self._lock is not None:
            self._lock.acquire(wait=True, on_wait=self.on_wait)
        self._mark_stale(self.conn)

    # --- freshness ----------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def refresh(self, *, full: bool = False, progress: Progress | None = None) -> RefreshReport:
        """Bring the index up to date with the folder; `full` stats every file.

        One process refreshes at a time (locking.py). A full refresh, or any refresh of an
        index that was never complete, queues for its turn; otherwise, when another process is
        refreshing, this one leaves it be and the report says that the answer is from what
        the index holds so far."""
        if self._lock is not None:
            must = full or not self._built()
            if not self._lock.acquire(wait=must, on_wait=self.on_wait):
                report = RefreshReport(notes=[*self.notes, locking.BUSY_NOTE])
                self.notes.clear()
                return report
        try:
            return self._refresh(full=full, progress=progress)
        finally:
            if self._lock is not None:
                self._lock.release()

    def _built(self) -> bool:
        """Whether a full refresh has ever completed (every article there, if perhaps old)."""
        return self._meta("built") == "1" or self._meta("complete") == "1"

    def _refresh(self, *, full: bool, progress: Progress | None) -> RefreshReport:
        start = time.perf_counter()
        complete = self._meta("complete") == "1"
        # --max-size and --follow-links decide which files are articles: when they differ from
        # the last refresh, every file is checked again (those whose size crosses a limit re-read).
        reading = f"{self.max_size}:{int(self.follow_links)}"
        last = self._meta("reading")
        resized = _size_window(last, self.max_size)
        report = RefreshReport(full=full or not complete or (last is not None and last != reading))
        report.notes.extend(self.notes)
        self.notes.clear()
        if report.full:
            self._full_refresh(report, progress, resized)
        else:
            self._quick_refresh(report, progress)
        if last != reading:
            self._begin()
            try:
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('reading', ?)", (reading,))
                self.conn.execute("COMMIT")
            except BaseException:
                rollback(self.conn)
                raise
        report.seconds = time.perf_counter() - start
        return report

    def check_terms(self) -> None:
        """Rewrite every article's search terms from its stored text when the rules that make
        them changed (thaw_cli/analysis/terms.py, or PyStemmer's version): the old terms could
        not be deleted one by one any more, nor matched by a query's. Called before anything is
        written and before a search (not by other reads: they need no terms, nor PyStemmer)."""
        current = rules()
        if self._meta("terms") == current:
            return
        self._begin()
        try:
            if self._meta("terms") != current:  # (another process may have done it meanwhile)
                self.conn.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
                rows = self.conn.execute(
                    "SELECT a.rowid, a.title, a.standfirst, t.body, a.language FROM articles a "
                    "JOIN texts t ON t.rowid = a.rowid ORDER BY a.rowid")
                while chunk := rows.fetchmany(BATCH):
                    self.conn.executemany("INSERT INTO fts (rowid, title, lead, body, cjk) VALUES (?,?,?,?,?)",
                                          [(r[0], *fts_values(r[1], r[2], unpack_text(r[3]), r[4])) for r in chunk])
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('terms', ?)", (current,))
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise

    def _stored_files(self, where: str = "", args: Iterable[Any] = ()) -> dict[str, tuple[int, int]]:
        sql = "SELECT rel, mtime_ns, size FROM files" + (f" WHERE {where}" if where else "")
        return {rel: (m, s) for rel, m, s in self.conn.execute(sql, tuple(args))}

    def _full_refresh(self, report: RefreshReport, progress: Progress | None,
                      resized: tuple[int, int] | None = None) -> None:
        from thaw_cli.store import dircheck  # (lazy: the full check only; it loads multiprocessing)

        # Another connection committing from here on makes the listings found unsafe to keep.
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        stored_dirs: dict[str, bytes | None] = dict(self.conn.execute("SELECT rel, listing FROM dirs"))
        # files in folders the dirs table lacks (it is emptied by a rebuild) are checked too
        stored_dirs.update((rel, None) for (rel,) in self.conn.execute(_FILE_DIRS) if rel not in stored_dirs)
        files = self.conn.execute("SELECT max(id) FROM files").fetchone()[0] or 0
        found = dircheck.check(self.root, stored_dirs, dircheck.known_reader(self.conn), self.follow_links,
                               db_path=self.db_path, files=files)
        report.warnings.extend(FileWarning(p, r) for p, r in found.problems)
        todo = found.todo
        if resized:  # unchanged files whose size crosses the new size limit are read again
            lo, hi = resized
            listed = {f.rel for f in todo} | set(found.gone)
            todo += [corpus.SourceFile(rel, m, s) for rel, m, s in self.conn.execute(
                "SELECT rel, mtime_ns, size FROM files WHERE size > ? AND size <= ?", (lo, hi))
                if rel not in listed]
            found.listings.clear()
        self._apply(todo, found.gone, found.dirs, report, progress, replace_dirs=True,
                    listings=(found.listings, version))
        report.unchanged = found.files - len(todo)  # the files rows now: every article file found
        # files skipped earlier and unchanged are reported again on a full check
        skipped = dict(self.conn.execute("SELECT rel, reason FROM files WHERE status = 'skipped'"))
        if skipped:
            redone = {f.rel for f in todo if f.rel in skipped}
            for rel, reason in skipped.items():
                if rel not in redone:
                    report.warnings.append(FileWarning(rel, reason))
                    report.skipped += 1

    def _quick_refresh(self, report: RefreshReport, progress: Progress | None) -> None:
        todo: dict[str, corpus.SourceFile] = {}
        gone: set[str] = set()
        new_dirs: dict[str, int] = {}
        stored_dirs = dict(self.conn.execute("SELECT rel, mtime_ns FROM dirs"))
        for rel, mtime in stored_dirs.items():
            try:
                now = os.stat(self.root / rel if rel else self.root).st_mtime_ns
            except OSError:
                gone.update(self._stored_files("dir = ? OR dir LIKE ? ESCAPE '\\'", (rel, _like_prefix(rel))))
                new_dirs[rel] = -1  # deleted
                continue
            if now == mtime:
                continue
            new_dirs[rel] = now
            found, subdirs, problems = corpus.scan_dir(self.root, rel, self.follow_links)
            report.warnings.extend(FileWarning(p, r) for p, r in problems)
            stored = self._stored_files("dir = ?", (rel,))
            names = {f.rel for f in found}
            for f in found:
                if stored.get(f.rel) != (f.mtime_ns, f.size):
                    todo[f.rel] = f
            gone.update(r for r in stored if r not in names)
            for sub in subdirs:
                if sub not in stored_dirs:
                    sub_files, sub_dirs, sub_problems = corpus.scan(self.root / sub, self.follow_links)
                    report.warnings.extend(FileWarning(f"{sub}/{p}", r) for p, r in sub_problems)
                    for f in sub_files.values():
                        full_rel = f"{sub}/{f.rel}"
                        todo[full_rel] = corpus.SourceFile(full_rel, f.mtime_ns, f.size)
                    for d, m in sub_dirs.items():
                        new_dirs[f"{sub}/{d}" if d else sub] = m
        for rel, (mtime, size) in self._sample().items():
            if rel in todo or rel in gone:
                continue
            try:
                st = os.stat(self.root / rel)
            except OSError:
                if rel.rpartition("/")[0] not in new_dirs:
                    gone.add(rel)
                continue
            if (st.st_mtime_ns, st.st_size) != (mtime, size):
                todo[rel] = corpus.SourceFile(rel, st.st_mtime_ns, st.st_size)
        if todo or gone or new_dirs:
            self._apply(list(todo.values()), sorted(gone), new_dirs, report, progress, replace_dirs=False)

    def _sample(self) -> dict[str, tuple[int, int]]:
        sample = self._stored_files(
            f"id IN (SELECT id FROM files ORDER BY mtime_ns DESC LIMIT {RECENT_SAMPLE})"
        )
        top = self.conn.execute("SELECT max(id) FROM files").fetchone()[0] or 0
        if top > RECENT_SAMPLE:
            start = random.randrange(0, max(1, top - ROTATING_SAMPLE + 1))
            sample.update(self._stored_files(f"id > ? ORDER BY id LIMIT {ROTATING_SAMPLE}", (start,)))
        return sample

    # --- writing ------------------------------------------------------------------------

    def _ids_for(self, todo: Iterable[corpus.SourceFile], gone: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Ids for the changed files, as the exceptions only (a file not in them has the id
        `corpus.stem(rel)`), and new ids for unchanged files whose id a clash changes.

        Files whose ids can clash share a stem, so they are in one folder: the work goes a
        folder at a time, and nothing is kept per file but the exceptions (a million new files
        would otherwise hold a million ids)."""
        gone_set = set(gone)
        by_dir: dict[str, list[str]] = {}
        gone_stems: dict[str, set[str]] = {}
        for rel in gone_set:
            by_dir.setdefault(corpus.rel_dir(rel), [])
            gone_stems.setdefault(corpus.rel_dir(rel), set()).add(corpus.stem(rel))
        for f in todo:
            by_dir.setdefault(corpus.rel_dir(f.rel), []).append(f.rel)
        exceptions: dict[str, str] = {}
        renamed: dict[str, str] = {}
        for folder, rels in by_dir.items():
            own = {corpus.stem(r) for r in rels}
            stems = own | gone_stems.get(folder, set())
            members: dict[str, set[str]] = {}
            for rel, st in self.conn.execute("SELECT rel, stem FROM files WHERE dir = ?", (folder,)):
                if st in stems and rel not in gone_set:
                    members.setdefault(st, set()).add(rel)
            if not members and len(own) == len(rels):  # no stored namesake, no two alike: ids are the stems
                continue
            changed = set(rels)
            for rel in rels:
                members.setdefault(corpus.stem(rel), set()).add(rel)
            for group in members.values():
                for rel, i in corpus.assign_ids(group).items():
                    if rel not in changed:
                        renamed[rel] = i
                    elif i != corpus.stem(rel):
                        exceptions[rel] = i
        return exceptions, renamed

    def _apply(
        self,
        todo: Collection[corpus.SourceFile],
        gone: list[str],
        dirs: dict[str, int],
        report: RefreshReport,
        progress: Progress | None,
        *,
        replace_dirs: bool,
        listings: tuple[dict[str, bytes], int] | None = None,
    ) -> None:
        """Remove the `gone` files, parse and write the `todo` ones, record the folders' mtimes
        (`dirs`) and, with `listings` ({folder: digest}, the data_version read before the check),
        the digests of the folders found to match the index, unless another connection has
        written since."""
        self.check_terms()
        ids, renamed = self._ids_for(todo, gone)
        self._begin()
        try:
            if replace_dirs and (todo or gone):
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '0')")
            storystore.expect(self.conn, len(todo) + len(gone))
            for rel in gone:
                self._delete(rel)
                self.conn.execute("DELETE FROM files WHERE rel = ?", (rel,))
            report.removed += len(gone)
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise
        done = 0
        total = len(todo)
        if progress:
            progress(0, total)
        pending: list[_Parsed] = []
        for parsed in self._parse_all(todo, ids):
            pending.append(parsed)
            if len(pending) >= BATCH:
                self._write(pending, report)
                done += len(pending)
                pending = []
            if progress and len(pending) % 50 == 0:
                progress(done + len(pending), total)
        self._begin()
        try:
            self._write_rows(pending, report)
            for rel, new_id in renamed.items():
                self._rename(rel, new_id)
            keep: dict[str, bytes] = {}
            if listings and self.conn.execute("PRAGMA data_version").fetchone()[0] == listings[1]:
                keep = listings[0]
            if replace_dirs:
                rows = {rel: (mtime, keep.get(rel)) for rel, mtime in dirs.items()}
                if rows != {rel: (m, d) for rel, m, d in self.conn.execute("SELECT rel, mtime_ns, listing FROM dirs")}:
                    self.conn.execute("DELETE FROM dirs")
                    self.conn.executemany("INSERT INTO dirs VALUES (?, ?, ?)", ((r, m, d) for r, (m, d) in rows.items()))
            else:
                for rel, mtime in dirs.items():
                    if mtime < 0:
                        self.conn.execute("DELETE FROM dirs WHERE rel = ? OR rel LIKE ? ESCAPE '\\'", (rel, _like_prefix(rel)))
                    else:
                        self.conn.execute("INSERT OR REPLACE INTO dirs VALUES (?, ?, ?)", (rel, mtime, None))
            if replace_dirs:
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '1')")
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', '1')")
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('full_check', ?)", (str(time.time()),))
            apart = storystore.update(self.conn, separate=self.db_path is not None)
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise
        if apart and self.db_path is not None:
            storystore.recompute_apart(self.db_path)
        if progress:
            progress(total, total)

    def _begin(self) -> None:
        locking.begin_write(self.conn)

    def _stored_files_in(self, rels: list[str]) -> list[str]:
        out: list[str] = []
        for chunk in _chunks(rels, 500):
            marks = ",".join("?" * len(chunk))
            out.extend(r for (r,) in self.conn.execute(f"SELECT rel FROM files WHERE rel IN ({marks})", chunk))
        return out

    def _parse_all(self, todo: Collection[corpus.SourceFile], ids: dict[str, str]) -> Iterator[_Parsed]:
        root = str(self.root)

        def jobs() -> Iterator[tuple[str, str, str, int, int, int]]:
            # made as the pool takes them, after the fork: the workers do not inherit them
            stem = corpus.stem
            for f in todo:
                yield root, f.rel, ids.get(f.rel) or stem(f.rel), f.mtime_ns, f.size, self.max_size

        if len(todo) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
            for job in jobs():
                yield _parse_file(job)
            return
        # Import the analysis stack before forking so workers share it (lazy, as in
        # _parse_file: a read command on an up-to-date index never loads it, nor multiprocessing).
        import thaw_cli.analysis.pipeline  # noqa: F401
        import thaw_cli.ingest.cleaning  # noqa: F401
        from thaw_cli.analysis import language
        from thaw_cli.store import workers

        language.load(keep=True)  # the language model too (most of a second; kept in the cache)
        n = min(os.cpu_count() or 2, 2 if len(todo) < 100_000 else os.cpu_count() or 2)
        # a worker's analysis caches (stems, key-phrase tokens, names) fill up to their bounds
        # over tens of thousands of varied articles: a worker is replaced after WORKER_TASKS
        # chunks, so that its memory stays near what it starts with
        pool = workers.pool(n, maxtasksperchild=WORKER_TASKS)
        with pool:
            yield from pool.imap_unordered(_parse_file, jobs(), chunksize=32)

    def _write(self, parsed: list[_Parsed], report: RefreshReport) -> None:
        self._begin()
        try:
            self._write_rows(parsed, report)
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise

    def _write_rows(self, parsed: list[_Parsed], report: RefreshReport) -> None:
        """Write parsed files, their articles, analysis and fts rows (in batches: executemany).

        An article's rowid is the largest one in use plus one, as SQLite would choose it;
        an article written before is deleted first (so its rowid may be free again). Rows
        still to be inserted have the largest rowids, so a delete changes nothing for them.
        """
        conn = self.conn
        files: list[tuple[Any, ...]] = []
        articles: list[tuple[Any, ...]] = []
        analyses: list[tuple[Any, ...]] = []
        texts: list[tuple[Any, ...]] = []
        bodies: list[tuple[int, bytes]] = []
        spaces: set[str] = set()
        next_rowid = 0  # 0: to be read from the table

        def flush() -> None:
            if not articles:
                return
            conn.executemany(
                "INSERT INTO articles (rowid, id, rel, title, kicker, standfirst, date, day_first, day_last, "
                "authors, source, section, url, language, tags, words, extra) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", articles)
            conn.executemany(
                "INSERT INTO analysis (rowid, data, agreements, fingerprint) VALUES (?,?,?,?)", analyses)
            conn.executemany("INSERT INTO fts (rowid, title, lead, body, cjk) VALUES (?,?,?,?,?)", texts)
            conn.executemany("INSERT INTO texts (rowid, body) VALUES (?,?)", bodies)
            storystore.added(conn, [row[0] for row in articles])
            _note_namespaces(conn, spaces)
            articles.clear()
            analyses.clear()
            texts.clear()
            bodies.clear()

        # (also for files not indexed when the refresh began: another indexer may have written them since)
        stored = self._rowids([p.rel for p in parsed])
        existing = set(self._stored_files_in([p.rel for p in parsed]))
        for p in parsed:
            old = stored.get(p.rel)
            if old is not None:
                self._delete_row(old)
                if not articles:
                    next_rowid = 0  # the deleted row may have had the largest rowid
            if p.rel in existing:
                report.changed += 1
            else:
                report.added += 1
            files.append((p.rel, corpus.rel_dir(p.rel), corpus.stem(p.rel), p.mtime_ns, p.size,
                          "ok" if p.rows else "skipped", p.problem))
            for note in p.notes:
                report.warnings.append(FileWarning(p.rel, note))
            if p.rows is None:
                report.skipped += 1
                report.warnings.append(FileWarning(p.rel, p.problem or "skipped"))
                continue
            if not next_rowid:
                next_rowid = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM articles").fetchone()[0]
            article_row, analysis_row, fts_row, body = p.rows
            articles.append((next_rowid, p.article_id, p.rel, *article_row))
            analyses.append((next_rowid, *analysis_row))
            texts.append((next_rowid, *fts_row))
            bodies.append((next_rowid, body))
            spaces.add(article_row[10] or "")  # the language
            next_rowid += 1
        flush()
        conn.executemany(
            "INSERT OR REPLACE INTO files (rel, dir, stem, mtime_ns, size, status, reason) VALUES (?,?,?,?,?,?,?)",
            files)

    def _rowids(self, rels: list[str]) -> dict[str, int]:
        """The article rowid of each of these files that has one."""
        out: dict[str, int] = {}
        for chunk in _chunks(rels, 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT rel, rowid FROM articles WHERE rel IN ({marks})", chunk))
        return out

    def _delete(self, rel: str) -> None:
        row = self.conn.execute("SELECT rowid FROM articles WHERE rel = ?", (rel,)).fetchone()
        if row:
            self._delete_row(row[0])

    def _delete_row(self, rowid: int) -> None:
        storystore.removed(self.conn, rowid)
        row = self.conn.execute(
            "SELECT a.title, a.standfirst, t.body, a.language FROM articles a JOIN texts t ON t.rowid = a.rowid "
            "WHERE a.rowid = ?", (rowid,)).fetchone()
        if row is not None:
            # a contentless fts row is deleted by giving FTS5 the terms it was written with
            title, standfirst, body, language = row
            self.conn.execute("INSERT INTO fts (fts, rowid, title, lead, body, cjk) VALUES ('delete', ?, ?, ?, ?, ?)",
                              (rowid, *fts_values(title, standfirst, unpack_text(body), language)))
        self.conn.execute("DELETE FROM texts WHERE rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM analysis WHERE rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def _rename(self, rel: str, new_id: str) -> None:
        self.conn.execute("UPDATE articles SET id = ? WHERE rel = ?", (new_id, rel))
        storystore.renamed(self.conn, rel)

    # --- reading ------------------------------------------------------------------------

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def filter_sql(self, f: ArticleFilter, alias: str = "a") -> tuple[str, list[Any]]:
        """SQL conditions (joined with AND) and parameters for an ArticleFilter."""
        where: list[str] = []
        args: list[Any] = []

        def contains(column: str, text: str) -> str:
            """A case-insensitive substring condition on `column` (its parameter appended)."""
            args.append(f"%{_like_escape(text.lower())}%")
            return f"lower({column}) LIKE ? ESCAPE '\\'"

        if f.source:
            where.append(contains(f"{alias}.source", f.source))
        if f.section:
            where.append(contains(f"{alias}.section", f.section))
        if f.language:
            where.append(f"lower({alias}.language) = ?")
            args.append(f.language.lower())
        if f.author:
            where.append(f"EXISTS (SELECT 1 FROM json_each({alias}.authors) WHERE {contains('value', f.author)})")
        if f.tag:
            where.append(f"EXISTS (SELECT 1 FROM json_each({alias}.tags) WHERE lower(value) = ?)")
            args.append(f.tag.lower())
        if f.since:
            where.append(f"{alias}.day_last >= ?")
            args.append(f.since)
        if f.until:
            where.append(f"{alias}.day_first <= ?")
            args.append(f.until)
        if f.ids is not None:
            where.append(f"{alias}.id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(f.ids))
        return (" AND ".join(where) or "1"), args

    def list_articles(
        self, f: ArticleFilter, *, sort: str = "date", reverse: bool = False, limit: int | None = None
    ) -> list[Article]:
        """The matching articles in `sort` order (reversed with `reverse`), the first `limit`.

        Every order ends with the id, so it is total and its reverse is every term flipped:
        the limit goes into the SQL. Newest first (`date`) reads the dated articles through
        `articles_day` and the undated ones through `articles_undated`, so the first page of
        a million articles reads a few rows (NULLs sort last in a descending SQLite order,
        which is where `day_first IS NULL` put them)."""
        where, args = self.filter_sql(f)
        if sort == "date":
            parts = [("a.day_first IS NOT NULL", ["a.day_first DESC", "a.date DESC", "a.id"]),
                     ("a.day_first IS NULL", ["a.date DESC", "a.id"])]
            table = ("articles a", "articles a INDEXED BY articles_undated")
        else:
            parts = [("1", {
                "title": ["a.title IS NULL", "lower(a.title)", "a.id"],
                "source": ["a.source IS NULL", "lower(a.source)", "a.day_first DESC", "a.id"],
                "words": ["a.words DESC", "a.id"],
            }[sort])]
            table = ("articles a",)
        steps = list(zip(table, parts, strict=True))
        if reverse:
            steps = [(t, (cond, [_flipped(term) for term in order])) for t, (cond, order) in reversed(steps)]
        rows: list[Article] = []
        for source, (cond, order) in steps:
            if limit is not None and len(rows) >= limit:
                break
            sql = f"SELECT {ARTICLE_COLUMNS} FROM {source} WHERE {where} AND {cond} ORDER BY {', '.join(order)}"
            if limit is not None:
                sql += f" LIMIT {int(limit) - len(rows)}"
            rows += [self._article(r) for r in self.conn.execute(sql, args)]
        return rows

    def _article(self, row: tuple[Any, ...], body: str = "") -> Article:
        (aid, rel, title, kicker, standfirst, date, authors, source, section, url, language,
         tags, words, extra) = row
        return Article(
            id=aid, path=str(self.root / rel), title=title, kicker=kicker, standfirst=standfirst,
            date=date, authors=json.loads(authors), source=source, section=section, url=url,
            language=language, tags=json.loads(tags), body=body, words=words, extra=json.loads(extra),
        )

    def resolve_id(self, ref: str) -> str:
        """An exact id or a unique prefix of one, as git does; ThawError otherwise."""
        row = self.conn.execute("SELECT id FROM articles WHERE id = ?", (ref,)).fetchone()
        if row:
            return row[0]
        rows = [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 6", (len(ref), ref)
        )]
        if len(rows) == 1:
            return rows[0]
        if not rows:
            near = [r[0] for r in self.conn.execute(
                "SELECT id FROM articles WHERE instr(lower(id), ?) > 0 ORDER BY id LIMIT 5", (ref.lower(),)
            )]
            hint = f"; did you mean: {', '.join(near)}" if near else ""
            raise ThawError(f"no article with id {ref!r}{hint}")
        more = ", …" if len(rows) > 5 else ""
        raise ThawError(f"ambiguous id {ref!r}: {', '.join(rows[:5])}{more}")

    def get(self, article_id: str) -> Article:
        row = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS}, rowid FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise ThawError(f"no article with id {article_id!r}")
        body = self.conn.execute("SELECT body FROM texts WHERE rowid = ?", (row[-1],)).fetchone()
        return self._article(row[:-1], unpack_text(body[0]) if body else "")

    def analysis_rows(self, f: ArticleFilter, limit: int | None = None) -> Iterator[tuple[Article, list[Any], list[str], str, list[dict[str, Any]]]]:
        """Articles (newest first) with their stored summary ranking, keywords, method and agreements."""
        where, args = self.filter_sql(f)
        sql = (
            f"SELECT {ARTICLE_COLUMNS}, x.data, t.body "
            "FROM articles a JOIN analysis x ON x.rowid = a.rowid LEFT JOIN texts t ON t.rowid = a.rowid "
            f"WHERE {where} {_NEWEST_FIRST}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for row in self.conn.execute(sql, args):
            stored = unpack_analysis(row[14], _text_of(row[4], row[15]))
            yield self._article(row[:14]), stored.ranked, stored.keywords, stored.method, stored.agreements

    def agreement_rows(self, f: ArticleFilter) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """(id, stored agreements) of the matching articles that report any, newest first:
        `analysis_rows` without the rest of each row (a digest reads every article's)."""
        where, args = self.filter_sql(f)
        for aid, data in self.conn.execute(
            "SELECT a.id, x.data FROM articles a JOIN analysis x ON x.rowid = a.rowid "
            f"WHERE {where} AND x.agreements > 0 {_NEWEST_FIRST}", args,
        ):
            yield aid, unpack_analysis(data).agreements

    def rankings(self, ids: Iterable[str]) -> dict[str, list[Any]]:
        """The stored summary ranking of each of these articles."""
        return {aid: unpack_analysis(data, _text_of(standfirst, body)).ranked
                for aid, data, standfirst, body in self.conn.execute(
                    "SELECT a.id, x.data, a.standfirst, t.body FROM articles a JOIN analysis x ON x.rowid = a.rowid "
                    "LEFT JOIN texts t ON t.rowid = a.rowid "
                    "WHERE a.id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))}

    def feature_rows(self, f: ArticleFilter) -> Iterator[tuple[str, str | None, str | None, dict[str, Any]]]:
        """(id, title, date, digest features: entities and events) of the matching articles, in id order."""
        where, args = self.filter_sql(f)
        sql = (
            "SELECT a.id, a.title, a.date, x.data FROM articles a JOIN analysis x ON x.rowid = a.rowid "
            f"WHERE {where} ORDER BY a.id"
        )
        for aid, title, date, data in self.conn.execute(sql, args):
            yield aid, title, date, unpack_analysis(data).features

    def fingerprints(self, f: ArticleFilter) -> Iterator[tuple[str, str | None, bytes | None]]:
        """(id, url, MinHash signature) of the matching articles, in id order (near-duplicates)."""
        where, args = self.filter_sql(f)
        sql = (
            "SELECT a.id, a.url, x.fingerprint FROM articles a JOIN analysis x ON x.rowid = a.rowid "
            f"WHERE {where} ORDER BY a.id"
        )
        yield from self.conn.execute(sql, args)

    def count_other_languages(self, f: ArticleFilter, language: str = "en") -> int:
        """How many matching articles are known to be in another language than `language`."""
        where, args = self.filter_sql(f)
        sql = f"SELECT count(*) FROM articles a WHERE {where} AND a.language IS NOT NULL AND lower(a.language) <> ?"
        return int(self.conn.execute(sql, [*args, language]).fetchone()[0])

    def complete_ids(self, prefix: str, limit: int = 200) -> list[str]:
        """Ids starting with `prefix` (shell completion): an index range scan, no refresh."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [r[0] for r in rows]

    def all_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def selected_ids(self, f: ArticleFilter) -> set[str] | None:
        """The ids an ArticleFilter keeps, or None when it keeps every article."""
        if f == ArticleFilter():
            return None
        where, args = self.filter_sql(f)
        return {r[0] for r in self.conn.execute(f"SELECT a.id FROM articles a WHERE {where}", args)}

    def story_page(self, limit: int | None) -> list[Story] | None:
        """The first `limit` stories of two or more articles, newest first, read from the
        stored order (None while a refresh is midway: then only `stories` can tell)."""
        if not storystore.current(self.conn):
            return None
        return storylist.page(self.conn, limit)

    def stories_touching(self, f: ArticleFilter, *, singletons: bool) -> tuple[list[Story], dict[str, str | None]] | None:
        """The stories with an article the filter selects, showing only those articles, in the
        order of `stories`, and the selected articles' dates; None as for `story_page`."""
        if not storystore.current(self.conn):
            return None
        where, args = self.filter_sql(f)
        return storylist.touching(self.conn, where, args, singletons=singletons)

    def stories(self, *, singletons: bool) -> tuple[list[Story], dict[str, str | None]]:
        """Every story of the index (newest first; of one article too with `singletons`) and
        the dates of the articles they hold."""
        return storystore.stories(self.conn, singletons=singletons)


def _text_of(standfirst: str | None, body: bytes | None) -> Callable[[], str]:
    """What `codec.unpack_analysis` reads the stored ranking's sentences from (see `_ranked_text`)."""
    return lambda: _ranked_text(standfirst, unpack_text(body))


def _note_namespaces(conn: sqlite3.Connection, languages: set[str]) -> None:
    """Record the term namespaces (thaw_cli/analysis/terms.py) of newly written articles in meta
    'namespaces', so that a query is stemmed for every language present. Never shrinks (a
    namespace no article uses any more costs a query one term that matches nothing)."""
    spaces = {namespace(lang or None) for lang in languages}
    row = conn.execute("SELECT value FROM meta WHERE key = 'namespaces'").fetchone()
    known = set(json.loads(row[0])) if row else set()
    if not spaces <= known or row is None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('namespaces', ?)",
                     (json.dumps(sorted(known | spaces), ensure_ascii=False),))


def namespaces(conn: sqlite3.Connection) -> list[str]:
    """The term namespaces of the articles in the index (at least English)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'namespaces'").fetchone()
    spaces = set(json.loads(row[0])) if row else set()
    return sorted(spaces | {""})


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script (a trigger's body holds semicolons of its own)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending


def _flipped(term: str) -> str:
    """An ORDER BY term in the opposite direction."""
    if term.endswith(" DESC"):
        return term[:-5]
    return f"{term} DESC"


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(rel: str) -> str:
    return _like_escape(rel) + "/%"


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "disk image", "no such table", "no such column"))


def _size_window(last: str | None, max_size: int) -> tuple[int, int] | None:
    """Sizes (lo, hi] whose files change side when the size limit moves from the last one."""
    try:
        old = int((last or "").partition(":")[0])
    except ValueError:
        return None
    return (min(old, max_size), max(old, max_size)) if old != max_size else None


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _ours(path: Path) -> bool:
    """Whether a damaged index file is thaw's to delete: in thaw's cache folder, or with thaw's
    application id still readable in its SQLite header."""
    try:
        if path.resolve().parent == cache_dir().resolve():
            return True
        with open(path, "rb") as fh:
            header = fh.read(72)
    except OSError:
        return False
    return len(header) == 72 and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _remove_damaged(path: Path, exc: BaseException) -> None:
    if not _ours(path):
        raise ThawError(f"the index {path} is damaged ({exc}) and is not in thaw's cache folder; "
                        "remove it or choose another --index")
    _remove_db(path)


# Open indexes, so that damage found while a command runs can be repaired (discard_damaged).
_LIVE: weakref.WeakSet[Index] = weakref.WeakSet()


def discard_damaged(exc: BaseException) -> Path | None:
    """After SQLite reported damage mid-command: close the open file index and delete it (if it
    is thaw's), so the command can run again on a rebuilt index. None when that cannot help."""
    if not isinstance(exc, sqlite3.DatabaseError) or not _is_corruption(exc):
        return None
    for idx in list(_LIVE):
        path = idx.db_path
        if path is None:
            continue
        try:
            idx.close()
        except sqlite3.Error:
            pass
        _LIVE.discard(idx)
        if _ours(path):
            _remove_db(path)
            return path
    return None


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def open_index(
    root: Path, db_path: Path | None, *, max_size: int, follow_links: bool = False
) -> Index:
    """Open (creating or repairing as needed) the index of a corpus."""
    try:
        return Index(root, db_path, max_size=max_size, follow_links=follow_links)
    except sqlite3.DatabaseError as exc:
        if db_path is None or not _is_corruption(exc):
            raise
        _remove_damaged(db_path, exc)
        idx = Index(root, db_path, max_size=max_size, follow_links=follow_links)
        idx.notes.append(f"index {db_path} was corrupt ({exc}); rebuilt it")
        return idx
