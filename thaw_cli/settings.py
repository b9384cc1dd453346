"""Where things are: the corpus folder, the index file, the bundled seeds."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from thaw_cli.errors import ThawError

DEFAULT_MAX_SIZE = 20 * 1024 * 1024


def bundled_seeds() -> Path:
    """The seed corpus shipped with thaw: inside the wheel, or the checkout's `seeds/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "_seeds"
    if packaged.is_dir():
        return packaged
    return here.parent / "seeds"


def resolve_corpus(option: str | Path | None) -> Path:
    """--corpus, else $THAW_CORPUS, else the bundled seeds."""
    value = option if option else os.environ.get("THAW_CORPUS")
    if not value:
        return bundled_seeds()
    path = Path(value).expanduser()
    if not path.exists():
        raise ThawError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise ThawError(f"corpus is not a folder: {path}")
    return path.resolve()


def user_corpus(option: str | Path | None) -> Path | None:
    """The corpus the user named (--corpus or $THAW_CORPUS), or None for the bundled seeds."""
    value = option if option else os.environ.get("THAW_CORPUS")
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thaw"


def resolve_index(option: str | Path | None, corpus: Path) -> Path:
    """--index, else $THAW_INDEX, else a cache file keyed by the corpus' absolute path."""
    value = option if option else os.environ.get("THAW_INDEX")
    if value:
        return Path(value).expanduser()
    key = hashlib.sha256(str(corpus.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "-" for c in corpus.name)[:40] or "corpus"
    return cache_dir() / f"{name}-{key}.sqlite3"


def max_size(option: int | None = None) -> int:
    if option is not None:
        return option
    value = os.environ.get("THAW_MAX_SIZE")
    if value:
        try:
            return int(value)
        except ValueError:
            raise ThawError(f"THAW_MAX_SIZE must be a number of bytes, not {value!r}") from None
    return DEFAULT_MAX_SIZE
