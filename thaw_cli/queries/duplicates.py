"""Near-duplicate articles over the index: groups by URL or MinHash fingerprint."""

from __future__ import annotations

from thaw_cli.analysis.fingerprint import duplicate_groups
from thaw_cli.core.models import ArticleFilter
from thaw_cli.store.index import Index

__all__ = ["find_duplicates"]


def find_duplicates(index: Index, f: ArticleFilter, *, limit: int | None = None) -> list[list[str]]:
    """Groups of near-duplicate articles among the matching ones (ids), largest first."""
    groups = duplicate_groups(index.fingerprints(f))
    return groups if limit is None else groups[:limit]
