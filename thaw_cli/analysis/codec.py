"""The stored forms of an article's analysis: what the index keeps as JSON, and back.

Every stored form leaves out the article id, which may change when files are renamed; the
reader passes it back in. The forms are compact lists where a record has a fixed shape
(entities, events) and objects for agreements (their fields are optional and documented).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from thaw_cli.core.dates import precision_of
from thaw_cli.core.models import Agreement, ArticleEntity, TimelineEvent

__all__ = [
    "ANALYSIS_VERSION",
    "agreements_from_json",
    "agreements_to_json",
    "entities_from_json",
    "entities_to_json",
    "events_from_json",
    "events_to_json",
]

# What `analyze` stores for an article: bump it whenever any analysis can give another answer
# for the same article (a rule, a model file, a stored form), so that indexes made before are
# analysed again (store/index.py keeps it in ANALYZER_VERSION). History: 1 before this
# constant; 2: agreements by sentence structure, parties by the shared name grammar;
# 3: the learned sentence scorer (summary_model.json) and the key-phrase rules of issue 18;
# 4: agreements and entities of issue 19's second round (entities read with the name grammar);
# 5: agreements of issue 19's third round (reduced passives, transfers, kinds of "other").
ANALYSIS_VERSION = 5

# the fields of the stored form, in `asdict` order
_STORED_AGREEMENT_FIELDS = tuple(f.name for f in fields(Agreement) if f.name != "article")


def agreements_to_json(items: list[Agreement]) -> list[dict[str, Any]]:
    """Stored form: without the article id, which may change when files are renamed.

    The values are the agreement's own (not `asdict`'s deep copies: the form is serialised
    at once, and an Agreement holds only strings, lists and dicts of strings)."""
    return [{name: getattr(a, name) for name in _STORED_AGREEMENT_FIELDS} for a in items]


def agreements_from_json(article_id: str, items: list[dict[str, Any]]) -> list[Agreement]:
    return [Agreement(article=article_id, **item) for item in items]


def entities_to_json(items: list[ArticleEntity]) -> list[list[object]]:
    """[name, kind, aliases, mentions] per entity."""
    return [[e.name, e.kind, e.aliases, e.mentions] for e in items]


def entities_from_json(items: list[list[object]]) -> list[ArticleEntity]:
    out = []
    for item in items:
        name, kind, aliases, mentions = item
        out.append(ArticleEntity(str(name), str(kind), [str(a) for a in aliases], int(mentions)))  # type: ignore[arg-type, call-overload]
    return out


def events_to_json(items: list[TimelineEvent]) -> list[list[str]]:
    """[date, what, evidence, kind] per event (the precision follows from the date)."""
    return [[e.date, e.what, e.evidence, e.kind] for e in items]


def events_from_json(article_id: str, items: list[list[str]]) -> list[TimelineEvent]:
    return [TimelineEvent(d, precision_of(d), w, article_id, ev, k) for d, w, ev, k in items]
