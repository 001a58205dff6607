"""`assistant serve`: one process serving the JSON API, the OpenAI-compatible endpoint and the
web UI, so that a single process owns the embedded Chroma store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import assistant_or_exit, errors, settings_or_exit

if TYPE_CHECKING:
    from fastapi import FastAPI

    from assistant.service import Assistant
    from assistant.settings import Settings

UI_PATH = "/ui"


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default: api.host, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default: api.port, 8080).")
    ] = None,
    ui: Annotated[bool, typer.Option(help="Also serve the web UI at /ui.")] = True,
) -> None:
    """Serve the HTTP API (/api/v1), the OpenAI-compatible API (/v1) and the UI (/ui).

    Binds 127.0.0.1 by default; any other address needs ASSISTANT_API_TOKEN.

    With the UI, another address also needs ASSISTANT_UI_USERNAME and ASSISTANT_UI_PASSWORD.

    An empty index is filled from the corpus folder in the background (/readyz: 503 until then).
    """
    import uvicorn

    from assistant.api.limits import server_options

    settings = _with_address(settings_or_exit(), host, port)
    _check_exposure(settings, ui)
    new_store = store_is_new(settings)
    assistant = assistant_or_exit(ensure_corpus=False)
    assistant.warm_in_background(parser=True)  # while the app and the UI are built
    announce_store(settings, new=new_store)
    app = build_app(assistant, settings, ui=ui)
    _log_to_stderr()
    base = f"http://{_url_host(settings.api.host)}:{settings.api.port}"
    errors.print(f"API: {base}/api/v1  (OpenAI-compatible: {base}/v1, reference: {base}/docs)")
    if any(getattr(route, "path", None) == UI_PATH for route in app.routes):
        errors.print(f"UI:  {base}{UI_PATH}/")
    # One worker, always: the embedded Chroma store must not be opened by two processes.
    uvicorn.run(
        app,
        host=settings.api.host,
        port=settings.api.port,
        log_level="info",
        **server_options(),
    )


def build_app(assistant: Assistant, settings: Settings, *, ui: bool) -> FastAPI:
    """The served app: the API, plus the UI at /ui when ``ui`` (exits 2 on unsafe settings)."""
    from fastapi.responses import RedirectResponse

    from assistant.api import create_app

    _check_exposure(settings, ui)
    app = create_app(assistant, settings, prepare_index=True, ui_path=UI_PATH if ui else None)
    home = f"{UI_PATH}/" if ui and _mount_ui(app, assistant, settings) else "/docs"
    app.add_api_route("/", lambda: RedirectResponse(home), include_in_schema=False)
    return app


def _mount_ui(app: FastAPI, assistant: Assistant, settings: Settings) -> bool:
    """Mount the Gradio UI at /ui with the UI's own safe options; False when it cannot load."""
    try:
        from assistant.ui import build_ui, launch_options
    except ImportError as exc:
        errors.print(f"[yellow]The web UI is not available ({exc}); serving the API only.[/]")
        return False
    import gradio  # after assistant.ui, which makes gradio's import quicker

    try:
        options = launch_options(settings.ui)
    except ValueError as exc:  # e.g. a login name without a password
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None
    # The address is the API's: one server, one port.
    for launch_only in ("server_name", "server_port", "share", "quiet"):
        options.pop(launch_only, None)
    if settings.api.token is not None:
        # The app's UILogin already demands the token (or this login) on every /ui path;
        # gradio's own login on top would ask twice.
        options["auth"] = options["auth_message"] = None
    gradio.mount_gradio_app(
        app,
        build_ui(assistant),
        path=UI_PATH,
        server_name=settings.api.host,
        server_port=settings.api.port,
        **options,
    )
    return True


def store_is_new(settings: Settings) -> bool:
    """Whether the embedded store's folder does not exist yet (opening it will create it)."""
    return settings.data.chroma_host is None and not settings.data.dir.exists()


def announce_store(settings: Settings, *, new: bool) -> None:
    """Say where a newly created store is: the default folder is the user's data folder, not
    the current directory, and a user looking for the data should not have to guess."""
    if new and settings.data.chroma_host is None:
        errors.print(f"Created the store in {settings.data.dir}", highlight=False)


def _with_address(settings: Settings, host: str | None, port: int | None) -> Settings:
    update = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    if not update:
        return settings
    return settings.model_copy(update={"api": settings.api.model_copy(update=update)})


def _check_exposure(settings: Settings, ui: bool) -> None:
    """Exit 2 when serving beyond loopback without a token, or without a UI login.

    The UI cannot check the API's bearer token, so beyond loopback it needs its own login.
    """
    from assistant.net import exposure_problems

    has_login = bool(settings.ui.username and settings.ui.password)
    problems = exposure_problems(
        settings.api.host,
        api_token=settings.api.token is not None,
        ui_login=has_login if ui else None,
    )
    for problem in problems:
        hint = " (or pass --no-ui)" if "web UI" in problem else ""
        errors.print(f"[red]{problem}[/red]{hint}", highlight=False)
    if problems:
        raise typer.Exit(2)


def _log_to_stderr() -> None:
    """Show the assistant's own log lines (background ingest) next to uvicorn's."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger("assistant")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
