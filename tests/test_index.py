from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from thaw_cli.core.errors import ThawError
from thaw_cli.core.models import ArticleFilter
from thaw_cli.store import index as index_mod
from thaw_cli.store import workers
from thaw_cli.store.index import Index, open_index
from thaw_cli.store.search import search

MD = "---\ntitle: {title}\ndate: 2020-01-0{day}\n---\n{body}\n"


def _write(path: Path, title: str, body: str, day: int = 1) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MD.format(title=title, body=body, day=day), encoding="utf-8")


def _bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _ids(idx: Index) -> list[str]:
    return sorted(a.id for a in idx.list_articles(ArticleFilter()))


def _open(corpus: Path, tmp_path: Path) -> Index:
    return open_index(corpus, tmp_path / "idx.sqlite3", max_size=1 << 20)


def test_first_open_indexes_everything(corpus: Path, tmp_path: Path) -> None:
    idx = _open(corpus, tmp_path)
    report = idx.refresh()
    assert report.full and report.added == 3
    assert _ids(idx) == ["cafe", "undated", "world/trade-deal"]
    again = idx.refresh()
    assert (again.added, again.changed, again.removed) == (0, 0, 0)
    assert not again.full


def test_quick_check_sees_added_changed_removed_and_renamed(corpus: Path, tmp_path: Path) -> None:
    idx = _open(corpus, tmp_path)
    idx.refresh()
    _write(corpus / "new.md", "Fresh news", "Something about zeppelins.")
    r = idx.refresh()
    assert r.added == 1 and "new" in _ids(idx)
    assert search(idx, "zeppelins", ArticleFilter())[0].id == "new"

    # an edit in place of a recently modified file (folder mtime unchanged)
    folder_mtime = corpus.stat().st_mtime_ns
    _write(corpus / "new.md", "Fresh news", "Now about airships instead.")
    _bump_mtime(corpus / "new.md")
    os.utime(corpus, ns=(folder_mtime, folder_mtime))
    r = idx.refresh()
    assert r.changed == 1
    assert search(idx, "airships", ArticleFilter())[0].id == "new"
    assert search(idx, "zeppelins", ArticleFilter()) == []

    (corpus / "new.md").rename(corpus / "renamed.md")
    idx.refresh()
    assert "renamed" in _ids(idx) and "new" not in _ids(idx)

    (corpus / "renamed.md").unlink()
    r = idx.refresh()
    assert r.removed == 1 and "renamed" not in _ids(idx)


def test_new_and_removed_subfolders(corpus: Path, tmp_path: Path) -> None:
    idx = _open(corpus, tmp_path)
    idx.refresh()
    _write(corpus / "asia" / "deep" / "x.md", "Deep", "Deep story.")
    idx.refresh()
    assert "asia/deep/x" in _ids(idx)
    _write(corpus / "asia" / "deep" / "y.md", "Deeper", "Another.")
    idx.refresh()
    assert "asia/deep/y" in _ids(idx)
    for p in (corpus / "asia" / "deep").iterdir():
        p.unlink()
    (corpus / "asia" / "deep").rmdir()
    (corpus / "asia").rmdir()
    idx.refresh()
    assert not [i for i in _ids(idx) if i.startswith("asia/")]


def test_ids_keep_extension_when_stems_clash(corpus: Path, tmp_path: Path) -> None:
    idx = _open(corpus, tmp_path)
    idx.refresh()
    (corpus / "cafe.txt").write_text("Cafe notes\n\nA plain text page about cafés.\n", encoding="utf-8")
    idx.refresh()
    assert {"cafe.md", "cafe.txt"} <= set(_ids(idx))
    (corpus / "cafe.txt").unlink()
    idx.refresh()
    assert "cafe" in _ids(idx) and "cafe.md" not in _ids(idx)


def test_edit_of_an_old_file_is_seen_by_a_full_refresh(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "RECENT_SAMPLE", 0)
    monkeypatch.setattr(index_mod, "ROTATING_SAMPLE", 0)
    idx = _open(corpus, tmp_path)
    idx.refresh()
    folder = corpus / "world"
    before = folder.stat().st_mtime_ns
    _write(folder / "trade-deal.md", "Changed title", "Body mentions walruses.")
    _bump_mtime(folder / "trade-deal.md")
    os.utime(folder, ns=(before, before))
    idx.refresh()  # quick check with no sampling cannot see it: documented limit
    assert search(idx, "walruses", ArticleFilter()) == []
    r = idx.refresh(full=True)
    assert r.changed == 1
    assert search(idx, "walruses", ArticleFilter())[0].id == "world/trade-deal"


def test_resolve_id_exact_prefix_ambiguous_unknown(corpus: Path, tmp_path: Path) -> None:
    _write(corpus / "12.md", "Twelve", "twelve")
    _write(corpus / "123.md", "One two three", "numbers")
    idx = _open(corpus, tmp_path)
    idx.refresh()
    assert idx.resolve_id("12") == "12"
    assert idx.resolve_id("123") == "123"
    assert idx.resolve_id("caf") == "cafe"
    assert idx.resolve_id("world/") == "world/trade-deal"
    with pytest.raises(ThawError, match="ambiguous.*12, 123"):
        idx.resolve_id("1")
    with pytest.raises(ThawError, match="no article"):
        idx.resolve_id("zzz")


def test_corrupt_index_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "idx.sqlite3"
    idx = open_index(corpus, db, max_size=1 << 20)
    idx.refresh()
    idx.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data[: len(data) // 2]))
    idx = open_index(corpus, db, max_size=1 << 20)
    report = idx.refresh()
    assert any("rebuilt" in n or "unreadable" in n or "corrupt" in n for n in report.notes)
    assert len(_ids(idx)) == 3


def test_old_schema_version_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "idx.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE articles (x)")
    conn.execute(f"PRAGMA application_id = {index_mod.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    idx = open_index(corpus, db, max_size=1 << 20)
    report = idx.refresh()
    assert any("schema" in n for n in report.notes)
    assert len(_ids(idx)) == 3


def test_a_file_that_is_not_an_index_is_never_overwritten(corpus: Path, tmp_path: Path) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes, not a database\n" * 10)
    with pytest.raises(ThawError, match="not a thaw index"):
        open_index(corpus, precious, max_size=1 << 20)
    assert precious.read_text().startswith("my notes")


def test_unwritable_index_folder_falls_back_to_memory(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    idx = open_index(corpus, blocker / "sub" / "idx.sqlite3", max_size=1 << 20)
    report = idx.refresh()
    assert idx.db_path is None
    assert any("in-memory" in n for n in report.notes)
    assert len(_ids(idx)) == 3


def test_interrupted_full_refresh_is_completed_next_time(corpus: Path, tmp_path: Path) -> None:
    idx = _open(corpus, tmp_path)
    idx.refresh()
    idx.conn.execute("UPDATE meta SET value = '0' WHERE key = 'complete'")
    idx.conn.execute("DELETE FROM files WHERE rel = 'cafe.md'")
    idx.conn.execute("DELETE FROM articles WHERE rel = 'cafe.md'")
    report = idx.refresh()
    assert report.full
    assert "cafe" in _ids(idx)


def test_filters(corpus: Path, tmp_path: Path) -> None:
    idx = _open(corpus, tmp_path)
    idx.refresh()
    assert [a.id for a in idx.list_articles(ArticleFilter(source="example"))] == ["world/trade-deal"]
    assert [a.id for a in idx.list_articles(ArticleFilter(since="2021-01-01"))] == ["world/trade-deal"]
    assert [a.id for a in idx.list_articles(ArticleFilter(until="2020-05-15"))] == ["cafe"]
    assert [a.id for a in idx.list_articles(ArticleFilter(author="jane"))] == ["world/trade-deal"]
    assert [a.id for a in idx.list_articles(ArticleFilter(tag="health"))] == ["cafe"]
    # undated articles sort last
    assert [a.id for a in idx.list_articles(ArticleFilter())][-1] == "undated"


def test_large_change_set_uses_the_worker_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "many"
    for i in range(index_mod.PARALLEL_THRESHOLD + 10):
        _write(root / f"d{i % 3}" / f"a{i}.md", f"Article {i}", f"Body number {i} about item{i}.")
    idx = open_index(root, tmp_path / "many.sqlite3", max_size=1 << 20)
    pools = []
    real_pool = workers.pool

    def counted(processes: int, *args: Any, **kwargs: Any) -> Any:
        pools.append(processes)
        return real_pool(processes, *args, **kwargs)

    monkeypatch.setattr(workers, "pool", counted)
    report = idx.refresh()
    assert report.added == index_mod.PARALLEL_THRESHOLD + 10
    assert search(idx, "item7", ArticleFilter())[0].id == "d1/a7"
    if (os.cpu_count() or 1) >= 2:
        assert pools == [min(os.cpu_count() or 2, 2)]  # (was a timed guard against a hang, which never caught one)


def test_workers_replaced_after_every_chunk_index_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parsing worker is replaced after WORKER_TASKS chunks (its caches go with it): with a
    fresh worker for every chunk, the index holds the same rows as with long-lived ones."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("the worker pool needs two cores")
    root = tmp_path / "many"
    for i in range(index_mod.PARALLEL_THRESHOLD * 3):
        _write(root / f"d{i % 4}" / f"a{i}.md", f"Article {i} on trade", f"Japan and China agreed on item{i}. The deal covers steel.")
    asked: list[Any] = []
    real_pool = workers.pool

    def pool(processes: int, *args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("maxtasksperchild"))
        return real_pool(processes, *args, **kwargs)

    monkeypatch.setattr(workers, "pool", pool)
    def rows(db: Path) -> list[Any]:
        conn = sqlite3.connect(db)
        try:
            # (rowids follow the order the workers finish in: rows are compared by article id)
            out = conn.execute(
                f"SELECT {index_mod.ARTICLE_COLUMNS}, x.data, x.agreements, x.fingerprint, t.body FROM articles a "
                "JOIN analysis x ON x.rowid = a.rowid JOIN texts t ON t.rowid = a.rowid ORDER BY a.id").fetchall()
        finally:
            conn.close()
        return out

    got = {}
    for tasks in (500, 1):
        monkeypatch.setattr(index_mod, "WORKER_TASKS", tasks)
        db = tmp_path / f"index-{tasks}.sqlite3"
        idx = open_index(root, db, max_size=1 << 20)
        report = idx.refresh()
        idx.close()
        assert report.added == index_mod.PARALLEL_THRESHOLD * 3
        got[tasks] = rows(db)
    assert asked == [500, 1]
    assert got[1] == got[500]


# --- _rows' shortcuts give what the plain calls give -------------------------------------

def test_reused_json_encoder_writes_what_json_dumps_writes() -> None:
    import json

    values = [
        [], {}, "", "plain", "é\u2028\u0000\x1f\"\\/\ud800", 0, -1, 2**70, 1.5, 1e300, float("nan"),
        float("inf"), -0.0, True, False, None, [[1, "a"], {"k": [None, 2.25]}],
        {"entities": [["Tokyo", "place", ["Tokyo"], 3]], "events": [], "terms": ["w:x"], "sig": [1, 2]},
        {"b": 1, "a": 2, "": {"é": "\n"}}, ("tuple", 1),
    ]
    for value in values:
        assert index_mod._to_json(value) == json.dumps(value, ensure_ascii=False), value


def test_ascii_text_has_no_marks_or_cjk_column() -> None:
    from thaw_cli.analysis.pipeline import Analysis
    from thaw_cli.analysis.terms import indexed
    from thaw_cli.core.models import Article
    from thaw_cli.core.text import CJK
    from thaw_cli.store.textblob import unpack_text

    assert not any(c.isascii() for c in index_mod.MARK_START + index_mod.MARK_END)
    assert not any(CJK.match(chr(c)) for c in range(128))
    for text in ("plain text", f"marked {index_mod.MARK_START}x{index_mod.MARK_END}", "café", "日本 text"):
        assert index_mod._unmarked(text) == text.translate(index_mod._MARKS)
        for a in (Article(id="a", path="a.txt", title=text, body="body"),
                  Article(id="a", path="a.txt", standfirst=text, body="body"),
                  Article(id="a", path="a.txt", body=text)):
            _, _, fts, stored = index_mod._rows(a, Analysis())
            body = unpack_text(stored)
            assert body == a.body.translate(index_mod._MARKS)
            assert fts[3] == index_mod._cjk_column(a.title, a.standfirst, body)
            lead = a.standfirst or body
            assert fts[:3] == (indexed(a.title or ""), indexed(lead), indexed(body))
            assert not any(m in "".join(fts) for m in index_mod.MARK_START + index_mod.MARK_END)


def test_stored_agreements_are_asdict_without_the_article() -> None:
    import json
    from dataclasses import asdict

    from thaw_cli.analysis.codec import agreements_to_json
    from thaw_cli.core.models import Agreement

    items = [
        Agreement("a/1", "trade", ["Japan", "South Korea"], "tariffs", "concluded", "1987-03-02",
                  ["Japan and South Korea signed a trade accord."], {"Japan": "buyer"}),
        Agreement("b", "loan", [], "", "planned", None, []),
    ]
    expected = [{k: v for k, v in asdict(a).items() if k != "article"} for a in items]
    assert agreements_to_json(items) == expected
    assert index_mod._to_json(agreements_to_json(items)) == json.dumps(expected, ensure_ascii=False)
