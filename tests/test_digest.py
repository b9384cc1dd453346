"""The digest: content on the seeds, every format, HTML checked with an HTML5 parser."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import html5lib
import jsonschema
from typer.testing import CliRunner

from tests import schemas
from thaw_cli.cli.app import app
from thaw_cli.queries.digest import story_summary

runner = CliRunner()
Run = Callable[..., subprocess.CompletedProcess[str]]


def _digest(*args: str) -> dict:
    result = runner.invoke(app, ["digest", "--json", *args])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schemas.DIGEST)
    return data


def test_story_summary_round_robin_without_repeats() -> None:
    a = [(0, "Acme agreed to buy Widget for ten million dollars on Monday."), (3, "Widget makes gears in Ohio.")]
    b = [(0, "Acme agreed to buy Widget for ten million dollars, the company said."), (1, "Shareholders approved the deal.")]
    assert story_summary([a, b], 3) == [a[0][1], "Widget makes gears in Ohio.", "Shareholders approved the deal."]
    assert story_summary([], 3) == []


def test_digest_of_the_seeds() -> None:
    d = _digest()
    assert d["articles"] == 2 and d["start"] == "2018-09-23"
    assert len(d["stories"]) == 1
    s = d["stories"][0]
    assert len(s["articles"]) == 2 and len(s["summary"]) == 3
    assert "Shinzo Abe" in [p["name"] for p in s["people"]]
    assert {"Japan", "China"} <= {p["name"] for p in s["places"]}
    assert any("Dialogue" in g["subject"] and g["status"] == "planned" for g in s["agreements"])
    assert any(e["date"] == "2018-10-23" for e in s["timeline"])
    statuses = [g["status"] for g in d["agreements"]]
    order = {"concluded": 0, "planned": 1, "ended": 2}
    assert statuses == sorted(statuses, key=order.__getitem__)


def test_digest_slices() -> None:
    d = _digest("--since", "2018-10")
    assert d["articles"] == 1 and d["filters"]["since"] == "2018-10-01"
    q = _digest("--query", "Softbank")
    assert q["articles"] == 1 and q["filters"]["query"] == "Softbank"
    missing = runner.invoke(app, ["digest", "--query", "nonexistentwordzz"])
    assert missing.exit_code == 1


def test_digest_markdown() -> None:
    result = runner.invoke(app, ["digest", "--format", "md"])
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Digest: 2 articles")
    assert "## 1. " in md and "**Agreements**" in md and "| date | event | article |" in md
    assert "## Agreements by status" in md and "◷ planned" in md


def test_markdown_escapes_article_text(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: 'Acme *wins* [deal](http://x) | <b>'\ndate: 2020-01-02\n---\n\n"
                                 "Acme Corp agreed to buy Widget Inc on Jan. 9, the company said.\n")
    md = runner.invoke(app, ["--corpus", str(corpus), "digest", "--format", "md"]).stdout
    assert "\\*wins\\*" in md and "\\[deal\\]" in md and "<b>" not in md


def _parse(page: str) -> object:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


def test_digest_html_is_valid_and_self_contained() -> None:
    result = runner.invoke(app, ["digest", "--format", "html"])
    assert result.exit_code == 0
    page = result.stdout
    doc = _parse(page)  # strict: raises on any HTML5 parse error
    assert doc.find(".//head/meta[@name='viewport']") is not None  # type: ignore[attr-defined]
    svg = "{http://www.w3.org/2000/svg}"
    svgs = doc.findall(f".//{svg}svg")  # type: ignore[attr-defined]
    assert svgs and svgs[0].findall(f".//{svg}circle")
    assert doc.findall(".//article")  # type: ignore[attr-defined]
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    assert "<script" not in page and "<link" not in page


def test_digest_html_escapes_article_text(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: '<script>alert(1)</script> Acme & Widget'\ndate: 2020-01-02\n---\n\n"
                                 "Acme Corp agreed to buy Widget Inc <img src=x onerror=alert(1)> on Jan. 9.\n")
    page = runner.invoke(app, ["--corpus", str(corpus), "digest", "--format", "html"]).stdout
    _parse(page)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


def test_digest_terminal_view() -> None:
    result = runner.invoke(app, ["digest"])
    assert result.exit_code == 0
    out = result.stdout
    assert "Digest" in out and "Agreements by status" in out and "People:" in out and "Timeline" in out


def test_digest_output_file_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "d.html"
    ok = runner.invoke(app, ["digest", "--format", "html", "-o", str(target)])
    assert ok.exit_code == 0 and target.read_text().startswith("<!DOCTYPE html>")
    again = runner.invoke(app, ["digest", "--format", "md", "-o", str(target)])
    assert again.exit_code == 2 and again.stderr.startswith("thaw: error:")
    assert target.read_text().startswith("<!DOCTYPE html>")
    forced = runner.invoke(app, ["digest", "--format", "md", "-o", str(target), "--force"])
    assert forced.exit_code == 0 and target.read_text().startswith("# Digest")


def test_installed_digest_json(thaw_bin: Run) -> None:
    proc = thaw_bin("digest", "--json")
    assert proc.returncode == 0, proc.stderr
    jsonschema.validate(json.loads(proc.stdout), schemas.DIGEST)
    for cmd in ("stories", "entities", "timeline"):
        p = thaw_bin(cmd, "--json")
        assert p.returncode == 0 and isinstance(json.loads(p.stdout), list), (cmd, p.stderr)
