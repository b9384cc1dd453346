"""Time extract_agreements over every Reuters-21578 article with a body.

    python bench/bench_agreements.py [--limit N]

Prints median, p99 and worst time per article and the number of agreements found.
Times are the thread's CPU time (``--clock wall`` for wall-clock time): the machine is
shared, and CPU time is much less disturbed by other processes.
Budget: the whole index pipeline has about 1 ms per article per core; agreements aim
for <= 0.3 ms median (a cue-word prefilter drops most articles before any heavy work).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval_agreements import article_body, iter_reuters  # noqa: E402

from thaw_cli.analysis.agreements import extract_agreements  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args()
    docs = [d for d in iter_reuters() if d.body and d.body.strip()]
    if args.limit:
        docs = docs[: args.limit]
    texts = [(d.newid, article_body(d), d.date, d.title) for d in docs]
    # warm up (regex compilation, imports)
    for t in texts[:50]:
        extract_agreements(*t)
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    times: list[float] = []
    found = 0
    with_any = 0
    worst_id = ""
    worst = 0.0
    for t in texts:
        t0 = clock()
        recs = extract_agreements(*t)
        dt = clock() - t0
        times.append(dt)
        if dt > worst:
            worst, worst_id = dt, t[0]
        found += len(recs)
        with_any += bool(recs)
    times.sort()
    ms = 1000.0
    print(f"articles: {len(times)} (clock: {args.clock})")
    print(f"median  : {statistics.median(times) * ms:.3f} ms")
    print(f"mean    : {statistics.fmean(times) * ms:.3f} ms")
    print(f"p99     : {times[int(len(times) * 0.99) - 1] * ms:.3f} ms")
    print(f"worst   : {worst * ms:.3f} ms (NEWID {worst_id})")
    print(f"total   : {sum(times):.2f} s")
    print(f"agreements: {found} in {with_any} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
