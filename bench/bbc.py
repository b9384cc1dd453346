"""Reading the BBC News Summary folders of ../shared for the benchmarks (never copied into the repo).

Two layouts, read the same way (see each folder's README):

* ``bbc-news-summary/`` (60 articles): title line, blank line, one sentence a line, blank
  lines between paragraphs; the reference has one sentence a line.
* ``bbc-news-summary-full/`` (2,059 articles): title line, blank line, one paragraph a line,
  blank lines between paragraphs (a few " - " bullet lines follow each other); the
  reference's sentences are joined with no separator ("...in that time.She said...").

An article's text is re-joined into ordinary prose: the lines of a block joined with a space,
blocks separated by a blank line, so the sentence splitter has to find the sentences itself.

The validation part, fixed: in every topic the files whose number NNN is a multiple of 5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
BBC_FULL = SHARED / "corpora" / "bbc-news-summary-full"
BBC_60 = SHARED / "corpora" / "bbc-news-summary"
TOPICS = ("business", "entertainment", "politics", "sport", "tech")


@dataclass
class BBCArticle:
    topic: str
    number: int
    title: str
    prose: str
    reference: str
    part: str  # "dev" or "val"
    labels: list[float] = field(default_factory=list)  # filled by `label_sentences`

    @property
    def id(self) -> str:
        return f"{self.topic}-{self.number:03d}"


def part_of(number: int) -> str:
    """The fixed split: validation is every file whose number is a multiple of 5."""
    return "val" if number % 5 == 0 else "dev"


def load(root: Path = BBC_FULL, part: str = "dev") -> list[BBCArticle]:
    """The articles of ``root`` (either layout) of the given part: "dev", "val" or "all"."""
    out = []
    for path in sorted((root / "article").glob("*/*.txt")):
        number = int(path.stem)
        p = part_of(number)
        if part != "all" and p != part:
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        blocks: list[list[str]] = []
        cur: list[str] = []
        for line in lines[1:]:
            line = line.strip()
            if not line:
                if cur:
                    blocks.append(cur)
                    cur = []
            else:
                cur.append(line)
        if cur:
            blocks.append(cur)
        prose = "\n\n".join(" ".join(b) for b in blocks)
        reference = (root / "summary" / path.parent.name / path.name).read_text(
            encoding="utf-8", errors="replace"
        )
        out.append(BBCArticle(path.parent.name, number, lines[0].strip(), prose, reference, p))
    return out


_NORM = re.compile(r"[a-z0-9]+")


def norm_words(text: str) -> list[str]:
    """Lower-cased letter-and-digit tokens (as ROUGE reads them)."""
    return _NORM.findall(text.lower())


def label_sentences(sentences: list[str], reference: str) -> list[float]:
    """For each sentence of the article, whether it is in the (extractive) reference: 1.0
    when its words occur as one run in the reference's words; otherwise the share of its
    words covered by its longest run found there when that run holds at least 8 words (a
    sentence the reference split differently), else 0.0.

    Works for both layouts: the reference is read as one stream of words, so sentences
    joined without a separator ("time.She") still match.
    """
    ref = " " + " ".join(norm_words(reference)) + " "
    out = []
    for s in sentences:
        w = norm_words(s)
        if not w:
            out.append(0.0)
            continue
        if " " + " ".join(w) + " " in ref:
            out.append(1.0)
            continue
        # longest run of the sentence's words found in the reference (greedy from each start)
        best = 0
        i = 0
        while i < len(w):
            j = i + 1
            while j <= len(w) and " " + " ".join(w[i:j]) + " " in ref:
                j += 1
            run = j - 1 - i
            best = max(best, run)
            i = max(j - 1, i + 1)
        out.append(best / len(w) if best >= 8 else 0.0)
    return out
