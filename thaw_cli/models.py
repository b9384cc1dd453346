"""Plain dataclasses shared by every layer (core modules return these; renderers read them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """What the raw-page cleaner recovers from a page copied from a news site."""

    title: str | None = None
    kicker: str | None = None
    standfirst: str | None = None
    date: str | None = None  # ISO 8601, exactly as precise as the source
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    body: str = ""  # clean paragraphs separated by one blank line


@dataclass
class Article:
    """One article of a corpus, with clean text and normalised metadata."""

    id: str
    path: str
    title: str | None = None
    kicker: str | None = None
    standfirst: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    words: int = 0

    @property
    def text(self) -> str:
        """The text analysed by summaries and agreements: standfirst, then body."""
        parts = [p for p in (self.standfirst, self.body) if p]
        return "\n\n".join(parts)


@dataclass
class Agreement:
    """One agreement reported in one article (see docs/agreements.md for the fields)."""

    article: str
    kind: str
    parties: list[str]
    subject: str
    status: str  # concluded | planned | ended
    date: str | None
    evidence: list[str]
    roles: dict[str, str] = field(default_factory=dict)


@dataclass
class Mention:
    article: str
    article_date: str | None
    status: str
    date: str | None
    evidence: list[str]


@dataclass
class AgreementGroup:
    """The same agreement reported across several articles (`thaw agreements --across`)."""

    kind: str
    parties: list[str]
    subject: str
    status: str  # the latest mention's status
    date: str | None
    articles: list[str]
    mentions: list[Mention]
