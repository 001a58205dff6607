"""A local OpenAI-compatible chat server for tests: real HTTP on 127.0.0.1, real SSE streaming.

Tests queue scripted replies (``reply``, ``fail``), the server answers requests in order and
records each one, and faults are part of the script: an HTTP status (429, 500), a delay
before the reply, a delay between streamed pieces, or a stream cut off midway.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MODEL = "fake-model"


@dataclass
class Reply:
    """One scripted reply to the next chat request."""

    text: str = ""
    status: int = 200
    delay: float = 0.0
    """Seconds to wait before the status line (a slow server)."""
    piece_delay: float = 0.0
    """Seconds between streamed pieces (a slow stream)."""
    cut_after: int | None = None
    """Streamed replies: drop the connection after this many pieces, mid-body."""
    finish_reason: str | None = "stop"
    pieces: list[str] | None = None
    """How the text is split into stream chunks; default: word by word."""
    headers: dict[str, str] = field(default_factory=dict)

    def split(self) -> list[str]:
        if self.pieces is not None:
            return self.pieces
        words = self.text.split(" ")
        return [w if i == 0 else " " + w for i, w in enumerate(words)] if self.text else []


@dataclass(frozen=True)
class Recorded:
    """A request as the server received it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def prompt(self) -> str:
        """The text of every message, joined (what the model was asked)."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


class FakeOpenAI:
    """The server; use as a context manager or call ``start``/``stop``."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.responder: Callable[[dict[str, Any]], str] | None = None
        """Writes the reply from the request body when no scripted reply is queued."""
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reply(self, text: str, **script: Any) -> None:
        """Queue a successful reply (keyword arguments as in ``Reply``)."""
        self._replies.append(Reply(text=text, **script))

    def fail(self, status: int, **script: Any) -> None:
        """Queue an error reply with this HTTP status."""
        self._replies.append(Reply(status=status, **script))

    def reset(self) -> None:
        """Forget queued replies and recorded requests (between uses of a shared server)."""
        with self._lock:
            self._replies.clear()
            self.requests.clear()
            self.responder = None

    @property
    def pending(self) -> int:
        """Scripted replies not yet used."""
        return len(self._replies)

    def _next(self, recorded: Recorded) -> Reply | None:
        with self._lock:
            self.requests.append(recorded)
            if self._replies:
                return self._replies.popleft()
        return Reply(text=self.responder(recorded.body)) if self.responder else None

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False when it is."""
        return not self._stopping.wait(seconds) if seconds > 0 else True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler sleeping through a scripted delay must not block stop()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (timeouts, deadlines, cut streams) are part of the scripts.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked bodies, so a cut stream is detectable

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})
            else:
                self._json(404, _error("not found", "invalid_request_error"))

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            recorded = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            if not self.path.endswith("/chat/completions"):
                self._json(404, _error(f"no route {self.path}", "invalid_request_error"))
                return
            reply = fake._next(recorded)
            if reply is None:
                self._json(400, _error("fake server: no scripted reply left", "test_error"))
                return
            try:
                self._answer(reply, stream=bool(body.get("stream")), model=body.get("model"))
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (timeout or deadline): nothing left to do

        def _answer(self, reply: Reply, *, stream: bool, model: str | None) -> None:
            if not fake._wait(reply.delay):
                return
            if reply.status != 200:
                message = "rate limited" if reply.status == 429 else "server error"
                self._json(reply.status, _error(message, "fake_fault"), reply.headers)
            elif stream:
                self._stream(reply, model or MODEL)
            else:
                self._json(200, _completion(reply, model or MODEL), reply.headers)

        def _stream(self, reply: Reply, model: str) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.send_header("cache-control", "no-cache")
            self.end_headers()
            pieces = reply.split()
            for index, piece in enumerate(pieces):
                if reply.cut_after is not None and index >= reply.cut_after:
                    self._cut()
                    return
                if index and not fake._wait(reply.piece_delay):
                    return
                self._event(_chunk(model, {"content": piece}, None))
            if reply.cut_after is not None and reply.cut_after >= len(pieces):
                self._cut()
                return
            self._event(_chunk(model, {}, reply.finish_reason))
            self._write_chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _event(self, payload: dict[str, Any]) -> None:
            self._write_chunk(f"data: {json.dumps(payload)}\n\n".encode())

        def _write_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _cut(self) -> None:
            # Mid-body, without the closing zero-length chunk: the client sees a broken body.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

        def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

    return Handler


def _chunk(model: str, delta: dict[str, str], finish_reason: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _completion(reply: Reply, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.text},
                "finish_reason": reply.finish_reason or "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


# -- pytest fixtures (imported by the conftest.py of each test folder that needs them) -------


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeOpenAI]:
    """One fake server for the session; tests use ``fake_openai``, which empties it."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def fake_openai(fake_server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    """The fake server with no queued reply and no recorded request."""
    fake_server.reset()
    yield fake_server
    fake_server.reset()


def llm_settings(server: FakeOpenAI, **overrides: Any) -> dict[str, Any]:
    """``llm`` settings pointing at the fake server; short limits so fault tests are quick."""
    settings: dict[str, Any] = {
        "base_url": server.base_url,
        "model": MODEL,
        "timeout": 2.0,
        "max_retries": 2,
        "deadline": 6.0,
    }
    settings.update(overrides)
    return settings
