"""The offline answer: the best evidence sentences, verbatim, each with its marker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from assistant.text import content_terms
from assistant.types import Passage, Turn

_REDUNDANT = 0.7  # share of a sentence's terms already said by earlier chosen sentences
_RELATIVE = 0.7  # a further sentence must score at least this share of the best one


class ExtractiveAnswerer:
    """Composes one to three verbatim evidence sentences under a word budget."""

    name = "extractive"
    granularity: Literal["sentences", "chunks"] = "sentences"
    prompt_hash: str | None = None

    def __init__(self, *, max_sentences: int, max_words: int) -> None:
        self._max_sentences = max_sentences
        self._max_words = max_words

    def answer(self, question: str, passages: list[Passage], history: list[Turn]) -> Iterator[str]:
        chosen = select_sentences(passages, self._max_sentences, self._max_words)
        for position, number in enumerate(chosen):
            separator = "" if position == 0 else " "
            text = passages[number - 1].text
            # Captions often lack a full stop; one after the marker keeps sentences apart.
            stop = "" if text.rstrip("’”\"')]").endswith((".", "!", "?", "…")) else "."
            yield f"{separator}{text} [{number}]{stop}"


def select_sentences(passages: list[Passage], max_sentences: int, max_words: int) -> list[int]:
    """Passage numbers (1-based) of the sentences to say, best first."""
    if not passages:
        return []
    best = passages[0].score
    chosen: list[int] = []
    said: set[str] = set()
    words = 0
    for number, passage in enumerate(passages, start=1):
        if len(chosen) == max_sentences:
            break
        length = len(passage.text.split())
        terms = set(content_terms(passage.text))
        if chosen and (
            passage.score < best * _RELATIVE
            or words + length > max_words
            or len(terms & said) > _REDUNDANT * max(len(terms), 1)
        ):
            continue
        chosen.append(number)
        said |= terms
        words += length
    return chosen
