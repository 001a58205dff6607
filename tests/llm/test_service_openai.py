"""The whole path with the openai backend: Assistant -> real openai client -> real HTTP/SSE
-> fake server, then the citation checks and the offline fallback."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from llm.fake_openai import FakeOpenAI, llm_settings

from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.answer.context import pack_passages
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.llm import LLMConfigError
from assistant.prompts import load_prompt
from assistant.service import Assistant, StreamEvent
from assistant.settings import load_settings

pytestmark = pytest.mark.integration
QUESTION = "Who visited Kyiv on Thursday?"
PACKAGE = "announced a package of $2.2 billion in military financing"


def number_of(assistant: Assistant, question: str, fragment: str) -> int:
    """The marker number the LLM will see for the passage holding ``fragment``."""
    chunks = assistant.retrieve(question)
    passages = pack_passages(chunks, assistant.settings.llm.context_tokens)
    return next(n for n, p in enumerate(passages, start=1) if fragment in p.text)


def test_a_supported_reply_is_kept_with_exact_spans(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    reply = f"U.S. Secretary of State Antony Blinken visited Kyiv on Thursday [{n}]."
    fake_openai.reply(reply)
    answer = assistant.ask(QUESTION)
    assert (answer.backend, answer.fallback, answer.answer) == ("openai", None, reply)
    assert answer.prompt_hash == load_prompt("answer").hash
    (citation,) = answer.citations
    article = assistant.article(citation.source)
    assert citation.marker == n and article is not None
    assert article.text[citation.start : citation.end] == citation.text
    assert PACKAGE in citation.text


@pytest.mark.parametrize("written", ["[{a}, {b}]", "[{a}-{b}]", "[{a}][{b}]"])
def test_marker_formats_become_one_marker_per_passage(
    openai_assistant: Assistant, fake_openai: FakeOpenAI, written: str
) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    a, b = (n, n + 1) if written != "[{a}][{b}]" else (n, n)
    fake_openai.reply(f"Antony Blinken visited Kyiv on Thursday {written.format(a=a, b=b)}.")
    answer = assistant.ask(QUESTION)
    assert answer.fallback is None
    expected = f"[{n}][{n + 1}]" if a != b else f"[{n}][{n}]"
    assert answer.answer.endswith(f"Thursday {expected}.")
    assert [c.marker for c in answer.citations] == sorted({a, b})


def test_a_marker_pointing_at_no_passage_is_removed(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    fake_openai.reply(f"Antony Blinken visited Kyiv on Thursday [{n}][42].")
    answer = assistant.ask(QUESTION)
    assert answer.answer == f"Antony Blinken visited Kyiv on Thursday [{n}]."
    assert [c.marker for c in answer.citations] == [n]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("Antony Blinken visited Kyiv on Thursday.", "the answer cited no passage"),
        ("Antony Blinken visited Kyiv on Thursday [42].", "the answer cited no passage"),
        ("Blinken visited Paris on Monday to sign a trade deal [{n}].", "not supported"),
    ],
)
def test_a_reply_without_valid_support_falls_back_to_the_offline_answer(
    openai_assistant: Assistant,
    fake_openai: FakeOpenAI,
    seeded: Assistant,
    reply: str,
    reason: str,
) -> None:
    assistant = openai_assistant
    fake_openai.reply(reply.format(n=number_of(assistant, QUESTION, PACKAGE)))
    answer = assistant.ask(QUESTION)
    assert answer.backend == "extractive"
    assert answer.fallback is not None and reason in answer.fallback
    assert answer.answer == seeded.ask(QUESTION).answer
    assert answer.prompt_hash is None


def test_links_and_images_not_in_the_sources_are_stripped(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    fake_openai.reply(
        "![map](http://evil.example/x.png)Antony Blinken visited "
        f"[Kyiv](http://evil.example/phish) on Thursday [{n}]."
    )
    answer = assistant.ask(QUESTION)
    assert answer.answer == f"Antony Blinken visited Kyiv on Thursday [{n}]."
    assert answer.fallback is None


def test_the_cannot_answer_phrase_is_an_abstention(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    answer = openai_assistant.ask(QUESTION)
    assert answer.abstained and answer.citations == []
    assert (answer.backend, answer.fallback) == ("openai", None)


def test_the_prompt_numbers_and_fences_the_passages(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assistant = openai_assistant
    passages = pack_passages(assistant.retrieve(QUESTION), 3000)
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    assistant.ask(QUESTION)
    prompt = fake_openai.requests[0].prompt
    assert prompt.count("<passages>") == 1 and prompt.count("</passages>") == 1
    rules, _, rest = prompt.partition("<passages>")
    assert "untrusted" in rules and CANNOT_ANSWER_PHRASE in rules
    blocks = re.findall(r'<passage number="(\d+)"[^>]*>\n(.*?)\n</passage>', rest, re.S)
    assert [(int(n), text) for n, text in blocks] == [
        (i, p.text) for i, p in enumerate(passages, start=1)
    ]
    assert f"<question>\n{QUESTION}\n</question>" in rest


def test_tokens_stream_and_the_final_answer_comes_last(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    reply = f"Antony Blinken visited Kyiv on Thursday [{n}]."
    fake_openai.reply(reply)
    events = list(assistant.stream(QUESTION))
    deltas = [e.delta for e in events[:-1]]
    assert all(d is not None for d in deltas) and len(deltas) == len(reply.split(" "))
    assert "".join(d or "" for d in deltas) == reply
    assert events[-1].answer is not None and events[-1].answer.answer == reply


def test_the_async_iterator_gives_the_same_events(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    reply = f"Antony Blinken visited Kyiv on Thursday [{n}]."

    async def collect() -> list[StreamEvent]:
        return [event async for event in assistant.astream(QUESTION)]

    fake_openai.reply(reply)
    events = asyncio.run(collect())
    assert "".join(e.delta or "" for e in events) == reply
    final = events[-1].answer
    assert final is not None and final.answer == reply and final.backend == "openai"


def test_a_server_error_is_retried(openai_assistant: Assistant, fake_openai: FakeOpenAI) -> None:
    assistant = openai_assistant
    n = number_of(assistant, QUESTION, PACKAGE)
    fake_openai.fail(500)
    fake_openai.reply(f"Antony Blinken visited Kyiv on Thursday [{n}].")
    answer = assistant.ask(QUESTION)
    assert (answer.backend, answer.fallback) == ("openai", None)
    assert len(fake_openai.requests) == 2


def test_persistent_rate_limiting_falls_back_and_says_why(
    llm_assistant: Callable[..., Assistant], fake_openai: FakeOpenAI
) -> None:
    for _ in range(2):
        fake_openai.fail(429, headers={"retry-after": "0"})
    answer = llm_assistant(max_retries=1).ask(QUESTION)
    assert answer.backend == "extractive" and not answer.abstained
    assert answer.fallback is not None and "HTTP 429" in answer.fallback


def test_a_stream_cut_midway_falls_back_to_the_offline_answer(
    openai_assistant: Assistant, fake_openai: FakeOpenAI, seeded: Assistant
) -> None:
    fake_openai.reply("Antony Blinken visited Kyiv on Thursday [1].", cut_after=3)
    events = list(openai_assistant.stream(QUESTION))
    assert "".join(e.delta or "" for e in events[:-1]) == "Antony Blinken visited"
    final = events[-1].answer
    assert final is not None and final.fallback is not None and "cut off" in final.fallback
    assert final.answer == seeded.ask(QUESTION).answer


def test_the_deadline_bounds_a_slow_stream(
    llm_assistant: Callable[..., Assistant], fake_openai: FakeOpenAI
) -> None:
    assistant = llm_assistant(deadline=1.5, timeout=5)
    assistant.ask(QUESTION)  # warm: this one fails over (no reply queued)
    fake_openai.reply("Antony Blinken visited Kyiv on Thursday [1].", piece_delay=1.0)
    started = time.monotonic()
    answer = assistant.ask(QUESTION)
    assert time.monotonic() - started < 2.5
    assert answer.fallback is not None and "ASSISTANT_LLM_DEADLINE=1.5s" in answer.fallback


def test_an_unreachable_server_names_the_setting_and_answers_offline(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder
) -> None:
    settings = load_settings(
        data={"dir": seeded.settings.data.dir},
        answer={"backend": "openai"},
        llm={"base_url": "http://127.0.0.1:9/v1", "max_retries": 0},
    )
    answer = Assistant(settings, embedder=embedder).ask(QUESTION)
    assert answer.fallback is not None and "ASSISTANT_LLM_BASE_URL" in answer.fallback
    assert answer.answer == seeded.ask(QUESTION).answer


def test_a_misconfigured_backend_still_answers_offline(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder
) -> None:
    settings = load_settings(data={"dir": seeded.settings.data.dir}, answer={"backend": "openai"})
    assistant = Assistant(settings, embedder=embedder)
    assert assistant.backend_problem is not None and "OPENAI_API_KEY" in assistant.backend_problem
    answer = assistant.ask(QUESTION)
    assert answer.backend == "extractive"
    assert answer.fallback is not None and "OPENAI_API_KEY" in answer.fallback
    assert answer.answer == seeded.ask(QUESTION).answer


def test_switching_to_a_misconfigured_backend_raises(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder
) -> None:
    assistant = Assistant(load_settings(data={"dir": seeded.settings.data.dir}), embedder=embedder)
    with pytest.raises(LLMConfigError, match="OPENAI_API_KEY"):
        assistant.set_answer_backend("openai")
    assert assistant.answerer is assistant.offline and assistant.backend_problem is None


def test_switching_to_a_configured_backend_uses_it(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder, fake_openai: FakeOpenAI
) -> None:
    settings = load_settings(data={"dir": seeded.settings.data.dir}, llm=llm_settings(fake_openai))
    assistant = Assistant(settings, embedder=embedder)
    assistant.set_answer_backend("openai")
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    assert assistant.ask(QUESTION).backend == "openai"
    assert len(fake_openai.requests) == 1


def test_leaving_the_async_iterator_early_stops_the_worker(
    openai_assistant: Assistant, fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    closed = threading.Event()
    stream = openai_assistant.stream

    def tracked(*args: Any, **kwargs: Any) -> Iterator[StreamEvent]:
        try:
            yield from stream(*args, **kwargs)
        finally:
            closed.set()

    monkeypatch.setattr(openai_assistant, "stream", tracked)
    fake_openai.reply("Antony Blinken visited Kyiv on Thursday for talks [1].", piece_delay=0.3)

    async def first_piece() -> str | None:
        events = openai_assistant.astream(QUESTION)
        async for event in events:
            await events.aclose()
            return event.delta
        return None

    assert asyncio.run(first_piece()) == "Antony"
    assert closed.wait(3.0), "the service's stream was not closed"
