"""What every command shares: settings with readable errors, the assistant, progress, sources."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from assistant.ingest import IngestReport, Progress
    from assistant.service import Assistant
    from assistant.types import Answer

console = Console()
errors = Console(stderr=True)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False)
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
        with writing_or_exit(), progress_bar() as progress:
            report = assistant.ingest(progress=progress)
        print_report(report)
    return assistant


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
def progress_bar(label: str = "Ingesting articles") -> Iterator[Progress]:
    """A rich progress bar on stderr, fed as ``progress(done, total, article)``."""
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
    if answer.warning:
        console.print(f"[yellow]! {escape(answer.warning)}[/yellow]")
    if answer.fallback:
        console.print(f"[dim](offline answer used: {escape(answer.fallback)})[/dim]")
    if answer.citations:
        console.print("\nSources:")
    for c in answer.citations:
        date = f", {c.date}" if c.date else ""
        console.print(
            f"  [{c.marker}] {escape(c.title)}{date} — {escape(c.source)} "
            f"(chars {c.start}-{c.end})",
            highlight=False,
        )
        console.print(f"      “{escape(c.text)}”", highlight=False, style="dim")
