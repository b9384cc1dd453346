"""Agreements over the index: stored records filtered on their own fields, and merged across articles."""

from __future__ import annotations

from thaw_cli.analysis.codec import agreements_from_json
from thaw_cli.core.dates import in_range
from thaw_cli.core.models import Agreement, AgreementGroup, ArticleFilter
from thaw_cli.store.index import Index


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
    if party:
        # (analysis.agreements compiles its extraction patterns on import, about a third of
        # `thaw agreements`' start-up: only --party needs it here)
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
    """The same agreement reported by several articles, merged (`--across`)."""
    from thaw_cli.analysis.agreements import merge_across  # (its patterns: see `agreements`)

    return merge_across(records, dates)
