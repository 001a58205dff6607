"""Fixtures of the eval tests: hand-made outcomes and runs, and a local OpenAI-compatible judge."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from assistant.evaluate.results import ItemOutcome, RunResult, summarise
from assistant.types import Citation


def outcome(item_id: str, verdict: str = "pass", **fields: Any) -> ItemOutcome:
    """An item outcome with plausible defaults; ``fields`` override any of them."""
    values: dict[str, Any] = {
        "id": item_id,
        "kind": "factoid",
        "question": f"Question {item_id}?",
        "standalone_question": f"Question {item_id}?",
        "answer": "Kyiv announced it. [1]",
        "abstained": False,
        "citations": [citation()],
        "latency_ms": 20.0,
        "verdict": verdict,
        "correct": verdict == "pass",
        "support_recall": 1.0,
        "reciprocal_rank": 1.0,
        "citations_intact": 1,
        "citation_recall": 1.0,
        "citation_precision": 1.0,
        "answer_words": 3,
    }
    values.update(fields)
    return ItemOutcome(**values)


def citation(marker: int = 1, text: str = "Kyiv announced it.") -> Citation:
    return Citation(
        marker=marker, source="a.txt", title="A", start=0, end=len(text), text=text, score=0.9
    )


def run_of(items: list[ItemOutcome], **fields: Any) -> RunResult:
    """A run over ``items`` with its metrics computed the real way."""
    values: dict[str, Any] = {
        "dataset": "evals/datasets/seeds.jsonl",
        "created": "2026-01-01T00:00:00+00:00",
        "settings_hash": "abc123",
        "answer_backend": "extractive",
        "judge": "deterministic",
        "top_k": 6,
        "metrics": summarise(items, 1.5),
        "items": items,
    }
    values.update(fields)
    return RunResult(**values)


class FakeJudgeLLM:
    """An OpenAI-compatible chat server on 127.0.0.1: scripted replies, recorded requests.

    Replies come from the queue, else from ``responder`` (given the request body), else the
    request fails with 400. Streamed requests get server-sent events, as the real API sends.
    """

    def __init__(self) -> None:
        self.replies: deque[tuple[int, str]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.responder: Callable[[dict[str, Any]], str] | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def reply(self, text: str, status: int = 200) -> None:
        self.replies.append((status, text))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                fake.requests.append({"path": self.path, **body})
                status, text = fake.next_reply(body)
                if status == 200 and body.get("stream"):
                    self._stream(text, body.get("model", "judge"))
                    return
                payload: dict[str, Any] = (
                    _completion(text, body.get("model", "judge"))
                    if status == 200
                    else {"error": {"message": "scripted fault", "type": "fake", "code": None}}
                )
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str, model: str) -> None:
                # HTTP/1.0 without a length: the body ends when the connection closes.
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for delta, finish in [({"content": text}, None), ({}, "stop")]:
                    chunk = {
                        "id": "chatcmpl-judge",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler

    def next_reply(self, body: dict[str, Any]) -> tuple[int, str]:
        if self.replies:
            return self.replies.popleft()
        if self.responder is not None:
            return 200, self.responder(body)
        return 400, ""

    def __enter__(self) -> FakeJudgeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-judge",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@pytest.fixture
def judge_llm() -> Iterator[FakeJudgeLLM]:
    with FakeJudgeLLM() as server:
        yield server


@pytest.fixture
def make_outcome() -> Callable[..., ItemOutcome]:
    return outcome


@pytest.fixture
def make_run() -> Callable[..., RunResult]:
    return run_of
