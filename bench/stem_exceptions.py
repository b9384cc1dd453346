"""Candidates for the English stem-exception list (thaw_cli/terms.py, EN_EXCEPTIONS), from the
whole Reuters-21578 vocabulary (read from ../shared; run by hand).

A stemmer joins the words of a stem class (accord, accords, accorded, according -> "accord"),
so a search for one finds the articles that use another. Most classes are inflections of one
word and should be joined; some join words with different meanings ("according to" is not an
accord; "housing" is not the White House). Which is a question about use, answered from the
articles themselves: a search for a word should find articles about the same things, so each
word used in at least MIN_DF articles gets the centroid of the articles that use it (tf-idf
vectors over the CONTEXT_VOCAB most frequent words, without the words of its own class), and
is compared (cosine) with the centroid of the articles using the rest of its class.
Inflections come out close (agreement ~ agreements); a word whose articles are about other
things comes out far (according ~ accord, housing ~ house). (A first version compared the words
within five tokens of each use: that measures grammar, not topic, tank ~ tanks came out as far
apart as according ~ accord.)

Printed: candidates sorted by harm = the share of the class's uses on the smaller side of the
word's split (what a search for either side would wrongly mix in) times how unlike the two
sides' articles are (1 - cosine); then every pair's cosine for the classes of the candidates
shown, so that a class holding two meanings can be split into groups.
The shipped list is the reviewed subset: see EN_EXCEPTIONS's docstring for the review's rules.

Usage: python bench/stem_exceptions.py [--min-df 10] [--top 150] [--stemmer english] [--raw]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuters import documents  # noqa: E402

TOKEN = re.compile(r"[^\W\d_]+")  # words only: figures make no stem classes of interest
CONTEXT_VOCAB = 8_000
STOP = 60  # the most frequent words carry no topic: left out of the article vectors


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def tokenised() -> list[list[str]]:
    return [TOKEN.findall(f"{d.title}\n{d.body}".lower()) for d in documents() if d.body.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-df", type=int, default=10)
    ap.add_argument("--top", type=int, default=150)
    ap.add_argument("--stemmer", default="english")
    ap.add_argument("--raw", action="store_true", help="the plain stemmer, without thaw's exceptions")
    args = ap.parse_args()
    import Stemmer

    stemmer = Stemmer.Stemmer(args.stemmer)
    overrides: dict[str, str] = {}
    if not args.raw and args.stemmer == "english":
        from thaw_cli.analysis.terms import EN_EXCEPTIONS

        overrides = EN_EXCEPTIONS
    docs = tokenised()
    cf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for words in docs:
        cf.update(words)
        df.update(set(words))
    stem = {w: overrides.get(w) or stemmer.stemWord(w) for w in cf}
    classes: dict[str, list[str]] = defaultdict(list)
    for w in cf:
        if df[w] >= args.min_df and len(w) > 2:
            classes[stem[w]].append(w)
    classes = {s: ws for s, ws in classes.items() if len(ws) > 1}
    wanted = sorted({w for ws in classes.values() for w in ws})
    row = {w: i for i, w in enumerate(wanted)}
    contexts = [w for w, _ in cf.most_common(CONTEXT_VOCAB)][STOP:]
    col = {w: i for i, w in enumerate(contexts)}
    idf = np.array([math.log(len(docs) / df[w]) for w in contexts], dtype=np.float64)
    vectors: list[tuple[np.ndarray, np.ndarray]] = []  # each article: (columns, L2-normalised tf-idf)
    postings: dict[str, list[int]] = defaultdict(list)
    for d, words in enumerate(docs):
        counts = Counter(words)
        js = np.array([col[w] for w in counts if w in col], dtype=np.int64)
        vals = np.array([1 + math.log(counts[contexts[j]]) for j in js], dtype=np.float64) * idf[js]
        norm = np.linalg.norm(vals)
        vectors.append((js, vals / norm if norm else vals))
        for w in counts:
            if w in row:
                postings[w].append(d)
    own_columns = defaultdict(list)  # a class's own words are no evidence of what it is about
    for w, j in col.items():
        own_columns[stem.get(w, w)].append(j)

    mean = np.zeros(len(contexts))
    for js, vals in vectors:
        mean[js] += vals
    mean /= len(vectors)

    def centroid(ids: list[int] | np.ndarray, drop: list[int]) -> np.ndarray:
        """What the articles have in common beyond the corpus average (own words dropped)."""
        js = np.concatenate([vectors[i][0] for i in ids])
        vals = np.concatenate([vectors[i][1] for i in ids])
        out = np.bincount(js, weights=vals, minlength=len(contexts)) / len(ids) - mean
        out[drop] = 0
        return out

    def projection(ids: list[int] | np.ndarray, direction: np.ndarray) -> float:
        """Mean over the articles of (vector - corpus mean) . direction."""
        return sum(float(vectors[i][1] @ direction[vectors[i][0]]) for i in ids) / len(ids) - float(mean @ direction)

    rng = np.random.default_rng(0)
    MIN_TOPIC = 0.02  # a side whose own halves agree less than this has no topic to pollute

    def typicality(side: list[int], other: list[int], drop: list[int]) -> float | None:
        """How typical of `side`'s topic the articles of `other` (not in `side`) are: their mean
        projection on the direction of half of `side`'s articles, over the other half's.
        1: as typical as the side's own articles; 0: no more than any article. None when the
        side has no topic of its own (its halves do not agree)."""
        if len(side) < 4:
            return None
        shuffled = rng.permutation(side)
        half = len(side) // 2
        direction = centroid(shuffled[:half], drop)
        norm = np.linalg.norm(direction)
        if not norm:
            return None
        direction /= norm
        own = projection(shuffled[half:], direction)
        if own < MIN_TOPIC:
            return None
        others = sorted(set(other) - set(side))
        if not others:
            return 1.0
        return max(0.0, min(1.0, projection(others, direction) / own))

    rows = []
    for s, ws in classes.items():
        drop = own_columns[s]
        for w in ws:
            mine = postings[w]
            rest = sorted({d for o in ws if o != w for d in postings[o]})
            union = len(set(mine) | set(rest))
            worst = 0.0
            sim = 1.0
            for side, other in ((mine, rest), (rest, mine)):
                t = typicality(side, other, drop)
                if t is None:
                    continue
                mixed = len(set(other) - set(side)) / union  # what a search for `side` gains
                if mixed * (1 - t) > worst:
                    worst, sim = mixed * (1 - t), t
            rows.append((worst, s, w, cf[w], sim, ws))
    rows.sort(reverse=True)
    print(f"{len(classes)} stem classes with 2+ words in >= {args.min_df} articles ({args.stemmer}"
          f"{', raw' if args.raw or args.stemmer != 'english' else ', with EN_EXCEPTIONS'})\n")
    print(f"{'harm':>6} {'typ':>5} {'stem':14} {'word':18} {'cf':>6}  class")
    shown: list[str] = []
    for harm, s, w, n, sim, ws in rows[:args.top]:
        print(f"{harm:6.3f} {sim:5.2f} {s:14} {w:18} {n:6}  {' '.join(sorted(ws, key=lambda x: -cf[x]))}")
        if s not in shown:
            shown.append(s)
    print("\npairwise: how typical of the column word's articles those of the row word are:")
    for s in shown:
        ws = sorted(classes[s], key=lambda x: -cf[x])[:8]
        print(f"\n{s}: " + " ".join(f"{w}({cf[w]})" for w in ws))
        for i, a in enumerate(ws):
            cells = " ".join(_fmt(typicality(postings[b], postings[a], own_columns[s])) for b in ws[:i])
            print(f"  {a:18} {cells}")


if __name__ == "__main__":
    main()
