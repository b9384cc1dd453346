"""Every story from scratch, over the whole index, in memory that a million articles fit in.

`stories.cluster` holds every article's terms as strings in a dict, and every article's 32
band keys, at once: ~1.3 KB an article, over a gigabyte at a million. This gives the same
links and stories (tests/test_storystore.py compares them on corpora built to have many)
with what must be held per article cut to a few small numbers and the ids of its terms
that other articles share:

1. One pass over the articles (rowid order) works out each article's story terms and
   signature (`codec.story_features`), and writes to temporary files the Python `hash` of
   each term and the article's band keys (one block per chunk of articles, band by band);
   the document frequencies are counted a chunk at a time into a temporary table and summed
   by SQLite into `story_df` (in term order: appended, not inserted all over the B-tree).
2. The terms of `story_df`, in one sorted numpy array of their hashes (any two distinct
   terms with one hash would be found here, and the hash salted again), give each term its
   squared IDF weight (`weight`, computed once per distinct frequency, in Python floats,
   so that every integer is the one `cluster` computes) and whether it is an anchor. A term
   of one article only can never be shared: it counts in its article's norm and is not
   kept; the others get small integer ids.
3. A second pass over the hash file gives each article its norm, the ids of its shared
   terms (one flat `array`, as in `cluster`), the 64-bit mask of its anchors and its day.
4. Band by band, the band's keys are read back, sorted and written to `story_bands` (in
   key order), and the pairs of its buckets of 2 to `BUCKET_CAP` articles are filtered at
   once on the anchor masks and the day gap; the survivors of all bands are made unique
   (a pair is scored once however many bands make it a candidate: `cluster` skips the
   pairs of earlier bands) and scored exactly, as `stories.link` does.
5. The mutual near neighbours, components and central articles follow as in `link`; the
   article ids, which order ties, are read from the index for the articles of stories only
   (the rank of every id comes from one `ORDER BY id`).

With two CPUs the bands are written by this process while a forked one finds and scores
the pairs (`workers.aside`), as `storystore.recompute` did. Memory at a million Reuters
articles: see docs/performance.md.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from array import array
from collections import Counter
from typing import Any

from thaw_cli.analysis.codec import story_features
from thaw_cli.analysis.stories import (
    BANDS,
    BUCKET_CAP,
    CENTRAL_SAMPLE,
    MAX_GAP_DAYS,
    THRESHOLD,
    anchor_bits,
    anchor_kind,
    band_matrix,
    band_row,
    components,
    cosine,
    day_number,
    member_order,
    mutual_links,
    pick_central,
    rare_limit,
    weight,
)

__all__ = ["Built", "build"]

CHUNK = 16_384  # articles per block of band keys and per batch of document frequencies
PARALLEL_MIN = 4000  # from this many articles the pairs are scored in a forked process
_NO_DAY = -(10**9)
_K = 64


class Built:
    """What `build` found: links (numpy node arrays and similarities) and stories."""

    def __init__(self, n: int, links: tuple[Any, Any, Any], stories: dict[int, int]) -> None:
        self.n = n
        self.links = links
        self.stories = stories


class _Pass:
    """The first pass's results: temporary files and small per-article arrays."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.hashes = os.path.join(folder, "hashes")  # int64 per term occurrence
        self.bands = os.path.join(folder, "bands")  # per chunk: BANDS x chunk int64
        self.counts = array("i")  # terms per article
        self.nodes = array("q")  # rowid per article
        self.days = array("q")
        self.has_sig = bytearray()
        self.chunks: list[int] = []  # articles per chunk of band keys
        self.salt = 0

    @property
    def n(self) -> int:
        return len(self.nodes)


def _first_pass(conn: sqlite3.Connection, p: _Pass, salt: int) -> None:
    import numpy as np

    conn.execute("CREATE TEMP TABLE story_df_part (term TEXT NOT NULL, n INTEGER NOT NULL)")
    df: Counter[str] = Counter()
    sigs: list[list[int]] = []
    sig_rows: list[int] = []
    start = 0
    with open(p.hashes, "wb") as hf, open(p.bands, "wb") as bf:

        def flush(end: int) -> None:
            nonlocal start
            size = end - start
            if not size:
                return
            km = np.empty((size, BANDS), dtype=np.int64)
            pos = np.arange(start, end, dtype=np.int64)
            km[:] = -1 - (pos[:, None] * BANDS + np.arange(BANDS))  # no signature: keys no other has
            if sigs:
                km[np.array(sig_rows, dtype=np.int64) - start] = band_matrix(sigs)
            bf.write(np.ascontiguousarray(km.T).tobytes())
            p.chunks.append(size)
            sigs.clear()
            sig_rows.clear()
            conn.executemany("INSERT INTO story_df_part VALUES (?, ?)", df.items())
            df.clear()
            start = end

        hashes = array("q")
        for rowid, title, date, data in conn.execute(
            "SELECT a.rowid, a.title, a.date, x.data FROM articles a JOIN analysis x ON x.rowid = a.rowid ORDER BY a.rowid"
        ):
            terms, sig = story_features(data, title)
            k = p.n
            p.nodes.append(rowid)
            d = day_number(date)
            p.days.append(_NO_DAY if d is None else d)
            p.counts.append(len(terms))
            df.update(terms)
            hashes.extend(hash((salt, t)) if salt else hash(t) for t in terms)
            ok = sig is not None and len(sig) == _K and sig[0] != -1
            p.has_sig.append(ok)
            if ok:
                sigs.append(sig)  # type: ignore[arg-type]
                sig_rows.append(k)
            if k + 1 - start >= CHUNK:
                flush(k + 1)
                hf.write(hashes.tobytes())
                hashes = array("q")
        flush(p.n)
        hf.write(hashes.tobytes())
    conn.execute("DELETE FROM story_df")
    conn.execute("INSERT INTO story_df SELECT term, sum(n) FROM temp.story_df_part GROUP BY term ORDER BY term")
    conn.execute("DROP TABLE temp.story_df_part")


class _Terms:
    """Every term of `story_df` by the sorted hash: weight, shared-term id (-1: df 1), anchor."""

    def __init__(self, conn: sqlite3.Connection, n: int, salt: int) -> None:
        import numpy as np

        rare = rare_limit(n)
        w_of: dict[int, int] = {}
        hs = array("q")
        ws = array("q")
        shared = bytearray()
        anchor = bytearray()
        for term, df in conn.execute("SELECT term, n FROM story_df"):
            hs.append(hash((salt, term)) if salt else hash(term))
            w = w_of.get(df)
            if w is None:
                w = w_of[df] = weight(df, n)
            ws.append(w)
            shared.append(df >= 2)
            k = anchor_kind(term)
            anchor.append(k == 2 or (k == 1 and df <= rare))
        h = np.frombuffer(hs, dtype=np.int64) if hs else np.zeros(0, dtype=np.int64)
        order = np.argsort(h, kind="stable")
        self.h = h[order]
        self.unique = not len(h) or bool(np.all(self.h[1:] != self.h[:-1]))
        self.w = (np.frombuffer(ws, dtype=np.int64) if ws else np.zeros(0, dtype=np.int64))[order]
        sh = np.frombuffer(bytes(shared), dtype=np.bool_)[order]
        an = np.frombuffer(bytes(anchor), dtype=np.bool_)[order]
        # shared terms get ids 0.. in hash order; their weights and anchor flags by id
        self.ids = np.where(sh, np.cumsum(sh) - 1, -1).astype(np.int32)
        self.shared_w = self.w[sh].tolist()  # Python ints: exact sums
        self.shared_anchor = an[sh]
        self.anchor = an


def _second_pass(p: _Pass, t: _Terms) -> tuple[array[int], array[int], list[int], Any]:
    """Per article: its shared term ids (flat, with offsets), its norm, its anchor mask."""
    import numpy as np

    counts = np.frombuffer(p.counts, dtype=np.int32) if p.counts else np.zeros(0, dtype=np.int32)
    offsets = np.zeros(p.n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    tflat = array("i")
    toff = array("q", [0])
    norms: list[int] = []
    masks = np.zeros(p.n, dtype=np.uint64)
    step = CHUNK * 4
    with open(p.hashes, "rb") as hf:
        for lo in range(0, p.n, step):
            hi = min(p.n, lo + step)
            occ = int(offsets[hi] - offsets[lo])
            h = np.frombuffer(hf.read(occ * 8), dtype=np.int64)
            pos = np.searchsorted(t.h, h)
            w = t.w[pos]
            ids = t.ids[pos]
            anchors = t.anchor[pos]
            art = np.repeat(np.arange(hi - lo), counts[lo:hi])
            # norms: integer sums (every partial sum stays far below 2**53, so the float64
            # sums of bincount are exact), as Python ints, as `link` has them
            norms.extend(np.bincount(art, weights=w, minlength=hi - lo).astype(np.int64).tolist())
            bits = anchor_bits(ids[anchors]) if anchors.any() else np.zeros(0, dtype=np.uint64)
            np.bitwise_or.at(masks[lo:hi], art[anchors], bits)
            keep = ids >= 0
            kept = ids[keep]
            tflat.frombytes(kept.astype(np.int32).tobytes())
            ends = np.cumsum(np.bincount(art[keep], minlength=hi - lo)) + toff[-1]
            toff.extend(ends.tolist())
    return tflat, toff, norms, masks


def _band(p: _Pass, b: int) -> Any:
    """Band `b`'s keys of every article, read back from the band file."""
    import numpy as np

    parts = []
    offset = 0
    with open(p.bands, "rb") as bf:
        for size in p.chunks:
            bf.seek(offset + b * size * 8)
            parts.append(np.frombuffer(bf.read(size * 8), dtype=np.int64))
            offset += BANDS * size * 8
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _pairs(col: Any, order: Any) -> tuple[Any, Any]:
    """The pairs (i < j) of the band's buckets of 2 to BUCKET_CAP articles."""
    import numpy as np

    n = len(col)
    sk = col[order]
    none = np.zeros(0, dtype=np.int64)
    if n < 2:
        return none, none
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    sizes = np.diff(np.r_[starts, n])
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
    return np.concatenate(xs), np.concatenate(ys)


def _score(p: _Pass, terms: _Terms, tflat: array[int], toff: array[int], norms: list[int], masks: Any,
           rank: Any) -> tuple[array[int], array[int], array[float], list[list[int]]]:
    """The links (positions i < j, similarities), candidates band by band, filtered, made
    unique and scored exactly; and the components of the mutual near neighbours."""
    import numpy as np

    days = np.frombuffer(p.days, dtype=np.int64) if p.days else np.zeros(0, dtype=np.int64)
    # the survivors so far, unique and sorted: a pair that is a candidate in many bands (an
    # article and its copies are in all 32) is held once, not once per band
    pairs = np.zeros(0, dtype=np.int64)
    n = p.n
    for b in range(BANDS):
        col = _band(p, b)
        order = np.argsort(col, kind="stable")
        i, j = _pairs(col, order)
        del col, order
        keep = (masks[i] & masks[j]) != 0
        di, dj = days[i], days[j]
        keep &= (di == _NO_DAY) | (dj == _NO_DAY) | (np.abs(di - dj) <= MAX_GAP_DAYS)
        found = i[keep] * n + j[keep]
        del i, j, keep, di, dj
        pairs = np.union1d(pairs, found)
        del found
    wget = terms.shared_w.__getitem__
    is_anchor = terms.shared_anchor.tolist()
    la, lb, ls = array("i"), array("i"), array("d")
    cur = -1
    ti: set[int] = set()
    for k in range(0, len(pairs), 65536):
        block = pairs[k:k + 65536]
        for i, j in zip((block // n).tolist(), (block % n).tolist(), strict=True):
            if i != cur:
                cur = i
                ti = set(tflat[toff[i]:toff[i + 1]])
            common = ti.intersection(tflat[toff[j]:toff[j + 1]])
            if not any(is_anchor[t] for t in common):
                continue
            sim = cosine(sum(map(wget, common)), norms[i], norms[j])
            if sim >= THRESHOLD:
                la.append(i)
                lb.append(j)
                ls.append(sim)
    return la, lb, ls, components(mutual_links(n, la, lb, ls, rank))


def _stories(p: _Pass, comps: list[list[int]], terms: _Terms, tflat: array[int], toff: array[int],
             norms: list[int], info: dict[int, tuple[str, str | None]]) -> dict[int, int]:
    """node -> its story's central node, for the components (as `stories.link`)."""
    wget = terms.shared_w.__getitem__
    stories: dict[int, int] = {}
    for comp in comps:
        comp.sort(key=lambda i: member_order(*info[p.nodes[i]]))
        sample = comp[:CENTRAL_SAMPLE]
        sets = {i: set(tflat[toff[i]:toff[i + 1]]) for i in sample}

        def sim_of(i: int, j: int, sets: dict[int, set[int]] = sets) -> float:
            return cosine(sum(map(wget, sets[i] & sets[j])), norms[i], norms[j])

        central = p.nodes[sample[pick_central(sample, sim_of)]]
        for i in comp:
            stories[p.nodes[i]] = central
    return stories


def build(conn: sqlite3.Connection, bands: Any) -> Built:
    """Recompute `story_df` and every link and story of the index; `bands(keys, nodes)` receives
    each band's rows, keys ascending, band after band (as `stories.band_rows` gives them)."""
    import numpy as np

    with tempfile.TemporaryDirectory(prefix="thaw-stories-") as folder:
        for salt in range(8):
            p = _Pass(folder)
            _first_pass(conn, p, salt)
            terms = _Terms(conn, p.n, salt)
            if terms.unique:
                break
            conn.execute("DELETE FROM story_df")  # two terms with one hash: again, salted
        else:  # pragma: no cover - 8 collisions of 64-bit hashes
            raise RuntimeError("story terms: hash collisions")
        tflat, toff, norms, masks = _second_pass(p, terms)
        terms.h = terms.w = terms.ids = terms.anchor = None
        node_arr = np.frombuffer(p.nodes, dtype=np.int64) if p.nodes else np.zeros(0, dtype=np.int64)
        has_sig = np.frombuffer(bytes(p.has_sig), dtype=np.bool_)
        rank = np.empty(p.n, dtype=np.int32)
        where = np.searchsorted(node_arr, [r for (r,) in conn.execute(
            "SELECT a.rowid FROM articles a JOIN analysis x ON x.rowid = a.rowid ORDER BY a.id")])
        rank[where] = np.arange(p.n, dtype=np.int32)

        def write_bands() -> None:
            for b in range(BANDS):
                col = _band(p, b)
                order = np.argsort(col, kind="stable")
                bands(*band_row(has_sig, node_arr, order, col[order]))

        if p.n >= PARALLEL_MIN and (os.cpu_count() or 1) >= 2:
            from thaw_cli.store import workers  # (lazy: multiprocessing, for large recomputes only)

            with workers.aside(_score, p, terms, tflat, toff, norms, masks, rank) as pending:
                write_bands()
                la, lb, ls, comps = pending.get()
        else:
            write_bands()
            la, lb, ls, comps = _score(p, terms, tflat, toff, norms, masks, rank)
        stories = _stories(p, comps, terms, tflat, toff, norms, _info(conn, sorted({p.nodes[i] for c in comps for i in c})))
        links = (node_arr[np.frombuffer(la, dtype=np.int32)] if la else np.zeros(0, dtype=np.int64),
                 node_arr[np.frombuffer(lb, dtype=np.int32)] if lb else np.zeros(0, dtype=np.int64),
                 np.frombuffer(ls, dtype=np.float64) if ls else np.zeros(0))
        return Built(p.n, links, stories)


def _info(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple[str, str | None]]:
    """(id, date) of these articles."""
    out: dict[int, tuple[str, str | None]] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        out.update((r, (aid, date)) for r, aid, date in conn.execute(
            f"SELECT rowid, id, date FROM articles WHERE rowid IN ({','.join('?' * len(chunk))})", chunk))
    return out
