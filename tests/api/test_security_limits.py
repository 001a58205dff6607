"""Issue 10, item 11: limits on every route (the mounted UI too), on request heads, on slow
clients, on conversations and on turns, each tried against a real server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from api_support import LiveServer, api_settings
from fastapi import FastAPI

from assistant.api import create_app
from assistant.api.limits import MAX_SESSIONS, SessionQuota, SlowClientGuard, server_options
from assistant.cli.serve import build_app
from assistant.service import Assistant
from assistant.types import Turn

pytestmark = pytest.mark.integration


def error_code(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    return str(response.json()["error"]["code"])


@pytest.mark.slow
def test_the_mounted_ui_has_the_body_limit_too(blank_assistant: Assistant) -> None:
    settings = api_settings(blank_assistant.settings.data.dir, max_body_bytes=4096)
    app = build_app(blank_assistant, settings, ui=True)
    big = b"x" * 100_000  # far under the UI's own 5 MB file limit

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        boundary = b"--b\r\nContent-Disposition: form-data; name=files; filename=a.txt\r\n\r\n"
        yield boundary
        for _ in range(25):
            yield b"x" * 4096
        yield b"\r\n--b--\r\n"

    with LiveServer(app) as live, live.client() as http:
        declared = http.post("/ui/gradio_api/upload", files={"files": ("a.txt", big)})
        assert error_code(declared, 413) == "body_too_large"
        streamed = http.post(
            "/ui/gradio_api/upload",
            content=chunked(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert error_code(streamed, 413) == "body_too_large"
        small = http.post("/ui/gradio_api/upload", files={"files": ("a.txt", b"x" * 100)})
        assert small.status_code == 200


class Served:
    """An app under uvicorn with ``server_options()``, as `assistant serve` runs it."""

    def __init__(self, app: FastAPI, protocol: type = SlowClientGuard) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        options = {**server_options(), "http": protocol}
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **options))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> Served:
        self._thread.start()
        while not self._server.started:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def raw(self, data: bytes, *, wait: float = 5.0) -> bytes:
        """Send ``data`` on a fresh connection; what comes back before it closes or ``wait``."""
        with socket.create_connection(("127.0.0.1", self.port)) as conn:
            conn.sendall(data)
            conn.settimeout(wait)
            received = b""
            try:
                while chunk := conn.recv(65536):
                    received += chunk
            except TimeoutError:
                pass
            return received


class _QuickGuard(SlowClientGuard):  # type: ignore[misc]
    header_seconds = 0.5
    request_seconds = 1.0


def test_an_oversized_request_head_is_refused(seeded: Assistant) -> None:
    with Served(create_app(seeded, seeded.settings)) as served:
        huge = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 100_000 + b"\r\n\r\n"
        reply = served.raw(huge)
        assert reply.startswith(b"HTTP/1.1 431") and b'"code":"headers_too_large"' in reply
        dribbled = served.raw(huge[:50_000])  # arrives, but never ends
        assert dribbled.startswith(b"HTTP/1.1 431")
        fine = served.raw(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert fine.startswith(b"HTTP/1.1 200")


def test_a_slow_client_is_disconnected(seeded: Assistant) -> None:
    with Served(create_app(seeded, seeded.settings), _QuickGuard) as served:
        started = time.monotonic()
        reply = served.raw(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", wait=10)
        assert reply == b"" and time.monotonic() - started < 5  # closed, not left open
        body = b"POST /api/v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99\r\n\r\n{"
        started = time.monotonic()
        assert served.raw(body, wait=10) == b"" and time.monotonic() - started < 5


def test_server_options_bound_connections_and_keep_alive() -> None:
    options = server_options()
    assert options["limit_concurrency"] and options["timeout_keep_alive"] <= 10
    assert options["h11_max_incomplete_event_size"] <= 64 * 1024


@pytest.mark.slow
def test_a_flood_of_new_sessions_is_refused_and_evicts_nobody(seeded: Assistant) -> None:
    with LiveServer(create_app(seeded, seeded.settings)) as live, live.client() as http:
        victim = http.post("/api/v1/sessions").json()["id"]
        statuses = [http.post("/api/v1/sessions").status_code for _ in range(1_000)]
        refused = http.post("/api/v1/sessions")
        assert error_code(refused, 429) == "too_many_sessions"
        assert statuses.count(201) == MAX_SESSIONS - 1 and statuses.count(429) > 0
        assert http.get(f"/api/v1/sessions/{victim}").status_code == 200
        ids = [s for s in [victim] if http.delete(f"/api/v1/sessions/{s}").status_code == 204]
        assert ids == [victim]
        assert http.post("/api/v1/sessions").status_code == 201  # a freed place is usable


def test_idle_sessions_expire_and_free_their_place(seeded: Assistant) -> None:
    quota = SessionQuota(seeded, max_sessions=2, idle_seconds=0.2)
    first = quota.create()
    quota.create()
    with pytest.raises(Exception, match="maximum of 2"):
        quota.create()
    time.sleep(0.3)
    assert quota.create() is not None
    assert quota.get(first.id) is None and seeded.sessions.get(first.id) is None


def test_a_session_takes_a_bounded_number_of_turns(blank_assistant: Assistant) -> None:
    settings = api_settings(blank_assistant.settings.data.dir)
    with LiveServer(create_app(blank_assistant, settings)) as live, live.client() as http:
        session = http.post("/api/v1/sessions").json()["id"]
        turns = blank_assistant.sessions.get(session).turns  # type: ignore[union-attr]
        turns.extend(Turn(question=f"q{i}?", answer="a.") for i in range(100))
        full = http.post("/api/v1/ask", json={"question": "And then?", "session_id": session})
        assert error_code(full, 409) == "session_full"
        assert full.json()["error"]["param"] == "session_id"
