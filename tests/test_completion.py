"""Shell completion of article ids (from the index) and of option values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from thaw_cli.cli.app import app

runner = CliRunner()
EXE = Path(sys.executable).parent / "thaw"


def complete(words: str, env_extra: dict[str, str] | None = None) -> list[str]:
    """Ask the installed thaw for bash completions of `words` (the last word is completed)."""
    parts = words.split(" ")
    env = dict(os.environ, _THAW_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    env.update(env_extra or {})
    proc = subprocess.run([str(EXE)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout.split()


def test_option_values() -> None:
    assert complete("thaw list --sort ") == ["date", "title", "source", "words"]
    assert complete("thaw list --sort ti") == ["title"]
    assert complete("thaw agreements --status ") == ["concluded", "planned", "ended"]
    assert complete("thaw search x --format ") == ["table", "json", "jsonl", "csv", "md"]
    assert complete("thaw summary --format j") == ["json", "jsonl"]


def test_article_ids_from_the_index(corpus: Path) -> None:
    env = {"THAW_CORPUS": str(corpus)}
    assert complete("thaw show ", env) == []  # no index yet: nothing
    result = runner.invoke(app, ["list", "--json"], env=env)  # builds the index
    assert result.exit_code == 0
    assert complete("thaw show ", env) == ["cafe", "undated", "world/trade-deal"]
    assert complete("thaw show wor", env) == ["world/trade-deal"]
    assert complete("thaw summary ca", env) == ["cafe"]
    assert complete("thaw agreements u", env) == ["undated"]
    assert complete("thaw show zzz", env) == []
    assert complete(f"thaw --corpus {corpus} show c") == ["cafe"]  # the root option is read too
