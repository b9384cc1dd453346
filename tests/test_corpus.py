"""corpus: the load path's shortcuts give what the plain calls give."""

from __future__ import annotations

import itertools
from pathlib import Path

from thaw_cli.ingest import corpus


def test_article_path_is_the_pathlib_join() -> None:
    roots = ["/tmp/c", "/tmp/c/", "/tmp//c", "tmp/c", "./c", "c/.", ".", "./", "/", "//", "///", "/a/../b", "", "é/ü"]
    rels = ["a.txt", "x/y/z.md", "a b/c.txt", "./a.txt", "a/./b.txt", "a//b.txt", "/abs.txt", "a/", "a/.",
            ".", "..", "../a.txt", "a/../b.txt", ".hidden/x.txt", "a\\b.txt", "é.txt", ""]
    for root, rel in itertools.product(roots, rels):
        for r in (root, Path(root)):
            assert corpus.article_path(r, rel) == str(Path(root) / rel), (root, rel)


def test_loaded_article_path_and_empty_checks(tmp_path: Path) -> None:
    import pytest

    from thaw_cli.core.errors import FileProblem

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("TITLE\n\nA line of text.\n", encoding="utf-8")
    for root in (tmp_path, str(tmp_path), f"{tmp_path}/"):
        article, _ = corpus.load_article(root, "a/x.txt", "a/x", 1 << 20)
        assert article.path == str(tmp_path / "a" / "x.txt")
    for blank in (" \n\t\u3000\x0c", "\u2028 \xa0"):
        (tmp_path / "b.txt").write_text(blank, encoding="utf-8")
        assert not blank.strip()
        with pytest.raises(FileProblem, match="empty file"):
            corpus.load_article(tmp_path, "b.txt", "b", 1 << 20)


def test_word_count_is_split_length() -> None:
    texts = ["", "one", "two words", "x " * 200, "a\x1cb\x1dc\x1ed\x1fe f\u3000g\xa0h", "é " * 80 + "\t\n"]
    for a, b in itertools.product(texts + [None], repeat=2):
        assert corpus.word_count(a, b) == sum(len(p.split()) for p in (a, b) if p)


def test_read_fd_reads_the_whole_file_whatever_size_fstat_gave(tmp_path: Path) -> None:
    """One read when the file has the size fstat gave; a file longer than that (it grew) is
    read on to its end, up to the limit."""
    import os

    for n in (0, 1, 5, 4096, 70_000, 200_000):
        data = bytes(i % 251 for i in range(n))
        path = tmp_path / f"f{n}"
        path.write_bytes(data)
        for size in {n, max(0, n - 1), n // 2, 0}:  # the size fstat gave: right, or the file grew since
            fd = os.open(path, os.O_RDONLY)
            try:
                assert corpus._read_fd(fd, size, 1 << 20) == data, (n, size)
            finally:
                os.close(fd)
        fd = os.open(path, os.O_RDONLY)
        try:
            assert corpus._read_fd(fd, n, 3) == data[:3]  # never more than the limit
        finally:
            os.close(fd)
