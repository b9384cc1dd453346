"""Stories kept in the index: what maintaining them costs, and how close they stay to a
grouping of everything at once.

    python bench/bench_stories.py --corpus DIR --work DIR [--reference FILE]

DIR is a Reuters corpus written by bench/reuters.py (it is copied into --work, which is
changed freely). Prints, with CPU seconds of the indexing process:
- indexing the copy from empty: total, and the part spent in the story hooks
  (`storystore.*`), the story tables' share of the index file;
- re-indexing after touching 10 files (mtime only) and after editing 10 (a changed
  headline and lead), and removing them: total and story part;
- `thaw stories --json` and `thaw digest --json` on the warm index (median of 3 runs of the
  installed command, wall and CPU);
- pair agreement of the stories against (a) a recomputation of everything at once over the
  same index, (b) an index built in two halves (the second half added to an existing
  index), and, with --reference (JSON list of article-id lists, e.g. written by the old
  read-time grouping), against that.
Figures to read, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from thaw_cli.core.models import ArticleFilter  # noqa: E402
from thaw_cli.queries.stories import find_stories  # noqa: E402
from thaw_cli.store import storystore  # noqa: E402
from thaw_cli.store.index import open_index  # noqa: E402

HOOKS = ("added", "removed", "renamed", "expect", "update", "mark_stale")
spent: dict[str, float] = {}


def instrument() -> None:
    for name in HOOKS:
        fn = getattr(storystore, name)

        def timed(*args: Any, _fn: Callable[..., Any] = fn, _name: str = name) -> Any:
            t = time.process_time()
            try:
                return _fn(*args)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.process_time() - t

        setattr(storystore, name, timed)


def refresh(root: Path, db: Path, label: str) -> None:
    spent.clear()
    idx = open_index(root, db, max_size=10_000_000)
    t, c = time.perf_counter(), time.process_time()
    report = idx.refresh(full=True)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    story = sum(spent.values())
    detail = ", ".join(f"{k} {v:.3f}" for k, v in sorted(spent.items()) if v >= 0.0005)
    print(f"{label:34s} wall {wall:7.2f} s  main-process CPU {cpu:7.2f} s  stories {story:6.3f} s ({detail})"
          f"  [+{report.added} ~{report.changed} -{report.removed}]")
    idx.close()


def table_sizes(db: Path) -> None:
    conn = sqlite3.connect(db)
    total = db.stat().st_size
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'story%' OR name LIKE 'sqlite_autoindex_story%' GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        rows = []
    story = sum(s for _, s in rows)
    print(f"index {total / 1e6:.1f} MB, story tables {story / 1e6:.1f} MB ({story / total:.1%}): "
          + ", ".join(f"{n} {s / 1e6:.1f}" for n, s in rows))
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("story_bands", "story_df", "story_links", "story_members")}
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    conn.close()


def groups(root: Path, db: Path) -> list[list[str]]:
    idx = open_index(root, db, max_size=10_000_000)
    out = [s.articles for s in find_stories(idx, ArticleFilter(), min_articles=2)]
    idx.close()
    return out


def pairs(stories: Iterable[list[str]]) -> set[tuple[str, str]]:
    return {(a, b) for s in stories for i, a in enumerate(sorted(s)) for b in sorted(s)[i + 1:]}


def agreement(label: str, new: list[list[str]], ref: list[list[str]]) -> None:
    p, r = pairs(new), pairs(ref)
    both = len(p & r)
    prec = both / len(p) if p else 1.0
    rec = both / len(r) if r else 1.0
    same = len({tuple(sorted(s)) for s in new} & {tuple(sorted(s)) for s in ref})
    print(f"{label:44s} stories {len(new):5d} vs {len(ref):5d}, identical {same:5d}; "
          f"same-story pairs {len(p):6d} vs {len(r):6d}: precision {prec:.4f} recall {rec:.4f}")


def command(args: list[str], runs: int = 3) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
        after = os.times()
        cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
    return statistics.median(walls), statistics.median(cpus)


def edit(path: Path, n: int) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    path.write_text(f"Zorblax Quintrell takes over Vexamora {n}\n\nZorblax Quintrell said today it agreed to "
                    f"buy Vexamora Holdings of Quistenburg.\n\n{text}", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--reference", type=Path)
    ap.add_argument("--skip-halves", action="store_true")
    args = ap.parse_args()
    instrument()
    work: Path = args.work
    root, db = work / "corpus", work / "index.sqlite3"
    if root.exists():
        shutil.rmtree(root)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copytree(args.corpus, root)
    files = sorted(p for p in root.rglob("*") if p.is_file())

    refresh(root, db, "index from empty")
    table_sizes(db)
    refresh(root, db, "nothing changed")
    for p in files[::len(files) // 10][:10]:
        os.utime(p, ns=(time.time_ns(), time.time_ns()))
    refresh(root, db, "10 files touched")
    edited = files[5::len(files) // 10][:10]
    for n, p in enumerate(edited):
        edit(p, n)
    refresh(root, db, "10 files edited")
    kept = {p: p.read_bytes() for p in edited}
    for p in edited:
        p.unlink()
    refresh(root, db, "10 files removed")
    for p, data in kept.items():
        p.write_bytes(data)
    refresh(root, db, "10 files back")

    thaw = shutil.which("thaw") or "thaw"
    base = [thaw, "--corpus", str(root), "--index", str(db)]
    for cmd in (["stories", "--json"], ["digest", "--json"]):
        wall, cpu = command(base + cmd)
        print(f"thaw {' '.join(cmd):28s} median wall {wall:6.2f} s, CPU {cpu:6.2f} s")

    stored = groups(root, db)
    conn = sqlite3.connect(db)
    conn.execute("BEGIN IMMEDIATE")
    t = time.process_time()
    storystore.recompute(conn)
    print(f"recompute all at once: {time.process_time() - t:.2f} s CPU")
    conn.execute("COMMIT")
    conn.close()
    at_once = groups(root, db)
    agreement("incremental history vs all at once", stored, at_once)
    if args.reference:
        ref = json.loads(args.reference.read_text())
        agreement("(a) all at once vs reference", at_once, ref)

    if args.skip_halves:
        return
    # (b) two halves: the first half of the files indexed, then the rest added
    half = work / "half"
    if half.exists():
        shutil.rmtree(half)
    hdb = work / "half.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{hdb}{suffix}").unlink(missing_ok=True)
    shutil.copytree(root, half)
    hfiles = sorted(p for p in half.rglob("*") if p.is_file())
    second = hfiles[len(hfiles) // 2:]
    aside = work / "aside"
    if aside.exists():
        shutil.rmtree(aside)
    moved = []
    for p in second:
        target = aside / p.relative_to(half)
        target.parent.mkdir(parents=True, exist_ok=True)
        p.rename(target)
        moved.append((target, p))
    refresh(half, hdb, "first half from empty")
    for src, dst in moved:
        dst.parent.mkdir(parents=True, exist_ok=True)
        src.rename(dst)
    # over BATCH_SHARE of the index changes: everything is recomputed at once, unless forced
    # to go article by article (the worst case of the drift of incremental updates)
    saved = storystore.BATCH_MIN
    storystore.BATCH_MIN = 10**9
    try:
        refresh(half, hdb, "second half added (incremental)")
    finally:
        storystore.BATCH_MIN = saved
    halves = groups(half, hdb)
    agreement("(b) two halves, incremental vs all at once", halves, at_once)
    if args.reference:
        agreement("(b) two halves, incremental vs reference", halves, json.loads(args.reference.read_text()))


if __name__ == "__main__":
    main()
