"""Answerers behind one interface: extractive (offline default) and openai (any compatible LLM)."""

from __future__ import annotations

from assistant.answer.base import CANNOT_ANSWER_PHRASE, Answerer, AnswerUnavailable
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.settings import Settings

__all__ = [
    "CANNOT_ANSWER_PHRASE",
    "AnswerUnavailable",
    "Answerer",
    "ExtractiveAnswerer",
    "make_answerer",
]


def make_answerer(settings: Settings, *, offline: ExtractiveAnswerer) -> Answerer:
    """The answerer the settings name; the offline one is shared, not built twice."""
    if settings.answer.backend == "extractive":
        return offline
    from assistant.answer.openai_llm import OpenAIAnswerer

    return OpenAIAnswerer(settings.llm)
