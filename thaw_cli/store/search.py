"""Full-text search over the index: FTS5 finds and first ranks the matching articles, the first
`ranking.POOL` are ranked again with BM25F and phrase boosts (thaw_cli/analysis/ranking.py), and the
hits returned get plain-text snippets with character spans of the matched words."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from thaw_cli.analysis import ranking
from thaw_cli.analysis.terms import namespace
from thaw_cli.core.errors import ThawError
from thaw_cli.core.models import ArticleFilter, SearchHit
from thaw_cli.core.text import CJK, CJK_RANGES
from thaw_cli.store.index import MARK_END, MARK_START, Index, namespaces
from thaw_cli.store.query import Term, expression, parse
from thaw_cli.store.textblob import unpack_text

# FTS5's bm25() column weights for the first stage (title, lead, body, cjk): only which
# articles reach the pool depends on them; the order shown is ranking.py's.
WEIGHTS = (3.0, 1.0, 1.0, 1.0)
SNIPPET_TOKENS = ranking.SNIPPET_WORDS
unmark = ranking.unmark  # (kept for callers of the earlier module)
__all__ = ["search", "match_ids", "match_expression", "unmark", "MARK_START", "MARK_END", "CJK_RANGES"]


def _compile(index: Index, query: str) -> tuple[str, list[ranking.Unit], Sequence[str]]:
    """The MATCH expression and the positive units of a query, its words stemmed for every
    language of the index."""
    groups = parse(query)
    index.check_terms()
    spaces = namespaces(index.conn)
    expr = expression(groups, spaces)
    units: list[ranking.Unit] = []
    for g, group in enumerate(groups):
        for t in group:
            if t.negative:
                continue
            unit = _unit(t, g, spaces)
            if unit is not None:
                units.append(unit)
    return expr, units, spaces


def _unit(t: Term, group: int, spaces: Sequence[str]) -> ranking.Unit | None:
    if CJK.search(t.text):
        return ranking.Unit(t.text, "body" if t.column is None else t.column, [], group, cjk="".join(t.text.split()))
    options = t.alternatives(spaces)
    if not options:
        return None
    label = t.text + ("*" if t.prefix else "")
    return ranking.Unit(f'"{label}"' if " " in t.text.strip() else label, t.column, options, group)


def _first_stage(index: Index, expr: str, f: ArticleFilter, limit: int | None) -> list[tuple[int, float]]:
    """(rowid, FTS5 bm25) of the best `limit` matching articles, best first."""
    where, args = index.filter_sql(f)
    cap = "" if limit is None else f" LIMIT {int(limit)}"
    if args:
        # CROSS JOIN keeps SQLite from driving the join from the articles table.
        sql = ("SELECT fts.rowid, bm25(fts, ?, ?, ?, ?) AS score FROM fts CROSS JOIN articles a ON a.rowid = fts.rowid "
               f"WHERE fts MATCH ? AND {where} ORDER BY score, a.id{cap}")
    else:
        sql = f"SELECT rowid, bm25(fts, ?, ?, ?, ?) AS score FROM fts WHERE fts MATCH ? ORDER BY score, rowid{cap}"
    return index.conn.execute(sql, [*WEIGHTS, expr, *args]).fetchall()


def match_expression(index: Index, query: str) -> str:
    """The FTS5 MATCH expression of a query for this index (its words stemmed for every
    language present)."""
    return _compile(index, query)[0]


def match_ids(index: Index, query: str, f: ArticleFilter, limit: int | None = None) -> list[str]:
    """The ids of the matching articles (FTS5's order, no snippets): for callers that only
    select by a query (`thaw digest --query`)."""
    expr, _, _ = _compile(index, query)
    try:
        rows = _first_stage(index, expr, f, limit)
    except sqlite3.OperationalError as exc:
        raise ThawError(f"cannot search for {query!r}: {exc}") from None
    ids = dict(index.conn.execute(
        "SELECT rowid, id FROM articles WHERE rowid IN (SELECT value FROM json_each(?))",
        (json.dumps([r for r, _ in rows]),)))
    return [ids[r] for r, _ in rows if r in ids]


def search(index: Index, query: str, f: ArticleFilter, limit: int | None = 10, *,
           explain: bool = False) -> list[SearchHit]:
    """Ranked hits for a user query, best first; with `explain` each hit carries the parts
    of its score (`SearchHit.parts`)."""
    expr, units, _ = _compile(index, query)
    pool = None if limit is None else max(ranking.POOL, limit)
    try:
        first = _first_stage(index, expr, f, pool)
        if not first:
            return []
        stats = _stats(index, units)
    except sqlite3.OperationalError as exc:
        raise ThawError(f"cannot search for {query!r}: {exc}") from None
    rowids = [r for r, _ in first]
    rows = index.conn.execute(
        "SELECT a.rowid, a.id, a.title, a.date, a.source, a.standfirst, a.language, "
        "t.body, d.sz "
        "FROM articles a JOIN texts t ON t.rowid = a.rowid LEFT JOIN fts_docsize d ON d.id = a.rowid "
        "WHERE a.rowid IN (SELECT value FROM json_each(?))", (json.dumps(rowids),)).fetchall()
    spaces: dict[str | None, str] = {}
    matcher = ranking.Matcher(units)
    order = {r: i for i, r in enumerate(rowids)}
    meta: dict[int, tuple[str, str | None, str | None, str | None]] = {}
    candidates = []
    for rowid, aid, title, date, source, standfirst, language, body, sz in sorted(rows, key=lambda r: order[r[0]]):
        ns = spaces.get(language)
        if ns is None:
            ns = spaces[language] = namespace(language)
        c = ranking.Candidate(rowid, title or "", standfirst, unpack_text(body, ranking.SCAN_LIMIT), ns, _sizes(sz))
        ranking.locate(c, matcher)
        candidates.append(c)
        meta[rowid] = (aid, title, date, source)
    ranked, related = ranking.rank(candidates, units, stats, matcher)
    ranked.sort(key=lambda r: (-r.score, meta[r.candidate.key][0]))
    hits = []
    for r in ranked[:limit]:
        aid, title, date, source = meta[r.candidate.key]
        text, spans = ranking.snippet(r.candidate)
        parts = ranking.explain(r, units, stats, related) if explain else None
        hits.append(SearchHit(aid, title, date, source, round(r.score, 6), text, spans, parts))
    return hits


def _stats(index: Index, units: list[ranking.Unit]) -> ranking.Stats:
    """Articles, mean field lengths (FTS5's own totals) and each unit's document frequency."""
    n, totals = _averages(index)
    mean = tuple(t / n if n else 0.0 for t in totals[:3])
    df = []
    for unit in units:
        if unit.cjk:
            expr = Term(unit.cjk).fts()
        else:
            options = ['"' + " ".join(terms) + '"' + (" *" if prefix else "") for terms, prefix in unit.options]
            expr = options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"
            if unit.column:
                expr = f"{unit.column} : {expr}"
        df.append(index.conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0])
    return ranking.Stats(n, (mean[0], mean[1], mean[2]), df)


def _averages(index: Index) -> tuple[int, list[int]]:
    """FTS5's averages record: the number of rows and each column's total of tokens."""
    row = index.conn.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()
    if not row or not row[0]:
        return 0, [0, 0, 0, 0]
    values = _varints(row[0])
    return values[0], values[1:] + [0] * (5 - len(values))


def _sizes(blob: bytes | None) -> tuple[int, int, int]:
    if blob and len(blob) >= 3 and max(blob) < 0x80:  # (every size under 128: a byte each)
        return blob[0], blob[1], blob[2]
    values = _varints(blob) if blob else []
    values += [0] * (3 - len(values))
    return values[0], values[1], values[2]


def _varints(data: bytes) -> list[int]:
    """SQLite's variable-length integers (1-9 bytes, big-endian 7-bit groups, a 9th byte of 8)."""
    out = []
    i = 0
    n = len(data)
    while i < n:
        value = 0
        for k in range(9):
            if i >= n:
                break
            byte = data[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        out.append(value)
    return out
