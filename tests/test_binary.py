"""Binary files are skipped with one warning naming them; text in any encoding is read
(thaw_cli/ingest/sniff.py, corpus.decode)."""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from thaw_cli.core.errors import FileProblem
from thaw_cli.ingest import corpus, sniff

FR = ("Le ministre a signé l'accord commercial à Genève, après des négociations très difficiles. "
      "« C'est une réussite », a-t-il déclaré aux élèves présents.")
DE = "Die Bundesregierung hat am Dienstag über die Größe des Haushalts beraten; außerdem wurden Maßnahmen beschlossen."
CP = ("The minister said \u201cwe\u2019re pleased\u201d \u2013 the deal, worth \u20ac5bn, was signed\u2026 "
      "Caf\u00e9 owners weren\u2019t told.")
RU = ("Министр иностранных дел заявил во вторник, что переговоры о торговом соглашении будут "
      "продолжены на следующей неделе в Москве.")
JA = "東京証券取引所は火曜日、日経平均株価が三日続伸したと発表した。市場関係者は、円安が輸出企業の業績を押し上げたと見ている。"

# (name, text, encoding): text that must come back exactly
TEXTS = [
    ("latin1-fr", FR, "latin-1"),
    ("latin1-de", DE, "latin-1"),
    ("cp1252", CP, "cp1252"),
    ("utf8", FR + " " + RU, "utf-8"),
    ("utf8-bom", DE, "utf-8-sig"),
    ("utf16-le-bom", FR, "utf-16-le"),
    ("utf16-be-bom", RU + " " + JA, "utf-16-be"),
    ("utf32-bom", CP, "utf-32"),
    ("cp1251", RU, "cp1251"),
    ("shift-jis", JA, "shift_jis"),
]


def _encoded(text: str, encoding: str) -> bytes:
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        return b"\xff\xfe" + data
    if encoding == "utf-16-be":
        return b"\xfe\xff" + data
    return data


def _article(text: str, repeat: int = 3) -> str:
    return "A title\n\n" + "\n\n".join([text] * repeat) + "\n"


@pytest.mark.parametrize(("name", "text", "encoding"), TEXTS, ids=[t[0] for t in TEXTS])
def test_text_in_any_encoding_is_read(name: str, text: str, encoding: str) -> None:
    body = _article(text)
    assert corpus.decode(_encoded(body, encoding)) == body


def _random(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _pdf(stream: bool) -> bytes:
    """A small PDF: with a compressed stream, or all ASCII (no NUL, no control character)."""
    head = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n")
    content = b"BT /F1 24 Tf 72 712 Td (Trade accord signed in Geneva) Tj ET"
    if stream:
        data = zlib.compress(content * 20)
        head = head.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        obj = b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream\nendobj\n"
    else:
        obj = b"4 0 obj\n<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream\nendobj\n"
    return head + obj + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
       + zlib.compress(_random(600, 3)))

# (name, bytes): what must be skipped as binary
BINARIES: list[tuple[str, bytes]] = [
    *((f"random-{size}-{seed}", _random(size, seed)) for size in (64, 200, 1000, 8000, 100_000) for seed in range(5)),
    ("random-no-nul-no-controls", bytes(b for b in _random(6000, 9) if b >= 32)[:4000]),
    ("random-high-bytes", bytes(b | 0x80 for b in _random(3000, 11))),
    ("pdf", _pdf(stream=True)),
    ("pdf-ascii-only", _pdf(stream=False)),
    ("pdf-header", _pdf(stream=True)[:200]),
    ("png", PNG),
    ("png-header", PNG[:16]),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + _random(500, 4)),
    ("gif", b"GIF89a\x10\x00\x10\x00\x80\x00\x00" + _random(100, 5)),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + _random(400, 6)),
    ("gzip", b"\x1f\x8b\x08\x00" + _random(400, 7)),
    ("utf16-bom-then-random", b"\xff\xfe" + bytes(b for b in _random(3000, 8) if b not in (0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf))[:2000]),
]


@pytest.mark.parametrize(("name", "data"), BINARIES, ids=[b[0] for b in BINARIES])
def test_binary_data_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(FileProblem, match="binary"):
        corpus.decode(data)


def test_signatures_name_the_format() -> None:
    assert sniff.binary_format(_pdf(stream=False)) == "a PDF document"
    assert sniff.binary_format(PNG) == "a PNG image"
    assert sniff.binary_format(b"RIFF\x24\x00\x00\x00WEBPVP8 ") == "a WebP image"
    assert sniff.binary_format(b"BZh91AY&SY\x12") == "a bzip2 file"
    for text in (b"PDF files are everywhere", b"RIFFS and solos", b"BZh is not a word", b"%PDF without the dash",
                 b"MZ Motors announced", b"GIF images"):
        assert sniff.binary_format(text) is None, text


def test_garbled_is_false_for_text_and_true_for_random_bytes() -> None:
    for _, text, _ in TEXTS:
        assert not sniff.garbled(_article(text))
    assert not sniff.garbled("")
    assert not sniff.garbled("   \n\n  ")
    for seed in range(5):  # bytes read in a code page they are not in: controls, U+FFFD, odd symbols
        noise = _random(4000, seed)
        for encoding in ("latin-1", "cp1252", "ascii", "utf-16-le", "shift_jis"):
            assert sniff.garbled(noise.decode(encoding, errors="replace")), encoding


def test_a_corpus_with_binary_files_lists_the_text_and_warns_once_per_binary_file(
        tmp_path: Path, thaw_bin: Callable[..., object]) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    texts = {}
    for name, text, encoding in TEXTS:
        (root / f"{name}.txt").write_bytes(_encoded(_article(text), encoding))
        texts[name] = "A title"
    binaries = {}
    for i, (name, data) in enumerate(b for b in BINARIES if not b[0].startswith("random-1") or b[0].endswith("-0")):
        file = f"{name}.{'md' if i % 2 else 'txt'}"
        (root / file).write_bytes(data)
        binaries[file] = name
    index = tmp_path / "index.sqlite3"
    r = thaw_bin("--corpus", str(root), "--index", str(index), "list", "--json")
    assert r.returncode == 0, r.stderr
    assert {a["id"]: a["title"] for a in json.loads(r.stdout)} == texts
    warnings = [line for line in r.stderr.splitlines() if line.startswith("thaw: warning:")]
    assert len(warnings) == len(binaries) == len(r.stderr.splitlines()), r.stderr
    for file in binaries:
        (line,) = [w for w in warnings if w.startswith(f"thaw: warning: {file}: ")]
        assert "binary data" in line
    assert any("(a PDF document)" in w for w in warnings)
    assert any("(a PNG image)" in w for w in warnings)
    # the next command does not warn again; a full check (`thaw index`) reports them again, once each
    r = thaw_bin("--corpus", str(root), "--index", str(index), "list", "--json")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = thaw_bin("--corpus", str(root), "--index", str(index), "index")
    assert r.returncode == 0
    assert sorted(line.split(":")[2].strip() for line in r.stderr.splitlines() if "warning" in line) == sorted(binaries)
