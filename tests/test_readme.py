"""The README's set-up commands are the ones CI runs."""

from __future__ import annotations

import re

from tests.conftest import PROJECT


def _setup_commands() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_opens_with_two_setup_commands() -> None:
    install, tests = _setup_commands()
    assert install.endswith("pip install . && thaw list")
    assert "pip install -e \".[test]\"" in tests and tests.endswith("python -m pytest")
    assert "\n" not in install and "\n" not in tests


def test_ci_runs_the_readme_test_command_and_ruff() -> None:
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    _, tests = _setup_commands()
    assert tests in ci.splitlines()
    assert "ruff check ." in ci
    assert "set -euo pipefail" in ci
