"""The stories in their reading order, kept in the index, so that a page of stories or the
stories of a few articles are read without grouping the whole corpus.

`story_list(central, sid, key, n)`: one row per story of two or more articles (`story_members`),
with what orders `stories.build_stories`' list: `key` is `newest_first` of the story's end
date as one string ("1" when undated, else "0" and the date's characters "negated": SQLite
compares text as Python compares str, by code point), `n` the number of its articles and
`sid` its id. `ORDER BY key, n DESC, sid` (index `story_list_order`) is the order of
`build_stories`; a story of one article takes the key of its article's date.

`storystore` keeps the rows in step with `story_members`: `relist` for the stories a regroup
touched, `relist_all` after a recomputation.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from thaw_cli.analysis.stories import member_order, story_id
from thaw_cli.core.dates import newest_first
from thaw_cli.core.models import Story

__all__ = ["order_key", "page", "relist", "relist_all", "touching"]

_CHUNK = 500
_MEMBERS = ("SELECT m.story, m.art, a.id, a.title, a.date FROM story_members m "
            "JOIN articles a ON a.rowid = m.art")


def order_key(end: str | None) -> str:
    """`newest_first(end)` as one string that sorts the same."""
    flag, negated = newest_first(end)
    return f"{flag}{negated}"


def _row(central: int, members: list[tuple[str, str | None]]) -> tuple[int, str, str, int]:
    """The story_list row of a story from its members' (id, date)."""
    first = min(members, key=lambda m: member_order(*m))
    dates = [d for _, d in members if d]
    return central, story_id(first[0]), order_key(max(dates) if dates else None), len(members)


def relist(conn: sqlite3.Connection, centrals: Iterable[int]) -> None:
    """Write again the rows of these stories (by their central article) from `story_members`."""
    todo = sorted(set(centrals))
    for i in range(0, len(todo), _CHUNK):
        chunk = todo[i:i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM story_list WHERE central IN ({marks})", chunk)
        groups: dict[int, list[tuple[str, str | None]]] = {}
        for story, _, aid, _, date in conn.execute(f"{_MEMBERS} WHERE m.story IN ({marks})", chunk):
            groups.setdefault(story, []).append((aid, date))
        conn.executemany("INSERT INTO story_list VALUES (?, ?, ?, ?)",
                         [_row(c, m) for c, m in sorted(groups.items())])


def relist_all(conn: sqlite3.Connection) -> None:
    """Every row again, one story at a time (members read in story order: no whole-corpus list)."""
    conn.execute("DELETE FROM story_list")

    def rows() -> Iterator[tuple[int, str, str, int]]:
        cur: int | None = None
        members: list[tuple[str, str | None]] = []
        for story, _, aid, _, date in conn.execute(f"{_MEMBERS} ORDER BY m.story"):
            if story != cur:
                if cur is not None:
                    yield _row(cur, members)
                cur, members = story, []
            members.append((aid, date))
        if cur is not None:
            yield _row(cur, members)

    conn.executemany("INSERT INTO story_list VALUES (?, ?, ?, ?)", rows())


def _stories(conn: sqlite3.Connection, centrals: list[int]) -> dict[int, tuple[Story, str, int]]:
    """The whole stories of these centrals: (Story, order key, number of articles)."""
    out: dict[int, tuple[Story, str, int]] = {}
    for i in range(0, len(centrals), _CHUNK):
        chunk = centrals[i:i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        groups: dict[int, list[tuple[int, str, str | None, str | None]]] = {}
        for story, art, aid, title, date in conn.execute(f"{_MEMBERS} WHERE m.story IN ({marks})", chunk):
            groups.setdefault(story, []).append((art, aid, title, date))
        for central, members in groups.items():
            members.sort(key=lambda m: member_order(m[1], m[3]))
            titles = {art: title for art, _, title, _ in members}
            title = titles[central] if central in titles else members[0][2]
            dates = sorted(d for *_, d in members if d)
            story = Story(story=story_id(members[0][1]), title=title, start=dates[0] if dates else None,
                          end=dates[-1] if dates else None, articles=[aid for _, aid, _, _ in members])
            out[central] = (story, order_key(story.end), len(members))
    return out


def page(conn: sqlite3.Connection, limit: int | None) -> list[Story]:
    """The first `limit` stories of two or more articles, in `build_stories`' order."""
    sql = "SELECT central FROM story_list ORDER BY key, n DESC, sid"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    centrals = [c for (c,) in conn.execute(sql)]
    found = _stories(conn, centrals)
    return [found[c][0] for c in centrals if c in found]


def touching(conn: sqlite3.Connection, where: str, args: list[Any], *, singletons: bool
             ) -> tuple[list[Story], dict[str, str | None]]:
    """The stories with an article among those `where` selects (alias `a`), each showing only
    those articles (`queries.stories.restrict`), in the order of the whole stories; and the
    selected articles' dates. With `singletons`, an article in no story is a story of its own."""
    selected: dict[str, str | None] = {}
    single: list[tuple[str, str | None, str | None]] = []
    centrals: set[int] = set()
    for aid, title, date, story in conn.execute(
        f"SELECT a.id, a.title, a.date, m.story FROM articles a LEFT JOIN story_members m ON m.art = a.rowid WHERE {where}",
        args,
    ):
        selected[aid] = date
        if story is None:
            single.append((aid, title, date))
        else:
            centrals.add(story)
    keyed: list[tuple[tuple[str, int, str], Story]] = []
    for story, key, n in _stories(conn, sorted(centrals)).values():
        arts = [a for a in story.articles if a in selected]
        ds = sorted(d for a in arts if (d := selected[a]))
        kept = Story(story.story, story.title, ds[0] if ds else None, ds[-1] if ds else None, arts)
        keyed.append(((key, -n, story.story), kept))
    if singletons:
        for aid, title, date in single:
            sid = story_id(aid)
            keyed.append(((order_key(date), -1, sid), Story(sid, title, date or None, date or None, [aid])))
    keyed.sort(key=lambda item: item[0])
    return [s for _, s in keyed], selected
