"""`assistant ui`: the chat in a browser, over the configured corpus."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.common import assistant_or_exit, console, errors, settings_or_exit
from assistant.cli.options import override
from assistant.cli.serve import announce_store, store_is_new


def register(app: typer.Typer) -> None:
    app.command()(ui)


def ui(
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default: ui.host, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default: ui.port, 7860).")
    ] = None,
) -> None:
    """Start the browser chat on --host:--port (ASSISTANT_UI_HOST:ASSISTANT_UI_PORT,
    127.0.0.1:7860).

    Ingests the corpus folder first if the index is empty. Ctrl+C stops it.

    Login: set ASSISTANT_UI_USERNAME and ASSISTANT_UI_PASSWORD (needed beyond 127.0.0.1).
    """
    from assistant.ui.launch import LoginSettingsError, check_exposure, launch, login

    override("ui", host=host, port=port)
    try:  # before the embedding model loads: bad login settings should fail at once
        ui_settings = settings_or_exit().ui
        check_exposure(ui_settings)
        needs_login = login(ui_settings) is not None
    except LoginSettingsError as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None
    new_store = store_is_new(settings_or_exit())
    assistant = assistant_or_exit()
    settings = assistant.settings
    announce_store(settings, new=new_store)
    host = f"[{settings.ui.host}]" if ":" in settings.ui.host else settings.ui.host
    console.print(
        f"News assistant on http://{host}:{settings.ui.port}"
        f"{'  (login required)' if needs_login else ''}  — Ctrl+C to stop.",
        highlight=False,
    )
    try:
        launch(assistant, settings)
    except OSError as exc:  # the port is taken, or the address cannot be bound
        errors.print(
            f"[red]Cannot serve on {settings.ui.host}:{settings.ui.port}: {exc}[/red]\n"
            "Pass --port (or set ASSISTANT_UI_PORT) with a free port.",
            highlight=False,
        )
        raise typer.Exit(2) from None
