"""The kind of an agreement the trigger word alone leaves `other` ("an agreement", "a
temporary agreement"), from what its evidence says about it: a plea, a lawsuit, a merger or
a tender is a deal; a rescheduling, creditor banks or the IMF an arrangement; "joining
forces" a cooperation; between governments and blocs only, an accord. Pure text in, a kind
out."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["refine_other_kind"]

_COOPERATION = re.compile(r"\bjoin(?:ed|s|ing)?\s+forces\b|\bjoint\s+(?:effort|programme|program|"
                          r"research)\b", re.I)
_DEAL = re.compile(
    r"(?i:\b(?:prosecutors?|plea|pleaded|pleads|guilty|lawsuits?|litigation|class\s+action|"
    r"settle(?:d|s)?|settlement|merger|merge|tender\s+(?:offer|price)|takeover|acquisition|"
    r"acquire[sd]?|joint\s+venture|place\w*\s+(?:[\w.,]+\s+){0,4}?shares)\b)|"
    r"\bto\s+form\s+(?:a\s+)?(?:new\s+)?[A-Z]\w+")
_ARRANGEMENT = re.compile(
    r"(?i:\b(?:reschedul\w*|creditor\s+banks|commercial\s+banks|international\s+monetary\s+fund|"
    r"paris\s+club|levy|standby|stand-by)\b)|\bIMF\b")


def refine_other_kind(subject: str, evidence: Sequence[str], parties: Sequence[str],
                      is_state: Callable[[str], bool]) -> str:
    """A kind for an `other` record (still `other` when nothing says more). `is_state`
    tells a country or an international body."""
    text = " ".join((subject, *evidence))
    if _COOPERATION.search(text):
        return "cooperation"
    if _DEAL.search(text):
        return "deal"
    if _ARRANGEMENT.search(text):
        return "arrangement"
    if parties and all(is_state(p) for p in parties):
        return "accord"
    return "other"
