"""Document frequencies of key-phrase words (``thaw_cli/analysis/keyphrase_df.json``).

Counts, over the DEVELOPMENT part of ``../shared/corpora/bbc-news-summary-full`` (CC0; files
whose number is not a multiple of 5), the share of articles (title and text) holding each
key-phrase word (`thaw_cli.analysis.summary.phrase_words`: stem keys, stop words left out),
and keeps the words found in more than 5 % of them.  `summary.keywords` discounts a one-word
key phrase by how common its word is: a word every other article uses ("firm", "world",
"government") says little about this one.

    python bench/train_keyphrases.py [--out thaw_cli/analysis/keyphrase_df.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bbc import BBC_FULL, load  # noqa: E402

from thaw_cli.analysis.summary import phrase_words  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "thaw_cli" / "analysis" / "keyphrase_df.json"
MIN_SHARE = 0.05


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=BBC_FULL)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    items = load(args.corpus, "dev")
    df: Counter[str] = Counter()
    for it in items:
        df.update(phrase_words(f"{it.title}\n\n{it.prose}"))
    n = len(items)
    share = {w: round(c / n, 4) for w, c in sorted(df.items()) if c / n > MIN_SHARE}
    data = {
        "about": "share of articles holding each key-phrase word (stem key), over the development"
        " part of the BBC News Summary articles (bench/train_keyphrases.py); words in more than"
        f" {MIN_SHARE:.0%} of them",
        "articles": n,
        "min_share": MIN_SHARE,
        "share": share,
    }
    args.out.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    top = sorted(share.items(), key=lambda kv: -kv[1])[:40]
    print(f"{n} articles, {len(share)} words kept; most common: {top}")


if __name__ == "__main__":
    main()
