"""The full check (`thaw index`): folders checked against the index, in-process or by two workers."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from thaw_cli.store import dircheck
from thaw_cli.store.index import Index, open_index


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {text}\n---\n{text} body text.\n")


def _tree(root: Path) -> None:
    for d in ("", "a", "a/deep", "b", "c"):
        for i in range(4):
            _write(root / d / f"n{i}.md", f"{d or 'top'} {i}")


def _indexed(tmp_path: Path) -> tuple[Path, Index]:
    """The test tree, indexed once."""
    root = tmp_path / "corpus"
    _tree(root)
    idx = open_index(root, tmp_path / "i.sqlite3", max_size=1 << 20)
    idx.refresh(full=True)
    return root, idx


def _edit_everything(root: Path) -> None:
    """Every kind of change a full check must see, made without thaw knowing."""
    _write(root / "new.md", "new at the top")
    (root / "a" / "n0.md").unlink()
    p = root / "a" / "deep" / "n1.md"
    st = p.stat()
    p.write_text(p.read_text().replace("body", "BODY"))  # same size, same folder mtime...
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    os.utime(p.parent, ns=(p.parent.stat().st_atime_ns, p.parent.stat().st_mtime_ns))
    shutil.rmtree(root / "b")  # a folder removed
    (root / "c").rename(root / "c2")  # a folder renamed
    _write(root / "fresh" / "sub" / "x.md", "a new folder tree")
    (root / "a" / "deep").rename(root / "a" / ".hidden")  # a folder now hidden


def _check(idx: Index, root: Path) -> dircheck.CheckResult:
    stored = dict(idx.conn.execute("SELECT rel, listing FROM dirs"))
    files = idx.conn.execute("SELECT count(*) FROM files").fetchone()[0]
    return dircheck.check(root, stored, dircheck.known_reader(idx.conn), False, db_path=idx.db_path, files=files)


def _summary(r: dircheck.CheckResult) -> tuple[list[str], list[str], list[str]]:
    return sorted(f.rel for f in r.todo), sorted(r.gone), sorted(r.dirs)


@pytest.mark.parametrize("parallel", [False, True])
def test_full_check_sees_every_kind_of_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    root, idx = _indexed(tmp_path)
    assert idx.count() == 20
    monkeypatch.setattr(dircheck, "PARALLEL_FILES", 0 if parallel else 10**9)
    assert _summary(_check(idx, root)) == ([], [], ["", "a", "a/deep", "b", "c"])
    _edit_everything(root)
    todo, gone, dirs = _summary(_check(idx, root))
    assert todo == ["c2/n0.md", "c2/n1.md", "c2/n2.md", "c2/n3.md", "fresh/sub/x.md", "new.md"]
    assert gone == sorted(["a/n0.md"] + [f"{d}/n{i}.md" for d in ("a/deep", "b", "c") for i in range(4)])
    assert dirs == ["", "a", "c2", "fresh", "fresh/sub"]
    idx.close()


def test_parallel_and_in_process_checks_agree_and_refresh_applies_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, idx = _indexed(tmp_path)
    p = root / "b" / "n2.md"
    st = p.stat()
    p.write_text(p.read_text().replace("body", "BODY"))  # an edit in place, folder mtime kept
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    os.utime(p.parent, ns=(p.parent.stat().st_atime_ns, p.parent.stat().st_mtime_ns))
    _write(root / "a" / "n9.md", "added")
    monkeypatch.setattr(dircheck, "PARALLEL_FILES", 10**9)
    serial = _summary(_check(idx, root))
    monkeypatch.setattr(dircheck, "PARALLEL_FILES", 0)
    assert _summary(_check(idx, root)) == serial == (["a/n9.md", "b/n2.md"], [], ["", "a", "a/deep", "b", "c"])
    report = idx.refresh(full=True)
    assert (report.added, report.changed, report.removed) == (1, 1, 0)
    assert "BODY" in idx.get("b/n2").text
    assert idx.refresh(full=True).unchanged == 21
    idx.close()


def test_a_rebuilt_index_without_folder_records_is_checked_whole(tmp_path: Path) -> None:
    root, idx = _indexed(tmp_path)
    idx.rebuild()  # forgets the folders and every file's stat
    report = idx.refresh(full=True)
    assert report.changed == 20 and report.added == 0
    assert sorted(r for (r,) in idx.conn.execute("SELECT rel FROM dirs")) == ["", "a", "a/deep", "b", "c"]
    idx.close()


def _listings(idx: Index) -> dict[str, bytes | None]:
    return dict(idx.conn.execute("SELECT rel, listing FROM dirs"))


@pytest.mark.parametrize("parallel", [False, True])
def test_unchanged_folders_are_settled_by_their_listing_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               parallel: bool) -> None:
    root, idx = _indexed(tmp_path)
    assert set(_listings(idx).values()) == {None}  # every folder was new: nothing matched yet
    idx.refresh(full=True)
    assert None not in _listings(idx).values()
    reads: list[str] = []
    known = dircheck.known_reader(idx.conn)

    def counting(rel: str) -> list[tuple[str, int, int]]:
        reads.append(rel)
        return known(rel)

    stored = _listings(idx)
    assert _summary(dircheck.check(root, stored, counting, False)) == ([], [], ["", "a", "a/deep", "b", "c"])
    assert reads == []  # no folder's rows were read
    p = root / "a" / "deep" / "n3.md"  # an edit in place that keeps size and folder mtime
    st = p.stat()
    p.write_text(p.read_text().replace("body", "BODY"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    os.utime(p.parent, ns=(p.parent.stat().st_atime_ns, p.parent.stat().st_mtime_ns))
    monkeypatch.setattr(dircheck, "PARALLEL_FILES", 0 if parallel else 10**9)
    report = idx.refresh(full=True)
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 1, 0, 19)
    assert "BODY" in idx.get("a/deep/n3").text
    after = _listings(idx)
    assert after["a/deep"] is None and all(after[d] == stored[d] for d in ("", "a", "b", "c"))
    idx.close()


def test_a_write_to_a_folders_rows_clears_its_digest(tmp_path: Path) -> None:
    root, idx = _indexed(tmp_path)
    idx.refresh(full=True)
    with sqlite3.connect(idx.db_path) as other:  # e.g. another thaw writing the row
        other.execute("UPDATE files SET mtime_ns = 1 WHERE rel = 'b/n1.md'")
    listings = _listings(idx)
    assert listings["b"] is None and all(listings[d] is not None for d in ("", "a", "a/deep", "c"))
    report = idx.refresh(full=True)  # the folder is compared row by row again: the file differs
    assert (report.changed, report.unchanged) == (1, 19)
    idx.close()


def test_listings_are_not_kept_when_another_connection_wrote_during_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, idx = _indexed(tmp_path)
    real = dircheck.check

    def racing(*args: object, **kw: object) -> dircheck.CheckResult:
        found = real(*args, **kw)  # type: ignore[arg-type]
        with sqlite3.connect(idx.db_path) as other:
            other.execute("INSERT OR REPLACE INTO meta VALUES ('touched', '1')")
        return found

    monkeypatch.setattr(dircheck, "check", racing)
    idx.refresh(full=True)
    assert set(_listings(idx).values()) == {None}
    monkeypatch.setattr(dircheck, "check", real)
    idx.refresh(full=True)
    assert None not in _listings(idx).values()
    idx.close()


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_file_list_gives_back_what_was_added_in_order(on_disk: bool) -> None:
    from thaw_cli.ingest.corpus import SourceFile
    from thaw_cli.store.dircheck import FileList

    files = [SourceFile("a/b.md", 1, 2), SourceFile("a/c\udcff.md", 3, 4), SourceFile("x.md", 5, 6),
             SourceFile("a/d/é.txt", 7, 8), SourceFile("a/f.md", 2**62, 0)]
    got = FileList(files[:2], on_disk=on_disk)
    got += FileList(files[2:4])
    got += files[4:]
    assert list(got) == files and list(got) == files  # read again from the start
    assert len(got) == 5 and files[1] in got and SourceFile("a/b.md", 1, 3) not in got
    assert not FileList(on_disk=on_disk) and list(FileList(on_disk=on_disk)) == []
