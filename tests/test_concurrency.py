"""Several thaw processes on one index (thaw_cli/store/locking.py): no "database is locked", ever.

The stress test starts indexers, searches and lists together (tests/concurrency_stress.py;
bench/stress_concurrency.py runs it for many rounds). The other tests pin each rule down
without depending on timing: the test itself holds the refresh lock, or an SQLite write
transaction, for as long as it needs to.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.concurrency_stress import (
    MARK,
    Plan,
    env_for,
    integrity,
    make_corpus,
    stress,
    thaw_exe,
)
from thaw_cli.core.errors import ThawError
from thaw_cli.store import locking
from thaw_cli.store.index import Index, connect
from thaw_cli.store.locking import BUSY_NOTE, WAIT_NOTE, RefreshLock, begin_write

SUITE_ROUNDS = 3  # bench/stress_concurrency.py: 20 and more


def test_indexers_searches_and_lists_at_once(tmp_path: Path) -> None:
    """3 indexers (one --rebuild), 10 searches and 5 lists started together on 300 articles,
    `SUITE_ROUNDS` rounds (the first on no index at all, each other after the corpus changed):
    every process exits 0 with a complete, consistent answer and no error on stderr."""
    plan = Plan(indexers=3, searches=10, lists=5)
    rounds, final = stress(tmp_path, articles=300, rounds=SUITE_ROUNDS, plan=plan)
    failures = [f for r in rounds for f in r.failures] + final
    assert not failures, "\n".join(failures)
    assert sum(r.processes for r in rounds) == SUITE_ROUNDS * 18


def _indexed(tmp_path: Path, n: int = 30) -> tuple[Path, Path, dict[str, str], list[str]]:
    c = make_corpus(tmp_path / "corpus", n)
    index = tmp_path / "index.sqlite3"
    env = env_for(tmp_path / "cache")
    base = [thaw_exe(), "--corpus", str(c.root), "--index", str(index)]
    r = subprocess.run([*base, "index"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return c.root, index, env, base


def test_a_read_command_answers_from_the_committed_index_while_another_process_refreshes(
        tmp_path: Path) -> None:
    root, index, env, base = _indexed(tmp_path)
    marked = sorted(json.loads(subprocess.run([*base, "search", MARK, "--json"], env=env, capture_output=True,
                                              text=True, timeout=120).stdout), key=lambda h: h["id"])
    (root / "d0" / "late.md").write_text(f"---\ntitle: Late\nlanguage: en\n---\nA {MARK} came late.\n")
    lock = RefreshLock(index)
    assert lock.acquire(wait=False)  # as an indexer midway would hold it
    try:
        r = subprocess.run([*base, "search", MARK, "--json"], env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stderr.count(BUSY_NOTE) == 1 and "locked" not in r.stderr, r.stderr
        assert json.loads(r.stdout) == marked  # the new file is not read: the other process will
    finally:
        lock.release()
    r = subprocess.run([*base, "search", MARK, "--json"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert sorted(h["id"] for h in json.loads(r.stdout)) == sorted([h["id"] for h in marked] + ["d0/late"])


def _wait_for_line(proc: subprocess.Popen[str], text: str) -> str:
    """Read stderr lines until one holds `text` (no timing: the process writes it, or ends)."""
    assert proc.stderr is not None
    guard = threading.Timer(300, proc.kill)  # against a hang only: a run takes seconds
    guard.start()
    seen = ""
    try:
        for line in proc.stderr:
            seen += line
            if text in line:
                return seen
    finally:
        guard.cancel()
    raise AssertionError(f"the process ended without saying {text!r}: {seen}")


def test_a_read_command_on_an_index_never_completed_waits_for_it(tmp_path: Path) -> None:
    """Nothing to answer from yet: a list queues behind the first indexing, then lists it all."""
    c = make_corpus(tmp_path / "corpus", 20)
    index = tmp_path / "index.sqlite3"
    env = env_for(tmp_path / "cache")
    lock = RefreshLock(index)
    assert lock.acquire(wait=False)
    proc = subprocess.Popen([thaw_exe(), "--corpus", str(c.root), "--index", str(index), "list", "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_line(proc, WAIT_NOTE)
        assert proc.poll() is None  # still queued: the lock is ours
    finally:
        lock.release()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert {a["id"]: a["title"] for a in json.loads(out)} == c.titles
    assert BUSY_NOTE not in err


def test_indexers_queue_and_ctrl_c_while_queued_exits_130(tmp_path: Path) -> None:
    root, index, env, base = _indexed(tmp_path)
    lock = RefreshLock(index)
    assert lock.acquire(wait=False)
    try:
        proc = subprocess.Popen([*base, "index", "--rebuild"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        _wait_for_line(proc, WAIT_NOTE)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert err.strip().splitlines()[-1] == "thaw: interrupted" and "Traceback" not in err, err
        queued = subprocess.Popen([*base, "index"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        _wait_for_line(queued, WAIT_NOTE)
    finally:
        lock.release()
    out, err = queued.communicate(timeout=120)
    assert queued.returncode == 0 and "locked" not in err, err
    assert integrity(index) == "ok"


def test_begin_write_waits_for_another_writer_then_says_so_in_a_sentence(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    other = connect(str(db))
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    mine = connect(str(db))
    with pytest.raises(ThawError, match="locked for over"):
        begin_write(mine, patience=0.3)  # never released: no timing in the outcome
    assert not mine.in_transaction
    assert mine.execute("SELECT count(*) FROM t").fetchone() == (0,)  # a reader is never blocked
    released = threading.Event()

    def release() -> None:
        released.wait()
        time.sleep(0.2)  # (likely to make begin_write wait; the outcome is the same if not)
        other.execute("COMMIT")

    t = threading.Thread(target=release)
    t.start()
    released.set()
    begin_write(mine, patience=600)  # waits for the commit, however late it comes
    mine.execute("INSERT INTO t VALUES (2)")
    mine.execute("COMMIT")
    t.join()
    assert mine.execute("SELECT count(*) FROM t").fetchone() == (2,)
    assert mine.execute("PRAGMA busy_timeout").fetchone() == (locking.BUSY_TIMEOUT_MS,)


def test_every_write_of_a_refresh_is_inside_begin_immediate(tmp_path: Path) -> None:
    """A deferred transaction that reads and then writes gets SQLITE_BUSY at once (no busy
    handler) when another connection committed meanwhile: thaw never writes in one."""
    c = make_corpus(tmp_path / "corpus", 12)
    statements: list[str] = []

    class Traced(Index):
        def _connect(self, target: str) -> sqlite3.Connection:
            conn = super()._connect(target)
            conn.set_trace_callback(statements.append)
            return conn

    idx = Traced(c.root, tmp_path / "index.sqlite3", max_size=1 << 20)
    idx.refresh()
    (c.root / "d1" / "a0001.md").write_text("---\ntitle: Edited\nlanguage: en\n---\nNew text.\n")
    (c.root / "d2" / "a0002.md").unlink()
    idx.refresh(full=True)
    idx.rebuild()
    idx.refresh(full=True)
    idx.close()
    writes = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REPLACE")
    in_write = False
    outside = []
    for s in statements:
        head = s.lstrip().split(None, 1)[0].upper() if s.strip() else ""
        if s.strip().upper() == "BEGIN IMMEDIATE":
            in_write = True
        elif head in ("COMMIT", "ROLLBACK", "END"):
            in_write = False
        elif head == "BEGIN":
            pytest.fail(f"a deferred transaction: {s}")
        elif (head in writes or (head == "PRAGMA" and "=" in s and "busy_timeout" not in s
                                 and "journal_mode" not in s and "synchronous" not in s
                                 and "cache_size" not in s)) and not in_write:
            outside.append(s.strip()[:80])
    assert not outside, outside
    assert any(s.strip().startswith("INSERT INTO articles") for s in statements)
