"""The digest: a briefing of a corpus or a slice of it, built from stored analysis only.

For the selected articles (filters, or the articles a search finds): the stories, newest
first, each with a short summary drawn from its articles' stored sentence rankings, its
agreements merged across articles, its key people, organisations and places, and its
timeline; then every agreement of the selection, by status.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from thaw_cli.analysis.agreements import merge_across
from thaw_cli.analysis.codec import agreements_from_json, entities_from_json, events_from_json
from thaw_cli.analysis.entities import merge_entities
from thaw_cli.analysis.timeline import build_timeline
from thaw_cli.core.dates import newest_first
from thaw_cli.core.models import Agreement, ArticleFilter, Digest, DigestStory, Entity, Story
from thaw_cli.queries.stories import restrict
from thaw_cli.store.search import match_ids

if TYPE_CHECKING:
    from thaw_cli.store.index import Index

__all__ = ["build_digest", "story_summary"]

SUMMARY_SENTENCES = 3
KEY_ENTITIES = 5
STATUS_ORDER = {"concluded": 0, "planned": 1, "ended": 2}
_WORD = re.compile(r"[a-z0-9]+")
SEARCH_CAP = 5000  # articles a --query digest reads at most


def _words(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if len(w) > 3}


def story_summary(ranked_by_article: list[list[tuple[int, str]]], n: int = SUMMARY_SENTENCES) -> list[str]:
    """`n` sentences drawn from the articles of a story (newest article first).

    Round robin over the articles' own rankings, so a story of several articles is told by
    several of them; a sentence that repeats one already chosen (word overlap over half) is
    skipped.
    """
    chosen: list[str] = []
    chosen_words: list[set[str]] = []
    depth = 0
    while len(chosen) < n and any(depth < len(r) for r in ranked_by_article):
        for ranked in ranked_by_article:
            if depth >= len(ranked) or len(chosen) >= n:
                continue
            sentence = " ".join(str(ranked[depth][1]).split())
            words = _words(sentence)
            if not words or any(len(words & w) / min(len(words), len(w)) > 0.5 for w in chosen_words):
                continue
            chosen.append(sentence)
            chosen_words.append(words)
        depth += 1
    return chosen


def _top(entities: list[Entity], kind: str, n: int = KEY_ENTITIES) -> list[Entity]:
    return [e for e in entities if e.kind == kind][:n]


def build_digest(
    index: Index,
    f: ArticleFilter,
    *,
    query: str | None = None,
    limit: int | None = 20,
) -> Digest:
    """The digest of the articles the filter (and the search `query`, if any) selects."""
    if query:
        f = replace(f, ids=match_ids(index, query, f, SEARCH_CAP))
    touching = None if f == ArticleFilter() else index.stories_touching(f, singletons=True)
    if touching is not None:  # (the stories of the selection only, and its articles' dates)
        stories, dates = touching
        keep: set[str] | None = set(dates)
    else:
        stories, dates = index.stories(singletons=True)
        keep = index.selected_ids(f)
        stories = restrict(stories, keep, dates)
    shown = stories if limit is None else stories[:limit]

    # agreements of the whole selection (and of each story, from the same records)
    records: list[Agreement] = []
    ranked: dict[str, list[tuple[int, str]]] = {}
    wanted = {a for s in shown for a in s.articles}
    # (only the agreements of every article, and the sentence rankings of those shown)
    for aid, stored in index.agreement_rows(f):
        records.extend(agreements_from_json(aid, stored))
    for aid, rank in index.rankings(wanted).items():
        ranked[aid] = [(int(p), str(t)) for p, t in rank]
    by_article: dict[str, list[Agreement]] = {}
    for r in records:
        by_article.setdefault(r.article, []).append(r)

    features = {aid: feats for aid, _, _, feats in index.feature_rows(ArticleFilter(ids=sorted(wanted)))}
    out_stories = [_story(s, features, ranked, by_article, dates) for s in shown]
    # the same agreement reported by several articles, across the whole selection
    # (merge_across finds candidates through shared words, never all pairs)
    groups = merge_across(records, dates)
    groups.sort(key=lambda g: (STATUS_ORDER.get(g.status, 9), newest_first(g.date), g.subject.lower()))
    selected = list(dates) if keep is None else [a for a in dates if a in keep]
    selected_dates = sorted(d for aid in selected if (d := dates.get(aid)))
    return Digest(
        articles=len(selected),
        start=selected_dates[0] if selected_dates else None,
        end=selected_dates[-1] if selected_dates else None,
        since=f.since, until=f.until, source=f.source, query=query,
        stories=out_stories, more_stories=len(stories) - len(shown), agreements=groups,
    )


def _story(
    s: Story,
    features: dict[str, dict],
    ranked: dict[str, list[tuple[int, str]]],
    by_article: dict[str, list[Agreement]],
    dates: dict[str, str | None],
) -> DigestStory:
    newest_first = list(reversed(s.articles))
    summary = story_summary([ranked.get(a, []) for a in newest_first])
    ents = merge_entities([(a, entities_from_json(features.get(a, {}).get("entities", []))) for a in s.articles])
    recs = [r for a in s.articles for r in by_article.get(a, [])]
    groups = merge_across(recs, dates) if recs else []
    events = [e for a in s.articles for e in events_from_json(a, features.get(a, {}).get("events", []))]
    return DigestStory(
        story=s, summary=summary, agreements=groups,
        people=_top(ents, "person"), organisations=_top(ents, "org"), places=_top(ents, "place"),
        timeline=build_timeline(events, recs),
    )
