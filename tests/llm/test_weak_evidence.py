"""The weak-evidence warning follows the offline reader's own confidence (issue 13, item 7):
an answer carries it only when the reader is unsure of the question, whether the answer is
the reader's own, an LLM's, or the reader's standing in for an LLM reply that failed the
citation checks. The questions are picked by what the reader makes of them, not by name."""

from __future__ import annotations

import pytest
from llm.fake_openai import FakeOpenAI
from ui.ui_support import read_and_answered, seed_readings

from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.answer.context import pack_passages
from assistant.read import Reading
from assistant.service import WEAK_EVIDENCE_WARNING, Assistant
from assistant.text import sentence_spans
from assistant.types import Answer

pytestmark = pytest.mark.integration
DECLINED_OFFLINE = "What did Macron say about the counter-offensive near Kharkiv?"

Seen = list[tuple[str, Reading, Answer]]


@pytest.fixture(scope="module")
def seen(seeded: Assistant) -> Seen:
    """Every stand-alone bundled question, its reading and its offline answer."""
    return list(seed_readings(seeded))


def answered(seen: Seen, *, confident: bool) -> str:
    """A question the reader answers, confidently or not."""
    for question, reading, _ in seen:
        if not reading.abstained and reading.confident is confident:
            return question
    pytest.fail(f"no bundled question gets a reading with confident={confident}")


def quoting_reply(assistant: Assistant, question: str) -> str:
    """An LLM reply quoting the first sentence of passage 1 (supported by its citation)."""
    chunks = assistant.retrieve(question)
    passages = pack_passages(chunks, assistant.settings.llm.context_tokens)
    (first, *_) = sentence_spans(passages[0].text)
    return f"{passages[0].text[first.start : first.end].rstrip('.')} [1]."


def test_offline_answers_warn_exactly_when_the_reader_is_unsure(seen: Seen) -> None:
    kinds = set()
    for question, reading, answer in seen:
        unsure = not reading.abstained and not reading.confident
        assert (answer.warning == WEAK_EVIDENCE_WARNING) is unsure, question
        assert answer.abstained is reading.abstained, question
        kinds.add((reading.abstained, reading.confident))
    # The bundled questions hold confident answers, unsure ones and declines.
    assert {(False, True), (False, False)} <= kinds and any(a for a, _ in kinds)


@pytest.mark.parametrize("confident", [True, False])
def test_an_llm_answer_warns_when_the_reader_is_unsure_of_its_own(
    seen: Seen, openai_assistant: Assistant, fake_openai: FakeOpenAI, confident: bool
) -> None:
    question = answered(seen, confident=confident)
    fake_openai.reply(quoting_reply(openai_assistant, question))
    reading, answer = read_and_answered(openai_assistant, question)
    assert (answer.backend, answer.fallback, answer.abstained) == ("openai", None, False)
    assert reading.confident is confident
    assert (answer.warning is None) is confident


def test_an_llm_answer_to_what_the_reader_declines_warns(
    seeded: Assistant, openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(quoting_reply(openai_assistant, DECLINED_OFFLINE))
    reading, answer = read_and_answered(openai_assistant, DECLINED_OFFLINE)
    assert reading.abstained and not answer.abstained and answer.fallback is None
    assert answer.warning == WEAK_EVIDENCE_WARNING


def test_an_llm_that_says_the_articles_do_not_say_gets_no_warning(
    seen: Seen, openai_assistant: Assistant, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    answer = openai_assistant.ask(answered(seen, confident=False))
    assert answer.abstained and answer.warning is None


@pytest.mark.parametrize("confident", [True, False])
def test_an_unsupported_llm_reply_is_replaced_and_warned_as_the_reader_would(
    seen: Seen, openai_assistant: Assistant, fake_openai: FakeOpenAI, confident: bool
) -> None:
    question = answered(seen, confident=confident)
    fake_openai.reply("The articles say so, without citing anything.")
    reading, answer = read_and_answered(openai_assistant, question)
    assert answer.fallback == "the answer cited no passage" and not answer.abstained
    assert reading.confident is confident
    assert (answer.warning is None) is confident
