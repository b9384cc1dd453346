"""Dated events stated in articles: meetings, visits, agreements, announcements, launches.

`extract_events(article_id, text, article_date)` runs at index time (analysis.py): every
sentence with an event word and a date expression gives one event, its date resolved
against the article's date by `timeexpr.find_dates` (the date nearest the event word wins;
a date that only says when something was *said* — "the sources said Sunday" — is not an
event date). The description is the clause that states the event, without attributions.

`build_timeline` joins the stored events of many articles with their dated agreements,
drops duplicates and sorts by event date (not publication date).
"""

from __future__ import annotations

import bisect
import re

from thaw_cli.analysis.sentences import sentence_spans
from thaw_cli.analysis.timeexpr import (
    DateMatch,
    YearGate,
    find_dates,
    lower_exact,
    lower_twin,
    only_years_resolve,
)
from thaw_cli.core.dates import in_range, precision_of, sort_key
from thaw_cli.core.models import Agreement, TimelineEvent
from thaw_cli.core.rxfactor import alternatives, by_first_char

__all__ = ["build_timeline", "extract_events"]

_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("visit", re.compile(r"\b(?:visit(?:s|ed|ing)?|arriv(?:e|es|ed|ing|al)|trip|tour(?:s|ed)?|travel(?:s|led|ed)?\s+to)\b", re.I)),
    ("meeting", re.compile(r"\b(?:meet(?:s|ing|ings)?|met|summit|talks|conference|forum|session|hearing|negotiat\w+)\b", re.I)),
    ("agreement", re.compile(r"\b(?:agree(?:d|s|ment)?|sign(?:s|ed|ing)|accord|treaty|pact|deal|memorandum|contract)\b", re.I)),
    ("announcement", re.compile(r"\b(?:announc(?:e|es|ed|ement)|unveil(?:s|ed)?|disclos(?:e|ed|es)|declar(?:e|ed|es))\b", re.I)),
    ("event", re.compile(
        r"\b(?:launch(?:es|ed)?|begin|began|begins|start(?:s|ed)?|open(?:s|ed|ing)?|clos(?:e|es|ed)|complet(?:e|es|ed)|"
        r"elect(?:s|ed|ion)|vot(?:e|es|ed)|take\s+effect|took\s+effect|takes\s+effect|expir(?:e|es|ed)|"
        r"acqui(?:re|red|res|sition)|merg(?:e|ed|er)|buy|bought|sold|raise[sd]?|cut|increase[sd]?|"
        r"held|hold|scheduled|planned|established|founded|introduc(?:e|ed)|resign(?:s|ed)?|appoint(?:s|ed)?|"
        r"named|filed|approv(?:e|ed|al)|reject(?:s|ed)?|suspend(?:s|ed)?|halt(?:s|ed)?|imposed?|lift(?:s|ed)?)\b",
        re.I)),
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|say|told|reported|added|stated|noted|quoted|wrote|according\s+to\s+\w+)\s*(?:on\s+|late\s+|early\s+)?$",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"(?:,\s*|\s+)(?:the\s+|a\s+|an\s+)?(?:[\w.'\u2019-]+\s+){0,5}(?:said|says|told\s+\w+|reported|added|noted)"
    r"(?:\s+(?:on\s+)?(?:\w+day|today|yesterday|late\s+\w+|earlier|in\s+a\s+statement))?\s*[.]?$",
    re.I,
)
_ACCORDING = re.compile(r"(?:,\s*)?according\s+to\s+[^,;]+[.]?$", re.I)
_SPLIT = re.compile(r";|\s+[\u2014\u2013-]\s+|,\s+(?=(?:and|but|while|whereas|when|which|who|although|as)\b)")
_LEAD_FILLER = re.compile(r"^(?:and|but|while|whereas|when|which|who|although|as|also)\s+", re.I)
_DEBRIS = re.compile(r"^[A-Z][A-Z .,'()/&-]{2,40}(?:,\s*[A-Z][\w.]*\.?)*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+-\s+")
_MAX_WHAT = 160
_NEAR = 90  # characters between a date and its event word when a sentence has several dates
_ANY_TRIGGER = re.compile("|".join(f"(?:{p.pattern})" for _, p in _TRIGGERS), re.I)
_DATEISH = re.compile(
    r"\b(?:1[6-9]\d\d|20\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Janv|Fév|Avr|Mai|Juin|"
    r"Juil|Août|Déc)[a-zé]*\.?\s+\d|(?:in|since|until|by|early|late|mid|end\s+of|during)\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|"
    r"(?i:today|tonight|yesterday|tomorrow|(?:next|last|this|coming|past|previous|the)\s+(?:week|month|year|quarter))|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|anniversary)"
)


# --- exact shortcuts (the output is the same as running the patterns above directly) -----
#
# The case-insensitive patterns are slow in `re` (no literal fast paths under re.I), so the
# gates and the event words run the same patterns, case-sensitively, on the lower-cased
# text. That is exact when `str.lower` maps each character to one character that matches
# a lower-case letter exactly when re.I would: true for every character but the three
# `_CASE_TRAPS` (see `timeexpr.lower_exact`), so a text with any of them takes the plain
# re.I path (tests/test_timeline.py checks this over all of Unicode).
_TRIGGERS_LC: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, lower_twin(p)) for kind, p in _TRIGGERS)
# every event-word pattern is `\b(?:...)\b`: their union is `\b(?:all the words)\b`, its
# words grouped by first letter (rxfactor: the same matches, about twice as fast)
_ANY_TRIGGER_LC = re.compile(
    r"\b" + by_first_char(
        [alt for _, p in _TRIGGERS for alt in alternatives(p.pattern[len(r"\b(?:"):-len(r")\b")])],
        r"\b")
    if all(p.pattern.startswith(r"\b(?:") and p.pattern.endswith(r")\b") for _, p in _TRIGGERS)
    else _ANY_TRIGGER.pattern)
_SAID_BEFORE_LC = lower_twin(_SAID_BEFORE)
# what _SAID_BEFORE, _ACCORDING and _ATTRIBUTION cannot match without (lower case)
_SAID_WORDS = ("said", "say", "told", "reported", "added", "stated", "noted", "quoted", "wrote", "according")
_ATTRIBUTION_WORDS = ("said", "says", "told", "reported", "added", "noted")
# A _DATEISH match can run over the white space between two sentences only through one of
# its `\s+`, so the next sentence would have to start with what follows one: a digit, "of",
# a month or a period word. A sentence that starts otherwise starts with no match running
# into it, and finditer over the whole text finds a match starting in it exactly when a
# search from its start does.
_DATEISH_CONTINUES = re.compile(
    r"\d|of|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|(?i:week|month|year|quarter)")


def _attribution_tail(text: str) -> str | None:
    """The last words of `text`, lower-cased (`lower_exact`), where an `_ATTRIBUTION` match
    has its verb: the match runs to the end, and after the verb's word come at most six
    ("told reporters on ... in a statement ."), so it is within the last eight."""
    return lower_exact(" ".join(text.rsplit(None, 8)[-8:]))


def _contains_any(low: str | None, words: tuple[str, ...]) -> bool:
    """Whether the lower-cased text (None: unknown, so yes) contains one of `words`."""
    return low is None or any(w in low for w in words)


def _locate(text: str, sentences: list[str]) -> list[tuple[int, int]] | None:
    """The spans of `split_sentences(text)` given the sentences (None when they are not)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in sentences:
        a = text.find(sent, pos) if sent and not sent[0].isspace() else -1
        # sentences are separated by white space (nothing else), and only by it
        if a < 0 or (spans and a == pos) or (a > pos and not text[pos:a].isspace()):
            return None
        pos = a + len(sent)
        spans.append((a, pos))
    if pos < len(text) and not text[pos:].isspace():
        return None
    return spans


def sentence_spans_of(text: str, sentences: list[str] | None) -> list[tuple[int, int]]:
    """The sentence spans of `text`, from already split sentences when the caller has them."""
    if sentences is not None:
        spans = _locate(text, sentences)
        if spans is not None:
            return spans
    return sentence_spans(text)


class _DateGate:
    """Whether `_DATEISH.finditer(text)` has a match starting in a sentence, without the
    full scan: a search from the sentence's start, unless a match might run into it."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = spans
        self.marks: list[int] | None = None

    def _all_marks(self) -> list[int]:
        if self.marks is None:
            self.marks = [m.start() for m in _DATEISH.finditer(self.text)]
        return self.marks

    def __call__(self, i: int) -> bool:
        text = self.text
        s, e = self.spans[i]
        if i and _DATEISH_CONTINUES.match(text, s):
            marks = self._all_marks()
            k = bisect.bisect_left(marks, s)
            return k < len(marks) and marks[k] < e
        if _DATEISH.search(text, s, e):  # (a match in the sentence alone is one in the text)
            return True
        # only a match that runs into the next sentence is left
        if i + 1 < len(self.spans) and _DATEISH_CONTINUES.match(text, self.spans[i + 1][0]):
            m = _DATEISH.search(text, s)
            return m is not None and m.start() < e
        return False


def _clause(sentence: str, lo: int, hi: int) -> str:
    """The clause(s) of `sentence` covering [lo, hi), without attributions, on one line."""
    bounds = [0]
    for m in _SPLIT.finditer(sentence):
        bounds.append(m.start())
        bounds.append(m.end())
    bounds.append(len(sentence))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    start = next((a for a, b in pieces if a <= lo < b or lo < a), 0)
    end = next((b for a, b in pieces if a < hi <= b), len(sentence))
    text = " ".join(sentence[start:end].split())
    low = lower_exact(text)
    if _contains_any(low, ("according",)):
        text = _ACCORDING.sub("", text)
    if _contains_any(low, _ATTRIBUTION_WORDS) and _contains_any(_attribution_tail(text), _ATTRIBUTION_WORDS):
        text = _ATTRIBUTION.sub("", text)
    text = _LEAD_FILLER.sub("", text).strip(" ,;:.\u201c\u201d\"")
    if len(text) > _MAX_WHAT:
        cut = text[:_MAX_WHAT].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "…"
    return text[:1].upper() + text[1:] if text else text


def extract_events(
    article_id: str, text: str, article_date: str | None, *, sentences: list[str] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> list[TimelineEvent]:
    """The dated events one article states, in text order.

    `sentences`, when given, must be `split_sentences(text)` (analysis.py splits once for
    every feature); without it the text is split here. `spans`, when given, must be
    `sentence_spans_of(text, sentences)` (analysis.py locates them once for entities and
    events). The result is the same.
    """
    out: list[TimelineEvent] = []
    # an article without a year in its date: only dates with a year number of their own
    years_only = only_years_resolve(article_date)
    years = YearGate.of(text) if years_only else None
    if years_only and years is None:
        return out
    if spans is None:
        spans = sentence_spans_of(text, sentences)
    low_text = lower_exact(text)
    gate = _DateGate(text, spans)
    # cheap gates before the date parser: length, a year number when only those resolve,
    # an event word, a date-like word
    for i, (s, e) in enumerate(spans):
        if e - s < 25 or e - s > 600:
            continue
        if years is not None and not years(s, e):
            continue
        if low_text is not None:
            if not _ANY_TRIGGER_LC.search(low_text[s:e]):
                continue
        elif not _ANY_TRIGGER.search(text[s:e]):
            continue
        if not gate(i):
            continue
        sentence = " ".join(text[s:e].split())
        dm = _DEBRIS.match(sentence)
        if dm:
            sentence = sentence[dm.end():]
        try:
            dates = find_dates(sentence, article_date)
        except (ValueError, OverflowError):
            continue
        low = sentence.lower() if low_text is not None else None
        if low is None:
            dates = [d for d in dates if not _SAID_BEFORE.search(sentence[:d.start])]
        elif _contains_any(low, _SAID_WORDS):
            dates = [d for d in dates if not _SAID_BEFORE_LC.search(low[:d.start])]
        if not dates:
            continue
        if low is None:
            triggers = [(rank, kind, m) for rank, (kind, pattern) in enumerate(_TRIGGERS)
                        for m in pattern.finditer(sentence)]
        else:
            triggers = [(rank, kind, m) for rank, (kind, pattern) in enumerate(_TRIGGERS_LC)
                        for m in pattern.finditer(low)]
        if not triggers:
            continue
        # each date goes with its nearest event word, preferring the more specific kinds;
        # an anniversary date ("40th anniversary of the signing") belongs to the thing
        # signed, so it pairs only with an agreement word. A sentence may state several
        # events ("agreed in 2015 ..., and talks will start on June 3").
        def cost(t: tuple[int, str, re.Match[str]], d: DateMatch) -> int:
            rank, kind, m = t
            far = 10_000 if d.priority and kind != "agreement" else 0
            return abs(d.start - m.start()) + 25 * rank + far

        seen: set[str] = set()
        for best in dates:
            _, kind, m = min(triggers, key=lambda t: cost(t, best))
            if cost((0, kind, m), best) > (10_000 if len(dates) == 1 else _NEAR):
                continue
            lo, hi = min(best.start, m.start()), max(best.end, m.end())
            what = _clause(sentence, lo, hi)
            if len(what) < 12 or what in seen:
                continue
            seen.add(what)
            out.append(TimelineEvent(best.iso, precision_of(best.iso), what, article_id, sentence, kind))
    return out


def _agreement_event(a: Agreement) -> TimelineEvent | None:
    if not a.date:
        return None
    verb = {"concluded": "agreed", "planned": "planned", "ended": "ended"}.get(a.status, a.status)
    parties = " and ".join(a.parties) if len(a.parties) <= 2 else ", ".join(a.parties[:-1]) + " and " + a.parties[-1]
    what = f"{parties}: {a.subject} ({a.kind}, {verb})" if parties else f"{a.subject} ({a.kind}, {verb})"
    evidence = next((e for e in a.evidence if a.date[:4] in e or any(w in e.lower() for w in ("agree", "sign", "treaty"))), a.evidence[0] if a.evidence else "")
    return TimelineEvent(a.date, precision_of(a.date), what, a.article, " ".join(evidence.split()), "agreement")


def build_timeline(
    events: list[TimelineEvent],
    agreements: list[Agreement] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[TimelineEvent]:
    """Events and dated agreements, without duplicates, sorted by event date (then article)."""
    merged: list[TimelineEvent] = list(events)
    by_key = {(e.article, e.date, e.evidence): e for e in events}
    for a in agreements or []:
        ev = _agreement_event(a)
        if ev is None:
            continue
        # a sentence of the agreement's evidence that is already an event with the same
        # date: that event is the agreement (marked so), not a second line
        same = [by_key[k] for s in a.evidence if (k := (a.article, a.date, " ".join(s.split()))) in by_key]
        if same:
            for e in same:
                e.kind = "agreement"
            continue
        by_key[(ev.article, ev.date, ev.evidence)] = ev
        merged.append(ev)
    out: list[TimelineEvent] = []
    seen: set[tuple[str, str]] = set()
    for e in merged:
        if (since or until) and not in_range(e.date, since, until):
            continue
        key = (e.date, e.what.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    out.sort(key=lambda e: (sort_key(e.date), len(e.date), e.article, e.what))
    return out
