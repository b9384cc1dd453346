"""The Typer commands: parse options, call the core, hand the result to the renderer."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from thaw_cli import __version__
from thaw_cli.app import config
from thaw_cli.cli.typer_compat import ClickContext, ClickException, lazy_group
from thaw_cli.core.dates import parse_bound
from thaw_cli.core.errors import EXIT_INTERRUPTED, EXIT_NOTHING_FOUND, EXIT_USAGE, ThawError
from thaw_cli.core.models import (
    FORMATS,
    Agreement,
    AgreementGroup,
    Article,
    ArticleFilter,
    Entity,
    SearchHit,
    Story,
    Summary,
    TimelineEvent,
)
from thaw_cli.output import console, formats, records, terminal


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
                console.note(str(exc))
                rv = super().main(args=args, prog_name=prog_name or "thaw", complete_var=complete_var,
                                  standalone_mode=False, **extra)
        except _IndexDamaged as exc:
            console.error(str(exc))
            rv = EXIT_USAGE
        except ClickException as exc:
            message = exc.format_message().replace("\n", " ")
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            console.error(message + hint)
            rv = EXIT_USAGE if exc.exit_code in (0, 1, 2) else exc.exit_code
        except typer.Abort:
            rv = EXIT_INTERRUPTED
        if rv == EXIT_INTERRUPTED:  # Ctrl-C: in a command, or while typer parsed the arguments
            console.note("interrupted")
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except ThawError as exc:
            console.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(EXIT_INTERRUPTED) from None  # noted by main()
        except BrokenPipeError:
            # The reader went away (`thaw list --json | head -1`): stop quietly.
            console.silence_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            import sqlite3

            if not isinstance(exc, sqlite3.DatabaseError):
                raise
            from thaw_cli.store.index import (
                discard_damaged,  # lazy: the index module, on an SQLite error only
            )

            path = discard_damaged(exc)
            if path is None:
                console.error(f"index error: {exc}")
                raise typer.Exit(EXIT_USAGE) from None
            raise _IndexDamaged(f"the index {path} was damaged ({exc}); rebuilding it") from None


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


Format = StrEnum("Format", [(name, name) for name in FORMATS])  # type: ignore[misc]


FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-F", help="Output format (default: table, or `format` in the config file).", show_default=False)]
FieldsOpt = Annotated[str | None, typer.Option(
    "--fields", help="Comma-separated fields (columns) to show, in order; an unknown one lists the valid ones.")]


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of article ids: a prefix lookup in the existing index, no refresh."""
    try:
        from thaw_cli.store.index import (
            open_index,  # lazy: the index and SQLite: completion of a command name needs neither
        )

        params: dict[str, Any] = {}
        node: Any = ctx
        while node is not None:
            for key in ("corpus", "index"):
                if params.get(key) is None and node.params.get(key) is not None:
                    params[key] = node.params[key]
            node = node.parent
        root = config.resolve_corpus(params.get("corpus"))
        db = config.resolve_index(params.get("index"), root)
        if not db.is_file():
            return []
        idx = open_index(root, db, max_size=config.max_size())
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
        console.write_text(f"thaw {__version__}\n")
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
    from thaw_cli.app.workspace import (
        open_workspace,  # lazy: the index, SQLite and the readers of corpus files: not loaded by --help, --version or a usage error
    )

    root = ctx.find_root().obj or {}
    kw = {**_reading(ctx), **kw}
    with console.progress_bar("indexing", min_total=200) as bar:  # only for a big catch-up
        idx, report = open_workspace(corpus or root.get("corpus"), index or root.get("index"),
                                     progress=bar, on_wait=console.note, **kw)
    console.report_refresh(report)
    return idx


def _fmt(json_: bool, jsonl: bool, format_: Format | None = None) -> str:
    return formats.choose(format_.value if format_ else None, json_, jsonl, default=config.value("format"))


def _output(json_: bool, jsonl: bool, format_: Format | None, fields: str | None, example: dict[str, Any]) -> tuple[str, list[str] | None, list[str]]:
    """The output format, the `--fields` chosen and the valid field names (those of `example`)."""
    fmt = _fmt(json_, jsonl, format_)
    valid = list(example)
    return fmt, formats.parse_fields(fields, valid), valid


def _filter(source: str | None = None, since: str | None = None, until: str | None = None, ids: list[str] | None = None,
            author: str | None = None, tag: str | None = None, section: str | None = None, language: str | None = None) -> Any:
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
    if stories_:
        return stories(ctx, all_=True, source=source, since=since, until=until, limit=limit, format_=format_,
                       fields=fields, json_=json_, jsonl=jsonl, corpus=corpus, index=index)
    example = records.duplicate_json(0, []) if duplicates else records.article_json(Article("", ""))
    fmt, chosen, valid = _output(json_, jsonl, format_, fields, example)
    f = _filter(source, since, until, author=author, tag=tag, section=section, language=language)
    idx = _workspace(ctx, corpus, index)
    if duplicates:
        from thaw_cli.queries.duplicates import (
            find_duplicates,  # lazy: the fingerprint module and numpy: --duplicates only
        )

        groups = find_duplicates(idx, f, limit=limit)
        if not formats.emit([records.duplicate_json(i, g) for i, g in enumerate(groups, 1)], fmt, chosen, valid):
            members = [i for g in groups for i in g]
            terminal.duplicate_groups(groups, {a.id: a for a in idx.list_articles(ArticleFilter(ids=members))})
        return
    articles = idx.list_articles(f, sort=sort.value, reverse=reverse, limit=limit)
    if not formats.emit([records.article_json(a) for a in articles], fmt, chosen, valid):
        terminal.list_table(articles)


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
        console.write_file_contents(data)
    elif json_:
        formats.write_json(records.article_json(article, body=True))
    else:
        terminal.show_article(article)


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
    from thaw_cli.app.importer import (
        import_files,  # lazy: the importer: the cleaner, trafilatura's reader, the fetcher
    )

    root_obj = ctx.find_root().obj or {}
    target = to or config.user_corpus(corpus or root_obj.get("corpus"))
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
        console.error(f"{src}: {problem}")
    for src, existing in result.duplicates:
        console.note(f"{src}: already in the corpus as {existing} (use --force to import it anyway)")
    if json_:
        formats.write_json([{"source": str(s), "path": str(d), "id": i} for s, d, i in result.imported])
    else:
        for src, dest, _ in result.imported:
            console.note(f"imported {src} -> {dest}")
    if result.problems or result.duplicates:  # any input not imported, whatever the reason
        raise typer.Exit(EXIT_USAGE)


def _fingerprints_of(target: Path, index: Path | None) -> list[Any]:
    if not target.is_dir():
        return []
    from thaw_cli.app.workspace import (
        open_workspace,  # lazy: the index, SQLite and the readers of corpus files: not loaded by --help, --version or a usage error
    )
    idx, report = open_workspace(target, index, on_wait=console.note)
    console.report_refresh(report)
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
    from thaw_cli.app.workspace import (
        open_workspace,  # lazy: the index, SQLite and the readers of corpus files: not loaded by --help, --version or a usage error
    )

    root = ctx.find_root().obj or {}
    with console.progress_bar("indexing") as bar:
        idx, report = open_workspace(corpus or root.get("corpus"), index or root.get("index"),
                                     full=True, rebuild=rebuild, progress=bar, on_wait=console.note,
                                     **_reading(ctx))
    console.report_refresh(report, verbose=not json_)
    if json_:
        formats.write_json({
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
    explain: Annotated[bool, typer.Option("--explain", help="Show why each hit ranks where it does: each word's weight (idf), its count in title, lead and body, the phrase pairs found, and the score they add up to (JSON: a score_parts field).")] = False,
    format_: FormatOpt = None,
    fields: FieldsOpt = None,
    json_: JsonOpt = False,
    jsonl: JsonlOpt = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    max_size: MaxSizeOpt = None,
    follow_links: FollowLinksOpt = None,
) -> None:
    """Full-text search, ranked by BM25F (title, lead and body weighted) with words next to each other first.

    \b
    Syntax:
      word word          all words must match (stemmed in each article's language:
                         agreements finds agreement, Verträge finds Vertrag)
      "exact phrase"     words next to each other
      a OR b             either
      -word, NOT word    exclude
      prefix*            words starting with prefix
      title:word         in the title only (also lead:, body:)
    Case and accents are ignored. Exit status 1 when nothing matches.

    Example: thaw search '"charging standard" OR CHAdeMO' --json
    """
    from thaw_cli.store.search import (
        search as run_search,  # lazy: the query translator: search only
    )

    example = SearchHit("", None, None, None, 0.0, "", [], {} if explain else None)
    fmt, chosen, valid = _output(json_, jsonl, format_, fields, records.hit_json(example))
    f = _filter(source, since, until, author=author, tag=tag, section=section, language=language)
    idx = _workspace(ctx, corpus, index)
    hits = run_search(idx, query, f, limit, explain=explain)
    if not formats.emit([records.hit_json(h) for h in hits], fmt, chosen, valid):
        if hits:
            terminal.search_results(hits, explain=explain)
        elif console.stdout_is_terminal():
            console.note("no articles match")
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
    from thaw_cli.queries.summaries import summaries  # lazy: each command loads its own query only

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, records.summary_json(Summary("", None, None, None, [], [])))
    n = config.value("summary_sentences", sentences)
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    f = _filter(source, since, until, resolved, author=author, tag=tag, section=section, language=language)
    items = summaries(idx, f, sentences=n, limit=limit)
    if not formats.emit([records.summary_json(s) for s in items], fmt, chosen, valid):
        terminal.summaries(items)


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
    from thaw_cli.queries.agreements import (
        across as merged,  # lazy: each command loads its own query only
    )
    from thaw_cli.queries.agreements import agreements as find_agreements  # lazy: as above

    example = (records.group_json(AgreementGroup("", [], "", "", None, [], [])) if across
               else {**records.agreement_json(Agreement("", "", [], "", "", None, [])), "roles": {}})
    fmt, chosen, valid = _output(json_, jsonl, format_, fields, example)
    first, last = _date_bounds(since, until)
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    f = _filter(source, ids=resolved, author=author, tag=tag, section=section, language=language)
    found, dates = find_agreements(
        idx, f, status=status.value if status else None, kind=kind, party=party, since=first, until=last,
    )
    other = idx.count_other_languages(f)
    if other:
        console.note(f"skipped {other} article{'s' if other > 1 else ''} not in English (agreements are extracted from English text only)")
    if across:
        groups = merged(found, dates)
        if not formats.emit([records.group_json(g) for g in groups], fmt, chosen, valid):
            terminal.agreement_groups_table(groups, evidence=evidence)
        return
    if not formats.emit([records.agreement_json(a) for a in found], fmt, chosen, valid):
        terminal.agreements_table(found, evidence=evidence)


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
    root = ctx.find_root().obj or {}
    settings_ = config.effective({"corpus": root.get("corpus"), "index": root.get("index")})
    if json_:
        formats.write_json({
            "config_file": str(config.config_path()),
            "settings": {s.key: {"value": str(s.value) if isinstance(s.value, Path) else s.value,
                                 "origin": s.origin} for s in settings_},
        })
    else:
        terminal.settings_table(settings_, config.config_path(), config.DEFAULT_NOTE)


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
    from thaw_cli.queries.stories import find_stories  # lazy: each command loads its own query only

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, records.story_json(Story("", None, None, None, [])))
    f = _filter(source, since, until)
    idx = _workspace(ctx, corpus, index)
    found = find_stories(idx, f, min_articles=1 if all_ else 2, limit=limit)
    if not formats.emit([records.story_json(s) for s in found], fmt, chosen, valid):
        terminal.stories_table(found)


def _story_articles(idx: Any, story: str) -> list[str]:
    from thaw_cli.queries.stories import (
        story_articles,  # lazy: each command loads its own query only
    )

    found = story_articles(idx, story)
    if found is None:
        raise ThawError(f"no story with id {story!r} (see 'thaw stories --all')")
    return found


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
    from thaw_cli.queries.entities import (
        find_entities,  # lazy: the entity grammar's patterns: entities only
    )

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, records.entity_json(Entity("", "", [], [], 0)))
    idx = _workspace(ctx, corpus, index)
    resolved = [idx.resolve_id(i) for i in ids] if ids else None
    if story:
        members = _story_articles(idx, story)
        resolved = [i for i in members if resolved is None or i in resolved]
    f = _filter(source, since, until, resolved)
    found = find_entities(idx, f, kind=kind.value if kind else None, limit=limit)
    if not formats.emit([records.entity_json(e) for e in found], fmt, chosen, valid):
        terminal.entities_table(found)


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
    from thaw_cli.queries.timeline import find_timeline  # lazy: the event patterns: timeline only

    fmt, chosen, valid = _output(json_, jsonl, format_, fields, records.event_json(TimelineEvent("", "", "", "", "")))
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
    if not formats.emit([records.event_json(e) for e in events], fmt, chosen, valid):
        articles = {e.article for e in events}
        dates = [a.date for a in idx.list_articles(_filter(ids=sorted(articles))) if a.date] if articles else []
        terminal.timeline_view(events, dates)


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
    from thaw_cli.queries.digest import (
        build_digest,  # lazy: the digest loads the entity, event and story modules
    )

    fmt = "json" if json_ else format_.value
    f = _filter(source, since, until, author=author, tag=tag, section=section, language=language)
    idx = _workspace(ctx, corpus, index)
    result = build_digest(idx, f, query=query, limit=limit or None)
    if query and result.articles == 0:
        if fmt == "json":
            formats.write_json(records.digest_json(result))
        else:
            console.note("no articles match")
        raise typer.Exit(EXIT_NOTHING_FOUND)
    if fmt == "terminal" and output is None:
        terminal.digest_view(result)
        return
    import json as _json

    from thaw_cli.output import (  # lazy: the Markdown and HTML digests: only when written
        digest_html,
        digest_md,
    )

    text = {
        "json": lambda: _json.dumps(records.digest_json(result), ensure_ascii=False, indent=2) + "\n",
        "md": lambda: digest_md.digest_markdown(result),
        "html": lambda: digest_html.digest_html(result),
        "terminal": lambda: digest_md.digest_markdown(result),
    }[fmt]()
    if output is None:
        console.write_text(text)
        return
    from thaw_cli.core.atomic import write_atomic  # lazy: tempfile, for --output only

    try:
        write_atomic(output, text, force=force)
    except FileExistsError:
        raise ThawError(f"{output} exists; use --force to replace it") from None
    except OSError as exc:
        raise ThawError(f"cannot write {output}: {exc.strerror}") from None
    console.note(f"wrote {output}")


def command() -> ThawGroup:
    """The `thaw` Click group, with each command built on first use (see typer_compat)."""
    group = lazy_group(app)
    assert isinstance(group, ThawGroup)
    return group


def main() -> None:
    try:
        command()(prog_name="thaw")
    except KeyboardInterrupt:  # Ctrl-C outside a command (start-up, shutdown): no traceback
        console.note("interrupted")
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
