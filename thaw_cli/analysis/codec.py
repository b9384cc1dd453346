"""The stored forms of an article's analysis: what the index keeps, and back.

Every stored form leaves out the article id, which may change when files are renamed; the
reader passes it back in. The forms are compact lists where a record has a fixed shape
(entities, events) and objects for agreements (their fields are optional and documented).

The index stores an article's whole analysis as one blob (`pack_analysis`): the summary
ranking (each sentence as its place in the article's text: the text is not stored twice),
key phrases, agreements (one list per record, in `Agreement` field order, no field names),
method and digest features, as compact JSON (no spaces), compressed with raw
DEFLATE. Nothing is stored twice: the story terms and signature are left out when they are
what `stories.story_terms` and `stories.signature` make of the title, key phrases and
entities (always, for what `pipeline.analyze` returns), and made again by the reader that
needs them (`story_features`). `unpack_analysis` gives back exactly the values the JSON
columns of earlier indexes gave.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from thaw_cli.core.dates import precision_of
from thaw_cli.core.models import Agreement, ArticleEntity, TimelineEvent

__all__ = [
    "ANALYSIS_VERSION",
    "StoredAnalysis",
    "agreements_from_json",
    "agreements_to_json",
    "entities_from_json",
    "entities_to_json",
    "events_from_json",
    "events_to_json",
    "pack_analysis",
    "story_features",
    "story_terms_and_signature",
    "unpack_analysis",
]

# What `analyze` stores for an article: bump it whenever any analysis can give another answer
# for the same article (a rule, a model file, a stored form), so that indexes made before are
# analysed again (store/index.py keeps it in ANALYZER_VERSION). History: 1 before this
# constant; 2: agreements by sentence structure, parties by the shared name grammar;
# 3: the learned sentence scorer (summary_model.json) and the key-phrase rules of issue 18;
# 4: agreements and entities of issue 19's second round (entities read with the name grammar);
# 5: the copied-page cleaner's second model (ingest/pagelines_model.npz: titles, bylines);
# 6: agreements of issue 19's third round (reduced passives, transfers, kinds of "other",
# "agreed in principle to buy").
ANALYSIS_VERSION = 6

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


# --- the stored analysis blob ---------------------------------------------------------------

_LEVEL = 6  # DEFLATE level: 6 and 9 give the same size on news text; 1 is 3% larger
_WBITS = -15  # raw DEFLATE: no zlib header or checksum (SQLite pages have their own)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_loads = json.loads


@dataclass
class StoredAnalysis:
    """An article's stored analysis, as `json.loads` gave it from the JSON columns."""

    ranked: list[Any] | None  # None: not read (see unpack_analysis)
    keywords: list[str]
    agreements: list[dict[str, Any]]
    method: str
    features: dict[str, Any]  # entities, events (and terms only when not derivable)


# the last article's story terms and signature with what they were made of: the writer makes
# them for `pipeline.digest_features` and again in `pack_analysis`, to learn whether they
# need storing; the second time they are this (~0.09 ms an article, a twentieth of its
# analysis)
_last_story: tuple[tuple[Any, ...], tuple[list[str], list[int]]] | None = None


def story_terms_and_signature(title: str | None, keywords: list[str], entities: Iterable[tuple[str, str]]
                              ) -> tuple[list[str], list[int]]:
    """`stories.story_terms` of the title, key phrases and (name, kind) entities, and its
    `stories.signature`."""
    global _last_story
    from thaw_cli.analysis.stories import (  # (lazy: only writers and story readers need them)
        signature,
        story_terms,
    )

    pairs = tuple(entities)
    key = (title, tuple(keywords), pairs)
    if _last_story is not None and _last_story[0] == key:
        return _last_story[1]
    terms = story_terms(title, keywords, pairs)
    made = (terms, signature(terms))
    _last_story = (key, made)
    return made


def _derive(title: str | None, keywords: list[str], features: dict[str, Any], sig: bool = True
            ) -> tuple[list[str], list[int]]:
    pairs = ((e[0], e[1]) for e in features.get("entities", []))
    if sig:
        return story_terms_and_signature(title, keywords, pairs)
    from thaw_cli.analysis.stories import story_terms  # (lazy: as above)

    return story_terms(title, keywords, pairs), []


def pack_analysis(title: str | None, ranked: list[Any], keywords: list[str], agreements: list[Any],
                  method: str, features: dict[str, Any], text: str | None = None) -> bytes:
    """The blob the index stores for an article (`agreements`: `Agreement` objects). With
    `text` (what the reader will pass to `unpack_analysis`), each ranked sentence found in it
    is stored as its place there instead of its words (`_spans`)."""
    feats = dict(features)
    derived = 0
    if "terms" in feats and "sig" in feats and (feats["terms"], feats["sig"]) == _derive(title, keywords, feats):
        del feats["terms"], feats["sig"]
        derived = 1
    rows = [[getattr(a, name) for name in _STORED_AGREEMENT_FIELDS] for a in agreements]
    stored = _spans(ranked, text) if text else ranked
    data = _dumps([stored, keywords, rows, method, feats, derived])
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS)
    return c.compress(data.encode("utf-8")) + c.flush()


def _spans(ranked: list[Any], text: str) -> list[list[Any]]:
    """The stored ranking: [position, start, length] for a sentence that is
    `text[start:start + length]` (the summary's sentences are the stripped pieces of the text
    they were split from), else [position, sentence] as it is. Looked for in position order,
    each from where the one before ended, so a long article is read once."""
    out: dict[int, list[Any]] = {}
    at = 0
    for k in sorted(range(len(ranked)), key=lambda k: ranked[k][0]):
        pos, sentence = ranked[k]
        i = text.find(sentence, at) if sentence else -1
        if i < 0 and sentence:
            i = text.find(sentence)
        if i >= 0:
            out[k] = [pos, i, len(sentence)]
            at = i + len(sentence)
        else:
            out[k] = [pos, sentence]
    return [out[k] for k in range(len(ranked))]


def _unpacked(blob: bytes) -> list[Any]:
    value: list[Any] = _loads(zlib.decompress(blob, _WBITS))
    return value


def unpack_analysis(blob: bytes, text: Callable[[], str] | None = None) -> StoredAnalysis:
    """The stored analysis of a blob; `text` gives the text passed to `pack_analysis` (read
    only when a ranked sentence is stored as its place in it). Without `text`, the ranking
    of such a blob is None (for readers of the other parts)."""
    ranked, keywords, rows, method, feats, _ = _unpacked(blob)
    if any(len(r) == 3 for r in ranked):
        if text is None:
            ranked = None
        else:
            whole = text()
            ranked = [[r[0], whole[r[1]:r[1] + r[2]]] if len(r) == 3 else r for r in ranked]
    names = _STORED_AGREEMENT_FIELDS
    return StoredAnalysis(ranked, keywords, [dict(zip(names, r, strict=True)) for r in rows], method, feats)


def story_features(blob: bytes | None, title: str | None, *, signature: bool = True
                   ) -> tuple[list[str], list[int] | None]:
    """The story terms and signature of a stored analysis (None: no signature: the article
    had no digest features, as for an article not in English). Without `signature`, the
    signature is not worked out when it would have to be (an empty list then)."""
    if not blob:
        return [], None
    _, keywords, _, _, feats, derived = _unpacked(blob)
    if derived:
        return _derive(title, keywords, feats, signature)
    return feats.get("terms") or [], feats.get("sig") or None
