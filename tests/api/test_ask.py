"""/api/v1/ask, its server-sent-event stream and sessions, over HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from api_support import sse_events

from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.cite import extract
from assistant.types import Answer, Article, Turn

pytestmark = pytest.mark.integration

SUMY = "What did the Russian air strike hit in Sumy?"
KYIV = "Who visited Kyiv on Thursday?"
FOLLOW_UP = "How much military financing did he announce?"


def test_ask_returns_the_answer_with_exact_cited_spans(client: httpx.Client) -> None:
    response = client.post("/api/v1/ask", json={"question": SUMY})
    assert response.status_code == 200
    answer = Answer.model_validate(response.json())
    assert "hospital" in answer.answer and not answer.abstained
    assert answer.citations and set(extract(answer.answer)) == {c.marker for c in answer.citations}
    documents = {d["source"]: d["id"] for d in client.get("/api/v1/documents").json()}
    for citation in answer.citations:
        article = Article.model_validate(
            client.get(f"/api/v1/documents/{documents[citation.source]}").json()
        )
        assert article.text[citation.start : citation.end] == citation.text


def test_ask_matches_the_python_api(client: httpx.Client, seeded: Any) -> None:
    over_http = client.post("/api/v1/ask", json={"question": SUMY, "top_k": 4}).json()
    direct = seeded.ask(SUMY, top_k=4).model_dump(mode="json")
    for payload in (over_http, direct):
        payload.pop("timings_ms")
    assert over_http == direct


def test_a_question_the_articles_do_not_answer_is_declined(client: httpx.Client) -> None:
    body = client.post("/api/v1/ask", json={"question": "What is the capital of Peru?"}).json()
    assert body["abstained"] is True
    assert body["answer"] == CANNOT_ANSWER_PHRASE and body["citations"] == []


def test_stream_sends_tokens_then_the_final_answer(client: httpx.Client) -> None:
    with client.stream("POST", "/api/v1/ask/stream", json={"question": SUMY}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response)
    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"token"} and len(names) >= 2
    streamed = "".join(json.loads(data)["delta"] for name, data in events if name == "token")
    final = Answer.model_validate_json(events[-1][1])
    assert streamed == final.answer and final.citations


def test_follow_ups_in_a_session_see_the_earlier_turn(client: httpx.Client, seeded: Any) -> None:
    created = client.post("/api/v1/sessions")
    assert created.status_code == 201
    session = created.json()["id"]
    first = client.post("/api/v1/ask", json={"question": KYIV, "session_id": session}).json()
    assert "Blinken" in first["answer"]
    follow_up = client.post("/api/v1/ask", json={"question": FOLLOW_UP, "session_id": session})
    body = follow_up.json()
    assert "Blinken" in body["standalone_question"]
    direct = seeded.ask(FOLLOW_UP, history=[Turn(question=KYIV, answer=first["answer"])])
    assert body["answer"] == direct.answer
    turns = client.get(f"/api/v1/sessions/{session}").json()["turns"]
    assert [t["question"] for t in turns] == [KYIV, FOLLOW_UP]
    assert client.delete(f"/api/v1/sessions/{session}").status_code == 204
    assert client.get(f"/api/v1/sessions/{session}").status_code == 404


def test_a_streamed_follow_up_is_recorded_in_its_session(client: httpx.Client) -> None:
    session = client.post("/api/v1/sessions").json()["id"]
    body = {"question": SUMY, "session_id": session}
    with client.stream("POST", "/api/v1/ask/stream", json=body) as response:
        events = sse_events(response)
    assert events[-1][0] == "answer"
    turns = client.get(f"/api/v1/sessions/{session}").json()["turns"]
    assert len(turns) == 1 and turns[0]["answer"] == json.loads(events[-1][1])["answer"]


def test_probes(client: httpx.Client, seeded: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["chunks"] == seeded.store.count()


def test_the_openapi_schema_is_published_with_the_configured_limits(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/ask", "/api/v1/ask/stream", "/v1/chat/completions", "/readyz"} <= set(
        schema["paths"]
    )
    question = schema["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert question["maxLength"] == 2000 and question["minLength"] == 1
    assert "description" in question
