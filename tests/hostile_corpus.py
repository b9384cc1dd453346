"""A corpus folder with every hostile case of issue 6, built fresh in a temporary folder.

`build(root)` writes the files and returns a `Hostile` record saying what thaw must list, skip
(with a warning naming the file) and never do. Shared by tests/test_hostile.py and
tests/test_crash.py; nothing here depends on /work/shared.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from thaw_cli.app.config import DEFAULT_MAX_SIZE

# Terminal attacks: CSI colour and cursor moves, OSC 52 clipboard write, OSC 8 link, BEL,
# backspace and carriage-return overprinting, a C1 CSI, bidi overrides.
ESC_CSI = "\x1b[31;1m"
ESC_CURSOR = "\x1b[2J\x1b[H"
OSC_52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
OSC_8 = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
BEL = "\x07"
OVERPRINT = "safe\x08\x08\x08\x08evil"
CR_OVERPRINT = "visible text\rhidden"
C1_CSI = "\x9b31m"
BIDI = "\u202egnp.exe\u202c"
ATTACKS = (ESC_CSI, ESC_CURSOR, OSC_52, OSC_8, BEL, OVERPRINT, C1_CSI, BIDI)
# Characters that must never reach a terminal from an article in a human view.
FORBIDDEN = ("\x1b", "\x07", "\x08", "\x9b", "\u202e", "\u202c", "\r")

MARKUP_TITLE = "[bold red]Alarm[/bold red] and [link=https://evil.example]click[/link] :warning:"
MARKUP_WORDS = ("[bold red]Alarm[/bold red]", "[link=https://evil.example]click[/link]")

GOOD_BODY = (
    "Japan and China signed a trade agreement on Monday in Tokyo, officials said. "
    "The accord cuts tariffs on zanzibarite minerals and electric vehicles.\n\n"
    "The two governments will meet again next year to review the deal, the ministry said."
)

HOSTILE_BODY = (
    f"Korea and Vietnam signed a zanzibarite agreement {ESC_CSI}on Tuesday{ESC_CURSOR} "
    f"in Hanoi [bold red]now[/bold red], officials said {OSC_52}.\n\n"
    f"The accord covers {OSC_8} shipping and {OVERPRINT} ports {BEL}{C1_CSI} and {BIDI} rail. "
    "The two governments will review the zanzibarite treaty next year, the ministry said."
)


@dataclass
class Hostile:
    root: Path
    outside: Path  # a file outside the corpus that a symbolic link points to
    pwned: Path  # a YAML tag would create this file if it ever ran
    listed: dict[str, str] = field(default_factory=dict)  # id -> title (None-safe text)
    skipped: dict[str, str] = field(default_factory=dict)  # file name -> word in its warning
    noted: dict[str, str] = field(default_factory=dict)  # file name -> word in its note (still listed)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _md(title: str, body: str, date: str = "2021-03-04") -> str:
    return f"---\ntitle: {title}\ndate: {date}\nsource: Hostile Wire\n---\n{body}\n"


def build(root: Path, *, big: bool = True) -> Hostile:
    """Write the hostile corpus below `root` (created); `big` adds the 10 MB and 20 MB files."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    outside = root / "outside-secret.md"
    _write(outside, _md("Outside secret", "This file lives outside the corpus folder."))
    pwned = root / "pwned-marker"
    h = Hostile(corpus, outside, pwned)

    # ordinary articles, so there is something to list, search and summarise
    _write(corpus / "good.md", _md("Trade accord signed", GOOD_BODY))
    h.listed["good"] = "Trade accord signed"
    _write(corpus / "nested" / "deep" / "raw-page.txt",
           "Ports reopen after the storm\n\nBy Ana Lima\n\n" + GOOD_BODY.replace("Monday", "Friday") + "\n")
    h.listed["nested/deep/raw-page"] = "Ports reopen after the storm"

    # encodings
    rng = random.Random(6)
    _write(corpus / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000))
    h.skipped["binary.txt"] = "binary"
    latin = ("Zürich café reopens\n\nThe naïve owner of the Zürich café paid €5,000 for a "
             "“new” façade, the Genève daily said. Customers praised the crème brûlée.\n")
    _write(corpus / "latin1.txt", latin.encode("cp1252"))
    h.listed["latin1"] = "Zürich café reopens"
    _write(corpus / "bom-utf8.md", "\ufeff" + _md("BOM article in UTF-8", "Body after a UTF-8 byte-order mark, Zürich."))
    h.listed["bom-utf8"] = "BOM article in UTF-8"
    _write(corpus / "bom-utf16.md", _md("BOM article in UTF-16", "Body in UTF-16 with its BOM, Zürich.").encode("utf-16"))
    h.listed["bom-utf16"] = "BOM article in UTF-16"
    _write(corpus / "bom-utf16be.txt",
           b"\xfe\xff" + "UTF-16 big-endian page\n\nA short page in big-endian UTF-16 about Zürich.\n".encode("utf-16-be"))
    h.listed["bom-utf16be"] = "UTF-16 big-endian page"
    _write(corpus / "empty.txt", b"")
    h.skipped["empty.txt"] = "empty"
    _write(corpus / "blank.md", " \n\t\n   \r\n")
    h.skipped["blank.md"] = "empty"
    if big:
        line = ("Lorem ipsum zanzibarite dolor sit amet, consectetur adipiscing elit "
                "sed do eiusmod tempor. ")
        data = (line * (10 * 1024 * 1024 // len(line) + 1)).encode()[: 10 * 1024 * 1024]
        _write(corpus / "one-line-10mb.txt", data)
        h.listed["one-line-10mb"] = ""
        with open(corpus / "over-limit.txt", "wb") as fh:  # sparse: costs no disk, 20 MB + 1 byte
            fh.truncate(DEFAULT_MAX_SIZE + 1)
        h.skipped["over-limit.txt"] = "size limit"

    # front matter
    _write(corpus / "fm-malformed.md", "---\ntitle: [unclosed\ndate: 2020-01-01\n---\nMalformed front matter body.\n")
    h.noted["fm-malformed.md"] = "malformed front matter"
    h.listed["fm-malformed"] = ""
    _write(corpus / "fm-list.md", "---\n- a\n- b\n---\nFront matter that is a list.\n")
    h.noted["fm-list.md"] = "not a mapping"
    h.listed["fm-list"] = ""
    _write(corpus / "fm-scalar.md", "---\njust a sentence\n---\nFront matter that is a scalar.\n")
    h.noted["fm-scalar.md"] = "not a mapping"
    h.listed["fm-scalar"] = ""
    _write(corpus / "fm-types.md",
           "---\ntitle: 123\ndate: yesterday\nauthor: {a: b}\ntags: {x: 1}\n---\nWrong types body.\n")
    h.noted["fm-types.md"] = "'date' is not a date"
    h.listed["fm-types"] = "123"
    _write(corpus / "fm-unterminated.md", "---\ntitle: Never closed\n\nThe body follows an unterminated block.\n")
    h.noted["fm-unterminated.md"] = "no closing"
    h.listed["fm-unterminated"] = ""
    _write(corpus / "fm-python-tag.md",
           f"---\ntitle: !!python/object/apply:os.system [\"touch '{pwned}'\"]\n---\nA YAML tag tries to run a command.\n")
    h.noted["fm-python-tag.md"] = "malformed front matter"
    h.listed["fm-python-tag"] = ""
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        bomb.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    _write(corpus / "fm-bomb.md", "---\n" + "\n".join(bomb) + "\ntitle: Laughs\n---\nBillion laughs body.\n")
    h.noted["fm-bomb.md"] = "too many"
    h.listed["fm-bomb"] = ""

    # the file system
    os.mkfifo(corpus / "fifo.txt")
    h.skipped["fifo.txt"] = "not a regular file"
    _write(corpus / "folder.md" / "inside-folder.md", _md("Inside a folder named like a file", "Folder body text."))
    h.listed["folder.md/inside-folder"] = "Inside a folder named like a file"
    os.symlink("loop.md", corpus / "loop.md")
    h.skipped["loop.md"] = "loop"
    (corpus / "loopdir").mkdir()
    os.symlink("..", corpus / "loopdir" / "up")
    os.symlink(outside, corpus / "outside.md")
    h.skipped["outside.md"] = "outside the corpus"
    os.symlink("good.md", corpus / "inside-link.md")
    h.listed["inside-link"] = "Trade accord signed"
    noperm = corpus / "no-permission.md"
    _write(noperm, _md("Unreadable", "Nobody may read this."))
    noperm.chmod(0)
    if os.geteuid() != 0:  # root reads it anyway
        h.skipped["no-permission.md"] = "permission"
    else:
        h.listed["no-permission"] = "Unreadable"
    _write(corpus / "name with spaces.md", _md("Spaces in the name", "Body of the spaced file."))
    h.listed["name with spaces"] = "Spaces in the name"
    _write(corpus / "café ü 日本.md", _md("Non-ASCII name", "Body of the non-ASCII file."))
    h.listed["café ü 日本"] = "Non-ASCII name"
    _write(corpus / "new\nline.md", _md("Newline name", "Body of the newline file."))
    h.listed["new\nline"] = "Newline name"
    _write(corpus / "twin.md", _md("Twin in Markdown", "Markdown twin body."))
    _write(corpus / "twin.txt", "Twin in text\n\nText twin body, a plain page.\n")
    h.listed["twin.md"] = "Twin in Markdown"
    h.listed["twin.txt"] = "Twin in text"
    bad_name = os.fsencode(corpus) + b"/bad-\xff-name.md"
    with open(bad_name, "wb") as fh:
        fh.write(_md("Bad bytes", "Body.").encode())
    h.skipped["bad-"] = "not valid UTF-8"

    # hostile text
    _write(corpus / "escapes.md", _md(json.dumps(f"Escapes {ESC_CSI}red{BIDI} title"), HOSTILE_BODY))
    h.listed["escapes"] = f"Escapes {ESC_CSI}red{BIDI} title"
    _write(corpus / "markup.md", _md(json.dumps(MARKUP_TITLE), HOSTILE_BODY.replace("Korea", "Chile")))
    h.listed["markup"] = MARKUP_TITLE
    _write(corpus / "escapes-raw.txt",
           f"Raw {ESC_CSI}page{OSC_52} [bold]title[/bold]\n\n{HOSTILE_BODY.replace('Korea', 'Peru')}\n")
    h.listed["escapes-raw"] = ""
    return h
