"""`assistant ingest`, `assistant ask` and `assistant documents`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import (
    OutletOption,
    SinceOption,
    UntilOption,
    answer_or_exit,
    assistant_or_exit,
    console,
    end_now,
    errors,
    ingest_progress_bar,
    print_answer,
    print_report,
    read_filters,
    resolve_filters_or_exit,
    settings_or_exit,
    writing_or_exit,
)
from assistant.cli.output import tsv_field

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.types import ArticleInfo


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(ask)
    app.command()(documents)


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders of articles (default: the corpus folder)."),
    ] = None,
    prune: Annotated[
        bool, typer.Option(help="Also remove stored articles that are not under PATHS.")
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            help="Embed every stored article again (from its stored text) as well as PATHS, "
            "e.g. after switching the embedding model."
        ),
    ] = False,
) -> None:
    """Ingest .txt, .md and .html articles; re-running only writes what changed.

    Exit code 1 when any file was skipped (each is listed with the reason), when another
    process is writing to the store, or when a prune was refused (nothing is changed then).
    """
    assistant = assistant_or_exit(ensure_corpus=False, rebuild=rebuild)
    _announce_rework(assistant)
    with writing_or_exit(), ingest_progress_bar() as progress:
        report = assistant.ingest(paths or None, prune=prune, rebuild=rebuild, progress=progress)
    print_report(report)
    if report.failed:
        raise typer.Exit(1)


_ANNOTATED_PER_S = 8  # articles spaCy reads again per second (measured on 2 cores, issue 11)


def _announce_rework(assistant: Assistant) -> None:
    """Say before it starts the long work an ingest does on articles already stored: reading
    them again when the reader's annotations changed, grouping them again when the story rule
    did."""
    from assistant.ingest.stories import regroup_due

    stale = assistant.store.catalog.unannotated()
    if stale:
        errors.print(
            f"{stale} stored articles were annotated for an older version of the reader: they "
            f"are read again by spaCy, their vectors kept (about "
            f"{max(1, round(stale / _ANNOTATED_PER_S))} s).",
            highlight=False,
        )
    due = regroup_due(assistant.store.catalog)
    if due:
        errors.print(
            f"The story grouping rule has changed since this store was built: after the "
            f"articles are written, all {due} stored articles are grouped into stories again "
            f"(about {max(1, round(due / 500))} s).",
            highlight=False,
        )


def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON.")] = False,
    top_k: Annotated[
        int | None, typer.Option(min=1, max=50, help="Passages to retrieve (default: settings).")
    ] = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Answer one question with numbered sources.

    --outlet, --since and --until restrict the articles searched, e.g.
    `assistant ask --outlet TASS --since 2017-03-01 --until 2017-03-31 "..."`; an outlet no
    article is from is exit 2, with the known ones listed.
    """
    if not question.strip():
        errors.print(
            '[red]The question is empty.[/red] Ask e.g. `assistant ask "Who visited Kyiv?"`'
        )
        raise typer.Exit(2)
    given = read_filters(outlet, since, until)
    assistant = assistant_or_exit()
    filters = resolve_filters_or_exit(assistant, given)
    if not assistant.search_ahead(question, filters, top_k):
        assistant.warm_in_background()
    answer = answer_or_exit(lambda: assistant.ask(question, top_k=top_k, filters=filters))
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
    else:
        print_answer(answer)
    if not assistant.store.vectors_opened:
        end_now()  # nothing was written here: skip the interpreter's slow teardown


def documents(
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per line (JSON Lines) per article.")
    ] = False,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories", help="Only articles whose story other articles carry too, by story."
        ),
    ] = False,
) -> None:
    """List the indexed articles.

    In a terminal: aligned columns. Piped or redirected: one tab-separated line per article
    (id, date, chunks, source, outlet, title, url, story, the story's outlets separated by
    ';', the source it copies; empty when unknown). --json: one JSON object per line (id,
    source, title, date, outlet, url, chunks, story, story_size, story_outlets, copy_of).
    --stories: the stories carried by several articles (wire copy, re-spun copies, updates,
    one event reported by several outlets), each followed by its articles.
    """
    infos = _documents()
    if not infos:
        # On stderr: the listing itself stays empty for programs that read it.
        errors.print("No articles are stored yet: run `assistant ingest <folder>`.")
    if stories:
        infos = sorted(
            (i for i in infos if i.story_size > 1), key=lambda i: (i.story or 0, i.date or "")
        )
    if as_json:
        for info in infos:
            typer.echo(info.model_dump_json())
        return
    if not console.is_terminal:
        for info in infos:
            fields = (
                info.id,
                info.date,
                info.chunks,
                info.source,
                info.outlet,
                info.title,
                info.url,
                info.story,
                ";".join(info.story_outlets),
                info.copy_of,
            )
            typer.echo("\t".join(tsv_field(f) for f in fields))
        return
    shown_story = None
    for info in infos:
        if stories and info.story != shown_story:
            shown_story = info.story
            outlets = ", ".join(info.story_outlets) or "outlet unknown"
            console.print(
                f"\nStory {info.story}: {info.story_size} articles, "
                f"{len(info.story_outlets)} outlet(s): {outlets}",
                highlight=False,
                markup=False,
            )
        tags = ""
        if info.story_size > 1 and not stories:
            tags = f"  [story {info.story}: {info.story_size} articles]"
        if info.copy_of:
            tags += f"  [copy of {info.copy_of}]"
        console.print(
            f"{info.id}  {info.date or '----------'}  {info.chunks:4d} chunks  {info.source}  "
            f"{info.title}{tags}",
            highlight=False,
            markup=False,
        )


def _documents() -> list[ArticleInfo]:
    """The stored articles, read from the catalog alone when there is one (no models, no
    vectors: the listing is instant at any corpus size)."""
    from assistant.catalog import Catalog, catalog_file

    data = settings_or_exit().data
    path = catalog_file(data.dir, data.collection)
    if path.exists():
        return Catalog(path).infos()
    if not data.chroma_host and not (data.dir / "chroma.sqlite3").exists():
        return []  # no store here: nothing to list, and nothing is created
    # A store written by an earlier version: opening it moves its articles to a catalog.
    return assistant_or_exit(ensure_corpus=False).documents()
