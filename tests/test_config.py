"""$XDG_CONFIG_HOME/thaw/config.toml: defaults, precedence config < environment < command line."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SMALL_CORPUS
from thaw_cli.app import config
from thaw_cli.cli.app import app
from thaw_cli.core.errors import ThawError

runner = CliRunner()


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "thaw" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def settings_json(*args: str, env: dict[str, str] | None = None) -> dict[str, dict[str, object]]:
    code, out, err = run(*args, "config", "--json", env=env)
    assert code == 0, err
    return json.loads(out)["settings"]


def test_defaults_without_a_file() -> None:
    s = settings_json()
    assert {k: v["origin"] for k, v in s.items()} == {k: "default" for k in config.KEYS}
    assert s["summary_sentences"]["value"] == 3 and s["format"]["value"] == "table"
    assert s["corpus"]["value"] is None


def test_precedence_config_then_environment_then_command_line(tmp_path: Path) -> None:
    first, second, third = (tmp_path / n for n in ("one", "two", "three"))
    for d in (first, second, third):
        shutil.copytree(SMALL_CORPUS, d)
    write_config(f'corpus = "{first}"\nsummary_sentences = 1\nformat = "jsonl"\nmax_size = 100000\n')
    s = settings_json()
    assert s["corpus"] == {"value": str(first), "origin": "config file"}
    assert s["summary_sentences"]["value"] == 1 and s["format"]["value"] == "jsonl"
    env = {"THAW_CORPUS": str(second), "THAW_FORMAT": "csv", "THAW_SUMMARY_SENTENCES": "2"}
    s = settings_json(env=env)
    assert s["corpus"] == {"value": str(second), "origin": "environment (THAW_CORPUS)"}
    assert s["format"]["value"] == "csv" and s["summary_sentences"]["value"] == 2
    assert s["max_size"]["origin"] == "config file"
    s = settings_json("--corpus", str(third), env=env)
    assert s["corpus"] == {"value": str(third), "origin": "command line"}


def test_config_defaults_reach_the_commands(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    shutil.copytree(SMALL_CORPUS, corpus)
    write_config(f'corpus = "{corpus}"\nsummary_sentences = 1\nformat = "jsonl"\n')
    code, out, err = run("summary")
    assert code == 0, err
    items = [json.loads(line) for line in out.splitlines()]  # jsonl from the config file
    assert {i["id"] for i in items} == {"cafe", "undated", "world/trade-deal"}
    assert all(len(i["summary"]) == 1 for i in items)
    code, out, _ = run("summary", "--sentences", "2", "--json")  # options win
    assert code == 0 and max(len(i["summary"]) for i in json.loads(out)) == 2
    code, out, _ = run("summary", "--json", env={"THAW_SUMMARY_SENTENCES": "2"})
    assert code == 0 and max(len(i["summary"]) for i in json.loads(out)) == 2
    code, out, _ = run("list", "--format", "csv", env={"THAW_FORMAT": "md"})
    assert code == 0 and out.startswith("id,title")
    code, out, _ = run("list", env={"THAW_FORMAT": "md"})
    assert code == 0 and out.startswith("| id | title |")


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = write_config('corpus = "news"\nindex = "~/idx.db"\n')
    s = settings_json()
    assert s["corpus"]["value"] == str(path.parent / "news")
    assert s["index"]["value"] == str(Path("~/idx.db").expanduser())


@pytest.mark.parametrize(("text", "message"), [
    ("corpus = \n", "malformed config file"),
    ("[thaw\n", "malformed config file"),
    ('colour = "blue"\n', "unknown key 'colour'"),
    ('summary_sentences = "many"\n', "summary_sentences must be a whole number"),
    ("summary_sentences = 40\n", "between 1 and 10"),
    ('format = "xml"\n', "format must be one of"),
    ("max_size = -3\n", "max_size must be positive"),
    ("corpus = 3\n", "corpus must be a path"),
])
def test_malformed_config_is_one_line_exit_2(text: str, message: str, thaw_bin) -> None:
    write_config(text)
    for args in (["config"], ["list"]):
        code, out, err = run(*args)
        assert code == 2 and out == "", args
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("thaw: error:") and message in lines[0], err
    proc = thaw_bin("list", env={"XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"]})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and message in proc.stderr


def test_bad_environment_value_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THAW_MAX_SIZE", "lots")
    with pytest.raises(ThawError, match=r"\$THAW_MAX_SIZE: max_size must be a whole number"):
        config.setting("max_size")
    code, out, err = run("list")
    assert code == 2 and out == "" and "THAW_MAX_SIZE" in err
