"""Plain dataclasses shared by every layer (core modules return these; renderers read them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The output formats of list-like commands (`--format`, `format` in the config file).
FORMATS = ("table", "json", "jsonl", "csv", "md")


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
    """One agreement reported in one article (see ../shared/docs/agreements.md for the fields)."""

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


@dataclass
class ArticleFilter:
    """The filters shared by every command that lists articles."""

    source: str | None = None
    since: str | None = None  # first calendar day, inclusive (YYYY-MM-DD)
    until: str | None = None  # last calendar day, inclusive
    author: str | None = None
    tag: str | None = None
    section: str | None = None
    language: str | None = None
    ids: list[str] | None = None  # restrict to these exact article ids


@dataclass
class SearchHit:
    id: str
    title: str | None
    date: str | None
    source: str | None
    score: float
    snippet: str
    spans: list[tuple[int, int]]
    parts: dict[str, Any] | None = None  # why it ranks where it does (search --explain)


@dataclass
class Summary:
    id: str
    title: str | None
    date: str | None
    source: str | None
    summary: list[str]
    keywords: list[str]
    method: str = "extractive"


@dataclass
class FileWarning:
    path: str
    reason: str


@dataclass
class RefreshReport:
    """What an index refresh did: counts, warnings about skipped files, notes."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    full: bool = False
    seconds: float = 0.0
    warnings: list[FileWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ArticleEntity:
    """A person, organisation or place as one article names it (stored with its analysis)."""

    name: str
    kind: str  # person | org | place
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0


@dataclass
class Entity:
    """A person, organisation or place named across articles (`thaw entities`)."""

    name: str  # canonical name
    kind: str  # person | org | place
    aliases: list[str]
    articles: list[str]
    mentions: int


@dataclass
class Story:
    """Articles about the same event (`thaw stories`)."""

    story: str  # stable id: a hash of the earliest article's id
    title: str | None  # the most representative headline
    start: str | None  # date span of its articles (partial ISO)
    end: str | None
    articles: list[str]  # oldest first


@dataclass
class TimelineEvent:
    """A dated event stated in an article (`thaw timeline`)."""

    date: str  # partial ISO, as precise as the text
    precision: str  # day | month | year
    what: str  # the clause that states it
    article: str
    evidence: str  # the sentence
    kind: str = "event"  # meeting | visit | agreement | announcement | event


@dataclass
class DigestStory:
    story: Story
    summary: list[str]
    agreements: list[AgreementGroup]
    people: list[Entity]
    organisations: list[Entity]
    places: list[Entity]
    timeline: list[TimelineEvent]


@dataclass
class Digest:
    """The briefing of a corpus or a slice of it (`thaw digest`)."""

    articles: int
    start: str | None
    end: str | None
    since: str | None
    until: str | None
    source: str | None
    query: str | None
    stories: list[DigestStory]
    more_stories: int  # stories left out by --limit
    agreements: list[AgreementGroup]
