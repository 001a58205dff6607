"""Helpers for the API tests: a real uvicorn server in a thread, a server-sent-event reader,
and the fake LLM server of tests/llm."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from assistant.settings import Settings, load_settings

TOKEN = "test-token-4f1c"
# A small article of our own, quick to embed, that the bundled corpus knows nothing about.
LIGHTHOUSE = (
    b"# Harbour lighthouse reopens\n\n"
    b"The old harbour lighthouse in Port Elwin reopened on Saturday after a two-year "
    b"restoration costing 3.4 million euros. The keeper, Mara Olsen, lit the lamp at dusk "
    b"in front of about four hundred residents.\n"
)


class LiveServer:
    """An app served by uvicorn in a thread, on a free loopback port; a context manager."""

    def __init__(self, app: FastAPI) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_keep_alive=5)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self._socket.close()

    def client(self, **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("timeout", 60)
        return httpx.Client(base_url=self.url, **kwargs)


def api_settings(data: Path, **api: Any) -> Settings:
    return load_settings(data={"dir": data}, api=api)


def sse_events(response: httpx.Response) -> list[tuple[str, str]]:
    """(event name, data) of each server-sent event in a streamed response."""
    events, name, data = [], "message", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line.partition(":")[2].strip()
        elif line.startswith("data:"):
            data.append(line.partition(":")[2].removeprefix(" "))
        elif not line and data:
            events.append((name, "\n".join(data)))
            name, data = "message", []
    return events
