"""The digest as Markdown: article text made inert (no emphasis, links, tables or HTML from it)."""

from __future__ import annotations

import re

from thaw_cli.core.models import AgreementGroup, Digest
from thaw_cli.output.console import safe
from thaw_cli.output.text import EVENT_SYMBOL, STATUS_MARK, names, span

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: str | None) -> str:
    """Article text made inert in Markdown (no emphasis, links, tables or HTML from it)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(safe(text).split()))


def _md_group(g: AgreementGroup) -> str:
    date = f", {g.date}" if g.date else ""
    return f"{STATUS_MARK.get(g.status, g.status)} — **{md(', '.join(g.parties))}**: {md(g.subject)} ({g.kind}{date})"


def digest_markdown(d: Digest) -> str:
    lines = [f"# Digest: {d.articles:,} article{'s' if d.articles != 1 else ''}, {span(d.start, d.end)}", ""]
    filters = [f"{k} `{md(v)}`" for k, v in (("since", d.since), ("until", d.until), ("source", d.source), ("query", d.query)) if v]
    if filters:
        lines += ["Filters: " + ", ".join(filters), ""]
    for n, s in enumerate(d.stories, 1):
        st = s.story
        lines += [f"## {n}. {md(st.title or '(untitled)')}", "",
                  f"*{span(st.start, st.end)} · {len(st.articles)} article{'s' if len(st.articles) != 1 else ''} · story `{st.story}`*", ""]
        lines += [f"- {md(x)}" for x in s.summary]
        if s.summary:
            lines.append("")
        if s.agreements:
            lines += ["**Agreements**", ""] + [f"- {_md_group(g)}" for g in s.agreements] + [""]
        for label, ents in (("People", s.people), ("Organisations", s.organisations), ("Places", s.places)):
            if ents:
                lines.append(f"**{label}:** {md(names(ents))}  ")
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
