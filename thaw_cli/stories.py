"""Stories: articles about the same event, grouped by shared entities and distinctive terms.

Index time (analysis.py, per article, so a changed file only redoes its own row):
`story_terms` picks the article's story features — its people, organisations and places,
its key phrases and its headline's content words — and `signature` turns them into a
MinHash signature of `K` values by one-permutation hashing with rotation densification
(Li, Owen & Zhang 2012; Shrivastava & Li 2014): one hash per feature instead of `K`, so
it stays well under a tenth of a millisecond per article in pure Python. (datasketch's
MinHash was measured and rejected: importing it pulls in scipy, one second per command.)

Read time (`group`): locality-sensitive hashing over the stored signatures — `BANDS`
bands of `ROWS` values; articles sharing a band bucket are candidates — so the work grows
with the number of articles, never with the number of pairs. Buckets larger than
`BUCKET_CAP` (a feature every other article has) are ignored. Each candidate pair is
checked with the TF-IDF cosine of the two feature sets (IDF over the whole index) and
linked when it reaches `THRESHOLD` and the articles are at most `MAX_GAP_DAYS` apart; the
linked components are the stories. `bench/bench_digest.py --stories` measures the
threshold (see the README, "thaw stories").

A story's id is a hash of its earliest article's id, so it stays the same while the story
grows with newer articles; its title is the headline of its most central article.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thaw_cli.dates import sort_key
from thaw_cli.models import Story

if TYPE_CHECKING:
    from thaw_cli.index import Index
    from thaw_cli.models import ArticleFilter

__all__ = ["StoryRow", "find_stories", "group", "signature", "story_id", "story_terms"]

K = 64
BANDS = 32
ROWS = K // BANDS
BUCKET_CAP = 20
THRESHOLD = 0.4
NEIGHBOURS = 5
RARE_SHARE = 0.002
MAX_GAP_DAYS = 45
_MASK = (1 << 26) - 1
BACKGROUND = 1000  # IDF prior: a small corpus is read as part of a larger one
_EMPTY = -1

_WORD = re.compile(r"[a-z][a-z0-9'-]{2,}")
_STOP = frozenset(
    """the and for with from that this will have has had are was were been its their they
    said says say new year years more than over after into about also not but which who
    what when where while would could should may can one two three four five six seven
    eight nine ten first last next week month today yesterday tomorrow mln bln dlrs pct cts
    shr net qtr revs inc corp ltd plc company companies group unit sets says set plan plans
    talks rise rises fall falls up down sees see report reports ups cuts cut""".split()
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def story_terms(title: str | None, keywords: Iterable[str], entities: Iterable[tuple[str, str]]) -> list[str]:
    """The features that say what an article is about (entities, key phrases, headline)."""
    terms: set[str] = set()
    for name, kind in entities:
        terms.add(f"{kind}:{name.lower()}")
    for phrase in keywords:
        words = [_stem(w) for w in _WORD.findall(phrase.lower()) if w not in _STOP]
        if words:
            terms.add("k:" + " ".join(words))
            if len(words) > 1:
                terms.update("w:" + w for w in words)
    if title:
        terms.update("w:" + _stem(w) for w in _WORD.findall(title.lower()) if w not in _STOP)
    return sorted(terms)


def _hash(term: str) -> int:
    # crc32 is deterministic across runs and processes (unlike hash()); a multiplicative
    # mix spreads its bits before they pick the bin
    return (zlib.crc32(term.encode("utf-8")) * 0x9E3779B1) & 0xFFFFFFFF


def signature(terms: Iterable[str]) -> list[int]:
    """A `K`-value MinHash signature of a feature set (one-permutation hashing, densified)."""
    bins = [_EMPTY] * K
    crc32 = zlib.crc32
    for term in terms:
        h = (crc32(term.encode("utf-8")) * 0x9E3779B1) & 0xFFFFFFFF  # _hash, inlined
        b = h >> 26  # top 6 bits: the bin (K = 64)
        v = h & _MASK
        cur = bins[b]
        if cur == _EMPTY or v < cur:
            bins[b] = v
    if _EMPTY not in bins:
        return bins
    if max(bins) == _EMPTY:
        return bins
    # rotation densification: an empty bin takes the next non-empty bin's value, offset
    # by the distance so that two sets agree on it only when they agree on the source
    # (one backward pass over the bins twice round: `src` is the next non-empty bin)
    out = list(bins)
    src = 0
    for i in range(2 * K - 1, -1, -1):
        if bins[i % K] != _EMPTY:
            src = i
        elif i < K:
            out[i] = bins[src % K] + (src - i) * (_MASK + 1)
    return out


def story_id(first_article: str) -> str:
    return "s" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:10]


@dataclass
class StoryRow:
    id: str
    title: str | None
    date: str | None
    terms: list[str]
    sig: list[int]


def _day(date: str | None) -> _dt.date | None:
    if not date or len(date) < 10:
        return None
    try:
        return _dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


def similarity(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """TF-IDF cosine of two binary feature sets."""
    common = a & b
    if not common:
        return 0.0
    dot = sum(idf.get(t, 0.0) ** 2 for t in common)
    na = sum(idf.get(t, 0.0) ** 2 for t in a)
    nb = sum(idf.get(t, 0.0) ** 2 for t in b)
    return dot / math.sqrt(na * nb) if na and nb else 0.0


def candidate_pairs(rows: list[StoryRow]) -> set[tuple[int, int]]:
    """Pairs of rows sharing at least one LSH band bucket (buckets over the cap skipped)."""
    buckets: dict[tuple[int, ...], list[int]] = {}
    for i, r in enumerate(rows):
        sig = r.sig
        if len(sig) != K or sig[0] == _EMPTY:
            continue
        for b in range(BANDS):
            key = (b, *sig[b * ROWS:(b + 1) * ROWS])
            buckets.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        n = len(members)
        if n < 2 or n > BUCKET_CAP:
            continue
        for x in range(n):
            for y in range(x + 1, n):
                pairs.add((members[x], members[y]))
    return pairs


def scored_pairs(rows: list[StoryRow]) -> tuple[list[tuple[float, int, int]], dict[str, float]]:
    """Candidate pairs that share an anchor, with their similarity, and the IDF table.

    An anchor is a person, an organisation or a rare place (in at most `RARE_SHARE` of the
    articles: a town, not a country): two company results or two market reports of the
    same template share many words but no anchor, and are not one story.
    """
    n = len(rows)
    df: Counter[str] = Counter()
    for r in rows:
        df.update(r.terms)
    idf = {t: math.log((n + BACKGROUND) / (c + 0.5)) for t, c in df.items()}
    rare = max(3, int(n * RARE_SHARE))
    sets = [set(r.terms) for r in rows]
    anchors = [{t for t in terms if t.startswith(("person:", "org:")) or t.startswith("place:") and df[t] <= rare}
               for terms in sets]
    days = [_day(r.date) for r in rows]
    w2 = {t: v * v for t, v in idf.items()}
    norms = [math.sqrt(sum(w2[t] for t in terms)) or 1.0 for terms in sets]
    out = []
    for i, j in candidate_pairs(rows):
        if not anchors[i] & anchors[j]:
            continue
        if days[i] and days[j] and abs((days[i] - days[j]).days) > MAX_GAP_DAYS:
            continue
        dot = sum(w2[t] for t in sets[i] & sets[j])
        out.append((dot / (norms[i] * norms[j]), i, j))
    return out, idf


def group(rows: list[StoryRow], threshold: float = THRESHOLD) -> list[Story]:
    """Every story of the rows (singletons included), newest first.

    Links are mutual near neighbours: a pair at or above the threshold is linked when each
    is among the other's `NEIGHBOURS` most similar candidates, so one generic article
    cannot chain hundreds of others into a single story.
    """
    parent = list(range(len(rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs, idf = scored_pairs(rows)
    best: dict[int, list[tuple[float, int]]] = {}
    for sim, i, j in pairs:
        if sim >= threshold:
            best.setdefault(i, []).append((sim, j))
            best.setdefault(j, []).append((sim, i))
    near = {i: {j for _, j in sorted(c, reverse=True)[:NEIGHBOURS]} for i, c in best.items()}
    for i, others in near.items():
        for j in others:
            if i in near.get(j, ()):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(find(i), []).append(i)
    sets = {i: set(rows[i].terms) for m in members.values() if len(m) > 1 for i in m}
    stories = []
    for m in members.values():
        m.sort(key=lambda i: (rows[i].date is None, sort_key(rows[i].date), rows[i].id))
        if len(m) == 1:
            central = m[0]
        else:
            sample = m[:60]
            central = max(sample, key=lambda i: (sum(similarity(sets[i], sets[j], idf) for j in sample if j != i), -sample.index(i)))
        dates = sorted(rows[i].date for i in m if rows[i].date)
        stories.append(Story(
            story=story_id(rows[m[0]].id),
            title=rows[central].title,
            start=dates[0] if dates else None,
            end=dates[-1] if dates else None,
            articles=[rows[i].id for i in m],
        ))
    stories.sort(key=lambda s: (s.end is None, "" if s.end is None else _neg(sort_key(s.end)), -len(s.articles), s.story))
    return stories


def _neg(key: str) -> str:
    """A key that sorts dates newest first inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(c)) for c in key)


# --- over the index ---------------------------------------------------------------------

def _rows(index: Index) -> list[StoryRow]:
    from thaw_cli.models import ArticleFilter

    return [StoryRow(aid, title, date, feats.get("terms", []), feats.get("sig", []))
            for aid, title, date, feats in index.feature_rows(ArticleFilter())]


def selected_ids(index: Index, f: ArticleFilter) -> set[str] | None:
    """The ids an ArticleFilter keeps, or None when it keeps every article."""
    from thaw_cli.models import ArticleFilter

    if f == ArticleFilter():
        return None
    where, args = index.filter_sql(f)
    return {r[0] for r in index.conn.execute(f"SELECT a.id FROM articles a WHERE {where}", args)}


def restrict(stories: list[Story], keep: set[str] | None, dates: dict[str, str | None]) -> list[Story]:
    """The stories with at least one kept article, showing only those (ids stay the same)."""
    if keep is None:
        return stories
    out = []
    for s in stories:
        arts = [a for a in s.articles if a in keep]
        if not arts:
            continue
        ds = sorted(d for a in arts if (d := dates.get(a)))
        out.append(Story(s.story, s.title, ds[0] if ds else None, ds[-1] if ds else None, arts))
    return out


def find_stories(index: Index, f: ArticleFilter, *, min_articles: int = 1) -> list[Story]:
    """The stories of the whole index (so ids are stable), restricted to the filter's articles."""
    rows = _rows(index)
    stories = group(rows)
    keep = selected_ids(index, f)
    stories = restrict(stories, keep, {r.id: r.date for r in rows})
    return [s for s in stories if len(s.articles) >= min_articles]
