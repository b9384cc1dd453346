"""Where thaw's own files are: the cache folder, the config file, the bundled seeds."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled_seeds", "cache_dir", "config_path"]


def bundled_seeds() -> Path:
    """The seed corpus shipped with thaw: inside the wheel, or the checkout's `seeds/`."""
    here = Path(__file__).resolve().parent.parent  # thaw_cli/
    packaged = here / "_seeds"
    if packaged.is_dir():
        return packaged
    return here.parent / "seeds"


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/thaw` (default `~/.cache/thaw`): index files, the language model's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thaw"


def config_path() -> Path:
    """`$XDG_CONFIG_HOME/thaw/config.toml` (default `~/.config/thaw/config.toml`)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "thaw" / "config.toml"
