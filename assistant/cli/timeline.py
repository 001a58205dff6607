"""`assistant timeline`: the dated developments of a story across the articles, oldest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from assistant.cli.common import (
    OutletOption,
    SinceOption,
    UntilOption,
    assistant_or_exit,
    console,
    errors,
    read_filters,
    resolve_filters_or_exit,
)

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.types import Filters, Timeline


def register(app: typer.Typer) -> None:
    app.command()(timeline)


def timeline(
    topic: Annotated[str, typer.Argument(help="The story, in a few words.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Timeline as JSON.")] = False,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """The dated developments of a story across the articles, oldest first: one cited
    sentence per article, reports that say the same collapsed into one entry naming the other
    outlets.

    --outlet, --since and --until restrict the articles searched, as for `ask`. A topic the
    articles do not cover prints a message saying so (exit code 0; with --json an empty
    timeline, the message on stderr).
    """
    if not topic.strip():
        errors.print(
            '[red]The topic is empty.[/red] Name a story, e.g. `assistant timeline "Oroville dam"`'
        )
        raise typer.Exit(2)
    given = read_filters(outlet, since, until)
    assistant = assistant_or_exit()
    filters = resolve_filters_or_exit(assistant, given)
    assistant.warm_in_background()
    found = _timeline_or_exit(assistant, topic, filters)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
        if not found.entries:
            errors.print(_empty(found), highlight=False, markup=False)
        return
    print_timeline(found)


def print_timeline(found: Timeline) -> None:
    """The entries, oldest first, each with its date and the other outlets that say the same,
    then their numbered sources with the quoted span."""
    scope = (
        f"[dim](searched only articles {escape(found.filters.describe())})[/dim]"
        if found.filters
        else ""
    )
    if not found.entries:
        console.print(f"[yellow]{escape(_empty(found))}[/yellow]", highlight=False)
        if scope:
            console.print(scope, highlight=False)
        return
    console.print(f"[bold]Timeline of “{escape(found.topic)}”[/bold]", highlight=False)
    if scope:
        console.print(scope, highlight=False)
    for entry in found.entries:
        also = f" [dim](also: {escape(', '.join(entry.also))})[/dim]" if entry.also else ""
        date = entry.date or "date unknown"
        console.print(f"  {escape(date):<12} {escape(entry.text)}{also}", highlight=False)
    console.print("\nSources:")
    for entry in found.entries:
        c = entry.citation
        outlet = f"{escape(c.outlet)} — " if c.outlet else ""
        console.print(
            f"  [{c.marker}] {outlet}{escape(c.title)} — {escape(c.source)} "
            f"(chars {c.start}-{c.end})",
            highlight=False,
        )
        for when in c.dates:
            console.print(f"      “{escape(when.text)}”: {escape(when.label)}", highlight=False)


def _timeline_or_exit(assistant: Assistant, topic: str, filters: Filters | None) -> Timeline:
    """The timeline, or exit 2 with the message when a model cannot be loaded or the vectors
    cannot be reached (as ``ask`` does)."""
    from assistant.embed import EmbeddingError
    from assistant.language import LanguageModelError
    from assistant.store import StoreError

    try:
        return assistant.timeline(topic, filters=filters)
    except (EmbeddingError, LanguageModelError, StoreError) as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from None


def _empty(found: Timeline) -> str:
    from assistant.timeline import empty_text

    return empty_text(found)
