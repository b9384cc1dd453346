"""Small display helpers shared by the terminal views and the Markdown and HTML digests."""

from __future__ import annotations

import json
from typing import Any

from thaw_cli.core.models import Entity

LIST_SEPARATOR = "; "


def day(date: str | None) -> str:
    return date[:10] if date else "—"


def span(start: str | None, end: str | None) -> str:
    a, b = day(start), day(end)
    if not start and not end:
        return "undated"
    return a if a == b else f"{a} – {b}"


def names(entities: list[Entity]) -> str:
    return ", ".join(e.name + (f" ({len(e.articles)})" if len(e.articles) > 1 else "") for e in entities)


STATUS_MARK = {"concluded": "✔ concluded", "planned": "◷ planned", "ended": "✘ ended"}


EVENT_SYMBOL = {"meeting": "◆", "visit": "✈", "agreement": "✔", "announcement": "✎", "event": "•"}


def cell(value: Any) -> str:
    """One value as flat text: None → "", lists joined with "; ", objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell(v) if not isinstance(v, (list, tuple, dict)) else _compact(v) for v in value)
    if isinstance(value, dict):
        return _compact(value)
    return str(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
