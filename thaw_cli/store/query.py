"""thaw's search syntax, translated to an FTS5 MATCH expression.

Syntax (also in `thaw search --help`):
- `word word`      all words must match (stemmed: `agreements` finds `agreement`)
- `"exact phrase"` the words next to each other, in that order
- `a OR b`         either side (OR binds looser than the implicit AND)
- `-word`, `NOT word`  exclude articles with the word
- `prefix*`        words starting with `prefix`
- `title:word`, `title:"a phrase"`  match in the title only (also `lead:`, `body:`)
Matching ignores case and accents. Words are stemmed as the index stems them
(thaw_cli/analysis/terms.py): once for each language present in the index, each form matching the
articles of its language. Every term becomes a quoted FTS5 string, so no character a user
types (quotes, colons, parentheses, hyphens as in COVID-19) reaches FTS5 as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from thaw_cli.analysis.terms import ENGLISH, prefix_terms, query_terms
from thaw_cli.core.errors import ThawError
from thaw_cli.core.text import CJK

COLUMNS = ("title", "lead", "body")
MAX_TERMS = 64

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<col>[A-Za-z]+):)?
    (?:
        "(?P<phrase>[^"]*)"?      # a phrase, closing quote optional
      | (?P<word>[^\s"]+)
    )
    """,
    re.VERBOSE,
)
_WORDISH = re.compile(r"\w", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Term:
    text: str
    column: str | None = None
    prefix: bool = False
    negative: bool = False

    def fts(self, namespaces: Sequence[str] = (ENGLISH,)) -> str:
        """The FTS5 expression of this term ('' when it has no word to match)."""
        if CJK.search(self.text):
            # Chinese/Japanese/Korean: the hidden `cjk` column holds the text with every CJK
            # character a token of its own, so a phrase of characters is a substring match
            return "cjk : " + '"' + spaced_cjk(self.text).replace('"', '""') + '"'
        options = [_quoted(t, p) for t, p in self.alternatives(namespaces)]
        if not options:
            return ""
        expr = options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"
        return f"{self.column} : {expr}" if self.column else expr

    def alternatives(self, namespaces: Sequence[str] = (ENGLISH,)) -> list[tuple[list[str], bool]]:
        """The index terms this term matches: (phrase of terms, last one a prefix) options."""
        if self.prefix:
            single = prefix_terms(self.text, namespaces)
            if single:
                return [([t], p) for t, p in single]
            return [(phrase, True) for phrase in query_terms(self.text, namespaces)]
        return [(phrase, False) for phrase in query_terms(self.text, namespaces)]


def _quoted(terms: list[str], prefix: bool) -> str:
    # (terms are letters, digits and a namespace character: nothing to escape)
    return '"' + " ".join(terms) + '"' + (" *" if prefix else "")


def spaced_cjk(text: str) -> str:
    """Every CJK character set apart by spaces, so the tokenizer makes it one token."""
    return CJK.sub(lambda m: f" {m.group()} ", text)


def parse(query: str) -> list[list[Term]]:
    """The query as OR-groups of terms (each group: all its positive terms, none of its negative)."""
    groups: list[list[Term]] = [[]]
    negate_next = False
    query = _CONTROL.sub(" ", query)  # FTS5 ends a string at NUL; no control has a meaning
    for m in _TOKEN.finditer(query):
        neg, col, phrase, word = m.group("neg"), m.group("col"), m.group("phrase"), m.group("word")
        if col is not None and col.lower() not in COLUMNS:
            # `foo:bar` where foo is no column: search the text as words
            word = f"{col}:{word}" if word is not None else None
            phrase = f"{col} {phrase}" if phrase is not None else None
            col = None
        if word is not None and col is None and not neg:
            if word == "OR":
                if groups[-1]:
                    groups.append([])
                continue
            if word in ("NOT", "AND"):
                negate_next = word == "NOT"
                continue
        text = phrase if phrase is not None else word or ""
        if col is None and phrase is None and text.endswith(":") and text[:-1].lower() in COLUMNS:
            continue  # a column name with nothing after it
        prefix = False
        if phrase is None and text.endswith("*"):
            text = text.rstrip("*")
            prefix = True
        if not _WORDISH.search(text):
            continue  # punctuation only: nothing to match
        groups[-1].append(Term(text=text, column=col.lower() if col else None, prefix=prefix,
                               negative=bool(neg) or negate_next))
        negate_next = False
    groups = [g for g in groups if g]
    if not groups:
        raise ThawError("empty query: give at least one word to search for")
    if sum(len(g) for g in groups) > MAX_TERMS:
        raise ThawError(f"query too long: at most {MAX_TERMS} words and phrases")
    for g in groups:
        if not any(not t.negative for t in g):
            raise ThawError("a query needs at least one word to find, not only words to exclude")
    return groups


def to_fts(query: str, namespaces: Sequence[str] = (ENGLISH,)) -> str:
    """The FTS5 MATCH expression for a user query, its words stemmed for each namespace
    (thaw_cli/analysis/terms.py) present; ThawError for a query that finds nothing."""
    return expression(parse(query), namespaces)


def expression(groups: list[list[Term]], namespaces: Sequence[str] = (ENGLISH,)) -> str:
    """The FTS5 MATCH expression of parsed OR-groups."""
    parts = []
    for group in groups:
        positive = [e for e in (t.fts(namespaces) for t in group if not t.negative) if e]
        if not positive:
            continue
        expr = "(" + " AND ".join(positive) + ")"
        for t in group:
            negative = t.fts(namespaces) if t.negative else ""
            if negative:
                expr = f"({expr} NOT {negative})"
        parts.append(expr)
    if not parts:
        raise ThawError("empty query: give at least one word to search for")
    return " OR ".join(parts)
