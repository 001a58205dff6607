"""`assistant chat`: an interactive conversation in the terminal, with numbered sources."""

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
    print_answer,
    read_filters,
    resolve_filters_or_exit,
)

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.service import Assistant
    from assistant.types import Answer, Filters

HELP = (
    "Ask about the articles; follow-up questions see the earlier turns.\n"
    "/help lists the commands, /new starts a new conversation, /history lists it, "
    "/quit (or Ctrl-D) leaves; Ctrl-C stops an answer."
)
COMMANDS = {
    "/help": "list these commands",
    "/new": "start a new conversation (earlier turns are forgotten)",
    "/history": "list the questions and answers of this conversation",
    "/quit": "leave (also /exit, Ctrl-D)",
}


def register(app: typer.Typer) -> None:
    app.command()(chat)


def chat(
    top_k: Annotated[
        int | None, typer.Option(min=1, max=50, help="Passages to retrieve (default: settings).")
    ] = None,
    show_rewrite: Annotated[
        bool,
        typer.Option(
            "--show-rewrite/--hide-rewrite",
            help="Show how a follow-up question was understood.",
        ),
    ] = True,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Chat with the assistant: answers with numbered sources, follow-ups understood.

    --outlet, --since and --until restrict the articles every question of the chat searches.
    """
    given = read_filters(outlet, since, until)
    assistant = assistant_or_exit()
    filters = resolve_filters_or_exit(assistant, given)
    if assistant.backend_problem:
        errors.print(
            f"[yellow]The LLM backend is not available:[/yellow] {assistant.backend_problem}\n"
            "Answers come from the offline backend until it is fixed.",
            highlight=False,
        )
    session = assistant.chat()
    console.print(f"[dim]{HELP}[/dim]", highlight=False)
    if filters is not None:
        scope = escape(filters.describe())
        console.print(f"[dim]Searching only articles {scope}.[/dim]", highlight=False)
    while (question := _read_question()) is not None:
        if question.startswith("/"):
            session = _command(question, session, assistant) or session
            if question in ("/quit", "/exit"):
                return
            continue
        answer = _answer(session, question, top_k, filters)
        if answer is None:
            continue
        if show_rewrite and answer.standalone_question != question:
            understood = answer.standalone_question
            console.print(f"[dim](understood as: {understood})[/dim]", highlight=False)
        print_answer(answer)
        console.print()


def _read_question() -> str | None:
    """The next non-empty line typed, or None at the end of input (Ctrl-D, Ctrl-C)."""
    while True:
        try:
            line = console.input("[bold cyan]You:[/bold cyan] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return None
        if line.strip():
            return line.strip()


def _command(command: str, session: ChatSession, assistant: Assistant) -> ChatSession | None:
    """Run a slash command; a new session when the conversation restarts."""
    if command in ("/help", "/?"):
        console.print("Commands:", highlight=False)
        for name, what in COMMANDS.items():
            console.print(f"  {name:<9} {what}", highlight=False, markup=False)
        console.print("Anything else is a question; Ctrl-C stops an answer.", highlight=False)
        return None
    if command == "/new":
        console.print("[dim]New conversation.[/dim]")
        return assistant.chat()
    if command == "/history":
        for number, turn in enumerate(session.turns, start=1):
            console.print(f"[bold]{number}. {turn.question}[/bold]", highlight=False)
            console.print(f"   {turn.answer}", highlight=False)
        if not session.turns:
            console.print("[dim]No questions yet.[/dim]")
    elif command not in ("/quit", "/exit"):
        known = ", ".join(COMMANDS)
        console.print(
            f"[yellow]Unknown command {escape(command)}.[/yellow] Commands: {known}.",
            highlight=False,
        )
    return None


def _answer(
    session: ChatSession, question: str, top_k: int | None, filters: Filters | None = None
) -> Answer | None:
    """Stream the answer's text as it comes (shown live, then replaced by the final answer
    with its sources); None when the user stopped it."""
    from rich.live import Live
    from rich.text import Text

    streamed = Text()
    try:
        with Live(streamed, console=console, transient=True, refresh_per_second=12):
            for event in session.stream(question, top_k=top_k, filters=filters):
                if event.delta:
                    streamed.append(event.delta)
                if event.answer is not None:
                    return event.answer
    except KeyboardInterrupt:
        console.print("[yellow](stopped)[/yellow]")
        return None
    errors.print("[red]The answer stream ended without an answer.[/red]")
    return None
