"""SQLite connections as thaw uses them, shared by the index, the story store and the folder check."""

from __future__ import annotations

import sqlite3

from thaw_cli.store import locking

__all__ = ["connect", "rollback"]


def connect(target: str) -> sqlite3.Connection:
    """A connection as thaw uses them: explicit transactions (writes begin with
    `locking.begin_write`), a minute's patience for any other statement."""
    return sqlite3.connect(target, timeout=locking.BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is open; never let a failed rollback hide the first error."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
