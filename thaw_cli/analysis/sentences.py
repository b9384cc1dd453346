"""A fast, regex-based English sentence splitter tuned for news copy.

`sentence_spans` returns character offsets, `split_sentences` the sentences
themselves.  A paragraph break (a blank line) always ends a sentence; so does a
line break followed by an indented line (the paragraph convention of wire copy
such as Reuters, whose lines are hard-wrapped at about 70 characters).  Inside
a paragraph a candidate boundary is a run of ``. ! ? …`` (optionally followed
by closing quotes or brackets) followed by white space; it is rejected when the
next word starts in lower case or when the word before the full stop is a known
abbreviation, an initial or a dotted acronym.  Abbreviations that often end a
sentence too ("Inc.", "Co.", "U.S.", "a.m.", "Jan.") split only when the next
word is a common sentence opener ("The", "It", "He", "But", ...).
"""

from __future__ import annotations

import re
from itertools import accumulate, chain

__all__ = ["sentence_spans", "split_sentences"]

# Paragraph breaks: a blank line, or a new line that starts indented
# (and a wire-service sign-off on a line of its own, indented or not).
_BLOCK = re.compile(r"\n[^\S\n]*\n|\n[ \t]{2,}(?=\S)|\n(?=[ \t]*(?:Reuters?|REUTERS?)[ \t]*(?:\n|\Z))")
# The same, to split a text into paragraphs and the breaks between them.
_PARAGRAPHS = re.compile(f"({_BLOCK.pattern})")

# Candidate sentence ends: terminal punctuation, closing quotes/brackets, then space.
# (The pattern starts with a character class, not a repeat, so that the scan skips in C
# to the next punctuation mark: "[.!?\u2026]+" written "[.!?\u2026][.!?\u2026]*".)
_CAND = re.compile(r"[.!?\u2026][.!?\u2026]*[\"'\u2019\u201d)\]]*(?=\s)")

# The next word after a candidate: skip opening quotes and brackets.
_NEXT = re.compile(r"\s*[\"'\u2018\u201c(\[]*(\S?)([^\s\"'\u2019\u201d.,;:!?)]*)")

_OPENERS = "\"'\u2018\u201c(["

# Abbreviations after which a sentence (practically) never ends.
_NEVER = frozenset(
    """mr mrs ms messrs mme mlle dr prof gov sen rep reps gen lt col maj capt cmdr
    cdr sgt cpl adm rev hon pres supt insp det atty amb vs v e.g i.e cf viz al
    approx est ca tel ext dept mt ft ste fr sr jr jnr snr
    """.split()
)

# Abbreviations used before a number ("No. 1", "Vol. 3", "pp. 12"); plain words otherwise.
_NUMBERED = frozenset("no nos vol vols p pp fig figs art ch sec secs op nr".split())

# Abbreviations that may end a sentence: split only before a sentence opener.
_MAYBE = frozenset(
    """co corp inc ltd plc llc bros cos assn univ st ave blvd rd etc
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

# Words that commonly open a sentence (used after an ambiguous abbreviation).
_STARTERS = frozenset(
    """The A An It Its It's He She They We I You His Her Their Our My Your This That
    These Those There Here But And Or So Yet Still However Meanwhile Also In On At
    For If When While As After Before Since Although Though Because Despite During
    Under With Without Analysts Officials Some Many Most Both All Other Others Each
    One Two Three Last Earlier Later Shares Such What Why How Who Where Now Then
    Thus Instead Neither Nor Not Nevertheless Moreover Furthermore Asked Separately
    Elsewhere Overall""".split()
)

_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\Z")


def _is_boundary(text: str, start: int, end: int, word: str) -> bool:
    """Decide whether the candidate ``text[start:end]`` (punctuation) ends a sentence.

    ``word`` is the token before the punctuation (opening quotes stripped).
    """
    m = _NEXT.match(text, end)
    assert m is not None  # the pattern cannot fail
    first = m.group(1)
    if not first:
        return True
    punct = text[start:end].rstrip("\"'\u2019\u201d)]")
    if first.islower():
        return False
    if "?" in punct or "!" in punct:
        return True
    if punct.endswith("...") or punct.endswith("\u2026"):
        return True
    # A full stop (or a stray "..").
    low = word.lower()
    if low in _NEVER:
        return False
    if first.isdigit():
        return low not in _MAYBE and low not in _NUMBERED and len(word) > 1
    if low in _MAYBE or (len(word) == 1 and word.isalpha()) or _DOTTED.match(word):
        return (first + m.group(2)) in _STARTERS
    return True


def _block_cuts(text: str, a: int, b: int, cuts: list[int]) -> None:
    """Append to ``cuts`` the sentence ends inside the paragraph ``text[a:b]`` (each
    the end of a candidate `_is_boundary` accepts, before the paragraph's end)."""
    seg_start = a
    for m in _CAND.finditer(text, a, b):
        s, e = m.span()
        # The token before the punctuation.
        ws = max(
            text.rfind(" ", seg_start, s),
            text.rfind("\n", seg_start, s),
            text.rfind("\t", seg_start, s),
        )
        word = text[(ws + 1 if ws >= 0 else seg_start) : s].lstrip(_OPENERS)
        if e >= b or _is_boundary(text, s, e, word):
            cuts.append(e)
            seg_start = e


def _segments(text: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the pieces of ``text`` that hold a sentence each once
    stripped of white space (or only white space): each paragraph cut at its sentence
    ends."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in chain(_BLOCK.finditer(text), (None,)):
        end = len(text) if m is None else m.start()
        starts.append(pos)
        # Most paragraphs of news copy are one sentence: no candidate end inside.
        if _CAND.search(text, pos, end) is not None:
            cuts: list[int] = []
            _block_cuts(text, pos, end, cuts)
            starts += cuts
            ends += cuts
        ends.append(end)
        if m is not None:
            pos = m.end()
    return starts, ends


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the sentences of ``text``, in order.

    Every ``text[start:end]`` is a non-empty, stripped substring; spans never overlap.
    """
    out: list[tuple[int, int]] = []
    if not text:
        return out
    for a, b in zip(*_segments(text), strict=True):
        seg = text[a:b]
        stripped = seg.strip()
        if stripped:
            a += len(seg) - len(seg.lstrip())
            out.append((a, a + len(stripped)))
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as they read in it (inner line breaks kept): the
    stripped ``text[a:b]`` of each span of `sentence_spans`."""
    pieces = _PARAGRAPHS.split(text)  # paragraphs, with the breaks between them
    paragraphs = pieces[::2]
    found = list(map(_CAND.search, paragraphs))  # a candidate end inside each, or None
    if any(found):
        # Cut the paragraphs that have one at their sentence ends (found from offsets
        # into the text, as `_is_boundary` looks past the paragraph's end).
        starts = list(accumulate(map(len, pieces), initial=0))[::2]
        cut: list[str] = []
        for para, m, a in zip(paragraphs, found, starts, strict=False):
            if m is None:
                cut.append(para)
                continue
            cuts: list[int] = []
            _block_cuts(text, a, a + len(para), cuts)
            cut += map(text.__getitem__, map(slice, [a, *cuts], [*cuts, a + len(para)]))
        paragraphs = cut
    return list(filter(None, map(str.strip, paragraphs)))
