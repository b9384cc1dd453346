"""The digest as one self-contained HTML page (no scripts, no external files), with the
timeline drawn as an inline SVG."""

from __future__ import annotations

from typing import Any

from thaw_cli.core.dates import period
from thaw_cli.core.models import AgreementGroup, Digest, TimelineEvent
from thaw_cli.output.console import safe
from thaw_cli.output.text import EVENT_SYMBOL, STATUS_MARK, names, span

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

    title = f"Digest: {d.articles:,} article{'s' if d.articles != 1 else ''}, {span(d.start, d.end)}"
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
        out.append(f'<p class="meta">{h(span(st.start, st.end))} · {len(st.articles)} article'
                   f'{"s" if len(st.articles) != 1 else ""} · story <code>{h(st.story)}</code></p>')
        if s.summary:
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in s.summary) + "</ul>")
        if s.agreements:
            out.append("<h3>Agreements</h3><ul>" + "".join(group_li(g) for g in s.agreements) + "</ul>")
        who = [f"<b>{label}:</b> {esc(names(ents))}" for label, ents in
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
