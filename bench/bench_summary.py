"""Per-article timings of sentence splitting, rank_sentences and keywords on Reuters-21578.

Parses the SGML files itself (latin-1; ``<TITLE>`` and ``<BODY>``), keeps every
article with a body (about 19,000) and times each step on each article with
``time.perf_counter_ns``.  Prints median, p99 and worst case in milliseconds.

    python bench/bench_summary.py [--dir /work/shared/corpora/reuters21578] [--limit N]
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thaw_cli.analysis.sentences import split_sentences  # noqa: E402
from thaw_cli.analysis.summary import keywords, rank_sentences  # noqa: E402

REUTERS = Path("/work/shared/corpora/reuters21578")
_DOC = re.compile(r"<REUTERS.*?</REUTERS>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def load_reuters(root: Path) -> list[tuple[str | None, str]]:
    """(title, body) of every article with a body; the "Reuter" sign-off is kept."""
    out = []
    for path in sorted(root.glob("*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for doc in _DOC.findall(raw):
            body = _BODY.search(doc)
            if not body:
                continue
            title = _TITLE.search(doc)
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            if text:
                out.append((html.unescape(title.group(1)) if title else None, text))
    return out


def timeit(
    fn: Callable[[str | None, str], object], arts: list[tuple[str | None, str]]
) -> list[float]:
    times = []
    for title, text in arts:
        t0 = time.perf_counter_ns()
        fn(title, text)
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"{name:24s} {statistics.median(times):8.3f} {p99:8.3f} {times[-1]:8.3f}"
        f" {statistics.mean(times):8.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dir", type=Path, default=REUTERS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    arts = load_reuters(args.dir)
    if args.limit:
        arts = arts[: args.limit]
    sizes = sorted(len(t) for _, t in arts)
    print(
        f"{len(arts)} Reuters articles with a body; size median {statistics.median(sizes):.0f}"
        f" chars, max {sizes[-1]}"
    )
    # warm-up (regex compilation, caches)
    for title, text in arts[:200]:
        split_sentences(text)
        rank_sentences(title, text)
        keywords(title, text)
    mid = [a for a in arts if 1000 <= len(a[1]) <= 2000]
    steps: list[tuple[str, Callable[[str | None, str], object]]] = [
        ("split_sentences", lambda _t, x: split_sentences(x)),
        ("rank_sentences", lambda t, x: rank_sentences(t, x)),
        ("keywords", lambda t, x: keywords(t, x)),
        ("all three", lambda t, x: (split_sentences(x), rank_sentences(t, x), keywords(t, x))),
    ]
    print(f"\nall articles (n={len(arts)}), milliseconds")
    print(f"{'step':24s} {'median':>8s} {'p99':>8s} {'worst':>8s} {'mean':>8s}")
    for name, fn in steps:
        report(name, timeit(fn, arts))
    print(f"\narticles of 1-2 KB (n={len(mid)}), milliseconds")
    print(f"{'step':24s} {'median':>8s} {'p99':>8s} {'worst':>8s} {'mean':>8s}")
    for name, fn in steps:
        report(name, timeit(fn, mid))


if __name__ == "__main__":
    main()
