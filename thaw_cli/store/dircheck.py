"""The full freshness check: every folder of the corpus against what the index holds for it.

`thaw index` stats every article file (the only way to see an edit in place that kept the
folder's mtime). At 190,000 files that is ~0.45 s of `stat` calls alone, so the folders are
shared out between two forked processes, each sending back only what differs: new or changed
files, files gone, sub-folders and problems. The parent then follows the sub-folders from the
corpus root, so a folder that is no longer reachable (removed, renamed, now hidden) loses its
files, and a new one is checked too.

A folder's listing (names, mtimes and sizes, in listing order) is reduced to a digest
(`listing_digest`). The index keeps, per folder, the digest of the last full check that found
the folder matching its rows, and clears it on any write to those rows (triggers on `files`);
when the fresh listing has that digest, the folder is unchanged and its rows are not read.
Otherwise the worker reads them (a read-only SQLite connection of its own) and compares sorted
lists. So an unchanged corpus costs the stat calls, a digest per folder, and no index reads.

Nothing here writes: the caller applies the differences (index.py).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thaw_cli.ingest import corpus
from thaw_cli.store import workers

PARALLEL_FILES = 20_000  # a corpus with fewer files is checked in-process (a fork costs more)


class FileList:
    """New or changed article files, kept compactly: a million of them as `SourceFile`s took
    ~300 MB; here each folder's names are one string (file names hold no NUL) and their
    mtimes and sizes two arrays, ~80 bytes a file. With `on_disk`, each folder's group goes
    to an anonymous temporary file as it is added and is read back on iteration: what a full
    check finds is held in no process's memory (the parsing workers, forked after the check,
    would otherwise each start with the whole list in their resident memory). Iterating gives
    `SourceFile`s again, in the order they were added."""

    __slots__ = ("_file", "_groups", "_n")

    def __init__(self, files: Iterable[corpus.SourceFile] = (), *, on_disk: bool = False) -> None:
        self._groups: list[tuple[str, str, array[int], array[int]]] = []
        self._file: Any = None
        if on_disk:
            import tempfile  # (lazy: the full check only)

            self._file = tempfile.TemporaryFile()
        self._n = 0
        self.extend(files)

    def _add(self, group: tuple[str, str, array[int], array[int]]) -> None:
        if self._file is None:
            self._groups.append(group)
            return
        prefix, names, mtimes, sizes = group
        head = prefix.encode("utf-8", "surrogatepass")
        body = names.encode("utf-8", "surrogatepass")
        self._file.seek(0, os.SEEK_END)
        self._file.write(struct.pack("<qqq", len(head), len(body), len(mtimes)))
        self._file.write(head + body + mtimes.tobytes() + sizes.tobytes())

    def _stored(self) -> Iterator[tuple[str, str, array[int], array[int]]]:
        if self._file is not None:
            self._file.seek(0)
            while header := self._file.read(24):
                lh, lb, n = struct.unpack("<qqq", header)
                data = self._file.read(lh + lb + 16 * n)
                mtimes, sizes = array("q"), array("q")
                mtimes.frombytes(data[lh + lb:lh + lb + 8 * n])
                sizes.frombytes(data[lh + lb + 8 * n:])
                yield (data[:lh].decode("utf-8", "surrogatepass"), data[lh:lh + lb].decode("utf-8", "surrogatepass"),
                       mtimes, sizes)
        yield from self._groups

    def extend(self, files: Iterable[corpus.SourceFile]) -> None:
        if isinstance(files, FileList):
            for group in files._stored():
                self._add(group)
            self._n += files._n
            return
        prefix = None
        names: list[str] = []
        mtimes, sizes = array("q"), array("q")
        for f in files:
            folder, _, name = f.rel.rpartition("/")
            pre = f"{folder}/" if f.rel != name else ""
            if pre != prefix:
                if names:
                    self._add((prefix or "", "\0".join(names), mtimes, sizes))
                prefix, names, mtimes, sizes = pre, [], array("q"), array("q")
            names.append(name)
            mtimes.append(f.mtime_ns)
            sizes.append(f.size)
            self._n += 1
        if names:
            self._add((prefix or "", "\0".join(names), mtimes, sizes))

    def __iadd__(self, files: Iterable[corpus.SourceFile]) -> FileList:
        self.extend(files)
        return self

    def __len__(self) -> int:
        return self._n

    def __contains__(self, item: object) -> bool:
        return any(f == item for f in self)

    def __bool__(self) -> bool:
        return self._n > 0

    def __iter__(self) -> Iterator[corpus.SourceFile]:
        for prefix, names, mtimes, sizes in self._stored():
            for name, mtime, size in zip(names.split("\0"), mtimes, sizes, strict=True):
                yield corpus.SourceFile(prefix + name, mtime, size)


@dataclass
class DirResult:
    """One folder, checked: its mtime (read before its entries) and how it differs."""

    rel: str
    mtime_ns: int | None  # None: the folder could not be read
    changed: FileList
    gone: list[str]  # relative paths of indexed files no longer there
    subdirs: list[str]
    problems: list[tuple[str, str]]
    listing: bytes = b""  # digest of the folder's listing (`listing_digest`)
    same: bool = False  # the listing matched the index's rows for the folder
    files: int = 0  # article files listed


@dataclass
class CheckResult:
    """The whole corpus, checked against the index."""

    todo: FileList = field(default_factory=lambda: FileList(on_disk=True))  # new or changed files
    gone: list[str] = field(default_factory=list)
    dirs: dict[str, int] = field(default_factory=dict)  # every reachable folder's mtime
    problems: list[tuple[str, str]] = field(default_factory=list)
    # digests of the listings of the folders that matched the index: stored with `dirs`
    listings: dict[str, bytes] = field(default_factory=dict)
    files: int = 0  # article files found


Known = Callable[[str], list[tuple[str, int, int]]]


def known_reader(conn: sqlite3.Connection) -> Known:
    """Folder → [(file name, mtime_ns, size)] sorted by name, as the index's `files` table
    holds it (SQLite's binary order of UTF-8 is Python's order of code points)."""

    def known(rel: str) -> list[tuple[str, int, int]]:
        start = len(rel) + 2 if rel else 1  # SQLite's substr counts from 1
        return conn.execute("SELECT substr(rel, ?), mtime_ns, size FROM files WHERE dir = ? ORDER BY rel",
                            (start, rel)).fetchall()

    return known


def listing_digest(found: list[tuple[str, int, int]]) -> bytes:
    """A digest of a folder's listing (`corpus.list_dir`: names, mtimes and sizes in listing
    order). Equal digests mean the same listing; a different order only costs a full compare."""
    return hashlib.blake2b(repr(found).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def check_one(root: Path, rel: str, known: Known, follow_links: bool, stored: bytes | None = None) -> DirResult:
    """One folder. When the digest of its listing equals `stored` (what the index keeps from the
    last full check that found the folder matching its rows, and clears on any write to them),
    nothing changed and the index's rows are not read."""
    folder = root / rel if rel else root
    try:
        mtime: int | None = os.stat(folder).st_mtime_ns
    except OSError:
        mtime = None
    found, subdirs, problems = corpus.list_dir(root, rel, follow_links)
    digest = listing_digest(found)
    if stored is not None and digest == stored:
        return DirResult(rel, mtime, FileList(), [], subdirs, problems, digest, True, len(found))
    changed, gone = corpus.diff_dir(rel, found, known(rel))
    return DirResult(rel, mtime, FileList(changed), gone, subdirs, problems, digest, not (changed or gone), len(found))


def check(root: Path, stored_dirs: dict[str, bytes | None], known: Known, follow_links: bool, *,
          db_path: Path | None = None, files: int = 0) -> CheckResult:
    """Check every folder reachable from `root`; `stored_dirs` are those the index knows, with
    the digest of their listing when it holds one.

    With `db_path` and at least `PARALLEL_FILES` indexed files, the known folders are checked
    by two processes; folders found on the way are checked here.
    """
    results: dict[str, DirResult] = {}
    stored = dict(stored_dirs)
    if db_path is not None and files >= PARALLEL_FILES and len(stored) > 1 and (os.cpu_count() or 1) > 1:
        for r in _in_parallel(root, list(stored.items()), db_path, follow_links):
            results[r.rel] = r
    out = CheckResult()
    pending = [""]
    reachable: set[str] = set()
    while pending:
        rel = pending.pop()
        if rel in reachable:
            continue
        reachable.add(rel)
        r = results.get(rel)
        if r is None:
            r = results[rel] = check_one(root, rel, known, follow_links, stored.get(rel))
        if r.mtime_ns is None:
            continue  # gone between its parent's listing and now: its files go below
        out.dirs[rel] = r.mtime_ns
        if r.same:
            out.listings[rel] = r.listing
        out.files += r.files
        out.todo.extend(r.changed)
        out.gone.extend(r.gone)
        out.problems.extend(r.problems)
        pending.extend(r.subdirs)
    for rel in stored:
        if rel not in reachable:  # removed, renamed, or now hidden: every file of it is gone
            out.gone.extend(f"{rel}/{name}" if rel else name for name, _, _ in known(rel))
    return out


def _in_parallel(root: Path, dirs: list[tuple[str, bytes | None]], db_path: Path,
                 follow_links: bool) -> Iterator[DirResult]:
    pool = workers.pool(2, _init, (str(db_path), str(root), follow_links))
    with pool:
        yield from pool.imap_unordered(_check_in_worker, dirs, chunksize=4)


_worker: dict[str, object] = {}


def _init(db_path: str, root: str, follow_links: bool) -> None:
    conn = sqlite3.connect(Path(db_path).absolute().as_uri() + "?mode=ro", uri=True, timeout=60)
    _worker.update(known=known_reader(conn), root=Path(root), follow_links=follow_links)


def _check_in_worker(task: tuple[str, bytes | None]) -> DirResult:
    rel, stored = task
    return check_one(_worker["root"], rel, _worker["known"], _worker["follow_links"], stored)  # type: ignore[arg-type]
