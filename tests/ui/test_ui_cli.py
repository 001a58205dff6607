"""`assistant ui`: refuses unsafe login settings at once; otherwise serves the page on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner
from ui_support import as_from_a_terminal, free_port

from assistant.cli import app


@pytest.mark.unit
def test_a_name_without_a_password_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_UI_USERNAME", "ada")
    result = CliRunner().invoke(app, ["ui"])
    assert result.exit_code == 2
    assert "ASSISTANT_UI_PASSWORD" in result.output


@pytest.mark.unit
def test_binding_beyond_loopback_without_login_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_UI_HOST", "0.0.0.0")
    result = CliRunner().invoke(app, ["ui"])
    assert result.exit_code == 2 and "without a login" in result.output


@pytest.mark.integration
@pytest.mark.slow
def test_serves_the_page_on_loopback_until_interrupted(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_UI_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "PYTHONFAULTHANDLER": "1",  # a process that does not stop shows where it is stuck
    }
    command = [sys.executable, "-m", "assistant.cli", "ui"]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    try:
        page = _wait_for_page(f"http://127.0.0.1:{port}/", process)
        assert "News assistant" in page
        process.send_signal(signal.SIGINT)
        try:
            # Generous: on a loaded 2-core machine the models may still be loading.
            output, _ = process.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
            stuck, _ = process.communicate(timeout=30)
            raise AssertionError(f"assistant ui did not stop on Ctrl+C:\n{stuck}") from None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert f"News assistant on http://127.0.0.1:{port}" in output
    assert "ingesting" in output  # a fresh data folder: the bundled articles went in first


def _wait_for_page(url: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"assistant ui exited early: {process.communicate()[0]}")
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return response.text
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("assistant ui did not serve its page within 120 s")
