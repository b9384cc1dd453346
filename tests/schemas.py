"""JSON Schemas of thaw's --json output (the README documents the same fields)."""

from __future__ import annotations

from typing import Any

NULLABLE_STR: dict[str, Any] = {"type": ["string", "null"]}
STR_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
PARTIAL_ISO = {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?)?)?)?$"}


def _obj(props: dict[str, Any], extra: bool = False) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": extra}


ARTICLE_PROPS: dict[str, Any] = {
    "id": {"type": "string"},
    "title": NULLABLE_STR,
    "kicker": NULLABLE_STR,
    "standfirst": NULLABLE_STR,
    "date": PARTIAL_ISO,
    "authors": STR_LIST,
    "source": NULLABLE_STR,
    "section": NULLABLE_STR,
    "url": NULLABLE_STR,
    "language": NULLABLE_STR,
    "tags": STR_LIST,
    "words": {"type": "integer", "minimum": 0},
    "path": {"type": "string"},
    "extra": {"type": "object"},
}
LIST = {"type": "array", "items": _obj(ARTICLE_PROPS)}
SHOW = _obj({**ARTICLE_PROPS, "body": {"type": "string"}})
SEARCH = {"type": "array", "items": _obj({
    "id": {"type": "string"},
    "title": NULLABLE_STR,
    "date": PARTIAL_ISO,
    "source": NULLABLE_STR,
    "score": {"type": "number"},
    "snippet": {"type": "string"},
    "spans": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
})}
_COUNTS = _obj({"title": {"type": "integer"}, "lead": {"type": "integer"}, "body": {"type": "integer"}})
SCORE_PARTS = _obj({
    "score": {"type": "number"},
    "terms": {"type": "array", "items": _obj({
        "term": {"type": "string"}, "field": NULLABLE_STR, "df": {"type": "integer"}, "idf": {"type": "number"},
        "tf": _COUNTS, "weighted_tf": {"type": "number"}, "score": {"type": "number"}})},
    "phrases": {"type": "array", "items": _obj({
        "phrase": {"type": "string"}, "tf": _COUNTS, "weighted_tf": {"type": "number"}, "score": {"type": "number"}})},
    "related": _obj({"words": STR_LIST, "found": STR_LIST, "score": {"type": "number"}}),
    "lengths": _COUNTS,
    "model": {"type": "object"},
})
SEARCH_EXPLAIN = {"type": "array", "items": _obj({**SEARCH["items"]["properties"], "score_parts": SCORE_PARTS})}
SUMMARY = {"type": "array", "items": _obj({
    "id": {"type": "string"},
    "title": NULLABLE_STR,
    "date": PARTIAL_ISO,
    "source": NULLABLE_STR,
    "summary": STR_LIST,
    "keywords": STR_LIST,
    "method": {"enum": ["extractive", "lead"]},
})}
AGREEMENT_PROPS: dict[str, Any] = {
    "article": {"type": "string"},
    "kind": {"enum": ["treaty", "accord", "memorandum", "contract", "deal", "standard", "dialogue",
                      "cooperation", "arrangement", "other"]},
    "parties": STR_LIST,
    "subject": {"type": "string"},
    "status": {"enum": ["concluded", "planned", "ended"]},
    "date": PARTIAL_ISO,
    "evidence": {"type": "array", "items": {"type": "string"}, "minItems": 1},
}
AGREEMENTS = {"type": "array", "items": {**_obj(AGREEMENT_PROPS), "properties": {
    **AGREEMENT_PROPS, "roles": {"type": "object", "additionalProperties": {"type": "string"}}},
    "additionalProperties": False}}
ACROSS = {"type": "array", "items": _obj({
    "kind": AGREEMENT_PROPS["kind"],
    "parties": STR_LIST,
    "subject": {"type": "string"},
    "status": AGREEMENT_PROPS["status"],
    "date": PARTIAL_ISO,
    "articles": STR_LIST,
    "mentions": {"type": "array", "items": _obj({
        "article": {"type": "string"},
        "article_date": PARTIAL_ISO,
        "status": AGREEMENT_PROPS["status"],
        "date": PARTIAL_ISO,
        "evidence": STR_LIST,
    })},
})}

# --- digest views (stories, entities, timeline, digest) ---------------------------------
STORY_PROPS: dict[str, Any] = {
    "story": {"type": "string", "pattern": r"^s[0-9a-f]{10}$"},
    "title": NULLABLE_STR,
    "start": PARTIAL_ISO,
    "end": PARTIAL_ISO,
    "articles": {**STR_LIST, "minItems": 1},
}
STORIES = {"type": "array", "items": _obj(STORY_PROPS)}
ENTITY = _obj({
    "name": {"type": "string", "minLength": 1},
    "kind": {"enum": ["person", "org", "place"]},
    "aliases": {**STR_LIST, "minItems": 1},
    "articles": {**STR_LIST, "minItems": 1},
    "mentions": {"type": "integer", "minimum": 1},
})
ENTITIES = {"type": "array", "items": ENTITY}
EVENT = _obj({
    "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "precision": {"enum": ["day", "month", "year"]},
    "kind": {"enum": ["meeting", "visit", "agreement", "announcement", "event"]},
    "what": {"type": "string", "minLength": 1},
    "article": {"type": "string"},
    "evidence": {"type": "string"},
})
TIMELINE = {"type": "array", "items": EVENT}
DIGEST = _obj({
    "articles": {"type": "integer", "minimum": 0},
    "start": PARTIAL_ISO,
    "end": PARTIAL_ISO,
    "filters": _obj({"since": NULLABLE_STR, "until": NULLABLE_STR, "source": NULLABLE_STR, "query": NULLABLE_STR}),
    "stories": {"type": "array", "items": _obj({
        **STORY_PROPS,
        "summary": STR_LIST,
        "agreements": ACROSS,
        "people": ENTITIES,
        "organisations": ENTITIES,
        "places": ENTITIES,
        "timeline": TIMELINE,
    })},
    "more_stories": {"type": "integer", "minimum": 0},
    "agreements": ACROSS,
})
