"""CPython's private multiprocessing API, in one place (the quarantine).

Why it exists: `QuietPool` overrides `multiprocessing.pool.Pool._get_sentinels`, a private
method, so that the pool's worker-maintenance thread stops spinning while results wait to be
read (about 1 s of the indexer's CPU at Reuters 1x, on a two-core machine).

Checked on: CPython 3.11 (the method is the same from 3.8 to 3.13; pyproject's `requires-python`
pins <3.14). The guard test
(tests/test_workers.py) counts the maintenance thread's rounds: 1,030 with the standard Pool,
under 20 with this one; if a later Python stops calling `_get_sentinels` or renames
`_change_notifier`, the count or the pool itself fails the test.

How to delete it: make `workers.pool` build a plain `multiprocessing.pool.Pool`; everything
works as before, only indexing costs the parent ~1 s more CPU at 1x.
"""

from __future__ import annotations

from multiprocessing.pool import Pool
from typing import Any

__all__ = ["QuietPool"]


class QuietPool(Pool):
    """A `multiprocessing.pool.Pool` whose worker-maintenance thread wakes only when a worker
    exits or the pool's state changes.

    CPython's Pool also wakes that thread whenever a result is waiting in the result pipe
    (`_get_sentinels`), and the thread then loops until the result thread has read it, which
    takes a while when the main thread holds the GIL: indexing 19,000 articles, it burnt about
    1 s of the parent's CPU, taken from the workers on a 2-core machine. The thread only
    replaces workers that exit (the indexer's do, after `index.WORKER_TASKS` chunks), so the
    sentinels it needs are the workers' own, which it always adds, and the change notifier, as
    in the standard library's `ThreadPool._get_sentinels`. (If a later Python stops calling
    this method, the pool works as the standard one.)"""

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]
