"""Bearer-token auth, and the refusal to serve beyond loopback without a token."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest
from api_support import TOKEN, LiveServer, api_settings

from assistant.api import ExposureError, check_exposure, create_app, is_loopback
from assistant.api.openai_schemas import MODEL_ID
from assistant.service import Assistant

PROTECTED = [
    ("POST", "/api/v1/ask", {"question": "Who visited Kyiv on Thursday?"}),
    ("POST", "/api/v1/ask/stream", {"question": "Who visited Kyiv on Thursday?"}),
    ("POST", "/api/v1/sessions", None),
    ("GET", "/api/v1/documents", None),
    ("DELETE", "/api/v1/documents/0000", None),
    ("GET", "/v1/models", None),
    ("POST", "/v1/chat/completions", {"model": MODEL_ID, "messages": []}),
]


@pytest.mark.integration
@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_requests_without_the_token_get_401(
    guarded_server: LiveServer, method: str, path: str, body: dict | None
) -> None:
    with guarded_server.client() as http:
        missing = http.request(method, path, json=body)
        wrong = http.request(method, path, json=body, headers={"Authorization": "Bearer nope"})
        basic = http.request(method, path, json=body, headers={"Authorization": "Basic eDp5"})
    for response in (missing, wrong, basic):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["type"] == "authentication_error"
    assert missing.json()["error"]["code"] == "missing_api_key"
    assert wrong.json()["error"]["code"] == "invalid_api_key"


@pytest.mark.integration
def test_requests_with_the_token_are_served(guarded_server: LiveServer) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with guarded_server.client(headers=headers) as http:
        answer = http.post("/api/v1/ask", json={"question": "Who visited Kyiv on Thursday?"})
        assert answer.status_code == 200 and "Blinken" in answer.json()["answer"]
        assert http.get("/api/v1/documents").status_code == 200


@pytest.mark.integration
def test_probes_and_the_schema_need_no_token(guarded_server: LiveServer) -> None:
    with guarded_server.client() as http:
        assert http.get("/healthz").status_code == 200
        assert http.get("/readyz").status_code == 200
        schema = http.get("/openapi.json")
    assert schema.json()["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert TOKEN not in schema.text


@pytest.mark.integration
def test_the_openai_client_uses_the_token_as_its_api_key(guarded_server: LiveServer) -> None:
    good = openai.OpenAI(base_url=f"{guarded_server.url}/v1", api_key=TOKEN, max_retries=0)
    bad = openai.OpenAI(base_url=f"{guarded_server.url}/v1", api_key="wrong", max_retries=0)
    assert [m.id for m in good.models.list()] == [MODEL_ID]
    with pytest.raises(openai.AuthenticationError):
        bad.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "Hi?"}])


@pytest.mark.unit
@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.unit
def test_binding_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    with pytest.raises(ExposureError, match="ASSISTANT_API_TOKEN"):
        check_exposure(api_settings(tmp_path, host="0.0.0.0"))
    check_exposure(api_settings(tmp_path, host="0.0.0.0", token="secret"))
    check_exposure(api_settings(tmp_path, host="127.0.0.1"))


@pytest.mark.integration
def test_create_app_refuses_an_exposed_address_without_a_token(
    seeded: Assistant, tmp_path: Path
) -> None:
    with pytest.raises(ExposureError):
        create_app(seeded, api_settings(tmp_path, host="0.0.0.0"))
    assert create_app(seeded, api_settings(tmp_path, host="0.0.0.0", token="secret")) is not None


@pytest.mark.unit
def test_the_token_is_not_serialised_with_the_settings(tmp_path: Path) -> None:
    assert TOKEN not in api_settings(tmp_path, token=TOKEN).model_dump_json()
