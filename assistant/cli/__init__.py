"""The `assistant` command: thin adapters over ``Assistant``; heavy imports happen per command."""

from __future__ import annotations

import typer

from assistant.cli import chat, corpus, evaluate, serve, ui

app = typer.Typer(
    name="assistant",
    help="Answer questions about news articles, with citations. Offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for module in (corpus, chat, evaluate, ui, serve):
    module.register(app)


def main() -> None:
    app()
