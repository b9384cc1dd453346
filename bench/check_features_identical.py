"""Check that the digest features are unchanged over every Reuters-21578 article.

    python bench/check_features_identical.py --save /tmp/features.pkl   # before a change
    python bench/check_features_identical.py /tmp/features.pkl          # after it

``--save`` stores the cleaned inputs (title, body, date, key phrases) with the outputs of
extract_entities, extract_events, story_terms and signature; a check recomputes the
features from the stored inputs (so a change to the cleaner or the summariser does not
count as a difference), both with the functions splitting sentences themselves and with
the sentences split once by the caller, and reports every article that differs.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_features import features, load  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--save", action="store_true", help="store the current outputs as the reference")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    args = ap.parse_args()
    if args.save:
        items = load(args.limit)
        outputs = [features(item) for item in items]
        args.path.write_bytes(pickle.dumps({"items": items, "outputs": outputs}))
        print(f"saved {len(items)} articles to {args.path}")
        return 0
    ref = pickle.loads(args.path.read_bytes())
    items, outputs = ref["items"], ref["outputs"]
    bad = 0
    for presplit in (False, True):
        diffs = 0
        for item, want in zip(items, outputs, strict=True):
            got = features(item, presplit)
            if got != want:
                diffs += 1
                if diffs <= 5:
                    keys = [k for k in want if got[k] != want[k]]
                    print(f"article {item[0]} differs ({'presplit' if presplit else 'own split'}): {keys}")
                    for k in keys:
                        print(f"  want {want[k]!r}\n  got  {got[k]!r}")
        mode = "sentences split by the caller" if presplit else "sentences split inside"
        print(f"{mode}: {len(items) - diffs}/{len(items)} articles identical")
        bad += diffs
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
