"""The stored form of an article's clean text in the `texts` table: UTF-8, compressed with raw
DEFLATE (zlib, no header or checksum: SQLite keeps the page checksums it needs), one row
per article. Newswire text shrinks to about half; the text is read back whole by `show`, the
fts delete and term rewrite, and only its first part (`limit`) by search's ranking and
snippets, which decompresses no further than it needs.
"""

from __future__ import annotations

import zlib

__all__ = ["pack_text", "unpack_text"]

_LEVEL = 6  # (level 9 saved 0.003% more on Reuters 1x for more time)
_WBITS = -15  # raw DEFLATE


def pack_text(text: str) -> bytes:
    """The stored blob of `text`."""
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS)
    return c.compress(text.encode("utf-8")) + c.flush()


def unpack_text(blob: bytes | str | None, limit: int | None = None) -> str:
    """The text of a stored blob; with `limit`, only its first `limit` characters (what
    `text[:limit]` gives). A str (an uncompressed value) is returned as it is."""
    if blob is None:
        return ""
    if isinstance(blob, str):
        return blob if limit is None else blob[:limit]
    if limit is None:
        return zlib.decompress(blob, _WBITS).decode("utf-8")
    # a character is at most 4 bytes: the first 4 * limit bytes hold the first `limit`
    # characters whole (a character cut at the end is dropped, and lies past them)
    head = zlib.decompressobj(_WBITS).decompress(blob, 4 * limit)
    return head.decode("utf-8", "ignore")[:limit]
