"""How thaw scales: Reuters 1x, 10x and a million articles, side by side (run by hand, not in CI).

    python bench/bench_scale.py                         # every size, reusing built indexes
    python bench/bench_scale.py --sizes 1M --rebuild    # index 1M from empty again
    python bench/bench_scale.py --skip-index --runs 3   # only the commands, on built indexes
    python bench/bench_scale.py --report                # print the stored figures only

Corpora (never in the repository): 1x and 10x as `bench/reuters.py` writes them (every Reuters
article with a body, one .txt file each; 10x: ten copies in sub-folders), under `--data`;
1M as `bench/make_million.py` writes it (`--data`/million: run that first). Indexes are
`--data`/idx-<size>.sqlite3.

Per size, the figures go to `--data`/scale-<size>.json as they are measured, so a run can be
stopped and resumed: an index that exists and is complete is reused (and its index-from-empty
figures kept) unless `--rebuild`; an index from empty that was cut short goes on where it
stopped, its parts' times, CPU and peaks added up (`index_from_empty`); `--skip-index`, `--skip-commands`, `--skip-dbstat` leave
parts out. Measured:

- article text (the corpus files' bytes) and the index file (with its WAL) and their ratio;
  the size of every table with its indexes, from SQLite's `dbstat` (FTS5 shadow tables
  under `fts`);
- `thaw index` from empty: wall time, articles/s, CPU seconds of all its processes (per
  article: what a loaded machine does not change much, unlike the wall time), and the peak
  RSS of any process it starts (the maximum over the process tree of /proc/<pid>/status
  VmHWM, sampled every 0.2 s, and getrusage's RUSAGE_CHILDREN maximum);
- end to end, median of `--runs` (after one warm-up run): `thaw search agreement --json`,
  `rg -i -l agreement` over the corpus, a rare word, a phrase, `list --limit 20`,
  `stories --limit 20`, `entities --limit 20`, `digest --since <the newest article's month>`
  (every one with `--json`), `thaw index` (the full check) with nothing changed;
- the automatic freshness check with nothing changed (in-process: open the index and
  refresh, as every command does first);
- 10 files added to one folder, then `thaw search` for a word only they hold: the time from
  the search's start to its answer (the refresh that finds and indexes them included); the
  files are removed again after each run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BIN = Path(sys.executable).parent
THAW = str(BIN / "thaw")
SIZES = ("1x", "10x", "1M")
RARE = "zirconium"
PHRASE = '"oil prices"'


# --- process tree memory ----------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    """The children of a process, whichever of its threads started them (a pool's
    maintenance thread forks the workers that replace those that exit)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
        except OSError:
            continue
    return out


def _hwm(pid: int) -> int:
    """VmHWM (peak RSS) of a process, in KB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has reaped (/proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(x) for x in fields[11:15]) / ticks  # utime, stime, cutime, cstime


def run_measured(cmd: list[str], env: dict[str, str], progress: Any = None
                 ) -> tuple[float, int, float, subprocess.CompletedProcess[bytes]]:
    """Wall time, the peak RSS (KB) of the largest process of the command's tree and the CPU
    seconds of the tree (sampled every 0.2 s from /proc); `progress(seconds, peak, cpu)` is
    called every 30 s (so that a run cut short leaves its figures so far)."""
    peak = 0
    cpu = 0.0
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def sample() -> None:
        nonlocal peak, cpu
        last = time.perf_counter()
        while not done.is_set():
            todo = [proc.pid]
            total = 0.0
            while todo:
                pid = todo.pop()
                peak = max(peak, _hwm(pid))
                total += _cpu(pid)
                todo.extend(_children(pid))
            cpu = max(cpu, total)
            if progress and time.perf_counter() - last > 30:
                last = time.perf_counter()
                progress(last - start, peak, cpu)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak, cpu, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def peak_children() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


# --- corpora and indexes --------------------------------------------------------------------------

def corpus_of(size: str, data: Path) -> Path:
    if size == "1M":
        path = data / "million"
        if not (path / ".count").exists():
            raise SystemExit(f"{path}: run bench/make_million.py --out {path} first")
        return path
    copies = {"1x": 1, "10x": 10}[size]
    path = data / f"reuters{size}"
    if not (path / ".count").exists():
        from reuters import write_corpus

        shutil.rmtree(path, ignore_errors=True)
        n = write_corpus(path, copies)
        (path / ".count").write_text(str(n))
    return path


def env_for(corpus: Path, index: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["THAW_CORPUS"] = str(corpus)
    env["THAW_INDEX"] = str(index)
    env["NO_COLOR"] = "1"
    return env


def text_bytes(corpus: Path) -> tuple[int, int]:
    """(files, bytes) of the corpus's article files."""
    n = total = 0
    for folder, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.endswith((".txt", ".md")):
                n += 1
                total += os.stat(os.path.join(folder, name)).st_size
    return n, total


def index_bytes(index: Path) -> int:
    return sum(Path(f"{index}{s}").stat().st_size for s in ("", "-wal") if Path(f"{index}{s}").exists())


def complete(index: Path) -> bool:
    import sqlite3

    if not index.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        row = conn.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
        stale = conn.execute("SELECT value FROM meta WHERE key = 'stories'").fetchone()
        conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == "1" and stale is None


def dbstat(index: Path) -> dict[str, int]:
    """Bytes per table, its indexes included (FTS5's shadow tables under `fts`)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    owner = {name: table for name, table in conn.execute("SELECT name, tbl_name FROM sqlite_master")}
    out: dict[str, int] = {}
    for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        table = owner.get(name, name)
        if table.startswith("fts_"):
            table = "fts (" + table[4:] + ")"
        out[table] = out.get(table, 0) + size
    conn.close()
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def index_from_empty(corpus: Path, index: Path, files: int, data: Path, size: str, result: dict[str, Any],
                     resume: bool) -> dict[str, Any]:
    """`thaw index` from empty. Resumable: the figures so far are saved every 30 s under
    "index_partial"; with `resume`, an interrupted run goes on from where its index stopped
    (every batch of articles is committed; the refresh re-checks the folders and parses the
    files not yet indexed) and the parts' times, CPU and peaks are added up."""

    base = result.get("index_partial") if resume else None
    if base is None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        base = {"seconds": 0.0, "cpu_seconds": 0.0, "peak_rss_mb": 0.0, "parts": 0}
    base = {**base, "parts": base["parts"] + 1}

    def progress(t: float, peak: int, cpu: float) -> None:
        result["index_partial"] = {**base, "seconds": base["seconds"] + t, "cpu_seconds": base["cpu_seconds"] + cpu,
                                   "peak_rss_mb": max(base["peak_rss_mb"], peak / 1024),
                                   "part_peaks_mb": [*base.get("part_peaks_mb", []), peak / 1024],
                                   "part_starts": [*base.get("part_starts", []), start_articles]}
        result["index_partial"]["articles_so_far"] = _articles(index)
        save(data, size, result)

    start_articles = _articles(index) if resume else 0
    before = peak_children()
    t, peak, cpu, proc = run_measured([THAW, "index"], env_for(corpus, index), progress)
    if proc.returncode:
        print(proc.stderr.decode()[-3000:])
        raise SystemExit("thaw index failed")
    seconds = base["seconds"] + t
    cpu_s = base["cpu_seconds"] + cpu
    result.pop("index_partial", None)
    return {"seconds": seconds, "rate": files / seconds, "cpu_seconds": cpu_s,
            "cpu_ms_per_article": cpu_s * 1000 / files, "parts": base["parts"],
            "peak_rss_mb": max(base["peak_rss_mb"], peak / 1024),
            "part_peaks_mb": [*base.get("part_peaks_mb", []), peak / 1024],
            "part_starts": [*base.get("part_starts", []), start_articles],
            "peak_rss_children_mb": max(peak_children(), before) / 1024,
            "index_bytes": index_bytes(index), "load_before": os.getloadavg()[0]}


def _articles(index: Path) -> int:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
        return int(n)
    except sqlite3.Error:
        return -1


# --- command timings --------------------------------------------------------------------------------

def median_time(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    subprocess.run(cmd, env=env, capture_output=True)
    times = []
    code = 0
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True)
        times.append(time.perf_counter() - t)
        code = proc.returncode
    return statistics.median(times), code


def newest_month(env: dict[str, str]) -> str | None:
    out = subprocess.run([THAW, "list", "--limit", "1", "--json"], env=env, capture_output=True)
    rows = json.loads(out.stdout or b"[]")
    date = rows[0]["date"] if rows else None
    return date[:7] if date else None


def freshness(corpus: Path, index: Path, runs: int) -> float:
    code = f"""
import time, pathlib, statistics
from thaw_cli.store.index import open_index
ts = []
for _ in range({runs * 2 + 1}):
    t = time.perf_counter()
    idx = open_index(pathlib.Path({str(corpus)!r}), pathlib.Path({str(index)!r}), max_size=20 << 20)
    r = idx.refresh()
    ts.append(time.perf_counter() - t)
    idx.close()
    assert not r.full and r.added == r.changed == r.removed == 0, r
print(statistics.median(ts[1:]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        print(out.stderr[-2000:])
        return float("nan")
    return float(out.stdout.strip())


def added_then_found(corpus: Path, env: dict[str, str], runs: int) -> float:
    """10 files added to one folder, then a search for a word only they hold."""
    folders = sorted(_leaf_folders(corpus))
    folder = folders[len(folders) // 2]
    sample = sorted(folder.glob("*.txt"))[:10] or sorted(folder.glob("*.md"))[:10]
    times = []
    for r in range(runs):
        word = f"zqxscale{os.getpid()}x{r}"
        made = []
        for i, src in enumerate(sample):
            dst = folder / f"added-{word}-{i}{src.suffix}"
            text = src.read_text(encoding="utf-8")
            dst.write_text(text.rstrip("\n") + f"\n{word} was added.\n", encoding="utf-8")
            made.append(dst)
        t = time.perf_counter()
        proc = subprocess.run([THAW, "search", word, "--json"], env=env, capture_output=True)
        times.append(time.perf_counter() - t)
        found = len(json.loads(proc.stdout or b"[]"))
        if found != len(made):
            print(f"  added then found: found {found} of {len(made)} ({proc.stderr.decode()[-300:]})")
        for m in made:
            m.unlink()
        subprocess.run([THAW, "list", "--limit", "1"], env=env, capture_output=True)  # the removal, indexed
    return statistics.median(times)


def _leaf_folders(corpus: Path) -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if not dirs and files:
            out.append(Path(folder))
    return out


def commands(corpus: Path, index: Path, runs: int, only: list[str] | None = None,
             out: dict[str, Any] | None = None) -> dict[str, Any]:
    """The command timings (`only`: these labels only, the others kept from `out`)."""
    env = env_for(corpus, index)
    out = dict(out or {})
    month = newest_month(env)
    cmds = {
        "search agreement": ["search", "agreement", "--json"],
        f"search {RARE}": ["search", RARE, "--json"],
        f"search {PHRASE}": ["search", PHRASE, "--json"],
        "list --limit 20": ["list", "--limit", "20", "--json"],
        "stories --limit 20": ["stories", "--limit", "20", "--json"],
        "entities --limit 20": ["entities", "--limit", "20", "--json"],
        "digest --since <last month>": ["digest", "--since", month or "2018-10", "--json"],
        "index (full check), nothing changed": ["index"],
    }
    for label, cmd in cmds.items():
        if only and label not in only:
            continue
        t, code = median_time([THAW, *cmd], env, runs)
        out[label] = {"seconds": t, "exit": code}
        print(f"  {label:40s} {t * 1000:9.1f} ms" + (f"  (exit {code})" if code else ""), flush=True)
    out["digest month"] = month
    if not only or "rg -i -l agreement" in only:
        t, _ = median_time(["rg", "-i", "-l", "agreement", str(corpus)], dict(os.environ), runs)
        out["rg -i -l agreement"] = {"seconds": t}
        print(f"  {'rg -i -l agreement':40s} {t * 1000:9.1f} ms", flush=True)
    if not only or "freshness check, nothing changed" in only:
        out["freshness check, nothing changed"] = {"seconds": freshness(corpus, index, runs)}
        print(f"  {'freshness check (in-process)':40s} {out['freshness check, nothing changed']['seconds'] * 1000:9.1f} ms", flush=True)
    if not only or "10 files added, then found" in only:
        out["10 files added, then found"] = {"seconds": added_then_found(corpus, env, runs)}
        print(f"  {'10 files added, then found':40s} {out['10 files added, then found']['seconds'] * 1000:9.1f} ms", flush=True)
    return out


# --- the report ---------------------------------------------------------------------------------------

def load(data: Path, size: str) -> dict[str, Any]:
    path = data / f"scale-{size}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def save(data: Path, size: str, result: dict[str, Any]) -> None:
    path = data / f"scale-{size}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1))
    tmp.replace(path)


def report(data: Path) -> None:
    results = {s: load(data, s) for s in SIZES}
    cols = [s for s in SIZES if results[s]]

    def row(label: str, fn: Any) -> None:
        cells = []
        for s in cols:
            try:
                cells.append(fn(results[s]))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("-")
        print(f"| {label} | " + " | ".join(cells) + " |")

    def ms(key: str) -> Any:
        return lambda r: f"{r['commands'][key]['seconds'] * 1000:,.0f} ms"

    print("| measure | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    row("articles", lambda r: f"{r['files']:,}")
    row("article text", lambda r: f"{r['text_bytes'] / 1e6:,.1f} MB")
    row("index", lambda r: f"{r['index_bytes'] / 1e6:,.1f} MB")
    row("index / text", lambda r: f"{r['index_bytes'] / r['text_bytes']:.2f}")
    row("index from empty", lambda r: f"{r['index']['seconds']:,.0f} s")
    row("index from empty, articles/s", lambda r: f"{r['index']['rate']:,.0f}")
    row("index from empty, CPU ms per article (all processes)", lambda r: f"{r['index']['cpu_ms_per_article']:.2f}")
    row("same, as articles/s on two idle cores", lambda r: f"{2000 / r['index']['cpu_ms_per_article']:,.0f}")
    row("peak RSS, any process", lambda r: f"{r['index']['peak_rss_mb']:,.0f} MB")
    for key in ("search agreement", f"search {RARE}", f"search {PHRASE}", "rg -i -l agreement"):
        row(key, ms(key))
    row("search agreement / rg", lambda r: f"{r['commands']['search agreement']['seconds'] / r['commands']['rg -i -l agreement']['seconds']:.2f}")
    for key in ("list --limit 20", "stories --limit 20", "entities --limit 20", "digest --since <last month>",
                "freshness check, nothing changed", "10 files added, then found", "index (full check), nothing changed"):
        row(key, ms(key))
    tables: list[str] = []
    for s in cols:
        for t in results[s].get("dbstat", {}):
            if t not in tables:
                tables.append(t)
    print()
    print("| table (with its indexes) | " + " | ".join(f"{s} MB | bytes/article" for s in cols) + " |")
    print("|---|" + "---|---|" * len(cols))
    for t in tables:
        cells = []
        for s in cols:
            b = results[s].get("dbstat", {}).get(t)
            cells.append("-" if b is None else f"{b / 1e6:,.2f}")
            cells.append("-" if b is None else f"{b / results[s]['files']:,.0f}")
        print(f"| {t} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/bench-data"))
    ap.add_argument("--sizes", default=",".join(SIZES))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true", help="index from empty even when an index exists")
    ap.add_argument("--skip-index", action="store_true")
    ap.add_argument("--skip-commands", action="store_true")
    ap.add_argument("--skip-dbstat", action="store_true")
    ap.add_argument("--report", action="store_true", help="only print the stored figures")
    ap.add_argument("--only", help="only these command labels, separated by ';' (the others' figures are kept)")
    args = ap.parse_args()
    data: Path = args.data
    if args.report:
        report(data)
        return
    import compileall

    compileall.compile_dir(str(HERE.parent / "thaw_cli"), quiet=1)  # as pip installs it
    for size in args.sizes.split(","):
        corpus = corpus_of(size, data)
        index = data / f"idx-{size}.sqlite3"
        result = load(data, size)
        print(f"{size}: {corpus}", flush=True)
        if "files" not in result:
            result["files"], result["text_bytes"] = text_bytes(corpus)
            save(data, size, result)
        if not args.skip_index and (args.rebuild or not complete(index) or "index" not in result):
            resume = not args.rebuild and "index_partial" in result and index.exists()
            print("  thaw index from empty" + (" (resumed)" if resume else "") + " ...", flush=True)
            result["index"] = index_from_empty(corpus, index, result["files"], data, size, result, resume)
            print(f"  {result['index']['seconds']:.0f} s, {result['index']['rate']:.0f} articles/s, "
                  f"peak RSS {result['index']['peak_rss_mb']:.0f} MB", flush=True)
            save(data, size, result)
        if index.exists():
            result["index_bytes"] = index_bytes(index)
            if not args.skip_dbstat:
                subprocess.run([THAW, "list", "--limit", "1"], env=env_for(corpus, index), capture_output=True)
                import sqlite3

                conn = sqlite3.connect(index)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.close()
                result["index_bytes"] = index_bytes(index)
                result["dbstat"] = dbstat(index)
            save(data, size, result)
        if not args.skip_commands and index.exists():
            only = args.only.split(";") if args.only else None
            result["commands"] = commands(corpus, index, args.runs, only, result.get("commands"))
            save(data, size, result)
    report(data)


if __name__ == "__main__":
    main()
