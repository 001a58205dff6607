"""The short answer read back from an offline answer's text: what a client of the
OpenAI-compatible API sends back, with no field for it, when it asks a follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answer.extractive import ExtractiveAnswerer, short_answer_in
from assistant.api.openai_compat import conversation
from assistant.api.openai_schemas import ChatMessage
from assistant.read import Reading
from assistant.types import Passage

pytestmark = pytest.mark.unit

SENTENCE = "The seat was formerly held by Tom Price, now the health secretary."
PASSAGE = Passage(
    id="a:0", source="a.md", title="Seat", start=0, end=len(SENTENCE), text=SENTENCE, score=1.0
)


@pytest.mark.parametrize(
    "reading",
    [
        Reading(abstained=False, short_answer="Tom Price", passages=[PASSAGE]),
        Reading(abstained=False, short_answer="Washington D.C.", passages=[PASSAGE]),
        Reading(
            abstained=False,
            short_answer="at least 75",
            passages=[PASSAGE],
            as_of=dt.date(2017, 2, 17),
        ),
        Reading(abstained=False, passages=[PASSAGE]),  # quoted sentences only
        Reading(abstained=True, passages=[PASSAGE]),  # declined, citing what they say
        Reading(abstained=True),
    ],
)
def test_the_short_answer_is_read_back_from_the_answer_text(reading: Reading) -> None:
    text = ExtractiveAnswerer(max_sentences=3, max_words=80).compose(reading)
    assert short_answer_in(text) == reading.short_answer


def test_a_sentence_with_a_marker_before_its_stop_is_not_a_short_answer() -> None:
    # An LLM's sentence; a list of names is shorter than this.
    long = " ".join(["word"] * 30)
    assert short_answer_in(f"{long} [1]. More.") is None


def test_follow_ups_through_the_openai_api_see_the_last_short_answer() -> None:
    messages = [
        ChatMessage(role="user", content="Who held the seat before?"),
        ChatMessage(role="assistant", content=f"Tom Price [1]. {SENTENCE} [1]"),
        ChatMessage(role="user", content="How old is he?"),
    ]
    question, history = conversation(messages)
    assert question == "How old is he?"
    assert [t.short_answer for t in history] == ["Tom Price"]
