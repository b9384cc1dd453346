"""Forked worker processes: how thaw starts them and what they inherit.

Indexing (`index`), the full check (`dircheck`) and the stories recompute (`storystore`)
run work in forked processes. All of them start their workers here, so that:
- the workers never see Ctrl-C (the parent handles it: a worker killed mid-task would hang
  the pool) and exit when the parent is gone, so a killed `thaw` leaves no orphans;
- the garbage collector of a worker leaves alone what it inherited (no scans of it, hence no
  copies of its pages);
- the pool's worker-maintenance thread sleeps while results come in (see `pool_compat`).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import TYPE_CHECKING, Any

from thaw_cli.store.pool_compat import QuietPool

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

__all__ = ["aside", "pool", "sigint_blocked", "worker_init"]


def pool(processes: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
         maxtasksperchild: int | None = None) -> Pool:
    """A pool of `processes` forked workers (see the module docstring); `initializer`, if
    given, runs in each worker after thaw's own set-up; with `maxtasksperchild`, a worker
    that has done that many tasks exits and a fresh one is forked in its place (what the
    worker had gathered, such as its caches, goes with it)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    gc.freeze()
    try:
        with sigint_blocked():
            return QuietPool(processes, initializer=_init, initargs=(os.getpid(), initializer, initargs),
                             maxtasksperchild=maxtasksperchild, context=ctx)
    finally:
        gc.unfreeze()


def _init(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    worker_init(parent)
    if initializer is not None:
        initializer(*initargs)


_TASK: tuple[Callable[..., Any], tuple[Any, ...]] | None = None  # what `aside` runs, inherited


def _run_task() -> Any:
    assert _TASK is not None
    fn, args = _TASK
    return fn(*args)


@contextmanager
def aside(fn: Callable[..., Any], *args: Any) -> Iterator[AsyncResult[Any]]:
    """Run `fn(*args)` in one forked process while the caller goes on; yields its pending
    result (`.get()`). The arguments are inherited through the fork, not pickled, so they
    may be large; the result is pickled back. The process is ended when the block exits."""
    global _TASK
    _TASK = (fn, args)
    try:
        workers = pool(1)
    finally:
        _TASK = None  # the parent's reference; the child has its own copy
    with workers:
        yield workers.apply_async(_run_task)


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """SIGINT held back in this block: processes and threads started here inherit the blocked
    mask, and a Ctrl-C that arrives meanwhile is delivered (KeyboardInterrupt) at the end."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def worker_init(parent: int) -> None:
    """A worker ignores Ctrl-C (the parent handles it) and exits when the parent is gone."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # forked with SIGINT blocked: a pending one is dropped
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
