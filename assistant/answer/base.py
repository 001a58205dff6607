"""The answerer interface, and the phrase every backend uses to decline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol

from assistant.types import Passage, Turn

CANNOT_ANSWER_PHRASE = "The articles do not say."
"""What the assistant answers when the articles hold no answer; prompts and tests use it too."""

NEAR_MISS_PREFIX = "What they do say:"
"""Follows the decline phrase when the articles hold something close to what was asked."""


class AnswerUnavailable(RuntimeError):
    """The backend could not produce an answer (unreachable, misconfigured, cut off)."""


class Answerer(Protocol):
    """Writes an answer with markers [n] that number the given passages from 1."""

    name: str
    granularity: Literal["sentences", "chunks"]
    """Whether it wants evidence sentences or whole chunks as its passages."""

    @property
    def prompt_hash(self) -> str | None:
        """Hash of the prompt text it answers with, if any."""
        ...

    def answer(self, question: str, passages: list[Passage], history: list[Turn]) -> Iterator[str]:
        """Stream the answer text in pieces."""
        ...
