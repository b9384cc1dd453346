"""SQLite connections as thaw uses them, shared by the index, the story store and the folder check."""

from __future__ import annotations

import sqlite3

__all__ = ["connect", "rollback"]


def connect(target: str) -> sqlite3.Connection:
    """A connection as thaw uses them: explicit transactions, a minute's patience with writers."""
    conn = sqlite3.connect(target, timeout=60, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 60000")
    return conn


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is open; never let a failed rollback hide the first error."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
