"""The official ``openai`` client chats with the corpus through /v1, plain and streaming."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from api_support import LiveServer
from openai.types.chat import ChatCompletionMessageParam

from assistant.api.openai_compat import REPLACED_NOTE, _correction, conversation
from assistant.api.openai_content import strip_sources
from assistant.api.openai_schemas import MODEL_ID, ChatMessage
from assistant.cite import extract
from assistant.service import Assistant
from assistant.types import Citation, Turn

SUMY = "What did the Russian air strike hit in Sumy?"


@pytest.fixture
def oa(server: LiveServer) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)
    yield client
    client.close()


def citations_of(extra: dict[str, object] | None) -> list[Citation]:
    assert extra is not None and "citations" in extra
    return [Citation.model_validate(c) for c in extra["citations"]]  # type: ignore[attr-defined]


@pytest.mark.integration
def test_models_lists_the_assistant(oa: openai.OpenAI) -> None:
    assert [m.id for m in oa.models.list()] == [MODEL_ID]
    assert oa.models.retrieve(MODEL_ID).id == MODEL_ID
    with pytest.raises(openai.NotFoundError):
        oa.models.retrieve("gpt-4o")


@pytest.mark.integration
def test_a_plain_completion_carries_markers_and_citations(oa: openai.OpenAI) -> None:
    completion = oa.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": SUMY}]
    )
    content = completion.choices[0].message.content or ""
    assert "hospital" in content and completion.choices[0].finish_reason == "stop"
    citations = citations_of(completion.model_extra)
    assert citations and set(extract(content)) == {c.marker for c in citations}
    assert all(c.source.endswith(".txt") and c.text for c in citations)
    assert completion.usage is not None and completion.usage.completion_tokens > 0
    assert completion.model_extra is not None and completion.model_extra["abstained"] is False


@pytest.mark.integration
def test_streaming_gives_the_same_answer_and_citations_at_the_end(oa: openai.OpenAI) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": SUMY}]
    plain = oa.chat.completions.create(model=MODEL_ID, messages=messages)
    stream = oa.chat.completions.create(
        model=MODEL_ID,
        messages=messages,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert len({c.id for c in chunks}) == 1
    [final] = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert citations_of(final.model_extra) == citations_of(plain.model_extra)
    assert chunks[-1].usage is not None and chunks[-1].choices == []


@pytest.mark.integration
def test_earlier_messages_are_the_chat_history(oa: openai.OpenAI, seeded: Assistant) -> None:
    kyiv = "Who visited Kyiv on Thursday?"
    follow_up = "How much military financing did he announce?"
    first = oa.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": kyiv}])
    previous = first.choices[0].message.content or ""
    assert "Blinken" in previous
    reply = oa.chat.completions.create(
        model=MODEL_ID,
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": kyiv},
            {"role": "assistant", "content": previous},
            {"role": "user", "content": follow_up},
        ],
    )
    # The server strips the Sources list from the earlier answer a client sends back.
    direct = seeded.ask(follow_up, history=[Turn(question=kyiv, answer=strip_sources(previous))])
    assert "Blinken" in direct.standalone_question
    assert strip_sources(reply.choices[0].message.content or "") == direct.answer


@pytest.mark.integration
def test_bad_requests_raise_the_clients_errors(oa: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="news-assistant"):
        oa.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi?"}])
    with pytest.raises(openai.UnprocessableEntityError, match="last message"):
        oa.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "assistant", "content": "Hello."}]
        )
    with pytest.raises(openai.UnprocessableEntityError, match="2000"):
        oa.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "user", "content": "Why? " * 500}]
        )
    with pytest.raises(openai.UnprocessableEntityError, match="messages"):
        oa.chat.completions.create(model=MODEL_ID, messages=[])


@pytest.mark.unit
def test_conversation_pairs_user_and_assistant_messages() -> None:
    messages = [
        ChatMessage(role="system", content="Be brief."),
        ChatMessage(role="user", content="Q1"),
        ChatMessage(role="assistant", content="A1 [1]"),
        ChatMessage(role="user", content="unanswered"),
        ChatMessage(role="user", content=[{"type": "text", "text": "Q2"}]),  # type: ignore[list-item]
        ChatMessage(role="assistant", content="A2"),
        ChatMessage(role="tool", content="ignored"),
        ChatMessage(role="user", content=[{"type": "text", "text": "Q3"}]),  # type: ignore[list-item]
    ]
    question, history = conversation(messages)
    assert question == "Q3"
    assert history == [Turn(question="Q1", answer="A1 [1]"), Turn(question="Q2", answer="A2")]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("streamed", "final", "appended"),
    [
        ("Same [1].", "Same [1].", ""),
        ("Start", "Start, then more [1].", ", then more [1]."),
        ("LLM text [3].", "Offline text [1].", f"\n\n{REPLACED_NOTE}\n\nOffline text [1]."),
    ],
)
def test_the_stream_ends_with_the_authoritative_answer(
    streamed: str, final: str, appended: str
) -> None:
    assert _correction(streamed, final) == appended
    assert (streamed + _correction(streamed, final)).endswith(final)
