"""Server mode: the same pipeline against a real Chroma server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.store import StoreError

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    # The venv's bin folder may not be on PATH (scripts/test does not activate it).
    beside_python = Path(sys.executable).parent / "chroma"
    executable = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    assert executable, "the `chroma` command (from the chromadb package) is not on PATH"
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            executable,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(f"Chroma server did not start: {(tmp_path / 'chroma.log').read_text()}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_ingest_and_answer_through_a_chroma_server(
    make_assistant: Callable[..., Assistant], chroma_server: int
) -> None:
    server = {"chroma_host": "127.0.0.1", "chroma_port": chroma_server}
    assistant = make_assistant(data=server)
    first = assistant.ingest()
    assert first.added == 42
    answer = assistant.ask("Who is the regional head of Crimea?")
    assert "Aksyonov" in answer.answer
    citation = answer.citations[0]
    article = assistant.article(citation.source)
    assert article is not None and article.text[citation.start : citation.end] == citation.text
    # A second process-like client sees the same collection and writes nothing new.
    assert make_assistant(data=server).ingest().wrote_nothing


def test_unreachable_server_is_a_clear_error(make_assistant: Callable[..., Assistant]) -> None:
    with pytest.raises(StoreError, match="ASSISTANT_DATA_CHROMA_HOST"):
        make_assistant(data={"chroma_host": "127.0.0.1", "chroma_port": _free_port()})


def test_moving_the_vectors_to_a_server_needs_a_rebuild(
    make_assistant: Callable[..., Assistant],
    chroma_server: int,
    embedder: MiniLMOnnxEmbedder,
    annotator: Annotator,
) -> None:
    make_assistant().ingest()  # embedded, in the data folder
    server = {"chroma_host": "127.0.0.1", "chroma_port": chroma_server}
    with pytest.raises(StoreError, match="--rebuild"):
        make_assistant(data=server)  # the catalog knows its vectors are not there
    settings = load_settings(data=server)
    rebuilding = Assistant(settings, embedder=embedder, annotator=annotator, rebuild=True)
    report = rebuilding.ingest(rebuild=True)
    assert report.added == 42 and not report.skipped
    moved = make_assistant(data=server)
    assert "Aksyonov" in moved.ask("Who is the regional head of Crimea?").answer
    assert moved.store.vector_ids() == set().union(*moved.store.chunk_ids_by_source().values())


def test_a_server_gone_after_start_is_a_clear_error(
    make_assistant: Callable[..., Assistant], chroma_server: int
) -> None:
    port = _free_port()
    with pytest.raises(StoreError, match="ASSISTANT_DATA_CHROMA_HOST"):
        make_assistant(data={"chroma_host": "127.0.0.1", "chroma_port": port}).ask("Who?")
