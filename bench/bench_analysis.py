"""Per-article cost of the index-time analysis on Reuters-21578, stage by stage.

    python bench/bench_analysis.py [--limit N] [--passes P] [--cache FILE] [--clock cpu|wall]

Every article with a body is laid out as the search benchmark does (`reuters.as_text`),
cleaned with `thaw_cli.ingest.cleaning.clean_page` and turned into an `Article` exactly as the
indexer does; cleaning is not timed.  Each pass then times, per article:

* ``split``     — `sentences.split_sentences(article.text)` (once, as `analyze` does)
* ``rank``      — `summary.rank_sentences(title, text, sentences=...)`
* ``keywords``  — `summary.keywords(title, text)`
* ``agreements``— `agreements.extract_agreements(id, text, date, title, sentences=...)`
* ``summ+agr``  — the four above together, per article
* ``analyze``   — `analysis.analyze(article)`, what the indexer runs (the total, which
  also holds language detection, fingerprints and the digest features)

and prints mean / median / p99 / max in milliseconds and the five slowest NEWIDs of
``analyze``.  With several passes, each figure is the median over the passes (the
machine is shared, so single passes are noisy).  ``--clock cpu`` (the default) times
the thread's CPU time, which other processes on the machine disturb much less than
wall-clock time.  Budget: ``analyze`` mean <= 0.8 ms, p99 <= 4 ms, max <= 20 ms.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reuters import as_text, documents  # noqa: E402

from thaw_cli.analysis.agreements import extract_agreements  # noqa: E402
from thaw_cli.analysis.pipeline import analyze  # noqa: E402
from thaw_cli.analysis.sentences import split_sentences  # noqa: E402
from thaw_cli.analysis.summary import keywords, rank_sentences  # noqa: E402
from thaw_cli.core.models import Article  # noqa: E402
from thaw_cli.ingest.cleaning import clean_page  # noqa: E402
from thaw_cli.ingest.corpus import article_from_page  # noqa: E402

# Older versions split the text in each function: pass the sentences only when accepted.
_SHARED = "sentences" in inspect.signature(rank_sentences).parameters
_Stage = Callable[[Article, list[str]], object]


def _rank(a: Article, sents: list[str]) -> object:
    if _SHARED:
        return rank_sentences(a.title, a.text, sentences=sents)
    return rank_sentences(a.title, a.text)


def _agreements(a: Article, sents: list[str]) -> object:
    if _SHARED:
        return extract_agreements(a.id, a.text, a.date, a.title, sentences=sents)
    return extract_agreements(a.id, a.text, a.date, a.title)


STAGES: dict[str, _Stage] = {
    "rank": _rank,
    "keywords": lambda a, _s: keywords(a.title, a.text),
    "agreements": _agreements,
    "analyze": lambda a, _s: analyze(a),
}
ROWS = ("split", "rank", "keywords", "agreements", "summ+agr", "analyze")


def load(limit: int, cache: Path | None) -> list[Article]:
    if cache is not None and cache.exists():
        arts: list[Article] = pickle.loads(cache.read_bytes())
        return arts[:limit] if limit else arts
    arts = []
    for doc in documents():
        if not doc.body.strip():
            continue
        arts.append(article_from_page(str(doc.newid), f"{doc.file}/{doc.newid}.txt",
                                      clean_page(as_text(doc))))
        if limit and len(arts) >= limit:
            break
    if cache is not None and not limit:
        cache.write_bytes(pickle.dumps(arts))
    return arts


def one_pass(arts: list[Article], cpu: bool) -> dict[str, list[float]]:
    """Milliseconds per article for each stage (stages interleaved per article)."""
    times: dict[str, list[float]] = {name: [] for name in ROWS}
    clock = time.thread_time_ns if cpu else time.perf_counter_ns
    gc.disable()
    try:
        for i, art in enumerate(arts):
            t0 = clock()
            sents = split_sentences(art.text)
            times["split"].append((clock() - t0) / 1e6)
            for name, fn in STAGES.items():
                t0 = clock()
                fn(art, sents)
                times[name].append((clock() - t0) / 1e6)
            times["summ+agr"].append(sum(times[k][-1] for k in ROWS[:4]))
            if i % 500 == 499:
                gc.collect()
    finally:
        gc.enable()
    return times


def stats(values: list[float]) -> tuple[float, float, float, float]:
    s = sorted(values)
    p99 = s[min(len(s) - 1, int(len(s) * 0.99))]
    return statistics.fmean(s), statistics.median(s), p99, s[-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--passes", type=int, default=3, help="timed passes (median reported)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="pickle of the cleaned articles (written when missing)")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="thread CPU time (default) or wall-clock time")
    args = ap.parse_args()

    t0 = time.perf_counter()
    arts = load(args.limit, args.cache)
    print(f"articles: {len(arts)} (loaded and cleaned in {time.perf_counter() - t0:.1f} s)")
    for art in arts[:200]:  # warm up: regex compilation, lazy tables, caches
        for fn in STAGES.values():
            fn(art, split_sentences(art.text))

    passes = [one_pass(arts, args.clock == "cpu") for _ in range(max(1, args.passes))]
    print(f"passes  : {len(passes)} (figures are medians over passes), clock: {args.clock}\n")
    print(f"{'stage':<11} {'mean':>8} {'median':>8} {'p99':>8} {'max':>8}   ms/article")
    for name in ROWS:
        per = [stats(p[name]) for p in passes]
        cols = [statistics.median(x[k] for x in per) for k in range(4)]
        print(f"{name:<11} " + " ".join(f"{c:8.3f}" for c in cols))
    total = [sum(p["analyze"]) for p in passes]
    print("\nanalyze total per pass: " + ", ".join(f"{t / 1000:.2f} s" for t in total))

    # slowest articles: the per-article median over passes
    n = len(arts)
    med = [statistics.median(p["analyze"][i] for p in passes) for i in range(n)]
    print("slowest analyze (NEWID ms, with the stages):")
    for i in sorted(range(n), key=med.__getitem__, reverse=True)[:5]:
        stage_ms = {k: statistics.median(p[k][i] for p in passes) for k in ROWS[:5]}
        detail = " ".join(f"{k}={v:.2f}" for k, v in stage_ms.items())
        print(f"  {arts[i].id:>6} {med[i]:8.2f}  ({detail}; {len(arts[i].text)} chars)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
