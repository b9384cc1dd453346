"""Each result as a JSON-ready dict: the documented schema of every command's `--json`.

The same dicts feed every machine format (json, jsonl, csv, md) and `--fields`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from thaw_cli.core.models import (
    Agreement,
    AgreementGroup,
    Article,
    Digest,
    Entity,
    SearchHit,
    Story,
    Summary,
    TimelineEvent,
)


def article_json(a: Article, *, body: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": a.id,
        "title": a.title,
        "kicker": a.kicker,
        "standfirst": a.standfirst,
        "date": a.date,
        "authors": a.authors,
        "source": a.source,
        "section": a.section,
        "url": a.url,
        "language": a.language,
        "tags": a.tags,
        "words": a.words,
        "path": a.path,
        "extra": a.extra,
    }
    if body:
        d["body"] = a.body
    return d


def duplicate_json(group: int, ids: list[str]) -> dict[str, Any]:
    """One group of near-duplicates (`thaw list --duplicates`): the first id is the oldest name."""
    return {"group": group, "size": len(ids), "ids": ids}


def hit_json(h: SearchHit) -> dict[str, Any]:
    d = {
        "id": h.id, "title": h.title, "date": h.date, "source": h.source,
        "score": h.score, "snippet": h.snippet, "spans": [list(s) for s in h.spans],
    }
    if h.parts is not None:  # (search --explain)
        d["score_parts"] = h.parts
    return d


def summary_json(s: Summary) -> dict[str, Any]:
    return {
        "id": s.id, "title": s.title, "date": s.date, "source": s.source,
        "summary": s.summary, "keywords": s.keywords, "method": s.method,
    }


def agreement_json(a: Agreement) -> dict[str, Any]:
    d = {
        "article": a.article, "kind": a.kind, "parties": a.parties, "subject": a.subject,
        "status": a.status, "date": a.date, "evidence": a.evidence,
    }
    if a.roles:
        d["roles"] = a.roles
    return d


def group_json(g: AgreementGroup) -> dict[str, Any]:
    return {
        "kind": g.kind, "parties": g.parties, "subject": g.subject, "status": g.status,
        "date": g.date, "articles": g.articles, "mentions": [asdict(m) for m in g.mentions],
    }


def story_json(s: Story) -> dict[str, Any]:
    return {"story": s.story, "title": s.title, "start": s.start, "end": s.end, "articles": s.articles}


def entity_json(e: Entity) -> dict[str, Any]:
    return {"name": e.name, "kind": e.kind, "aliases": e.aliases, "articles": e.articles, "mentions": e.mentions}


def event_json(e: TimelineEvent) -> dict[str, Any]:
    return {"date": e.date, "precision": e.precision, "kind": e.kind, "what": e.what,
            "article": e.article, "evidence": e.evidence}


def digest_json(d: Digest) -> dict[str, Any]:
    return {
        "articles": d.articles, "start": d.start, "end": d.end,
        "filters": {"since": d.since, "until": d.until, "source": d.source, "query": d.query},
        "stories": [
            {**story_json(s.story), "summary": s.summary,
             "agreements": [group_json(g) for g in s.agreements],
             "people": [entity_json(e) for e in s.people],
             "organisations": [entity_json(e) for e in s.organisations],
             "places": [entity_json(e) for e in s.places],
             "timeline": [event_json(e) for e in s.timeline]}
            for s in d.stories
        ],
        "more_stories": d.more_stories,
        "agreements": [group_json(g) for g in d.agreements],
    }
