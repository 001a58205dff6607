"""Bad requests get a clear 4xx in the one error shape (never a 5xx), and the body limit holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_support import TOKEN, LiveServer

pytestmark = pytest.mark.integration


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    """The error object of a response that must have ``status``."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "code", "param"}
    assert error["message"].strip()
    return error


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"question": ""}, "question"),
        ({"question": "   \n\t"}, "question"),
        ({}, "question"),
        ({"question": 42}, "question"),
        ({"question": "Who visited Kyiv?", "top_k": 0}, "top_k"),
        ({"question": "Who visited Kyiv?", "top_k": 51}, "top_k"),
        ({"question": "Who visited Kyiv?", "top_k": "many"}, "top_k"),
        ({"question": "Who visited Kyiv?", "colour": "blue"}, "colour"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/ask", "/api/v1/ask/stream"])
def test_invalid_questions_are_422_naming_the_field(
    client: httpx.Client, path: str, body: dict[str, Any], param: str
) -> None:
    error = error_of(client.post(path, json=body), 422)
    assert error["param"] == param and error["type"] == "invalid_request_error"
    assert error["message"].startswith(f"{param}:")


@pytest.mark.parametrize("path", ["/api/v1/ask", "/api/v1/ask/stream"])
def test_a_question_over_the_configured_limit_is_422(client: httpx.Client, path: str) -> None:
    error = error_of(client.post(path, json={"question": "Why? " * 401}), 422)
    assert error["code"] == "question_too_long" and "2000" in error["message"]
    assert client.post(path, json={"question": "x" * 2000}).status_code == 200


def test_malformed_json_is_422(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"}
    )
    assert error_of(response, 422)["code"] == "validation_error"


@pytest.mark.parametrize("path", ["/api/v1/ask", "/api/v1/ask/stream"])
def test_an_unknown_session_is_404(client: httpx.Client, path: str) -> None:
    response = client.post(path, json={"question": "Who visited Kyiv?", "session_id": "nope"})
    error = error_of(response, 404)
    assert error["code"] == "session_not_found" and "POST /api/v1/sessions" in error["message"]


def test_unknown_routes_and_methods_use_the_error_shape(client: httpx.Client) -> None:
    assert error_of(client.get("/api/v1/nothing-here"), 404)["type"] == "not_found_error"
    error_of(client.get("/api/v1/ask"), 405)
    assert error_of(client.get("/api/v1/documents/0000"), 404)["code"] == "document_not_found"
    assert error_of(client.delete("/api/v1/documents/0000"), 404)["param"] == "document_id"


@pytest.fixture
def guarded(guarded_server: LiveServer) -> Iterator[httpx.Client]:
    with guarded_server.client(headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        yield http


def test_a_body_over_the_limit_is_413_before_it_is_read(guarded: httpx.Client) -> None:
    body = b'{"question": "' + b"x" * 5000 + b'"}'
    response = guarded.post(
        "/api/v1/ask", content=body, headers={"content-type": "application/json"}
    )
    error = error_of(response, 413)
    assert error["code"] == "body_too_large" and "4096" in error["message"]


def test_a_chunked_body_over_the_limit_is_413(guarded: httpx.Client) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    response = guarded.post(
        "/v1/chat/completions", content=pieces(), headers={"content-type": "application/json"}
    )
    assert "transfer-encoding" in response.request.headers
    assert error_of(response, 413)["code"] == "body_too_large"


def test_an_upload_over_the_limit_is_413_and_ingests_nothing(guarded: httpx.Client) -> None:
    before = guarded.get("/api/v1/documents").json()
    files = [("files", ("big.txt", b"A sentence about Kyiv. " * 400, "text/plain"))]
    assert error_of(guarded.post("/api/v1/documents", files=files), 413)["code"] == "body_too_large"
    assert guarded.get("/api/v1/documents").json() == before


def test_a_body_under_the_limit_is_served(guarded: httpx.Client) -> None:
    response = guarded.post("/api/v1/ask", json={"question": "Who visited Kyiv on Thursday?"})
    assert response.status_code == 200 and "Blinken" in response.json()["answer"]
