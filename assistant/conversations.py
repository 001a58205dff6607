"""Conversations kept with the data: one SQLite file (``<data dir>/conversations.sqlite``)
holding each owner's conversations and their answered turns, and the feedback given on
answers, appended to ``<data dir>/feedback.jsonl`` as eval items.

An owner is whoever the UI serves: a login name when the UI asks for one, else the id a
browser keeps in its local storage. Every read and write names the owner, so nobody reaches
another's conversations. A turn is stored whole (the ``Answer`` as JSON), so a conversation
shown again has its sources and its follow-up context. SQLite in WAL mode lets several
processes (and threads) write at once; a turn is one INSERT, so none is lost.

No gradio here: the UI wiring is ``assistant.ui.conversations_panel``.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from assistant.types import Answer, Turn

__all__ = [
    "CONVERSATIONS_FILE",
    "FEEDBACK_FILE",
    "Conversation",
    "ConversationStore",
    "ConversationStoreError",
    "StoredTurn",
    "Vote",
    "append_feedback",
    "feedback_record",
]

CONVERSATIONS_FILE = "conversations.sqlite"
FEEDBACK_FILE = "feedback.jsonl"
TITLE_CHARS = 80
"""Longest conversation name kept (a first question longer than this is cut)."""

Vote = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_owner ON conversations(owner, updated);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    vote TEXT,
    note TEXT NOT NULL DEFAULT '',
    feedback TEXT,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_by_conversation ON turns(conversation, id);
"""


class ConversationStoreError(RuntimeError):
    """The conversation file cannot be used; the message names it and what to do."""


@dataclass(frozen=True)
class Conversation:
    """One conversation as listed: its name, when it was started and last added to."""

    id: str
    owner: str
    title: str
    created: float
    updated: float
    turns: int = 0


@dataclass(frozen=True)
class StoredTurn:
    """An answered question of a conversation, with the feedback given on it."""

    id: int
    conversation: str
    question: str
    answer: Answer
    vote: Vote | None = None
    note: str = ""
    created: float = 0.0
    feedback: str | None = None
    """The id of the last feedback record written for this answer."""

    def as_turn(self) -> Turn:
        """The turn as follow-up questions see it (``ChatSession.turns``)."""
        return Turn(
            question=self.question,
            answer=self.answer.answer,
            short_answer=self.answer.short_answer,
        )


def title_for(question: str) -> str:
    """A conversation's first name: its first question, on one line, cut at ``TITLE_CHARS``."""
    text = " ".join(question.split())
    if len(text) <= TITLE_CHARS:
        return text or "Conversation"
    return text[: TITLE_CHARS - 1].rstrip() + "…"


class ConversationStore:
    """Conversations and their turns in one SQLite file, per owner."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise ConversationStoreError(
                f"The conversations file {path} cannot be used ({exc}). Saved conversations "
                "are unavailable until it is repaired or moved aside (a new one is then "
                "started); asking questions still works."
            ) from None

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ConversationStore:
        """The store of a data folder (``<data dir>/conversations.sqlite``)."""
        return cls(data_dir / CONVERSATIONS_FILE)

    def close(self) -> None:
        with self.lock:
            self._db.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            try:
                yield self._db
            except sqlite3.DatabaseError as exc:
                raise self._error(exc) from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            try:
                with self._db:
                    yield self._db
            except sqlite3.DatabaseError as exc:
                raise self._error(exc) from None

    def _error(self, exc: Exception) -> ConversationStoreError:
        return ConversationStoreError(f"The conversations file {self.path} failed: {exc}")

    # -- the store's own settings -----------------------------------------------------------

    def secret(self) -> str:
        """A random key made once per store (the browser keeps its id encrypted with it)."""
        with self._writing() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('secret', ?)",
                (secrets.token_urlsafe(24),),
            )
            row = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
        return str(row[0])

    # -- conversations ----------------------------------------------------------------------

    def create(self, owner: str, title: str) -> Conversation:
        now = time.time()
        conversation = Conversation(uuid.uuid4().hex, owner, title_for(title), now, now)
        with self._writing() as db:
            db.execute(
                "INSERT INTO conversations (id, owner, title, created, updated) "
                "VALUES (?, ?, ?, ?, ?)",
                (conversation.id, owner, conversation.title, now, now),
            )
        return conversation

    def conversations(self, owner: str) -> list[Conversation]:
        """The owner's conversations, the most recently added to first."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT c.id, c.owner, c.title, c.created, c.updated, "
                "(SELECT COUNT(*) FROM turns t WHERE t.conversation = c.id) "
                "FROM conversations c WHERE c.owner = ? ORDER BY c.updated DESC, c.rowid DESC",
                (owner,),
            ).fetchall()
        return [Conversation(*row) for row in rows]

    def get(self, owner: str, conversation_id: str) -> Conversation | None:
        return next((c for c in self.conversations(owner) if c.id == conversation_id), None)

    def rename(self, owner: str, conversation_id: str, title: str) -> bool:
        """Give the owner's conversation a new name; False if it has none of that id or the
        name is blank."""
        name = " ".join(title.split())[:TITLE_CHARS]
        if not name:
            return False
        with self._writing() as db:
            changed = db.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND owner = ?",
                (name, conversation_id, owner),
            ).rowcount
        return changed > 0

    def delete(self, owner: str, conversation_id: str) -> bool:
        """Delete that one conversation of the owner, with its turns; False if there is none."""
        with self._writing() as db:
            if not self._owns(db, owner, conversation_id):
                return False
            db.execute("DELETE FROM turns WHERE conversation = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        return True

    # -- turns ------------------------------------------------------------------------------

    def turns(self, owner: str, conversation_id: str) -> list[StoredTurn]:
        """The conversation's turns in the order asked (none if the owner has no such
        conversation). A turn whose answer can no longer be read is left out."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT t.id, t.conversation, t.question, t.answer, t.vote, t.note, t.created, "
                "t.feedback "
                "FROM turns t JOIN conversations c ON c.id = t.conversation "
                "WHERE t.conversation = ? AND c.owner = ? ORDER BY t.id",
                (conversation_id, owner),
            ).fetchall()
        turns = []
        for row in rows:
            stored = _turn(row)
            if stored is not None:
                turns.append(stored)
        return turns

    def append(self, owner: str, conversation_id: str, question: str, answer: Answer) -> StoredTurn:
        """Add an answered question to the owner's conversation; raises ``KeyError`` when the
        owner has no such conversation."""
        now = time.time()
        with self._writing() as db:
            if not self._owns(db, owner, conversation_id):
                raise KeyError(conversation_id)
            cursor = db.execute(
                "INSERT INTO turns (conversation, question, answer, created) VALUES (?, ?, ?, ?)",
                (conversation_id, question, answer.model_dump_json(), now),
            )
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
        return StoredTurn(
            int(cursor.lastrowid or 0), conversation_id, question, answer, None, "", now
        )

    def replace_answer(self, owner: str, turn_id: int, answer: Answer) -> StoredTurn | None:
        """A regenerated answer in place of the turn's old one (its feedback goes with the
        old answer); None if the owner has no such turn."""
        with self._writing() as db:
            changed = db.execute(
                "UPDATE turns SET answer = ?, vote = NULL, note = '' WHERE id = ? AND "
                "conversation IN (SELECT id FROM conversations WHERE owner = ?)",
                (answer.model_dump_json(), turn_id, owner),
            ).rowcount
        return self.turn(owner, turn_id) if changed else None

    def turn(self, owner: str, turn_id: int) -> StoredTurn | None:
        with self._reading() as db:
            row = db.execute(
                "SELECT t.id, t.conversation, t.question, t.answer, t.vote, t.note, t.created, "
                "t.feedback "
                "FROM turns t JOIN conversations c ON c.id = t.conversation "
                "WHERE t.id = ? AND c.owner = ?",
                (turn_id, owner),
            ).fetchone()
        return _turn(row) if row else None

    def vote(
        self, owner: str, turn_id: int, vote: Vote | None, note: str | None = None
    ) -> StoredTurn | None:
        """Record the owner's vote on a turn (None: taken back) and, if given, a note; None if
        the owner has no such turn."""
        with self._writing() as db:
            values: list[str | None] = [vote]
            query = "vote = ?"
            if note is not None:
                query, values = "vote = ?, note = ?", [vote, note.strip()]
            changed = db.execute(
                f"UPDATE turns SET {query} WHERE id = ? AND "
                "conversation IN (SELECT id FROM conversations WHERE owner = ?)",
                (*values, turn_id, owner),
            ).rowcount
        return self.turn(owner, turn_id) if changed else None

    def feedback_written(self, owner: str, turn_id: int, record_id: str) -> None:
        """Note the id of the feedback record just written for the turn."""
        with self._writing() as db:
            db.execute(
                "UPDATE turns SET feedback = ? WHERE id = ? AND "
                "conversation IN (SELECT id FROM conversations WHERE owner = ?)",
                (record_id, turn_id, owner),
            )

    @staticmethod
    def _owns(db: sqlite3.Connection, owner: str, conversation_id: str) -> bool:
        row = db.execute(
            "SELECT 1 FROM conversations WHERE id = ? AND owner = ?", (conversation_id, owner)
        ).fetchone()
        return row is not None


def _turn(row: tuple[Any, ...]) -> StoredTurn | None:
    turn_id, conversation, question, answer, vote, note, created, feedback = row
    try:
        parsed = Answer.model_validate_json(answer)
    except ValidationError:  # written by a version whose Answer differs: not shown
        return None
    return StoredTurn(
        int(turn_id), conversation, question, parsed, vote, note or "", created, feedback
    )


# -- feedback for the eval set ----------------------------------------------------------------


def feedback_record(turn: StoredTurn, earlier: list[StoredTurn]) -> dict[str, Any]:
    """The feedback on ``turn`` as an eval item (``assistant.evaluate.dataset.EvalItem``):
    ``id``, ``question`` and ``turns`` (the questions asked before it in its conversation,
    so a follow-up is asked in context), then the answer, the vote and the note, which the
    dataset loader ignores. Each record has an id of its own: a later vote or note on the
    same answer is a new line naming the one it ``replaces``."""
    answer = turn.answer
    return {
        "id": f"feedback-{uuid.uuid4().hex[:12]}",
        "question": turn.question,
        "turns": [t.question for t in earlier],
        "answer": answer.answer,
        "abstained": answer.abstained,
        "sources": [
            {"marker": c.marker, "source": c.source, "title": c.title, "quote": c.text}
            for c in answer.citations
        ],
        **({"filters": answer.filters.model_dump(mode="json")} if answer.filters else {}),
        "vote": turn.vote,
        "note": turn.note,
        "backend": answer.backend,
        "conversation": turn.conversation,
        "turn": turn.id,
        "replaces": turn.feedback,
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


_FEEDBACK_LOCK = threading.Lock()


def append_feedback(path: Path, record: dict[str, Any]) -> None:
    """Append one record to the feedback file as a line of JSON (one write, so lines from
    several processes never interleave)."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _FEEDBACK_LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(line)
