"""The ``openai`` answer backend: any OpenAI-compatible chat model, answering from numbered,
fenced passages with the prompt in ``prompts/answer.txt``.

The text streams as the model writes it; the service then checks its citations (see
``Assistant._generate``) and falls back to the offline answer when they do not hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from assistant.answer.base import CANNOT_ANSWER_PHRASE, AnswerUnavailable
from assistant.answer.context import pack_passages, render_passages
from assistant.llm import ChatClient, Deadline, LLMError, Message, rewrite_budget
from assistant.prompts import Prompt, load_prompt
from assistant.settings import LLMSettings
from assistant.types import Passage, Turn

ANSWER_PROMPT_VARIABLES = frozenset({"passages", "question", "cannot_answer"})


class OpenAIAnswerer:
    """Answers with an LLM behind the OpenAI chat-completions protocol.

    Construction fails with ``LLMConfigError`` when the settings cannot work (no key and no
    local server), and with ``PromptError`` when the answer template is broken.
    """

    name = "openai"
    granularity: Literal["sentences", "chunks"] = "chunks"

    def __init__(
        self,
        llm: LLMSettings,
        *,
        client: ChatClient | None = None,
        prompt: Prompt | None = None,
    ) -> None:
        self._llm = llm
        self._prompt = prompt or load_prompt("answer", variables=ANSWER_PROMPT_VARIABLES)
        self.client = client or ChatClient(llm)

    @property
    def prompt_hash(self) -> str | None:
        return self._prompt.hash

    def messages(self, question: str, passages: list[Passage]) -> list[Message]:
        """The chat request for ``question``: the rendered prompt with the packed passages."""
        packed = pack_passages(passages, self._llm.context_tokens)
        content = self._prompt.render(
            passages=render_passages(packed),
            question=question,
            cannot_answer=CANNOT_ANSWER_PHRASE,
        )
        return [{"role": "user", "content": content}]

    def answer(self, question: str, passages: list[Passage], history: list[Turn]) -> Iterator[str]:
        """Stream the model's answer; ``AnswerUnavailable`` says why when there is none.

        ``history`` is not sent: the question arrives already rewritten to stand alone.
        The question's deadline bounds the rewrite and this answer together.
        """
        messages = self.messages(question, passages)
        # With earlier turns, the LLM rewrite of this follow-up had its budget already: what
        # is left of the question's deadline is the answer's.
        seconds = self._llm.deadline - (rewrite_budget(self._llm) if history else 0.0)
        try:
            yield from self.client.stream(messages, deadline=Deadline.after(seconds))
        except LLMError as exc:
            raise AnswerUnavailable(str(exc)) from exc


class UnavailableAnswerer:
    """Stands in for an LLM backend that cannot start, so that every question still gets the
    offline answer, with the reason (naming the setting to fix) as its ``fallback``."""

    name = "openai"
    granularity: Literal["sentences", "chunks"] = "sentences"
    prompt_hash: str | None = None

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def answer(self, question: str, passages: list[Passage], history: list[Turn]) -> Iterator[str]:
        raise AnswerUnavailable(self.problem)
