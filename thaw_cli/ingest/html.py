"""Web pages → Page: main text and metadata extracted with trafilatura (imported lazily).

trafilatura drops navigation, cookie banners, scripts, footers, comments and related-story
boxes, and reads metadata from JSON-LD, OpenGraph, <meta> tags and the page itself: title,
author(s), date, site name, canonical URL, categories (→ section) and tags.
"""

from __future__ import annotations

import logging
import re

from thaw_cli.core.dates import normalize_iso
from thaw_cli.core.errors import FileProblem
from thaw_cli.core.models import Page
from thaw_cli.core.text import CJK

MIN_WORDS = 5  # less is a menu or a button left over, not an article
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|article|section|h[1-6]|meta|title|span|br)\b[^>]*>", re.I)
_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML document (a doctype or <html>/<head>/<body> first, or many tags)."""
    if _HTML_START.match(text[:4096]):
        return True
    return len(_HTML_TAGS.findall(text[:20000])) >= 3


def parse_html(html: str, url: str | None = None) -> Page:
    """The article in a web page; FileProblem when it holds no article text."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True, deduplicate=False,
        )
    except Exception as exc:  # lxml can fail on pathological markup: skip the page, not the run
        raise FileProblem(f"cannot parse the HTML ({type(exc).__name__})") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise FileProblem("no article text found in the HTML page")
    title = _clean(getattr(doc, "title", None))
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the page's <h1>, already the title
    body = "\n\n".join(paragraphs)
    if len(body.split()) < MIN_WORDS and not CJK.search(body):
        raise FileProblem("no article text found in the HTML page")
    description = _clean(getattr(doc, "description", None))
    standfirst = description if description and not _same(body[: len(description) + 20], description, prefix=True) else None
    categories = [c for c in (getattr(doc, "categories", None) or []) if c and c.strip()]
    lang = _clean(getattr(doc, "language", None))
    if not lang:
        m = _LANG.search(html[:5000])
        lang = m.group(1).lower() if m else None
    return Page(
        title=title,
        standfirst=standfirst,
        date=_date(getattr(doc, "date", None)),
        authors=_authors(getattr(doc, "author", None)),
        source=_clean(getattr(doc, "sitename", None)) or _clean(getattr(doc, "hostname", None)),
        section=categories[0].strip() if categories else None,
        url=_clean(getattr(doc, "url", None)) or url,
        language=lang,
        tags=_unique(t.strip() for t in (getattr(doc, "tags", None) or []) if t and t.strip()),
        body=body,
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _same(a: str, b: str, *, prefix: bool = False) -> bool:
    na = re.sub(r"\W+", " ", a.casefold()).strip()
    nb = re.sub(r"\W+", " ", b.casefold()).strip()
    return na.startswith(nb) if prefix else na == nb


def _authors(value: object) -> list[str]:
    text = _clean(value)
    if not text:
        return []
    return _unique(a.strip() for a in re.split(r"\s*;\s*|\s+and\s+|\s*&\s*", text) if a.strip())


def _unique(items: object) -> list[str]:
    out: list[str] = []
    for item in items:  # type: ignore[attr-defined]
        if item not in out:
            out.append(item)
    return out


def _date(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return normalize_iso(value.strip())
