"""Print the top-5 key phrases of a sample of BBC articles, for reading them (judging quality).

    python bench/keyphrase_sample.py [--part val|dev] [--per-topic 10] [--offset 0] [--lead 300]

The sample is the first ``--per-topic`` articles of each topic in the part (after
``--offset``), with the title and the start of the text, so a reader can say which phrases
they would use to describe the article.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bbc import BBC_FULL, TOPICS, load  # noqa: E402

from thaw_cli.analysis.summary import keywords  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=BBC_FULL)
    ap.add_argument("--part", default="val", choices=["dev", "val"])
    ap.add_argument("--per-topic", type=int, default=10)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--lead", type=int, default=300, help="characters of text to show")
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args()
    items = load(args.corpus, args.part)
    for topic in TOPICS:
        mine = [it for it in items if it.topic == topic][args.offset : args.offset + args.per_topic]
        for it in mine:
            print(f"== {it.id}: {it.title}")
            print("   " + " ".join(it.prose.split())[: args.lead] + " ...")
            for k in keywords(it.title, it.prose, args.n):
                print(f"   * {k}")


if __name__ == "__main__":
    main()
