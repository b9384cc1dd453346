"""Many `thaw` processes on one index at once: indexers (one with --rebuild), searches and lists.

Shared by tests/test_concurrency.py (a few rounds) and bench/stress_concurrency.py (many).
Each round first changes the corpus (two titles edited, one file added, one removed), then
starts every process at the same moment and checks each one's result:

- every process exits 0 with nothing on stderr but thaw's notes (no traceback, no error, no
  "database is locked");
- every search returns exactly the articles that contain the search word: those files never
  change, so a search that ran before, during or after any indexer has one right answer;
- every list holds each article present both before and after the round's changes, none
  that is in neither, and each article with its old or its new title;
- after the round, a plain `thaw list` matches the corpus exactly, and the index passes
  SQLite's integrity check.

At the end the index agrees with one built afresh. Round 0 starts with no index at all, so
the processes also race to create it. Nothing here depends on /work/shared.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from thaw_cli.store.locking import BUSY_NOTE, WAIT_NOTE

WORDS = ("trade accord minister signed tariffs ports rail energy grid talks summit Japan China "
         "Korea Peru deal treaty cooperation market shares").split()
MARK = "zebra"  # only in the articles that the searches look for, which never change
FOLDERS = 5


def thaw_exe() -> str:
    exe = Path(sys.executable).parent / "thaw"
    return str(exe) if exe.exists() else (shutil.which("thaw") or "thaw")


@dataclass
class Corpus:
    root: Path
    titles: dict[str, str] = field(default_factory=dict)  # id -> title, as the files say now
    marked: set[str] = field(default_factory=set)  # ids of the articles with MARK
    rng: random.Random = field(default_factory=lambda: random.Random(1))

    def write(self, rel: str, title: str, marked: bool) -> None:
        rng = self.rng
        paras = [" ".join(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
                          for _ in range(3)) for _ in range(4)]
        if marked:
            paras[1] += f" A {MARK} crossed the road."
        path = self.root / f"{rel}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        day = rng.randrange(1, 29)
        path.write_text(f"---\ntitle: {title}\ndate: 2020-01-{day:02d}\nlanguage: en\n---\n"
                        + "\n\n".join(paras) + "\n")
        self.titles[rel] = title
        if marked:
            self.marked.add(rel)

    def remove(self, rel: str) -> None:
        (self.root / f"{rel}.md").unlink()
        del self.titles[rel]


def make_corpus(root: Path, n: int, seed: int = 1) -> Corpus:
    """`n` short English articles in `FOLDERS` folders, one in seven with `MARK`."""
    c = Corpus(root, rng=random.Random(seed))
    for i in range(n):
        c.write(f"d{i % FOLDERS}/a{i:04d}", f"Article {i} {c.rng.choice(WORDS)}", marked=i % 7 == 0)
    return c


def change(c: Corpus, round_: int) -> None:
    """Edit two unmarked titles, add a file, remove an unmarked one (never a marked one)."""
    unmarked = sorted(set(c.titles) - c.marked)
    for rel in c.rng.sample(unmarked, 2):
        c.write(rel, f"Edition {round_} of {rel.rpartition('/')[2]}", marked=False)
    c.write(f"d{round_ % FOLDERS}/n{round_:04d}", f"New {round_}", marked=False)
    c.remove(c.rng.choice(sorted(set(c.titles) - c.marked - {f"d{round_ % FOLDERS}/n{round_:04d}"})))


@dataclass
class Round:
    processes: int = 0
    failures: list[str] = field(default_factory=list)
    answered_early: int = 0  # read commands that answered from what was committed (and said so)
    waited: int = 0  # processes that queued behind another's refresh (and said so)
    seconds: float = 0.0


@dataclass
class Plan:
    indexers: int = 3  # the first with --rebuild
    searches: int = 10
    lists: int = 5


def env_for(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env["COLUMNS"] = "120"
    for var in ("THAW_CORPUS", "THAW_INDEX", "THAW_MAX_SIZE"):
        env.pop(var, None)
    return env


def _stderr_problem(err: str) -> str | None:
    for bad in ("Traceback", "locked", "error", "Error", "busy", "warning"):
        if bad in err:
            return f"{bad!r} on stderr"
    return None


def run_round(c: Corpus, index: Path, env: dict[str, str], round_: int, plan: Plan,
              timeout: float = 300) -> Round:
    """Change the corpus (except in round 0), start every process at once, check each."""
    before = dict(c.titles)
    if round_:
        change(c, round_)
    after = dict(c.titles)
    base = [thaw_exe(), "--corpus", str(c.root), "--index", str(index)]
    kinds: list[tuple[str, list[str]]] = []
    for k in range(plan.indexers):
        kinds.append(("index", [*base, "index", *(["--rebuild"] if k == 0 else [])]))
    for _ in range(plan.searches):
        kinds.append(("search", [*base, "search", MARK, "--json", "--limit", "100000"]))
    for _ in range(plan.lists):
        kinds.append(("list", [*base, "list", "--json"]))
    random.Random(round_).shuffle(kinds)
    result = Round(processes=len(kinds))
    start = time.perf_counter()
    procs = [(kind, subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)) for kind, args in kinds]
    for kind, p in procs:
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            result.failures.append(f"round {round_}: {kind} did not finish in {timeout} s")
            continue
        where = f"round {round_}: {kind} (exit {p.returncode})"
        if p.returncode != 0:
            result.failures.append(f"{where}: {err.strip()[-500:]}")
            continue
        problem = _stderr_problem(err)
        if problem:
            result.failures.append(f"{where}: {problem}: {err.strip()[-500:]}")
        if err.count(BUSY_NOTE) > 1 or err.count(WAIT_NOTE) > 1:
            result.failures.append(f"{where}: the same note more than once: {err.strip()[-500:]}")
        if BUSY_NOTE in err:
            result.answered_early += 1
            if kind == "index":
                result.failures.append(f"{where}: an indexer did not wait for its turn")
        if WAIT_NOTE in err:
            result.waited += 1
        if kind == "search":
            got = sorted(h["id"] for h in json.loads(out))
            if got != sorted(c.marked):
                missing = sorted(c.marked - set(got))[:5]
                extra = sorted(set(got) - c.marked)[:5]
                result.failures.append(f"{where}: search found {len(got)} of {len(c.marked)} "
                                       f"(missing {missing}, extra {extra})")
        elif kind == "list":
            problem = _list_problem({a["id"]: a["title"] for a in json.loads(out)}, before, after,
                                    first=round_ == 0)
            if problem:
                result.failures.append(f"{where}: {problem}")
    result.seconds = time.perf_counter() - start
    # afterwards, on its own: exactly the corpus, and a sound file
    r = subprocess.run([*base, "list", "--json"], env=env, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0 or _stderr_problem(r.stderr):
        result.failures.append(f"round {round_}: list after the round: exit {r.returncode}: {r.stderr.strip()[-500:]}")
    elif {a["id"]: a["title"] for a in json.loads(r.stdout)} != after:
        result.failures.append(f"round {round_}: list after the round differs from the corpus")
    check = integrity(index)
    if check != "ok":
        result.failures.append(f"round {round_}: integrity check: {check}")
    return result


def _list_problem(got: dict[str, str], before: dict[str, str], after: dict[str, str], *, first: bool) -> str | None:
    if first:  # the first indexing of all: the list waits for it and sees every article
        return None if got == after else f"list of {len(got)} articles differs from the corpus ({len(after)})"
    missing = sorted((before.keys() & after.keys()) - got.keys())
    if missing:
        return f"list lacks {missing[:5]}"
    extra = sorted(got.keys() - before.keys() - after.keys())
    if extra:
        return f"list has unknown {extra[:5]}"
    wrong = sorted(k for k, t in got.items() if t not in (before.get(k), after.get(k)))
    return f"list has wrong titles for {wrong[:5]}" if wrong else None


def integrity(index: Path) -> str:
    conn = sqlite3.connect(index, timeout=60)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def agrees_with_fresh(c: Corpus, index: Path, env: dict[str, str], tmp: Path) -> list[str]:
    """The index gives what a fresh index gives: the same list and the same search results."""
    fresh = tmp / "fresh.sqlite3"
    out: list[str] = []
    for args in (["list", "--json"], ["search", MARK, "--json", "--limit", "100000"],
                 ["search", "treaty OR accord", "--json", "--limit", "100000"]):
        got = []
        for db in (index, fresh):
            r = subprocess.run([thaw_exe(), "--corpus", str(c.root), "--index", str(db), *args],
                               env=env, capture_output=True, text=True, timeout=300)
            got.append([(a["id"], a["title"]) for a in json.loads(r.stdout)] if r.returncode == 0 else r.stderr)
        if got[0] != got[1]:
            out.append(f"{' '.join(args)}: the index differs from a fresh one")
    return out


def stress(tmp: Path, *, articles: int = 300, rounds: int = 20, plan: Plan | None = None,
           report: bool = False) -> tuple[list[Round], list[str]]:
    """Run `rounds` rounds; returns each round's result and the failures of the final check."""
    plan = plan or Plan()
    c = make_corpus(tmp / "corpus", articles)
    index = tmp / "index.sqlite3"
    env = env_for(tmp / "cache")
    results = []
    for r in range(rounds):
        res = run_round(c, index, env, r, plan)
        results.append(res)
        if report:
            print(f"round {r:3d}: {res.processes} processes, {res.seconds:5.1f} s, "
                  f"{res.waited} queued, {res.answered_early} answered from the committed index, "
                  f"{len(res.failures)} failures", flush=True)
            for f in res.failures:
                print("   ", f, flush=True)
    return results, agrees_with_fresh(c, index, env, tmp)
