"""`thaw add`: any input that is not imported makes the exit status 2, whatever the reason;
the other inputs are still imported (issue 20)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thaw_cli.app import importer
from thaw_cli.cli.app import app

runner = CliRunner()
WORDS = ("trade accord minister signed tariffs ports rail energy grid talks summit Japan China "
         "Korea Peru deal treaty cooperation market shares harvest budget vote").split()


def story(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(10))


def page(folder: Path, name: str, title: str, seed: int, url: str | None = None, date: str = "2021-03-02") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    meta = f"title: {title}\ndate: {date}\n" + (f"url: {url}\n" if url else "")
    path.write_text(f"---\n{meta}---\n{story(seed)}\n", encoding="utf-8")
    return path


def add(*args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["add", *args, "--json"])
    imported = [Path(i["source"]).name for i in json.loads(result.stdout)] if result.stdout.strip() else []
    return result.exit_code, imported, result.stderr


@pytest.fixture
def news(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    code, imported, err = add(str(page(tmp_path / "first", "first.md", "Trade accord", 1, url="https://example.com/a")),
                              "--to", str(news))
    assert code == 0 and imported == ["first.md"], err
    return news


def test_the_same_page_a_second_time(news: Path, tmp_path: Path) -> None:
    again = page(tmp_path / "first", "first.md", "Trade accord", 1, url="https://example.com/a")
    fresh = page(tmp_path / "in", "fresh.md", "Budget vote", 2)
    code, imported, err = add(str(again), str(fresh), "--to", str(news))
    assert code == 2
    assert imported == ["fresh.md"]
    assert "already in the corpus as 2021-03-02-trade-accord (use --force" in err


def test_the_same_url(news: Path, tmp_path: Path) -> None:
    code, imported, err = add(str(page(tmp_path / "in", "other.md", "Other text", 3, url="http://www.example.com/a/")),
                              "--to", str(news))
    assert (code, imported) == (2, []) and "already in the corpus" in err


def test_nearly_the_same_text_twice_in_one_run(tmp_path: Path) -> None:
    one = page(tmp_path / "in", "one.md", "Harvest", 4)
    code, imported, err = add(str(one), str(one), "--to", str(tmp_path / "new"))
    assert (code, imported) == (2, ["one.md"]) and err.count("already in the corpus") == 1


def test_two_inputs_that_would_get_the_same_file_name(tmp_path: Path) -> None:
    a = page(tmp_path / "a", "x.md", "Same title", 5)
    b = page(tmp_path / "b", "x.md", "Same title", 6)
    code, imported, err = add(str(a), str(b), "--to", str(tmp_path / "new"))
    assert (code, imported) == (2, ["x.md"]) and "clashes with another imported file" in err


def test_a_file_that_exists_is_not_replaced(news: Path, tmp_path: Path) -> None:
    (target,) = news.iterdir()
    target.write_text("---\ntitle: Mine\n---\nmy own notes, nothing like the page\n")
    code, imported, err = add(str(page(tmp_path / "in", "p.md", "Trade accord", 7)), "--to", str(news))
    assert (code, imported) == (2, []) and "already exists (use --force" in err
    assert "my own notes" in target.read_text()


@pytest.mark.parametrize("kind", ["missing", "folder", "empty", "binary", "no text"])
def test_unreadable_inputs(tmp_path: Path, kind: str) -> None:
    bad = tmp_path / "bad.txt"
    if kind == "folder":
        bad.mkdir()
    elif kind == "empty":
        bad.write_text("")
    elif kind == "binary":
        bad.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    elif kind == "no text":
        bad = tmp_path / "bad.md"
        bad.write_text("---\ntitle: \n---\n\n")
    good = page(tmp_path / "in", "good.md", "Port strike", 8)
    code, imported, err = add(str(bad), str(good), "--to", str(tmp_path / "new"))
    assert (code, imported) == (2, ["good.md"]), err
    assert f"thaw: error: {bad}: " in err


def test_a_failed_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(dest: Path, content: str, *, force: bool) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(importer, "write_atomic", refuse)
    code, imported, err = add(str(page(tmp_path / "in", "p.md", "Port strike", 9)), "--to", str(tmp_path / "new"))
    assert (code, imported) == (2, []) and "cannot write" in err


def test_force_imports_what_was_refused_and_exits_0(news: Path, tmp_path: Path) -> None:
    again = page(tmp_path / "first", "first.md", "Trade accord", 1, url="https://example.com/a")
    code, imported, err = add(str(again), "--to", str(news), "--force")
    assert (code, imported) == (0, ["first.md"]), err
