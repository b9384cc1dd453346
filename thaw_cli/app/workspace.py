"""Opening a corpus for a command: resolve its folder and index, and bring the index up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from thaw_cli.app import config
from thaw_cli.core.models import RefreshReport
from thaw_cli.store.index import Index, Progress, open_index


def open_workspace(
    corpus: str | Path | None,
    index: str | Path | None,
    *,
    max_size: int | None = None,
    follow_links: bool = False,
    full: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> tuple[Index, RefreshReport]:
    """The index of a corpus, refreshed; `on_wait` is told if the refresh has to queue behind
    another process's (store/locking.py)."""
    root = config.resolve_corpus(corpus)
    db = config.resolve_index(index, root)
    idx = open_index(root, db, max_size=config.max_size(max_size), follow_links=follow_links)
    idx.on_wait = on_wait
    if rebuild:
        idx.rebuild()
    report = idx.refresh(full=full or rebuild, progress=progress)
    return idx, report
