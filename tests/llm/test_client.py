"""ChatClient against the fake server over real HTTP: streaming, retries, deadline, errors."""

from __future__ import annotations

import socket
import time

import pytest
from llm.fake_openai import FakeOpenAI, llm_settings

from assistant.llm import (
    ChatClient,
    Deadline,
    LLMConfigError,
    LLMUnavailable,
    make_client,
)
from assistant.settings import LLMSettings

pytestmark = pytest.mark.unit
ASK = [{"role": "user", "content": "Who visited Kyiv?"}]


def client_for(server: FakeOpenAI, **overrides: object) -> ChatClient:
    return ChatClient(LLMSettings(**llm_settings(server, **overrides)), backoff=0.05)


def test_stream_yields_the_pieces_as_sent(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("Blinken visited Kyiv [1].", pieces=["Blinken", " visited Kyiv", " [1]."])
    pieces = list(client_for(fake_openai).stream(ASK, deadline=Deadline.after(5)))
    assert pieces == ["Blinken", " visited Kyiv", " [1]."]


def test_request_carries_model_temperature_messages_and_stream(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("ok")
    list(client_for(fake_openai, temperature=0.3).stream(ASK, deadline=Deadline.after(5)))
    (request,) = fake_openai.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "fake-model"
    assert request.body["temperature"] == 0.3
    assert request.body["stream"] is True
    assert request.body["messages"] == ASK


def test_complete_returns_the_whole_reply(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("Who did Antony Blinken meet?")
    reply = client_for(fake_openai).complete(ASK, deadline=Deadline.after(5))
    assert reply == "Who did Antony Blinken meet?"
    assert fake_openai.requests[0].body["stream"] is False


def test_429_and_500_are_retried_until_a_reply(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(429, headers={"retry-after": "0"})
    fake_openai.fail(500)
    fake_openai.reply("finally")
    pieces = list(client_for(fake_openai).stream(ASK, deadline=Deadline.after(5)))
    assert pieces == ["finally"]
    assert len(fake_openai.requests) == 3


def test_retries_stop_at_max_retries_and_name_the_settings(fake_openai: FakeOpenAI) -> None:
    for _ in range(3):
        fake_openai.fail(429, headers={"retry-after": "0"})
    fake_openai.reply("never reached")
    with pytest.raises(LLMUnavailable, match="HTTP 429.*ASSISTANT_LLM_MAX_RETRIES"):
        list(client_for(fake_openai, max_retries=2).stream(ASK, deadline=Deadline.after(5)))
    assert len(fake_openai.requests) == 3
    assert fake_openai.pending == 1


def test_a_server_error_says_how_often_it_was_tried(fake_openai: FakeOpenAI) -> None:
    for _ in range(2):
        fake_openai.fail(503)
    with pytest.raises(LLMUnavailable, match=r"HTTP 503, after 2 attempts"):
        client_for(fake_openai, max_retries=1).complete(ASK, deadline=Deadline.after(5))


def test_slow_reply_times_out_and_is_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("too late", delay=1.5)
    fake_openai.reply("in time")
    started = time.monotonic()
    pieces = list(client_for(fake_openai, timeout=0.5).stream(ASK, deadline=Deadline.after(5)))
    assert pieces == ["in", " time"]
    assert time.monotonic() - started < 1.5


def test_timeouts_exhausted_name_the_timeout_setting(fake_openai: FakeOpenAI) -> None:
    for _ in range(2):
        fake_openai.reply("too late", delay=1.0)
    client = client_for(fake_openai, timeout=0.3, max_retries=1)
    with pytest.raises(LLMUnavailable, match="ASSISTANT_LLM_TIMEOUT=0.3s"):
        list(client.stream(ASK, deadline=Deadline.after(5)))


def test_retry_after_longer_than_the_deadline_gives_up_at_once(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(429, headers={"retry-after": "30"})
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match=r"ASSISTANT_LLM_DEADLINE=2s\).*HTTP 429"):
        list(client_for(fake_openai, deadline=2).stream(ASK, deadline=Deadline.after(2)))
    assert time.monotonic() - started < 1.0


def test_a_stalled_stream_ends_at_the_deadline(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("one two three four five", piece_delay=1.0)
    received: list[str] = []
    started = time.monotonic()
    client = client_for(fake_openai, timeout=5, deadline=1.5)
    with pytest.raises(LLMUnavailable, match="question's deadline"):
        for piece in client.stream(ASK, deadline=Deadline.after(1.5)):
            received.append(piece)
    assert 1.4 < time.monotonic() - started < 2.0
    assert received[:2] == ["one", " two"]


def test_a_stream_cut_midway_is_an_error_not_a_short_answer(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("Blinken visited Kyiv on Thursday [1].", cut_after=2)
    received: list[str] = []
    with pytest.raises(LLMUnavailable, match="cut off after 15 characters"):
        for piece in client_for(fake_openai).stream(ASK, deadline=Deadline.after(5)):
            received.append(piece)
    assert "".join(received) == "Blinken visited"


def test_a_stream_without_finish_reason_is_incomplete(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("Blinken visited", finish_reason=None)
    with pytest.raises(LLMUnavailable, match="ended before it was complete"):
        list(client_for(fake_openai).stream(ASK, deadline=Deadline.after(5)))


@pytest.mark.parametrize(
    ("status", "setting"),
    [(401, "OPENAI_API_KEY"), (403, "ASSISTANT_LLM_API_KEY"), (404, "ASSISTANT_LLM_MODEL")],
)
def test_configuration_errors_are_not_retried_and_name_the_setting(
    fake_openai: FakeOpenAI, status: int, setting: str
) -> None:
    fake_openai.fail(status)
    with pytest.raises(LLMConfigError, match=setting):
        list(client_for(fake_openai).stream(ASK, deadline=Deadline.after(5)))
    assert len(fake_openai.requests) == 1


def test_a_refused_connection_names_the_base_url_setting() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    settings = LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", max_retries=2)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="ASSISTANT_LLM_BASE_URL"):
        list(ChatClient(settings).stream(ASK, deadline=Deadline.after(5)))
    assert time.monotonic() - started < 1.0  # refused is not worth retrying


def test_no_key_and_no_server_is_a_configuration_error() -> None:
    with pytest.raises(LLMConfigError, match="OPENAI_API_KEY.*ASSISTANT_LLM_BASE_URL"):
        make_client(LLMSettings())


def test_a_local_server_needs_no_key(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("ok")
    list(client_for(fake_openai).stream(ASK, deadline=Deadline.after(5)))
    assert fake_openai.requests[0].headers["authorization"] == "Bearer unused"


def test_the_key_is_sent_but_never_shown(
    fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-secret-123")
    from assistant.settings import load_settings

    settings = load_settings(llm=llm_settings(fake_openai))
    fake_openai.reply("ok")
    list(ChatClient(settings.llm).stream(ASK, deadline=Deadline.after(5)))
    assert fake_openai.requests[0].headers["authorization"] == "Bearer sk-secret-123"
    assert "sk-secret-123" not in settings.model_dump_json()
    assert "sk-secret-123" not in repr(settings)
