"""The learned sentence scorer of `thaw_cli.analysis.summary`: features and a logistic model.

Each sentence of an article gets a few features that carry across topics (position, length,
centrality in the article's word graph, overlap with the headline),
and the model (``summary_model.json``, trained by ``bench/train_summary.py`` on the
development part of the BBC News Summary articles, whose reference summaries are extractive)
turns them into a relevance, the log-odds that the sentence belongs in a summary.  The
summary is then chosen greedily on relevance plus a length term, minus redundancy (see
`thaw_cli.analysis.summary`); the selection constants are in the same file.

Centrality is measured three ways on the sentences' ranking words (their words, unstemmed;
only function words are left out, so reporting words such as "said" count):

* ``deg``: the sum of the sentence's cosine similarities to the other sentences (binary word
  vectors), i.e. its degree in LexRank's continuous graph (summed over pairs of sentences in
  a short article, else as one dot product with the sum of the normalised vectors);
* ``cos``: the cosine similarity of the sentence to the rest of the article (word counts);
* ``freq``: the article frequency of the sentence's words, summed, over ``n ** 0.7``.

Each is given as a share of the article's best and as a rank (0 best, up to 1), and whether
the sentence is in the article's top 40 %.

Also the key phrases' word statistics (`word_specificity`, ``keyphrase_df.json``).
Pure: strings and lists in, floats out.  The data files are read once, lazily.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from functools import cache
from importlib import resources
from itertools import chain
from operator import mul
from typing import Any

__all__ = ["FEATURES", "Model", "features", "load_model", "word_specificity"]

FEATURES = (
    "invpos",  # 1 / (1 + position in the article)
    "lognw",  # log of the number of words
    "nw",  # number of words / 25
    "deg", "deg_rank", "deg_top",
    "cos", "cos_rank", "cos_top",
    "freq", "freq_rank", "freq_top",
    "title",  # share of the headline's ranking words found in the sentence
)
def _scaled(values: list[float]) -> tuple[list[float], list[float], list[float]]:
    """A centrality's three columns: its share of the article's best, its rank as a share
    (0 for the best), and whether that rank is in the top 40 %."""
    k = len(values)
    top = max(values) or 1.0
    rank = [0.0] * k
    for r, i in enumerate(sorted(range(k), key=values.__getitem__, reverse=True)):
        rank[i] = r / k
    return [x / top for x in values], rank, [1.0 if r < 0.4 else 0.0 for r in rank]


# Up to this many sentences the degrees are summed over pairs of sentences (faster for short
# articles), beyond it through each word's weight in the article.
_PAIRWISE = 12


def _centralities(
    toks: list[list[str]], sets: list[set[str]], k: int
) -> tuple[list[float], list[float], list[float]]:
    """``deg``, ``cos`` and ``freq`` (see the module's doc) of the first ``k`` sentences."""
    n = len(sets)
    inverse = [1.0 / math.sqrt(len(s)) if s else 0.0 for s in sets]
    if n <= _PAIRWISE:
        degree = [0.0] * n
        for i in range(n - 1):
            si = sets[i]
            if si:
                inv = inverse[i]
                for j in range(i + 1, n):
                    shared = len(si & sets[j])
                    if shared:
                        sim = shared * inv * inverse[j]
                        degree[i] += sim
                        degree[j] += sim
    else:
        # each word's weight: the sum of the normalised vectors of the sentences holding it
        weight: defaultdict[str, float] = defaultdict(float)
        for s, inv in zip(sets, inverse, strict=True):
            for w in s:
                weight[w] += inv
        get_weight = weight.__getitem__
        # fsum: exact, so the same whatever order the set gives its words (a plain sum over a
        # set rounds differently under another PYTHONHASHSEED and can swap near-equal ranks)
        degree = [
            math.fsum(map(get_weight, s)) * inv - 1.0 if s else 0.0
            for s, inv in zip(sets[:k], inverse, strict=False)
        ]
    doc = Counter(chain.from_iterable(toks))
    counts = doc.values()
    dn2 = sum(map(mul, counts, counts))
    get_doc = doc.__getitem__
    deg: list[float] = []
    cos: list[float] = []
    freq: list[float] = []
    for i in range(k):
        t = toks[i]
        if not t:
            deg.append(0.0)
            cos.append(0.0)
            freq.append(0.0)
            continue
        deg.append(degree[i])
        nt = len(t)
        if len(sets[i]) == nt:
            ss = nt  # no word twice: the squared norm of its count vector
        else:
            c = Counter(t)
            ss = sum(map(c.__getitem__, t))
        sd = sum(map(get_doc, t))  # its count vector times the article's
        rest = dn2 - 2 * sd + ss  # the squared norm of the rest of the article
        cos.append((sd - ss) / math.sqrt(ss * rest) if rest > 0 else 0.0)
        freq.append(sd / nt**0.7)
    return deg, cos, freq


def features(
    toks: list[list[str]],
    sets: list[set[str]],
    nwords: list[int],
    title_terms: set[str],
) -> list[list[float]]:
    """The feature columns (in `FEATURES` order) of the first ``k = len(nwords)`` sentences
    of an article.

    ``toks`` are the ranking words of every sentence and ``sets`` the same as sets (all
    sentences count in the article's statistics), ``nwords`` the word count of each of the
    first ``k``.
    """
    k = len(nwords)
    if not k:
        return [[] for _ in FEATURES]
    deg, cos, freq = _centralities(toks, sets, k)
    n_title = len(title_terms) or 1
    return [
        [1.0 / (1 + i) for i in range(k)],
        list(map(math.log, nwords)),
        [nw / 25 for nw in nwords],
        *_scaled(deg),
        *_scaled(cos),
        *_scaled(freq),
        [len(s & title_terms) / n_title for s in sets[:k]],
    ]


class Model:
    """A logistic model over `FEATURES` and the selection constants."""

    def __init__(self, data: dict[str, Any]) -> None:
        names = data["features"]
        if tuple(names) != FEATURES:
            raise ValueError(f"summary model features {names} are not {FEATURES}")
        self.weights: list[float] = [float(x) for x in data["weights"]]
        self.bias = float(data["bias"])
        sel = data["selection"]
        self.length = float(sel["length"])  # `scores` adds length * log(words)
        self.redundancy = float(sel["redundancy"])  # minus this times max similarity
        self.dangling = float(sel["dangling"])  # cost of an opener whose antecedent is left out

    def relevance(self, columns: list[list[float]]) -> list[float]:
        """The log-odds of each sentence, given its feature columns (`features`)."""
        rel = [self.bias] * len(columns[0])
        for w, col in zip(self.weights, columns, strict=True):
            rel = [r + w * x for r, x in zip(rel, col, strict=True)]
        return rel

    def scores(
        self, toks: list[list[str]], sets: list[set[str]], nwords: list[int], title_terms: set[str]
    ) -> list[float]:
        """What the selection starts from, for the first ``len(nwords)`` sentences: the
        log-odds plus ``length * log(words)``, i.e. `relevance` of the `features` (the same
        arguments) with the length term added, computed without building the columns."""
        k = len(nwords)
        if not k:
            return []
        w_pos, w_log, w_nw, *w_cent, w_title = self.weights
        w_log += self.length
        w_nw /= 25
        w_title /= len(title_terms) or 1
        bias = self.bias
        log = math.log
        rel = [
            bias + w_pos / (1 + i) + w_log * log(nw) + w_nw * nw + w_title * len(s & title_terms)
            for i, nw, s in zip(range(k), nwords, sets, strict=False)
        ]
        for j, values in enumerate(_centralities(toks, sets, k)):
            w_share, w_rank, w_top = w_cent[3 * j : 3 * j + 3]
            w_share /= max(values) or 1.0
            for r, i in enumerate(sorted(range(k), key=values.__getitem__, reverse=True)):
                rank = r / k
                rel[i] += w_share * values[i] + w_rank * rank + (w_top if rank < 0.4 else 0.0)
        return rel


@cache
def load_model() -> Model:
    """The shipped model (read once)."""
    text = resources.files("thaw_cli.analysis").joinpath("summary_model.json").read_text(encoding="utf-8")
    return Model(json.loads(text))


# A one-word key phrase whose word is in more than this share of articles is discounted.
_COMMON = 0.05


@cache
def word_specificity() -> dict[str, float]:
    """How much a one-word key phrase is worth by how common its word is (read once): for
    the words of more than 5 % of the articles of ``keyphrase_df.json`` (stem keys), the
    ratio of its inverse document frequency to that of a word in 5 % of them, so "world"
    (in 30 % of BBC articles) counts 0.40 and a word absent from the file 1."""
    text = resources.files("thaw_cli.analysis").joinpath("keyphrase_df.json").read_text(encoding="utf-8")
    top = math.log(1.0 / _COMMON)
    return {w: min(1.0, math.log(1.0 / p) / top) for w, p in json.loads(text)["share"].items()}
