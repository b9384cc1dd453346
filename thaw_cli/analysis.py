"""Per-article analysis computed once, at index time: summary ranking, key phrases, agreements.

The index stores what `analyze` returns, so read commands never re-parse or re-analyse.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from thaw_cli.models import Agreement, Article


@dataclass
class Analysis:
    ranked: list[tuple[int, str]] = field(default_factory=list)  # (position, sentence), best first
    keywords: list[str] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    method: str = "extractive"


def analyze(article: Article) -> Analysis:
    from thaw_cli.agreements import extract_agreements
    from thaw_cli.summary import keywords, rank_sentences

    text = article.text
    return Analysis(
        ranked=rank_sentences(article.title, text),
        keywords=keywords(article.title, text),
        agreements=extract_agreements(article.id, text, article.date, article.title),
    )


def agreements_to_json(items: list[Agreement]) -> list[dict[str, Any]]:
    """Stored form: without the article id, which may change when files are renamed."""
    out = []
    for a in items:
        d = asdict(a)
        d.pop("article", None)
        out.append(d)
    return out


def agreements_from_json(article_id: str, items: list[dict[str, Any]]) -> list[Agreement]:
    return [Agreement(article=article_id, **item) for item in items]
