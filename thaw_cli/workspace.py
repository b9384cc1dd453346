"""Opening a corpus for a command: resolve its folder and index, and bring the index up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from thaw_cli import settings
from thaw_cli.index import Index, Progress, open_index
from thaw_cli.models import RefreshReport


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
    another process's (locking.py)."""
    root = settings.resolve_corpus(corpus)
    db = settings.resolve_index(index, root)
    idx = open_index(root, db, max_size=settings.max_size(max_size), follow_links=follow_links)
    idx.on_wait = on_wait
    if rebuild:
        idx.rebuild()
    report = idx.refresh(full=full or rebuild, progress=progress)
    return idx, report
