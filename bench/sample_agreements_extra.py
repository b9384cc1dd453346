"""Draw the articles of the extra agreement labels (bench/data/agreements_extra.jsonl).

    python bench/sample_agreements_extra.py          # print the drawn ids, the split
    python bench/sample_agreements_extra.py --show ID  # one article, its sentences numbered

The draw was made once, before thaw was run on any of the articles, and is reproducible:

- Reuters-21578: 80 articles not in ../shared/corpora/agreements-reuters-dev.jsonl (nor with
  the same body as one of those), whose body has 60-450 words, as the dev set was drawn:
  74 among those with an agreement word (`AGREEMENT_WORD` below) and 6 among those without,
  `random.Random(SEED).sample` over the NEWIDs in ascending order.
- BBC News (../shared/corpora/bbc-news-summary-full): 50 articles of 60-700 words, per topic
  business 22, politics 16, tech 6, entertainment 3, sport 3; in each topic 85 % (rounded)
  among those with an agreement word, drawn the same way over the file names in order.

The split (before any output was looked at): the articles of each source in id order
(NEWID as a number; BBC "topic/NNN" as text), every other one, starting with the second,
is the held-out part `extra-val`; the others are `extra-dev`.

The sentences are thaw's own `split_sentences` of the title, a blank line and the body (for
Reuters the body is "DATELINE - body" as bench/eval_agreements.py writes it); the labels
refer to them by index, with the first 8 hex digits of the sha1 of the sentence normalised
(`norm_sentence`) to detect drift.

The labels are bench/data/agreements_extra.jsonl, one line per drawn article in draw order:
`{"id", "source": "reuters"|"bbc", "part": "extra-dev"|"extra-val", "agreements": [{"kind",
"parties", "subject", "status", "date", "evidence": [[sentence index, sha1 prefix], ...],
"optional"?}]}` - all 130 articles, labelled by hand from `--show` alone, per
../shared/docs/agreements.md, before thaw was run on them (no article text is stored).
`python bench/eval_agreements.py --set extra --part dev|val` scores them.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_agreements import DEV_SET, SHARED, article_body, iter_reuters  # noqa: E402

from thaw_cli.analysis.sentences import split_sentences  # noqa: E402

SEED = 19002  # issue 19, second round
BBC_DIR = SHARED / "corpora" / "bbc-news-summary-full" / "article"
BBC_TOPICS = {"business": 22, "politics": 16, "tech": 6, "entertainment": 3, "sport": 3}
REUTERS_WITH, REUTERS_WITHOUT = 74, 6
BBC_SHARE_WITH = 0.85

AGREEMENT_WORD = re.compile(
    r"\b(?:agree\w*|accords?|pacts?|treat(?:y|ies)|deals?|contract\w*|memorand\w*|mous?|"
    r"arrangements?|understanding|merg(?:e|ed|er|ers|ing)|joint[- ]ventures?|credit lines?|"
    r"lines? of credit|facilit(?:y|ies)|settlements?|letters? of intent|acqui(?:re|red|res|ring|"
    r"sition|sitions)|takeovers?|alliances?|partnerships?|swaps?)\b",
    re.I,
)


def norm_sentence(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", sentence.lower()))


def sentence_hash(sentence: str) -> str:
    return hashlib.sha1(norm_sentence(sentence).encode("utf-8")).hexdigest()[:8]


def reuters_text(doc) -> str:  # type: ignore[no-untyped-def]
    return "\n\n".join(p for p in (doc.title or "", article_body(doc)) if p)


def bbc_read(key: str) -> tuple[str, str]:
    """(title, body) of BBC article "topic/NNN"."""
    raw = (BBC_DIR / f"{key}.txt").read_text(encoding="utf-8")
    title, _, body = raw.strip().partition("\n")
    return title.strip(), body.strip()


def bbc_text(key: str) -> str:
    title, body = bbc_read(key)
    return f"{title}\n\n{body}"


def draw() -> tuple[list[str], list[str]]:
    """(Reuters NEWIDs, BBC keys) of the extra labels."""
    dev_ids: set[str] = set()
    import json

    with DEV_SET.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                dev_ids.add(str(json.loads(line)["id"]))
    docs = list(iter_reuters())
    dev_bodies = {" ".join((d.body or "").split()) for d in docs if d.newid in dev_ids}
    with_, without = [], []
    for d in sorted(docs, key=lambda d: int(d.newid)):
        if d.newid in dev_ids or " ".join((d.body or "").split()) in dev_bodies:
            continue
        n = len((d.body or "").split())
        if not 60 <= n <= 450:
            continue
        (with_ if AGREEMENT_WORD.search(f"{d.title}\n{d.body}") else without).append(d.newid)
    rng = random.Random(SEED)
    reuters = rng.sample(with_, REUTERS_WITH) + rng.sample(without, REUTERS_WITHOUT)
    bbc: list[str] = []
    for topic, n in BBC_TOPICS.items():
        w, wo = [], []
        for path in sorted((BBC_DIR / topic).glob("*.txt")):
            key = f"{topic}/{path.stem}"
            text = bbc_text(key)
            if not 60 <= len(text.split()) <= 700:
                continue
            (w if AGREEMENT_WORD.search(text) else wo).append(key)
        k = round(n * BBC_SHARE_WITH)
        bbc += rng.sample(w, k) + rng.sample(wo, n - k)
    return sorted(reuters, key=int), sorted(bbc)


def split(ids: list[str]) -> dict[str, str]:
    """id -> 'extra-dev' | 'extra-val': every other one in id order, from the second."""
    return {i: ("extra-val" if k % 2 else "extra-dev") for k, i in enumerate(ids)}


def show(key: str) -> None:
    if "/" in key:
        text = bbc_text(key)
    else:
        doc = next(d for d in iter_reuters() if d.newid == key)
        print(f"# {doc.newid} {doc.date}")
        text = reuters_text(doc)
    for i, s in enumerate(split_sentences(text)):
        print(f"[{i}] {' '.join(s.split())}")


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
    parts = {**split(reuters), **split(bbc)}
    for name, ids in (("reuters", reuters), ("bbc", bbc)):
        print(name, len(ids))
        for i in ids:
            print(f"  {i}\t{parts[i]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
