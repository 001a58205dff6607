"""Conversations: follow-up questions rewritten to stand alone, and history under a token budget."""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.text import count_tokens, words
from assistant.types import Answer, Turn

if TYPE_CHECKING:
    from assistant.service import Assistant, StreamEvent

_DEPENDENT = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "such",
        "same",
        "former",
        "latter",
    ]
)
_OPENERS = re.compile(r"^\s*(and|what about|how about|also|so|but|then)\b", re.IGNORECASE)
_ENTITY = re.compile(r"\b(?:[A-Z][\w’'-]*|U\.S\.)(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*")
_MARKER = re.compile(r"\[[\d,\s\-–]+\]")
_QUESTION_WORDS = frozenset(
    [
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "whom",
        "whose",
        "did",
        "does",
        "do",
        "is",
        "are",
    ]
)


def needs_context(question: str) -> bool:
    """Whether a question leans on earlier turns: pronouns, 'what about ...', or very short."""
    tokens = words(question)
    return (
        bool(_OPENERS.search(question)) or any(t in _DEPENDENT for t in tokens) or len(tokens) < 4
    )


def rewrite_offline(question: str, history: list[Turn]) -> str:
    """Deterministic follow-up rewrite: carry the names and topic of the last turn along.

    "How much did he announce?" after a turn about Blinken's visit to Kyiv becomes
    "How much did he announce? (context: Antony Blinken; Kyiv; visited ...)".
    """
    if not history or not needs_context(question):
        return question
    last = history[-1]
    carried = _entities(last.question) + _entities(_MARKER.sub("", last.answer))
    topic = [w for w in words(last.question) if w not in _QUESTION_WORDS and len(w) > 3]
    own = set(words(question))
    context = [c for c in dict.fromkeys(carried + topic) if c.lower() not in own]
    if not context:
        return question
    return f"{question.strip()} (context: {'; '.join(context[:8])})"


def _entities(text: str) -> list[str]:
    found = []
    for match in _ENTITY.finditer(text):
        phrase = match.group(0)
        first = phrase.split()[0].lower()
        if first in _QUESTION_WORDS or first in _DEPENDENT or first in {"the", "a", "in", "on"}:
            phrase = " ".join(phrase.split()[1:])
        if phrase:
            found.append(phrase)
    return found


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


class ChatSession:
    """One conversation with the assistant; follow-ups see the earlier turns."""

    def __init__(self, assistant: Assistant, session_id: str | None = None) -> None:
        self.id = session_id or uuid.uuid4().hex
        self.turns: list[Turn] = []
        self._assistant = assistant

    def ask(self, question: str, *, top_k: int | None = None) -> Answer:
        answer = self._assistant.ask(question, history=self.turns, top_k=top_k)
        self.turns.append(Turn(question=question, answer=answer.answer))
        return answer

    def stream(self, question: str, *, top_k: int | None = None) -> Iterator[StreamEvent]:
        """Stream events of one answer; the turn is recorded when the final answer arrives."""
        for event in self._assistant.stream(question, history=self.turns, top_k=top_k):
            if event.answer is not None:
                self.turns.append(Turn(question=question, answer=event.answer.answer))
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
