r"""Faster equivalents of large regex alternations (the matches are exactly the same).

Python's `re` tries the branches of an alternation one after the other at every position;
a branch that starts with a literal character is skipped with one comparison, but a branch
that starts with a group is entered. `by_first_char` regroups the alternatives of a
pattern by their first literal character, keeping their order within each group:
`\b(?:(?:visit|vote)\b|(?:agree|accord)\b)` becomes `\b(?:v(?:isit|ote)\b|a(?:gree|ccord)\b)`.
Alternatives that start with different characters cannot match at the same position, and
those that start with the same one keep their order, so the leftmost-first match at each
position is the one the original pattern finds. `expand_front` first turns alternatives that
start with a group into alternatives that start with a letter, in the order `re` tries them:
`(?:a|b)c` -> `ac`, `bc`; `(?:a\s+)?b` -> `a\s+b`, `b` (a greedy `?` tries the group first).
"""

from __future__ import annotations

__all__ = ["alternatives", "by_first_char", "closing_paren", "expand_front", "factored"]

_QUANTIFIERS = ("?", "*", "+", "{")


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex fragment (`a|b(?:c|d)|[|]` -> 3 items)."""
    out: list[str] = []
    depth = 0
    cur: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = pattern.index("]", i + 2 if pattern[i + 1:i + 2] in ("]", "^") else i + 1)
            cur.append(pattern[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def by_first_char(alts: list[str], suffix: str = "") -> str:
    """`(?:alt1 suffix|alt2 suffix|...)` with the alternatives grouped by first character.

    Every alternative must start with a plain letter or digit that no quantifier follows.
    """
    groups: dict[str, list[str]] = {}
    for alt in alts:
        if not (alt[:1].isalnum() and alt[:1].isascii()) or alt[1:2] in _QUANTIFIERS:
            raise ValueError(f"alternative without a literal first character: {alt!r}")
        groups.setdefault(alt[0], []).append(alt[1:])
    parts = []
    for first, rests in groups.items():
        if len(rests) == 1:
            parts.append(f"{first}{rests[0]}{suffix}")
        else:
            parts.append(f"{first}(?:{'|'.join(rests)}){suffix}")
    return "(?:" + "|".join(parts) + ")"


def closing_paren(pattern: str, start: int) -> int:
    """The index of the `)` closing the group that opens at `pattern[start]`."""
    depth = 0
    i = start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = pattern.index("]", i + 2 if pattern[i + 1:i + 2] in ("]", "^") else i + 1) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def expand_front(alt: str) -> list[str]:
    """`alt` as alternatives that each start with a literal character, tried in the same order."""
    if alt[:1].isalnum():
        return [alt]
    if not alt.startswith("(?:"):
        raise ValueError(f"cannot expand {alt!r}")
    close = closing_paren(alt, 0)
    rest = alt[close + 1:]
    optional = rest.startswith("?")
    if optional:
        rest = rest[1:]
    if rest[:1] in _QUANTIFIERS:  # lazy `??`, `*`, `+`, `{n}`: not a plain choice
        raise ValueError(f"cannot expand {alt!r}")
    out = [e for inner in alternatives(alt[3:close]) for e in expand_front(inner + rest)]
    if optional:
        out += expand_front(rest)
    return out


def factored(pattern: str, suffix: str = "") -> str:
    """`by_first_char` of every alternative of `pattern`, expanded by `expand_front`."""
    return by_first_char([e for alt in alternatives(pattern) for e in expand_front(alt)], suffix)
