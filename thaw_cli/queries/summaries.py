"""Summaries over the index: each article's stored sentence ranking cut to N sentences."""

from __future__ import annotations

from thaw_cli.core.models import ArticleFilter, Summary
from thaw_cli.store.index import Index

__all__ = ["summaries"]


def summaries(index: Index, f: ArticleFilter, *, sentences: int = 3, limit: int | None = None) -> list[Summary]:
    """Stored summaries: the `sentences` best-ranked sentences of each article, in article order."""
    out = []
    for article, ranked, keywords, method, _ in index.analysis_rows(f, limit):
        chosen = sorted(ranked[:sentences], key=lambda pair: pair[0])
        out.append(Summary(
            id=article.id, title=article.title, date=article.date, source=article.source,
            summary=[s for _, s in chosen], keywords=keywords, method=method,
        ))
    return out
