"""Silver line labels for the copied pages of ../shared/corpora/pages (for training).

Each copied-text line (a unit of thaw's cleaner) is aligned word by word with trafilatura's
extraction of the same page from its HTML (difflib on the two word sequences, in order):
a line is article text when most of its words are matched. The reference snippets then
override: a line holding a `with` segment is article text, one holding a `without`
segment is not. Also marks the lines that are the reference title, and those holding the
reference date or author (for the metadata models).

trafilatura's output is cached in /tmp (it takes a minute); nothing is written into the
repository. `python bench/page_labels.py` prints the labels' own body score on the
development pages (before the snippets override them).
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pages import WORK, Gold, body_counts, collapse, load_gold, page_html, page_text, prf, select  # noqa: E402

CACHE = WORK / "traf.json"
_TOK = re.compile(r"\w+")


def trafilatura_texts() -> dict[str, str]:
    if CACHE.exists():
        return {k: v["default"] for k, v in json.loads(CACHE.read_text()).items()}
    import trafilatura

    logging.disable(logging.CRITICAL)
    out = {}
    for g in load_gold():
        try:
            t = trafilatura.extract(page_html(g.id), include_comments=False, include_tables=True,
                                    deduplicate=False)
        except Exception:
            t = None
        out[g.id] = {"default": t or ""}
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps(out))
    return {k: v["default"] for k, v in out.items()}


def align(lines: list[str], ref: str) -> list[float]:
    """The fraction of each line's words matched, in order, by the words of `ref`."""
    toks: list[str] = []
    owner: list[int] = []
    for i, s in enumerate(lines):
        for t in _TOK.findall(s.casefold()):
            toks.append(t)
            owner.append(i)
    rtoks = _TOK.findall(ref.casefold())
    matched = [0] * len(lines)
    total = [0] * len(lines)
    for i in owner:
        total[i] += 1
    sm = difflib.SequenceMatcher(None, toks, rtoks, autojunk=False)
    for a, _b, size in sm.get_matching_blocks():
        if size < 2 and len(toks) > 50:
            continue  # a lone word matched is chance
        for k in range(a, a + size):
            matched[owner[k]] += 1
    return [m / t if t else 0.0 for m, t in zip(matched, total, strict=True)]


def silver(lines: list[str], ref: str) -> list[int]:
    return [1 if f >= 0.5 else 0 for f in align(lines, ref)]


def override(lines: list[str], labels: list[int], g: Gold) -> list[int]:
    out = list(labels)
    norm = [collapse(s) for s in lines]
    for seg in g.without:
        c = collapse(seg)
        for i, s in enumerate(norm):
            if c and c in s:
                out[i] = 0
    for seg in g.with_:
        c = collapse(seg)
        for i, s in enumerate(norm):
            if c and c in s:
                out[i] = 1
    return out


def main() -> None:
    from thaw_cli.ingest.cleaning import page_lines

    traf = trafilatura_texts()
    gold = select(load_gold(), "dev")
    tot = [0, 0, 0]
    ttot = [0, 0, 0]
    for g in gold:
        lines = page_lines(page_text(g.id))[0]
        lab = silver(lines, traf[g.id])
        body = "\n\n".join(s for s, y in zip(lines, lab, strict=True) if y)
        for k, v in enumerate(body_counts(body, g)):
            tot[k] += v
        for k, v in enumerate(body_counts(traf[g.id], g)):
            ttot[k] += v
    print("silver labels (dev, before the snippets): P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(*tot)))
    print("trafilatura itself (dev):                 P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(*ttot)))


if __name__ == "__main__":
    main()
