"""Score thaw's page cleaner on ../shared/corpora/pages (990 real pages, copied text + HTML).

Usage:
    python bench/eval_pages.py [--part dev|val|all] [--systems thaw,whole,html]
                               [--errors body|title|date|author] [--ids 0001,0002]

Body: the README's segment scoring (whitespace collapsed; every `with` segment found in the
body is a true positive, missing a false negative; every `without` segment found a false
positive), micro-averaged. The body scored is what thaw keeps as the article's text:
standfirst and body (`Article.text`); `--body-only` scores `Page.body` alone.
Title: same words (case-insensitive Jaccard >= 0.8, or one is the other plus a site name);
date: same calendar day; author: every word of the reference in thaw's authors; each over
the pages whose reference field is non-empty.
Systems: `thaw` (clean_page on the copied text), `whole` (the whole copied page as the
body, no metadata), `html` (`thaw add page.html`: thaw_cli.ingest.html.parse_html on the HTML).
Groups by language (py3langid): de, en, other. `--errors` prints per-page errors, and only
for development pages (the validation part is never looked at page by page).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pages import (  # noqa: E402
    Gold,
    author_ok,
    body_counts,
    date_ok,
    group_of,
    languages,
    load_gold,
    page_html,
    page_text,
    prf,
    select,
    title_ok,
)

from thaw_cli.core.models import Page  # noqa: E402


def run_thaw(g: Gold) -> tuple[Page, float]:
    from thaw_cli.ingest.cleaning import clean_page

    text = page_text(g.id)
    t0 = time.thread_time()  # CPU time: the machine is shared, wall time is noisy
    page = clean_page(text)
    return page, time.thread_time() - t0


def run_whole(g: Gold) -> tuple[Page, float]:
    return Page(body=page_text(g.id)), 0.0


def run_html(g: Gold) -> tuple[Page, float]:
    from thaw_cli.core.errors import FileProblem
    from thaw_cli.ingest.html import parse_html

    html = page_html(g.id)
    t0 = time.thread_time()
    try:
        page = parse_html(html)
    except FileProblem:
        page = Page()
    return page, time.thread_time() - t0


SYSTEMS = {"thaw": run_thaw, "whole": run_whole, "html": run_html}


class Score:
    def __init__(self) -> None:
        self.tp = self.fn = self.fp = 0
        self.n = 0
        self.fields: dict[str, list[int]] = {"title": [0, 0], "date": [0, 0], "author": [0, 0]}

    def add(self, g: Gold, page: Page, body_only: bool) -> dict[str, bool]:
        body = page.body if body_only else "\n\n".join(p for p in (page.standfirst, page.body) if p)
        tp, fn, fp = body_counts(body, g)
        self.tp += tp
        self.fn += fn
        self.fp += fp
        self.n += 1
        out = {}
        if g.title:
            ok = title_ok(page.title, g.title)
            self.fields["title"][0] += ok
            self.fields["title"][1] += 1
            out["title"] = ok
        if g.date:
            ok = date_ok(page.date, g.date)
            self.fields["date"][0] += ok
            self.fields["date"][1] += 1
            out["date"] = ok
        if g.author:
            ok = author_ok(page.authors, g.author)
            self.fields["author"][0] += ok
            self.fields["author"][1] += 1
            out["author"] = ok
        return out

    def row(self, name: str) -> str:
        p, r, f = prf(self.tp, self.fn, self.fp)
        cells = [f"{name:<14}", f"{self.n:>4}", f"{p:5.3f}", f"{r:5.3f}", f"{f:5.3f}"]
        for k in ("title", "date", "author"):
            ok, n = self.fields[k]
            cells.append(f"{100 * ok / n:5.1f}% ({n:>3})" if n else "    -      ")
        return "  ".join(cells)


HEADER = "system/group     n     P      R      F1     title         date          author"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("dev", "val", "all"), default="dev")
    ap.add_argument("--systems", default="thaw,whole")
    ap.add_argument("--errors", default="", help="body,title,date,author (dev pages only)")
    ap.add_argument("--ids", default="", help="only these page ids (dev pages only)")
    ap.add_argument("--body-only", action="store_true")
    args = ap.parse_args()

    gold = select(load_gold(), args.part)
    if args.ids:
        want = set(args.ids.split(","))
        gold = [g for g in gold if g.id in want]
    errors = set(filter(None, args.errors.split(",")))
    if (errors or args.ids) and any(g.part == "val" for g in gold):
        sys.exit("per-page output is for development pages only (--part dev)")
    langs = languages(load_gold())
    print(f"part={args.part} pages={len(gold)}")
    print(HEADER)
    for name in args.systems.split(","):
        run = SYSTEMS[name]
        scores: dict[str, Score] = defaultdict(Score)
        times: list[float] = []
        for g in gold:
            page, dt = run(g)
            times.append(dt)
            group = group_of(langs[g.id])
            scores["all"].add(g, page, args.body_only)
            fields = scores[group].add(g, page, args.body_only)
            if errors:
                show_errors(g, page, fields, errors, args.body_only)
        for key in ("all", "de", "en", "other"):
            if key in scores:
                print(scores[key].row(f"{name}:{key}"))
        if name != "whole":
            ms = sorted(t * 1000 for t in times)
            p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            print(f"  {name} CPU time per page: median {statistics.median(ms):.2f} ms, "
                  f"p99 {p99:.2f} ms, max {ms[-1]:.1f} ms, total {sum(ms) / 1000:.1f} s")


def show_errors(g: Gold, page: Page, fields: dict[str, bool], errors: set[str],
                body_only: bool) -> None:
    from pages import collapse

    lines = []
    if "body" in errors:
        body = collapse(page.body if body_only else
                        "\n\n".join(p for p in (page.standfirst, page.body) if p))
        miss = [s for s in g.with_ if collapse(s) not in body]
        bad = [s for s in g.without if collapse(s) in body]
        if miss:
            lines.append(f"  missing: {miss}")
        if bad:
            lines.append(f"  kept debris: {bad}")
    for k, ref in (("title", g.title), ("date", g.date), ("author", g.author)):
        if k in errors and k in fields and not fields[k]:
            got = {"title": page.title, "date": page.date, "author": page.authors}[k]
            lines.append(f"  {k}: want {ref!r} got {got!r}")
    if lines:
        print(f"{g.id} {g.url}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()


def cv_report(gold: list[Gold], models: dict) -> None:
    """Scores of thaw's cleaner with cross-validated models (bench/train_cleaner.py --cv):
    each page cleaned with the model of the fold that did not train on it."""
    from thaw_cli.ingest.cleaning import clean_page

    langs = languages(load_gold())
    scores: dict[str, Score] = defaultdict(Score)
    for g in gold:
        if g.id not in models:
            continue
        page = clean_page(page_text(g.id), model=models[g.id])
        scores["all"].add(g, page, False)
        scores[group_of(langs[g.id])].add(g, page, False)
    print(HEADER)
    for key in ("all", "de", "en", "other"):
        print(scores[key].row(f"cv:{key}"))
