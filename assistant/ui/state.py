"""What one browser tab holds: its conversation and, per question, the answer shown so far."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.ui.backends import Backend
    from assistant.ui.evidence import EvidenceItem

# Guards a tab's turns while a question is added or the page's load shows a saved
# conversation: gradio runs both at once when a question is sent before the page has loaded.
_TURNS = threading.Lock()


@dataclass(frozen=True)
class AskRequest:
    """What a question is answered with: the tab's retrieval depth and backend, and its
    filter controls, as they were when it was asked."""

    depth: float | None = None
    backend: Backend | None = None
    outlets: list[str] | str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class ChatTurn:
    """One question of the conversation as the chat column shows it."""

    question: str
    partial: str = ""
    """Answer text streamed so far."""
    answer: Answer | None = None
    """The final answer, once it has arrived."""
    evidence: list[EvidenceItem] = field(default_factory=list)
    """The evidence cards of the answer's citations."""
    error: str | None = None
    """Why no answer came, if one did not."""
    stopped: bool = False
    """The user stopped the answer before it was complete."""
    request: AskRequest | None = None
    """The tab's settings and filters when the question was asked (None: those of the step
    that answers it)."""
    record: int | None = None
    """Its id in the conversation store, once saved (``assistant.conversations``)."""

    @property
    def pending(self) -> bool:
        """Still waiting for its final answer."""
        return self.answer is None and self.error is None and not self.stopped


@dataclass
class ChatState:
    """A tab's conversation: the service's session id and the turns shown so far."""

    session_id: str | None = None
    turns: list[ChatTurn] = field(default_factory=list)
    answering: object | None = None
    """The token of the step answering this tab's questions, one after another (None: no
    step is); a question sent meanwhile waits for it rather than starting a second one."""
    owner: str | None = None
    """Whose conversations the tab shows (a login or a browser's id); None: none are saved."""
    conversation: str | None = None
    """The saved conversation shown (None: a new one, saved with its first answer)."""

    @property
    def waiting(self) -> ChatTurn | None:
        """The oldest turn still awaiting its answer: the one answered now or next."""
        return next((turn for turn in self.turns if turn.pending), None)

    @property
    def queued(self) -> list[ChatTurn]:
        """Every turn still awaiting its answer, oldest first."""
        return [turn for turn in self.turns if turn.pending]

    def ask(self, turn: ChatTurn) -> None:
        """Add a question sent from the tab."""
        with _TURNS:
            self.turns.append(turn)

    def adopt(self, loaded: ChatState) -> bool:
        """Become ``loaded`` (what the page shows once loaded) in place, so every step holding
        this state sees it; False, and nothing changed, when a question was sent before the
        page finished loading: that question is never dropped for a saved conversation."""
        with _TURNS:
            if self.turns or self.answering is not None:
                return False
            for each in fields(self):
                setattr(self, each.name, getattr(loaded, each.name))
            return True
