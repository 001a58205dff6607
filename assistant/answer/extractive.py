"""The offline answer, written from the reader's findings: the short answer, then the sentence
that holds it, each cited; or a decline that quotes what the articles do say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from assistant.answer.base import CANNOT_ANSWER_PHRASE, NEAR_MISS_PREFIX
from assistant.read import Reading
from assistant.types import Passage, Turn


class ExtractiveAnswerer:
    """Quotes the passages it is given, verbatim, each followed by its marker."""

    name = "extractive"
    granularity: Literal["sentences", "chunks"] = "sentences"
    prompt_hash: str | None = None

    def __init__(self, *, max_sentences: int, max_words: int) -> None:
        self._max_sentences = max_sentences
        self._max_words = max_words

    def answer(self, question: str, passages: list[Passage], history: list[Turn]) -> Iterator[str]:
        words = 0
        for number, passage in enumerate(passages[: self._max_sentences], start=1):
            length = len(passage.text.split())
            if number > 1 and words + length > self._max_words:
                break
            words += length
            yield ("" if number == 1 else " ") + quoted(passage.text, number)

    def compose(self, reading: Reading) -> str:
        """The answer text for a reading; markers number ``reading.passages`` from 1."""
        if reading.abstained:
            if not reading.passages:
                return CANNOT_ANSWER_PHRASE
            return (
                f"{CANNOT_ANSWER_PHRASE} {NEAR_MISS_PREFIX} {quoted(reading.passages[0].text, 1)}"
            )
        body = "".join(self.answer("", reading.passages, []))
        if reading.short_answer:
            return f"{reading.short_answer} [1]. {body}"
        return body


def quoted(text: str, number: int) -> str:
    """A verbatim sentence with its marker after the final punctuation; a caption without a
    full stop gets one, so that sentences stay apart."""
    text = text.strip()
    stop = "" if text.rstrip("’”\"')]").endswith((".", "!", "?", "…")) else "."
    return f"{text}{stop} [{number}]"
