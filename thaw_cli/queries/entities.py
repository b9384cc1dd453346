"""Entities over the index: each article's stored entities, merged across the selection."""

from __future__ import annotations

from thaw_cli.analysis.codec import entities_from_json
from thaw_cli.analysis.entities import merge_entities
from thaw_cli.core.models import ArticleFilter, Entity
from thaw_cli.store.index import Index

__all__ = ["find_entities"]


def find_entities(
    index: Index, f: ArticleFilter, *, kind: str | None = None, limit: int | None = None
) -> list[Entity]:
    """The entities of the matching articles, merged across them, most articles first."""
    rows = [(aid, entities_from_json(feats.get("entities", [])))
            for aid, _, _, feats in index.feature_rows(f)]
    out = merge_entities(rows)
    if kind:
        out = [e for e in out if e.kind == kind]
    return out[:limit] if limit is not None else out
