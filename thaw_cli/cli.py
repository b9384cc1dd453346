"""The Typer commands: parse options, call the core, hand the result to the renderer."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import Context as ClickContext  # typer 0.29 vendors click as typer._click
from typer._click.core import ParameterSource
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from thaw_cli import __version__, render
from thaw_cli.errors import EXIT_INTERRUPTED, EXIT_NOTHING_FOUND, EXIT_USAGE, ThawError


class ThawGroup(TyperGroup):
    """Turns every user error into one line on stderr and a documented exit status."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            try:
                rv = super().main(args=args, prog_name=prog_name or "thaw", complete_var=complete_var,
                                  standalone_mode=False, **extra)
            except _IndexDamaged as exc:
                # The damaged index file is gone: run the command once more on a rebuilt one.
                render.note(str(exc))
                rv = super().main(args=args, prog_name=prog_name or "thaw", complete_var=complete_var,
                                  standalone_mode=False, **extra)
        except _IndexDamaged as exc:
            render.error(str(exc))
            rv = EXIT_USAGE
        except ClickException as exc:
            message = exc.format_message().replace("\n", " ")
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            render.error(message + hint)
            rv = EXIT_USAGE if exc.exit_code in (0, 1, 2) else exc.exit_code
        except typer.Abort:
            rv = EXIT_INTERRUPTED
        if rv == EXIT_INTERRUPTED:  # Ctrl-C: in a command, or while typer parsed the arguments
            render.note("interrupted")
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except ThawError as exc:
            render.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(EXIT_INTERRUPTED) from None  # noted by main()
        except BrokenPipeError:
            # The reader went away (`thaw list --json | head -1`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            import sqlite3

            if not isinstance(exc, sqlite3.DatabaseError):
                raise
            from thaw_cli.index import discard_damaged

            path = discard_damaged(exc)
            if path is None:
                render.error(f"index error: {exc}")
                raise typer.Exit(EXIT_USAGE) from None
            raise _IndexDamaged(f"the index {path} was damaged ({exc}); rebuilding it") from None


class LazyCommands(MutableMapping[str, Any]):
    """The command table of the group, each Click command built from its Typer function on first use.

    Building all fourteen commands costs ~40 ms at every start; a run needs one of them (help and
    completion, which list them all, build them all).
    """

    def __init__(self, infos: list[Any], *, pretty_exceptions_short: bool, rich_markup_mode: Any) -> None:
        from typer.main import get_command_name

        self._infos = {info.name or get_command_name(info.callback.__name__): info for info in infos}
        self._built: dict[str, Any] = {}
        self._options = {"pretty_exceptions_short": pretty_exceptions_short,
                         "rich_markup_mode": rich_markup_mode}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            from typer.main import get_command_from_info

            self._built[name] = _defer_coercion(get_command_from_info(self._infos[name], **self._options))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._infos.setdefault(name, None)

    def __delitem__(self, name: str) -> None:
        self._built.pop(name, None)
        del self._infos[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


class _DeferredCoercion:
    """Coerces one parameter's value the way typer 0.29 does, without pydantic for the common cases.

    Typer builds a pydantic TypeAdapter for every parameter of the command that runs (~2 ms each,
    and ~75 ms to import pydantic on the first). A value left at None, a default of the declared type
    and a plain string or path from the command line need none; anything else goes to typer's own
    coercion, built on first use. tests/test_cli_startup.py checks both agree.
    """

    def __init__(self) -> None:
        self._runtime: Any = None

    def coerce(self, value: Any, param: Any, ctx: ClickContext) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        quick = _quick_value(value, param, ctx)
        if quick is not None:
            return quick
        return self.typer_coerce(value, param, ctx)

    def typer_coerce(self, value: Any, param: Any, ctx: ClickContext) -> Any:
        if self._runtime is None:
            from typer._coercion import build_runtime_param

            self._runtime = build_runtime_param(param.type_descriptor)
        return self._runtime.coerce(value, param=param, ctx=ctx)


def _quick_value(value: Any, param: Any, ctx: ClickContext | None) -> Any:
    """The coerced value when it needs no validation, else None."""
    if param.multiple or param.nargs != 1:
        return None
    desc = param.type_descriptor
    info = desc.parameter_info
    ann = desc.annotation
    if info.parser is not None or desc.file_annotation is not None or not isinstance(ann, type):
        return None
    if ctx is not None and ctx.get_parameter_source(param.name) is ParameterSource.DEFAULT:
        # A default declared in this module is already of its type.
        return value if type(value) is ann else None
    if ann is str and type(value) is str:
        return value
    if ann is int and type(value) is str and value.isascii() and value.isdigit() and not info.clamp:
        number = int(value)
        in_range = (info.min is None or number >= info.min) and (info.max is None or number <= info.max)
        return number if in_range else None  # out of range: typer says why
    if ann is Path and type(value) is str and value and not (
            info.exists or info.resolve_path or info.allow_dash or info.writable
            or not info.readable or not info.file_okay or not info.dir_okay or info.path_type):
        return Path(value)
    return None


def _defer_coercion(cmd: Any) -> Any:
    """Give each typer parameter of `cmd` (its --help option too) a _DeferredCoercion and a
    plain help label."""
    for param in cmd.params:
        _defer_param(param)
    make_help = cmd.get_help_option
    cmd.get_help_option = lambda ctx: _defer_param(make_help(ctx))  # made anew for each context
    return cmd


_LABELS = {str: "TEXT", int: "N", Path: "PATH"}


def _defer_param(param: Any) -> Any:
    if getattr(param, "_runtime_param", False) is None:  # typer's coercion, not built yet
        param._runtime_param = _DeferredCoercion()
    if param.metavar is None and hasattr(param, "type_descriptor"):
        # typer 0.29 labels values <str>, <path>, <int range>, and flags <bool> as if they took one
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.metavar = param.name.upper()
        elif param.type_descriptor.annotation in _LABELS:
            param.metavar = _LABELS[param.type_descriptor.annotation]
    return param


def command() -> ThawGroup:
    """The `thaw` Click group, as `typer.main.get_command(app)` makes it but with lazy commands."""
    from typer.main import get_command as typer_command

    infos = app.registered_commands
    app.registered_commands = []
    try:
        group = typer_command(app)  # the group: root options, completion options, no commands yet
    finally:
        app.registered_commands = infos
    assert isinstance(group, ThawGroup)
    _defer_coercion(group)
    group.commands = LazyCommands(infos, pretty_exceptions_short=app.pretty_exceptions_short,
                                  rich_markup_mode=app.rich_markup_mode)
    return group


class _IndexDamaged(Exception):
    """SQLite found damage in the index mid-command; its file was removed (see ThawGroup)."""


app = typer.Typer(
    cls=ThawGroup,
    help=(
        "thaw: a news-digest tool for piles of articles.\n\n"
        "Lists, reads, searches and summarises the articles of a corpus folder (Markdown with "
        "front matter, or raw text copied from news pages) and extracts the agreements they "
        "report. Every command has --json for scripts.\n\n"
        "Example: thaw --corpus ~/news search '\"trade deal\" -rumour'"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Sort(StrEnum):
    date = "date"
    title = "title"
    source = "source"
    words = "words"


class Status(StrEnum):
    concluded = "concluded"
    planned = "planned"
    ended = "ended"


CorpusOpt = Annotated[
    Path | None,
    typer.Option("--corpus", "-c", help="Corpus folder (default: $THAW_CORPUS, else the bundled seeds).",
                 show_default=False),
]
IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", help="Index file (default: $THAW_INDEX, else a cache file per corpus).",
                 show_default=False),
]
MaxSizeOpt = Annotated[int | None, typer.Option(
    "--max-size", min=1, show_default=False, metavar="BYTES",
    help="Skip corpus files larger than this (default: $THAW_MAX_SIZE, else 20 MB).")]
FollowLinksOpt = Annotated[bool | None, typer.Option(
    "--follow-links", show_default=False,
    help="Follow symbolic links that point outside the corpus folder.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Only articles whose source contains this text.")]
SinceOpt = Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only from this date on (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", metavar="DATE", help="Only up to this date, inclusive.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, help="At most this many results.")]
AuthorOpt = Annotated[str | None, typer.Option("--author", help="Only articles with an author whose name contains this text.")]
TagOpt = Annotated[str | None, typer.Option("--tag", help="Only articles with this tag (any case).")]
SectionOpt = Annotated[str | None, typer.Option("--section", help="Only articles whose section contains this text.")]
LanguageOpt = Annotated[str | None, typer.Option("--language", help="Only articles in this language (ISO 639-1 code: en, fr, zh...).")]


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-F", help="Output format (default: table, or `format` in the config file).", show_default=False)]
FieldsOpt = Annotated[str | None, typer.Option(
    "--fields", help="Comma-separated fields (columns) to show, in order; an unknown one lists the valid ones.")]


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of article ids: a prefix lookup in the existing index, no refresh."""
    try:
        from thaw_cli import settings
        from thaw_cli.index import open_index

        params: dict[str, Any] = {}
        node: Any = ctx
        while node is not None:
            for key in ("corpus", "index"):
                if params.get(key) is None and node.params.get(key) is not None:
                    params[key] = node.params[key]
            node = node.parent
        root = settings.resolve_corpus(params.get("corpus"))
        db = settings.resolve_index(params.get("index"), root)
        if not db.is_file():
            return []
        idx = open_index(root, db, max_size=settings.max_size())
        try:
            return idx.complete_ids(incomplete)
        finally:
            idx.close()
    except Exception:  # completion must never print a traceback into the shell
        return []


IdArg = Annotated[str, typer.Argument(metavar="ID", help="Article id or a unique prefix of one.",
                                      autocompletion=complete_ids)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thaw {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = {"corpus": corpus, "index": index, "max_size": max_size, "follow_links": follow_links}


def _reading(ctx: typer.Context) -> dict[str, Any]:
    """--max-size and --follow-links, given after the command name or before it."""
    root = ctx.find_root().obj or {}
    size = ctx.params.get("max_size")
    return {"max_size": size if size is not None else root.get("max_size"),
            "follow_links": bool(ctx.params.get("follow_links") or root.get("follow_links"))}


def _workspace(ctx: typer.Context, corpus: Path | None, index: Path | None, **kw: Any) -> Any:
    from thaw_cli.workspace import open_workspace

    root = ctx.find_root().obj or {}
    kw = {**_reading(ctx), **kw}
    with render.progress_bar("indexing", min_total=200) as bar:  # only for a big catch-up
        idx, report = open_workspace(corpus or root.get("corpus"), index or root.get("index"),
                                     progress=bar, on_wait=render.note, **kw)
    render.report_refresh(report)
    return idx


def _fmt(json_: bool, jsonl: bool, format_: Format | None = None) -> str:
    from thaw_cli import config, formats

    return formats.choose(format_.value if format_ else None, json_, jsonl, default=config.value("format"))


def _output(json_: bool, jsonl: bool, format_: Format | None, fields: str | None, example: dict[str, Any]) -> tuple[str, list[str] | None, list[str]]:
    """The output format, the `--fields` chosen and the valid field names (those of `example`)."""
    from thaw_cli import formats

    fmt = _fmt(json_, jsonl, format_)
    valid = list(example)
    return fmt, formats.parse_fields(fields, valid), valid


def _filter(source: str | None = None, since: str | None = None, until: str | None = None, ids: list[str] | None = None,
            author: str | None = None, tag: str | None = None, section: str | None = None, language: str | None = None) -> Any:
    from thaw_cli.dates import parse_bound
    from thaw_cli.models import ArticleFilter

    try:
        first = parse_bound(since, end=False) if since else None
        last = parse_bound(until, end=True) if until else None
    except ValueError as exc:
        raise ThawError(f"--since/--until: {exc}") from None
    return ArticleFilter(source=source, since=first, until=last, ids=ids, author=author, tag=tag,
                         section=section, language=language)


def _date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    f = _filter(since=since, until=until)
    return f.since, f.until


@app.command("list")
def list_(
    ctx: typer.Context,
    sort: Annotated[Sort, typer.Option("--sort", help="Sort key (date: newest first).")] = Sort.date,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    author: AuthorOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    language: LanguageOpt = None,
    limit: LimitOpt = None,
    duplicates: Annotated[bool, typer.Option("--duplicates", help="List groups of near-duplicate articles instead.")] = False,
    stories_: Annotated[bool, typer.Option("--stories", help="List stories (articles about the same event) instead; see `thaw stories`.")] = False,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """List the articles: id, date, title, source, author, words; newest first.

    --duplicates lists groups of near-duplicates (same URL or nearly the same text).

    Example: thaw list --since 2018-10 --sort title --format csv --fields id,date,title
    """
    from thaw_cli.models import Article

    if stories_:
        return stories(ctx, all_=True, source=source, since=since, until=until, limit=limit, format_=format_,
                       fields=fields, json_=json_, jsonl=jsonl, corpus=corpus, index=index)
    example = render.duplicate_json(0, []) if duplicates else render.article_json(Article("", ""))
    fmt, chosen, valid = _output(json_, jsonl, format_, fields, example)
    f = _filter(source, since, until, author=author, tag=tag, section=section, language=language)
    idx = _workspace(ctx, corpus, index)
    if duplicates:
        from thaw_cli.fingerprint import duplicate_groups

        groups = duplicate_groups(idx.fingerprints(f))
        if limit is not None:
            groups = groups[:limit]
        if not render.emit([render.duplicate_json(i, g) for i, g in enumerate(groups, 1)], fmt, chosen, valid):
            from thaw_cli.models import ArticleFilter

            members = [i for g in groups for i in g]
            render.duplicate_groups(groups, {a.id: a for a in idx.list_articles(ArticleFilter(ids=members))})
        return
    articles = idx.list_articles(f, sort=sort.value, reverse=reverse, limit=limit)
    if not render.emit([render.article_json(a) for a in articles], fmt, chosen, valid):
        render.list_table(articles)


@app.command()
def show(
    ctx: typer.Context,
    article_id: IdArg,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file as it is on disk.")] = False,
    json_: JsonOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Show one article: metadata and clean text (in a pager when longer than the screen).

    Example: thaw show 2018-10-18
    """
    idx = _workspace(ctx, corpus, index)
    article = idx.get(idx.resolve_id(article_id))
    if raw:
        data = Path(article.path).read_bytes()
        if sys.stdout.isatty():
            sys.stdout.write(render.safe(data.decode("utf-8", errors="replace")))
        else:
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
    elif json_:
        render.write_json(render.article_json(article, body=True))
    else:
        render.show_article(article)


@app.command()
def add(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(
        metavar="FILE|URL|-...",
        help="Raw .txt pages, Markdown files, saved .html pages, http(s) URLs, or - for standard input.")],
    to: Annotated[Path | None, typer.Option("--to", help="Target corpus folder (default: --corpus / $THAW_CORPUS).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Import even a duplicate (same URL or nearly the same text); replace existing files.")] = False,
    json_: JsonOpt = False,
    corpus: CorpusOpt = None,
) -> None:
    """Import articles into a corpus as front-matter Markdown (<date>-<slug>.md).

    Web pages (files or URLs) are read with trafilatura: main text and metadata, without
    menus, banners or related links. An article already in the corpus (same URL, or nearly
    the same text) is refused with a note naming its id; --force imports it anyway.
    Exit status 2 when any input was not imported (the others still are).

    Example: thaw add https://example.com/news/story.html ~/Downloads/page.txt --to ~/news
    """
    from thaw_cli import settings
    from thaw_cli.importer import import_files

    root_obj = ctx.find_root().obj or {}
    target = to or settings.user_corpus(corpus or root_obj.get("corpus"))
    if target is None:
        raise ThawError("no target folder: give --to DIR (the bundled seeds are read-only)")
    if files.count("-") > 1:
        raise ThawError("standard input (-) can be read only once")

    cache: list[Any] = []

    def known() -> Any:
        """(id, url, fingerprint) of the target corpus' articles, read once, when first needed."""
        if not cache:
            cache.append(_fingerprints_of(target, root_obj.get("index") if to is None else None))
        return cache[0]

    result = import_files(files, target, force=force, known=known)
    for src, problem in result.problems:
        render.error(f"{src}: {problem}")
    for src, existing in result.duplicates:
        render.note(f"{src}: already in the corpus as {existing} (use --force to import it anyway)")
    if json_:
        render.write_json([{"source": str(s), "path": str(d), "id": i} for s, d, i in result.imported])
    else:
        for src, dest, _ in result.imported:
            render.note(f"imported {src} -> {dest}")
    if result.problems or result.duplicates:  # any input not imported, whatever the reason
        raise typer.Exit(EXIT_USAGE)


def _fingerprints_of(target: Path, index: Path | None) -> list[Any]:
    if not target.is_dir():
        return []
    from thaw_cli.models import ArticleFilter
    from thaw_cli.workspace import open_workspace

    idx, report = open_workspace(target, index, on_wait=render.note)
    render.report_refresh(report)
    return list(idx.fingerprints(ArticleFilter()))


@app.command("index")
def index_(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the index from scratch.")] = False,
    json_: JsonOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Bring the index fully up to date (every file checked); --rebuild starts from scratch.

    Every command refreshes the index by itself; this forces the full check.
    Example: thaw --corpus ~/news index
    """
    from thaw_cli.workspace import open_workspace

    root = ctx.find_root().obj or {}
    with render.progress_bar("indexing") as bar:
        idx, report = open_workspace(corpus or root.get("corpus"), index or root.get("index"),
                                     full=True, rebuild=rebuild, progress=bar, on_wait=render.note,
                                     **_reading(ctx))
    render.report_refresh(report, verbose=not json_)
    if json_:
        render.write_json({
            "articles": idx.count(), "added": report.added, "changed": report.changed,
            "removed": report.removed, "skipped": report.skipped, "seconds": round(report.seconds, 3),
            "index": str(idx.db_path) if idx.db_path else None,
        })


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to find (see the syntax above).")],
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    author: AuthorOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    language: LanguageOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many results.")] = 10,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Full-text search, ranked by BM25 with title matches first.

    \b
    Syntax:
      word word          all words must match (stemmed: agreements finds agreement)
      "exact phrase"     words next to each other
      a OR b             either
      -word, NOT word    exclude
      prefix*            words starting with prefix
      title:word         in the title only (also lead:, body:)
    Case and accents are ignored. Exit status 1 when nothing matches.

    Example: thaw search '"charging standard" OR CHAdeMO' --json
    """
    from thaw_cli.models import SearchHit
    from thaw_cli.search import search as run_search

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, render.hit_json(SearchHit("", None, None, None, 0.0, "", [])))
    f = _filter(source, since, until, author=author, tag=tag, section=section, language=language)
    idx = _workspace(ctx, corpus, index)
    hits = run_search(idx, query, f, limit)
    if not render.emit([render.hit_json(h) for h in hits], fmt, chosen, valid):
        if hits:
            render.search_results(hits)
        elif sys.stdout.isatty():
            render.note("no articles match")
    if not hits:
        raise typer.Exit(EXIT_NOTHING_FOUND)


@app.command()
def summary(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...", help="Articles to summarise (default: all).",
                                                    autocompletion=complete_ids)] = None,
    sentences: Annotated[int | None, typer.Option("--sentences", "-s", min=1, max=10, show_default=False,
                                                  help="Sentences per summary (default: 3, or summary_sentences in the config file).")] = None,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    author: AuthorOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    language: LanguageOpt = None,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Extractive summaries (sentences from the article, in its order) and key phrases.

    Example: thaw summary --sentences 2 --since 2018-10
    """
    from thaw_cli import config, queries
    from thaw_cli.models import Summary

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, render.summary_json(Summary("", None, None, None, [], [])))
    n = config.value("summary_sentences", sentences)
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    f = _filter(source, since, until, resolved, author=author, tag=tag, section=section, language=language)
    items = queries.summaries(idx, f, sentences=n, limit=limit)
    if not render.emit([render.summary_json(s) for s in items], fmt, chosen, valid):
        render.summaries(items)


@app.command()
def agreements(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...", help="Articles to read (default: all).",
                                                    autocompletion=complete_ids)] = None,
    status: Annotated[Status | None, typer.Option("--status", help="Only agreements with this status.")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Only agreements with this party (aliases: Japanese, Tokyo → Japan).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind (treaty, accord, memorandum, contract, deal, standard, dialogue, cooperation, arrangement, other).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only agreements dated from this date on.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only agreements dated up to this date.")] = None,
    source: SourceOpt = None,
    author: AuthorOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    language: LanguageOpt = None,
    across: Annotated[bool, typer.Option("--across", help="Merge the same agreement reported in several articles.")] = False,
    evidence: Annotated[bool, typer.Option("--evidence", "-e", help="Show the sentences that state each agreement.")] = False,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Agreements between governments, companies and bodies, with status, date and evidence.

    Example: thaw agreements --party Japan --status planned --evidence
    """
    from thaw_cli import queries
    from thaw_cli.models import Agreement, AgreementGroup

    example = (render.group_json(AgreementGroup("", [], "", "", None, [], [])) if across
               else {**render.agreement_json(Agreement("", "", [], "", "", None, [])), "roles": {}})
    fmt, chosen, valid = _output(json_, jsonl, format_, fields, example)
    first, last = _date_bounds(since, until)
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    f = _filter(source, ids=resolved, author=author, tag=tag, section=section, language=language)
    records, dates = queries.agreements(
        idx, f, status=status.value if status else None, kind=kind, party=party, since=first, until=last,
    )
    other = idx.count_other_languages(f)
    if other:
        render.note(f"skipped {other} article{'s' if other > 1 else ''} not in English (agreements are extracted from English text only)")
    if across:
        groups = queries.across(records, dates)
        if not render.emit([render.group_json(g) for g in groups], fmt, chosen, valid):
            render.agreement_groups_table(groups, evidence=evidence)
        return
    if not render.emit([render.agreement_json(a) for a in records], fmt, chosen, valid):
        render.agreements_table(records, evidence=evidence)


@app.command("config")
def config_(
    ctx: typer.Context,
    json_: JsonOpt = False,
) -> None:
    """Show the effective settings and where each comes from.

    \b
    Precedence: built-in default < config file < environment variable < command-line option.
    The file is $XDG_CONFIG_HOME/thaw/config.toml (~/.config/thaw/config.toml), with the
    keys corpus, index, max_size, summary_sentences and format; for example:
      corpus = "~/news"
      summary_sentences = 2
      format = "md"

    Example: thaw config --json
    """
    from thaw_cli import config

    root = ctx.find_root().obj or {}
    settings_ = config.effective({"corpus": root.get("corpus"), "index": root.get("index")})
    if json_:
        render.write_json({
            "config_file": str(config.config_path()),
            "settings": {s.key: {"value": str(s.value) if isinstance(s.value, Path) else s.value,
                                 "origin": s.origin} for s in settings_},
        })
    else:
        render.settings_table(settings_, config.config_path())


class EntityKind(StrEnum):
    person = "person"
    org = "org"
    place = "place"


class DigestFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"
    json = "json"


@app.command()
def stories(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Also list single-article stories.")] = False,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Stories: articles about the same event, grouped by shared names and terms; newest first.

    Each story has a stable id, a title (its most representative headline), its date span
    and its articles. Only stories of two or more articles unless --all.
    Example: thaw stories --since 2018-09 --json
    """
    from thaw_cli.models import Story
    from thaw_cli.stories import find_stories

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, render.story_json(Story("", None, None, None, [])))
    f = _filter(source, since, until)
    idx = _workspace(ctx, corpus, index)
    found = find_stories(idx, f, min_articles=1 if all_ else 2)
    if limit is not None:
        found = found[:limit]
    if not render.emit([render.story_json(s) for s in found], fmt, chosen, valid):
        render.stories_table(found)


def _story_articles(idx: Any, story: str) -> list[str]:
    from thaw_cli.models import ArticleFilter
    from thaw_cli.stories import find_stories

    for s in find_stories(idx, ArticleFilter()):
        if s.story == story or (len(story) >= 4 and s.story.startswith(story)):
            return s.articles
    raise ThawError(f"no story with id {story!r} (see 'thaw stories --all')")


@app.command()
def entities(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...", help="Only these articles (default: all).",
                                                    autocompletion=complete_ids)] = None,
    kind: Annotated[EntityKind | None, typer.Option("--kind", "-k", help="Only people, organisations or places.")] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only the articles of this story (id from `thaw stories`).")] = None,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """People, organisations and places named in the articles, aliases merged; most articles first.

    "Abe", "Shinzo Abe" and "Prime Minister Shinzo Abe" are one person; "Japanese" and
    "Tokyo" used as actors are Japan.
    Example: thaw entities --kind person --json
    """
    from thaw_cli.entities import find_entities
    from thaw_cli.models import Entity

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, render.entity_json(Entity("", "", [], [], 0)))
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    if story:
        members = _story_articles(idx, story)
        resolved = [i for i in members if resolved is None or i in resolved]
    f = _filter(source, since, until, resolved)
    found = find_entities(idx, f, kind=kind.value if kind else None, limit=limit)
    if not render.emit([render.entity_json(e) for e in found], fmt, chosen, valid):
        render.entities_table(found)


@app.command()
def timeline(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...", help="Only these articles (default: all).",
                                                    autocompletion=complete_ids)] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only events from this date on (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only events up to this date, inclusive.")] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only the articles of this story.")] = None,
    source: SourceOpt = None,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Dated events (meetings, visits, agreements, announcements) sorted by event date.

    Each date is resolved against its article's date and is as precise as the text (day,
    month or year). On a terminal, a chart of events and articles per week or month comes first.
    Example: thaw timeline --since 2018-10 --until 2018-12
    """
    from thaw_cli.models import TimelineEvent
    from thaw_cli.timeline import find_timeline

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, render.event_json(TimelineEvent("", "", "", "", "")))
    first, last = _date_bounds(since, until)
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    if story:
        members = _story_articles(idx, story)
        resolved = [i for i in members if resolved is None or i in resolved]
    f = _filter(source, ids=resolved)
    events = find_timeline(idx, f, since=first, until=last)
    if limit is not None:
        events = events[:limit]
    if not render.emit([render.event_json(e) for e in events], fmt, chosen, valid):
        articles = {e.article for e in events}
        dates = [a.date for a in idx.list_articles(_filter(ids=sorted(articles))) if a.date] if articles else []
        render.timeline_view(events, dates)


@app.command()
def digest(
    ctx: typer.Context,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    author: AuthorOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    language: LanguageOpt = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Digest only the articles this search finds (search syntax).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most this many stories (0: all).")] = 20,
    format_: Annotated[DigestFormat, typer.Option("--format", "-F", help="terminal, md (Markdown), html (one self-contained page) or json.")] = DigestFormat.terminal,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")] = False,
    json_: JsonOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """The briefing: stories newest first, each with a summary, agreements, key people and
    organisations and a timeline; then every agreement by status.

    Example: thaw digest --since 2018-09 --format html -o digest.html
    """
    from thaw_cli.digest import build_digest

    fmt = "json" if json_ else format_.value
    f = _filter(source, since, until, author=author, tag=tag, section=section, language=language)
    idx = _workspace(ctx, corpus, index)
    result = build_digest(idx, f, query=query, limit=limit or None)
    if query and result.articles == 0:
        if fmt == "json":
            render.write_json(render.digest_json(result))
        else:
            render.note("no articles match")
        raise typer.Exit(EXIT_NOTHING_FOUND)
    if fmt == "terminal" and output is None:
        render.digest_view(result)
        return
    import json as _json

    text = {
        "json": lambda: _json.dumps(render.digest_json(result), ensure_ascii=False, indent=2) + "\n",
        "md": lambda: render.digest_markdown(result),
        "html": lambda: render.digest_html(result),
        "terminal": lambda: render.digest_markdown(result),
    }[fmt]()
    if output is None:
        render.write_text(text)
        return
    from thaw_cli.importer import write_atomic

    try:
        write_atomic(output, text, force=force)
    except FileExistsError:
        raise ThawError(f"{output} exists; use --force to replace it") from None
    except OSError as exc:
        raise ThawError(f"cannot write {output}: {exc.strerror}") from None
    render.note(f"wrote {output}")


def main() -> None:
    try:
        command()(prog_name="thaw")
    except KeyboardInterrupt:  # Ctrl-C outside a command (start-up, shutdown): no traceback
        render.note("interrupted")
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
