"""--format table|json|jsonl|csv|md and --fields on every list-like command; the shared filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thaw_cli.cli.app import app
from thaw_cli.core.errors import ThawError
from thaw_cli.output import formats

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


def ok_raw(*args: str) -> str:
    """stdout exactly as written (CliRunner's .stdout folds CRLF into LF)."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


def parse_markdown_table(text: str) -> list[dict[str, str]]:
    """A GitHub pipe table back into rows: split on unescaped `|`, unescape `\\|` and `\\\\`."""
    lines = [line for line in text.splitlines() if line.strip()]

    def cells(line: str) -> list[str]:
        assert line.startswith("| ") and line.endswith(" |"), line
        inner = line[2:-2]
        out, cur, i = [], [], 0
        while i < len(inner):
            ch = inner[i]
            if ch == "\\" and i + 1 < len(inner):
                cur.append(inner[i + 1])
                i += 2
                continue
            if inner.startswith(" | ", i):
                out.append("".join(cur))
                cur = []
                i += 3
                continue
            cur.append(ch)
            i += 1
        out.append("".join(cur))
        return out

    header = cells(lines[0])
    assert set(lines[1].replace("|", "").split()) == {"---"}
    rows = [cells(line) for line in lines[2:]]
    for r in rows:
        assert len(r) == len(header), r
    return [dict(zip(header, r, strict=True)) for r in rows]


LIST_LIKE = [
    ["list"],
    ["search", "trade OR cafés OR charging"],
    ["summary"],
    ["agreements"],
]


@pytest.mark.parametrize("command", LIST_LIKE, ids=lambda c: c[0])
def test_every_format_parses_back_to_the_json(command: list[str], corpus: Path) -> None:
    c = ["--corpus", str(corpus)]
    data = json.loads(ok(*command, *c, "--format", "json"))
    assert data, command
    assert json.loads(ok(*command, *c, "--json")) == data
    lines = ok(*command, *c, "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == data
    assert [json.loads(line) for line in ok(*command, *c, "--jsonl").splitlines()] == data
    csv_text = ok_raw(*command, *c, "--format", "csv")
    assert csv_text.count("\r\n") >= len(data) + 1  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(csv_text, newline="")))
    assert [r for r in rows] == [{k: formats.cell(v) for k, v in d.items()} for d in data]
    md_rows = parse_markdown_table(ok(*command, *c, "--format", "md"))
    assert md_rows == [{k: formats.cell(v).replace("\n", "<br>") for k, v in d.items()} for d in data]
    table = ok(*command, *c, "--format", "table")
    assert table.strip() and not table.lstrip().startswith(("[", "{"))


@pytest.mark.parametrize("command", LIST_LIKE, ids=lambda c: c[0])
def test_fields_choose_and_order_columns(command: list[str], corpus: Path) -> None:
    c = ["--corpus", str(corpus)]
    full = json.loads(ok(*command, *c, "--json"))
    keys = list(full[0])
    chosen = [keys[-1], keys[0]]
    data = json.loads(ok(*command, *c, "--json", "--fields", ",".join(chosen)))
    assert [list(d) for d in data] == [chosen] * len(full)
    assert data == [{k: d[k] for k in chosen} for d in full]
    rows = list(csv.reader(io.StringIO(ok(*command, *c, "--format", "csv", "--fields", ",".join(chosen)), newline="")))
    assert rows[0] == chosen and len(rows) == len(full) + 1
    table = ok(*command, *c, "--fields", ",".join(chosen))
    assert chosen[0] in table and chosen[1] in table


@pytest.mark.parametrize("command", LIST_LIKE, ids=lambda c: c[0])
def test_unknown_field_is_one_line_listing_the_valid_ones(command: list[str], corpus: Path) -> None:
    code, out, err = run(*command, "--corpus", str(corpus), "--json", "--fields", "date,colour")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("thaw: error: unknown field 'colour'")
    assert "valid fields:" in lines[0]


def test_csv_quoting_and_list_joining(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        '---\ntitle: \'Comma, "quote" and | pipe\'\nauthor: [Ann Lee, Bo Chan]\ntags: [x, y]\ndate: 2020-01-02\n---\n'
        "First line of the body, long enough to be an article.\n",
        encoding="utf-8",
    )
    c = ["--corpus", str(tmp_path)]
    rows = list(csv.DictReader(io.StringIO(ok("list", *c, "--format", "csv"), newline="")))
    assert rows[0]["title"] == 'Comma, "quote" and | pipe'
    assert rows[0]["authors"] == "Ann Lee; Bo Chan" and rows[0]["tags"] == "x; y"
    assert rows[0]["extra"] == "{}"
    md = ok("list", *c, "--format", "md", "--fields", "title,authors")
    assert "\\|" in md
    assert parse_markdown_table(md) == [{"title": 'Comma, "quote" and | pipe', "authors": "Ann Lee; Bo Chan"}]


def test_format_conflicts_and_empty_results(corpus: Path) -> None:
    code, out, err = run("list", "--corpus", str(corpus), "--json", "--format", "csv")
    assert code == 2 and out == "" and "choose one output format" in err
    # --json together with --format json is the same request
    assert json.loads(ok("list", "--corpus", str(corpus), "--json", "--format", "json"))
    out = ok("list", "--corpus", str(corpus), "--format", "csv", "--since", "2030")
    assert out.strip() == ",".join(json.loads(ok("list", "--corpus", str(corpus), "--json"))[0])  # header only
    out = ok("list", "--corpus", str(corpus), "--format", "md", "--since", "2030", "--fields", "id")
    assert parse_markdown_table(out) == []


def test_parse_fields_unit() -> None:
    assert formats.parse_fields("b, a,b", ["a", "b"]) == ["b", "a"]
    assert formats.parse_fields(None, ["a"]) is None
    with pytest.raises(ThawError, match="valid fields: a, b"):
        formats.parse_fields("c", ["a", "b"])
    with pytest.raises(ThawError):
        formats.parse_fields(" , ", ["a"])
    assert formats.cell(None) == "" and formats.cell(["a", "b"]) == "a; b"
    assert formats.cell({"k": 1}) == '{"k":1}' and formats.cell(True) == "true"


# --- filters ------------------------------------------------------------------------------

FILTER_CORPUS = {
    "a.md": "---\ntitle: Steel tariffs cut\ndate: 2021-01-05\nauthor: Jane Doe\nsection: World\ntags: [trade]\n"
            "language: en\nsource: Daily Planet\n---\nJapan and Korea signed a trade accord on steel tariffs in Seoul on Monday.\n",
    "b.md": "---\ntitle: Rice harvest record\ndate: 2021-02-06\nauthor: John Roe\nsection: Business\ntags: [farming]\n"
            "language: en\nsource: Farm News\n---\nThe rice harvest reached a record this year, the trade ministry said on Monday.\n",
    "c.md": "---\ntitle: Accord commercial\ndate: 2021-03-07\nauthor: Marie Curie\nsection: Monde\ntags: [trade]\n"
            "language: fr\nsource: Le Quotidien\n---\nLe Japon et la Corée ont signé lundi un accord commercial sur les tarifs de l'acier.\n",
}


@pytest.fixture
def filtered(tmp_path: Path) -> Path:
    for name, text in FILTER_CORPUS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def ids_of(out: str, key: str = "id") -> set[str]:
    return {d[key] for d in json.loads(out)}


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--author", "jane", {"a"}),
    ("--author", "ROE", {"b"}),
    ("--tag", "trade", {"a", "c"}),
    ("--tag", "TRADE", {"a", "c"}),
    ("--section", "busi", {"b"}),
    ("--language", "fr", {"c"}),
    ("--language", "en", {"a", "b"}),
    ("--source", "planet", {"a"}),
    ("--since", "2021-02", {"b", "c"}),
    ("--until", "2021-01-31", {"a"}),
])
def test_each_filter_on_each_command(filtered: Path, option: str, value: str, expected: set[str]) -> None:
    c = ["--corpus", str(filtered)]
    assert ids_of(ok("list", *c, option, value, "--json")) == expected
    assert ids_of(ok("summary", *c, option, value, "--json")) == expected
    code, out, _ = run("search", "trade OR accord OR signed OR harvest", *c, option, value, "--json")
    assert code == 0 and ids_of(out) == expected
    digest = json.loads(ok("digest", *c, option, value, "--json"))
    assert digest["articles"] == len(expected)
    if option not in ("--since", "--until"):  # agreements' dates filter the agreement's own date
        found = ids_of(ok("agreements", *c, option, value, "--json"), "article")
        assert found <= expected & {"a"}
        assert ("a" in found) == ("a" in expected)
