"""Browser fixtures: the UI served for real on 127.0.0.1 over a real assistant, and Debian's
headless Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from llm.fake_openai import FakeOpenAI
from ui_support import HOSTILE, HOSTILE_NAME, free_port

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.settings import load_settings

if TYPE_CHECKING:
    import gradio as gr
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; its absence fails the browser tests (it never skips them)."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. Install Debian's "
            "chromium package (`sudo apt-get install chromium`; scripts/test does it in CI).",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def fake_llm() -> Iterator[Any]:
    """An OpenAI-compatible server on loopback, for the tests that switch to the LLM."""
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture(scope="session")
def ui_assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, fake_llm: Any
) -> Assistant:
    """The bundled articles plus one hostile article, in a Chroma store of the session.

    Tests may add articles (uploads) and must put back any setting they change."""
    data = tmp_path_factory.mktemp("ui") / "data"
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):  # the developer's settings must not leak in
            if name.startswith(("ASSISTANT_", "OPENAI_")):
                env.delenv(name)
        settings = load_settings(
            data={"dir": data},
            ui={"port": free_port()},
            llm={"base_url": fake_llm.base_url, "model": "fake-model", "max_retries": 0},
        )
    assistant = Assistant(settings, embedder=embedder)
    assistant.ingest()
    assistant.ingest_uploads([(HOSTILE_NAME, HOSTILE)])
    return assistant


@pytest.fixture(scope="session")
def ui_url(ui_assistant: Assistant) -> Iterator[str]:
    """The UI served by ``launch`` (the path `assistant ui` takes) in a thread."""
    from assistant.ui import launch

    demo: gr.Blocks = launch(ui_assistant, block=False)
    try:
        yield f"http://127.0.0.1:{ui_assistant.settings.ui.port}/"
    finally:
        demo.close()


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    from playwright.sync_api import expect, sync_playwright

    # Answers on 2 busy cores can take a few seconds; assertions wait up to this long.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab (its own cookies and storage) at a desktop size; page errors fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()
    assert not errors, f"errors in the page: {errors}"
