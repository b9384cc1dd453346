"""Every view thaw prints: JSON writers and Rich tables/panels. Nothing else prints.

JSON is written with the json module (never through Rich, which wraps long lines). Rich is
imported only by the human views, so `--json` pays nothing for it. Text that comes from
articles is shown through `safe()`: terminal control sequences are made visible, and it is
handed to Rich as Text, never as markup.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from thaw_cli.models import (
    Agreement,
    AgreementGroup,
    Article,
    RefreshReport,
    SearchHit,
    Summary,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

SCHEMA_VERSION = 1

# C0 controls except tab/newline, DEL, C1 controls, and bidirectional formatting characters.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None) -> str:
    """Text from an article made harmless for a terminal: control characters shown escaped."""
    if not text:
        return ""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


# --- JSON -------------------------------------------------------------------------------

def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def write_jsonl(items: Iterable[Any]) -> None:
    out = sys.stdout
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
    out.flush()


def emit(items: list[Any], fmt: str, fields: list[str] | None = None, valid: list[str] | None = None) -> bool:
    """Write list-like output in a machine format (json, jsonl, csv, md; see formats.py), or
    a plain table of the chosen `fields`; False when the command's own table should be shown."""
    from thaw_cli import formats

    if formats.write(items, fmt, fields, valid or []):
        return True
    if fields is not None:
        fields_table(formats.select(items, fields), fields)
        return True
    return False


def fields_table(rows: list[dict[str, Any]], fields: list[str]) -> None:
    """`--fields` in the table format: one column per chosen field."""
    from rich.table import Table

    from thaw_cli.formats import cell

    if not rows:
        note("nothing to show")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for f in fields:
        table.add_column(f, overflow="fold", style="cyan" if f in ("id", "article") else "")
    for row in rows:
        table.add_row(*(_t(cell(row.get(f))) for f in fields))
    console().print(table)


def article_json(a: Article, *, body: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": a.id,
        "title": a.title,
        "kicker": a.kicker,
        "standfirst": a.standfirst,
        "date": a.date,
        "authors": a.authors,
        "source": a.source,
        "section": a.section,
        "url": a.url,
        "language": a.language,
        "tags": a.tags,
        "words": a.words,
        "path": a.path,
        "extra": a.extra,
    }
    if body:
        d["body"] = a.body
    return d


def duplicate_json(group: int, ids: list[str]) -> dict[str, Any]:
    """One group of near-duplicates (`thaw list --duplicates`): the first id is the oldest name."""
    return {"group": group, "size": len(ids), "ids": ids}


def hit_json(h: SearchHit) -> dict[str, Any]:
    return {
        "id": h.id, "title": h.title, "date": h.date, "source": h.source,
        "score": h.score, "snippet": h.snippet, "spans": [list(s) for s in h.spans],
    }


def summary_json(s: Summary) -> dict[str, Any]:
    return {
        "id": s.id, "title": s.title, "date": s.date, "source": s.source,
        "summary": s.summary, "keywords": s.keywords, "method": s.method,
    }


def agreement_json(a: Agreement) -> dict[str, Any]:
    d = {
        "article": a.article, "kind": a.kind, "parties": a.parties, "subject": a.subject,
        "status": a.status, "date": a.date, "evidence": a.evidence,
    }
    if a.roles:
        d["roles"] = a.roles
    return d


def group_json(g: AgreementGroup) -> dict[str, Any]:
    return {
        "kind": g.kind, "parties": g.parties, "subject": g.subject, "status": g.status,
        "date": g.date, "articles": g.articles, "mentions": [asdict(m) for m in g.mentions],
    }


# --- consoles ---------------------------------------------------------------------------

def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    sys.stderr.write(f"thaw: warning: {safe(message)}\n")


def note(message: str) -> None:
    sys.stderr.write(f"thaw: {safe(message)}\n")


def error(message: str) -> None:
    sys.stderr.write(f"thaw: error: {safe(message)}\n")


def report_refresh(report: RefreshReport, *, verbose: bool = False) -> None:
    """Notes and skipped-file warnings of an index refresh, on stderr."""
    for n in report.notes:
        note(n)
    for w in report.warnings:
        warn(f"{w.path}: {w.reason}")
    if verbose:
        kind = "full check" if report.full else "quick check"
        note(
            f"index up to date ({kind}): {report.added} added, {report.changed} changed, "
            f"{report.removed} removed, {report.skipped} skipped, {report.unchanged} unchanged "
            f"in {report.seconds:.2f} s"
        )


@contextmanager
def progress_bar(label: str, *, min_total: int = 0) -> Iterator[Any]:
    """Yields a callback(done, total) that shows a Rich progress bar on stderr when stderr is
    a terminal and there are at least `min_total` files to do; Rich is imported only then."""
    if not sys.stderr.isatty():
        yield None
        return
    import time
    from contextlib import ExitStack

    state: dict[str, Any] = {}
    started = time.perf_counter()

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if total < max(min_total, 1):
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = stack.enter_context(Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("[progress.data.speed]{task.fields[rate]}"),
                TimeRemainingColumn(), console=err_console(), transient=True,
            ))
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total or None, rate="")
        elapsed = max(time.perf_counter() - started, 1e-6)
        state["bar"].update(state["task"], completed=done, total=total or None,
                            rate=f"{done / elapsed:,.0f} files/s")

    with ExitStack() as stack:
        yield update


# --- human views ------------------------------------------------------------------------

def _t(text: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(safe(text), style=style)


def _day(date: str | None) -> str:
    return date[:10] if date else "—"


def list_table(articles: list[Article]) -> None:
    from rich.table import Table

    out = console()
    if not articles:
        note("no articles")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    # Long ids are cut with an ellipsis: any unique prefix of an id works as the id.
    # On narrow terminals the author, then the source column make room for the title.
    wide, medium = out.width >= 110, out.width >= 84
    table.add_column("id", style="cyan", no_wrap=True, overflow="ellipsis", max_width=24 if medium else 14)
    table.add_column("date", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=3, min_width=20)
    if medium:
        table.add_column("source", overflow="fold", ratio=1, max_width=22)
    if wide:
        table.add_column("author", overflow="fold", ratio=1, max_width=20)
    table.add_column("words", justify="right")
    for a in articles:
        cells: list[Any] = [_t(a.id), _day(a.date), _t(a.title or "(untitled)")]
        if medium:
            cells.append(_t(a.source or ""))
        if wide:
            cells.append(_t(", ".join(a.authors)))
        cells.append(f"{a.words:,}")
        table.add_row(*cells)
    out.print(table)


def duplicate_groups(groups: list[list[str]], articles: dict[str, Article]) -> None:
    """Near-duplicate groups: one block per group, each article with its date and title."""
    from rich.table import Table

    if not groups:
        note("no near-duplicates")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False, show_lines=True)
    table.add_column("group", justify="right")
    table.add_column("id", style="cyan", overflow="fold", max_width=40)
    table.add_column("date", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=3)
    for n, ids in enumerate(groups, 1):
        rows = [articles.get(i) for i in ids]
        table.add_row(
            f"{n} ({len(ids)})",
            _t("\n".join(ids)),
            "\n".join(_day(a.date if a else None) for a in rows),
            _t("\n".join((a.title if a and a.title else "(untitled)") for a in rows)),
        )
    console().print(table)


def settings_table(settings: list[Any], path: Any) -> None:
    """`thaw config`: each setting, its effective value and where it comes from."""
    from rich.table import Table

    from thaw_cli.config import DEFAULT_NOTE

    out = console()
    out.print(_t(f"config file: {path}" + ("" if path.exists() else " (none)"), "dim"))
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("setting", style="cyan")
    table.add_column("value", overflow="fold")
    table.add_column("from", overflow="fold")
    for s in settings:
        value = DEFAULT_NOTE.get(s.key, "") if s.value is None else str(s.value)
        table.add_row(s.key, _t(value), _t(s.origin))
    out.print(table)


def show_article(a: Article) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    out = console()
    head = Text()
    if a.kicker:
        head.append_text(_t(a.kicker.upper(), "bold magenta"))
        head.append("\n")
    head.append_text(_t(a.title or "(untitled)", "bold"))
    meta = [x for x in (a.date, ", ".join(a.authors), a.source, a.section) if x]
    if meta:
        head.append("\n")
        head.append_text(_t(" · ".join(meta), "dim"))
    head.append("\n")
    head.append_text(_t(a.id, "cyan"))
    parts: list[Any] = [Panel(head, expand=True)]
    if a.standfirst:
        parts.append(_t(a.standfirst, "bold"))
        parts.append(Text(""))
    for para in a.body.split("\n\n"):
        parts.append(_t(para))
        parts.append(Text(""))
    group = Group(*parts)
    if out.is_terminal:
        lines = len(out.render_lines(group, out.options.update(height=None), pad=False))
        if lines > out.height:
            import os

            os.environ.setdefault("LESS", "-R")  # let less show the colours
            with out.pager(styles=True):
                out.print(group)
            return
    out.print(group)


def search_results(hits: list[SearchHit]) -> None:
    from rich.text import Text

    out = console()
    for h in hits:
        line = Text()
        line.append_text(_t(h.id, "cyan"))
        line.append("  ")
        line.append(_day(h.date), style="dim")
        if h.source:
            line.append("  ")
            line.append_text(_t(h.source, "dim"))
        line.append(f"  {h.score:.2f}", style="dim")
        out.print(line)
        out.print(_t(h.title or "(untitled)", "bold"))
        snippet = _t(h.snippet)
        for start, end in h.spans:
            snippet.stylize("bold yellow reverse", start, end)
        out.print(snippet)
        out.print()


def summaries(items: list[Summary]) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    out = console()
    for s in items:
        body = Text()
        meta = " · ".join(x for x in (_day(s.date), s.source or "") if x)
        body.append_text(_t(meta, "dim"))
        body.append("\n")
        for sentence in s.summary:
            body.append("\n• ")
            body.append_text(_t(sentence))
        parts: list[Any] = [body]
        if s.keywords:
            kw = Text("\n")
            kw.append("keywords: ", style="dim")
            kw.append_text(_t(", ".join(s.keywords), "italic"))
            parts.append(kw)
        title = _t(s.title or s.id, "bold")
        out.print(Panel(Group(*parts), title=title, title_align="left", subtitle=_t(s.id, "cyan"), subtitle_align="right"))


STATUS_STYLE = {"concluded": ("✔", "green"), "planned": ("◷", "yellow"), "ended": ("✘", "red")}
AGREEMENT_WORDS = re.compile(
    r"\b(agree\w*|accords?|pacts?|treat(?:y|ies)|deals?|contracts?|memorand\w+|MoU|"
    r"sign\w*|arrangements?|dialogue|cooperation|standards?|settlements?|merger|acqui\w+|"
    r"joint venture|letter of intent)\b",
    re.IGNORECASE,
)


def _status(status: str) -> Text:
    from rich.text import Text

    symbol, colour = STATUS_STYLE.get(status, ("?", "white"))
    return Text(f"{symbol} {status}", style=colour)


def _evidence(sentences: list[str]) -> Text:
    from rich.text import Text

    text = Text()
    for i, s in enumerate(sentences):
        if i:
            text.append("\n")
        part = _t(f"“{s}”", "italic")
        part.highlight_regex(AGREEMENT_WORDS, "bold yellow")
        text.append_text(part)
    return text


def agreements_table(items: list[Agreement], *, evidence: bool = False) -> None:
    from rich.table import Table

    out = console()
    if not items:
        note("no agreements found")
        return
    table = Table(show_lines=evidence, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("kind")
    table.add_column("parties", overflow="fold", ratio=2)
    table.add_column("subject", overflow="fold", ratio=3)
    table.add_column("date", no_wrap=True)
    table.add_column("article", style="cyan", overflow="fold", max_width=30)
    for a in items:
        subject = _t(a.subject)
        if evidence:
            subject.append("\n")
            subject.append_text(_evidence(a.evidence))
        table.add_row(_status(a.status), a.kind, _t(", ".join(a.parties)), subject, a.date or "—", _t(a.article))
    out.print(table)


def agreement_groups_table(groups: list[AgreementGroup], *, evidence: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not groups:
        note("no agreements found")
        return
    table = Table(show_lines=True, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("kind")
    table.add_column("parties", overflow="fold", ratio=2)
    table.add_column("subject", overflow="fold", ratio=3)
    table.add_column("date", no_wrap=True)
    table.add_column("mentions", overflow="fold", ratio=2)
    for g in groups:
        mentions = Text()
        for i, m in enumerate(g.mentions):
            if i:
                mentions.append("\n")
            mentions.append_text(_status(m.status))
            mentions.append(f" {_day(m.article_date)} ")
            mentions.append_text(_t(m.article, "cyan"))
            if evidence:
                mentions.append("\n")
                mentions.append_text(_evidence(m.evidence))
        table.add_row(_status(g.status), g.kind, _t(", ".join(g.parties)), _t(g.subject), g.date or "—", mentions)
    out.print(table)
