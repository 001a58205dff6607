"""Fixtures of the API tests: real uvicorn servers on 127.0.0.1 over real assistants."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_support import TOKEN, LiveServer, api_settings

from assistant.api import create_app
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.settings import load_settings


@pytest.fixture(scope="session")
def server(seeded: Assistant) -> Iterator[LiveServer]:
    """The API over the bundled articles, default settings (no token). Read-only use."""
    app = create_app(seeded, seeded.settings)
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


@pytest.fixture(scope="session")
def guarded_server(seeded: Assistant) -> Iterator[LiveServer]:
    """The API over the bundled articles with a bearer token and a small body limit."""
    settings = api_settings(seeded.settings.data.dir, token=TOKEN, max_body_bytes=4096)
    with LiveServer(create_app(seeded, settings)) as live:
        yield live


@pytest.fixture(scope="module")
def blank_assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder
) -> Assistant:
    """An assistant over an empty store of its own: tests may upload and delete articles."""
    data = tmp_path_factory.mktemp("blank") / "data"
    return Assistant(load_settings(data={"dir": data}), embedder=embedder)
