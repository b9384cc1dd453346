"""Stories: articles about the same event, grouped by shared entities and distinctive terms.

Per article, at index time (analysis.py, in the worker that parses the file):
`story_terms` picks the article's story features — its people, organisations and places,
its key phrases and its headline's content words — and `signature` turns them into a
MinHash signature of `K` values by one-permutation hashing with rotation densification
(Li, Owen & Zhang 2012; Shrivastava & Li 2014): one hash per feature instead of `K`, so
it stays well under a tenth of a millisecond per article in pure Python. (datasketch's
MinHash was measured and rejected: importing it pulls in scipy, one second per command.)

The grouping rule (this module; `storystore` keeps its result in the index):
- candidates: locality-sensitive hashing over the signatures — `BANDS` bands of `ROWS`
  values, each band hashed to one integer key (`band_keys`); articles sharing a key are
  candidates, so the work grows with the number of articles, never with the number of
  pairs. Keys shared by more than `BUCKET_CAP` articles (a feature every other article
  has) give no candidates.
- links: a candidate pair is linked when the two articles share an anchor (a person, an
  organisation, or a place named by at most `RARE_SHARE` of the articles), are at most
  `MAX_GAP_DAYS` apart, and the TF-IDF cosine of their feature sets reaches `THRESHOLD`.
  `bench/bench_digest.py --pairs` measures the threshold (see the README, "thaw stories").
- stories: the connected components of the mutual near neighbours — a link counts when
  each article is among the other's `NEIGHBOURS` most similar linked articles, so one
  generic article cannot chain hundreds of others into one story.
- A story's id is a hash of its earliest article's id, so it stays the same while the
  story grows with newer articles; its title is the headline of its most central article
  (the largest sum of similarities to the others, among its first `CENTRAL_SAMPLE`).

Every quantity is computed the same way here (all articles at once, `cluster`) and in
`storystore` (a few changed articles against the stored state): the same band keys, the
same squared-IDF `weight`s of the same document frequencies — integers in units of
2**-32, so a sum over a set is exact whatever the set's order — and ties broken by
article id (never by the order in which articles were indexed), so both give the same
stories for the same stored data.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import re
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from thaw_cli.core.dates import newest_first, sort_key
from thaw_cli.core.models import Story

__all__ = ["StoryRow", "band_keys", "band_matrix", "band_row", "cluster", "components", "group", "mutual_links",
           "signature", "story_id", "story_terms"]

K = 64
BANDS = 32
ROWS = K // BANDS
BUCKET_CAP = 20
THRESHOLD = 0.4
NEIGHBOURS = 5
RARE_SHARE = 0.002
MAX_GAP_DAYS = 45
CENTRAL_SAMPLE = 60
_MASK = (1 << 26) - 1
BACKGROUND = 1000  # IDF prior: a small corpus is read as part of a larger one
_EMPTY = -1
# band keys: 42 bits of a multiplicative hash of the band's two values, the band number
# above them (47 bits: SQLite stores each key in 6 bytes)
_KEY_MUL = 0x9E3779B97F4A7C15
_UNIT = 1 << 32  # weights are integers in units of 2**-32 (`weight`)
_KEY_SHIFT = 22
_U64 = (1 << 64) - 1

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
    # (one backward pass over the bins: `src` is the next non-empty bin, going round, so
    # after the last non-empty bin it is the first one, K further on)
    out = list(bins)
    src = K + next(i for i, x in enumerate(bins) if x != _EMPTY)
    step = _MASK + 1
    for i in range(K - 1, -1, -1):
        if bins[i] != _EMPTY:
            src = i
        else:
            out[i] = bins[src % K] + (src - i) * step
    return out


def _valid(sig: list[int] | str) -> bool:
    if isinstance(sig, str):  # JSON text: an empty set's signature is all -1, others have none
        return sig.startswith("[") and not sig.startswith(("[-1", "[]"))
    return len(sig) == K and sig[0] != _EMPTY


def band_keys(sig: list[int]) -> list[int]:
    """The `BANDS` LSH keys of a signature (none for an empty one); values are < 2**32."""
    if not _valid(sig):
        return []
    out = []
    for b in range(BANDS):
        x = (sig[2 * b] << 32) | sig[2 * b + 1]  # ROWS == 2
        out.append((b << (64 - _KEY_SHIFT)) | (((x * _KEY_MUL) & _U64) >> _KEY_SHIFT))
    return out


def band_matrix(sigs: list[list[int] | str]) -> Any:
    """`band_keys` of many valid signatures at once (numpy int64, len(sigs) x BANDS)."""
    return _band_matrix(sigs)


def _band_matrix(sigs: list[list[int] | str]) -> object:
    """`band_keys` of many valid signatures, lists or JSON texts, at once (numpy, int64,
    len(sigs) x BANDS)."""
    import numpy as np

    if all(isinstance(x, str) for x in sigs):
        flat = np.fromstring(",".join(x.strip()[1:-1] for x in sigs), dtype=np.int64, sep=",")  # type: ignore[arg-type]
        if flat.size != K * len(sigs):
            raise ValueError("a stored story signature does not have K values")
    else:
        flat = np.array([json.loads(x) if isinstance(x, str) else x for x in sigs], dtype=np.int64)
    s = flat.reshape(len(sigs), K).astype(np.uint64)
    x = (s[:, 0::2] << np.uint64(32)) | s[:, 1::2]
    h = (x * np.uint64(_KEY_MUL)) >> np.uint64(_KEY_SHIFT)  # uint64 products wrap, as & _U64
    bands = np.arange(BANDS, dtype=np.uint64) << np.uint64(64 - _KEY_SHIFT)
    return (h | bands).astype(np.int64)


def story_id(first_article: str) -> str:
    return "s" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:10]


@dataclass
class StoryRow:
    id: str
    title: str | None
    date: str | None
    terms: list[str]
    sig: list[int]
    key: int = -1  # the node number (the rowid in the index); -1: the row's position


# --- the shared rule ------------------------------------------------------------------------

def day_number(date: str | None) -> int | None:
    if not date or len(date) < 10:
        return None
    try:
        return _dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def weight(df: int, n: int) -> int:
    """The squared IDF of a term in `df` of `n` articles (the weight of a binary feature),
    in units of 2**-32: integer sums are exact in any order."""
    v = math.log((n + BACKGROUND) / (df + 0.5))
    return round(v * v * _UNIT)


def cosine(dot: int, norm2_a: int, norm2_b: int) -> float:
    """The cosine from the weight sums of the common features and of each article's features."""
    return dot / math.sqrt(norm2_a * norm2_b) if dot else 0.0


def rare_limit(n: int) -> int:
    """A place is an anchor when at most this many of `n` articles name it."""
    return max(3, int(n * RARE_SHARE))


def anchor_kind(term: str) -> int:
    """2: always an anchor (a person, an organisation); 1: an anchor when rare (a place); 0: never."""
    if term.startswith(("person:", "org:")):
        return 2
    return 1 if term.startswith("place:") else 0


def close_in_time(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= MAX_GAP_DAYS


def near(links: Iterable[tuple[float, str, int]]) -> set[int]:
    """The `NEIGHBOURS` most similar of a node's links (sim, article id, node); of equally
    similar ones, the larger article id (so the stories do not depend on node numbers)."""
    return {j for _, _, j in sorted(links, reverse=True)[:NEIGHBOURS]}


def member_order(aid: str, date: str | None) -> tuple[bool, str, str]:
    """Articles of a story, oldest first (undated last, then by id)."""
    return (date is None, sort_key(date), aid)


def pick_central(sample: list[int], sim: Callable[[int, int], float]) -> int:
    """The position in `sample` of its most central member (the largest sum of similarities
    to the others; first of equals). Each pair is scored once; each sum adds in sample order."""
    m = len(sample)
    if m <= 2:
        return 0
    scores = [0.0] * m
    for p in range(m):
        for q in range(p + 1, m):
            s = sim(sample[p], sample[q])
            scores[p] += s
            scores[q] += s
    return max(range(m), key=lambda p: (scores[p], -p))


def components(edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the edges' nodes (union-find), each sorted."""
    return _components(edges)


def _components(edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the edges' nodes (union-find), each sorted."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in edges:
        ri, rj = find(parent.setdefault(i, i)), find(parent.setdefault(j, j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    out: dict[int, list[int]] = {}
    for x in parent:
        out.setdefault(find(x), []).append(x)
    return [sorted(m) for m in out.values()]


# --- all at once, in memory -----------------------------------------------------------------

@dataclass
class Clustering:
    """The result of `cluster`: what `storystore` stores, node numbers as given."""

    n: int
    df: dict[str, int]
    links: tuple[Any, Any, Any]  # numpy arrays (a nodes, b nodes, sims), one row per link
    stories: dict[int, int] = field(default_factory=dict)  # node -> its story's central node (2+ articles)


Sig = list[int] | str  # a signature, or its JSON text as stored (parsed in bulk by numpy)
BandSink = Callable[[list[int], list[int]], None]


@dataclass
class Prepared:
    """`cluster`'s input laid out for `link`: terms as ids in one flat array, band keys."""

    n: int
    term_ids: dict[str, int]  # term -> id
    df_list: list[int]  # id -> number of articles with the term
    tflat: array[int]  # the articles' term ids, one after the other
    toff: array[int]  # article k's terms: tflat[toff[k]:toff[k + 1]]
    ids: list[str]
    dates: list[str | None]
    nodes: array[int]
    node_arr: Any  # nodes as a numpy array
    km: Any  # (n, BANDS) band keys; an article without a signature has keys no other has
    has_sig: Any  # (n,) bools

    def df(self) -> dict[str, int]:
        return dict(zip(self.term_ids, self.df_list, strict=True))


def cluster(items: Iterable[tuple[int, str, str | None, list[str], Sig]],
            threshold: float = THRESHOLD, bands: BandSink | None = None) -> Clustering:
    """Every link and story of (node, id, date, terms, signature) items, all at once.

    `bands`, if given, receives each band's (keys, nodes), keys ascending, band after band
    (as `band_rows` gives them). Memory stays near 0.5 KB per article: terms are small
    integers in one flat array, signatures are kept as band keys only, candidate pairs are
    found one band at a time (a pair is scored in the first band that makes it a
    candidate), and two numpy filters (a 64-bit mask of each article's anchors, the day
    gap) drop most of them before the exact checks and the similarity.
    """
    p = prepare(items)
    la, lb, ls, stories = link(p, threshold, bands)
    return Clustering(n=p.n, df=p.df(), links=links_of(p, la, lb, ls), stories=stories)


def prepare(items: Iterable[tuple[int, str, str | None, list[str], Sig]]) -> Prepared:
    """The first step of `cluster`: read the items."""
    import numpy as np

    term_ids: dict[str, int] = {}
    df_list: list[int] = []
    tflat = array("i")
    toff = array("q", [0])
    ids: list[str] = []
    dates: list[str | None] = []
    nodes = array("q")
    blocks: list[tuple[list[int], Any]] = []
    sigs: list[Sig] = []
    sig_rows: list[int] = []

    def flush() -> None:
        if sigs:
            blocks.append((list(sig_rows), _band_matrix(sigs)))
            sigs.clear()
            sig_rows.clear()

    for node, aid, date, ts, sig in items:
        for t in ts:
            tid = term_ids.get(t)
            if tid is None:
                tid = term_ids[t] = len(df_list)
                df_list.append(0)
            df_list[tid] += 1
            tflat.append(tid)
        toff.append(len(tflat))
        if _valid(sig):
            sigs.append(sig)
            sig_rows.append(len(ids))
            if len(sigs) >= 4096:
                flush()
        ids.append(aid)
        dates.append(date)
        nodes.append(node)
    flush()
    n = len(ids)
    has_sig = np.zeros(n, dtype=bool)
    for rows, _ in blocks:
        has_sig[rows] = True
    km = np.empty((n, BANDS), dtype=np.int64)
    unsigned = np.flatnonzero(~has_sig)
    km[unsigned] = -1 - (unsigned[:, None] * BANDS + np.arange(BANDS))
    while blocks:
        rows, block = blocks.pop()
        km[rows] = block
    node_arr = np.frombuffer(nodes, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    return Prepared(n, term_ids, df_list, tflat, toff, ids, dates, nodes, node_arr, km, has_sig)


def band_rows(p: Prepared) -> Iterator[tuple[list[int], list[int]]]:
    """Each band's (keys, nodes) of the articles with a signature, keys ascending."""
    import numpy as np

    for b in range(BANDS):
        order = np.argsort(p.km[:, b], kind="stable")
        yield _band_row(p.has_sig, p.node_arr, order, p.km[order, b])


def band_row(has_sig: Any, node_arr: Any, order: Any, sorted_keys: Any) -> tuple[list[int], list[int]]:
    """A band's (keys, nodes) of the articles with a signature, given the band's sort order."""
    return _band_row(has_sig, node_arr, order, sorted_keys)


def _band_row(has_sig: Any, node_arr: Any, order: Any, sorted_keys: Any) -> tuple[list[int], list[int]]:
    """A band's (keys, nodes) of the articles with a signature, given the band's sort order."""
    real = has_sig[order]
    return sorted_keys[real].tolist(), node_arr[order[real]].tolist()


def links_of(p: Prepared, la: array[int], lb: array[int], ls: array[float]) -> tuple[Any, Any, Any]:
    """`Clustering.links` from `link`'s positions and similarities."""
    import numpy as np

    return (p.node_arr[np.frombuffer(la, dtype=np.int32)] if la else np.zeros(0, dtype=np.int64),
            p.node_arr[np.frombuffer(lb, dtype=np.int32)] if lb else np.zeros(0, dtype=np.int64),
            np.frombuffer(ls, dtype=np.float64) if ls else np.zeros(0))


def link(p: Prepared, threshold: float = THRESHOLD, bands: BandSink | None = None
         ) -> tuple[array[int], array[int], array[float], dict[int, int]]:
    """The second step of `cluster`: the links, as positions i < j and similarities, and
    the stories (node -> its story's central node). `bands` as for `cluster`."""
    import numpy as np

    n, df_list, tflat, toff, ids, dates, nodes = p.n, p.df_list, p.tflat, p.toff, p.ids, p.dates, p.nodes
    km, has_sig, node_arr = p.km, p.has_sig, p.node_arr
    w2 = [weight(c, n) for c in df_list]
    w2get = w2.__getitem__
    rare = rare_limit(n)
    anchor_term = [k == 2 or (k == 1 and df_list[t] <= rare) for t, k in enumerate(anchor_kind(s) for s in p.term_ids)]
    aflat = array("i", (t for t in tflat if anchor_term[t]))  # the anchors, laid out as tflat
    aoff = array("q", [0])
    mask = np.zeros(n, dtype=np.uint64)
    norms2 = array("q")
    count = 0
    for k in range(n):
        ts = tflat[toff[k]:toff[k + 1]]
        count += sum(1 for t in ts if anchor_term[t])
        aoff.append(count)
        mask[k] = _anchor_mask(aflat[aoff[k]:count])
        norms2.append(sum(map(w2get, ts)))
    no_day = -(10**9)
    day_arr = np.array([no_day if (d := day_number(x)) is None else d for x in dates], dtype=np.int64)

    la = array("i")  # links: positions i < j (n < 2**31) and similarity
    lb = array("i")
    ls = array("d")
    valid = np.zeros((n, BANDS), dtype=bool)
    for b in range(BANDS):
        first, second = _band_pairs(km, valid, has_sig, b, node_arr, bands)
        keep = (mask[first] & mask[second]) != 0
        di, dj = day_arr[first], day_arr[second]
        keep &= (di == no_day) | (dj == no_day) | (np.abs(di - dj) <= MAX_GAP_DAYS)
        cur = -1
        ti: set[int] = set()
        ai: set[int] = set()
        for i, j in zip(first[keep].tolist(), second[keep].tolist(), strict=True):
            if i != cur:
                cur = i
                ti = set(tflat[toff[i]:toff[i + 1]])
                ai = set(aflat[aoff[i]:aoff[i + 1]])
            if ai.isdisjoint(aflat[aoff[j]:aoff[j + 1]]):
                continue
            sim = cosine(sum(map(w2get, ti.intersection(tflat[toff[j]:toff[j + 1]]))), norms2[i], norms2[j])
            if sim >= threshold:
                la.append(i)
                lb.append(j)
                ls.append(sim)
    del km, valid
    p.km = None  # no longer needed (n x BANDS x 8 bytes): freed before the components

    stories: dict[int, int] = {}
    for comp in _components(_mutual(n, la, lb, ls, ids)):
        comp.sort(key=lambda i: member_order(ids[i], dates[i]))
        sample = comp[:CENTRAL_SAMPLE]
        sets = {i: set(tflat[toff[i]:toff[i + 1]]) for i in sample}

        def sim_of(i: int, j: int, sets: dict[int, set[int]] = sets) -> float:
            return cosine(sum(map(w2get, sets[i] & sets[j])), norms2[i], norms2[j])

        central = nodes[sample[pick_central(sample, sim_of)]]
        for i in comp:
            stories[nodes[i]] = central
    return la, lb, ls, stories


def _band_pairs(km: Any, valid: Any, has_sig: Any, b: int, node_arr: Any, sink: BandSink | None) -> tuple[Any, Any]:
    """Band `b`'s candidate pairs (positions i < j, sorted) not candidates in an earlier band;
    marks in `valid[:, b]` the articles whose key in band `b` is a candidate bucket."""
    import numpy as np

    n = len(km)
    col = km[:, b]
    order = np.argsort(col, kind="stable")
    sk = col[order]
    if sink is not None:
        sink(*_band_row(has_sig, node_arr, order, sk))
    none = np.zeros(0, dtype=np.int64)
    if n < 2:
        return none, none
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    sizes = np.diff(np.r_[starts, n])
    ok = (sizes >= 2) & (sizes <= BUCKET_CAP)
    valid[order[np.repeat(ok, sizes)], b] = True
    xs, ys = [], []
    for size in range(2, BUCKET_CAP + 1):
        first = starts[sizes == size]
        if not len(first):
            continue
        members = order[first[:, None] + np.arange(size)]
        a, c = np.triu_indices(size, 1)
        x, y = members[:, a].ravel(), members[:, c].ravel()
        xs.append(np.minimum(x, y))
        ys.append(np.maximum(x, y))
    if not xs:
        return none, none
    i, j = np.concatenate(xs), np.concatenate(ys)
    seen = np.zeros(len(i), dtype=bool)
    for e in range(b):  # a candidate already in an earlier band was scored there
        seen |= valid[i, e] & (km[i, e] == km[j, e])
    i, j = i[~seen], j[~seen]
    order2 = np.lexsort((j, i))
    return i[order2], j[order2]


def _mutual(n: int, la: array[int], lb: array[int], ls: array[float], ids: list[str]) -> Iterable[tuple[int, int]]:
    """The links (i < j) where each is among the other's `NEIGHBOURS` nearest (`near`'s rule),
    worked out for a block of source articles at a time to bound the temporaries."""
    import numpy as np

    if not la:
        return ()
    rank = np.empty(n, dtype=np.int32)
    rank[sorted(range(n), key=ids.__getitem__)] = np.arange(n, dtype=np.int32)
    return mutual_links(n, la, lb, ls, rank)


def mutual_links(n: int, la: array[int], lb: array[int], ls: array[float], rank: Any) -> Iterable[tuple[int, int]]:
    """`_mutual` with the rank of each position's article id given (numpy int32, length n)."""
    import numpy as np

    if not la:
        return ()
    a = np.frombuffer(la, dtype=np.int32)
    b = np.frombuffer(lb, dtype=np.int32)
    s = np.frombuffer(ls, dtype=np.float64)
    src, dst, sim = np.r_[a, b], np.r_[b, a], np.r_[s, s]
    tops_s, tops_d = [], []
    step = max(1, n // 8)
    for lo in range(0, n, step):
        pick = np.flatnonzero((src >= lo) & (src < lo + step))
        bs, bd = src[pick], dst[pick]
        order = np.lexsort((-rank[bd], -sim[pick], bs))  # by source; most similar, then larger id, first
        bs, bd = bs[order], bd[order]
        head = np.r_[True, bs[1:] != bs[:-1]]
        place = np.arange(len(bs))
        top = (place - np.maximum.accumulate(np.where(head, place, 0))) < NEIGHBOURS
        tops_s.append(bs[top])
        tops_d.append(bd[top])
    del src, dst, sim, rank
    ts, td = np.concatenate(tops_s), np.concatenate(tops_d)
    forward = ts.astype(np.int64) * n + td
    mutual = (ts < td) & np.isin(td.astype(np.int64) * n + ts, forward)
    return _zip_chunks(ts[mutual], td[mutual])


def _zip_chunks(a: Any, b: Any, size: int = 65536) -> Iterator[tuple[int, int]]:
    """Pairs from two numpy arrays, a slice at a time (no list of all of them)."""
    for k in range(0, len(a), size):
        yield from zip(a[k:k + size].tolist(), b[k:k + size].tolist(), strict=True)


def anchor_bits(ids: Any) -> Any:
    """`_anchor_mask`'s bit of each term id (numpy, uint64): an article's mask is the OR of its
    anchors' bits."""
    import numpy as np

    return np.left_shift(np.uint64(1), ((ids.astype(np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF))
                         >> np.uint64(26))


def _anchor_mask(anchors: tuple[int, ...]) -> int:
    """A 64-bit mask with one bit per anchor (two articles sharing an anchor share a bit)."""
    m = 0
    for t in anchors:
        m |= 1 << (((t * 0x9E3779B1) & 0xFFFFFFFF) >> 26)
    return m


def candidate_pairs(rows: list[StoryRow]) -> set[tuple[int, int]]:
    """Pairs of rows (positions) sharing a band key (keys of over `BUCKET_CAP` rows skipped)."""
    import numpy as np

    n = len(rows)
    km = (-1 - np.arange(n * BANDS, dtype=np.int64)).reshape(n, BANDS)
    has_sig = np.zeros(n, dtype=bool)
    for i, r in enumerate(rows):
        if _valid(r.sig):
            km[i] = band_keys(r.sig)
            has_sig[i] = True
    valid = np.zeros((n, BANDS), dtype=bool)
    out: set[tuple[int, int]] = set()
    for b in range(BANDS):
        i, j = _band_pairs(km, valid, has_sig, b, np.arange(n), None)
        out.update(zip(i.tolist(), j.tolist(), strict=True))
    return out


def group(rows: list[StoryRow], threshold: float = THRESHOLD) -> list[Story]:
    """Every story of the rows (singletons included), newest first."""
    nodes = [r.key if r.key >= 0 else i for i, r in enumerate(rows)]
    c = cluster(((node, r.id, r.date, r.terms, r.sig) for node, r in zip(nodes, rows, strict=True)), threshold)
    info = {node: (r.id, r.title, r.date) for node, r in zip(nodes, rows, strict=True)}
    return build_stories(c.stories, info, singletons=True)


def build_stories(stories: dict[int, int], info: dict[int, tuple[str, str | None, str | None]],
                  *, singletons: bool) -> list[Story]:
    """Story records from node -> central node (2+ articles) and node -> (id, title, date),
    newest first; with `singletons`, every node of `info` outside them is a story of its own."""
    members: dict[int, list[int]] = {}
    for node, central in stories.items():
        if node in info:
            members.setdefault(central, []).append(node)
    out = []
    for central, m in members.items():
        m.sort(key=lambda a: member_order(info[a][0], info[a][2]))
        out.append(_story(m, info, central if central in info else m[0]))
    if singletons:
        out.extend(_story([a], info, a) for a in info if a not in stories)
    out.sort(key=lambda s: (*newest_first(s.end), -len(s.articles), s.story))
    return out


def _story(m: list[int], info: dict[int, tuple[str, str | None, str | None]], central: int) -> Story:
    dates = sorted(d for a in m if (d := info[a][2]))
    return Story(story=story_id(info[m[0]][0]), title=info[central][1],
                 start=dates[0] if dates else None, end=dates[-1] if dates else None,
                 articles=[info[a][0] for a in m])
