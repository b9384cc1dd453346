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

from thaw_cli.core.dates import period
from thaw_cli.core.models import (
    Agreement,
    AgreementGroup,
    Article,
    Digest,
    Entity,
    RefreshReport,
    SearchHit,
    Story,
    Summary,
    TimelineEvent,
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
    from thaw_cli.output import formats

    if formats.write(items, fmt, fields, valid or []):
        return True
    if fields is not None:
        fields_table(formats.select(items, fields), fields)
        return True
    return False


def fields_table(rows: list[dict[str, Any]], fields: list[str]) -> None:
    """`--fields` in the table format: one column per chosen field."""
    from rich.table import Table

    from thaw_cli.output.formats import cell

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
    sys.stderr.write(f"thaw: warning: {one_line(message)}\n")


def note(message: str) -> None:
    sys.stderr.write(f"thaw: {one_line(message)}\n")


def error(message: str) -> None:
    sys.stderr.write(f"thaw: error: {one_line(message)}\n")


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


def one_line(text: str | None) -> str:
    """`safe()` for fields that must stay on one line (ids, titles, file names): newlines and
    tabs are shown escaped too, so a file named `a\nb.md` cannot fake a second line."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")


def _line(text: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(one_line(text), style=style)


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
        cells: list[Any] = [_line(a.id), _day(a.date), _line(a.title or "(untitled)")]
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


def settings_table(settings: list[Any], path: Any, default_note: dict[str, str]) -> None:
    """`thaw config`: each setting, its effective value (`default_note` for a default of None)
    and where it comes from."""
    from rich.table import Table

    out = console()
    out.print(_t(f"config file: {path}" + ("" if path.exists() else " (none)"), "dim"))
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("setting", style="cyan")
    table.add_column("value", overflow="fold")
    table.add_column("from", overflow="fold")
    for s in settings:
        value = default_note.get(s.key, "") if s.value is None else str(s.value)
        table.add_row(s.key, _t(value), _t(s.origin))
    out.print(table)


LONG_BODY = 500_000  # characters; longer bodies are not wrapped by Rich (see show_article)


def show_article(a: Article) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    out = console()
    head = Text()
    if a.kicker:
        head.append_text(_t(a.kicker.upper(), "bold magenta"))
        head.append("\n")
    head.append_text(_line(a.title or "(untitled)", "bold"))
    meta = [x for x in (a.date, ", ".join(a.authors), a.source, a.section) if x]
    if meta:
        head.append("\n")
        head.append_text(_t(" · ".join(meta), "dim"))
    head.append("\n")
    head.append_text(_line(a.id, "cyan"))
    parts: list[Any] = [Panel(head, expand=True)]
    if a.standfirst:
        parts.append(_t(a.standfirst, "bold"))
        parts.append(Text(""))
    for para in a.body.split("\n\n"):
        parts.append(_t(para))
        parts.append(Text(""))
    group = Group(*parts)
    if len(a.body) > LONG_BODY:
        # Rich's word wrapping grows faster than linearly: a 10 MB page would take minutes.
        # Such a page is printed as is and the terminal wraps it.
        out.print(parts[0])
        for part in parts[1:]:
            out.print(part, soft_wrap=True)
        return
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
        line.append_text(_line(h.id, "cyan"))
        line.append("  ")
        line.append(_day(h.date), style="dim")
        if h.source:
            line.append("  ")
            line.append_text(_t(h.source, "dim"))
        line.append(f"  {h.score:.2f}", style="dim")
        out.print(line)
        out.print(_line(h.title or "(untitled)", "bold"))
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
        title = _line(s.title or s.id, "bold")
        out.print(Panel(Group(*parts), title=title, title_align="left", subtitle=_line(s.id, "cyan"), subtitle_align="right"))


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


def _agreement_table(*, show_lines: bool) -> Any:
    """The columns every agreement table starts with: status, kind, parties, subject, date."""
    from rich.table import Table

    table = Table(show_lines=show_lines, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("kind")
    table.add_column("parties", overflow="fold", ratio=2)
    table.add_column("subject", overflow="fold", ratio=3)
    table.add_column("date", no_wrap=True)
    return table


def agreements_table(items: list[Agreement], *, evidence: bool = False) -> None:

    out = console()
    if not items:
        note("no agreements found")
        return
    table = _agreement_table(show_lines=evidence)
    table.add_column("article", style="cyan", overflow="fold", max_width=30)
    for a in items:
        subject = _t(a.subject)
        if evidence:
            subject.append("\n")
            subject.append_text(_evidence(a.evidence))
        table.add_row(_status(a.status), _t(a.kind), _t(", ".join(a.parties)), subject, _t(a.date or "—"), _line(a.article))
    out.print(table)


def agreement_groups_table(groups: list[AgreementGroup], *, evidence: bool = False) -> None:
    from rich.text import Text

    out = console()
    if not groups:
        note("no agreements found")
        return
    table = _agreement_table(show_lines=True)
    table.add_column("mentions", overflow="fold", ratio=2)
    for g in groups:
        mentions = Text()
        for i, m in enumerate(g.mentions):
            if i:
                mentions.append("\n")
            mentions.append_text(_status(m.status))
            mentions.append(f" {_day(m.article_date)} ")
            mentions.append_text(_line(m.article, "cyan"))
            if evidence:
                mentions.append("\n")
                mentions.append_text(_evidence(m.evidence))
        table.add_row(_status(g.status), _t(g.kind), _t(", ".join(g.parties)), _t(g.subject), _t(g.date or "—"), mentions)
    out.print(table)


# --- the digest views: stories, entities, timeline, digest ------------------------------
# JSON writers, Rich views, and the digest as Markdown and as one self-contained HTML page.

def story_json(s: Story) -> dict[str, Any]:
    return {"story": s.story, "title": s.title, "start": s.start, "end": s.end, "articles": s.articles}


def entity_json(e: Entity) -> dict[str, Any]:
    return {"name": e.name, "kind": e.kind, "aliases": e.aliases, "articles": e.articles, "mentions": e.mentions}


def event_json(e: TimelineEvent) -> dict[str, Any]:
    return {"date": e.date, "precision": e.precision, "kind": e.kind, "what": e.what,
            "article": e.article, "evidence": e.evidence}


def digest_json(d: Digest) -> dict[str, Any]:
    return {
        "articles": d.articles, "start": d.start, "end": d.end,
        "filters": {"since": d.since, "until": d.until, "source": d.source, "query": d.query},
        "stories": [
            {**story_json(s.story), "summary": s.summary,
             "agreements": [group_json(g) for g in s.agreements],
             "people": [entity_json(e) for e in s.people],
             "organisations": [entity_json(e) for e in s.organisations],
             "places": [entity_json(e) for e in s.places],
             "timeline": [event_json(e) for e in s.timeline]}
            for s in d.stories
        ],
        "more_stories": d.more_stories,
        "agreements": [group_json(g) for g in d.agreements],
    }


def _span(start: str | None, end: str | None) -> str:
    a, b = _day(start), _day(end)
    if not start and not end:
        return "undated"
    return a if a == b else f"{a} – {b}"


def stories_table(stories: list[Story]) -> None:
    from rich.table import Table

    out = console()
    if not stories:
        note("no stories")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("story", style="cyan", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("title", overflow="fold", ratio=3)
    table.add_column("articles", overflow="fold", ratio=2, style="dim")
    for s in stories:
        table.add_row(s.story, _span(s.start, s.end), str(len(s.articles)), _t(s.title or "(untitled)", "bold"),
                      _t("\n".join(s.articles)))
    out.print(table)


KIND_STYLE = {"person": "bold green", "org": "bold blue", "place": "bold magenta"}


def entities_table(entities: list[Entity]) -> None:
    from rich.table import Table

    out = console()
    if not entities:
        note("no entities")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("name", overflow="fold", ratio=2)
    table.add_column("kind", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    table.add_column("also named", overflow="fold", ratio=3, style="dim")
    for e in entities:
        table.add_row(_t(e.name, KIND_STYLE.get(e.kind, "")), e.kind, str(len(e.articles)), str(e.mentions),
                      _t(", ".join(a for a in e.aliases if a != e.name)))
    out.print(table)


EVENT_SYMBOL = {"meeting": "◆", "visit": "✈", "agreement": "✔", "announcement": "✎", "event": "•"}


def _buckets(dates: list[str]) -> tuple[str, list[str]]:
    """'week' or 'month', and the bucket labels from the first to the last date."""
    import datetime as dt

    days = sorted(dt.date.fromisoformat(period(d)[0]) for d in dates)
    first, last = days[0], days[-1]
    if (last - first).days <= 12 * 7:
        start = first - dt.timedelta(days=first.weekday())
        labels = []
        while start <= last:
            labels.append(start.isoformat())
            start += dt.timedelta(days=7)
        return "week", labels
    labels = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        labels.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return "month", labels


def _bucket_of(date: str, unit: str) -> str:
    import datetime as dt

    day = dt.date.fromisoformat(period(date)[0])
    if unit == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()[:7]


def timeline_chart(events: list[TimelineEvent], article_dates: list[str]) -> Any:
    """A compact chart: events (and articles) per week or month, one line per period."""
    from rich.table import Table
    from rich.text import Text

    dated = [e.date for e in events if len(e.date) >= 7] + [d for d in article_dates if d]
    if not dated:
        return Text("")
    unit, labels = _buckets(dated)
    if len(labels) > 60:
        unit, labels = "month", _buckets([d[:7] for d in dated])[1] if unit == "week" else labels[-60:]
    ev = {lab: 0 for lab in labels}
    ar = {lab: 0 for lab in labels}
    for e in events:
        if len(e.date) >= 7 or unit == "month" and len(e.date) >= 7:
            b = _bucket_of(e.date, unit)
            if b in ev:
                ev[b] += 1
    for d in article_dates:
        if d:
            b = _bucket_of(d, unit)
            if b in ar:
                ar[b] += 1
    top = max([*ev.values(), *ar.values(), 1])
    width = 30
    table = Table(show_edge=False, show_header=True, header_style="bold", pad_edge=False, box=None)
    table.add_column(unit, no_wrap=True, style="dim")
    table.add_column("events ■  articles □" if article_dates else "events ■", no_wrap=True)
    for lab in labels:
        bar = Text()
        bar.append("■" * max(ev[lab] * width // top, 1 if ev[lab] else 0), style="yellow")
        bar.append(f" {ev[lab]}" if ev[lab] else "", style="yellow")
        if ar[lab]:
            bar.append("  " + "□" * max(ar[lab] * width // top, 1) + f" {ar[lab]}", style="cyan")
        table.add_row(lab if unit == "month" else f"w/o {lab}", bar)
    return table


def _event_lines(events: list[TimelineEvent], *, article: bool = True) -> Any:
    from rich.table import Table

    table = Table(show_edge=False, show_header=False, pad_edge=False, box=None)
    table.add_column("date", no_wrap=True, style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("what", overflow="fold", ratio=3)
    if article:
        table.add_column("article", style="cyan dim", overflow="ellipsis", max_width=28, no_wrap=True)
    for e in events:
        row: list[Any] = [e.date, EVENT_SYMBOL.get(e.kind, "•"), _t(e.what)]
        if article:
            row.append(_t(e.article))
        table.add_row(*row)
    return table


def timeline_view(events: list[TimelineEvent], article_dates: list[str]) -> None:
    out = console()
    if not events:
        note("no dated events")
        return
    out.print(timeline_chart(events, article_dates))
    out.print()
    out.print(_event_lines(events))


def _names(entities: list[Entity]) -> str:
    return ", ".join(e.name + (f" ({len(e.articles)})" if len(e.articles) > 1 else "") for e in entities)


def _group_line(g: AgreementGroup) -> Text:
    from rich.text import Text

    line = Text()
    line.append_text(_status(g.status))
    line.append("  ")
    line.append_text(_t(", ".join(g.parties), "bold"))
    line.append(": ")
    line.append_text(_t(g.subject))
    line.append(f"  ({g.kind}{', ' + g.date if g.date else ''})", style="dim")
    return line


def digest_view(d: Digest) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.rule import Rule
    from rich.text import Text

    out = console()
    head = Text("Digest", style="bold")
    head.append(f" · {d.articles:,} article{'s' if d.articles != 1 else ''} · {_span(d.start, d.end)}", style="dim")
    filters = [f"{k} {v}" for k, v in (("since", d.since), ("until", d.until), ("source", d.source), ("query", d.query)) if v]
    if filters:
        head.append(" · " + ", ".join(filters), style="dim")
    out.print(head)
    all_events = [e for s in d.stories for e in s.timeline]
    if all_events:
        out.print(timeline_chart(all_events, []))
    for n, s in enumerate(d.stories, 1):
        parts: list[Any] = []
        meta = Text(f"{_span(s.story.start, s.story.end)} · {len(s.story.articles)} article"
                    f"{'s' if len(s.story.articles) != 1 else ''} · ", style="dim")
        meta.append(s.story.story, style="cyan")
        parts.append(meta)
        if s.summary:
            body = Text()
            for sentence in s.summary:
                body.append("\n• ")
                body.append_text(_t(sentence))
            parts.append(body)
        if s.agreements:
            parts.append(Text("\nAgreements", style="bold underline"))
            parts.extend(_group_line(g) for g in s.agreements)
        who = Text()
        for label, ents, style in (("People", s.people, "green"), ("Organisations", s.organisations, "blue"),
                                   ("Places", s.places, "magenta")):
            if ents:
                who.append(f"\n{label}: ", style=f"bold {style}")
                who.append_text(_t(_names(ents)))
        if who:
            parts.append(who)
        if s.timeline:
            parts.append(Text("\nTimeline", style="bold underline"))
            parts.append(_event_lines(s.timeline, article=len(s.story.articles) > 1))
        out.print(Panel(Group(*parts), title=_t(f"{n}. {s.story.title or '(untitled)'}", "bold"),
                        title_align="left", expand=True))
    if d.more_stories:
        note(f"{d.more_stories:,} more stories (use --limit 0 to show all)")
    if d.agreements:
        from rich.table import Table

        out.print(Rule("Agreements by status", align="left"))
        table = Table(show_edge=False, header_style="bold", pad_edge=False)
        table.add_column("status", no_wrap=True)
        table.add_column("kind")
        table.add_column("parties", overflow="fold", ratio=2)
        table.add_column("subject", overflow="fold", ratio=3)
        table.add_column("date", no_wrap=True)
        table.add_column("n", justify="right")
        for g in d.agreements:
            table.add_row(_status(g.status), g.kind, _t(", ".join(g.parties)), _t(g.subject), g.date or "—",
                          str(len(g.articles)))
        out.print(table)


# --- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: str | None) -> str:
    """Article text made inert in Markdown (no emphasis, links, tables or HTML from it)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(safe(text).split()))


STATUS_MARK = {"concluded": "✔ concluded", "planned": "◷ planned", "ended": "✘ ended"}


def _md_group(g: AgreementGroup) -> str:
    date = f", {g.date}" if g.date else ""
    return f"{STATUS_MARK.get(g.status, g.status)} — **{md(', '.join(g.parties))}**: {md(g.subject)} ({g.kind}{date})"


def digest_markdown(d: Digest) -> str:
    lines = [f"# Digest: {d.articles:,} article{'s' if d.articles != 1 else ''}, {_span(d.start, d.end)}", ""]
    filters = [f"{k} `{md(v)}`" for k, v in (("since", d.since), ("until", d.until), ("source", d.source), ("query", d.query)) if v]
    if filters:
        lines += ["Filters: " + ", ".join(filters), ""]
    for n, s in enumerate(d.stories, 1):
        st = s.story
        lines += [f"## {n}. {md(st.title or '(untitled)')}", "",
                  f"*{_span(st.start, st.end)} · {len(st.articles)} article{'s' if len(st.articles) != 1 else ''} · story `{st.story}`*", ""]
        lines += [f"- {md(x)}" for x in s.summary]
        if s.summary:
            lines.append("")
        if s.agreements:
            lines += ["**Agreements**", ""] + [f"- {_md_group(g)}" for g in s.agreements] + [""]
        for label, ents in (("People", s.people), ("Organisations", s.organisations), ("Places", s.places)):
            if ents:
                lines.append(f"**{label}:** {md(_names(ents))}  ")
        if s.people or s.organisations or s.places:
            lines.append("")
        if s.timeline:
            lines += ["**Timeline**", "", "| date | event | article |", "| --- | --- | --- |"]
            lines += [f"| {e.date} | {EVENT_SYMBOL.get(e.kind, '•')} {md(e.what)} | `{md(e.article)}` |" for e in s.timeline]
            lines.append("")
        lines.append("Articles: " + ", ".join(f"`{md(a)}`" for a in st.articles))
        lines.append("")
    if d.more_stories:
        lines += [f"*{d.more_stories:,} more stories not shown.*", ""]
    if d.agreements:
        lines += ["## Agreements by status", ""]
        for status in ("concluded", "planned", "ended"):
            rows = [g for g in d.agreements if g.status == status]
            if not rows:
                continue
            lines += [f"### {STATUS_MARK[status]} ({len(rows)})", "", "| parties | subject | kind | date | articles |",
                      "| --- | --- | --- | --- | --- |"]
            lines += [f"| {md(', '.join(g.parties))} | {md(g.subject)} | {g.kind} | {g.date or '—'} | {len(g.articles)} |"
                      for g in rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- HTML -------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark;--fg:#1d2430;--muted:#5b6576;--bg:#fbfbf8;--card:#fff;--line:#e2e2dc;
--acc:#b4432e;--ok:#2f7d32;--plan:#a36b00;--end:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e1;--muted:#a3a9b3;--bg:#15171b;--card:#1e2127;--line:#343840}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Georgia,serif}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 .2rem}h2{font-size:1.2rem;margin:0 0 .3rem;line-height:1.3}
h3{font-size:1rem;margin:1rem 0 .3rem}.meta{color:var(--muted);font-size:.85rem}
article{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem;margin:1rem 0}
ul{padding-left:1.2rem;margin:.4rem 0}li{margin:.25rem 0}
.tag{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.8rem;font-weight:600;white-space:nowrap}
.concluded{color:var(--ok)}.planned{color:var(--plan)}.ended{color:var(--end)}
.who b{font-weight:600}.who{font-size:.92rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%;font-size:.88rem}td,th{text-align:left;vertical-align:top;
padding:.3rem .35rem;border-bottom:1px solid var(--line)}th{color:var(--muted);font-weight:600}
td.date{white-space:nowrap;font-variant-numeric:tabular-nums}
svg{width:100%;height:auto;display:block;margin:.4rem 0}svg text{fill:var(--muted);font:11px sans-serif}
code{font-size:.8rem;color:var(--muted);word-break:break-all}
.scroll{overflow-x:auto}
ol.arts{padding-left:1.6rem;margin:.2rem 0}
"""


def _ordinal(date: str) -> int:
    import datetime as dt

    first, last = period(date)
    a, b = dt.date.fromisoformat(first).toordinal(), dt.date.fromisoformat(last).toordinal()
    return (a + b) // 2


def _segments(xs: list[int], max_segments: int = 3) -> list[tuple[int, int]]:
    """The date axis as up to `max_segments` ranges of day ordinals: a gap of more than a
    quarter of the whole span (and over 90 days) breaks the axis, so one event decades away
    does not squeeze all the others into a corner."""
    days = sorted(set(xs))
    span = days[-1] - days[0]
    gaps = sorted(((b - a, i) for i, (a, b) in enumerate(zip(days, days[1:], strict=False))
                   if b - a > max(90, span / 4)), reverse=True)[:max_segments - 1]
    cuts = sorted(i for _, i in gaps)
    out, start = [], 0
    for i in cuts + [len(days) - 1]:
        lo, hi = days[start], days[i]
        if hi - lo < 14:
            lo, hi = lo - 7, hi + 7
        out.append((lo, hi))
        start = i + 1
    return out


def _ticks(lo: int, hi: int) -> tuple[list[Any], bool]:
    """First days of the months (spans under ~3 years) or years inside [lo, hi]."""
    import datetime as dt

    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
    monthly = (hi - lo) < 3 * 366
    y, m = first.year, (first.month if monthly else 1)
    ticks = []
    while True:
        d = dt.date(y, m, 1)
        if d > last:
            break
        if d >= first:
            ticks.append(d)
        y, m = (y + 1, 1) if (not monthly or m == 12) else (y, m + 1)
    if not ticks:  # a short span inside one month or year: label its middle
        ticks = [dt.date.fromordinal((lo + hi) // 2)]
    return ticks, monthly


def timeline_svg(events: list[TimelineEvent], *, width: int = 640) -> str:
    """An inline SVG: the events on a date axis, one lane per precision, month or year ticks;
    the axis is broken (a ≈ mark) across long empty stretches."""
    from html import escape

    dated = [e for e in events if e.date]
    if not dated:
        return ""
    xs = [_ordinal(e.date) for e in dated]
    segments = _segments(xs)
    pad, lane, gap = 20, 22, 18
    height = 40 + lane * 3
    inner = width - 2 * pad - gap * (len(segments) - 1)
    floor = inner * 0.12  # the narrowest a segment gets
    total = sum(hi - lo for lo, hi in segments)
    widths = [floor + (inner - floor * len(segments)) * (hi - lo) / total for lo, hi in segments]
    axis_y = height - 24
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="timeline of {len(dated)} events" '
             f'xmlns="http://www.w3.org/2000/svg">']
    places: list[tuple[int, int, float, float]] = []  # (lo, hi, x0, scale) per segment
    x0 = float(pad)
    for n, ((lo, hi), w) in enumerate(zip(segments, widths, strict=True)):
        scale = w / (hi - lo)
        places.append((lo, hi, x0, scale))
        parts.append(f'<line x1="{x0:.1f}" y1="{axis_y}" x2="{x0 + w:.1f}" y2="{axis_y}" stroke="currentColor" stroke-opacity=".35"/>')
        if n:
            parts.append(f'<text x="{x0 - gap / 2:.1f}" y="{axis_y + 4}" text-anchor="middle">≈</text>')
        ticks, monthly = _ticks(lo, hi)
        if all(e.precision == "year" for e, day in zip(dated, xs, strict=True) if lo <= day <= hi):
            monthly = False  # a year known only as a year: label it so, not by its middle month
            ticks = ticks if len({d.year for d in ticks}) > 1 else ticks[:1]
        step = max(1, round(len(ticks) * 70 / max(w, 1)))  # labels about 70 px apart
        for i, d in enumerate(ticks):
            x = x0 + (d.toordinal() - lo) * scale
            parts.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="currentColor" stroke-opacity=".35"/>')
            if i % step == 0:
                label = d.strftime("%b %Y") if monthly else str(d.year)
                parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>')
        x0 += w + gap
    colour = {"agreement": "#2f7d32", "meeting": "#b4432e", "visit": "#1f6fb2", "announcement": "#7a4bb0"}
    lanes = {"day": 0, "month": 1, "year": 2}
    for e, day in zip(dated, xs, strict=True):
        lo, _hi, start, scale = next(p for p in places if p[0] <= day <= p[1])
        x = start + (day - lo) * scale
        yy = 14 + lanes.get(e.precision, 2) * lane
        r = {"day": 5, "month": 6.5, "year": 8}.get(e.precision, 6)
        fill = colour.get(e.kind, "#777")
        parts.append(f'<circle cx="{x:.1f}" cy="{yy}" r="{r}" fill="{fill}" fill-opacity=".75">'
                     f'<title>{escape(e.date)}: {escape(safe(e.what))}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def digest_html(d: Digest) -> str:
    """The digest as one self-contained HTML page (inline CSS and SVG, no external assets)."""
    from html import escape as h

    def esc(text: str | None) -> str:
        return h(safe(text))

    def group_li(g: AgreementGroup) -> str:
        date = f", {h(g.date)}" if g.date else ""
        return (f'<li><span class="tag {h(g.status)}">{h(STATUS_MARK.get(g.status, g.status))}</span> '
                f'<b>{esc(", ".join(g.parties))}</b>: {esc(g.subject)} <span class="meta">({h(g.kind)}{date})</span></li>')

    title = f"Digest: {d.articles:,} article{'s' if d.articles != 1 else ''}, {_span(d.start, d.end)}"
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{h(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>", "<main>",
           f"<h1>{h(title)}</h1>"]
    filters = [f"{k} {v}" for k, v in (("since", d.since), ("until", d.until), ("source", d.source), ("query", d.query)) if v]
    if filters:
        out.append(f'<p class="meta">{esc(", ".join(filters))}</p>')
    all_events = [e for s in d.stories for e in s.timeline]
    if all_events:
        out.append(timeline_svg(all_events))
    for n, s in enumerate(d.stories, 1):
        st = s.story
        out.append(f'<article id="{h(st.story)}">')
        out.append(f"<h2>{n}. {esc(st.title or '(untitled)')}</h2>")
        out.append(f'<p class="meta">{h(_span(st.start, st.end))} · {len(st.articles)} article'
                   f'{"s" if len(st.articles) != 1 else ""} · story <code>{h(st.story)}</code></p>')
        if s.summary:
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in s.summary) + "</ul>")
        if s.agreements:
            out.append("<h3>Agreements</h3><ul>" + "".join(group_li(g) for g in s.agreements) + "</ul>")
        who = [f"<b>{label}:</b> {esc(_names(ents))}" for label, ents in
               (("People", s.people), ("Organisations", s.organisations), ("Places", s.places)) if ents]
        if who:
            out.append('<p class="who">' + "<br>".join(who) + "</p>")
        if s.timeline:
            out.append("<h3>Timeline</h3>")
            out.append(timeline_svg(s.timeline))
            number = {a: i for i, a in enumerate(st.articles, 1)}  # short references to the list below
            out.append('<div class="scroll"><table><tr><th>date</th><th>event</th></tr>' + "".join(
                f'<tr><td class="date">{h(e.date)}</td><td>{h(EVENT_SYMBOL.get(e.kind, "•"))} {esc(e.what)}'
                + (f' <sup class="meta">[{number[e.article]}]</sup>' if len(st.articles) > 1 and e.article in number else "")
                + "</td></tr>" for e in s.timeline) + "</table></div>")
        out.append('<p class="meta">Articles:</p><ol class="meta arts">'
                   + "".join(f"<li><code>{esc(a)}</code></li>" for a in st.articles) + "</ol>")
        out.append("</article>")
    if d.more_stories:
        out.append(f'<p class="meta">{d.more_stories:,} more stories not shown.</p>')
    if d.agreements:
        out.append("<h2>Agreements by status</h2>")
        for status in ("concluded", "planned", "ended"):
            rows = [g for g in d.agreements if g.status == status]
            if not rows:
                continue
            out.append(f'<h3 class="{status}">{h(STATUS_MARK[status])} ({len(rows)})</h3>')
            out.append('<div class="scroll"><table><tr><th>parties</th><th>subject</th><th>kind</th><th>date</th></tr>'
                       + "".join(f'<tr><td>{esc(", ".join(g.parties))}</td><td>{esc(g.subject)}</td>'
                                 f'<td>{h(g.kind)}</td><td class="date">{h(g.date or "—")}</td></tr>' for g in rows)
                       + "</table></div>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_text(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
