"""With an LLM configured, the LLM reads the retrieved passages and decides; the offline
reader is its fallback, never its filter (issue 9, item 6)."""

from __future__ import annotations

import pytest
from llm.fake_openai import FakeOpenAI

from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.answer.context import pack_passages
from assistant.service import Assistant
from assistant.text import sentence_spans

pytestmark = pytest.mark.integration
DECLINED_OFFLINE = "What did Macron say about the counter-offensive near Kharkiv?"


def test_a_question_the_reader_declines_still_reaches_the_llm(
    seeded: Assistant, openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assert seeded.ask(DECLINED_OFFLINE).abstained  # the offline reader would decline
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    answer = openai_assistant.ask(DECLINED_OFFLINE)
    (request,) = fake_openai.requests
    assert "<passage number=" in request.prompt  # it was given the retrieved passages
    assert (answer.backend, answer.abstained, answer.fallback) == ("openai", True, None)


def test_the_llm_may_answer_what_the_reader_would_decline(
    seeded: Assistant, openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    assert seeded.ask(DECLINED_OFFLINE).abstained
    chunks = openai_assistant.retrieve(DECLINED_OFFLINE)
    passages = pack_passages(chunks, openai_assistant.settings.llm.context_tokens)
    (first, *_) = sentence_spans(passages[0].text)
    quoted = passages[0].text[first.start : first.end].rstrip(".")
    fake_openai.reply(f"{quoted} [1].")
    answer = openai_assistant.ask(DECLINED_OFFLINE)
    assert not answer.abstained and answer.fallback is None
    assert [c.marker for c in answer.citations] == [1]
