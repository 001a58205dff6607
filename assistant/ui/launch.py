"""Serving the UI: the launch options that ``settings.ui`` implies, and ``launch`` itself.

Safe defaults: binds the configured host (127.0.0.1 unless changed), never creates a public
share link, caps the size of uploads, keeps no run history in the browser, and asks for a
login when ``ASSISTANT_UI_USERNAME`` and ``ASSISTANT_UI_PASSWORD`` are both set (required
to bind beyond loopback). The queue
bounds and the concurrency limit are set by ``build_ui``, so they hold when mounted too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.net import exposure_problems
from assistant.settings import Settings, UISettings
from assistant.ui.app import build_ui

if TYPE_CHECKING:
    import gradio as gr

    from assistant.service import Assistant


class LoginSettingsError(ValueError):
    """The login settings are incomplete, or missing where the UI would be exposed."""


def launch_options(ui: UISettings) -> dict[str, Any]:
    """Keyword arguments for ``Blocks.launch`` (also valid for ``mount_gradio_app``, except
    ``server_name``/``server_port``/``share``/``quiet``)."""
    return {
        "server_name": ui.host,
        "server_port": ui.port,
        "share": False,
        "max_file_size": int(ui.max_upload_mb * 1_000_000),
        "auth": login(ui),
        "auth_message": "Log in to the news assistant." if login(ui) else None,
        "show_error": False,
        "footer_links": ["gradio", "settings"],
        "run_history": False,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "quiet": True,
    }


def login(ui: UISettings) -> tuple[str, str] | None:
    """The (name, password) users must log in with, or None when no login is configured."""
    password = ui.password.get_secret_value() if ui.password else None
    if not ui.username and not password:
        return None
    if not ui.username or not password:
        raise LoginSettingsError(
            "Set both ASSISTANT_UI_USERNAME and ASSISTANT_UI_PASSWORD to require a login, "
            "or neither for none."
        )
    return ui.username, password


def check_exposure(ui: UISettings) -> None:
    """Refuse to serve beyond this machine without a login (raises ``LoginSettingsError``):
    anyone who can reach the address could read the articles and add to them."""
    problems = exposure_problems(ui.host, ui_login=login(ui) is not None)
    if problems:
        raise LoginSettingsError(problems[0])


def launch(
    assistant: Assistant, settings: Settings | None = None, *, block: bool = True
) -> gr.Blocks:
    """Serve the UI over ``assistant`` until interrupted (``block=False``: return at once,
    with the server running in a thread; stop it with ``.close()``)."""
    ui = (settings or assistant.settings).ui
    check_exposure(ui)
    options = launch_options(ui)
    demo = build_ui(assistant)
    demo.launch(prevent_thread_lock=not block, **options)
    return demo
