"""The configuration file `$XDG_CONFIG_HOME/thaw/config.toml` and where each setting comes from.

Precedence, lowest first: built-in default < config file < environment variable < command-line
option. The file is read with the standard library's tomllib; a malformed file, an unknown key
or a value of the wrong type is a ThawError (one line, exit status 2).

    corpus = "~/news"            # THAW_CORPUS,  --corpus
    index = "~/news/.index.db"   # THAW_INDEX,   --index
    max_size = 20_000_000        # THAW_MAX_SIZE (bytes)
    summary_sentences = 3        # THAW_SUMMARY_SENTENCES, thaw summary --sentences
    format = "table"             # THAW_FORMAT,  --format / --json / --jsonl

Relative paths in the file are relative to the file's folder; `~` is expanded.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thaw_cli.core.errors import ThawError
from thaw_cli.core.models import FORMATS
from thaw_cli.core.paths import bundled_seeds, cache_dir, config_path

DEFAULT_MAX_SIZE = 20 * 1024 * 1024

# key → (environment variable, type, built-in default)
KEYS: dict[str, tuple[str, type, Any]] = {
    "corpus": ("THAW_CORPUS", Path, None),
    "index": ("THAW_INDEX", Path, None),
    "max_size": ("THAW_MAX_SIZE", int, DEFAULT_MAX_SIZE),
    "summary_sentences": ("THAW_SUMMARY_SENTENCES", int, 3),
    "format": ("THAW_FORMAT", str, "table"),
}
DEFAULT_NOTE = {
    "corpus": "the bundled seeds",
    "index": "a cache file per corpus",
}


@dataclass
class Setting:
    key: str
    value: Any
    origin: str  # "default", "config file", "environment (VAR)", "command line"


def read_file(path: Path | None = None) -> dict[str, Any]:
    """The validated contents of the config file; {} when there is none."""
    path = path or config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ThawError(f"config file {path} is a folder") from None
    except OSError as exc:
        raise ThawError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    import tomllib

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ThawError(f"config file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThawError(f"malformed config file {path}: {exc}") from None
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            raise ThawError(f"config file {path}: unknown key {key!r}; valid keys: {', '.join(KEYS)}")
        out[key] = _check(key, value, f"config file {path}", base=path.parent)
    return out


def _check(key: str, value: Any, where: str, base: Path | None = None) -> Any:
    _, kind, _ = KEYS[key]
    if kind is Path:
        if not isinstance(value, str) or not value.strip():
            raise ThawError(f"{where}: {key} must be a path (a non-empty string)")
        path = Path(value).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        return path
    if kind is int:
        if isinstance(value, str):
            try:
                value = int(value.replace("_", ""))
            except ValueError:
                raise ThawError(f"{where}: {key} must be a whole number, not {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ThawError(f"{where}: {key} must be a whole number, not {value!r}")
        low = 1
        if key == "summary_sentences" and not 1 <= value <= 10:
            raise ThawError(f"{where}: summary_sentences must be between 1 and 10, not {value}")
        if value < low:
            raise ThawError(f"{where}: {key} must be positive, not {value}")
        return value
    if not isinstance(value, str):
        raise ThawError(f"{where}: {key} must be a string")
    if key == "format" and value not in FORMATS:
        raise ThawError(f"{where}: format must be one of {', '.join(FORMATS)}, not {value!r}")
    return value


def setting(key: str, option: Any = None) -> Setting:
    """The effective value of one setting and where it came from."""
    if option is not None:
        return Setting(key, option, "command line")
    env, _, default = KEYS[key]
    value = os.environ.get(env)
    if value:
        return Setting(key, _check(key, value, f"${env}"), f"environment ({env})")
    file_values = read_file()
    if key in file_values:
        return Setting(key, file_values[key], "config file")
    return Setting(key, default, "default")


def value(key: str, option: Any = None) -> Any:
    return setting(key, option).value


def effective(options: dict[str, Any] | None = None) -> list[Setting]:
    """Every setting, for `thaw config`; the file is checked even when nothing uses it."""
    read_file()
    options = options or {}
    return [setting(k, options.get(k)) for k in KEYS]


# --- where the corpus and the index are ---------------------------------------------

def resolve_corpus(option: str | Path | None) -> Path:
    """--corpus, else $THAW_CORPUS, else `corpus` in the config file, else the bundled seeds."""
    given = value("corpus", option or None)
    if not given:
        return bundled_seeds()
    path = Path(given).expanduser()
    if not path.exists():
        raise ThawError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise ThawError(f"corpus is not a folder: {path}")
    return path.resolve()


def user_corpus(option: str | Path | None) -> Path | None:
    """The corpus the user named (--corpus, $THAW_CORPUS or the config file), or None for the seeds."""
    given = value("corpus", option or None)
    return Path(given).expanduser() if given else None


def resolve_index(option: str | Path | None, corpus: Path) -> Path:
    """--index, else $THAW_INDEX, else the config file, else a cache file keyed by the corpus' path."""
    given = value("index", option or None)
    if given:
        return Path(given).expanduser()
    key = hashlib.sha256(str(corpus.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "-" for c in corpus.name)[:40] or "corpus"
    return cache_dir() / f"{name}-{key}.sqlite3"


def max_size(option: int | None = None) -> int:
    """--max-size, else $THAW_MAX_SIZE, else `max_size` in the config file, else 20 MiB."""
    return int(value("max_size", option))
