"""What every command shares: settings with readable errors, the assistant, progress, sources."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.markup import escape

from assistant.cite import dated_span, story_note
from assistant.cli.options import overrides
from assistant.cli.output import Output
from assistant.settings import Settings, SettingsError, load_settings, settings_warnings

if TYPE_CHECKING:
    from assistant.ingest import IngestReport, Progress, Throughput
    from assistant.service import Assistant
    from assistant.types import Answer, Filters

console = Output()
errors = Output(stderr=True)
_warned = False

OutletOption = Annotated[
    list[str] | None,
    typer.Option(
        "--outlet",
        metavar="NAME",
        help="Search only articles from this outlet (case-insensitive; repeat for several). "
        "Without it, a question naming a stored outlet ('according to TASS') is restricted "
        "to that outlet.",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Search only articles published on or after this date (2017-03-01, "
        "'March 2017': its first day).",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Search only articles published on or before this date ('March 2017': its last day).",
    ),
]


def settings_or_exit() -> Settings:
    """The settings (command-line options over environment over TOML); warns once about what
    looks like a mistake, exits 2 on an invalid value."""
    global _warned
    if not _warned:
        _warned = True
        for warning in settings_warnings():
            errors.print(f"[yellow]Warning:[/yellow] {escape(warning)}", highlight=False)
    try:
        return load_settings(**overrides())
    except SettingsError as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from None


def assistant_or_exit(*, ensure_corpus: bool = True, rebuild: bool = False) -> Assistant:
    """Build the assistant; on a fresh checkout, ingest the corpus folder first (with progress).
    ``rebuild``: open a store built by another embedding model too (``ingest --rebuild``)."""
    from assistant.embed import EmbeddingError
    from assistant.service import Assistant
    from assistant.store import StoreError

    settings = settings_or_exit()
    try:
        assistant = Assistant(settings, rebuild=rebuild)
    except (StoreError, EmbeddingError, ImportError, ValueError) as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None
    if ensure_corpus and not assistant.store.count():
        errors.print(f"The index is empty: ingesting {settings.corpus.dir} first.")
        with writing_or_exit(), ingest_progress_bar() as progress:
            report = assistant.ingest(progress=progress)
        print_report(report)
    return assistant


def read_filters(outlets: list[str] | None, since: str | None, until: str | None) -> Filters:
    """The filters given on the command line; exit 2 naming the option at fault."""
    from assistant.filters import FilterError, read_filters

    try:
        return read_filters(outlets, since, until)
    except FilterError as exc:
        option = {"outlets": "outlet"}.get(exc.param, exc.param)
        message = str(exc).removeprefix(f"{exc.param}: ")
        errors.print(f"[red]--{option}: {escape(message)}[/red]", highlight=False)
        raise typer.Exit(2) from None


def resolve_filters_or_exit(assistant: Assistant, filters: Filters) -> Filters | None:
    """``filters`` with outlets as stored (None when nothing is restricted); exit 2 when an
    outlet is one no article is from (the message lists the known ones)."""
    from assistant.filters import UnknownOutlet

    try:
        return assistant.resolve_filters(filters)
    except UnknownOutlet as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def end_now() -> NoReturn:
    """End a read-only command at once, its output flushed: the interpreter's teardown of
    the loaded language model's objects takes 0.3 s, a fifth of a cold ``ask``. Only for
    commands that wrote nothing: no finaliser runs."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def answer_or_exit(ask: Callable[[], Answer]) -> Answer:
    """The answer, or exit 2 with the message when a model cannot be loaded or the vectors
    cannot be reached (both are opened at the first question)."""
    from assistant.embed import EmbeddingError
    from assistant.language import LanguageModelError
    from assistant.store import StoreError

    try:
        return ask()
    except (EmbeddingError, LanguageModelError, StoreError) as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None


@contextmanager
def writing_or_exit() -> Iterator[None]:
    """Exit 1 with the message when the store is busy (another process writes) or the write
    was refused (a prune that would lose articles); nothing was changed then."""
    from assistant.ingest import IngestRefused
    from assistant.writelock import StoreBusy

    try:
        yield
    except (StoreBusy, IngestRefused) as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A rich progress bar on stderr, fed as ``progress(done, total, item)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[article]}"),
        console=errors,
        transient=False,
    )
    task = bar.add_task(label, total=None, article="")

    def update(done: int, total: int, article: str) -> None:
        bar.update(task, completed=done, total=total, article=article)

    with bar:
        yield update


@contextmanager
def ingest_progress_bar() -> Iterator[Progress]:
    """The progress bar of an ingest run, with its speed in articles and tokens a second."""

    def show(state: Throughput) -> None:
        speed = f"{state.articles_per_second:.1f} articles/s, {state.tokens_per_second:,.0f}"
        update(state.done, state.total, f"{speed} tokens/s  {state.label}")

    with progress_bar("Ingesting articles") as update:
        yield show


def print_report(report: IngestReport) -> None:
    errors.print(
        f"Articles: {report.articles}  updated: {len(report.updated_articles)}  "
        f"re-embedded from the store: {len(report.reembedded_articles)}  "
        f"chunks added: {report.added}  removed: {report.removed}  "
        f"unchanged: {report.unchanged}  files skipped: {len(report.skipped)}"
    )
    if report.wrote_nothing and not report.skipped:
        errors.print("Nothing changed: the index already matches these articles.")
    for source in report.pruned_articles:
        errors.print(f"  removed article no longer present: {source}")
    for skipped in report.skipped:
        # soft_wrap: a long path stays on one line, so it can be copied and grepped.
        errors.print(
            f"  [yellow]skipped[/yellow] {skipped.path}: {skipped.reason}",
            highlight=False,
            soft_wrap=True,
        )


def print_answer(answer: Answer) -> None:
    """The answer, then its numbered sources with the quoted span."""
    from rich.markup import escape

    style = "yellow" if answer.abstained else "bold"
    console.print(f"[{style}]{escape(answer.answer)}[/{style}]", highlight=False)
    if answer.filters:
        console.print(
            f"[dim](searched only articles {escape(answer.filters.describe())})[/dim]",
            highlight=False,
        )
    if answer.warning:
        console.print(f"[yellow]! {escape(answer.warning)}[/yellow]")
    if answer.fallback:
        console.print(f"[dim](offline answer used: {escape(answer.fallback)})[/dim]")
    if answer.citations:
        console.print("\nSources:")
    for c in answer.citations:
        date = f", {c.date}" if c.date else ""
        outlet = f"{escape(c.outlet)} — " if c.outlet else ""
        console.print(
            f"  [{c.marker}] {outlet}{escape(c.title)}{date} — {escape(c.source)} "
            f"(chars {c.start}-{c.end})",
            highlight=False,
        )
        note = story_note(c)
        if note:
            console.print(f"      {escape(note)}", highlight=False)
        console.print(f"      “{escape(dated_span(c))}”", highlight=False, style="dim")
