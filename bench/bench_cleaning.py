"""Time `clean_page` on the Reuters-21578 articles (hard-wrapped newswire copy).

Usage: python bench/bench_cleaning.py [CORPUS_DIR] [--show N]

Each `<REUTERS ... NEWID="n">` element becomes "title\\n\\n" + body (latin-1, SGML entities
unescaped) and is cleaned once; prints median/p99/max milliseconds per article and the
overall rate. `--show N` prints the first N cleaned articles for eyeballing.
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from thaw_cli.ingest.cleaning import clean_page  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578"
_DOC_RE = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
_TITLE_RE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY_RE = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def unescape(s: str) -> str:
    return html.unescape(s)


def articles(corpus: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(corpus.glob("*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for m in _DOC_RE.finditer(raw):
            title_m = _TITLE_RE.search(m.group(2))
            body_m = _BODY_RE.search(m.group(2))
            if body_m is None:
                continue
            title = unescape(title_m.group(1)).strip() if title_m else ""
            out.append((m.group(1), title + "\n\n" + unescape(body_m.group(1))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    docs = articles(Path(args.corpus))
    if not docs:
        sys.exit(f"no articles under {args.corpus}")
    times: list[float] = []
    cpu: list[float] = []
    t_all = time.perf_counter()
    pages = []
    for _, text in docs:
        c0 = time.thread_time()
        t0 = time.perf_counter()
        page = clean_page(text)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
        pages.append(page)
    total = time.perf_counter() - t_all
    times.sort()
    cpu.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    sizes = sorted(len(t) for _, t in docs)
    print(f"articles: {len(docs)} (median size {sizes[len(sizes) // 2]} chars)")
    print(
        f"clean_page ms/article: median {statistics.median(times):.3f}  "
        f"p99 {p99:.3f}  max {times[-1]:.3f}  mean {statistics.fmean(times):.3f}"
    )
    print(
        f"clean_page CPU ms/article (ignores other load on the machine): median "
        f"{statistics.median(cpu):.3f}  p99 {cpu[int(len(cpu) * 0.99)]:.3f}  max {cpu[-1]:.3f}"
    )
    print(f"overall: {len(docs) / total:,.0f} articles/s in one process")
    for (newid, _text), page in list(zip(docs, pages, strict=True))[: args.show]:
        print(f"\n=== NEWID {newid}  title={page.title!r}")
        print(page.body)


if __name__ == "__main__":
    main()
