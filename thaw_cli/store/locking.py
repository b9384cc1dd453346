"""Several thaw processes on one index: who writes, who waits, and how long.

SQLite in WAL mode lets readers read while one connection writes, so a search never waits
for an indexer. What needs care is writing:

- **One refresher at a time.** A refresh (the freshness check and what it writes, `thaw index`,
  `--rebuild`) is many transactions: parse a batch, write it, parse the next... Two refreshes
  interleaving would each re-parse what the other is writing, and a waiting writer polling
  SQLite's lock can lose the race to the other one again and again (SQLite's busy handler
  does not queue). So a refresh first takes an advisory lock on a file beside the index,
  `<index>.lock` (`flock`; the kernel releases it when the process ends, even by `kill -9`):
  - a command that must refresh (`thaw index`, `--rebuild`, or any command on an index that
    was never complete: it would have nothing to answer from) queues for it, saying so once
    on stderr when it has to wait;
  - the other commands wait at most `READ_PATIENCE` for it; when another process is still
    refreshing after that, they skip their own refresh, answer from what the index has
    committed (complete articles: each is written in one transaction) and say so once.
- **Write transactions start with BEGIN IMMEDIATE** (`begin_write`), never as a read that
  becomes a write: a deferred transaction that has read and then wants to write gets
  SQLITE_BUSY at once, without waiting, whenever another connection committed in between
  (the busy handler cannot help: its snapshot is stale). BEGIN IMMEDIATE takes the write lock
  first; `begin_write` retries it in Python, so Ctrl-C works while it waits, for up to
  `WRITE_PATIENCE`, long enough for the longest write transaction (the stories' recompute of a
  large corpus) — and if that is ever exceeded, the user reads a sentence, not
  "database is locked".
- Every other statement waits up to `BUSY_TIMEOUT_MS` in SQLite's busy handler (a WAL reader
  only ever waits for WAL recovery after a crash, or for the switch to WAL of a new file).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from thaw_cli.core.errors import ThawError

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # not a POSIX system
    fcntl = None

__all__ = [
    "BUSY_NOTE", "BUSY_TIMEOUT_MS", "READ_PATIENCE", "WAIT_NOTE", "WRITE_PATIENCE",
    "RefreshLock", "begin_write", "is_busy",
]

BUSY_TIMEOUT_MS = 60_000  # a statement's own wait (SQLite's busy handler)
WRITE_PATIENCE = 600.0  # seconds a write transaction waits for another writer's to end
READ_PATIENCE = 1.0  # seconds a read command waits for another process's refresh
_ATTEMPT_MS = 200  # one BEGIN IMMEDIATE attempt's wait, between checks for Ctrl-C

BUSY_NOTE = ("another thaw process is updating the index; this answer is from what it has "
             "written so far (files changed meanwhile may be missing or not yet updated)")
WAIT_NOTE = "another thaw process is updating the index; waiting for it to finish"


def is_busy(exc: BaseException) -> bool:
    """Whether an SQLite error is SQLITE_BUSY or SQLITE_LOCKED ("database is locked")."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED and their extended codes
    return "locked" in str(exc) or "busy" in str(exc)


def begin_write(conn: sqlite3.Connection, patience: float = WRITE_PATIENCE) -> None:
    """BEGIN IMMEDIATE, waiting up to `patience` seconds for another connection's write
    transaction to end (checking for Ctrl-C between attempts)."""
    deadline = time.monotonic() + patience
    conn.execute(f"PRAGMA busy_timeout = {_ATTEMPT_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise ThawError(
                        f"another process has kept the index locked for over {patience:.0f} s; "
                        "try again when it has finished") from None
                time.sleep(0.01)  # (Ctrl-C lands here, or in SQLite's wait, and stops the loop)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class RefreshLock:
    """The advisory lock on `<index>.lock` that one refreshing process holds (module docstring).

    Where `flock` is missing, or the lock file cannot be created (a read-only folder: then
    nothing can write the index anyway), `acquire` always succeeds and SQLite's own locking
    is all there is."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, wait: bool, patience: float = READ_PATIENCE,
                on_wait: Callable[[str], None] | None = None) -> bool:
        """Take the lock: with `wait`, for as long as it takes (`on_wait` is told once when
        another process holds it); else give up after `patience` seconds and return False."""
        if self._fd is not None or fcntl is None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError:
            return True
        try:
            if self._try(fd):
                self._fd = fd
                return True
            if wait:
                if on_wait is not None:
                    on_wait(WAIT_NOTE)
                fcntl.flock(fd, fcntl.LOCK_EX)  # queues; Ctrl-C interrupts it
                self._fd = fd
                return True
            deadline = time.monotonic() + patience
            pause = 0.005
            while time.monotonic() < deadline:
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
                if self._try(fd):
                    self._fd = fd
                    return True
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        return False

    @staticmethod
    def _try(fd: int) -> bool:
        assert fcntl is not None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return True  # a file system without locks: as if there were no lock file
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if fcntl is not None:
                    # explicitly: forked workers that are still exiting share the open file
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
