"""Per-article analysis computed once, at index time: summary ranking, key phrases, agreements.

The index stores what `analyze` returns, so read commands never re-parse or re-analyse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from thaw_cli.analysis import fingerprint, language
from thaw_cli.analysis.agreements import extract_agreements
from thaw_cli.analysis.codec import entities_to_json, events_to_json, story_terms_and_signature
from thaw_cli.analysis.entities import extract_entities
from thaw_cli.analysis.sentences import split_sentences
from thaw_cli.analysis.summary import lead, rank_and_keywords
from thaw_cli.analysis.timeline import extract_events, sentence_spans_of
from thaw_cli.core.models import Agreement, Article


@dataclass
class Analysis:
    ranked: list[tuple[int, str]] = field(default_factory=list)  # (position, sentence), best first
    keywords: list[str] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    method: str = "extractive"
    fingerprint: bytes | None = None  # MinHash signature (thaw_cli.analysis.fingerprint)
    # digest features: entities, timeline events, story terms and signature (digest_features)
    features: dict[str, Any] = field(default_factory=dict)


def analyze(article: Article) -> Analysis:
    """Analyse one article. Fills `article.language` when the front matter names none.

    Summaries and agreements are built for English: another language gets its lead
    sentences as summary (method "lead"), no key phrases and no agreements.
    """
    text = article.text
    article.language = language.normalize(article.language) or language.detect(text)
    sig = fingerprint.signature("\n\n".join(p for p in (article.title, text) if p))
    if not language.is_english(article.language):
        ranked = list(enumerate(lead(text, 10)))
        return Analysis(ranked=ranked, method="lead", fingerprint=sig)
    sentences = split_sentences(text)  # split once, shared by the summary and agreements
    ranked, kws = rank_and_keywords(article.title, text, sentences=sentences)
    agreements = extract_agreements(article.id, text, article.date, article.title, sentences=sentences)
    parties = [p for a in agreements for p in a.parties]
    return Analysis(
        ranked=ranked,
        keywords=kws,
        agreements=agreements,
        fingerprint=sig,
        features=digest_features(article, kws, sentences, parties),
    )


def digest_features(article: Article, kws: list[str], sentences: list[str] | None = None,
                    parties: list[str] | None = None) -> dict[str, Any]:
    """What `thaw entities`, `timeline`, `stories` and `digest` read from the index.

    `sentences`, when given, must be `split_sentences(article.text)`; `parties`: the
    parties of the article's agreements (each named one is an entity of the article).
    """
    # the sentences located in the text once, for entities and events
    spans = sentence_spans_of(article.text, sentences) if sentences is not None else None
    ents = extract_entities(article.title, article.text, sentences=sentences, spans=spans,
                            parties=parties or ())
    terms, sig = story_terms_and_signature(article.title, kws, ((e.name, e.kind) for e in ents))
    events = extract_events(article.id, article.text, article.date, sentences=sentences, spans=spans)
    return {
        "entities": entities_to_json(ents),
        "events": events_to_json(events),
        "terms": terms,
        "sig": sig,
    }

