"""In-process CPU time of `summary.rank_and_keywords` per Reuters article (what `analyze` runs).

Every article with a body is cleaned and made an `Article` as the indexer does
(`bench_analysis.load`); the sentences are split beforehand (as `analyze` shares them), and
each pass times ``rank_and_keywords(title, text, sentences=...)`` per article with the
thread's CPU clock.  Prints mean / median / p99 per pass and the median of the pass means.

    python bench/time_summary.py [--passes 5] [--limit N] [--cache FILE]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_analysis import load  # noqa: E402

from thaw_cli.analysis.sentences import split_sentences  # noqa: E402
from thaw_cli.analysis.summary import rank_and_keywords  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the cleaned articles")
    args = ap.parse_args()
    arts = load(args.limit, args.cache)
    work = [(a.title, a.text, split_sentences(a.text)) for a in arts]
    for title, text, sents in work[:300]:  # warm-up: regexes, caches, the model file
        rank_and_keywords(title, text, sentences=sents)
    clock = time.thread_time_ns
    means = []
    for p in range(args.passes):
        times = []
        gc.disable()
        try:
            for title, text, sents in work:
                t0 = clock()
                rank_and_keywords(title, text, sentences=sents)
                times.append((clock() - t0) / 1e6)
        finally:
            gc.enable()
        times.sort()
        mean = statistics.fmean(times)
        means.append(mean)
        print(
            f"pass {p + 1}: n={len(times)} mean {mean:.3f} median {statistics.median(times):.3f}"
            f" p99 {times[int(len(times) * 0.99)]:.3f} max {times[-1]:.3f} ms"
        )
    print(f"rank_and_keywords: median of pass means {statistics.median(means):.3f} ms/article")


if __name__ == "__main__":
    main()
