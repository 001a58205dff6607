"""A conversation with the openai backend: follow-ups are rewritten by the LLM, then
answered by it, over the same fake server."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from llm.fake_openai import FakeOpenAI

from assistant.service import Assistant

pytestmark = pytest.mark.integration
FIRST = "Who visited Kyiv on Thursday?"
FOLLOW_UP = "How much military financing did he announce?"
REWRITTEN = "How much military financing did Antony Blinken announce?"


def cite_package(assistant: Assistant, question: str) -> int:
    from assistant.answer.context import pack_passages

    passages = pack_passages(assistant.retrieve(question), 3000)
    return next(n for n, p in enumerate(passages, 1) if "$2.2 billion" in p.text)


def test_a_follow_up_is_rewritten_by_the_llm_then_answered(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    session = openai_assistant.chat()
    n = cite_package(openai_assistant, FIRST)
    fake_openai.reply(f"U.S. Secretary of State Antony Blinken visited Kyiv on Thursday [{n}].")
    session.ask(FIRST)
    m = cite_package(openai_assistant, REWRITTEN)
    fake_openai.reply(REWRITTEN)
    fake_openai.reply(f"Blinken announced a package of $2.2 billion in military financing [{m}].")
    answer = session.ask(FOLLOW_UP)
    assert answer.standalone_question == REWRITTEN
    assert (answer.backend, answer.fallback) == ("openai", None)
    answer_1, rewrite, answer_2 = fake_openai.requests
    assert [r.body["stream"] for r in (answer_1, rewrite, answer_2)] == [True, False, True]
    assert "Assistant: U.S. Secretary of State Antony Blinken visited Kyiv" in rewrite.prompt
    assert f"<question>\n{REWRITTEN}\n</question>" in answer_2.prompt


def test_when_the_rewrite_fails_the_offline_one_is_used(
    openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    session = openai_assistant.chat()
    n = cite_package(openai_assistant, FIRST)
    fake_openai.reply(f"U.S. Secretary of State Antony Blinken visited Kyiv on Thursday [{n}].")
    session.ask(FIRST)
    fake_openai.fail(500)
    fake_openai.reply("The articles do not say.")
    answer = session.ask(FOLLOW_UP)
    assert answer.standalone_question.startswith(REWRITTEN)  # the offline rewrite
    assert answer.abstained and len(fake_openai.requests) == 3


def test_the_deadline_bounds_the_rewrite_and_the_answer_together(
    llm_assistant: Callable[..., Assistant], fake_openai: FakeOpenAI
) -> None:
    assistant = llm_assistant(deadline=2.0, timeout=5.0)
    session = assistant.chat()
    n = cite_package(assistant, FIRST)
    fake_openai.reply(f"U.S. Secretary of State Antony Blinken visited Kyiv on Thursday [{n}].")
    session.ask(FIRST)
    # The rewrite comes after its 0.5 s share (so the offline one is used), the answer
    # trickles in past what is left.
    fake_openai.reply("What did Antony Blinken announce in Kyiv?", delay=3.0)
    fake_openai.reply("Blinken announced a package [1] of $2.2 billion [2].", piece_delay=1.0)
    started = time.monotonic()
    answer = session.ask(FOLLOW_UP)
    assert time.monotonic() - started < 2.6
    assert answer.standalone_question.startswith(REWRITTEN)  # the offline rewrite
    assert answer.fallback is not None and "ASSISTANT_LLM_DEADLINE=2s" in answer.fallback
