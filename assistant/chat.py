"""Conversations: follow-up questions rewritten to stand alone, and history under a token budget.

A follow-up is rewritten by the LLM with ``prompts/rewrite.txt`` when an LLM backend is
configured, and otherwise (or when the LLM fails) offline, by ``assistant.followup`` (the
``Assistant`` hands its spaCy pipeline to it).
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING

from assistant.cite import strip_markers
from assistant.text import count_tokens
from assistant.types import Answer, Filters, Turn

if TYPE_CHECKING:
    from assistant.llm import ChatClient
    from assistant.prompts import Prompt
    from assistant.service import Assistant, StreamEvent
    from assistant.settings import Settings

__all__ = [
    "ChatSession",
    "LLMRewriter",
    "Rewriter",
    "SessionRegistry",
    "make_rewriter",
    "trim_history",
]

Rewriter = Callable[[str, list[Turn]], str]
"""Makes ``question`` stand alone given the earlier turns: ``rewriter(question, history)``."""

REWRITE_PROMPT_VARIABLES = frozenset({"history", "question"})
_LABEL = re.compile(r"^\s*(?:rewritten|standalone)?\s*question\s*:\s*", re.IGNORECASE)
log = logging.getLogger(__name__)


def trim_history(history: list[Turn], budget_tokens: int) -> list[Turn]:
    """The most recent turns whose text fits in ``budget_tokens``."""
    kept: list[Turn] = []
    used = 0
    for turn in reversed(history):
        cost = count_tokens(turn.question) + count_tokens(turn.answer)
        if used + cost > budget_tokens:
            break
        kept.append(turn)
        used += cost
    return list(reversed(kept))


class LLMRewriter:
    """Rewrites follow-ups with the LLM and ``prompts/rewrite.txt``.

    One short attempt within ``rewrite_budget`` (a quarter of the question's deadline); when
    it fails or replies with something that is not a question, the offline rewrite
    is used, so a flaky server never costs the user the answer.
    """

    def __init__(
        self,
        client: ChatClient,
        *,
        fallback: Rewriter,
        prompt: Prompt | None = None,
    ) -> None:
        from assistant.prompts import load_prompt

        self._client = client
        self._fallback = fallback
        self._prompt = prompt or load_prompt("rewrite", variables=REWRITE_PROMPT_VARIABLES)

    @property
    def prompt_hash(self) -> str:
        return self._prompt.hash

    def __call__(self, question: str, history: list[Turn]) -> str:
        if not history:
            return question
        from assistant.llm import Deadline, LLMError, rewrite_budget

        deadline = Deadline.after(rewrite_budget(self._client.settings))
        try:
            reply = self._client.complete(
                self.messages(question, history), deadline=deadline, attempts=1
            )
        except LLMError as exc:
            log.warning("LLM rewrite failed, using the offline rewrite: %s", exc)
            return self._fallback(question, history)
        return _clean_rewrite(reply, question) or self._fallback(question, history)

    def messages(self, question: str, history: list[Turn]) -> list[dict[str, str]]:
        """The chat request: the rewrite prompt with the conversation so far."""
        from assistant.answer.context import defuse

        lines = []
        for turn in history:
            lines.append(f"User: {defuse(turn.question)}")
            lines.append(f"Assistant: {defuse(strip_markers(turn.answer).strip())}")
        content = self._prompt.render(history="\n".join(lines), question=defuse(question))
        return [{"role": "user", "content": content}]


def _clean_rewrite(reply: str, question: str) -> str | None:
    """The rewritten question from the model's reply, or None if the reply is not usable."""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    if not lines:
        return None
    text = _LABEL.sub("", lines[0]).strip().strip("\"'“”‘’").strip()
    # A rewrite adds names to the question; an essay or an answer is not a rewrite.
    if not text or len(text) > 3 * len(question) + 200:
        return None
    return text


def make_rewriter(settings: Settings, *, offline: Rewriter) -> Rewriter:
    """The follow-up rewriter for these settings: the LLM's when the answer backend is an LLM
    (with ``offline`` when it fails), else ``offline``.

    Raises ``LLMConfigError`` when the LLM is chosen but cannot be configured.
    """
    if settings.answer.backend != "openai":
        return offline
    from assistant.llm import ChatClient

    return LLMRewriter(ChatClient(settings.llm), fallback=offline)


class ChatSession:
    """One conversation with the assistant; follow-ups see the earlier turns."""

    def __init__(self, assistant: Assistant, session_id: str | None = None) -> None:
        self.id = session_id or uuid.uuid4().hex
        self.turns: list[Turn] = []
        self._assistant = assistant

    def ask(
        self, question: str, *, top_k: int | None = None, filters: Filters | None = None
    ) -> Answer:
        answer = self._assistant.ask(question, history=self.turns, top_k=top_k, filters=filters)
        self.turns.append(_turn(question, answer))
        return answer

    def stream(
        self, question: str, *, top_k: int | None = None, filters: Filters | None = None
    ) -> Iterator[StreamEvent]:
        """Stream events of one answer; the turn is recorded when the final answer arrives.
        ``filters``: this question's restriction (``Assistant.stream``)."""
        events = self._assistant.stream(question, history=self.turns, top_k=top_k, filters=filters)
        for event in events:
            if event.answer is not None:
                self.turns.append(_turn(question, event.answer))
            yield event

    async def astream(
        self, question: str, *, top_k: int | None = None, filters: Filters | None = None
    ) -> AsyncIterator[StreamEvent]:
        """``stream`` as an async iterator (the work runs on a thread, off the event loop)."""
        events = self._assistant.astream(
            question, history=list(self.turns), top_k=top_k, filters=filters
        )
        async for event in events:
            if event.answer is not None:
                self.turns.append(_turn(question, event.answer))
            yield event


class SessionRegistry:
    """Conversations kept by id for the UI and the HTTP API; the oldest go past ``limit``."""

    def __init__(self, assistant: Assistant, limit: int = 1000) -> None:
        self._assistant = assistant
        self._sessions: OrderedDict[str, ChatSession] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def create(self) -> ChatSession:
        session = ChatSession(self._assistant)
        with self._lock:
            self._sessions[session.id] = session
            while len(self._sessions) > self._limit:
                self._sessions.popitem(last=False)
        return session

    def get(self, session_id: str) -> ChatSession | None:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                self._sessions.move_to_end(session_id)
            return session

    def delete(self, session_id: str) -> bool:
        with self._lock:
            return self._sessions.pop(session_id, None) is not None


def _turn(question: str, answer: Answer) -> Turn:
    return Turn(question=question, answer=answer.answer, short_answer=answer.short_answer)
