"""Is it text? Binary files are told apart the way grep, ripgrep, git and file(1) do.

`corpus.decode` asks, in this order:

1. `binary_format`: does the file start with the signature ("magic number") of a binary
   format (PDF, PNG, JPEG, GIF, ZIP and Office files, gzip, ELF...)? Some, like `%PDF-`, are
   plain ASCII, so a small PDF with no binary stream would pass every other test.
2. `binary_head`: is there a NUL byte in the first block (what git, grep and ripgrep look
   for), or are more than `CONTROL_SHARE` of its bytes control characters that text does not
   hold (everything below 32 but tab, newline, form feed, carriage return and escape)?
   (Text with a byte-order mark is decoded by it before this: UTF-16 and UTF-32 hold NULs.)
3. UTF-8 that decodes is text. Otherwise charset-normalizer guesses the encoding; no guess
   is binary. A guess is a guess even for random bytes (a short one always finds some
   encoding), so the decoded text must then look like text: `garbled` counts the characters
   that text does not consist of (replacement characters, controls, private-use, unassigned
   and surrogate code points, and the symbols a wrong single-byte code page turns bytes into),
   which the decoding of real text in the right or a near-enough code page keeps rare.

Nothing here reads files or imports anything heavy; `corpus.decode` does the reading.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CONTROL_SHARE", "GARBLED_SHARE", "binary_format", "binary_head", "garbled"]

CONTROL_SHARE = 0.1
GARBLED_SHARE = 0.15  # of the decoded characters (real text in a wrong Western code page: < 5%)
HEAD = 8192  # the first block, as git and grep read it

# (signature, name, (offset, bytes) also required or None): formats a corpus folder may catch
# by mistake (saved documents, images, archives, programs). Each signature has a byte that text
# does not start with, or is a string that only that format begins with (`%PDF-`); most of
# these files also have NULs in their first block, but the name makes a better warning.
_SIGNATURES: tuple[tuple[bytes, str, tuple[int, bytes] | None], ...] = (
    (b"%PDF-", "a PDF document", None),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", None),
    (b"\xff\xd8\xff", "a JPEG image", None),
    (b"GIF87a", "a GIF image", None),
    (b"GIF89a", "a GIF image", None),
    (b"II*\x00", "a TIFF image", None),
    (b"MM\x00*", "a TIFF image", None),
    (b"RIFF", "a WebP image", (8, b"WEBP")),
    (b"RIFF", "a WAV file", (8, b"WAVE")),
    (b"RIFF", "an AVI file", (8, b"AVI ")),
    (b"OggS\x00", "an Ogg file", None),
    (b"fLaC\x00", "a FLAC file", None),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM file", None),
    (b"PK\x03\x04", "a ZIP archive (or an Office or EPUB document)", None),
    (b"PK\x05\x06", "a ZIP archive", None),
    (b"\x1f\x8b", "a gzip file", None),
    (b"BZh", "a bzip2 file", (4, b"1AY&SY")),
    (b"\xfd7zXZ\x00", "an xz file", None),
    (b"(\xb5/\xfd", "a zstd file", None),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", None),
    (b"Rar!\x1a\x07", "a RAR archive", None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document", None),
    (b"\x7fELF", "an executable", None),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file", None),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable", None),
    (b"\x00asm", "a WebAssembly module", None),
    (b"SQLite format 3\x00", "an SQLite database", None),
)
_BY_FIRST_BYTE: dict[int, list[tuple[bytes, str, tuple[int, bytes] | None]]] = {}
for _sig in _SIGNATURES:
    _BY_FIRST_BYTE.setdefault(_sig[0][0], []).append(_sig)

# Every byte but the control characters that do not occur in text (tab, newline, form feed,
# carriage return and escape do): deleting these leaves the controls to count.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))
_SPACES = " \t\n\x0b\x0c\r\xa0\u2028\u2029"
_NOT_PRINTABLE_ASCII = re.compile(f"[^\\x21-\\x7e{_SPACES}]")
# Characters in text besides letters, marks, digits and spaces: punctuation and the symbols
# that articles use.
_TEXT_SYMBOLS = frozenset("€£¥¢°±×÷§©®™•·¶\x1b")


def binary_format(head: bytes) -> str | None:
    """The name of the binary format whose signature `head` starts with, if any."""
    if not head:
        return None
    for signature, name, also in _BY_FIRST_BYTE.get(head[0], ()):
        if head.startswith(signature) and (also is None or head.startswith(also[1], also[0])):
            return name
    if head.startswith(b"ftyp", 4):
        return "an MP4/QuickTime/HEIF file"
    return None


def binary_head(head: bytes) -> bool:
    """A NUL byte, or more than `CONTROL_SHARE` control characters, in the first block."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls / len(head) > CONTROL_SHARE


def garbled(text: str, sample: int = HEAD) -> bool:
    """Whether text decoded by a guessed encoding is not text: more than `GARBLED_SHARE` of
    the first `sample` characters that are not spaces are ones text does not consist of
    (module docstring)."""
    chunk = text[:sample]
    seen = len(chunk) - sum(chunk.count(c) for c in _SPACES)
    if seen <= 0:
        return False
    category = unicodedata.category
    odd = 0
    for ch in _NOT_PRINTABLE_ASCII.findall(chunk):
        cat = category(ch)
        if not (cat[0] in "LMNP" or cat in ("Zs", "Cf") or ch in _TEXT_SYMBOLS):
            odd += 1  # a replacement character, control, private-use, unassigned or surrogate code point, other symbols
    return odd / seen > GARBLED_SHARE
