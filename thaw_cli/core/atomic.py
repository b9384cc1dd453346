"""Atomic writes: every file thaw writes appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(dest: Path, content: str, *, force: bool) -> None:
    """Write `content` to `dest` atomically; without `force`, never replace an existing file
    (FileExistsError)."""
    fd, tmp = tempfile.mkstemp(prefix=".thaw-", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, dest)
        else:
            os.link(tmp, dest)  # fails if dest exists: no race with another writer
            os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
