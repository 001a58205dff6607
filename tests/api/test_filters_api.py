"""Filters over HTTP (issue 12 item 4): ``outlets``/``since``/``until`` on /api/v1/ask (whole
and streamed) and, as an extension, on /v1/chat/completions; GET /api/v1/outlets; a bad
date or an unknown outlet is a 422 that says what is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from api_support import LiveServer, sse_events
from filter_articles import OUTLETS, QUESTION, SOURCE_OUTLET, news_assistant

from assistant.api import create_app
from assistant.api.openai_content import strip_sources
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.types import Answer, Filters

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def news_client(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder
) -> Iterator[httpx.Client]:
    assistant = news_assistant(tmp_path_factory.mktemp("filters-api"), embedder)
    with LiveServer(create_app(assistant, assistant.settings)) as live, live.client() as http:
        yield http


def test_outlets_are_listed(news_client: httpx.Client) -> None:
    response = news_client.get("/api/v1/outlets")
    assert response.status_code == 200 and response.json() == {"outlets": OUTLETS}


def test_ask_with_outlets_and_dates_cites_only_within_them(news_client: httpx.Client) -> None:
    body = {"question": QUESTION, "outlets": ["dw"], "since": "2017-03-01", "until": "2017-04-30"}
    response = news_client.post("/api/v1/ask", json=body)
    assert response.status_code == 200, response.text
    answer = Answer.model_validate(response.json())
    assert "17" in answer.answer and answer.citations
    assert {SOURCE_OUTLET[c.source] for c in answer.citations} == {"DW"}
    assert answer.filters == Filters(outlets=["DW"], since="2017-03-01", until="2017-04-30")
    assert response.json()["filters"] == {
        "outlets": ["DW"],
        "since": "2017-03-01",
        "until": "2017-04-30",
        "period": None,
    }


def test_a_single_outlet_may_be_a_string(news_client: httpx.Client) -> None:
    response = news_client.post("/api/v1/ask", json={"question": QUESTION, "outlets": "TASS"})
    answer = Answer.model_validate(response.json())
    assert {SOURCE_OUTLET[c.source] for c in answer.citations} == {"TASS"}


def test_according_to_in_the_question_restricts_and_is_echoed(news_client: httpx.Client) -> None:
    question = "According to TASS, how many people were killed in the Port Elmsworth fire?"
    answer = news_client.post("/api/v1/ask", json={"question": question}).json()
    assert answer["filters"]["outlets"] == ["TASS"]
    assert {SOURCE_OUTLET[c["source"]] for c in answer["citations"]} == {"TASS"}


def test_streamed_answer_carries_the_filters(news_client: httpx.Client) -> None:
    body = {"question": QUESTION, "outlets": ["Reuters"]}
    with news_client.stream("POST", "/api/v1/ask/stream", json=body) as response:
        events = sse_events(response)
    final = Answer.model_validate_json(next(data for name, data in events if name == "answer"))
    assert final.filters == Filters(outlets=["Reuters"]) and "15" in final.answer


def test_nothing_within_the_filter_is_a_decline_saying_so(news_client: httpx.Client) -> None:
    body = {"question": QUESTION, "outlets": ["BBC"], "until": "2017-03-01"}
    answer = news_client.post("/api/v1/ask", json=body).json()
    assert answer["abstained"] and not answer["citations"]
    assert answer["answer"].startswith("No article from BBC published on or before 2017-03-01")


@pytest.mark.parametrize(
    ("fields", "code", "param", "words"),
    [
        ({"outlets": ["Pravda"]}, "unknown_outlet", "outlets", "Known outlets: BBC, DW"),
        ({"since": "someday"}, "invalid_filter", "since", "'someday' is not a date"),
        ({"since": "2017-05-01", "until": "2017-04"}, "invalid_filter", "until", "after until"),
    ],
)
def test_bad_filters_are_422_saying_what_is_wrong(
    news_client: httpx.Client, fields: dict[str, object], code: str, param: str, words: str
) -> None:
    for path in ("/api/v1/ask", "/api/v1/ask/stream"):
        response = news_client.post(path, json={"question": QUESTION, **fields})
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert (error["code"], error["param"]) == (code, param) and words in error["message"]


def test_openai_endpoint_accepts_the_filters_as_extra_fields(news_client: httpx.Client) -> None:
    body = {
        "model": "news-assistant",
        "messages": [{"role": "user", "content": QUESTION}],
        "outlets": ["TASS"],
        "until": "2017-03-31",
    }
    completion = news_client.post("/v1/chat/completions", json=body).json()
    content = completion["choices"][0]["message"]["content"]
    assert "12" in content
    assert content.endswith(
        "\n\n_Searched only articles from TASS published on or before 2017-03-31._"
    )
    assert {SOURCE_OUTLET[c["source"]] for c in completion["citations"]} == {"TASS"}
    assert completion["filters"] == {
        "outlets": ["TASS"],
        "since": None,
        "until": "2017-03-31",
        "period": None,
    }
    with news_client.stream("POST", "/v1/chat/completions", json={**body, "stream": True}) as r:
        chunks = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
    final = next(c for c in chunks if c.get("citations"))
    assert final["filters"]["outlets"] == ["TASS"]
    # Sent back as history, the content is the answer alone.
    answer_only = completion_answer(news_client, {**body, "sources": False})
    assert strip_sources(content) == answer_only and "Searched only" not in answer_only
    streamed = "".join(
        c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"]
    )
    assert streamed == content
    unknown = news_client.post("/v1/chat/completions", json={**body, "outlets": ["Pravda"]})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_outlet"


def completion_answer(client: httpx.Client, body: dict[str, object]) -> str:
    """The answer text of a completion without its Sources list (and its note stripped)."""
    content = client.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]
    return strip_sources(content["content"])
