"""Shared fixtures: an isolated cache and environment per test, small corpora to copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests in the suite run a fixed set of examples (derandomised: the same on every run,
# so CI never fails by chance; bench/fuzz.py and `pytest --hypothesis-profile explore` look for
# new ones), and never against the clock: no per-example deadline, no "too slow" health check
# (a machine shared with other work is slow at times).
settings.register_profile("thaw", deadline=None, derandomize=True, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("thaw")

FIXTURES = Path(__file__).parent / "fixtures"
RAW_SEEDS = FIXTURES / "raw"
SMALL_CORPUS = FIXTURES / "corpus"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    for var in ("THAW_CORPUS", "THAW_INDEX", "THAW_MAX_SIZE", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    return cache


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the small Markdown test corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(SMALL_CORPUS, dest)
    return dest


@pytest.fixture
def thaw_bin() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `thaw` command in a subprocess."""
    exe = Path(sys.executable).parent / "thaw"
    if not exe.exists():
        found = shutil.which("thaw")
        if not found:
            pytest.fail("the thaw command is not installed (pip install -e '.[test]')")
        exe = Path(found)

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        import os

        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        return subprocess.run([str(exe), *args], capture_output=True, text=True, input=input,
                              env=full_env, timeout=timeout)

    return run
