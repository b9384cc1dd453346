"""Check that every command's JSON output is unchanged by a change to the code.

    python bench/check_outputs_identical.py --save /tmp/outputs-ref   # before a change
    python bench/check_outputs_identical.py /tmp/outputs-ref          # after it

Indexes each corpus from empty with the code of this checkout (a fresh index in a
temporary folder), then runs every read command with `--json` (list and its sorts,
filters, --duplicates and --stories; show; search; summary; agreements, --across; stories;
entities; timeline; digest, with --since/--source/--query where the corpus has dates or
sources) and keeps each command's exit status and standard output, byte for byte. A check
runs the same commands and reports every one whose status or output differs.

Corpora: the bundled seeds, `tests/fixtures/corpus`, Reuters 1x (`/tmp/thaw-bench/reuters1x`,
made by `bench/reuters.py`) and, when `bench/make_million.py` has written it, one year of
one source of the million-article corpus (`/work/bench-data/million/reuters/1976`: dated,
with sources, Markdown and raw pages). Ids and story ids used as arguments are read from
the outputs of `list` and `stories` of the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
THAW = str(Path(sys.executable).parent / "thaw")
REUTERS = Path("/tmp/thaw-bench/reuters1x")
MILLION_SLICE = Path("/work/bench-data/million/reuters/1976")


def corpora() -> dict[str, Path | None]:
    out: dict[str, Path | None] = {"seeds": None, "fixtures": HERE.parent / "tests" / "fixtures" / "corpus"}
    if REUTERS.is_dir():
        out["reuters1x"] = REUTERS
    if MILLION_SLICE.is_dir():
        out["million-slice"] = MILLION_SLICE
    return out


def commands(first_ids: list[str], story: str | None, dated: bool, words: list[str]) -> list[list[str]]:
    cmds = [
        ["list", "--json"],
        ["list", "--json", "--sort", "title"],
        ["list", "--json", "--sort", "words", "--reverse"],
        ["list", "--json", "--sort", "source"],
        ["list", "--json", "--limit", "20"],
        ["list", "--json", "--sort", "title", "--limit", "20"],
        ["list", "--json", "--language", "en", "--limit", "50"],
        ["list", "--json", "--duplicates"],
        ["list", "--json", "--duplicates", "--limit", "20"],
        ["list", "--json", "--stories"],
        ["summary", "--json"],
        ["summary", "--json", "--sentences", "1", "--limit", "20"],
        ["agreements", "--json"],
        ["agreements", "--json", "--across"],
        ["agreements", "--json", "--status", "planned"],
        ["stories", "--json"],
        ["stories", "--json", "--all"],
        ["stories", "--json", "--limit", "20"],
        ["entities", "--json"],
        ["entities", "--json", "--limit", "20"],
        ["entities", "--json", "--kind", "person", "--limit", "20"],
        ["entities", "--json", "--kind", "place"],
        ["timeline", "--json"],
        ["timeline", "--json", "--limit", "20"],
        ["digest", "--json"],
        ["digest", "--json", "--limit", "0"],
    ]
    for w in words:
        cmds += [["search", w, "--json"], ["search", w, "--json", "--limit", "100"],
                 ["digest", "--json", "--query", w]]
    cmds += [["search", '"oil prices"', "--json"], ["search", "title:bank", "--json"],
             ["search", "zzzznothing", "--json"]]
    for aid in first_ids:
        cmds += [["show", aid, "--json"], ["summary", aid, "--json"], ["entities", aid, "--json"],
                 ["agreements", aid, "--json"], ["timeline", aid, "--json"]]
    if story:
        cmds += [["entities", "--json", "--story", story], ["timeline", "--json", "--story", story]]
    if dated:
        cmds += [
            ["list", "--json", "--since", "1976-03", "--until", "1976-03-15"],
            ["list", "--json", "--source", "reuters", "--limit", "30"],
            ["list", "--json", "--sort", "source", "--limit", "30"],
            ["stories", "--json", "--since", "1976-04"],
            ["stories", "--json", "--since", "1976-04", "--limit", "20"],
            ["entities", "--json", "--since", "1976-06", "--limit", "20"],
            ["digest", "--json", "--since", "1976-06"],
            ["digest", "--json", "--since", "1976-03-10", "--until", "1976-03-20", "--limit", "5"],
            ["digest", "--json", "--source", "wire"],
            ["agreements", "--json", "--since", "1976-04"],
            ["list", "--json", "--since", "2018-09", "--limit", "5"],
            ["digest", "--json", "--since", "2018-10"],
        ]
    return cmds


_SEEDS_PATH = re.compile(rb'"(path|source_path)": "[^"]*?/seeds/')


def _portable(out: bytes) -> bytes:
    """The bundled seeds' paths without the checkout they are in."""
    return _SEEDS_PATH.sub(rb'"\1": "<SEEDS>/', out)


def run_corpus(name: str, root: Path | None, work: Path) -> dict[str, tuple[int, bytes]]:
    env = dict(os.environ)
    env.pop("THAW_CORPUS", None)
    if root is not None:
        env["THAW_CORPUS"] = str(root)
    env["THAW_INDEX"] = str(work / f"{name}.sqlite3")
    env["XDG_CONFIG_HOME"] = str(work / "config")  # no user configuration
    env["NO_COLOR"] = "1"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{env['THAW_INDEX']}{suffix}").unlink(missing_ok=True)
    subprocess.run([THAW, "index"], env=env, capture_output=True, check=True)
    listed = json.loads(subprocess.run([THAW, "list", "--json"], env=env, capture_output=True, check=True).stdout)
    ids = [a["id"] for a in listed]
    first = sorted(ids)[:2] + ([listed[0]["id"]] if listed else [])
    stories = json.loads(subprocess.run([THAW, "stories", "--json"], env=env, capture_output=True, check=True).stdout)
    story = stories[0]["story"] if stories else None
    dated = any(a["date"] for a in listed)
    words = ["agreement", "china"] if name in ("seeds", "fixtures") else ["agreement", "cocoa", "merger"]
    out: dict[str, tuple[int, bytes]] = {}
    for cmd in commands(list(dict.fromkeys(first)), story, dated, words):
        proc = subprocess.run([THAW, *cmd], env=env, capture_output=True)
        out[json.dumps(cmd)] = (proc.returncode, _portable(proc.stdout))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("path", type=Path, help="folder of the reference outputs")
    ap.add_argument("--save", action="store_true", help="store the current outputs as the reference")
    ap.add_argument("--only", action="append", help="only these corpora (seeds, fixtures, reuters1x, million-slice)")
    args = ap.parse_args()
    diffs = total = 0
    with tempfile.TemporaryDirectory(prefix="thaw-outputs-") as tmp:
        for name, root in corpora().items():
            if args.only and name not in args.only:
                continue
            got = run_corpus(name, root, Path(tmp))
            ref = args.path / f"{name}.json.gz"
            if args.save:
                args.path.mkdir(parents=True, exist_ok=True)
                data = {k: [code, out.decode("utf-8", "surrogateescape")] for k, (code, out) in got.items()}
                ref.write_bytes(gzip.compress(json.dumps(data).encode("utf-8", "surrogateescape")))
                print(f"{name}: saved {len(got)} outputs ({sum(len(o) for _, o in got.values()) / 1e6:.1f} MB)")
                continue
            if not ref.exists():
                print(f"{name}: no reference ({ref})")
                diffs += 1
                continue
            want = {k: (c, _portable(o.encode("utf-8", "surrogateescape")))
                    for k, (c, o) in json.loads(gzip.decompress(ref.read_bytes()).decode("utf-8", "surrogateescape")).items()}
            bad = 0
            for key in sorted(set(want) | set(got)):
                total += 1
                if want.get(key) != got.get(key):
                    bad += 1
                    w, g = want.get(key), got.get(key)
                    detail = "missing" if w is None or g is None else (
                        f"exit {w[0]} vs {g[0]}" if w[0] != g[0] else f"{len(w[1])} vs {len(g[1])} bytes")
                    print(f"{name}: thaw {' '.join(json.loads(key))}: differs ({detail})")
            print(f"{name}: {len(want) - bad}/{len(want)} outputs identical")
            diffs += bad
    if not args.save:
        print("all identical" if not diffs else f"{diffs} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
