"""Reading Reuters-21578 from ../shared for the benchmarks (never copied into the repo)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578"

_DOC = re.compile(r"<REUTERS([^>]*)NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TOPICS_ATTR = re.compile(r'TOPICS="(\w+)"')
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "DATELINE", "BODY")}


@dataclass
class ReutersDoc:
    newid: int
    file: str
    date: str
    title: str
    dateline: str
    body: str
    topics: tuple[str, ...] = ()  # the <TOPICS> labels, e.g. ("crude", "nat-gas")
    topics_attr: str = ""  # TOPICS="YES" (topics were assigned), "NO" (never), "BYPASS"


_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_D = re.compile(r"<D>(.*?)</D>")


def _field(name: str, text: str) -> str:
    m = _FIELD[name].search(text)
    return html.unescape(m.group(1)).replace("\x03", "").strip("\n") if m else ""


def documents(root: Path = REUTERS) -> Iterator[ReutersDoc]:
    for sgm in sorted(root.glob("reut2-*.sgm")):
        text = sgm.read_bytes().decode("latin-1")
        for m in _DOC.finditer(text):
            inner = m.group(3)
            attr = _TOPICS_ATTR.search(m.group(1))
            yield ReutersDoc(
                newid=int(m.group(2)), file=sgm.stem, date=_field("DATE", inner).strip(),
                title=_field("TITLE", inner).strip(), dateline=_field("DATELINE", inner).strip(),
                body=_field("BODY", inner), topics=_topics(inner),
                topics_attr=attr.group(1) if attr else "",
            )


def _topics(inner: str) -> tuple[str, ...]:
    m = _TOPICS.search(inner)
    return tuple(_D.findall(m.group(1))) if m else ()


def as_text(doc: ReutersDoc) -> str:
    """Title line, blank line, dateline and body (as the search benchmark lays them out)."""
    return f"{doc.title}\n\n    {doc.dateline} {doc.body}\n"


def write_corpus(dest: Path, copies: int = 1) -> int:
    """Every article with a body as one .txt file; `copies` > 1 repeats the set in subfolders."""
    docs = [d for d in documents() if d.body.strip()]
    n = 0
    for c in range(copies):
        for d in docs:
            folder = dest / (f"copy{c}" if copies > 1 else "") / d.file
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{d.newid}.txt").write_text(as_text(d), encoding="utf-8")
            n += 1
    return n
