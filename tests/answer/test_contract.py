"""One contract for every answerer: pieces of text whose markers number the given passages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from llm.fake_openai import FakeOpenAI, llm_settings

from assistant.answer import Answerer, ExtractiveAnswerer
from assistant.answer.openai_llm import OpenAIAnswerer
from assistant.settings import LLMSettings
from assistant.types import Passage

pytestmark = pytest.mark.unit
TEXT = "Blinken visited Kyiv on Thursday. He announced $2.2 billion in military financing."
PASSAGES = [
    Passage(id="a:0", source="a.txt", title="Visit", start=0, end=33, text=TEXT[:33], score=0.9),
    Passage(
        id="a:34", source="a.txt", title="Visit", start=34, end=len(TEXT), text=TEXT[34:], score=0.8
    ),
]


def extractive(fake: FakeOpenAI) -> Answerer:
    return ExtractiveAnswerer(max_sentences=3, max_words=80)


def openai_backend(fake: FakeOpenAI) -> Answerer:
    fake.reply("Blinken visited Kyiv on Thursday [1] and announced $2.2 billion [2].")
    return OpenAIAnswerer(LLMSettings(**llm_settings(fake)))


BACKENDS: list[Callable[[FakeOpenAI], Answerer]] = [extractive, openai_backend]


@pytest.mark.parametrize("build", BACKENDS, ids=lambda b: b.__name__)
def test_the_answer_streams_as_text_pieces(
    build: Callable[..., Answerer], fake_openai: FakeOpenAI
) -> None:
    pieces = list(build(fake_openai).answer("Who visited Kyiv?", PASSAGES, []))
    assert len(pieces) >= 1 and all(isinstance(p, str) for p in pieces)
    assert "Blinken visited Kyiv on Thursday" in "".join(pieces)


@pytest.mark.parametrize("build", BACKENDS, ids=lambda b: b.__name__)
def test_markers_number_the_given_passages(
    build: Callable[..., Answerer], fake_openai: FakeOpenAI
) -> None:
    text = "".join(build(fake_openai).answer("Who visited Kyiv?", PASSAGES, []))
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
    assert numbers and all(1 <= n <= len(PASSAGES) for n in numbers)


@pytest.mark.parametrize("build", BACKENDS, ids=lambda b: b.__name__)
def test_the_interface_attributes(build: Callable[..., Answerer], fake_openai: FakeOpenAI) -> None:
    answerer = build(fake_openai)
    assert answerer.name in {"extractive", "openai"}
    assert answerer.granularity in {"sentences", "chunks"}
    assert answerer.prompt_hash is None or re.fullmatch(r"[0-9a-f]{12}", answerer.prompt_hash)
