"""`assistant serve`: one process with the API, the OpenAI-compatible endpoint and the UI."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import LIGHTHOUSE, LiveServer
from typer.testing import CliRunner

from assistant.cli import app as cli
from assistant.cli.serve import build_app
from assistant.service import Assistant

ASSISTANT_COMMAND = Path(sys.executable).with_name("assistant")


@pytest.mark.integration
def test_the_served_app_has_the_ui_the_api_and_the_probes(seeded: Assistant) -> None:
    app = build_app(seeded, seeded.settings, ui=True)
    with LiveServer(app) as live, live.client() as http:
        home = http.get("/", follow_redirects=False)
        page = http.get("/ui/")
        answer = http.post("/api/v1/ask", json={"question": "Who visited Kyiv on Thursday?"})
        models = http.get("/v1/models")
        ready = wait_ready(http)
    assert home.status_code == 307 and home.headers["location"] == "/ui/"
    assert page.status_code == 200 and "gradio" in page.text.lower()
    assert answer.status_code == 200 and "Blinken" in answer.json()["answer"]
    assert models.json()["data"][0]["id"] == "news-assistant"
    assert ready.json()["status"] == "ready"


@pytest.mark.integration
def test_without_the_ui_home_is_the_api_reference(seeded: Assistant) -> None:
    app = build_app(seeded, seeded.settings, ui=False)
    with LiveServer(app) as live, live.client() as http:
        assert http.get("/", follow_redirects=False).headers["location"] == "/docs"
        assert http.get("/ui/").status_code == 404


@pytest.mark.unit
def test_serve_refuses_an_exposed_address_without_a_token() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "ASSISTANT_API_TOKEN" in result.output


@pytest.mark.unit
def test_serve_refuses_an_exposed_ui_without_a_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_API_TOKEN", "secret")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "ASSISTANT_UI_USERNAME" in result.output and "--no-ui" in result.output


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`assistant serve` in a subprocess over a fresh data folder and a one-article corpus."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "lighthouse.md").write_bytes(LIGHTHOUSE)
    port = free_port()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_API_PORT": str(port)}
    process = subprocess.Popen(
        [str(ASSISTANT_COMMAND), "serve", "--no-ui"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.integration
@pytest.mark.slow
def test_serve_starts_ingests_in_the_background_and_stops_cleanly(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = served
    with httpx.Client(base_url=url, timeout=30) as http:
        wait_alive(http, process)
        ready = wait_ready(http)
        answer = http.post("/api/v1/ask", json={"question": "Who lit the lighthouse lamp?"})
    assert ready.json()["status"] == "ready" and ready.json()["chunks"] >= 1
    assert "Mara Olsen" in answer.json()["answer"]
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "the index is ready" in output and f"{url}/api/v1" in output


def wait_alive(http: httpx.Client, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        try:
            if http.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("`assistant serve` did not answer /healthz within 60 s")


def wait_ready(http: httpx.Client) -> httpx.Response:
    deadline = time.monotonic() + 60
    while (ready := http.get("/readyz")).status_code == 503:
        assert ready.json()["status"] == "starting", ready.json()
        assert time.monotonic() < deadline, "the index was not ready within 60 s"
        time.sleep(0.2)
    assert ready.status_code == 200
    return ready


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
