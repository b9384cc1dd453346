"""Stories over the index: the stored grouping of the whole corpus, restricted to a selection."""

from __future__ import annotations

from thaw_cli.core.models import ArticleFilter, Story
from thaw_cli.store.index import Index

__all__ = ["find_stories", "restrict"]


def restrict(stories: list[Story], keep: set[str] | None, dates: dict[str, str | None]) -> list[Story]:
    """The stories with at least one kept article, showing only those (ids stay the same)."""
    if keep is None:
        return stories
    out = []
    for s in stories:
        arts = [a for a in s.articles if a in keep]
        if not arts:
            continue
        ds = sorted(d for a in arts if (d := dates.get(a)))
        out.append(Story(s.story, s.title, ds[0] if ds else None, ds[-1] if ds else None, arts))
    return out


def find_stories(index: Index, f: ArticleFilter, *, min_articles: int = 1, limit: int | None = None) -> list[Story]:
    """The stories of the whole index (so ids are stable), restricted to the filter's articles;
    the first `limit`. Read from the stored order when the index is up to date: a page of
    all stories of two or more articles, or the stories of the filter's articles."""
    found: list[Story] | None = None
    if f == ArticleFilter():
        if min_articles == 2:
            found = index.story_page(limit)
    else:
        touching = index.stories_touching(f, singletons=min_articles <= 1)
        found = touching[0] if touching is not None else None
    if found is None:
        stories, dates = index.stories(singletons=min_articles <= 1)
        found = restrict(stories, index.selected_ids(f), dates)
    found = [s for s in found if len(s.articles) >= min_articles]
    return found if limit is None else found[:limit]


def story_articles(index: Index, story: str) -> list[str] | None:
    """The articles of the story with this id (or a unique prefix of four characters or more)."""
    for s in find_stories(index, ArticleFilter()):
        if s.story == story or (len(story) >= 4 and s.story.startswith(story)):
            return s.articles
    return None
