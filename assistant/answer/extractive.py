"""The offline answer, written from the reader's findings: the short answer, then the sentence
that holds it, each cited; or a decline that quotes what the articles do say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from assistant.answer.base import CANNOT_ANSWER_PHRASE, NEAR_MISS_PREFIX
from assistant.cite import neutralise
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
        return "".join(self.pieces(reading))

    def pieces(self, reading: Reading) -> Iterator[str]:
        """The answer for a reading, a sentence at a time (what the stream shows)."""
        if reading.abstained:
            yield CANNOT_ANSWER_PHRASE
            if reading.passages:
                yield f" {NEAR_MISS_PREFIX} {quoted(reading.passages[0].text, 1)}"
            return
        if reading.short_answer:
            yield f"{neutralise(reading.short_answer)} [{reading.short_marker}]. "
        yield from self.answer("", reading.passages, [])


def quoted(text: str, number: int) -> str:
    """A verbatim sentence with its marker after the final punctuation; a caption without a
    full stop gets one, so that sentences stay apart. Its brackets and tags are neutralised
    (``cite.neutralise``): the only markers in an answer are the ones placed here."""
    text = neutralise(text.strip())
    stop = "" if text.rstrip("’”\"')]").endswith((".", "!", "?", "…")) else "."
    return f"{text}{stop} [{number}]"
