"""Reading ../shared/corpora/pages for the page benchmarks (never copied into the repo).

990 real pages as HTML (`html/NNNN.html.gz`) and as copied text (`text/NNNN.txt`) with
reference data (`gold.jsonl`). The split is fixed: a page whose numeric id is a multiple
of 5 is VALIDATION (never looked at while developing), every other page is development.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "pages"
# scratch space of the page benchmarks (trafilatura's cached output, cross-validation folds)
WORK = Path(os.environ.get("THAW_PAGES_WORK", "/tmp/thaw_pages"))


@dataclass
class Gold:
    id: str
    url: str
    with_: list[str]
    without: list[str]
    title: str | None = None  # None: not annotated; "": the page has none
    date: str | None = None
    author: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def part(self) -> str:
        return "val" if int(self.id) % 5 == 0 else "dev"


def load_gold(root: Path = PAGES) -> list[Gold]:
    out = []
    with open(root / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            author = g.get("author")
            if isinstance(author, list):  # a few pages list their authors
                author = "; ".join(author)
            out.append(Gold(g["id"], g.get("url", ""), g["with"], g["without"],
                            g.get("title"), g.get("date"), author))
    return out


def select(gold: list[Gold], part: str) -> list[Gold]:
    if part == "all":
        return gold
    return [g for g in gold if g.part == part]


def page_text(gid: str, root: Path = PAGES) -> str:
    return (root / "text" / f"{gid}.txt").read_text(encoding="utf-8")


def page_html(gid: str, root: Path = PAGES) -> str:
    from thaw_cli.ingest.corpus import decode

    return decode(gzip.decompress((root / "html" / f"{gid}.html.gz").read_bytes()))


# --- scoring ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def collapse(s: str) -> str:
    return _WS.sub(" ", s).strip()


def body_counts(body: str, g: Gold) -> tuple[int, int, int]:
    """(tp, fn, fp) of the README's segment scoring."""
    b = collapse(body)
    tp = fn = fp = 0
    for seg in g.with_:
        if collapse(seg) in b:
            tp += 1
        else:
            fn += 1
    for seg in g.without:
        if collapse(seg) in b:
            fp += 1
    return tp, fn, fp


def prf(tp: int, fn: int, fp: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _words(s: str) -> list[str]:
    return _WORD.findall(s.casefold())


_TITLE_SEP = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*|:\s+")


def title_ok(pred: str | None, ref: str) -> bool:
    """Same words (case-insensitive Jaccard >= 0.8 of the word sets), or one is the other
    plus a site name (a part split off at a separator such as " | ", " - ", ": ")."""
    if not pred:
        return False

    def jac(a: str, b: str) -> float:
        x, y = set(_words(a)), set(_words(b))
        if not x or not y:
            return 0.0
        return len(x & y) / len(x | y)

    if jac(pred, ref) >= 0.8:
        return True
    for longer, shorter in ((pred, ref), (ref, pred)):
        parts = [p for p in _TITLE_SEP.split(longer) if p.strip()]
        if len(parts) < 2:
            continue
        # drop one part at either end (the site name)
        for cand in (" ".join(parts[1:]), " ".join(parts[:-1])):
            if jac(cand, shorter) >= 0.8:
                return True
    return False


def date_ok(pred: str | None, ref: str) -> bool:
    if not pred:
        return False
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", ref)
    if not m:
        return False
    ref_day = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return pred[:10] == ref_day


def author_ok(pred: list[str], ref: str) -> bool:
    if not pred:
        return False
    have = set(_words(" ".join(pred)))
    want = set(_words(ref))
    return bool(want) and want <= have


# --- language groups ------------------------------------------------------------------

_LANG_CACHE = Path(__file__).resolve().parent / "data" / "pages_language.json"


def languages(gold: list[Gold]) -> dict[str, str]:
    """The language group of each page (de, en, other): py3langid (thaw_cli.analysis.language) on the
    page's reference body segments and its longest copied lines. Cached in bench/data (ids
    and codes only)."""
    if _LANG_CACHE.exists():
        cached = json.loads(_LANG_CACHE.read_text())
        if all(g.id in cached for g in gold):
            return cached
    from thaw_cli.analysis import language

    out: dict[str, str] = {}
    for g in load_gold():
        lines = sorted((ln.strip() for ln in page_text(g.id).split("\n")), key=len, reverse=True)
        sample = " ".join(g.with_) + " " + " ".join(lines[:20])
        code = language.detect(sample) or "other"
        out[g.id] = code
    _LANG_CACHE.parent.mkdir(exist_ok=True)
    _LANG_CACHE.write_text(json.dumps(out, indent=0, sort_keys=True))
    return out


def group_of(code: str) -> str:
    return code if code in ("de", "en") else "other"
