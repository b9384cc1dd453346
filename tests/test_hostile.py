"""Hostile files and hostile text: every command over the corpus of tests/hostile_corpus.py,
in-process (typer's CliRunner) and through the installed `thaw`.

What must hold: each bad file is skipped or read with a one-line warning naming it, the rest
is listed, searched and summarised, nothing an article contains runs or reaches the terminal
as a control sequence or as Rich markup, and `--json` keeps the text intact.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import hostile_corpus as hc
from thaw_cli.cli.app import app
from thaw_cli.ingest import corpus as corpus_mod

runner = CliRunner()
Run = Callable[..., subprocess.CompletedProcess[str]]

HUMAN_COMMANDS = (
    ["list"],
    ["list", "--sort", "title"],
    ["show", "escapes"],
    ["show", "markup"],
    ["show", "escapes-raw"],
    ["show", "latin1"],
    ["show", "new\nline"],
    ["search", "zanzibarite"],
    ["search", "title:alarm"],
    ["summary"],
    ["summary", "escapes", "markup"],
    ["agreements", "--evidence"],
    ["agreements", "--across", "--evidence"],
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> hc.Hostile:
    h = hc.build(tmp_path_factory.mktemp("hostile"))
    return h


def _base(h: hc.Hostile) -> list[str]:
    return ["--corpus", str(h.root), "--index", str(h.root.parent / "index.sqlite3")]


def invoke(h: hc.Hostile, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*_base(h), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_terminal_safe(text: str) -> None:
    found = [repr(c) for c in hc.FORBIDDEN if c in text]
    assert not found, f"control characters reached the terminal: {found}"
    assert "Traceback" not in text


def warnings_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("thaw: warning:")]


def assert_warned(err: str, name: str, reason: str) -> None:
    hits = [w for w in warnings_of(err) if name in w]
    assert hits, f"no warning names {name!r}:\n{err}"
    assert any(reason.lower() in w.lower() for w in hits), f"{name}: {hits}"


# --- hostile files ----------------------------------------------------------------------

def test_index_warns_about_every_bad_file_and_lists_the_rest(hostile: hc.Hostile) -> None:
    code, out, err = invoke(hostile, "index", "--rebuild")
    assert code == 0, err
    assert "Traceback" not in err
    for name, reason in {**hostile.skipped, **hostile.noted}.items():
        assert_warned(err, name, reason)
    for line in err.splitlines():  # one line per warning, each naming a file
        assert line.startswith("thaw: "), line
    code, out, err = invoke(hostile, "list", "--json")
    assert code == 0, err
    listed = {a["id"]: a for a in json.loads(out)}
    assert set(listed) == set(hostile.listed)
    for aid, title in hostile.listed.items():
        if title:
            assert listed[aid]["title"] == title, aid
    assert not hostile.pwned.exists(), "a YAML tag ran a command"


def test_decoding_latin1_boms_and_utf16(hostile: hc.Hostile) -> None:
    def body(aid: str) -> str:
        code, out, err = invoke(hostile, "show", aid, "--json")
        assert code == 0, err
        return json.loads(out)["body"]

    latin = body("latin1")
    for word in ("naïve", "Zürich café", "€5,000", "“new” façade", "Genève", "crème brûlée"):
        assert word in latin, word
    assert "\ufffd" not in latin
    assert "Zürich" in body("bom-utf8") and "Zürich" in body("bom-utf16") and "Zürich" in body("bom-utf16be")
    code, out, _ = invoke(hostile, "show", "bom-utf8", "--json")
    assert json.loads(out)["title"] == "BOM article in UTF-8"  # the BOM did not hide the front matter


def test_front_matter_cases(hostile: hc.Hostile) -> None:
    code, out, err = invoke(hostile, "list", "--json")
    arts = {a["id"]: a for a in json.loads(out)}
    assert arts["fm-types"]["title"] == "123"
    assert arts["fm-types"]["date"] is None and arts["fm-types"]["authors"] == []
    assert arts["fm-bomb"]["extra"] == {}  # the alias bomb was refused, not expanded
    for aid in ("fm-malformed", "fm-unterminated", "fm-python-tag"):
        code, out, _ = invoke(hostile, "show", aid, "--json")
        assert json.loads(out)["body"], aid  # read as plain text
    code, out, _ = invoke(hostile, "show", "fm-list", "--json")
    assert json.loads(out)["body"] == "Front matter that is a list."
    assert not hostile.pwned.exists()


def test_ten_megabyte_line_is_indexed_and_searchable(hostile: hc.Hostile) -> None:
    code, out, err = invoke(hostile, "show", "one-line-10mb", "--json")
    assert code == 0, err
    assert len(json.loads(out)["body"]) == 10 * 1024 * 1024 - 1  # trailing space stripped
    code, out, err = invoke(hostile, "search", "consectetur", "--json")
    assert code == 0 and [h["id"] for h in json.loads(out)] == ["one-line-10mb"]


def test_names_with_spaces_non_ascii_newlines_and_twins(hostile: hc.Hostile) -> None:
    for aid in ("name with spaces", "café ü 日本", "new\nline", "twin.md", "twin.txt"):
        code, out, err = invoke(hostile, "show", aid, "--json")
        assert code == 0, (aid, err)
        assert json.loads(out)["id"] == aid
    code, out, err = invoke(hostile, "list")
    lines = out.splitlines()
    assert any(line.startswith("new\\nline ") for line in lines), out  # shown escaped, one line
    assert not any(line.strip() == "line" for line in lines)


def test_every_human_view_neutralises_escapes_and_markup(hostile: hc.Hostile) -> None:
    seen_markup = 0
    for args in HUMAN_COMMANDS:
        code, out, err = invoke(hostile, *args)
        assert code == 0, (args, err)
        assert_terminal_safe(out)
        assert_terminal_safe(err)
        if "[bold red]" in out:
            seen_markup += 1
        for attack in ("\\x1b", "\\u202e"):
            if "escapes" in args:
                assert attack in out, (args, attack)  # shown visibly escaped
    assert seen_markup >= 6  # markup printed literally in list, show, search, summary, agreements
    code, out, _ = invoke(hostile, "show", "markup")
    assert hc.MARKUP_WORDS[0] in out.replace("\n", "") or "[bold red]Alarm" in out
    assert "[link=https://evil.example]click" in out.replace("\n", "").replace("│", "").replace(" ", "") or \
        "[link=https://evil.example]" in out


def test_json_keeps_hostile_text_intact(hostile: hc.Hostile) -> None:
    code, out, err = invoke(hostile, "show", "escapes", "--json")
    data = json.loads(out)
    assert data["title"] == hostile.listed["escapes"]
    for attack in hc.ATTACKS:
        assert attack in data["body"], repr(attack)
    assert "\x1b" not in out and "\x07" not in out  # C0 controls escaped by JSON itself
    code, out, _ = invoke(hostile, "list", "--json")
    titles = {a["id"]: a["title"] for a in json.loads(out)}
    assert titles["markup"] == hc.MARKUP_TITLE
    code, out, _ = invoke(hostile, "search", "zanzibarite", "--json")
    hits = {h["id"]: h for h in json.loads(out)}
    assert "\x1b[31;1m" in hits["escapes"]["snippet"] or "\x1b" in json.dumps(hits["escapes"], ensure_ascii=False)
    code, out, _ = invoke(hostile, "agreements", "--json")
    evidence = " ".join(" ".join(a["evidence"]) for a in json.loads(out) if a["article"] == "markup")
    assert "[bold red]now[/bold red]" in evidence


# --- options: size limit, links -----------------------------------------------------------

def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "small.md").write_text("---\ntitle: Small\n---\nA small article.\n")
    (root / "big.md").write_text("---\ntitle: Big\n---\n" + "A big article body. " * 200 + "\n")
    with open(root / "huge.txt", "wb") as fh:
        fh.truncate(30 * 1024 * 1024)  # sparse NULs: reading it would say "binary", not "size"
    for n, (args, env) in enumerate((
        (["list", "--json", "--max-size", "1000"], None),
        (["--max-size", "1000", "list", "--json"], None),
        (["list", "--json"], {"THAW_MAX_SIZE": "1000"}),
    )):
        # a fresh index each time: warnings come when a file is read (and on `thaw index`)
        fresh = ["--corpus", str(root), "--index", str(tmp_path / f"i{n}.sqlite3")]
        result = runner.invoke(app, [*fresh, *args], env=env)
        assert result.exit_code == 0, result.stderr
        assert [a["id"] for a in json.loads(result.stdout)] == ["small"]
        assert_warned(result.stderr, "big.md", "size limit")
        assert_warned(result.stderr, "huge.txt", "size limit")
    result = runner.invoke(app, ["--corpus", str(root), "list", "--json"])  # default 20 MB
    assert sorted(a["id"] for a in json.loads(result.stdout)) == ["big", "small"]
    assert_warned(result.stderr, "huge.txt", "size limit")
    result = runner.invoke(app, ["--corpus", str(root), "list", "--max-size", "0"])
    assert result.exit_code == 2 and result.stderr.startswith("thaw: error:")


def test_links_outside_the_corpus_need_follow_links(hostile: hc.Hostile, tmp_path: Path) -> None:
    index = str(tmp_path / "links.sqlite3")
    result = runner.invoke(app, ["--corpus", str(hostile.root), "--index", index, "list", "--json"])
    assert "outside" not in {a["id"] for a in json.loads(result.stdout)}
    assert_warned(result.stderr, "outside.md", "outside the corpus")
    for n, args in enumerate((["list", "--json", "--follow-links"], ["--follow-links", "list", "--json"])):
        result = runner.invoke(app, ["--corpus", str(hostile.root), "--index", index, *args])
        arts = {a["id"]: a for a in json.loads(result.stdout)}
        assert arts["outside"]["title"] == "Outside secret"
        if n == 0:  # the link setting changed: a full check, loops still reported, never followed
            assert_warned(result.stderr, "loop.md", "loop")
    result = runner.invoke(app, ["--corpus", str(hostile.root), "--index", index, "list", "--json"])
    assert "outside" not in {a["id"] for a in json.loads(result.stdout)}  # without it: gone again


# --- the file system changing under thaw ------------------------------------------------

def test_file_disappears_or_changes_between_scan_and_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "c"
    root.mkdir()
    for name in ("stay", "gone", "changed"):
        (root / f"{name}.md").write_text(f"---\ntitle: {name} v1\n---\nBody of {name}.\n")
    real_check = corpus_mod.list_dir

    def racing_check(*args: object, **kw: object) -> object:
        found = real_check(*args, **kw)  # type: ignore[arg-type]
        if (root / "gone.md").exists():
            (root / "gone.md").unlink()
            (root / "changed.md").write_text("---\ntitle: changed v2, much longer now\n---\nNew body.\n")
        return found

    monkeypatch.setattr(corpus_mod, "list_dir", racing_check)
    result = runner.invoke(app, ["--corpus", str(root), "index"])
    assert result.exit_code == 0, result.stderr
    assert_warned(result.stderr, "gone.md", "no such file")
    monkeypatch.setattr(corpus_mod, "list_dir", real_check)
    result = runner.invoke(app, ["--corpus", str(root), "list", "--json"])
    titles = {a["id"]: a["title"] for a in json.loads(result.stdout)}
    assert titles == {"stay": "stay v1", "changed": "changed v2, much longer now"}
    assert "gone" not in result.stderr


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "ok.md").write_text("---\ntitle: Fine\n---\nReadable.\n")
    secret = root / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nUnreadable.\n")
    secret.chmod(0)
    real_open = os.open

    def guarded_open(path: object, flags: int, *args: object, **kw: object) -> int:
        if os.geteuid() == 0 and str(path) == str(secret):  # root reads anything: simulate EACCES
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    result = runner.invoke(app, ["--corpus", str(root), "list", "--json"])
    assert result.exit_code == 0, result.stderr
    assert [a["id"] for a in json.loads(result.stdout)] == ["ok"]
    assert_warned(result.stderr, "secret.md", "permission denied")


# --- thaw add: file names from hostile titles -------------------------------------------

@pytest.mark.parametrize("title", ["../../etc/passwd", "CON", "", "x" * 500, "a/b\\c:d*?\"<>|", "..",
                                   "\x1b[31m.hidden", "NUL.txt", "日本語のタイトル"])
def test_add_derives_a_safe_name_inside_the_target(tmp_path: Path, title: str) -> None:
    src = tmp_path / "src.md"
    src.write_text(f"---\ntitle: {json.dumps(title)}\ndate: 2020-02-03\n---\nImported body text.\n")
    target = tmp_path / "target"
    result = runner.invoke(app, ["add", str(src), "--to", str(target), "--json"])
    assert result.exit_code == 0, result.stderr
    (item,) = json.loads(result.stdout)
    dest = Path(item["path"])
    assert dest.parent == target and dest.exists()
    assert [p.name for p in target.iterdir()] == [dest.name]
    assert dest.name.endswith(".md") and not dest.name.startswith(".")
    assert len(dest.name.encode()) <= 100
    assert all(c.isalnum() or c in "-." for c in dest.name), dest.name
    assert dest.name.split(".")[0].rsplit("-", 1)[-1].lower() not in ("con", "nul", "prn", "aux")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.md", "target"]


# --- the installed command --------------------------------------------------------------

def test_installed_thaw_over_the_hostile_corpus(hostile: hc.Hostile, thaw_bin: Run) -> None:
    base = _base(hostile)
    r = thaw_bin(*base, "index", timeout=300)
    assert r.returncode == 0, r.stderr
    for name, reason in hostile.skipped.items():
        assert_warned(r.stderr, name, reason)
    for args in HUMAN_COMMANDS:
        r = thaw_bin(*base, *args, timeout=120)
        assert r.returncode == 0, (args, r.stderr)
        assert_terminal_safe(r.stdout)
        assert_terminal_safe(r.stderr)
    for args in (["list", "--json"], ["search", "zanzibarite", "--json"], ["summary", "--json"],
                 ["agreements", "--json"], ["show", "escapes", "--json"]):
        r = thaw_bin(*base, *args, timeout=120)
        assert r.returncode == 0, (args, r.stderr)
        json.loads(r.stdout)
    r = thaw_bin(*base, "list", "--json", env={"THAW_MAX_SIZE": "200"})
    assert "good" not in {a["id"] for a in json.loads(r.stdout)}
    assert not hostile.pwned.exists()


@pytest.mark.parametrize("cmd", ["list --json | head -c 100", "search zanzibarite | head -1",
                                 "show one-line-10mb --json | head -c 10", "summary | head -2"])
def test_closed_pipes_end_quietly(hostile: hc.Hostile, cmd: str) -> None:
    exe = Path(sys.executable).parent / "thaw"
    base = " ".join(f"'{a}'" for a in _base(hostile))
    r = subprocess.run(["bash", "-c", f"'{exe}' {base} {cmd} > /dev/null"], capture_output=True,
                       text=True, timeout=120)
    assert "Traceback" not in r.stderr and "Error" not in r.stderr, r.stderr
    assert r.returncode == 0
