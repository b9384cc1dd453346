"""Build thaw_cli/analysis/common_words.json: words news copy writes in lower case (reads ../shared).

    python bench/build_common_words.py

A capitalised word is a name only when it is not a common word written with a capital
because it opens a sentence or a headline ("Asked", "Delegates", "Securities"). This counts,
over Reuters-21578 (articles written in mixed case) and the BBC News articles of
../shared/corpora/bbc-news-summary-full, how often each word is written in lower case and
how often it is capitalised in the middle of a sentence; a word written in lower case at
least `--min` times and at least as often as capitalised mid-sentence is common. Word
statistics only (no text) are shipped: the sorted list of those words.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from reuters import SHARED, documents  # noqa: E402

OUT = HERE.parent / "thaw_cli" / "analysis" / "common_words.json"
BBC = SHARED / "corpora" / "bbc-news-summary-full" / "article"
_WORD = re.compile(r"(?<![\w.'\u2019-])([A-Za-z][a-z]+)(?![\w'\u2019-])")
_OPENERS = ".!?\"'(:;-\u201c\u2018"


_AFTER = re.compile(r"\b(to|will|would|can|could|may|might|must|should|did|does|not|the|a|an|"
                    r"its|their|his)\s+([a-z]+)\b")
_VERB_CUES = frozenset("to will would can could may might must should did does not".split())


def count(text: str, lower: Counter[str], capital: Counter[str],
          verbal: Counter[str] | None = None, nominal: Counter[str] | None = None) -> None:
    if verbal is not None and nominal is not None:
        for m in _AFTER.finditer(text):
            (verbal if m.group(1) in _VERB_CUES else nominal)[m.group(2)] += 1
    for line in text.split("\n"):
        for m in _WORD.finditer(line):
            w = m.group(1)
            if w.islower():
                lower[w] += 1
                continue
            before = line[:m.start()].rstrip()
            if before and before[-1] not in _OPENERS and w[1:].islower():
                capital[w.lower()] += 1


def mixed_case(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and sum(c.isupper() for c in text) >= 0.02 * letters


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min", type=int, default=3, help="lower-case uses needed (default 3)")
    args = ap.parse_args()
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    verbal: Counter[str] = Counter()
    nominal: Counter[str] = Counter()
    n = 0
    for d in documents():
        if d.body and mixed_case(d.body):
            count(d.body, lower, capital, verbal, nominal)
            n += 1
    for path in sorted(BBC.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n", 1)[1] if "\n" in text else ""
        count(body, lower, capital, verbal, nominal)
        n += 1
    words = sorted(w for w, c in lower.items() if c >= args.min and c >= capital[w] and len(w) > 1)
    # verbs: after "to", "will", "can", "not", ... more often than after "the", "a", "its"
    verbs = sorted(w for w, c in verbal.items() if c >= args.min and c > nominal[w] and len(w) > 1)
    OUT.write_text(json.dumps({
        "about": "Words news copy writes in lower case at least as often as capitalised "
                 "mid-sentence, and the verbs among lower-case words (found after to/will/can "
                 "more often than after the/a/its): Reuters-21578 and BBC News 2004-2005 word "
                 "counts (bench/build_common_words.py).",
        "words": words,
        "verbs": verbs,
    }, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(words):,} common words, {len(verbs):,} verbs from {n:,} articles -> {OUT} "
          f"({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
