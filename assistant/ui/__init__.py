"""The browser UI: a gradio chat in which every citation can be inspected.

``build_ui(assistant)`` returns the page as a ``gradio.Blocks`` (to launch, or to mount in
another app with ``gradio.mount_gradio_app``); ``launch(assistant, settings)`` serves it with
the safe defaults of ``settings.ui``. gradio is imported only when either is called.
"""

from __future__ import annotations

from assistant.ui.gradio_stubs import skip_stub_writing

skip_stub_writing()  # before any module below imports gradio

from assistant.ui.app import build_ui  # noqa: E402
from assistant.ui.launch import launch, launch_options  # noqa: E402

__all__ = ["build_ui", "launch", "launch_options"]
