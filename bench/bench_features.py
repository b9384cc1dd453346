"""Time the index-time digest features over cleaned Reuters-21578 articles.

    python bench/bench_features.py [--limit 3000] [--presplit] [--profile]

For each stage — entities, events, terms, signature — prints mean, median, p99 and
worst CPU time per article (``time.process_time``: the machine is shared, CPU time is
much less disturbed by other processes). ``--presplit`` passes the sentences split once
by the caller (as analysis.py can), ``--profile`` runs cProfile over all stages instead.
Budget: the digest features together at most 0.35 ms mean and 2 ms p99 per article.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reuters import as_text, documents  # noqa: E402

from thaw_cli.analysis.codec import entities_to_json  # noqa: E402
from thaw_cli.analysis.entities import extract_entities  # noqa: E402
from thaw_cli.analysis.sentences import split_sentences  # noqa: E402
from thaw_cli.analysis.stories import signature, story_terms  # noqa: E402
from thaw_cli.analysis.summary import keywords  # noqa: E402
from thaw_cli.analysis.timeline import extract_events  # noqa: E402
from thaw_cli.ingest.cleaning import clean_page  # noqa: E402

_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_DATE = re.compile(r"^\s*(\d{1,2})-([A-Z]{3})-(\d{4})")

# (article id, title, text, article date, key phrases)
Item = tuple[str, str | None, str, str, list[str]]


def reuters_date(raw: str) -> str:
    """ "26-FEB-1987 15:01:01.79" -> "1987-02-26" (a fixed date when unreadable)."""
    m = _DATE.match(raw)
    if not m or m.group(2) not in _MONTHS:
        return "1987-03-01"
    return f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"


def load(limit: int = 0) -> list[Item]:
    """Cleaned articles with a body, as the indexer sees them (title, body, date, key phrases)."""
    docs = [d for d in documents() if d.body.strip()]
    if limit:
        docs = docs[:limit]
    items: list[Item] = []
    for d in docs:
        page = clean_page(as_text(d))
        items.append((str(d.newid), page.title, page.body, reuters_date(d.date), keywords(page.title, page.body)))
    return items


def features(item: Item, presplit: bool = False) -> dict[str, Any]:
    """The four digest features of one article (plain data, comparable with ==)."""
    aid, title, text, date, kws = item
    if presplit:
        sents = split_sentences(text)
        ents = extract_entities(title, text, sentences=sents)
        events = extract_events(aid, text, date, sentences=sents)
    else:
        ents = extract_entities(title, text)
        events = extract_events(aid, text, date)
    terms = story_terms(title, kws, ((e.name, e.kind) for e in ents))
    return {
        "entities": entities_to_json(ents),
        "events": [(e.date, e.precision, e.what, e.article, e.evidence, e.kind) for e in events],
        "terms": terms,
        "sig": signature(terms),
    }


def _row(name: str, times: list[float]) -> str:
    ts = sorted(times)
    ms = 1000.0
    p99 = ts[max(0, int(len(ts) * 0.99) - 1)]
    return (f"{name:<10} mean {statistics.fmean(ts) * ms:7.3f}  median {statistics.median(ts) * ms:7.3f}  "
            f"p99 {p99 * ms:7.3f}  max {ts[-1] * ms:7.3f} ms")


def bench(items: list[Item], presplit: bool) -> None:
    clock = time.process_time
    stages: dict[str, list[float]] = {k: [] for k in ("split", "entities", "events", "terms", "signature", "total")}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        t0 = clock()
        out = fn()
        stages[name].append(clock() - t0)
        return out

    for item in items[:50]:  # warm up: regex compilation, caches of imports
        features(item, presplit)
    for aid, title, text, date, kws in items:
        sents: list[str] | None = timed("split", lambda: split_sentences(text)) if presplit else None  # noqa: B023
        if sents is None:
            stages["split"].append(0.0)
            ents = timed("entities", lambda: extract_entities(title, text))  # noqa: B023
            timed("events", lambda: extract_events(aid, text, date))  # noqa: B023
        else:
            ents = timed("entities", lambda: extract_entities(title, text, sentences=sents))  # noqa: B023
            timed("events", lambda: extract_events(aid, text, date, sentences=sents))  # noqa: B023
        terms = timed("terms", lambda: story_terms(title, kws, ((e.name, e.kind) for e in ents)))  # noqa: B023
        timed("signature", lambda: signature(terms))  # noqa: B023
    n = len(items)
    stages["total"] = [sum(stages[k][i] for k in ("split", "entities", "events", "terms", "signature"))
                       for i in range(n)]
    print(f"articles: {n} (CPU time per article{', sentences split once by the caller' if presplit else ''})")
    for name, times in stages.items():
        if name == "split" and not presplit:
            continue
        print(_row(name, times))


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--limit", type=int, default=3000, help="the first N articles with a body (0: all)")
    ap.add_argument("--presplit", action="store_true", help="pass sentences split once by the caller")
    ap.add_argument("--profile", action="store_true", help="cProfile the feature extraction")
    args = ap.parse_args()
    items = load(args.limit)
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for item in items:
            features(item, args.presplit)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0
    bench(items, args.presplit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
