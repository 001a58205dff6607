"""The `assistant` command: thin adapters over ``Assistant``; heavy imports happen per command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from assistant.cli import chat, corpus, evaluate, serve, timeline, ui
from assistant.cli.options import normalise_flags, with_store_options

app = typer.Typer(
    name="assistant",
    help="Answer questions about news articles, with citations. Offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for module in (corpus, chat, timeline, evaluate, ui, serve):
    module.register(app)
for registered in app.registered_commands:
    if registered.callback is not None:
        registered.callback = with_store_options(registered.callback)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("assistant")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"assistant {version()}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Answer questions about news articles, with citations. Offline by default."""


def main() -> None:
    command = typer.main.get_command(app)
    assert isinstance(command, TyperGroup)
    command(args=normalise_flags(command, sys.argv[1:]), prog_name="assistant")
