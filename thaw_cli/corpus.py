"""The corpus: finding article files in a folder, naming them, and reading each into an Article.

Files → Article is the first step of thaw's one-way data flow; nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thaw_cli.dates import normalize_iso
from thaw_cli.errors import FileProblem
from thaw_cli.models import Article, Page

MARKDOWN_EXTENSIONS = (".md", ".markdown")
TEXT_EXTENSIONS = (".txt",)
EXTENSIONS = MARKDOWN_EXTENSIONS + TEXT_EXTENSIONS

KNOWN_FIELDS = (
    "title", "kicker", "standfirst", "date", "author", "authors", "source", "section",
    "url", "language", "tags",
)


@dataclass(frozen=True)
class SourceFile:
    """An article file as found on disk: its path relative to the corpus and its stat."""

    rel: str
    mtime_ns: int
    size: int


def is_article_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(EXTENSIONS)


def rel_dir(rel: str) -> str:
    return rel.rpartition("/")[0]


def stem(rel: str) -> str:
    base, dot, ext = rel.rpartition(".")
    return base if dot and "/" not in ext else rel


def assign_ids(rels: Iterable[str]) -> dict[str, str]:
    """Article ids: the relative path without its extension, `/` between folders.

    When two files differ only by extension, both keep their extension (`a.md`, `a.txt`).
    """
    rels = list(rels)
    counts = Counter(stem(r) for r in rels)
    return {r: (r if counts[stem(r)] > 1 else stem(r)) for r in rels}


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan_dir(
    root: Path, rel: str, follow_links: bool = False
) -> tuple[list[SourceFile], list[str], list[tuple[str, str]]]:
    """One folder of the corpus: its article files, its sub-folders (relative), and problems.

    Hidden files and folders are skipped; symbolic links are followed only when they point
    inside the corpus (or anywhere with `follow_links`); folder links are never followed, so
    a link loop cannot trap the scan.
    """
    files: list[SourceFile] = []
    subdirs: list[str] = []
    problems: list[tuple[str, str]] = []
    folder = root / rel if rel else root
    real_root = os.path.realpath(root)
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        problems.append((rel or ".", f"cannot read folder: {exc.strerror or exc}"))
        return files, subdirs, problems
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        child = f"{rel}/{name}" if rel else name
        try:
            if entry.is_symlink():
                if not is_article_name(name):
                    continue
                target = os.path.realpath(entry.path)
                if not follow_links and not _inside(target, real_root):
                    problems.append((child, "symbolic link to outside the corpus, not followed"))
                    continue
                try:
                    st = os.stat(entry.path)
                except OSError:
                    problems.append((child, "broken symbolic link"))
                    continue
            elif entry.is_dir(follow_symlinks=False):
                subdirs.append(child)
                continue
            else:
                if not is_article_name(name):
                    continue
                st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            problems.append((child, f"cannot stat: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            continue
        if not stat.S_ISREG(st.st_mode):
            problems.append((child, "not a regular file"))
            continue
        files.append(SourceFile(child, st.st_mtime_ns, st.st_size))
    return files, subdirs, problems


def scan(
    root: Path, follow_links: bool = False
) -> tuple[dict[str, SourceFile], dict[str, int], list[tuple[str, str]]]:
    """Every article file below `root`, every folder's mtime (for the freshness check), problems.

    A folder's mtime is read before its entries, so a change made during the scan is seen by
    the next check.
    """
    files: dict[str, SourceFile] = {}
    dirs: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    pending = [""]
    while pending:
        rel = pending.pop()
        try:
            dirs[rel] = os.stat(root / rel if rel else root).st_mtime_ns
        except OSError:
            continue
        found, subdirs, trouble = scan_dir(root, rel, follow_links)
        problems.extend(trouble)
        for f in found:
            files[f.rel] = f
        pending.extend(subdirs)
    return files, dirs, problems


# --- reading one file -------------------------------------------------------------------

_NUL_RUN = re.compile(b"\x00")


def read_text(path: Path, max_size: int) -> str:
    """Read and decode an article file; FileProblem for anything that is not text."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FileProblem(f"cannot open: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileProblem("not a regular file")
        if st.st_size > max_size:
            raise FileProblem(f"larger than the size limit ({st.st_size:,} > {max_size:,} bytes)")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_size + 1)
    except OSError as exc:
        raise FileProblem(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_size:
        raise FileProblem(f"larger than the size limit ({max_size:,} bytes)")
    return decode(data)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("invalid UTF-16 text") from None
    head = data[:8192]
    if _NUL_RUN.search(head) or _looks_binary(head):
        raise FileProblem("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace")


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.1


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = [v for v in value if isinstance(v, (str, int, float))]
    else:
        return []
    return [str(v).strip() for v in items if str(v).strip()]


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return _names(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def normalize_body(text: str) -> str:
    """Unix newlines, trailing spaces off, paragraphs separated by exactly one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    out = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", out)


def word_count(*parts: str | None) -> int:
    return sum(len(p.split()) for p in parts if p)


def parse_date_field(value: Any) -> str | None:
    iso = normalize_iso(value)
    if iso is None and isinstance(value, str):
        from thaw_cli.datetext import parse_date_text

        iso = parse_date_text(value)
    return iso


def article_from_markdown(article_id: str, path: str, text: str) -> tuple[Article, list[str]]:
    """A Markdown file with optional YAML front matter (safe loading only)."""
    import frontmatter
    import yaml

    notes: list[str] = []
    meta: dict[str, Any] = {}
    body = text
    try:
        post = frontmatter.loads(text)
        if isinstance(post.metadata, dict):
            meta = dict(post.metadata)
            body = post.content
        else:
            notes.append("front matter is not a mapping; ignored")
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        notes.append(f"malformed front matter ({first}); read as plain text")
    body = normalize_body(body)
    title = _text(meta.get("title"))
    if title is None:
        heading = re.match(r"#\s+(.+)\n*", body)
        if heading:
            title = heading.group(1).strip()
            body = body[heading.end():]
    if "title" in meta and title is None:
        notes.append("front matter 'title' is not text; ignored")
    date = parse_date_field(meta.get("date"))
    if meta.get("date") is not None and date is None:
        notes.append(f"front matter 'date' is not a date ({str(meta.get('date'))[:40]!r}); ignored")
    authors = _names(meta.get("authors", meta.get("author")))
    standfirst = _text(meta.get("standfirst"))
    extra = {str(k): _jsonable(v) for k, v in meta.items() if k not in KNOWN_FIELDS}
    article = Article(
        id=article_id,
        path=path,
        title=title,
        kicker=_text(meta.get("kicker")),
        standfirst=standfirst,
        date=date,
        authors=authors,
        source=_text(meta.get("source")),
        section=_text(meta.get("section")),
        url=_text(meta.get("url")),
        language=_text(meta.get("language")),
        tags=_tags(meta.get("tags")),
        body=body,
        extra=extra,
        words=word_count(standfirst, body),
    )
    return article, notes


def article_from_page(article_id: str, path: str, page: Page) -> Article:
    return Article(
        id=article_id,
        path=path,
        title=page.title,
        kicker=page.kicker,
        standfirst=page.standfirst,
        date=page.date,
        authors=list(page.authors),
        source=page.source,
        section=page.section,
        url=page.url,
        language=page.language,
        tags=list(page.tags),
        body=page.body,
        words=word_count(page.standfirst, page.body),
    )


def load_article(root: Path, rel: str, article_id: str, max_size: int) -> tuple[Article, list[str]]:
    """Read one corpus file into an Article, with notes on anything odd that was ignored.

    Raises FileProblem when the file cannot be an article (binary, too large, unreadable,
    empty).
    """
    path = root / rel
    text = read_text(path, max_size)
    if not text.strip():
        raise FileProblem("empty file")
    if rel.lower().endswith(MARKDOWN_EXTENSIONS):
        article, notes = article_from_markdown(article_id, str(path), text)
    else:
        from thaw_cli.cleaning import clean_page

        article, notes = article_from_page(article_id, str(path), clean_page(text)), []
    if not article.body.strip() and not article.title:
        raise FileProblem("no article text found")
    return article, notes
