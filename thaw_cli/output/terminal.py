"""The human views: Rich tables and panels for every command, on stdout.

Rich is imported inside each view, so `--json` pays nothing for it. Text that comes from
articles is handed to Rich as Text (through `safe()`), never as markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from thaw_cli.core.dates import period
from thaw_cli.core.models import (
    Agreement,
    AgreementGroup,
    Article,
    Digest,
    Entity,
    SearchHit,
    Story,
    Summary,
    TimelineEvent,
)
from thaw_cli.output.console import console, note, one_line, safe
from thaw_cli.output.text import EVENT_SYMBOL, cell, day, names, span

if TYPE_CHECKING:
    from rich.text import Text


def fields_table(rows: list[dict[str, Any]], fields: list[str]) -> None:
    """`--fields` in the table format: one column per chosen field."""
    from rich.table import Table

    if not rows:
        note("nothing to show")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for f in fields:
        table.add_column(f, overflow="fold", style="cyan" if f in ("id", "article") else "")
    for row in rows:
        table.add_row(*(_t(cell(row.get(f))) for f in fields))
    console().print(table)


def _t(text: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(safe(text), style=style)


def _line(text: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(one_line(text), style=style)


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
        cells: list[Any] = [_line(a.id), day(a.date), _line(a.title or "(untitled)")]
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
            "\n".join(day(a.date if a else None) for a in rows),
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


def search_results(hits: list[SearchHit], *, explain: bool = False) -> None:
    from rich.text import Text

    out = console()
    for h in hits:
        line = Text()
        line.append_text(_line(h.id, "cyan"))
        line.append("  ")
        line.append(day(h.date), style="dim")
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
        if explain and h.parts:
            for line in explanation(h.parts):
                out.print(_t(line, "dim"))
        out.print()


def explanation(parts: dict[str, Any]) -> list[str]:
    """`thaw search --explain`: the parts of a hit's score, one line each."""
    model = parts["model"]
    w, b = model["weights"], model["b"]
    lines = []
    for t in parts["terms"]:
        tf = t["tf"]
        where = f" (in {t['field']} only)" if t.get("field") else ""
        lines.append(f"  {t['term']}{where}: {t['score']:.3f} = idf {t['idf']:.2f} (in {t['df']:,} of "
                     f"{model['articles']:,}) x saturation of weighted tf {t['weighted_tf']:.2f} (found: title "
                     f"{tf['title']}, lead {tf['lead']}, body {tf['body']})")
    for p in parts["phrases"]:
        if not p["score"]:
            continue
        tf = p["tf"]
        lines.append(f"  \"{p['phrase']}\" next to each other: {p['score']:.3f} (title {tf['title']}, "
                     f"lead {tf['lead']}, body {tf['body']}; x{model['phrase']:g} the pair's mean idf)")
    related = parts.get("related")
    if related and related["words"]:
        found = ", ".join(related["found"]) or "none"
        lines.append(f"  related words in its lead: {related['score']:.3f} (found: {found}; of the leads of the best "
                     f"articles: {', '.join(related['words'])})")
    lengths = parts["lengths"]
    lines.append(f"  = {parts['score']:.3f}   BM25F: weights title {w['title']:g} / lead {w['lead']:g} / body "
                 f"{w['body']:g}, b {b['body']:g}, k1 {model['k1']:g}; words: title {lengths['title']}, "
                 f"lead {lengths['lead']}, body {lengths['body']}")
    return lines


def summaries(items: list[Summary]) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    out = console()
    for s in items:
        body = Text()
        meta = " · ".join(x for x in (day(s.date), s.source or "") if x)
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
            mentions.append(f" {day(m.article_date)} ")
            mentions.append_text(_line(m.article, "cyan"))
            if evidence:
                mentions.append("\n")
                mentions.append_text(_evidence(m.evidence))
        table.add_row(_status(g.status), _t(g.kind), _t(", ".join(g.parties)), _t(g.subject), _t(g.date or "—"), mentions)
    out.print(table)


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
        table.add_row(s.story, span(s.start, s.end), str(len(s.articles)), _t(s.title or "(untitled)", "bold"),
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
    head.append(f" · {d.articles:,} article{'s' if d.articles != 1 else ''} · {span(d.start, d.end)}", style="dim")
    filters = [f"{k} {v}" for k, v in (("since", d.since), ("until", d.until), ("source", d.source), ("query", d.query)) if v]
    if filters:
        head.append(" · " + ", ".join(filters), style="dim")
    out.print(head)
    all_events = [e for s in d.stories for e in s.timeline]
    if all_events:
        out.print(timeline_chart(all_events, []))
    for n, s in enumerate(d.stories, 1):
        parts: list[Any] = []
        meta = Text(f"{span(s.story.start, s.story.end)} · {len(s.story.articles)} article"
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
                who.append_text(_t(names(ents)))
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
