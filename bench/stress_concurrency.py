"""Soak test of concurrent use: many rounds of indexers, searches and lists started together.

Each round starts 3 `thaw index` (one with --rebuild), 10 `thaw search` and 5 `thaw list` at
the same moment on one index (tests/concurrency_stress.py says what is checked), and prints
the round's time and failures; at the end the index is compared with a fresh one. The test
suite runs the same with fewer rounds (tests/test_concurrency.py). Nothing here needs
/work/shared.

    python bench/stress_concurrency.py                  # 20 rounds, 300 articles
    python bench/stress_concurrency.py --rounds 100 --articles 500
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.concurrency_stress import Plan, stress  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--indexers", type=int, default=3)
    ap.add_argument("--searches", type=int, default=10)
    ap.add_argument("--lists", type=int, default=5)
    args = ap.parse_args()
    plan = Plan(indexers=args.indexers, searches=args.searches, lists=args.lists)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="thaw-stress-") as tmp:
        rounds, final = stress(Path(tmp), articles=args.articles, rounds=args.rounds, plan=plan, report=True)
    failures = sum(len(r.failures) for r in rounds) + len(final)
    for f in final:
        print("final:", f)
    print(f"{args.rounds} rounds x {rounds[0].processes if rounds else 0} processes on {args.articles} articles: "
          f"{sum(r.processes for r in rounds)} runs, {failures} failures, "
          f"{sum(r.waited for r in rounds)} queued, "
          f"{sum(r.answered_early for r in rounds)} answered from the committed index, "
          f"{time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
