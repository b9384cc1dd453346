"""Read-side queries over the index that combine stored analysis into result dataclasses."""

from __future__ import annotations

from thaw_cli.analysis.pipeline import agreements_from_json
from thaw_cli.core.dates import in_range
from thaw_cli.core.models import Agreement, AgreementGroup, ArticleFilter, Summary
from thaw_cli.store.index import Index


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


def agreements(
    index: Index,
    f: ArticleFilter,
    *,
    status: str | None = None,
    kind: str | None = None,
    party: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[list[Agreement], dict[str, str | None]]:
    """Agreements of the matching articles, filtered on their own fields and date.

    Also returns each article's date, which `--across` needs to order mentions.
    """
    from thaw_cli.analysis.agreements import party_matches

    found: list[Agreement] = []
    dates: dict[str, str | None] = {}
    for article, _, _, _, stored in index.analysis_rows(f):
        dates[article.id] = article.date
        for a in agreements_from_json(article.id, stored):
            if status and a.status != status:
                continue
            if kind and a.kind != kind:
                continue
            if party and not party_matches(party, a.parties):
                continue
            if (since or until) and not in_range(a.date, since, until):
                continue
            found.append(a)
    return found, dates


def across(records: list[Agreement], dates: dict[str, str | None]) -> list[AgreementGroup]:
    from thaw_cli.analysis.agreements import merge_across

    return merge_across(records, dates)
