"""The timeline over the index: stored events and dated agreements, by event date."""

from __future__ import annotations

from thaw_cli.analysis.codec import events_from_json
from thaw_cli.analysis.timeline import build_timeline
from thaw_cli.core.models import ArticleFilter, TimelineEvent
from thaw_cli.queries.agreements import agreements
from thaw_cli.store.index import Index

__all__ = ["find_timeline"]


def find_timeline(
    index: Index, f: ArticleFilter, *, since: str | None = None, until: str | None = None
) -> list[TimelineEvent]:
    """The events of the matching articles and their dated agreements, by event date."""
    events = [e for aid, _, _, feats in index.feature_rows(f)
              for e in events_from_json(aid, feats.get("events", []))]
    records, _ = agreements(index, f)
    return build_timeline(events, records, since=since, until=until)
