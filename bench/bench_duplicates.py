"""Near-duplicate benchmark on Reuters-21578 (read from ../shared; run by hand, not in CI).

    python bench/bench_duplicates.py            # 10x corpus: index, then time `thaw list --duplicates`
    python bench/bench_duplicates.py --measure  # the threshold measurement (fingerprint.THRESHOLD)

The 10x corpus repeats every Reuters article in 10 folders (`write_corpus(dest, copies=10)`):
each article's 10 copies must land in one group. Reuters itself holds real near-duplicate
stories, so some groups hold more than 10 (those are counted and shown).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reuters import documents, write_corpus  # noqa: E402

from thaw_cli.analysis import fingerprint as fp  # noqa: E402

THAW = str(Path(sys.executable).parent / "thaw")


def perturb(text: str, fraction: float, rnd: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, int(len(words) * fraction))):
        if not words:
            break
        i = rnd.randrange(len(words))
        op = rnd.random()
        if op < 0.4:
            words[i] = rnd.choice(["the", "said", "new", "company", "market"])
        elif op < 0.7:
            del words[i]
        else:
            words.insert(i, rnd.choice(["also", "however", "reuters"]))
    return " ".join(words)


def measure(n: int = 3000) -> None:
    import numpy as np

    docs = [d for d in documents() if len(d.body.split()) >= 20][:n]
    rnd = random.Random(1)
    t = time.perf_counter()
    sigs = [fp.signature(f"{d.title}\n\n{d.body}") for d in docs]
    per = (time.perf_counter() - t) / len(docs) * 1000
    print(f"signature: {per:.2f} ms/article ({len(docs)} Reuters articles)")
    for frac in (0.01, 0.02, 0.05, 0.10, 0.20):
        est = sorted(fp.similarity(fp.signature(f"{d.title}\n\n{perturb(d.body, frac, rnd)}") or b"", s or b"") if s else 0
                     for d, s in zip(docs[:1000], sigs, strict=False))
        found = sum(1 for e in est if e >= fp.THRESHOLD) / len(est)
        print(f"edited copies ({frac:.0%} of words): estimate p5 {est[50]:.2f}, median {est[500]:.2f}; "
              f"found as duplicates: {found:.1%}")
    matrix = np.frombuffer(b"".join(s for s in sigs if s), dtype="<u2").reshape(-1, fp.PERMUTATIONS)
    nearest = []
    for i in range(min(1000, len(matrix))):
        eq = (matrix == matrix[i]).mean(axis=1)
        eq[i] = -1
        nearest.append(float(eq.max()))
    nearest.sort()
    above = sum(1 for v in nearest if v >= fp.THRESHOLD)
    print(f"most similar other article: median {nearest[500]:.2f}, p90 {nearest[900]:.2f}, p95 {nearest[950]:.2f}; "
          f"{above} of 1000 at or above {fp.THRESHOLD} (Reuters' own repeated stories)")


def run(*args: str, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t = time.perf_counter()
    proc = subprocess.run([THAW, *args], capture_output=True, text=True, env=env)
    return time.perf_counter() - t, proc


def bench(copies: int, workdir: Path | None) -> None:
    base = Path(workdir or tempfile.mkdtemp(prefix="thaw-dups-"))
    corpus = base / f"reuters-{copies}x"
    if not corpus.exists():
        t = time.perf_counter()
        n = write_corpus(corpus, copies=copies)
        print(f"wrote {n:,} articles in {time.perf_counter() - t:.1f} s")
    env = dict(os.environ, THAW_CORPUS=str(corpus), THAW_INDEX=str(base / f"index-{copies}x.sqlite3"))
    seconds, proc = run("index", env=env)
    print(f"thaw index: {seconds:.1f} s")
    for attempt in range(3):
        seconds, proc = run("list", "--duplicates", "--json", env=env)
        assert proc.returncode == 0, proc.stderr
        print(f"thaw list --duplicates --json (run {attempt + 1}): {seconds:.2f} s")
    groups = json.loads(proc.stdout)
    group_of: dict[str, int] = {}
    for g in groups:
        for i in g["ids"]:
            group_of[i] = g["group"]
    originals: dict[str, set[int | None]] = {}
    for copy_dir in sorted(corpus.iterdir()):
        for f in copy_dir.rglob("*.txt"):
            key = str(f.relative_to(copy_dir))[:-4]
            originals.setdefault(key, set()).add(group_of.get(str(f.relative_to(corpus))[:-4]))
    split = [k for k, gs in originals.items() if len(gs) != 1 or None in gs]
    sizes = Counter(g["size"] for g in groups)
    print(f"{len(groups):,} groups for {len(originals):,} distinct articles; sizes: {dict(sorted(sizes.items())[:8])}...")
    print(f"articles whose {copies} copies are not all in one group: {len(split)}")
    merged = sum(1 for g in groups if g["size"] > copies)
    print(f"groups joining several distinct Reuters articles (near-duplicate stories): {merged:,}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", action="store_true")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    if args.measure:
        measure()
    else:
        bench(args.copies, args.workdir)


if __name__ == "__main__":
    main()
