"""The commands end to end: in-process through typer's CliRunner and through the installed `thaw`."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from tests import schemas
from tests.conftest import PROJECT, RAW_SEEDS
from thaw_cli import __version__
from thaw_cli.cli.app import app

runner = CliRunner()
SEED_000 = "2018-10-18-china-and-japan-extend-their-feelers"
SEED_001_PREFIX = "2018-09-23-japan-china-plan-to-launch-innovation-dialogue"

Run = Callable[..., subprocess.CompletedProcess[str]]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def json_of(*args: str) -> object:
    code, out, err = invoke(*args)
    assert code == 0, err
    return json.loads(out)


def one_line_error(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("thaw: error:"), lines[0]


# --- basics -----------------------------------------------------------------------------

def test_version_and_help_with_examples() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.strip() == f"thaw {__version__}"
    code, out, _ = invoke("--help")
    assert code == 0 and "Example" in out
    for command in ("list", "show", "add", "index", "search", "summary", "agreements"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "Example" in out, command


def test_usage_errors_are_one_line_with_status_2() -> None:
    for args in (["list", "--bogus"], ["list", "--sort", "colour"], ["nosuchcommand"], ["show"]):
        code, out, err = invoke(*args)
        assert code == 2, args
        assert out == ""
        one_line_error(err)


# --- list and the bundled seeds ---------------------------------------------------------

def test_list_bundled_seeds_json_schema_and_metadata() -> None:
    data = json_of("list", "--json")
    jsonschema.validate(data, schemas.LIST)
    assert [a["id"] for a in data][0] == SEED_000
    assert data[1]["id"].startswith(SEED_001_PREFIX)
    a0, a1 = data
    assert a0["kicker"] == "Technology Thaw"
    assert a0["title"] == "China and Japan Extend Their Feelers"
    assert a0["date"] == "2018-10-18T09:35:00"
    assert a0["authors"] == ["Heinz Arnold"]
    assert a0["standfirst"].startswith("Next week, Chinese President Xi Jinping")
    assert a1["title"] == "Japan, China plan to launch ‘innovation dialogue’ with focus on self-driving vehicles, AI"
    assert a1["date"] == "2018-09-23"
    assert a1["source"] == "The Japan Times"
    assert a1["section"] == "International > East Asia & Pacific"
    assert a1["authors"] == []
    assert a1["kicker"] is None


def test_show_seed_body_keeps_paragraphs_and_typography() -> None:
    data = json_of("show", SEED_001_PREFIX, "--json")
    jsonschema.validate(data, schemas.SHOW)
    paragraphs = data["body"].split("\n\n")
    assert paragraphs[0].startswith("In another sign of improving bilateral relations")
    assert paragraphs[-1].endswith("wartime history.")
    assert "“innovation dialogue”" in data["body"]
    assert "Ambassador" not in data["body"] and "Trending Japan" not in data["body"]
    body0 = json_of("show", SEED_000, "--json")["body"]
    assert "anhören" not in body0 and "Matchmaker" not in body0
    assert body0.endswith("which areas of technology cooperation will be implemented.")


def test_corpus_option_before_and_after_command_and_env(corpus: Path) -> None:
    before = json_of("--corpus", str(corpus), "list", "--json")
    after = json_of("list", "--corpus", str(corpus), "--json")
    code, out, _ = invoke("list", "--json", env={"THAW_CORPUS": str(corpus)})
    assert before == after == json.loads(out)
    assert {a["id"] for a in before} == {"cafe", "undated", "world/trade-deal"}
    trade = next(a for a in before if a["id"] == "world/trade-deal")
    assert trade["date"] == "2021-03-03T10:15:00-05:00"
    assert trade["authors"] == ["Jane Doe", "John Roe"] and trade["tags"] == ["trade", "asia"]
    assert trade["extra"] == {"rating": 5}


def test_list_sort_filters_limit(corpus: Path) -> None:
    c = ["--corpus", str(corpus)]
    ids = [a["id"] for a in json_of("list", *c, "--json")]
    assert ids == ["world/trade-deal", "cafe", "undated"]  # newest first, undated last
    assert [a["id"] for a in json_of("list", *c, "--json", "--reverse")] == ids[::-1]
    assert [a["id"] for a in json_of("list", *c, "--json", "--sort", "title")] == ["world/trade-deal", "undated", "cafe"]
    assert [a["id"] for a in json_of("list", *c, "--json", "--sort", "words")][0] == "world/trade-deal"
    assert [a["id"] for a in json_of("list", *c, "--json", "--since", "2021")] == ["world/trade-deal"]
    assert [a["id"] for a in json_of("list", *c, "--json", "--since", "2020-05", "--until", "2020-05")] == ["cafe"]
    assert [a["id"] for a in json_of("list", *c, "--json", "--source", "alpine")] == ["cafe"]
    assert len(json_of("list", *c, "--json", "--limit", "1")) == 1
    assert json_of("list", *c, "--json", "--since", "2030") == []
    lines = invoke("list", *c, "--jsonl")[1].splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids


def test_bad_date_and_missing_corpus_are_user_errors(tmp_path: Path) -> None:
    code, out, err = invoke("list", "--since", "last week")
    assert code == 2 and out == ""
    one_line_error(err)
    code, _, err = invoke("list", "--corpus", str(tmp_path / "nope"))
    assert code == 2
    one_line_error(err)


def test_human_list_and_show(corpus: Path) -> None:
    code, out, _ = invoke("list", "--corpus", str(corpus))
    assert code == 0 and "Zürich cafés reopen" in out
    code, out, _ = invoke("show", "caf", "--corpus", str(corpus))
    assert code == 0 and "Alpine Post" in out and "terraces" in out


def test_show_ids_prefix_ambiguous_unknown_raw(corpus: Path) -> None:
    c = ["--corpus", str(corpus)]
    assert json_of("show", "world", *c, "--json")["id"] == "world/trade-deal"
    (corpus / "cafe2.md").write_text("---\ntitle: x\n---\nbody\n")
    code, _, err = invoke("show", "caf", *c)
    assert code == 2 and "cafe, cafe2" in err
    one_line_error(err)
    code, _, err = invoke("show", "nothing-like-it", *c)
    assert code == 2
    one_line_error(err)
    code, out, _ = invoke("show", "world", "--raw", *c)
    assert code == 0 and out == (corpus / "world" / "trade-deal.md").read_text()


# --- search -----------------------------------------------------------------------------

def test_search_chademo_in_seed_000() -> None:
    hits = json_of("search", "CHAdeMO", "--json")
    jsonschema.validate(hits, schemas.SEARCH)
    assert hits[0]["id"] == SEED_000
    snippet = hits[0]["snippet"]
    assert "standard" in snippet
    assert any(snippet[a:b].lower() == "chademo" for a, b in hits[0]["spans"])
    assert hits[0]["score"] > 0


def test_search_explain_gives_the_score_parts() -> None:
    hits = json_of("search", "charging stations", "--json", "--explain")
    jsonschema.validate(hits, schemas.SEARCH_EXPLAIN)
    parts = hits[0]["score_parts"]
    assert [t["term"] for t in parts["terms"]] == ["charging", "stations"]
    assert parts["phrases"][0]["phrase"] == "charging stations" and parts["phrases"][0]["score"] > 0
    assert parts["score"] == hits[0]["score"]
    code, out, _ = invoke("search", "charging stations", "--explain")
    assert code == 0 and "idf" in out and "BM25F" in out and "next to each other" in out
    assert "score_parts" not in json_of("search", "charging stations", "--json")[0]


def test_search_no_hit_and_bad_queries() -> None:
    code, out, _ = invoke("search", "zeppelinwalrus", "--json")
    assert code == 1 and json.loads(out) == []
    for q in ['"', "title:", "(", "*", "", "-japan"]:
        code, out, err = invoke("search", q, "--json")
        assert code in (1, 2), q
        if code == 2:
            one_line_error(err)
        assert "Traceback" not in err
    for q in ("COVID-19", "a" * 10_000, "japan OR", "(japan)"):
        code, out, err = invoke("search", q, "--json")
        assert code in (0, 1), (q, err)
        json.loads(out)


def test_search_ranks_title_above_body_and_filters(corpus: Path) -> None:
    c = ["--corpus", str(corpus)]
    (corpus / "b1.md").write_text("---\ntitle: About cafés\n---\nNothing else here.\n")
    hits = json_of("search", "cafe", *c, "--json")
    assert hits[0]["id"] in ("b1", "cafe")
    assert {h["id"] for h in hits} == {"b1", "cafe"}
    assert [h["id"] for h in json_of("search", "cafe", *c, "--json", "--source", "alpine")] == ["cafe"]
    assert [h["id"] for h in json_of("search", "agreements", *c, "--json")] == ["world/trade-deal"]
    code, out, _ = invoke("search", "Zurich", *c)
    assert code == 0 and "Zürich" in out


# --- add --------------------------------------------------------------------------------

def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_reimports_raw_seeds_to_the_bundled_seeds(tmp_path: Path) -> None:
    raws = sorted(RAW_SEEDS.glob("*.txt"))
    assert len(raws) == 2
    before = [_digest(p) for p in raws]
    code, out, err = invoke("add", *map(str, raws), "--to", str(tmp_path / "out"))
    assert code == 0, err
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    bundled = sorted(p.name for p in (PROJECT / "seeds").glob("*.md"))
    assert made == bundled
    for name in made:
        assert (tmp_path / "out" / name).read_text() == (PROJECT / "seeds" / name).read_text()
    assert [_digest(p) for p in raws] == before  # sources untouched


def test_add_refuses_to_overwrite_and_reports_bad_inputs(tmp_path: Path) -> None:
    raw = sorted(RAW_SEEDS.glob("*.txt"))[0]
    out = tmp_path / "out"
    assert invoke("add", str(raw), "--to", str(out))[0] == 0
    target = next(out.iterdir())
    target.write_text("my edits")
    code, _, err = invoke("add", str(raw), str(tmp_path / "missing.txt"), "--to", str(out))
    assert code == 2
    assert "already exists" in err and "missing.txt" in err
    assert target.read_text() == "my edits"
    code, _, _ = invoke("add", str(raw), "--to", str(out), "--force")
    assert code == 0 and target.read_text().startswith("---\ntitle:")
    assert not [p for p in out.iterdir() if p.name.startswith(".thaw-")]  # no temp files left


def test_add_needs_a_target() -> None:
    code, _, err = invoke("add", str(sorted(RAW_SEEDS.glob("*.txt"))[0]))
    assert code == 2 and "--to" in err
    one_line_error(err)


def test_add_uses_corpus_as_default_target(tmp_path: Path) -> None:
    raw = sorted(RAW_SEEDS.glob("*.txt"))[1]
    code, _, err = invoke("--corpus", str(tmp_path), "add", str(raw))
    assert code == 0, err
    assert len(list(tmp_path.glob("2018-09-23-*.md"))) == 1
    assert json_of("--corpus", str(tmp_path), "list", "--json")[0]["source"] == "The Japan Times"


# --- index ------------------------------------------------------------------------------

def test_index_command(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.sqlite3"
    data = json_of("index", "--corpus", str(corpus), "--index", str(db), "--json")
    assert data["articles"] == 3 and data["index"] == str(db) and db.exists()
    data = json_of("index", "--corpus", str(corpus), "--index", str(db), "--rebuild", "--json")
    assert data["articles"] == 3 and data["changed"] == 3  # every article read again, in place
    code, _, err = invoke("index", "--corpus", str(corpus), "--index", str(db))
    assert code == 0 and "index up to date" in err


# --- the installed command --------------------------------------------------------------

def test_installed_thaw_list_search_and_errors(thaw_bin: Run, corpus: Path) -> None:
    r = thaw_bin("list", "--json")
    assert r.returncode == 0, r.stderr
    jsonschema.validate(json.loads(r.stdout), schemas.LIST)
    r = thaw_bin("--corpus", str(corpus), "search", "zeppelinwalrus")
    assert r.returncode == 1 and r.stdout == ""
    r = thaw_bin("search", '"', "--json")
    assert r.returncode == 2
    one_line_error(r.stderr)
    r = thaw_bin("show", "no-such-article")
    assert r.returncode == 2
    one_line_error(r.stderr)
    r = thaw_bin("list", "--bogus")
    assert r.returncode == 2
    one_line_error(r.stderr)


@pytest.mark.parametrize("cmd", ["thaw list --json | head -c 100", "thaw search japan | head -1",
                                 "thaw list --jsonl | head -1"])
def test_closed_pipe_ends_quietly(thaw_bin: Run, cmd: str) -> None:
    r = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd} >/dev/null"], capture_output=True, text=True,
                       timeout=300, env=_env_with_thaw())
    assert "Traceback" not in r.stderr and "Error" not in r.stderr, r.stderr


def _env_with_thaw() -> dict[str, str]:
    import os
    import sys

    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_python_dash_m(corpus: Path) -> None:
    import sys

    r = subprocess.run([sys.executable, "-m", "thaw_cli", "--corpus", str(corpus), "list", "--json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 3
