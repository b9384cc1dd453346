"""Near-duplicate fingerprints: MinHash over word 3-shingles, grouped with LSH banding.

Each article gets a 64-value MinHash signature (16 bits per value, 128 bytes), computed at
index time and stored. The share of equal values between two signatures estimates the
Jaccard similarity of their word 3-shingle sets; two articles are near-duplicates when it
is at least `THRESHOLD` (or when they have the same URL).

Why 0.7 (measured by `bench/bench_duplicates.py --measure` on 3,000 Reuters-21578 articles):
copies with 5% of their words changed (replaced, deleted or inserted at random) estimate
0.72 at the 5th percentile (median 0.83) and 98.4% of them are found; 2% edits: 0.84 at the
5th percentile, 100% found; 20% edits are no longer duplicates (0.4% found). For 90% of
articles the most similar *other* article estimates at most 0.42; the Reuters pairs above 0.7
are real repeated stories (true Jaccard 0.69 and up). A signature costs 0.11 ms per article.

Grouping never compares all pairs: identical signatures are merged first, then the 64 values
are cut into 16 bands of 4; only signatures that agree on a whole band are compared (the
chance that a pair at Jaccard 0.7 shares no band is 1.2%).

SimHash (64 bits) was measured too and rejected: on short newswire copy, a 2% edit gave a
median Hamming distance of 6, the same as the 5th percentile of unrelated articles.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from thaw_cli.core.text import CJK_RANGES

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3  # `signature` is written for 3
THRESHOLD = 0.7
MIN_TOKENS = 8  # fewer words than this: no fingerprint (too little text to compare)
MAX_BUCKET_PAIRS = 64  # members of one band bucket compared with at most this many others

_TOKEN = re.compile(f"[{CJK_RANGES}]|[^\\W_]+")
_PARAMS: Any = None


def tokens(text: str) -> list[str]:
    """Words, case-folded, punctuation dropped; CJK characters count one token each."""
    return _TOKEN.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = tokens(text)
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _params() -> Any:
    """The 64 (mask, odd multiplier) pairs, as (64, 1) columns, and the coefficients of a
    shingle's polynomial in its words' hashes (mix**2, mix, 1 modulo 2**64; `signature`)."""
    global _PARAMS
    if _PARAMS is None:
        import numpy as np

        rng = np.random.default_rng(0x7468_6177)  # fixed: signatures must match across runs
        masks = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
        mults = rng.integers(0, 2**62, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        poly = np.array([_MIX * _MIX % 2**64, _MIX, 1], dtype=np.uint64)
        _PARAMS = (masks[:, None].copy(), mults[:, None].copy(), poly, np.uint64(48))
    return _PARAMS


# ASCII text: the bytes that make `tokens` words ([a-z0-9]) kept, upper case lowered,
# every other byte a space (for ASCII, casefold is lower and `[^\W_]` is [A-Za-z0-9]).
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


def _ascii_tokens(text: str) -> list[bytes]:
    """`tokens(text)` UTF-8 encoded, for an ASCII `text` (bytes.translate and split, no regex)."""
    return text.encode("ascii").translate(_ASCII_WORDS).split()


def signature(text: str) -> bytes | None:
    """The MinHash signature of a text (128 bytes), or None when it has too few words.

    Each word's 64-bit hash is two CRC-32s of its UTF-8 bytes (`_word_hash`), computed by
    C-level maps, with no per-process cache: a large dict's look-ups miss the CPU caches,
    which costs more than hashing again. A 3-shingle's hash is a polynomial of its words'
    hashes, computed for all shingles at once with numpy, so no Python work is done per
    shingle. Repeated shingles need no removal: MinHash takes a minimum, which repeats do
    not change.
    """
    import numpy as np

    # ASCII text (nearly all of it) is split as bytes: the same words, UTF-8 encoded
    words = _ascii_tokens(text) if text.isascii() else [w.encode("utf-8") for w in tokens(text)]
    n = len(words)
    if n < MIN_TOKENS:
        return None
    masks, mults, poly, shift = _params()
    # the polynomial of a shingle's words (SHINGLE == 3): ((a * mix) + b) * mix + c, that is
    # a * mix**2 + b * mix + c modulo 2**64, for every shingle in one correlation (integer
    # arithmetic modulo 2**64 is exact in any order)
    shingle = np.correlate(_word_hashes(words), poly)
    # one row per permutation: the minimum along a row reads contiguous memory
    permuted = masks ^ shingle
    permuted *= mults
    # the minimum of the top 16 bits is the top 16 bits of the minimum (a shift is monotone)
    return (permuted.min(axis=1) >> shift).astype("<u2").tobytes()


_SEED = 0x5BD1E995  # the second CRC-32's starting value


def _word_hash(word: str | bytes) -> int:
    """A word's 64-bit hash (never 0); `_word_hashes` computes it for many words at once."""
    data = word if isinstance(word, bytes) else word.encode("utf-8")
    return (zlib.crc32(data) << 32 | zlib.crc32(data, _SEED)) or 1


# CRC-32 is affine in its starting value: for bytes `d` of length n,
# crc32(d, _SEED) == crc32(d) ^ crc32(n zero bytes, _SEED) ^ crc32(n zero bytes), the same
# constant for every word of that length. These are the constants for lengths up to 255;
# none is 0 (tested), which `_word_hashes` relies on.
_SEED_DELTA_MAX = 256
_SEED_DELTA: Any = None


def _seed_deltas() -> Any:
    global _SEED_DELTA
    if _SEED_DELTA is None:
        import numpy as np

        _SEED_DELTA = np.array([zlib.crc32(bytes(n), _SEED) ^ zlib.crc32(bytes(n)) for n in range(_SEED_DELTA_MAX)],
                               dtype=np.uint64)
    return _SEED_DELTA


def _word_hashes(words: list[bytes]) -> Any:
    """`_word_hash` of each word, as a numpy uint64 array.

    No numpy reduction (max, all) is asked for: in the indexer, among the rest of an
    article's analysis, each costs ten times its time in a loop of its own.
    """
    import numpy as np

    n = len(words)
    crc32 = zlib.crc32
    first = np.fromiter(map(crc32, words), np.uint64, n)
    try:  # the second CRC from the first (see above); a longer word is out of the table
        deltas = _seed_deltas()[np.fromiter(map(len, words), np.intp, n)]
    except IndexError:
        hashed = first << np.uint64(32)
        hashed |= np.fromiter(map(crc32, words, repeat(_SEED, n)), np.uint64, n)
        if not hashed.all():  # both CRCs 0: the hash is 1
            hashed[hashed == 0] = 1
        return hashed
    # first << 32 | (first ^ delta): both halves are below 2**32, so first * (2**32 + 1)
    # holds the first CRC in each half, and the XOR changes only the lower one. Never 0 (a
    # hash that `_word_hash` makes 1): that needs the first CRC 0, then the delta 0.
    hashed = first * np.uint64((1 << 32) + 1)
    hashed ^= deltas
    return hashed


_MIX = 0x9E3779B97F4A7C15  # odd 64-bit multiplier (golden ratio) combining a shingle's words


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures (0..1)."""
    import numpy as np

    x = np.frombuffer(a, dtype="<u2")
    y = np.frombuffer(b, dtype="<u2")
    return float((x == y).mean())


def is_duplicate(a: bytes | None, b: bytes | None) -> bool:
    return a is not None and b is not None and similarity(a, b) >= THRESHOLD


def find(signature_: bytes | None, url: str | None, candidates: Iterable[tuple[str, str | None, bytes | None]]) -> str | None:
    """The id of the first candidate with the same URL or a near-duplicate text, else None."""
    import numpy as np

    url_key = normalize_url(url) if url else None
    ids: list[str] = []
    sigs: list[bytes] = []
    for aid, other_url, other_sig in candidates:
        if url_key and other_url and normalize_url(other_url) == url_key:
            return aid
        if signature_ is not None and other_sig is not None:
            ids.append(aid)
            sigs.append(other_sig)
    if not sigs or signature_ is None:
        return None
    matrix = np.frombuffer(b"".join(sigs), dtype="<u2").reshape(len(sigs), PERMUTATIONS)
    scores = (matrix == np.frombuffer(signature_, dtype="<u2")).mean(axis=1)
    best = int(scores.argmax())
    return ids[best] if scores[best] >= THRESHOLD else None


def normalize_url(url: str) -> str:
    """A URL compared loosely: scheme, `www.`, fragment and trailing slash ignored."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def duplicate_groups(items: Iterable[tuple[str, str | None, bytes | None]]) -> list[list[str]]:
    """Groups (two or more ids) of near-duplicate articles, largest first, ids in input order.

    `items` are (id, url, signature) triples. Never compares all pairs: identical signatures
    and URLs are merged directly, the rest only within LSH band buckets.
    """
    import numpy as np

    ids: list[str] = []
    sig_rows: list[bytes] = []
    sig_owner: list[int] = []
    by_url: dict[str, int] = {}
    items = list(items)
    uf = _Union(len(items))
    for i, (aid, url, sig) in enumerate(items):
        ids.append(aid)
        if url:
            key = normalize_url(url)
            if key in by_url:
                uf.union(by_url[key], i)
            else:
                by_url[key] = i
        if sig is not None and len(sig) == 2 * PERMUTATIONS:
            sig_rows.append(sig)
            sig_owner.append(i)
    if sig_rows:
        matrix = np.frombuffer(b"".join(sig_rows), dtype="<u2").reshape(len(sig_rows), PERMUTATIONS)
        # 1. identical signatures are one group already
        unique, first, inverse = np.unique(matrix, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        owners = np.asarray(sig_owner)
        for row, rep in enumerate(inverse):
            uf.union(sig_owner[first[rep]], sig_owner[row])
        reps = owners[first]  # article index of each unique signature
        # 2. LSH: unique signatures sharing a whole band are compared
        bands = np.ascontiguousarray(unique).view(np.uint64).reshape(len(unique), BANDS)
        for b in range(BANDS):
            column = bands[:, b]
            order = np.argsort(column, kind="stable")
            sorted_keys = column[order]
            cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
            for bucket in np.split(order, cuts):
                if len(bucket) < 2:
                    continue
                _compare_bucket(unique, bucket, reps, uf)
    groups: dict[int, list[str]] = {}
    for i, aid in enumerate(ids):
        groups.setdefault(uf.find(i), []).append(aid)
    out = [g for g in groups.values() if len(g) > 1]
    out.sort(key=lambda g: (-len(g), g[0]))
    return out


def _compare_bucket(unique: Any, bucket: Any, reps: Any, uf: _Union) -> None:
    import numpy as np

    sub = unique[bucket]
    for k in range(1, len(bucket)):
        lo = max(0, k - MAX_BUCKET_PAIRS)
        scores = (sub[lo:k] == sub[k]).mean(axis=1)
        for j in np.flatnonzero(scores >= THRESHOLD):
            uf.union(int(reps[bucket[lo + j]]), int(reps[bucket[k]]))
