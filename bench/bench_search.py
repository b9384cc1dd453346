"""Search and index benchmark on Reuters-21578 (read from ../shared; run by hand, not in CI).

Builds a 1x corpus (every Reuters article with a body, one .txt file each) and a 10x copy,
then prints, as medians of several runs:
- `thaw index` from empty (time, articles/s, peak RSS, index size) at 1x and 10x;
- `thaw index` (full check) with nothing changed and after touching 10 files, at 10x;
- the automatic freshness check with nothing changed at 10x (in-process, and end to end);
- `thaw search agreement|chademo --json` end to end against `rg -i -l` over the same files;
- `thaw list --json` on the seeds against `python -c "import typer"` and a Typer hello app.

Usage: python bench/bench_search.py [--out DIR] [--runs N] [--skip-10x]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuters import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
THAW = str(BIN / "thaw")
HELLO = '''import typer
app = typer.Typer()
@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")
app()
'''


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, subprocess.CompletedProcess[bytes]]:
    """Wall time and the peak RSS (KB) of the largest process the command started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before), proc


def peak_rss(cmd: list[str], env: dict[str, str]) -> int:
    """Peak RSS in KB of the command's biggest process, measured in a fresh child."""
    code = (
        "import resource, subprocess, sys, json;"
        f"subprocess.run({cmd!r}, env={env!r}, capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def median_time(cmd: list[str], env: dict[str, str], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        subprocess.run(cmd, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        t, _, _ = run(cmd, env)
        times.append(t)
    return statistics.median(times)


def env_for(corpus: Path, index: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["THAW_CORPUS"] = str(corpus)
    env["THAW_INDEX"] = str(index)
    return env


def fmt(t: float) -> str:
    return f"{t * 1000:8.1f} ms" if t < 10 else f"{t:8.2f} s "


def index_from_empty(corpus: Path, n_files: int, index: Path, runs: int, label: str) -> None:
    env = env_for(corpus, index)
    times, peaks = [], []
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        start = time.perf_counter()
        peaks.append(peak_rss([THAW, "index"], env))
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    size = index.stat().st_size + (Path(f"{index}-wal").stat().st_size if Path(f"{index}-wal").exists() else 0)
    print(f"thaw index from empty, {label}: {fmt(t)}  {n_files / t:7.0f} articles/s  "
          f"peak RSS {max(peaks) / 1024:.0f} MB  index {size / 1e6:.0f} MB")


def parse_only_rate(corpus: Path, n_files: int) -> None:
    """Parsing, cleaning and the FTS insert alone (analysis switched off), articles/s."""
    code = f"""
import time, tempfile, pathlib
import thaw_cli.analysis.pipeline as an
an.analyze = lambda article: an.Analysis()
import thaw_cli.store.index as ix
from thaw_cli.store.index import open_index
db = pathlib.Path(tempfile.mkdtemp()) / 'i.sqlite3'
idx = open_index(pathlib.Path({str(corpus)!r}), db, max_size=20 << 20)
t = time.perf_counter(); idx.refresh(full=True); print(time.perf_counter() - t)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        print(out.stderr[-2000:])
        return
    t = float(out.stdout.strip().splitlines()[-1])
    print(f"  parsing + cleaning + FTS insert only (no analysis), 1x: {fmt(t)}  {n_files / t:7.0f} articles/s")


def quick_check(corpus: Path, index: Path, runs: int) -> float:
    code = f"""
import time, pathlib, statistics
from thaw_cli.store.index import open_index
ts = []
for _ in range({runs}):
    t = time.perf_counter()
    idx = open_index(pathlib.Path({str(corpus)!r}), pathlib.Path({str(index)!r}), max_size=20 << 20)
    r = idx.refresh()
    ts.append(time.perf_counter() - t)
    idx.close()
    assert not r.full and r.added == r.changed == r.removed == 0, r
print(statistics.median(ts))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        print(out.stderr[-2000:])
        return float("nan")
    return float(out.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "thaw-bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-10x", action="store_true")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    # Measure thaw as installed: pip byte-compiles a package when it installs it, an editable
    # checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every module at every start.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "thaw_cli"), quiet=1)
    c1, c10 = out / "reuters1x", out / "reuters10x"
    counts = {}
    for corpus, copies in ((c1, 1), (c10, 10)):
        if copies == 10 and args.skip_10x:
            continue
        marker = corpus / ".count"
        if not marker.exists():
            shutil.rmtree(corpus, ignore_errors=True)
            n = write_corpus(corpus, copies)
            marker.write_text(str(n))
        counts[copies] = int(marker.read_text())
    print(f"corpora: 1x {counts[1]:,} files" + (f", 10x {counts[10]:,} files" if 10 in counts else ""))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")

    idx1, idx10 = out / "idx1.sqlite3", out / "idx10.sqlite3"
    index_from_empty(c1, counts[1], idx1, max(1, min(args.runs, 3)), "1x")
    parse_only_rate(c1, counts[1])
    if 10 in counts:
        index_from_empty(c10, counts[10], idx10, 1, "10x")
        env10 = env_for(c10, idx10)
        t = median_time([THAW, "index"], env10, args.runs)
        print(f"thaw index (full check), nothing changed, 10x: {fmt(t)}")
        touched = []
        for t_i in range(args.runs):
            files = sorted((c10 / "copy3" / "reut2-007").glob("*.txt"))[t_i * 10:(t_i + 1) * 10]
            for f in files:
                f.write_text(f.read_text() + " ")
            tt, _, _ = run([THAW, "index"], env10)
            touched.append(tt)
        print(f"thaw index (full check), 10 files touched, 10x: {fmt(statistics.median(touched))}")
        q = quick_check(c10, idx10, max(args.runs, 7))
        print(f"automatic freshness check, nothing changed, 10x (in-process): {fmt(q)}")
        big, bigenv = c10, env10
    else:
        big, bigenv = c1, env_for(c1, idx1)
    print()
    label = "10x" if 10 in counts else "1x"
    for word in ("agreement", "chademo"):
        t_thaw = median_time([THAW, "search", word, "--json"], bigenv, args.runs)
        t_rg = median_time(["rg", "-i", "-l", word, str(big)], dict(os.environ), args.runs)
        print(f"search {word!r} {label}: thaw {fmt(t_thaw)}  rg -i -l {fmt(t_rg)}  ratio {t_thaw / t_rg:.2f}")

    print()
    seeds_env = dict(os.environ)
    seeds_env.pop("THAW_CORPUS", None)
    seeds_env["THAW_INDEX"] = str(out / "seeds.sqlite3")
    hello = out / "hello.py"
    hello.write_text(HELLO)
    t_list = median_time([THAW, "list", "--json"], seeds_env, args.runs * 2, warmup=2)
    t_list_h = median_time([THAW, "list"], seeds_env, args.runs * 2, warmup=1)
    t_import = median_time([sys.executable, "-c", "import typer"], seeds_env, args.runs * 2)
    t_hello = median_time([sys.executable, str(hello)], seeds_env, args.runs * 2)
    print(f"python -c 'import typer': {fmt(t_import)}   typer hello app: {fmt(t_hello)}")
    print(f"thaw list --json (seeds): {fmt(t_list)}  = {t_list / t_hello:.2f} x hello app, {t_list / t_import:.2f} x import typer")
    print(f"thaw list (table, seeds): {fmt(t_list_h)}  = {t_list_h / t_hello:.2f} x hello app")
    if 10 in counts:
        t_search = median_time([THAW, "search", "agreement", "--json"], bigenv, args.runs)
        print(f"thaw search agreement --json 10x - hello app floor: {(t_search - t_hello) * 1000:+.1f} ms")
    print(json.dumps({"done": True}))


if __name__ == "__main__":
    main()
