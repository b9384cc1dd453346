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

# (offset, signature, name): formats a corpus folder may catch by mistake (saved documents,
# images, archives, programs). Each signature has a byte that text does not start with, or is
# a string that only that format begins with (`%PDF-`); most of these files also have NULs in
# their first block, but the name makes a better warning.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (8, b"WEBP", "a WebP image"),
    (8, b"WAVE", "a WAV file"),
    (8, b"AVI ", "an AVI file"),
    (4, b"ftyp", "an MP4/QuickTime/HEIF file"),
    (0, b"OggS\x00", "an Ogg file"),
    (0, b"fLaC\x00", "a FLAC file"),
    (0, b"\x1aE\xdf\xa3", "a Matroska/WebM file"),
    (0, b"PK\x03\x04", "a ZIP archive (or an Office or EPUB document)"),
    (0, b"PK\x05\x06", "a ZIP archive"),
    (0, b"\x1f\x8b", "a gzip file"),
    (4, b"1AY&SY", "a bzip2 file"),
    (0, b"\xfd7zXZ\x00", "an xz file"),
    (0, b"(\xb5/\xfd", "a zstd file"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (0, b"\x7fELF", "an executable"),
    (0, b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (0, b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (0, b"\x00asm", "a WebAssembly module"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
)
_RIFF = (b"WEBP", b"WAVE", b"AVI ")  # at offset 8, after b"RIFF" and a size

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
    for offset, signature, name in _SIGNATURES:
        if head.startswith(signature, offset):
            if signature in _RIFF and not head.startswith(b"RIFF"):
                continue
            if offset == 4 and signature == b"1AY&SY" and not head.startswith(b"BZh"):
                continue
            return name
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
