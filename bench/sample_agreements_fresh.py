"""Draw the articles of the third, held-out agreement labels (bench/data/agreements_fresh.jsonl).

    python bench/sample_agreements_fresh.py            # print the drawn ids
    python bench/sample_agreements_fresh.py --show ID  # one article, its sentences numbered

The draw was made once, before thaw was run on any of the articles, and is reproducible
(seed 19003). It is disjoint from everything labelled before it: the 123 articles of
../shared/corpora/agreements-reuters-dev.jsonl and the 130 of bench/data/agreements_extra.jsonl
(a Reuters article with the same body as one of those is left out too). Drawn as
bench/sample_agreements_extra.py drew the second round, scaled down:

- Reuters-21578: 30 articles of 60-450 words, 28 among those with an agreement word
  (`AGREEMENT_WORD`) and 2 among those without (74:6 of the second round).
- BBC News (../shared/corpora/bbc-news-summary-full): 40 articles of 60-700 words, per topic
  business 18, politics 13, tech 5, entertainment 2, sport 2 (the second round's 22:16:6:3:3
  times 0.8), in each topic 85 % (rounded) among those with an agreement word.

All 70 are held out (part "fresh"): they were labelled by hand from `--show` alone, per
../shared/docs/agreements.md, and the labels committed before thaw ran on them; their
errors are read once, at the end. Labels: one line per article in draw order (Reuters by
NEWID, then BBC by key), `{"id", "source", "part": "fresh", "agreements": [...]}` with
evidence as [sentence index, sha1 prefix] pairs, as in the extra set; no article text.
`python bench/eval_agreements.py --set fresh` scores them, Reuters and BBC apart.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_agreements import DEV_SET, EXTRA_SET, iter_reuters  # noqa: E402
from sample_agreements_extra import AGREEMENT_WORD, BBC_DIR, bbc_text, show  # noqa: E402

SEED = 19003  # issue 19, third round
BBC_TOPICS = {"business": 18, "politics": 13, "tech": 5, "entertainment": 2, "sport": 2}
REUTERS_WITH, REUTERS_WITHOUT = 28, 2
BBC_SHARE_WITH = 0.85


def labelled_ids() -> set[str]:
    ids: set[str] = set()
    for path in (DEV_SET, EXTRA_SET):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(str(json.loads(line)["id"]))
    return ids


def draw() -> tuple[list[str], list[str]]:
    """(Reuters NEWIDs, BBC keys) of the fresh labels, each in id order."""
    done = labelled_ids()
    docs = list(iter_reuters())
    done_bodies = {" ".join((d.body or "").split()) for d in docs if d.newid in done}
    with_, without = [], []
    for d in sorted(docs, key=lambda d: int(d.newid)):
        if d.newid in done or " ".join((d.body or "").split()) in done_bodies:
            continue
        if not 60 <= len((d.body or "").split()) <= 450:
            continue
        (with_ if AGREEMENT_WORD.search(f"{d.title}\n{d.body}") else without).append(d.newid)
    rng = random.Random(SEED)
    reuters = rng.sample(with_, REUTERS_WITH) + rng.sample(without, REUTERS_WITHOUT)
    bbc: list[str] = []
    for topic, n in BBC_TOPICS.items():
        w, wo = [], []
        for path in sorted((BBC_DIR / topic).glob("*.txt")):
            key = f"{topic}/{path.stem}"
            if key in done:
                continue
            text = bbc_text(key)
            if not 60 <= len(text.split()) <= 700:
                continue
            (w if AGREEMENT_WORD.search(text) else wo).append(key)
        k = round(n * BBC_SHARE_WITH)
        bbc += rng.sample(w, k) + rng.sample(wo, n - k)
    return sorted(reuters, key=int), sorted(bbc)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", nargs="*", help="print these articles, sentences numbered")
    args = ap.parse_args()
    if args.show:
        for key in args.show:
            print(f"\n===== {key}")
            show(key)
        return 0
    reuters, bbc = draw()
    for name, ids in (("reuters", reuters), ("bbc", bbc)):
        print(name, len(ids))
        for i in ids:
            print(f"  {i}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
