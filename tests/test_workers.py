"""thaw's forked worker pools (`thaw_cli.store.workers`)."""

from __future__ import annotations

import multiprocessing.pool
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from thaw_cli.store import workers
from thaw_cli.store.pool_compat import QuietPool

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="thaw forks its workers (POSIX)")


def _square(x: int) -> int:
    return x * x


def _busy(seconds: float) -> None:
    """Pure-Python work: the calling thread holds the GIL but for the switch intervals."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        sum(range(200))


def _count_maintenance(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rounds of the pools' worker-maintenance thread (one `_maintain_pool` each)."""
    calls = [0]
    original: Callable[..., Any] = multiprocessing.pool.Pool._maintain_pool  # type: ignore[attr-defined]

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return original(*args)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool", staticmethod(counted))
    return calls


def _pid_square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_pool_results_are_complete() -> None:
    with workers.pool(2) as pool:
        assert sorted(pool.imap_unordered(_square, range(500), chunksize=3)) == [x * x for x in range(500)]
        assert pool.apply_async(_square, (7,)).get(timeout=30) == 49


def test_maintenance_thread_sleeps_while_results_arrive(monkeypatch: pytest.MonkeyPatch) -> None:
    # CPython's own Pool wakes that thread for every result waiting in the pipe and lets it spin
    # until the result thread reads it; while the main thread is busy that is hundreds of rounds.
    calls = _count_maintenance(monkeypatch)
    with workers.pool(2) as pool:
        results = pool.imap_unordered(_square, range(400), chunksize=1)
        got = []
        for value in results:
            got.append(value)
            if len(got) % 50 == 1:
                _busy(0.05)
        assert sorted(got) == [x * x for x in range(400)]
        rounds = calls[0]
    assert rounds < 20, rounds


def test_a_worker_that_exits_is_replaced() -> None:
    # The thread still wakes when a worker exits (the indexer's do, after their tasks:
    # maxtasksperchild=1 makes each task need a fresh one).
    import multiprocessing

    pool = QuietPool(1, maxtasksperchild=1, context=multiprocessing.get_context("fork"))
    with pool:
        pids = [pool.apply_async(os.getpid).get(timeout=30) for _ in range(5)]
    assert len(set(pids)) == 5


def test_workers_replaced_after_their_tasks_give_every_result() -> None:
    # (the indexer's pool: a worker exits after `maxtasksperchild` chunks, a fresh one goes on)
    with workers.pool(2, maxtasksperchild=1) as pool:
        got = list(pool.imap_unordered(_pid_square, range(60), chunksize=3))
    assert sorted(x for x, _ in got) == [x * x for x in range(60)]
    assert len({pid for _, pid in got}) >= 10  # 20 chunks, a worker for each


def test_close_then_join_waits_for_pending_results() -> None:
    pool = workers.pool(2)
    pending = [pool.apply_async(_square, (x,)) for x in range(50)]
    pool.close()
    pool.join()  # returns once every task is done: the thread wakes when the last result is in
    assert [p.get(timeout=1) for p in pending] == [x * x for x in range(50)]
