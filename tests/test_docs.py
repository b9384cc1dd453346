"""The README and docs/ stay true to the code: every page linked, every command and every JSON
field documented, the package table matching the tree, and the examples on the seeds running."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import schemas
from tests.conftest import PROJECT
from thaw_cli.cli.app import app, command

README = PROJECT / "README.md"
DOCS = PROJECT / "docs"
runner = CliRunner()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_docs_page_is_linked_from_the_readme_and_every_link_resolves() -> None:
    readme = _text(README)
    pages = sorted(p.name for p in DOCS.glob("*.md"))
    assert pages, "docs/ holds the reference pages"
    for name in pages:
        assert f"](docs/{name})" in readme, name
    for source in [README, *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\((?!https?://|#)([^)#\s]+)", _text(source)):
            assert (source.parent / target).exists(), (source.name, target)


def test_every_command_is_in_the_readme_command_table() -> None:
    readme = _text(README)
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for name in command().commands:
        assert re.search(rf"^\| `thaw {name}\b", table, re.M), name


def _row(table: str, cmd: str) -> str:
    for line in table.splitlines():
        if line.startswith(f"| `{cmd}`"):
            return line
    raise AssertionError(f"no row for {cmd} in docs/json.md")


def _fields(schema: dict) -> set[str]:
    """Every property name a JSON Schema names, nested ones included."""
    out: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            out.update(node.get("properties", {}))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


@pytest.mark.parametrize(("cmd", "schema"), [
    ("thaw list --json", schemas.LIST),
    ("thaw show ID --json", schemas.SHOW),
    ("thaw search Q --json", schemas.SEARCH),
    ("thaw search Q --json --explain", schemas.SEARCH_EXPLAIN),
    ("thaw summary --json", schemas.SUMMARY),
    ("thaw agreements --json", schemas.AGREEMENTS),
    ("thaw agreements --across --json", schemas.ACROSS),
    ("thaw stories --json", schemas.STORIES),
    ("thaw entities --json", schemas.ENTITIES),
    ("thaw timeline --json", schemas.TIMELINE),
])
def test_every_json_field_is_documented(cmd: str, schema: dict) -> None:
    row = _row(_text(DOCS / "json.md"), cmd)
    fields = _fields(schema)
    if schema is schemas.SHOW:  # documented as "the same object (list's) plus body"
        assert "the same object" in row
        fields -= _fields(schemas.LIST)
    for field in fields:
        assert f'"{field}"' in row, (cmd, field)


def test_digest_json_fields_are_documented() -> None:
    text = _text(DOCS / "json.md") + _text(DOCS / "digest.md")
    for field in _fields(schemas.DIGEST):
        assert f'"{field}"' in text or f"`{field}`" in text, field


def test_the_architecture_table_is_the_tree() -> None:
    section = _text(README).split("## Architecture", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(\w+)/` \|", section, re.M)
    packages = sorted(p.name for p in (PROJECT / "thaw_cli").iterdir() if (p / "__init__.py").is_file())
    assert sorted(listed) == packages
    # module names the table gives in backquotes exist in their package
    for package, rest in re.findall(r"^\| `(\w+)/` \|(.*)$", section, re.M):
        for module in re.findall(r"\(`(\w+)`", rest):
            assert (PROJECT / "thaw_cli" / package / f"{module}.py").is_file(), (package, module)


def _examples() -> list[str]:
    """`thaw ...` lines of the README and docs that run on the bundled seeds as they stand."""
    found = []
    for source in [README, *sorted(DOCS.glob("*.md"))]:
        for block in re.findall(r"```sh\n(.*?)```", _text(source), re.S):
            for line in block.splitlines():
                line = line.removeprefix("$ ").strip()
                if not line.startswith("thaw "):
                    continue
                line = line.split(" #", 1)[0].split(" | ", 1)[0].split(" > ", 1)[0].strip()
                if re.search(r"~|https?:|--to\b|--corpus|-o\b|--output|<TAB>|\.\.\.|ID\b|SID|--install|\badd\b|\bindex\b", line):
                    continue
                found.append(line)
    return sorted(set(found))


def test_the_examples_are_found() -> None:
    examples = _examples()
    assert "thaw search CHAdeMO" in examples and "thaw digest --json" in examples
    assert len(examples) >= 15


@pytest.mark.parametrize("line", _examples())
def test_example_runs_on_the_seeds(line: str, tmp_path: Path) -> None:
    args = shlex.split(line)[1:]
    result = runner.invoke(app, [*args, "--index", str(tmp_path / "index.sqlite3")])
    assert result.exit_code in (0, 1), (line, result.stderr)  # 1: a search that found nothing
    assert "Traceback" not in result.stderr
