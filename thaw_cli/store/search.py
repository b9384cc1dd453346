"""Full-text search over the index: BM25 ranking (title > lead > body), plain-text snippets
with character spans of the matched terms."""

from __future__ import annotations

import re
import sqlite3

from thaw_cli.core.errors import ThawError
from thaw_cli.core.models import ArticleFilter, SearchHit
from thaw_cli.core.text import CJK_RANGES
from thaw_cli.store.index import MARK_END, MARK_START, Index
from thaw_cli.store.query import parse, to_fts

# BM25 column weights: a match in the title counts ten times a body match, the lead four.
WEIGHTS = (10.0, 4.0, 1.0, 1.0)  # title, lead, body, cjk (CJK text, see query.py)
SNIPPET_TOKENS = 24


# CJK characters and CJK punctuation (、。「」，…): the spaces the `cjk` column put between
# them (see query.spaced_cjk) are taken out again; paragraph breaks stay.
_CJK_CLASS = CJK_RANGES + "\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(
    f"(?<=[{_CJK_CLASS}])([{MARK_START}{MARK_END}]*) +([{MARK_START}{MARK_END}]*)(?=[{_CJK_CLASS}])"
)


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip snippet markers and fold white space, giving the plain text and [start, end)
    character spans of the marked terms."""
    marked = _CJK_GAP.sub(r"\1\2", marked)  # the `cjk` column's spacing, undone
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = -1
    for ch in marked:
        if ch == MARK_START:
            start = pos
        elif ch == MARK_END:
            if start >= 0:
                spans.append((start, pos))
            start = -1
        elif ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                pos += 1
        else:
            out.append(ch)
            pos += 1
    text = "".join(out)
    end = len(text.rstrip())
    return text[:end], [(a, min(b, end)) for a, b in spans]


HUGE_WORDS = 50_000


def _plain_snippet(index: Index, rowid: int, query: str) -> str:
    """A marked snippet of a huge article: the words around the first match of a query word."""
    row = index.conn.execute("SELECT body FROM fts WHERE rowid = ?", (rowid,)).fetchone()
    body = (row[0] if row else "") or ""
    words = {w for group in parse(query) for t in group if not t.negative for w in re.findall(r"\w+", t.text)}
    if not words:
        return body[:200]
    pattern = re.compile("|".join(r"\b" + re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    m = pattern.search(body)
    at = m.start() if m else 0
    start = body.rfind(" ", 0, max(0, at - 80)) + 1 if at > 80 else 0
    end = body.find(" ", min(len(body), start + 240))
    end = len(body) if end < 0 else end
    window = pattern.sub(lambda x: MARK_START + x.group() + MARK_END, body[start:end])
    return ("…" if start else "") + window + ("…" if end < len(body) else "")


def search(index: Index, query: str, f: ArticleFilter, limit: int | None = 10) -> list[SearchHit]:
    """Ranked hits for a user query. Snippets are made for the returned hits only: FTS5
    would otherwise build one for every matching row before sorting."""
    expr = to_fts(query)
    where, args = index.filter_sql(f)
    if args:
        # CROSS JOIN keeps SQLite from driving the join from the articles table.
        sql = (
            "SELECT fts.rowid, a.id, a.title, a.date, a.source, bm25(fts, ?, ?, ?, ?) AS score "
            "FROM fts CROSS JOIN articles a ON a.rowid = fts.rowid "
            f"WHERE fts MATCH ? AND {where} ORDER BY score, a.id"
        )
    else:
        # No filter: rank inside FTS5 alone, then look up the few rows returned.
        sql = (
            "SELECT r.rowid, a.id, a.title, a.date, a.source, r.score FROM ("
            "SELECT rowid, bm25(fts, ?, ?, ?, ?) AS score FROM fts WHERE fts MATCH ? ORDER BY score{limit}"
            ") r CROSS JOIN articles a ON a.rowid = r.rowid ORDER BY r.score, a.id"
        ).format(limit="" if limit is None else f" LIMIT {int(limit)}")
        limit = None
    params: list[object] = [*WEIGHTS, expr, *args]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    try:
        rows = index.conn.execute(sql, params).fetchall()
        snippets: dict[int, str] = {}
        if rows:
            marks = ",".join("?" * len(rows))
            # FTS5's snippet() is quadratic in the matches of a huge document (a 10 MB page
            # would take minutes): those get a plain snippet around the first match instead.
            snippets = dict(index.conn.execute(
                f"SELECT fts.rowid, CASE WHEN a.words > {HUGE_WORDS} THEN NULL ELSE "
                f"snippet(fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}) END "
                f"FROM fts JOIN articles a ON a.rowid = fts.rowid WHERE fts MATCH ? AND fts.rowid IN ({marks})",
                [expr, *(r[0] for r in rows)],
            ).fetchall())
            for rowid in [r[0] for r in rows if snippets.get(r[0]) is None]:
                snippets[rowid] = _plain_snippet(index, rowid, query)
    except sqlite3.OperationalError as exc:
        raise ThawError(f"cannot search for {query!r}: {exc}") from None
    hits = []
    for rowid, aid, title, date, source, score in rows:
        text, spans = unmark(snippets.get(rowid) or "")
        hits.append(SearchHit(aid, title, date, source, round(-score, 6), text, spans))
    return hits
