"""POST /api/v1/timeline (issue 12 item 5) on a real server over the timeline articles: the
entries oldest first with exact spans and a copied report collapsed, the filters of /ask, a
message for a topic the articles do not cover, and the checks every native route has (the
token, the body limit, the Host header, 422 for a bad field or filter)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_support import TOKEN, LiveServer, api_settings
from timeline_articles import ARTICLES, FIRST, TOPIC, timeline_assistant

from assistant.api import create_app
from assistant.api.timeline import TimelineReply
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.types import Filters

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder) -> Assistant:
    return timeline_assistant(tmp_path_factory.mktemp("timeline-api"), embedder)


@pytest.fixture(scope="module")
def live(assistant: Assistant) -> Iterator[LiveServer]:
    with LiveServer(create_app(assistant, assistant.settings)) as server:
        yield server


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with live.client() as http:
        yield http


@pytest.fixture(scope="module")
def guarded(assistant: Assistant) -> Iterator[LiveServer]:
    """The same articles behind a bearer token and a small body limit."""
    settings = api_settings(assistant.settings.data.dir, token=TOKEN, max_body_bytes=4096)
    with LiveServer(create_app(assistant, settings)) as server:
        yield server


def error(response: httpx.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    return dict(response.json()["error"])


def test_the_timeline_is_oldest_first_with_exact_spans(client: httpx.Client) -> None:
    response = client.post("/api/v1/timeline", json={"topic": TOPIC})
    assert response.status_code == 200, response.text
    reply = TimelineReply.model_validate(response.json())
    assert reply.topic == TOPIC and reply.message is None and reply.filters is None
    assert [e.date for e in reply.entries] == ["2017-03-09", "2017-03-11", "2017-03-20", None]
    first = reply.entries[0]
    assert first.text.startswith(FIRST) and first.text.endswith(" [1]")
    assert {first.citation.outlet, *first.also} == {"TASS", "Reuters"}
    for number, entry in enumerate(reply.entries, start=1):
        c = entry.citation
        assert c.marker == number and entry.text == f"{c.text} [{number}]"
        assert ARTICLES[c.source].count(c.text) == 1  # the article's text holds the span


def test_outlets_and_dates_restrict_the_articles_as_for_ask(client: httpx.Client) -> None:
    body = {"topic": TOPIC, "outlets": "dw", "since": "March 2017", "until": "2017-03-31"}
    reply = client.post("/api/v1/timeline", json=body).json()
    assert [e["citation"]["source"] for e in reply["entries"]] == ["dw_dam.md"]
    assert reply["filters"] == {
        "outlets": ["DW"],
        "since": "2017-03-01",
        "until": "2017-03-31",
        "period": None,
    }
    dated = client.post("/api/v1/timeline", json={"topic": TOPIC, "outlets": ["BBC", "TASS"]})
    assert [e["citation"]["outlet"] for e in dated.json()["entries"]] == ["TASS", "BBC"]


def test_a_topic_the_articles_do_not_cover_has_no_entries_and_a_message(
    client: httpx.Client,
) -> None:
    reply = client.post("/api/v1/timeline", json={"topic": "the Atlantis earthquake"}).json()
    assert reply["entries"] == []
    assert reply["message"] == (
        "No article covers “the Atlantis earthquake”, so there is no timeline."
    )
    outside = client.post("/api/v1/timeline", json={"topic": TOPIC, "until": "2017-03-01"})
    assert outside.json()["entries"] == []
    assert outside.json()["message"].startswith("No article published on or before 2017-03-01")
    assert Filters.model_validate(outside.json()["filters"]) == Filters(until="2017-03-01")


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({"topic": "   "}, "validation_error", "topic"),
        ({}, "validation_error", "topic"),
        ({"topic": TOPIC, "top_k": 3}, "validation_error", "top_k"),
        ({"topic": "dam\x00"}, "validation_error", "topic"),
        ({"topic": TOPIC, "since": "someday"}, "invalid_filter", "since"),
        ({"topic": TOPIC, "since": "2017-04-01", "until": "2017-03-01"}, "invalid_filter", "until"),
        ({"topic": TOPIC, "outlets": ["Pravda"]}, "unknown_outlet", "outlets"),
        ({"topic": "dam " * 1000}, "question_too_long", "topic"),
    ],
)
def test_bad_fields_and_filters_are_a_422_naming_the_field(
    client: httpx.Client, body: dict[str, object], code: str, param: str
) -> None:
    found = error(client.post("/api/v1/timeline", json=body), 422)
    assert (found["code"], found["param"]) == (code, param)
    if code == "question_too_long":
        assert found["message"].startswith("The topic has 4000 characters; the limit is")
    if code == "unknown_outlet":
        assert "Known outlets: BBC, DW, Reuters, RTÉ, TASS." in found["message"]


def test_a_body_that_is_not_json_is_a_422(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/timeline", content=b"{topic", headers={"Content-Type": "application/json"}
    )
    assert error(response, 422)["code"] == "validation_error"


def test_the_token_the_body_limit_and_the_host_are_checked(guarded: LiveServer) -> None:
    with guarded.client() as http:
        refused = http.post("/api/v1/timeline", json={"topic": TOPIC})
        assert error(refused, 401)["type"] == "authentication_error"
        wrong = http.post(
            "/api/v1/timeline", json={"topic": TOPIC}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        allowed = http.post("/api/v1/timeline", json={"topic": TOPIC}, headers=auth)
        assert allowed.status_code == 200 and len(allowed.json()["entries"]) == 4
        big = http.post("/api/v1/timeline", json={"topic": "dam " * 2000}, headers=auth)
        assert error(big, 413)["code"] == "body_too_large"
        port = guarded.url.rsplit(":", 1)[1]
        rebound = http.post(
            "/api/v1/timeline",
            json={"topic": TOPIC},
            headers={**auth, "Host": f"evil.example:{port}"},
        )
        assert error(rebound, 400)["code"] == "invalid_host"


def test_the_route_is_in_the_published_schema(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    route = schema["paths"]["/api/v1/timeline"]["post"]
    assert set(route["responses"]) >= {"200", "413", "422"}
    request = schema["components"]["schemas"]["TimelineRequest"]
    assert request["required"] == ["topic"]
    assert set(request["properties"]) == {"topic", "outlets", "since", "until"}
    assert "message" in schema["components"]["schemas"]["TimelineReply"]["properties"]
