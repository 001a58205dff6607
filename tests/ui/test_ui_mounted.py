"""The UI mounted inside a FastAPI app at /ui (as `assistant serve` does) looks and works the
same, and the upload size limit holds on gradio's upload route."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect
from ui_support import KHARKIV_QUESTION, ask, free_port, open_ui, screenshot

from assistant.service import Assistant
from assistant.ui import build_ui, launch_options

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAUNCH_ONLY = ("server_name", "server_port", "share", "quiet")


@pytest.fixture(scope="module")
def mounted_url(ui_assistant: Assistant) -> Iterator[str]:
    import gradio
    import uvicorn

    ui = ui_assistant.settings.ui.model_copy(update={"max_upload_mb": 0.01})
    options = {k: v for k, v in launch_options(ui).items() if k not in LAUNCH_ONLY}
    app = gradio.mount_gradio_app(FastAPI(), build_ui(ui_assistant), path="/ui", **options)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mounted UI did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/ui/"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_mounted_ui_has_its_style_and_chip_clicks(page: Page, mounted_url: str) -> None:
    open_ui(page, mounted_url)
    ask(page, KHARKIV_QUESTION)
    chip = page.locator("#chat button.cite-chip").first
    expect(chip).to_be_visible()
    assert chip.evaluate("c => getComputedStyle(c).borderRadius") == "999px"  # ui.css applies
    chip.click()
    expect(page.locator("#evidence-panel .ev-card.is-focused .ev-passage mark")).to_contain_text(
        "Vitaly Ganchev"
    )
    screenshot(page, "mounted")


def test_upload_over_the_limit_is_refused_by_the_server(mounted_url: str) -> None:
    upload = f"{mounted_url}gradio_api/upload"
    small = httpx.post(upload, files={"files": ("small.txt", b"x" * 5_000)}, timeout=30)
    assert small.status_code == 200
    large = httpx.post(upload, files={"files": ("large.txt", b"x" * 20_000)}, timeout=30)
    assert large.status_code == 413


def test_building_the_page_reads_no_article_list(
    ui_assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # serve builds the page before it is ready: listing every article there would make its
    # start grow with the corpus. The table is filled when a browser loads the page.
    calls: list[str] = []
    listing = ui_assistant.documents

    def counted() -> object:
        calls.append("documents")
        return listing()

    monkeypatch.setattr(ui_assistant, "documents", counted)
    build_ui(ui_assistant)
    assert calls == []
