"""Shared fixtures: real embedding model (loaded once), real Chroma stores under tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from assistant.resources import bundled_seeds_dir
from assistant.service import Assistant
from assistant.settings import load_settings

SEEDS = bundled_seeds_dir()
SPUN = "003_f2a3d905b203a98f.txt"
DATED = "000_05a6c317fb3580cc.txt"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's settings or writes outside its tmp_path."""
    for name in list(os.environ):
        if name.startswith(("ASSISTANT_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CONFIG", "")  # empty: no settings file at all


@pytest.fixture(scope="session")
def embedder() -> MiniLMOnnxEmbedder:
    return MiniLMOnnxEmbedder()


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    """The real spaCy pipeline, loaded (and its files checked) once."""
    return Annotator()


@pytest.fixture
def make_assistant(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Callable[..., Assistant]:
    """Build an Assistant over a store in tmp_path; keyword overrides are nested settings."""

    def build(**overrides: Any) -> Assistant:
        overrides.setdefault("data", {"dir": tmp_path / "data"})
        return Assistant(load_settings(**overrides), embedder=embedder, annotator=annotator)

    return build


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled articles."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Iterator[Assistant]:
    """One Assistant over the bundled articles, ingested once; tests must not change it."""
    data = tmp_path_factory.mktemp("seeded") / "data"
    assistant = Assistant(load_settings(data={"dir": data}), embedder=embedder, annotator=annotator)
    assistant.ingest()
    yield assistant


def run_cli(
    *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``assistant ARGS`` as its own process, as a user runs it (this environment, updated
    with ``env``); its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=stdin,
        timeout=300,
        check=False,
    )
