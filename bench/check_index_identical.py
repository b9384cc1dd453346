"""Check that what `thaw index` stores for every article is unchanged by a change to the code.

    python bench/check_index_identical.py --save /tmp/ref.pkl    # before a change
    python bench/check_index_identical.py /tmp/ref.pkl           # after it

Runs the indexer's per-file step (`index._parse_file`: read, clean, `analysis.analyze`,
row building) over every file of the Reuters 1x bench corpus (`/tmp/thaw-bench/reuters1x`,
made by `bench/reuters.py`), the bundled seeds, the test fixtures, the BBC articles of
`../shared/corpora/bbc-news-summary` and a freshly built hostile corpus
(`tests/hostile_corpus.py`, in a fixed temporary folder), and keeps, per file, the cleaned article, every field of its
`Analysis` and the rows written to the articles, analysis and fts tables.  A check recomputes
them all and reports each file where any of them differs.  Runs on two processes.

The analysis row is compared decoded (`stored_analysis`): the values each command reads
from it (summary ranking, key phrases, agreements, method, fingerprint, digest features
with the story terms and signature), whatever the stored form: the JSON columns of index
schema 7 and earlier, or the compressed blob of `codec.pack_analysis` (schema 9: the ranking read back from the
stored text, which is compared decoded too), so a
reference made before a change of the stored form still checks that nothing a command
shows has changed. The blob's agreement count is checked against its agreements.
"""

from __future__ import annotations

import argparse
import fcntl
import multiprocessing
import pickle
import shutil
import sys
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from thaw_cli.analysis.pipeline import analyze  # noqa: E402
from thaw_cli.app.config import DEFAULT_MAX_SIZE  # noqa: E402
from thaw_cli.core.errors import FileProblem  # noqa: E402
from thaw_cli.ingest import corpus  # noqa: E402
from thaw_cli.store import index  # noqa: E402

REUTERS = Path("/tmp/thaw-bench/reuters1x")
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc-news-summary" / "article"


def _files(root: Path) -> list[tuple[str, str]]:
    if not root.is_dir():
        return []
    return sorted((str(root), p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file())


def _one(job: tuple[str, str]) -> tuple[str, Any]:
    root, rel = job
    key = f"{root}::{rel}"
    article_id = rel.rsplit(".", 1)[0]
    try:
        article, notes = corpus.load_article(Path(root), rel, article_id, DEFAULT_MAX_SIZE)
    except FileProblem as exc:
        return key, ("problem", str(exc))
    target = article
    if len(article.body) > index.ANALYSIS_LIMIT:
        target = replace(article, body=index._cut(article.body, index.ANALYSIS_LIMIT))
    an = analyze(target)
    article.language = target.language
    analysis = asdict(an)
    parsed = index._parse_file((root, rel, article_id, 0, 0, DEFAULT_MAX_SIZE))
    return key, {"article": asdict(article), "notes": notes, "analysis": analysis,
                 "rows": parsed.rows, "problem": parsed.problem, "parse_notes": parsed.notes}


def stored_analysis(row: tuple[Any, ...], title: str | None, text: str | None = None) -> dict[str, Any]:
    """An analysis row as the values it holds, in either stored form (see the docstring)."""
    import json

    if len(row) == 6:  # schema <= 7: ranked, keywords, agreements, method, fingerprint, features (JSON)
        ranked, keywords, agreements, method, fp, features = row
        return {"ranked": json.loads(ranked), "keywords": json.loads(keywords),
                "agreements": json.loads(agreements), "method": method, "fingerprint": fp,
                "features": json.loads(features)}
    from thaw_cli.analysis.codec import story_features, unpack_analysis

    data, count, fp = row
    got = unpack_analysis(data, None if text is None else (lambda: text))
    features = dict(got.features)
    terms, sig = story_features(data, title)
    if sig is not None:
        features["terms"], features["sig"] = terms, sig
    return {"ranked": got.ranked, "keywords": got.keywords, "agreements": got.agreements,
            "method": got.method, "fingerprint": fp, "features": features,
            **({} if count == len(got.agreements) else {"count": count})}


def _decoded(value: Any) -> Any:
    if isinstance(value, dict) and value.get("rows"):
        article_row, analysis_row, fts_row, *body = value["rows"]  # (schema 8 on: the text too)
        text = None
        if body:
            from thaw_cli.store.textblob import unpack_text

            body = [unpack_text(body[0])]
            text = "\n\n".join(p for p in (article_row[2], body[0]) if p)  # (standfirst, body)
        value = {**value, "rows": (article_row, stored_analysis(analysis_row, article_row[0], text), fts_row, *body)}
    return value


def _portable(key: str) -> str:
    """A file's key without the checkout it was read from: the seeds and test fixtures of
    two worktrees (or of a reference made in another one) compare as the same files."""
    root, sep, rel = key.partition("::")
    for part in ("/seeds", "/tests/fixtures"):
        if root.endswith(part) and root != str(REUTERS):
            return f"REPO{part}{sep}{rel}"
    if "/shared/corpora/" in root:
        return "SHARED/" + root.partition("/shared/")[2] + sep + rel
    return key


def _relative_paths(key: str, value: Any) -> Any:
    """The article's path without the checkout or the shared folder it was read from."""
    if isinstance(value, dict) and isinstance(value.get("article"), dict):
        rel = key.partition("::")[2]
        path = value["article"].get("path", "")
        if rel and path.endswith("/" + rel):
            value = {**value, "article": {**value["article"], "path": rel}}
    return value


def jobs() -> list[tuple[str, str]]:
    out = _files(REUTERS) + _files(HERE.parent / "seeds") + _files(HERE.parent / "tests" / "fixtures")
    out += _files(BBC)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--save", action="store_true", help="store the current outputs as the reference")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    args = ap.parse_args()
    # a fixed folder (article paths are part of what is compared), one run at a time
    hostile = Path(tempfile.gettempdir()) / "thaw-check-identical-hostile"
    lock = open(f"{hostile}.lock", "w")  # noqa: SIM115 (held until the process ends)
    fcntl.flock(lock, fcntl.LOCK_EX)
    shutil.rmtree(hostile, ignore_errors=True)
    try:
        from tests.hostile_corpus import build

        build(hostile)
        todo = jobs()
        if args.limit:
            todo = todo[: args.limit]
        todo += [("HOSTILE", rel) for _, rel in _files(hostile)]
        todo = [(str(hostile) if r == "HOSTILE" else r, rel) for r, rel in todo]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            got = dict(pool.imap(_one, todo, chunksize=64))
        got_raw = {k.replace(str(hostile), "HOSTILE"): v for k, v in got.items()}
        got = {_portable(k): v for k, v in got_raw.items()}
    finally:
        shutil.rmtree(hostile, ignore_errors=True)
    if args.save:
        args.path.write_bytes(pickle.dumps(got))
        print(f"saved {len(got)} files to {args.path}")
        return 0
    want = {_portable(k): _decoded(_relative_paths(k, v)) for k, v in pickle.loads(args.path.read_bytes()).items()}
    got = {_portable(k): _decoded(_relative_paths(k, v)) for k, v in got_raw.items()}
    diffs = 0
    if set(want) != set(got):
        print(f"file sets differ: {len(set(want) - set(got))} missing, {len(set(got) - set(want))} new")
        diffs += 1
    for key in sorted(set(want) & set(got)):
        w, g = want[key], got[key]
        if w == g:
            continue
        diffs += 1
        if diffs <= 10:
            if isinstance(w, dict) and isinstance(g, dict):
                for part in w:
                    if w[part] != g.get(part):
                        sub = w[part]
                        if isinstance(sub, dict):
                            fields = [f for f in sub if sub[f] != g[part].get(f)]
                            print(f"{key}: {part} differs in {fields}")
                            for f in fields:
                                print(f"  want {sub[f]!r}\n  got  {g[part][f]!r}")
                        else:
                            print(f"{key}: {part} differs\n  want {w[part]!r}\n  got  {g.get(part)!r}")
            else:
                print(f"{key}: want {w!r} got {g!r}")
    print(f"{len(want) - diffs}/{len(want)} files identical")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
