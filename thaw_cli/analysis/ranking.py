"""How search hits are ranked, what their snippets show and why they rank where they do.
Pure: query terms and article text in, scores, spans and explanations out (the SQL is in
thaw_cli/store/search.py).

A search runs in two stages. FTS5 finds the articles that match (every word, in its stemmed
forms: thaw_cli/analysis/terms.py) and ranks them with its built-in BM25; the first `POOL` are ranked
again here, with what FTS5's bm25() cannot do:
- BM25F (Robertson & Zaragoza): a word's count in each field (title, lead, body) weighted
  (`WEIGHTS`), each field normalised by its own length (`B`), then saturated (`K1`). FTS5's
  bm25() fixes b = 0.75 on the whole article's length; news articles differ in length mostly
  by how much they tell, not by how verbose they are, so a long article about a subject should
  not lose to a short one that mentions it: b = 0.3 on Reuters (bench/eval_relevance.py).
- Phrase and proximity: for a query of several words, each pair of neighbouring query words
  found next to each other in the article, in the query's order, counts as one more term
  (`PHRASE` times the mean weight of its two words), so "crude oil" ranks the articles about
  crude oil above those that mention crude and oil apart (the sequential dependence model of
  Metzler & Croft, in BM25 form).
- Related words (pseudo-relevance feedback): news articles say what they are about in their
  title and first sentences. The words shared by the leads (title and first `FEEDBACK_LEAD`
  words) of the `FEEDBACK_DOCS` best articles, and rarer in the leads of the rest of the
  pool, describe the query's subject ("coffee": ico, quota, export, bag, brazil); an article
  whose lead has them is more likely about the subject than one that only mentions the query
  words. Each such word weighs its share among the best articles times how much more often it
  is there than in the pool; an article gains `FEEDBACK` times the best score times its
  (saturated) matches. The contrast is within the pool, which every article of matches the
  query, so no whole-index statistics are needed, and it never brings in an article that does
  not match.
Articles past the pool keep FTS5's order after the pool's.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from thaw_cli.analysis.terms import EN_EXCEPTIONS, TOKEN, fold, stems, words

FIELDS = ("title", "lead", "body")
# BM25F parameters, chosen on the development topics of bench/eval_relevance.py.
WEIGHTS = {"title": 3.0, "lead": 1.0, "body": 1.0}
B = {"title": 0.3, "lead": 0.3, "body": 0.3}
K1 = 1.2
PHRASE = 1.0  # a pair of query words next to each other, relative to a word
POOL = 100  # articles ranked again (of FTS5's first; more when more are asked for)
FEEDBACK = 0.5  # related words: weight, relative to the pool's best score
FEEDBACK_DOCS = 10  # the best articles whose leads give the related words
FEEDBACK_WORDS = 20  # related words kept
FEEDBACK_LEAD = 50  # words of the body read as the lead (after the title)
FEEDBACK_MIN_DOCS = 3  # a related word is in the leads of at least this many of the best
FEEDBACK_MIN_POOL = 20  # fewer matches: no related words (too few to contrast)
FEEDBACK_MIN_RATIO = 1.5  # a related word is this much more frequent among the best...
FEEDBACK_MAX_SHARE = 0.4  # ...and in at most this share of the pool's leads (not "a", "for")
SNIPPET_WORDS = 24
LEAD_IN = 3  # words of a snippet before the first word found
SCAN_LIMIT = 200_000  # characters of a body read for counts and snippets (a 10 MB page: its start)
_SPACES = re.compile(r"\s+")
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")  # TOKEN on ASCII text, faster
MARK_START = "\ue000"
MARK_END = "\ue001"


# (plain classes with __slots__, not dataclasses: each dataclass costs a search's start-up
# about half a millisecond to define)
class Unit:
    """One positive query term: a word, a phrase (several words) or a prefix, with the index
    terms each of its words may have (one option per namespace)."""

    __slots__ = ("label", "column", "options", "group", "cjk", "size")

    def __init__(self, label: str, column: str | None, options: list[tuple[list[str], bool]], group: int,
                 cjk: str = "") -> None:
        self.label = label
        self.column = column
        self.options = options  # (terms of the words, last one a prefix)
        self.group = group
        self.cjk = cjk  # a run of CJK characters, matched as written
        self.size = len(options[0][0]) if options else 1  # words


class Occurrence:
    __slots__ = ("start", "end", "unit")

    def __init__(self, start: int, end: int, unit: int) -> None:
        self.start = start
        self.end = end
        self.unit = unit


class Candidate:
    """An article to rank: its text and its fields' lengths in words (FTS5's docsize)."""

    __slots__ = ("key", "title", "standfirst", "body", "language_ns", "lengths", "occurrences", "lead_words")

    def __init__(self, key: int, title: str, standfirst: str | None, body: str, language_ns: str,
                 lengths: tuple[int, int, int]) -> None:
        self.key = key
        self.title = title
        self.standfirst = standfirst
        self.body = body
        self.language_ns = language_ns
        self.lengths = lengths  # title, lead, body
        self.occurrences: dict[str, list[Occurrence]] = {}
        self.lead_words: Counter[str] | None = None  # the title's and first words (feedback)

    def lead(self) -> Counter[str]:
        """The words of the title and the first FEEDBACK_LEAD words of the body, counted."""
        if self.lead_words is None:
            self.lead_words = Counter(words(self.title) + words(self.body[:FEEDBACK_LEAD * 10])[:FEEDBACK_LEAD])
        return self.lead_words


class Stats:
    """Collection statistics: articles, mean field lengths, each unit's document frequency."""

    __slots__ = ("n", "mean_lengths", "df")

    def __init__(self, n: int, mean_lengths: tuple[float, float, float], df: list[int]) -> None:
        self.n = n
        self.mean_lengths = mean_lengths
        self.df = df

    def idf(self, u: int) -> float:
        df = min(self.df[u], self.n)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


class Matcher:
    """Finds where a query's units occur in a text (character spans), by the index's rules:
    a word occurs where a word of the text has one of its terms."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = units
        self.exact: dict[str, list[tuple[int, int]]] = {}  # term -> (unit, word position)
        self.prefixes: list[tuple[str, int, int]] = []
        heads: set[str] = set()
        for u, unit in enumerate(units):
            for phrase, prefix in unit.options:
                for pos, term in enumerate(phrase):
                    if prefix and pos == len(phrase) - 1:
                        self.prefixes.append((term, u, pos))
                    else:
                        self.exact.setdefault(term, []).append((u, pos))
                    heads.update(_surface_heads(term))
        alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        # ASCII text is searched lower-cased, the word start checked after a match: a pattern
        # that begins with its letters lets the regex engine skip ahead (a look-behind and
        # IGNORECASE made it try every position, 5x slower); other text as it is, ignoring case
        self.pattern = re.compile(f"(?<![^\\W_])(?:{alternatives})[^\\W_]*", re.IGNORECASE) if heads else None
        self.ascii = re.compile(f"(?:{alternatives})[a-z0-9]*") if heads and alternatives.isascii() else None

    def is_query_term(self, term: str) -> bool:
        return term in self.exact or any(term.startswith(p) for p, _, _ in self.prefixes)

    def words(self, text: str, ns: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """(start, end, the (unit, word position)s it is) for each word of `text` that is a
        query word."""
        if self.pattern is None:
            return []
        table = stems(ns)
        out = []
        exact = self.exact
        if text.isascii() and self.ascii is not None:
            low = text.lower()
            found = [m.span() for m in self.ascii.finditer(low) if not m.start() or not low[m.start() - 1].isalnum()]
        else:
            found = [m.span() for m in self.pattern.finditer(fold(text))]
        for s, e in found:
            t = table[text[s:e].lower()]
            slots = list(exact.get(t, ()))
            for term, u, pos in self.prefixes:
                if t.startswith(term):
                    slots.append((u, pos))
            if slots:
                out.append((s, e, slots))
        return out

    def occurrences(self, text: str, ns: str) -> list[Occurrence]:
        """Every occurrence of every unit in `text` (a phrase: its words next to each other)."""
        found = self.words(text, ns)
        out: list[Occurrence] = []
        for i, (s, _, slots) in enumerate(found):
            for u, pos in slots:
                if pos:
                    continue
                size = self.units[u].size
                j, end, ok = i, found[i][1], True
                for k in range(1, size):
                    j += 1
                    if (j >= len(found) or (u, k) not in found[j][2]
                            or TOKEN.search(text, end, found[j][0]) is not None):
                        ok = False
                        break
                    end = found[j][1]
                if ok:
                    out.append(Occurrence(s, end, u))
        for u, unit in enumerate(self.units):
            if unit.cjk:
                at = text.find(unit.cjk)
                while at >= 0:
                    out.append(Occurrence(at, at + len(unit.cjk), u))
                    at = text.find(unit.cjk, at + 1)
        out.sort(key=lambda o: (o.start, o.unit))
        return out


def _surface_heads(term: str) -> list[str]:
    """Beginnings of the words that may have this term: the stem less its last letter
    (stemmers change a word's end: happy -> happi, companies -> compani), and the words of
    the exception list."""
    bare = term[1:] if term and 0xE0FF <= ord(term[0]) < 0xE200 else term  # (a namespace's prefix)
    heads = [bare[:max(2, len(bare) - 1)]] if bare else []
    if term == bare:  # English: the exception words for this stem
        heads.extend(w for w, s in EN_EXCEPTIONS.items() if s == bare)
    return heads


def locate(candidate: Candidate, matcher: Matcher) -> None:
    """Fill `candidate.occurrences` for title, lead (standfirst, else the first paragraph) and body."""
    ns = candidate.language_ns
    body = candidate.body[:SCAN_LIMIT]
    in_body = matcher.occurrences(body, ns)
    if candidate.standfirst:
        in_lead = matcher.occurrences(candidate.standfirst, ns)
    else:
        first = body.find("\n\n")
        first = len(body) if first < 0 else first
        in_lead = [o for o in in_body if o.end <= first]
    candidate.occurrences = {"title": matcher.occurrences(candidate.title, ns), "lead": in_lead, "body": in_body}


def _saturated(tf: float) -> float:
    return tf * (K1 + 1) / (tf + K1) if tf else 0.0


def _normaliser(candidate: Candidate, stats: Stats) -> dict[str, float]:
    return {f: 1 - B[f] + B[f] * candidate.lengths[i] / (stats.mean_lengths[i] or 1)
            for i, f in enumerate(FIELDS)}


def score(candidate: Candidate, units: Sequence[Unit], stats: Stats, explain: bool = False) -> tuple[float, dict | None]:  # type: ignore[type-arg]
    """The article's score (BM25F of the query's units plus its phrase pairs), and with
    `explain` the parts it is made of."""
    norm = _normaliser(candidate, stats)
    occ = candidate.occurrences
    total = 0.0
    parts_terms = []
    for u, unit in enumerate(units):
        counts = {f: sum(1 for o in occ[f] if o.unit == u) if unit.column in (None, f) else 0 for f in FIELDS}
        weighted = sum(WEIGHTS[f] * counts[f] / norm[f] for f in FIELDS)
        idf = stats.idf(u)
        s = idf * _saturated(weighted)
        total += s
        if explain:
            parts_terms.append({"term": unit.label, "field": unit.column, "df": stats.df[u], "idf": round(idf, 4),
                                "tf": counts, "weighted_tf": round(weighted, 4), "score": round(s, 4)})
    parts_pairs = []
    for a, b in _pairs(units):
        counts = {f: _adjacent(occ[f], a, b, candidate, f) for f in FIELDS}
        weighted = sum(WEIGHTS[f] * counts[f] / norm[f] for f in FIELDS)
        s = PHRASE * (stats.idf(a) + stats.idf(b)) / 2 * _saturated(weighted)
        total += s
        if explain:
            parts_pairs.append({"phrase": f"{units[a].label} {units[b].label}", "tf": counts,
                                "weighted_tf": round(weighted, 4), "score": round(s, 4)})
    if not explain:
        return total, None
    return total, {
        "score": round(total, 6), "terms": parts_terms, "phrases": parts_pairs,
        "lengths": dict(zip(FIELDS, candidate.lengths, strict=True)),
        "model": {"weights": WEIGHTS, "b": B, "k1": K1, "phrase": PHRASE,
                  "articles": stats.n, "mean_lengths": dict(zip(FIELDS, (round(x, 2) for x in stats.mean_lengths), strict=True))},
    }


class Ranked:
    __slots__ = ("score", "candidate", "base", "related")

    def __init__(self, score: float, candidate: Candidate, base: float) -> None:
        self.score = score
        self.candidate = candidate
        self.base = base  # the BM25F and phrase part
        self.related = 0.0  # the related words' part


def rank(candidates: Sequence[Candidate], units: Sequence[Unit], stats: Stats,
         matcher: Matcher) -> tuple[list[Ranked], dict[str, float]]:
    """The candidates (located) best first, and the related words used (word -> weight)."""
    ranked = [Ranked(s, c, s) for c in candidates for s in (score(c, units, stats)[0],)]
    ranked.sort(key=lambda r: (-r.score, r.candidate.key))
    related = feedback([r.candidate for r in ranked[:POOL]], matcher)
    if related and ranked:
        best = ranked[0].score
        for r in ranked:
            r.related = FEEDBACK * best * related_score(r.candidate, related)
            r.score = r.base + r.related
        ranked.sort(key=lambda r: (-r.score, r.candidate.key))
    return ranked, related


def explain(r: Ranked, units: Sequence[Unit], stats: Stats, related: dict[str, float]) -> dict:  # type: ignore[type-arg]
    """The parts of a ranked article's score (`thaw search --explain`)."""
    parts = score(r.candidate, units, stats, explain=True)[1] or {}
    lead = set(r.candidate.lead())
    parts["related"] = {
        "words": list(related), "found": [w for w in related if w in lead], "score": round(r.related, 4),
    }
    parts["score"] = round(r.score, 6)
    parts["model"]["feedback"] = FEEDBACK
    return parts


def feedback(pool: Sequence[Candidate], matcher: Matcher) -> dict[str, float]:
    """Related words: word -> weight (summing to 1), from the leads of the pool's best. Words
    as written (lower-cased), not stems: stemming every lead of the pool would cost a search
    more than all the rest of its ranking."""
    if len(pool) < FEEDBACK_MIN_POOL:
        return {}
    in_best: Counter[str] = Counter()
    for c in pool[:FEEDBACK_DOCS]:
        in_best.update(c.lead().keys())
    wanted = {w for w, n in in_best.items() if n >= FEEDBACK_MIN_DOCS and _wordlike(w)}
    in_pool: Counter[str] = Counter()
    for c in pool:
        in_pool.update(wanted.intersection(c.lead().keys()))
    n_best = min(FEEDBACK_DOCS, len(pool))
    spaces = {c.language_ns for c in pool}
    weights = {}
    for w in wanted:
        p_best, p_pool = in_best[w] / n_best, in_pool[w] / len(pool)
        if (p_best >= FEEDBACK_MIN_RATIO * p_pool and p_pool <= FEEDBACK_MAX_SHARE
                and not any(matcher.is_query_term(stems(ns)[w]) for ns in spaces)):
            weights[w] = p_best * math.log(p_best / p_pool)
    kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:FEEDBACK_WORDS]
    total = sum(w for _, w in kept)
    return {t: w / total for t, w in kept} if total else {}


def _wordlike(word: str) -> bool:
    """A word that can say what an article is about: two letters or more, not a figure."""
    return len(word) > 1 and not word.isdigit()


def related_score(candidate: Candidate, related: dict[str, float]) -> float:
    """How much of the related words the article's lead has (each saturated, 0..K1+1)."""
    lead = candidate.lead()
    return sum(weight * _saturated(lead[w]) for w, weight in related.items() if w in lead)


def _pairs(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Neighbouring positive units of one OR-group (CJK runs and column-bound terms apart)."""
    out = []
    for a in range(len(units) - 1):
        b = a + 1
        ua, ub = units[a], units[b]
        if ua.group == ub.group and not ua.cjk and not ub.cjk and ua.column == ub.column:
            out.append((a, b))
    return out


def _adjacent(occ: list[Occurrence], a: int, b: int, candidate: Candidate, f: str) -> int:
    """How often an occurrence of unit a is followed by one of unit b with no word between."""
    text = candidate.title if f == "title" else candidate.standfirst if (f == "lead" and candidate.standfirst) else candidate.body
    starts_b = {o.start: o for o in occ if o.unit == b}
    if not starts_b:
        return 0
    n = 0
    for o in occ:
        if o.unit != a:
            continue
        m = TOKEN.search(text, o.end)
        if m is not None and m.start() in starts_b:
            n += 1
    return n


# --- snippets ------------------------------------------------------------------------------------

def snippet(candidate: Candidate) -> tuple[str, list[tuple[int, int]]]:
    """A passage of about SNIPPET_WORDS words around the best cluster of query words (the
    body's, else the standfirst's or the title's), with [start, end) spans of the words found,
    white space folded to single spaces."""
    occ = candidate.occurrences
    choices = [("body", candidate.body[:SCAN_LIMIT], occ["body"])]
    if candidate.standfirst:
        choices.append(("lead", candidate.standfirst, occ["lead"]))
    choices.append(("title", candidate.title, occ["title"]))
    name, text, found = max(choices, key=lambda c: (len({o.unit for o in c[2]}), len(c[2]) > 0, c[0] == "body"))
    if not found:
        text = candidate.body[:SCAN_LIMIT]
    start, end = _window(text, found)
    # the passage with white space folded, and where each occurrence lands in it
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    prefix = "…" if start > 0 else ""
    pos = len(prefix)
    at = start
    for o in found:
        if o.start < at or o.end > end:
            continue
        gap = _SPACES.sub(" ", text[at:o.start])
        if not pieces:
            gap = gap.lstrip()
        word = _SPACES.sub(" ", text[o.start:o.end])
        pieces += (gap, word)
        pos += len(gap)
        spans.append((pos, pos + len(word)))
        pos += len(word)
        at = o.end
    tail = _SPACES.sub(" ", text[at:end])
    pieces.append((tail if pieces else tail.lstrip()).rstrip())
    suffix = "…" if end < len(text.rstrip()) else ""
    return prefix + "".join(pieces) + suffix, spans


def _window(text: str, found: list[Occurrence]) -> tuple[int, int]:
    """[start, end) of the SNIPPET_WORDS words holding the most distinct query units (then the
    most occurrences), starting up to LEAD_IN words before the first of them (at the sentence
    start if that is nearer), on white space (so "Uganda's" is not cut to "s")."""
    if not found:
        return 0, _words_end(text, 0, SNIPPET_WORDS)
    first = found[:64]
    lo = max(0, first[0].start - 200)
    hi = min(len(text), first[-1].end + 400)
    toks = [m.span() for m in (_ASCII_TOKEN if text.isascii() else TOKEN).finditer(text, lo, hi)]
    starts = [a for a, _ in toks]
    occ_starts = [o.start for o in found]
    best: tuple[int, int, int] | None = None
    best_span = (0, 0)
    for o in first:
        k = max(0, bisect_right(starts, o.start) - 1)
        k0 = max(0, k - LEAD_IN)
        begin = 0 if (k - LEAD_IN < 0 and lo == 0) else toks[k0][0]
        sentence = max(text.rfind(". ", begin, o.start), text.rfind("\n", begin, o.start))
        if sentence >= 0:
            k0 = min(k, bisect_left(starts, sentence))
            begin = toks[k0][0]
        k1 = k0 + SNIPPET_WORDS - 1
        finish = len(text) if (k1 >= len(toks) and hi == len(text)) else toks[min(k1, len(toks) - 1)][1]
        inside = found[bisect_left(occ_starts, begin):bisect_left(occ_starts, finish)]
        inside = [x for x in inside if x.end <= finish]
        key = (len({x.unit for x in inside}), len(inside), -o.start)
        if best is None or key > best:
            best, best_span = key, (begin, finish)
    begin, finish = best_span
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    while finish < len(text) and not text[finish].isspace():
        finish += 1
    return begin, finish


def _words_end(text: str, start: int, n: int) -> int:
    """The end of the n-th word from `start` (the text's end if it has fewer), moved on to
    the white space after it."""
    end = start
    for k, m in enumerate(TOKEN.finditer(text, start)):
        end = m.end()
        if k + 1 >= n:
            break
    else:
        return len(text)
    while end < len(text) and not text[end].isspace():
        end += 1
    return end


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip snippet markers and fold white space, giving the plain text and [start, end)
    character spans of the marked terms."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = -1
    for ch in marked:
        if ch == MARK_START:
            start = pos
        elif ch == MARK_END:
            if start >= 0:
                spans.append((start, pos))
            start = -1
        elif ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                pos += 1
        else:
            out.append(ch)
            pos += 1
    text = "".join(out)
    end = len(text.rstrip())
    return text[:end], [(a, min(b, end)) for a, b in spans]

