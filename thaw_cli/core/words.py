"""Counting white-space separated words without building them (`count_words`)."""

from __future__ import annotations

__all__ = ["count_words"]

# ASCII bytes as b" " (the characters `str.split()` splits at: str.isspace, which for ASCII
# includes the four separators \x1c-\x1f) or b"x" (everything else).
_SPACE_OR_X = bytes(32 if c < 128 and chr(c).isspace() else 120 for c in range(256))
_SHORT = 100  # below this many characters `str.split` is as fast


def count_words(text: str) -> int:
    """`len(text.split())`: for long ASCII text (str.isascii is a flag test) the words are
    counted as their starts, a space followed by a non-space, in a translated copy."""
    if len(text) < _SHORT or not text.isascii():
        return len(text.split())
    marks = text.encode("ascii").translate(_SPACE_OR_X)
    return marks.count(b" x") + (marks[:1] == b"x")
