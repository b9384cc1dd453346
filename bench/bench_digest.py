"""Digest, stories, entities and timeline from the index on Reuters-21578 (19,043 articles).

    python bench/bench_digest.py                      # build the corpus and index in a temp dir
    python bench/bench_digest.py --corpus DIR --index FILE   # reuse a corpus written before
    python bench/bench_digest.py --features           # per-article index-time cost of the features
    python bench/bench_digest.py --pairs 12           # sample story pairs per similarity band

The corpus is written with bench/reuters.py's write_corpus (never into the repo). Prints
seconds for each view; timings are figures to read, not assertions.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from reuters import write_corpus  # noqa: E402

from thaw_cli.app.workspace import open_workspace  # noqa: E402
from thaw_cli.core.models import ArticleFilter  # noqa: E402


def timed(label: str, fn):  # noqa: ANN202
    t = time.perf_counter()
    out = fn()
    print(f"{label:32s} {time.perf_counter() - t:7.2f} s")
    return out


def features_cost(root: Path, n: int = 1000) -> None:
    from thaw_cli.analysis.entities import extract_entities
    from thaw_cli.analysis.pipeline import digest_features
    from thaw_cli.analysis.summary import keywords
    from thaw_cli.analysis.timeline import extract_events
    from thaw_cli.ingest import corpus

    arts = []
    for p in sorted(root.rglob("*.txt"))[:n]:
        rel = str(p.relative_to(root))
        arts.append(corpus.load_article(root, rel, rel, 10_000_000)[0])
    kws = [keywords(a.title, a.text) for a in arts]
    for label, fn in (("entities", lambda a, k: extract_entities(a.title, a.text)),
                      ("timeline events", lambda a, k: extract_events(a.id, a.text, "1987-03-10")),
                      ("all digest features", digest_features)):
        t = time.perf_counter()
        for a, k in zip(arts, kws, strict=True):
            fn(a, k)
        print(f"{label:32s} {(time.perf_counter() - t) / len(arts) * 1000:7.3f} ms/article")


def pairs_sample(idx, n: int) -> None:  # noqa: ANN001
    """Candidate pairs sharing an anchor, by similarity band (links at threshold 0)."""
    from thaw_cli.analysis.stories import cluster

    rows = {}
    items = []
    for aid, title, date, feats in idx.feature_rows(ArticleFilter()):
        rows[len(items)] = title
        items.append((len(items), aid, date, feats.get("terms", []), feats.get("sig", [])))
    a, b, sims = cluster(items, threshold=0.0).links
    pairs = list(zip(a.tolist(), b.tolist(), sims.tolist(), strict=True))
    rnd = random.Random(11)
    for lo, hi in ((0.3, 0.4), (0.4, 0.5), (0.5, 0.7), (0.7, 1.01)):
        band = [p for p in pairs if lo <= p[2] < hi]
        print(f"== similarity {lo:.1f}-{hi:.1f}: {len(band)} candidate pairs")
        for i, j, s in rnd.sample(band, min(n, len(band))):
            print(f"  {s:.2f} | {rows[i]} || {rows[j]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--features", action="store_true")
    ap.add_argument("--pairs", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.corpus or Path(tmp) / "reuters"
        db = args.index or Path(tmp) / "index.db"
        if args.corpus is None:
            print(f"wrote {write_corpus(root)} articles")
        if args.features:
            features_cost(root)
            return
        idx, report = timed("index (refresh)", lambda: open_workspace(root, db))
        print(f"articles in index: {idx.count()}")
        if args.pairs:
            pairs_sample(idx, args.pairs)
            return
        from thaw_cli.queries.digest import build_digest
        from thaw_cli.queries.entities import find_entities
        from thaw_cli.queries.stories import find_stories
        from thaw_cli.queries.timeline import find_timeline

        every = ArticleFilter()
        stories = timed("thaw stories", lambda: find_stories(idx, every, min_articles=2))
        print(f"  stories of 2+ articles: {len(stories)}, articles in them: {sum(len(s.articles) for s in stories)}, "
              f"largest: {max((len(s.articles) for s in stories), default=0)}")
        ents = timed("thaw entities", lambda: find_entities(idx, every))
        print(f"  entities: {len(ents)}")
        events = timed("thaw timeline", lambda: find_timeline(idx, every))
        print(f"  events: {len(events)}")
        d = timed("thaw digest (20 stories)", lambda: build_digest(idx, every, limit=20))
        print(f"  stories shown: {len(d.stories)}, more: {d.more_stories}, agreements: {len(d.agreements)}")
        from thaw_cli.output import digest_html, digest_md

        timed("  render Markdown", lambda: digest_md.digest_markdown(d))
        timed("  render HTML", lambda: digest_html.digest_html(d))
        timed("thaw digest --query merger", lambda: build_digest(idx, every, query="merger", limit=20))


if __name__ == "__main__":
    main()
