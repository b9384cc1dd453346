"""Entity precision and recall against hand labels: 20 Reuters-21578 articles and the seeds.

    python bench/label_entities.py            # summary figures
    python bench/label_entities.py --show     # every miss and every wrong entity

The labels (bench/data/entities_labels.json) are my own: for each article, the people,
organisations and places a reader would list, with the other names the article uses.
A predicted entity is right when its name or one of its aliases is a labelled name or
alias of the same kind. Reuters articles are read from ../shared (never copied here) and
go through the same cleaner as `thaw` (laid out as bench/reuters.py writes them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from reuters import as_text, documents  # noqa: E402

from thaw_cli.analysis.entities import extract_entities  # noqa: E402
from thaw_cli.ingest import corpus  # noqa: E402

LABELS = HERE / "data" / "entities_labels.json"


def _norm(s: str) -> str:
    return " ".join(s.lower().replace(".", "").split())


def score(pred: list, gold: list[dict], show: str | None) -> tuple[int, int, int, int]:
    gold_names = [({_norm(g["name"]), *(_norm(a) for a in g["aliases"])}, g["kind"], g["name"]) for g in gold]
    right = 0
    found: set[str] = set()
    for e in pred:
        names = {_norm(e.name), *(_norm(a) for a in e.aliases)}
        hit = next((g for g in gold_names if g[1] == e.kind and names & g[0]), None)
        if hit:
            right += 1
            found.add(hit[2])
        elif show:
            print(f"  wrong  {show}: {e.kind} {e.name!r} {e.aliases}")
    if show:
        for g in gold:
            if g["name"] not in found:
                print(f"  missed {show}: {g['kind']} {g['name']!r}")
    return right, len(pred), len(found), len(gold)


def _entities(article: object, with_parties: bool) -> list:
    """The entities as the index stores them: with the article's agreement parties."""
    if not with_parties:
        return extract_entities(article.title, article.text)  # type: ignore[attr-defined]
    from thaw_cli.analysis.agreements import extract_agreements

    recs = extract_agreements("x", article.text, article.date, article.title)  # type: ignore[attr-defined]
    return extract_entities(article.title, article.text,  # type: ignore[attr-defined]
                            parties=[p for r in recs for p in r.parties])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--no-parties", action="store_true",
                    help="the name rules alone (without the agreement parties the index adds)")
    args = ap.parse_args()
    labels = json.loads(LABELS.read_text())
    totals: dict[str, list[int]] = {}
    # seeds
    seeds = HERE.parent / "seeds"
    t = totals.setdefault("seeds", [0, 0, 0, 0])
    for path in sorted(seeds.glob("*.md")):
        article, _ = corpus.load_article(seeds, path.name, path.stem, 10_000_000)
        gold = labels["seeds"][path.stem]
        for i, v in enumerate(score(_entities(article, not args.no_parties), gold, path.stem if args.show else None)):
            t[i] += v
    # Reuters
    wanted = {int(k): v for k, v in labels["reuters"].items()}
    t = totals.setdefault("reuters", [0, 0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for doc in documents():
            if doc.newid not in wanted:
                continue
            rel = f"{doc.newid}.txt"
            (root / rel).write_text(as_text(doc), encoding="utf-8")
            article, _ = corpus.load_article(root, rel, str(doc.newid), 10_000_000)
            found = _entities(article, not args.no_parties)
            for i, v in enumerate(score(found, wanted[doc.newid], str(doc.newid) if args.show else None)):
                t[i] += v
    for name, (right, pred, found, gold) in totals.items():
        print(f"{name:8s} precision {right / max(pred, 1):.3f} ({right}/{pred})  recall {found / max(gold, 1):.3f} ({found}/{gold})")


if __name__ == "__main__":
    main()
