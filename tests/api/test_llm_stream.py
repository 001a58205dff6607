"""With an LLM backend (the fake OpenAI server), a streamed reply that fails the citation
checks is replaced: both streams end with the authoritative offline answer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import openai
import pytest
from api_support import LIGHTHOUSE, LiveServer, sse_events
from llm.fake_openai import FakeOpenAI

from assistant.api import create_app
from assistant.api.openai_compat import REPLACED_NOTE
from assistant.api.openai_content import strip_sources
from assistant.api.openai_schemas import MODEL_ID
from assistant.service import Assistant

pytestmark = pytest.mark.integration

QUESTION = "Who lit the lighthouse lamp in Port Elwin?"
UNCITED = "Mara Olsen lit it, as everyone knows."


@pytest.fixture
def fake_llm() -> Iterator[Any]:
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def llm_server(make_assistant: Callable[..., Assistant], fake_llm: Any) -> Iterator[LiveServer]:
    assistant = make_assistant(
        answer={"backend": "openai"},
        llm={"base_url": fake_llm.base_url, "model": "fake-model", "max_retries": 0},
    )
    assistant.ingest_uploads([("lighthouse.md", LIGHTHOUSE)])
    with LiveServer(create_app(assistant, assistant.settings)) as live:
        yield live


def test_the_native_stream_ends_with_the_replacement(llm_server: LiveServer, fake_llm: Any) -> None:
    fake_llm.reply(UNCITED)
    with (
        llm_server.client() as http,
        http.stream("POST", "/api/v1/ask/stream", json={"question": QUESTION}) as response,
    ):
        events = sse_events(response)
    streamed = "".join(json.loads(data)["delta"] for name, data in events if name == "token")
    assert streamed == UNCITED
    name, data = events[-1]
    final = json.loads(data)
    assert name == "answer" and final["fallback"] and final["backend"] == "extractive"
    assert final["answer"] != streamed and "Mara Olsen" in final["answer"]
    assert final["citations"][0]["source"] == "lighthouse.md"


def test_the_openai_stream_appends_the_replacement(llm_server: LiveServer, fake_llm: Any) -> None:
    fake_llm.reply(UNCITED)
    client = openai.OpenAI(base_url=f"{llm_server.url}/v1", api_key="unused", max_retries=0)
    chunks = list(
        client.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}], stream=True
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    before, note, after = text.partition(REPLACED_NOTE)
    assert before.strip() == UNCITED and note
    extra = chunks[-1].model_extra or {}
    markers = {c["marker"] for c in extra["citations"]}
    assert markers and all(f"[{m}]" in after for m in markers)
    assert "Mara Olsen" in after


def test_a_cited_llm_reply_streams_unchanged(llm_server: LiveServer, fake_llm: Any) -> None:
    cited = "Mara Olsen, the keeper, lit the lamp at dusk [1]."
    fake_llm.reply(cited)
    client = openai.OpenAI(base_url=f"{llm_server.url}/v1", api_key="unused", max_retries=0)
    completion = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}]
    )
    assert strip_sources(completion.choices[0].message.content or "") == cited
    extra = completion.model_extra or {}
    assert [c["marker"] for c in extra["citations"]] == [1]
    assert fake_llm.requests and QUESTION in fake_llm.requests[-1].prompt


def test_a_client_leaving_mid_stream_frees_its_answer_slot(
    make_assistant: Callable[..., Assistant], fake_llm: Any
) -> None:
    assistant = make_assistant(
        answer={"backend": "openai"},
        llm={"base_url": fake_llm.base_url, "model": "fake-model", "max_retries": 0},
    )
    assistant.ingest_uploads([("lighthouse.md", LIGHTHOUSE)])
    slow = " ".join(["Mara Olsen lit the lamp [1]."] * 40)
    fake_llm.reply(slow, piece_delay=0.05)
    fake_llm.reply("Mara Olsen, the keeper, lit the lamp at dusk [1].")
    app = create_app(assistant, assistant.settings, answer_slots=1)
    with LiveServer(app) as live, live.client(timeout=10) as http:
        with http.stream("POST", "/api/v1/ask/stream", json={"question": QUESTION}) as response:
            first = next(response.iter_lines())
        assert first == "event: token"
        # The only slot must be free again: the next answer does not wait for the first.
        answer = http.post("/api/v1/ask", json={"question": QUESTION})
    assert answer.status_code == 200 and "Mara Olsen" in answer.json()["answer"]
