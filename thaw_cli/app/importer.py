"""`thaw add`: import raw pages or Markdown files into a corpus as front-matter Markdown.

Files are named `<date>-<slug of the title>.md`, written atomically (temporary file, then a
link or rename), never over an existing file unless `force`; the source is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thaw_cli.analysis import fingerprint
from thaw_cli.app.config import DEFAULT_MAX_SIZE
from thaw_cli.core.atomic import write_atomic
from thaw_cli.core.errors import FileProblem, ThawError
from thaw_cli.core.models import Article
from thaw_cli.ingest import corpus
from thaw_cli.ingest.cleaning import clean_page
from thaw_cli.ingest.fetch import fetch, is_url
from thaw_cli.ingest.html import looks_like_html, parse_html

SLUG_MAX = 80
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass
class ImportResult:
    imported: list[tuple[Path, Path, str]] = field(default_factory=list)  # source, dest, id
    problems: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)  # source, existing id


def slugify(text: str | None, max_length: int = SLUG_MAX) -> str:
    """A safe file-name stem: ASCII letters, digits and hyphens, bounded, never empty."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    folded = folded.replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2:] else cut
        slug = slug.strip("-")
    if not slug:
        slug = "untitled"
    if slug in _RESERVED:
        slug += "-article"
    return slug


def file_name(article: Article) -> str:
    slug = slugify(article.title)
    date = article.date[:10] if article.date else ""
    return f"{date}-{slug}.md" if date else f"{slug}.md"


def to_markdown(article: Article) -> str:
    import yaml

    meta: dict[str, Any] = {}
    for key in ("title", "kicker", "standfirst", "date"):
        value = getattr(article, key)
        if value:
            meta[key] = value
    if len(article.authors) == 1:
        meta["author"] = article.authors[0]
    elif article.authors:
        meta["author"] = list(article.authors)
    for key in ("source", "section", "url", "language"):
        value = getattr(article, key)
        if value:
            meta[key] = value
    if article.tags:
        meta["tags"] = list(article.tags)
    for key, value in article.extra.items():
        meta.setdefault(key, value)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return f"---\n{front}---\n\n{article.body.strip()}\n"


def read_source(path: Path) -> Article:
    """Read a file to import: raw text is cleaned, Markdown keeps its front matter."""
    if not path.exists():
        raise FileProblem("no such file")
    if path.is_dir():
        raise FileProblem("is a folder, not a file")
    text = corpus.read_text(path, DEFAULT_MAX_SIZE)
    if not text.strip():
        raise FileProblem("empty file")
    article, _ = corpus.article_from_file("", str(path), path.name, text)
    if not article.body.strip():
        raise FileProblem("no article text found")
    return article


def article_from_text(text: str, name: str, url: str | None = None) -> Article:
    """An article from text of unknown kind (standard input): HTML, Markdown with front
    matter (or a `# ` heading), else a raw page for the cleaner."""
    if not text.strip():
        raise FileProblem("empty input")
    if looks_like_html(text):
        article = corpus.article_from_page("", name, parse_html(text, url))
    elif text.lstrip("\ufeff").startswith(("---\n", "---\r\n", "# ")):
        article, _ = corpus.article_from_markdown("", name, text)
    else:
        article = corpus.article_from_page("", name, clean_page(text))
    if not article.body.strip():
        raise FileProblem("no article text found")
    return article


def read_url(url: str) -> Article:
    """Fetch a web page and extract its article; the URL and the fetch time are kept."""
    page = fetch(url)
    article = corpus.article_from_page("", url, parse_html(page.html, page.url))
    if not article.body.strip():
        raise FileProblem("no article text found")
    article.url = article.url or page.url
    article.extra["fetched"] = page.fetched
    return article


def read_stdin() -> Article:
    import sys

    data = sys.stdin.buffer.read(DEFAULT_MAX_SIZE + 1)
    if len(data) > DEFAULT_MAX_SIZE:
        raise FileProblem(f"standard input is larger than the size limit ({DEFAULT_MAX_SIZE:,} bytes)")
    return article_from_text(corpus.decode(data), "<stdin>")


def read_any(src: str | Path) -> Article:
    """A file, `-` (standard input) or an http(s) URL."""
    text = str(src)
    if text == "-":
        return read_stdin()
    if isinstance(src, str) and is_url(text):
        return read_url(text)
    return read_source(Path(src))


def import_files(
    sources: list[Path] | list[str | Path],
    target: Path,
    *,
    force: bool = False,
    known: Callable[[], Iterable[tuple[str, str | None, bytes | None]]] | None = None,
) -> ImportResult:
    """Import files, URLs or standard input (`-`) into `target` as Markdown.

    `known` gives (id, url, fingerprint) of the articles already in the target corpus: an
    article with the same URL or a near-duplicate text is refused, naming the existing id,
    unless `force`. Articles imported earlier in the same run count too.
    """
    target = target.expanduser()
    if target.exists() and not target.is_dir():
        raise ThawError(f"target is not a folder: {target}")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ThawError(f"cannot create {target}: {exc.strerror}") from None
    result = ImportResult()
    written: set[str] = set()
    batch: list[tuple[str, str | None, bytes | None]] = []
    for src in sources:
        try:
            article = read_any(src)
        except FileProblem as exc:
            result.problems.append((src, str(exc)))  # type: ignore[arg-type]
            continue
        sig = fingerprint.signature("\n\n".join(p for p in (article.title, article.text) if p))
        if not force:
            seen = fingerprint.find(sig, article.url, batch)
            if seen is None and known is not None:
                seen = fingerprint.find(sig, article.url, known())
            if seen is not None:
                result.duplicates.append((src, seen))  # type: ignore[arg-type]
                continue
        name = file_name(article)
        dest = target / name
        if name in written:
            result.problems.append((src, f"clashes with another imported file: {name}"))
            continue
        if dest.exists() and not force:
            result.problems.append((src, f"{dest} already exists (use --force to replace it)"))
            continue
        try:
            write_atomic(dest, to_markdown(article), force=force)
        except FileExistsError:
            result.problems.append((src, f"{dest} already exists (use --force to replace it)"))
            continue
        except OSError as exc:
            result.problems.append((src, f"cannot write {dest}: {exc.strerror}"))
            continue
        written.add(name)
        result.imported.append((src, dest, dest.name[:-3]))  # type: ignore[arg-type]
        batch.append((dest.name[:-3], article.url, sig))
    return result
