"""Where things are: the corpus folder, the index file, the bundled seeds."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from thaw_cli.core.errors import ThawError

DEFAULT_MAX_SIZE = 20 * 1024 * 1024


def bundled_seeds() -> Path:
    """The seed corpus shipped with thaw: inside the wheel, or the checkout's `seeds/`."""
    here = Path(__file__).resolve().parent.parent  # thaw_cli/
    packaged = here / "_seeds"
    if packaged.is_dir():
        return packaged
    return here.parent / "seeds"


def resolve_corpus(option: str | Path | None) -> Path:
    """--corpus, else $THAW_CORPUS, else `corpus` in the config file, else the bundled seeds."""
    from thaw_cli.app import config

    value = config.value("corpus", option or None)
    if not value:
        return bundled_seeds()
    path = Path(value).expanduser()
    if not path.exists():
        raise ThawError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise ThawError(f"corpus is not a folder: {path}")
    return path.resolve()


def user_corpus(option: str | Path | None) -> Path | None:
    """The corpus the user named (--corpus, $THAW_CORPUS or the config file), or None for the seeds."""
    from thaw_cli.app import config

    value = config.value("corpus", option or None)
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thaw"


def resolve_index(option: str | Path | None, corpus: Path) -> Path:
    """--index, else $THAW_INDEX, else the config file, else a cache file keyed by the corpus' path."""
    from thaw_cli.app import config

    value = config.value("index", option or None)
    if value:
        return Path(value).expanduser()
    key = hashlib.sha256(str(corpus.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "-" for c in corpus.name)[:40] or "corpus"
    return cache_dir() / f"{name}-{key}.sqlite3"


def max_size(option: int | None = None) -> int:
    """--max-size, else $THAW_MAX_SIZE, else `max_size` in the config file, else 20 MiB."""
    from thaw_cli.app import config

    return int(config.value("max_size", option))
