"""Search relevance on Reuters-21578 topics (read from ../shared; run by hand, not in CI).

The judgements are Reuters' own: every article carries zero or more <TOPICS> labels (coffee,
crude, interest, ...). Each topic with at least MIN_RELEVANT articles in the 1x corpus becomes
one query, the topic's documented name in words as a user would type it (`QUERIES`, written
down before any tuning and never changed after), and an article is relevant to it when it
carries the topic.

Reuters assigned topics to only part of its articles: TOPICS="YES" marks the 12,344 (of the
19,043 with a body) that were categorised; the 6,699 marked "NO" or "BYPASS" never were, and
many of them are plainly about a topic ("LUMBER FUTURES TUMBLE SHARPLY EARLY", "N.Y. OILSEEDS
REPORT"), so counting them as not relevant punishes a system for finding them. Two figures
are reported for each metric:
- all: every article is ranked, an unlabeled one counts as not relevant (the strict reading);
- judged: the articles never categorised are taken out of each ranking before it is scored
  (condensed lists, Sakai 2007: the usual way to score rankings against incomplete
  judgements; Reuters' own ModApte split also leaves them out).

Systems, all over the same files (the 1x corpus of bench/bench_search.py: every Reuters
article with a body as one .txt file):
- thaw: `thaw_cli.store.search.search` over a real thaw index of the corpus (built or refreshed
  in-process by `thaw_cli.store.index`): the first ten as `thaw search` shows them (--limit 10),
  then the rest of a --limit DEPTH search;
- bm25: the same FTS5 index and the same MATCH expression, ranked by plain `bm25(fts)` (no
  column weights, no boosts);
- tantivy: stock settings: title and body as text fields with tantivy's `en_stem` analyzer
  (simple tokenizer, lower case, English Snowball stemmer), BM25, the title boosted x2, all
  words required (`conjunction_by_default`), on the title and body thaw read from each file.
  (Its figures move by up to 0.005 from run to run: the order of tied scores in a fresh index.)

Metrics per query, then averaged over the topics of a split: P@10; nDCG@10 (binary gains,
ideal ranking of min(R, 10) relevant hits); AP@100 = sum of P@k at each relevant hit among
the first 100 / min(R, 100) (so topics with thousands of articles are not capped near 0).

The split is fixed here, before any tuning: topics sorted by code, every third one (positions
2, 5, 8, ...) is a VALIDATION topic, never looked at while tuning; the rest are DEVELOPMENT.

Usage:
    python bench/eval_relevance.py [--out DIR] [--systems thaw,bm25,tantivy] [--per-topic]
                                   [--split dev|val|both]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuters import documents, write_corpus  # noqa: E402

MIN_RELEVANT = 15  # topics with fewer articles in the corpus are left out (P@10 would be noise)

# The query for each topic: its name in the Reuters-21578 category descriptions, in the words a
# user would type (qualifiers like "data", "starts", "index" dropped when the plain name is the
# usual news word: jobs -> unemployment, housing starts -> housing, trade balance -> trade).
QUERIES = {
    "acq": "acquisition",
    "alum": "aluminium",
    "barley": "barley",
    "bop": "balance of payments",
    "carcass": "meat",
    "cocoa": "cocoa",
    "coffee": "coffee",
    "copper": "copper",
    "corn": "corn",
    "cotton": "cotton",
    "cpi": "consumer prices",
    "crude": "crude oil",
    "dlr": "dollar",
    "earn": "earnings",
    "fuel": "fuel oil",
    "gas": "gasoline",
    "gnp": "gross national product",
    "gold": "gold",
    "grain": "grain",
    "heat": "heating oil",
    "hog": "hogs",
    "housing": "housing",
    "interest": "interest rates",
    "ipi": "industrial production",
    "iron-steel": "steel",
    "jobs": "unemployment",
    "lead": "lead",
    "livestock": "livestock",
    "lumber": "lumber",
    "meal-feed": "animal feed",
    "money-fx": "foreign exchange",
    "money-supply": "money supply",
    "nat-gas": "natural gas",
    "oilseed": "oilseeds",
    "orange": "orange juice",
    "palm-oil": "palm oil",
    "pet-chem": "petrochemicals",
    "rapeseed": "rapeseed",
    "reserves": "reserves",
    "retail": "retail sales",
    "rice": "rice",
    "rubber": "rubber",
    "ship": "shipping",
    "silver": "silver",
    "sorghum": "sorghum",
    "soy-meal": "soybean meal",
    "soy-oil": "soybean oil",
    "soybean": "soybeans",
    "stg": "sterling",
    "strategic-metal": "strategic metals",
    "sugar": "sugar",
    "sunseed": "sunflower seed",
    "tea": "tea",
    "tin": "tin",
    "trade": "trade",
    "veg-oil": "vegetable oil",
    "wheat": "wheat",
    "wpi": "wholesale prices",
    "yen": "yen",
    "zinc": "zinc",
}


def split(topics: list[str]) -> tuple[list[str], list[str]]:
    """(development, validation): sorted by code, every third topic is a validation topic."""
    ordered = sorted(topics)
    val = [t for i, t in enumerate(ordered) if i % 3 == 2]
    return [t for t in ordered if t not in val], val


# --- metrics ---------------------------------------------------------------------------------

def precision_at(ranked: list[bool], k: int = 10) -> float:
    return sum(ranked[:k]) / k


def ndcg_at(ranked: list[bool], n_relevant: int, k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(n_relevant, k)))
    return dcg / ideal if ideal else 0.0


def average_precision(ranked: list[bool], n_relevant: int, k: int = 100) -> float:
    hits = 0
    total = 0.0
    for i, r in enumerate(ranked[:k]):
        if r:
            hits += 1
            total += hits / (i + 1)
    return total / min(n_relevant, k) if n_relevant else 0.0


# --- the corpus, the judgements and the thaw index ---------------------------------------------

def corpus_dir(out: Path) -> Path:
    """The 1x corpus of bench_search.py (written once, reused)."""
    corpus = out / "reuters1x"
    marker = corpus / ".count"
    if not marker.exists():
        import shutil

        shutil.rmtree(corpus, ignore_errors=True)
        n = write_corpus(corpus, 1)
        marker.write_text(str(n))
    return corpus


def judgements() -> tuple[dict[str, set[int]], set[int]]:
    """(topic -> NEWIDs of the articles with a body that carry it, NEWIDs of the articles
    that were categorised at all)."""
    out: dict[str, set[int]] = {}
    categorised: set[int] = set()
    for d in documents():
        if d.body.strip():
            if d.topics_attr == "YES" or d.topics:
                categorised.add(d.newid)
            for t in d.topics:
                out.setdefault(t, set()).add(d.newid)
    return out, categorised


def open_thaw(corpus: Path, db: Path):  # -> thaw_cli.store.index.Index
    from thaw_cli.store.index import open_index

    idx = open_index(corpus, db, max_size=20 << 20)
    t = time.perf_counter()
    report = idx.refresh()
    if report.added or report.changed:
        print(f"indexed {report.added + report.changed} files in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return idx


def newids(idx) -> dict[str, int]:  # noqa: ANN001
    """thaw article id -> Reuters NEWID (the file is <sgm>/<NEWID>.txt)."""
    return {aid: int(rel.rsplit("/", 1)[-1].split(".")[0])
            for aid, rel in idx.conn.execute("SELECT id, rel FROM articles")}


# --- the systems ---------------------------------------------------------------------------------

DEPTH = 400  # hits asked of each system: enough for 100 categorised ones after condensing
Ranker = Callable[[str], list[int]]  # query -> NEWIDs, best first (at most DEPTH)


def thaw_ranker(idx) -> Ranker:  # noqa: ANN001
    """The first ten as `thaw search Q` shows them (--limit 10: the second stage ranks its
    pool of ranking.POOL), then the rest of a --limit DEPTH search (a pool of DEPTH)."""
    from thaw_cli.core.models import ArticleFilter
    from thaw_cli.store.search import search

    ids = newids(idx)

    def rank(q: str) -> list[int]:
        first = [ids[h.id] for h in search(idx, q, ArticleFilter(), 10)]
        rest = [ids[h.id] for h in search(idx, q, ArticleFilter(), DEPTH)]
        return first + [n for n in rest if n not in first]

    return rank


def bm25_ranker(idx) -> Ranker:  # noqa: ANN001
    """The same FTS5 index and MATCH expression, ranked by bm25() with no column weights."""
    from thaw_cli.store import search as search_mod

    by_rowid = {rowid: int(rel.rsplit("/", 1)[-1].split(".")[0])
                for rowid, rel in idx.conn.execute("SELECT rowid, rel FROM articles")}
    if hasattr(search_mod, "match_expression"):
        expression = lambda q: search_mod.match_expression(idx, q)  # noqa: E731
    else:
        from thaw_cli.store.query import to_fts as expression

    def rank(q: str) -> list[int]:
        rows = idx.conn.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts), rowid LIMIT {DEPTH}", (expression(q),))
        return [by_rowid[r] for (r,) in rows]

    return rank


def tantivy_ranker(idx, path: Path) -> Ranker:  # noqa: ANN001
    """tantivy, stock: en_stem on title and body, BM25, title x2, all words required."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("newid", stored=True)
    builder.add_text_field("title", tokenizer_name="en_stem")
    builder.add_text_field("body", tokenizer_name="en_stem")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer()
    ids = newids(idx)
    for aid in ids:
        a = idx.get(aid)
        writer.add_document(tantivy.Document(newid=ids[aid], title=a.title or "", body=a.body))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def rank(q: str) -> list[int]:
        query = index.parse_query(q, ["title", "body"], field_boosts={"title": 2.0},
                                  conjunction_by_default=True)
        hits = searcher.search(query, DEPTH).hits
        return [searcher.doc(addr)["newid"][0] for _, addr in hits]

    return rank


# --- evaluation ------------------------------------------------------------------------------------

Scores = dict[str, tuple[float, float, float]]  # topic -> (P@10, nDCG@10, AP@100)


def evaluate(rank: Ranker, topics: list[str], judged: dict[str, set[int]],
             categorised: set[int]) -> tuple[Scores, Scores]:
    """(scores over all articles, scores over the categorised articles only)."""
    every: Scores = {}
    condensed: Scores = {}
    for t in topics:
        relevant = judged[t]
        hits = rank(QUERIES[t])
        for out, kept in ((every, hits), (condensed, [n for n in hits if n in categorised])):
            ranked = [n in relevant for n in kept]
            out[t] = (precision_at(ranked), ndcg_at(ranked, len(relevant)), average_precision(ranked, len(relevant)))
    return every, condensed


def means(scores: dict[str, tuple[float, float, float]], topics: list[str]) -> tuple[float, float, float]:
    return tuple(statistics.fmean(scores[t][i] for t in topics) for i in range(3))  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "thaw-bench")
    ap.add_argument("--index", type=Path, default=None, help="thaw index file (default: OUT/relevance1x.sqlite3)")
    ap.add_argument("--systems", default="thaw,bm25,tantivy")
    ap.add_argument("--split", choices=("dev", "val", "both"), default="both")
    ap.add_argument("--per-topic", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = corpus_dir(args.out)
    judged, categorised = judgements()
    topics = [t for t in QUERIES if len(judged.get(t, ())) >= MIN_RELEVANT]
    missing = sorted(t for t, ids in judged.items() if len(ids) >= MIN_RELEVANT and t not in QUERIES)
    if missing:
        print(f"topics without a query: {missing}", file=sys.stderr)
    dev, val = split(topics)
    idx = open_thaw(corpus, args.index or args.out / "relevance1x.sqlite3")
    systems: dict[str, Ranker] = {}
    for name in args.systems.split(","):
        if name == "thaw":
            systems[name] = thaw_ranker(idx)
        elif name == "bm25":
            systems[name] = bm25_ranker(idx)
        elif name == "tantivy":
            systems[name] = tantivy_ranker(idx, Path(tempfile.mkdtemp(prefix="tantivy-")))
        else:
            raise SystemExit(f"unknown system {name}")
    wanted = {"dev": [("development", dev)], "val": [("validation", val)],
              "both": [("development", dev), ("validation", val)]}[args.split]
    chosen = [t for _, ts in wanted for t in ts]
    results = {name: evaluate(rank, chosen, judged, categorised) for name, rank in systems.items()}
    for label, ts in wanted:
        print(f"\n{label} topics ({len(ts)}): {' '.join(ts)}")
        print(f"{'':10} {'all articles':>26}   {'judged articles only':>26}")
        print(f"{'system':10} {'P@10':>8} {'nDCG@10':>8} {'MAP@100':>8}   {'P@10':>8} {'nDCG@10':>8} {'MAP@100':>8}")
        for name, (every, condensed) in results.items():
            cells = [f"{x:8.3f}" for x in (*means(every, ts), *means(condensed, ts))]
            print(f"{name:10} {' '.join(cells[:3])}   {' '.join(cells[3:])}")
        if args.per_topic:
            print(f"\n{'topic':16} {'query':24} {'R':>5} " + " ".join(f"{n + ' P@10':>12} {'AP':>5}" for n in results)
                  + "   (judged only)")
            for t in ts:
                cells = " ".join(f"{results[n][1][t][0]:12.1f} {results[n][1][t][2]:5.2f}" for n in results)
                print(f"{t:16} {QUERIES[t]:24} {len(judged[t]):5} {cells}")


if __name__ == "__main__":
    main()
