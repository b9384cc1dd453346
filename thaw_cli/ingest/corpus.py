"""The corpus: finding article files in a folder, naming them, and reading each into an Article.

Files → Article is the first step of thaw's one-way data flow; nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any, NamedTuple

from thaw_cli.core.dates import normalize_iso
from thaw_cli.core.errors import FileProblem
from thaw_cli.core.models import Article, Page
from thaw_cli.core.words import count_words
from thaw_cli.ingest import sniff

MARKDOWN_EXTENSIONS = (".md", ".markdown")
TEXT_EXTENSIONS = (".txt",)
HTML_EXTENSIONS = (".html", ".htm")  # saved web pages, read with trafilatura (thaw_cli.ingest.html)
EXTENSIONS = MARKDOWN_EXTENSIONS + TEXT_EXTENSIONS + HTML_EXTENSIONS

KNOWN_FIELDS = (
    "title", "kicker", "standfirst", "date", "author", "authors", "source", "section",
    "url", "language", "tags",
)


class SourceFile(NamedTuple):
    """An article file as found on disk: its path relative to the corpus and its stat.

    (A named tuple: a full check builds one per file, 190,000 at a time.)"""

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


def _valid_name(name: str) -> bool:
    """False for a file name whose bytes are not UTF-8 (Python keeps them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scan_dir(
    root: Path, rel: str, follow_links: bool = False
) -> tuple[list[SourceFile], list[str], list[tuple[str, str]]]:
    """One folder of the corpus: its article files, its sub-folders (relative), and problems.

    Hidden files and folders are skipped; symbolic links are followed only when they point
    inside the corpus (or anywhere with `follow_links`); folder links are never followed, so
    a link loop cannot trap the scan.
    """
    subdirs: list[str] = []
    problems: list[tuple[str, str]] = []
    prefix = f"{rel}/" if rel else ""
    files = [SourceFile(prefix + name, st.st_mtime_ns, st.st_size)
             for name, st in _article_stats(root, rel, follow_links, subdirs, problems)]
    return files, subdirs, problems


def list_dir(
    root: Path, rel: str, follow_links: bool = False
) -> tuple[list[tuple[str, int, int]], list[str], list[tuple[str, str]]]:
    """One folder's article files as (name, mtime_ns, size) in listing order (not sorted),
    its sub-folders (relative to the corpus) and problems: what a full check compares."""
    subdirs: list[str] = []
    problems: list[tuple[str, str]] = []
    found = [(name, st.st_mtime_ns, st.st_size)
             for name, st in _article_stats(root, rel, follow_links, subdirs, problems)]
    return found, subdirs, problems


def diff_dir(
    rel: str, found: list[tuple[str, int, int]], known: list[tuple[str, int, int]]
) -> tuple[list[SourceFile], list[str]]:
    """A folder's listing (`list_dir`) against what the index holds for it (`known`: (name,
    mtime_ns, size) sorted by name): the new or changed article files and the known files that
    are gone, as paths relative to the corpus. A folder with nothing changed (the common case)
    is settled by comparing two sorted lists, without a record per file."""
    found = sorted(found)
    if found == known:
        return [], []
    prefix = f"{rel}/" if rel else ""
    before = {name: (mtime, size) for name, mtime, size in known}
    changed = [SourceFile(prefix + name, mtime, size) for name, mtime, size in found
               if before.get(name) != (mtime, size)]
    present = {name for name, _, _ in found}
    return changed, [prefix + name for name in before if name not in present]


def _article_stats(
    root: Path, rel: str, follow_links: bool, subdirs: list[str], problems: list[tuple[str, str]]
) -> Iterator[tuple[str, os.stat_result]]:
    """(name, stat) of each article file of one folder; appends its sub-folders (relative to
    the corpus) and problems to the lists given."""
    folder = root / rel if rel else root
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        problems.append((rel or ".", f"cannot read folder: {exc.strerror or exc}"))
        return
    prefix = f"{rel}/" if rel else ""
    real_root: list[str] = []
    for entry in entries:
        name = entry.name
        # the common case first: a plain regular file (known from the folder listing, no
        # system call) with an article extension and a plain name
        if name[0] != "." and name.isascii() and name.lower().endswith(EXTENSIONS) \
                and entry.is_file(follow_symlinks=False):
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                problems.append((prefix + name, f"cannot stat: {exc.strerror or exc}"))
                continue
        else:
            st = _odd_entry(entry, prefix, follow_links, real_root, root, subdirs, problems)
            if st is None:
                continue
        mode = st.st_mode
        if not S_ISREG(mode):
            if not S_ISDIR(mode):
                problems.append((prefix + name, "not a regular file"))
            continue
        yield name, st


def _odd_entry(entry: os.DirEntry[str], prefix: str, follow_links: bool, real_root: list[str], root: Path,
               subdirs: list[str], problems: list[tuple[str, str]]) -> os.stat_result | None:
    """The stat of an entry that is not a plain article file (a link, a folder, an odd name),
    when it is an article to read; None otherwise (noting folders and problems)."""
    name = entry.name
    if name[0] == ".":
        return None
    child = prefix + name
    if not name.isascii() and not _valid_name(name):
        if is_article_name(name) or entry.is_dir(follow_symlinks=False):
            problems.append((child, "name is not valid UTF-8 text; skipped"))
        return None
    try:
        if entry.is_symlink():
            if not is_article_name(name):
                return None
            if not real_root:
                real_root.append(os.path.realpath(root))
            target = os.path.realpath(entry.path)
            if not follow_links and not _inside(target, real_root[0]):
                problems.append((child, "symbolic link to outside the corpus, not followed"))
                return None
            try:
                return os.stat(entry.path)
            except OSError as exc:
                loop = exc.errno == errno.ELOOP
                problems.append((child, "symbolic link loop" if loop else "broken symbolic link"))
                return None
        if entry.is_dir(follow_symlinks=False):
            subdirs.append(child)
            return None
        if not name.lower().endswith(EXTENSIONS):
            return None
        return entry.stat(follow_symlinks=False)
    except OSError as exc:
        problems.append((child, f"cannot stat: {exc.strerror or exc}"))
        return None


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

def read_text(path: Path | str, max_size: int) -> str:
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
        data = _read_fd(fd, st.st_size, max_size + 1)
    except OSError as exc:
        raise FileProblem(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_size:
        raise FileProblem(f"larger than the size limit ({max_size:,} bytes)")
    return decode(data)


def _read_fd(fd: int, size: int, limit: int) -> bytes:
    """Up to `limit` bytes of an open file, to its end.

    The first read asks for the size `fstat` gave plus one byte (a buffered read of `limit`
    bytes would allocate the whole 20 MB limit for every small file); a file that grew is read
    on, up to `limit`. When the first read returns exactly the size, the file ends there (a
    read of a regular file stops short only at its end): no second read to confirm it.
    """
    chunks: list[bytes] = []
    got = 0
    want = min(size + 1, limit)
    while got < limit:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        if got == size and len(chunks) == 1:
            break  # one byte short of the first request: the end (asking again costs a system call)
        want = min(max(size, 64 * 1024), limit - got)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
)
# Only the bytes around non-ASCII characters tell encodings apart: large files are detected on
# a sample of them, so a 10 MB page costs no more than a short one.
_DETECT_SAMPLE = 64 * 1024
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")


def decode(data: bytes) -> str:
    """Text from bytes: a BOM wins, then UTF-8, then charset-normalizer's detection.

    When the detector cannot tell single-byte Western encodings apart (a short page, few
    accents), windows-1252 is chosen, as browsers do for pages labelled Latin-1.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise FileProblem(f"invalid {encoding.upper()} text after its byte-order mark") from None
            if encoding != "utf-8" and sniff.garbled(text):
                raise FileProblem(f"binary data, not {encoding.upper()} text")
            return text
    head = data[:sniff.HEAD]
    kind = sniff.binary_format(head)
    if kind is not None:
        raise FileProblem(f"binary data ({kind}), not text")
    if sniff.binary_head(head):
        raise FileProblem("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = detect_encoding(data)
    # (UTF-16 and UTF-32 are read by their byte-order mark: a guess of them for bytes without
    # one is a guess for bytes with no NUL, which text in them has unless it is all CJK)
    if encoding is None or encoding.replace("-", "_").lower().startswith(("utf_16", "utf_32")):
        raise FileProblem("binary data or an unknown text encoding")
    text = data.decode(encoding, errors="replace")
    if sniff.garbled(text):
        raise FileProblem("binary data or an unknown text encoding")
    return text


def detect_encoding(data: bytes) -> str | None:
    """The encoding of non-UTF-8 text according to charset-normalizer, or None for non-text."""
    from charset_normalizer import from_bytes

    sample = data
    if len(data) > _DETECT_SAMPLE:
        words: list[bytes] = []
        size = 0
        for m in _HIGH_BYTES.finditer(data):
            words.append(data[max(0, m.start() - 24):m.end() + 24])
            size += len(words[-1])
            if size > _DETECT_SAMPLE:
                break
        sample = data[:_DETECT_SAMPLE // 4] + b"\n" + b"\n".join(words)
    matches = from_bytes(sample)
    best = matches.best()
    if best is None:
        return None
    for m in matches:
        tied = m.chaos <= best.chaos + 0.005 and m.coherence >= best.coherence - 0.005
        if tied and "cp1252" in m.could_be_from_charset:
            return "cp1252"
    return best.encoding


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
    return sum(count_words(p) for p in parts if p)


def parse_date_field(value: Any) -> str | None:
    iso = normalize_iso(value)
    if iso is None and isinstance(value, str):
        from thaw_cli.ingest.datetext import (
            parse_date_text,  # (lazy: its date patterns, for text dates only)
        )

        iso = parse_date_text(value)
    return iso


# Front matter bounds: YAML aliases can make a few lines expand into billions of nodes
# ("billion laughs"), so the expanded size is measured on the composed node graph first.
MAX_FRONT_MATTER = 64 * 1024
MAX_FRONT_MATTER_NODES = 10_000


def _expanded_nodes(node: Any, limit: int) -> int:
    """How many nodes the YAML node graph has once aliases are expanded (stops past `limit`)."""
    import yaml

    memo: dict[int, int] = {}

    def size(n: Any, depth: int) -> int:
        if id(n) in memo:
            return memo[id(n)]
        if depth > 100:
            return limit + 1
        total = 1
        if isinstance(n, yaml.SequenceNode):
            children = n.value
        elif isinstance(n, yaml.MappingNode):
            children = [x for pair in n.value for x in pair]
        else:
            children = []
        for child in children:
            total += size(child, depth + 1)
            if total > limit:
                break
        memo[id(n)] = total
        return total

    return size(node, 0) if node is not None else 0


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """YAML front matter (safe loading only), the body after it, and notes on what was ignored.

    Malformed YAML, a block without its closing `---`, YAML that is not a mapping, an oversized
    block or one whose aliases expand too far are ignored with a note, never an exception.
    """
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text, []
    parts = handler.FM_BOUNDARY.split(text, 2)
    if len(parts) < 3:
        return {}, text, ["front matter has no closing '---'; read as plain text"]
    _, fm, content = parts
    if len(fm) > MAX_FRONT_MATTER:
        return {}, content, [f"front matter larger than {MAX_FRONT_MATTER // 1024} KB; ignored"]
    try:
        node = yaml.compose(fm, Loader=yaml.SafeLoader)
        if _expanded_nodes(node, MAX_FRONT_MATTER_NODES) > MAX_FRONT_MATTER_NODES:
            return {}, content, ["front matter expands to too many values (YAML aliases); ignored"]
        meta = yaml.load(fm, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader: no object tags
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, text, [f"malformed front matter ({first}); read as plain text"]
    if meta is None:
        return {}, content, []
    if not isinstance(meta, dict):
        return {}, content, [f"front matter is a {type(meta).__name__}, not a mapping; ignored"]
    return meta, content, []


def article_from_markdown(article_id: str, path: str, text: str) -> tuple[Article, list[str]]:
    """A Markdown file with optional YAML front matter (safe loading only)."""
    meta, body, notes = split_front_matter(text)
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
    if meta.get("authors", meta.get("author")) is not None and not authors:
        notes.append("front matter 'author' is not a name or a list of names; ignored")
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


@lru_cache(maxsize=16)
def _root_text(root: str) -> str:
    return str(Path(root))


def article_path(root: Path | str, rel: str) -> str:
    """`str(Path(root) / rel)`, joined as text when `rel` is a plain relative path (the
    scanner's: "/" between parts, none empty or "."), which pathlib would not change."""
    parts = rel.split("/")
    if os.sep != "/" or "" in parts or "." in parts:
        return str(Path(root) / rel)
    base = _root_text(str(root))
    if base == ".":
        return rel  # Path(".") / rel is rel
    return base + rel if base.endswith("/") else f"{base}/{rel}"  # ("/" and "//" end with one)


def load_article(root: Path | str, rel: str, article_id: str, max_size: int) -> tuple[Article, list[str]]:
    """Read one corpus file into an Article, with notes on anything odd that was ignored.

    Raises FileProblem when the file cannot be an article (binary, too large, unreadable,
    empty).
    """
    path = article_path(root, rel)
    text = read_text(path, max_size)
    if not text or text.isspace():  # (what `not text.strip()` tells, without the copy)
        raise FileProblem("empty file")
    article, notes = article_from_file(article_id, path, rel, text)
    if (not article.body or article.body.isspace()) and not article.title:
        raise FileProblem("no article text found")
    return article, notes


def article_from_file(article_id: str, path: str, name: str, text: str) -> tuple[Article, list[str]]:
    """The article in a file's text, read by the file's kind (its name's extension): Markdown
    keeps its front matter, a saved web page goes through trafilatura, anything else is a raw
    page for the cleaner. Also returns notes on front matter that was ignored."""
    kind = name.lower()
    if kind.endswith(MARKDOWN_EXTENSIONS):
        return article_from_markdown(article_id, path, text)
    if kind.endswith(HTML_EXTENSIONS):
        from thaw_cli.ingest.html import parse_html  # (trafilatura and lxml: only for HTML files)

        return article_from_page(article_id, path, parse_html(text)), []
    from thaw_cli.ingest.cleaning import clean_page  # (not needed by Markdown-only corpora)

    return article_from_page(article_id, path, clean_page(text)), []
