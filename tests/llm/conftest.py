"""Fixtures for tests that talk to an LLM: the fake OpenAI-compatible server, and assistants
over the session's seeded index that answer with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from llm.fake_openai import FakeOpenAI, fake_openai, fake_server, llm_settings

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.settings import load_settings

__all__ = ["fake_openai", "fake_server"]  # fixtures, found by pytest through this module


@pytest.fixture(scope="session")
def openai_assistant(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder, fake_server: FakeOpenAI
) -> Assistant:
    """One Assistant with the openai backend on the fake server (default test limits),
    reading the seeded index; tests must not change it."""
    settings = load_settings(
        data={"dir": seeded.settings.data.dir},
        answer={"backend": "openai"},
        llm=llm_settings(fake_server),
    )
    return Assistant(settings, embedder=embedder, annotator=seeded.annotator)


@pytest.fixture
def llm_assistant(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder, fake_openai: FakeOpenAI
) -> Callable[..., Assistant]:
    """Build an Assistant with the openai backend on the fake server, reading the seeded
    index (read only); keyword arguments override ``llm`` settings."""

    def build(**llm: Any) -> Assistant:
        settings = load_settings(
            data={"dir": seeded.settings.data.dir},
            answer={"backend": "openai"},
            llm=llm_settings(fake_openai, **llm),
        )
        return Assistant(settings, embedder=embedder)

    return build
