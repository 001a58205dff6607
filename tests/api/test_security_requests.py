"""Issue 10, items 10 and 12: cross-site writes, DNS rebinding, and inputs that used to end in
an unhandled 500, each tried against a real server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_support import LIGHTHOUSE, LiveServer, api_settings

from assistant.api import create_app
from assistant.service import Assistant
from assistant.types import Turn

pytestmark = pytest.mark.integration

EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def writable(blank_assistant: Assistant) -> Iterator[LiveServer]:
    settings = api_settings(blank_assistant.settings.data.dir, allowed_hosts="news.lan")
    with LiveServer(create_app(blank_assistant, settings)) as live:
        yield live


@pytest.fixture
def http(writable: LiveServer) -> Iterator[httpx.Client]:
    with writable.client() as client:
        yield client


def error_code(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    return str(response.json()["error"]["code"])


def upload(http: httpx.Client, name: str, **headers: str) -> httpx.Response:
    files = [("files", (name, LIGHTHOUSE, "text/plain"))]
    return http.post("/api/v1/documents", files=files, headers=headers)


def test_a_multipart_upload_from_another_site_is_refused(
    http: httpx.Client, blank_assistant: Assistant
) -> None:
    refused = upload(http, "forged.md", Origin=EVIL)
    assert error_code(refused, 403) == "cross_origin_request"
    no_origin = upload(http, "forged.md", **{"Sec-Fetch-Site": "cross-site"})
    assert error_code(no_origin, 403) == "cross_origin_request"
    sandboxed = upload(http, "forged.md", Origin="null")
    assert error_code(sandboxed, 403) == "cross_origin_request"
    assert all(info.source != "forged.md" for info in blank_assistant.documents())


def test_deletes_and_session_posts_from_another_site_are_refused(http: httpx.Client) -> None:
    assert error_code(http.delete("/api/v1/documents/abc", headers={"Origin": EVIL}), 403)
    assert error_code(http.post("/api/v1/sessions", headers={"Origin": EVIL}), 403)
    assert http.get("/api/v1/documents", headers={"Origin": EVIL}).status_code == 200  # reads


def test_same_origin_pages_and_programs_may_write(http: httpx.Client, writable: LiveServer) -> None:
    own = upload(http, "own-page.md", Origin=writable.url)
    assert own.status_code == 201, own.text
    program = upload(http, "program.md")  # curl and client libraries send no Origin
    assert program.status_code == 201, program.text
    for result in (own, program):
        http.delete(f"/api/v1/documents/{result.json()['documents'][0]['id']}")


def test_a_rebound_host_name_is_refused(http: httpx.Client, writable: LiveServer) -> None:
    port = writable.url.rsplit(":", 1)[1]
    rebound = http.get("/api/v1/documents", headers={"Host": f"evil.example:{port}"})
    assert error_code(rebound, 400) == "invalid_host"
    # Same-origin from the rebound page's point of view, and still refused.
    forged = upload(http, "x.md", Host=f"evil.example:{port}", Origin=f"http://evil.example:{port}")
    assert error_code(forged, 400) == "invalid_host"
    for name in ("localhost", "news.lan", "127.0.0.1"):  # loopback names and the configured one
        assert http.get("/healthz", headers={"Host": f"{name}:{port}"}).status_code == 200


def test_a_control_character_follow_up_is_a_422(
    http: httpx.Client, blank_assistant: Assistant
) -> None:
    session = http.post("/api/v1/sessions").json()["id"]
    blank_assistant.sessions.get(session).turns.append(  # type: ignore[union-attr]
        Turn(question="Who lit the lamp?", answer="Mara Olsen lit the lamp. [1]")
    )
    for question in ("\x1f", "\x1c\x1d", "what did she\x00 say?"):
        for path in ("/api/v1/ask", "/api/v1/ask/stream"):
            body = {"question": question, "session_id": session}
            response = http.post(path, json=body)
            assert error_code(response, 422) in {"invalid_characters", "validation_error"}
            assert response.json()["error"]["param"] == "question"


def test_a_lone_surrogate_is_a_422_and_the_connection_stays_usable(http: httpx.Client) -> None:
    headers = {"Content-Type": "application/json"}
    for body in (
        '{"model": "news-assistant", "messages": [{"role": "user", "content": "Who \\ud800?"}]}',
        '{"model": "news-assistant", "messages": [{"role": "user", "content": "a\\udfff"},'
        ' {"role": "assistant", "content": "b"}, {"role": "user", "content": "Who?"}]}',
        '{"question": "Who \\ud83d visited?"}',
    ):
        path = "/api/v1/ask" if "question" in body else "/v1/chat/completions"
        response = http.post(path, content=body, headers=headers)
        assert error_code(response, 422) in {"invalid_characters", "validation_error"}
    paired = '{"question": "Who visited \\ud83d\\ude00?"}'  # a real pair is fine
    assert http.post("/api/v1/ask", content=paired, headers=headers).status_code == 200
    assert http.get("/healthz").status_code == 200


def test_an_unexpected_failure_answers_with_the_documented_body(
    blank_assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("the store went away")

    app = create_app(blank_assistant, api_settings(blank_assistant.settings.data.dir))
    monkeypatch.setattr(blank_assistant, "documents", broken)
    with LiveServer(app) as live, live.client() as client:
        response = client.get("/api/v1/documents")
        assert error_code(response, 500) == "internal_error"
        assert "the store went away" not in response.text  # details stay in the log
        assert client.get("/healthz").status_code == 200
