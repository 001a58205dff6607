"""What one browser tab holds: its conversation and, per question, the answer shown so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.ui.evidence import EvidenceItem


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

    @property
    def pending(self) -> bool:
        """Still waiting for its final answer."""
        return self.answer is None and self.error is None and not self.stopped


@dataclass
class ChatState:
    """A tab's conversation: the service's session id and the turns shown so far."""

    session_id: str | None = None
    turns: list[ChatTurn] = field(default_factory=list)

    @property
    def waiting(self) -> ChatTurn | None:
        """The last turn if it still awaits its answer."""
        if self.turns and self.turns[-1].pending:
            return self.turns[-1]
        return None
