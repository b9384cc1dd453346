"""The learned sentence scorer of `thaw_cli.analysis.summary`: features and a logistic model.

Each sentence of an article gets a few features that carry across topics (position, length,
centrality in the article's word graph, overlap with the headline, reporting verbs, shape),
and the model (``summary_model.json``, trained by ``bench/train_summary.py`` on the
development part of the BBC News Summary articles, whose reference summaries are extractive)
turns them into a relevance, the log-odds that the sentence belongs in a summary.  The
summary is then chosen greedily on relevance plus a length term, minus redundancy (see
`thaw_cli.analysis.summary`); the selection constants are in the same file.

Centrality is measured three ways on the sentences' ranking words (content-word stems; only
function words are left out, so reporting words such as "said" count), all in linear time:

* ``deg``: the sum of the sentence's cosine similarities to the other sentences (binary word
  vectors), i.e. its degree in LexRank's continuous graph, computed as one dot product with
  the sum of the other sentences' normalised vectors;
* ``cos``: the cosine similarity of the sentence to the rest of the article (word counts);
* ``freq``: the article frequency of the sentence's words, summed, over ``n ** 0.7``.

Each is given as a share of the article's best and as a rank (0 best, up to 1), and whether
the sentence is in the article's top 40 %.

Pure: strings and lists in, floats out.  The model file is read once, lazily.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import cache
from importlib import resources
from itertools import chain
from typing import Any

__all__ = ["FEATURES", "Model", "features", "load_model"]

FEATURES = (
    "first",  # the article's first sentence
    "invpos",  # 1 / (1 + position)
    "relpos",  # position / number of sentences
    "lognw",  # log of the number of words
    "nw",  # number of words / 25
    "short",  # fewer than 10 words
    "cdens",  # ranking words per word
    "deg", "deg_rank", "deg_top",
    "cos", "cos_rank", "cos_top",
    "freq", "freq_rank", "freq_top",
    "title",  # share of the headline's ranking words found in the sentence
    "said",  # holds a reporting verb (said, says, told)
)
_REPORTING = frozenset(("said", "says", "told"))


def _ranks(values: list[float]) -> list[float]:
    """Each value's rank in the list, best (largest) first, as a share: 0 for the best."""
    k = len(values)
    out = [0.0] * k
    for r, i in enumerate(sorted(range(k), key=values.__getitem__, reverse=True)):
        out[i] = r / k
    return out


def features(
    sents: list[str],
    toks: list[list[str]],
    k: int,
    nwords: list[int],
    title_terms: set[str],
) -> list[list[float]]:
    """The feature rows (in `FEATURES` order) of the first ``k`` sentences of ``sents``.

    ``toks`` are the ranking words of every sentence (all of them count in the article's
    statistics), ``nwords`` the word count of each of the first ``k``.
    """
    n = len(sents)
    doc = Counter(chain.from_iterable(toks))
    dn2 = sum(v * v for v in doc.values())
    sets = [set(t) for t in toks]
    # the sum of the binary sentence vectors, each normalised
    central: dict[str, float] = {}
    for s in sets:
        if s:
            inv = 1.0 / math.sqrt(len(s))
            for w in s:
                central[w] = central.get(w, 0.0) + inv
    deg: list[float] = []
    cos: list[float] = []
    freq: list[float] = []
    get_doc = doc.__getitem__
    get_central = central.__getitem__
    for i in range(k):
        t = toks[i]
        if not t:
            deg.append(0.0)
            cos.append(0.0)
            freq.append(0.0)
            continue
        s = sets[i]
        norm = math.sqrt(len(s))
        deg.append(sum(map(get_central, s)) / norm - 1.0)
        c = Counter(t)
        ss = sum(v * v for v in c.values())
        sd = sum(v * doc[w] for w, v in c.items())
        rest = dn2 - 2 * sd + ss
        cos.append((sd - ss) / math.sqrt(ss * rest) if rest > 0 else 0.0)
        freq.append(sum(map(get_doc, t)) / len(t) ** 0.7)
    cols = []
    for v in (deg, cos, freq):
        top = max(v) or 1.0
        r = _ranks(v)
        cols.append(([x / top for x in v], r, [1.0 if x < 0.4 else 0.0 for x in r]))
    n_title = len(title_terms)
    rows = []
    for i in range(k):
        nw = nwords[i]
        s = sets[i]
        rows.append(
            [
                1.0 if i == 0 else 0.0,
                1.0 / (1 + i),
                i / n,
                math.log(nw),
                nw / 25,
                1.0 if nw < 10 else 0.0,
                len(toks[i]) / nw,
                cols[0][0][i], cols[0][1][i], cols[0][2][i],
                cols[1][0][i], cols[1][1][i], cols[1][2][i],
                cols[2][0][i], cols[2][1][i], cols[2][2][i],
                len(s & title_terms) / n_title if n_title else 0.0,
                0.0 if s.isdisjoint(_REPORTING) else 1.0,
            ]
        )
    return rows


class Model:
    """A logistic model over `FEATURES` and the selection constants."""

    def __init__(self, data: dict[str, Any]) -> None:
        names = data["features"]
        if tuple(names) != FEATURES:
            raise ValueError(f"summary model features {names} are not {FEATURES}")
        self.weights: list[float] = [float(x) for x in data["weights"]]
        self.bias = float(data["bias"])
        sel = data["selection"]
        self.length = float(sel["length"])  # relevance + length * log(words)
        self.redundancy = float(sel["redundancy"])  # minus this times max similarity
        self.dangling = float(sel["dangling"])  # cost of an opener whose antecedent is left out

    def relevance(self, rows: list[list[float]]) -> list[float]:
        """The log-odds of each feature row."""
        w = self.weights
        b = self.bias
        return [b + sum(map(float.__mul__, w, r)) for r in rows]


@cache
def load_model() -> Model:
    """The shipped model (read once)."""
    text = resources.files("thaw_cli.analysis").joinpath("summary_model.json").read_text(encoding="utf-8")
    return Model(json.loads(text))
