"""Chat front ends' background requests: a chat title, tags, follow-up suggestions, search
queries, recognised by their shape and answered without the reader.

Open WebUI (and front ends built the same way) asks the chat model for these with an ordinary
chat completion whose last user message is a templated instruction wrapping the conversation:

    ### Task: Generate a concise, 3-5 word title ... summarizing the chat history.
    ### Output: JSON format: { "title": "your concise title here" }
    ### Chat History:
    <chat_history>
    USER: Who visited Kyiv on Thursday?
    ASSISTANT: Antony Blinken [1]. ...
    </chat_history>

Sent to the reader, such an instruction is a question the articles cannot answer. So a last
message holding a ``<chat_history>`` block and an instruction around it is a background task.
The JSON object the instruction shows decides the reply, in that same shape:

- a ``title``: the first question of the conversation, cut to a few words;
- ``tags``: "News" and the named entities of the conversation (spaCy's NER), at most three;
- anything else (``follow_ups``, ``queries``, an autocompletion's ``text`` ...): declined with
  an empty value of the kind shown (``[]``, ``""`` or ``{}``), which these clients read as
  "nothing to suggest".

Without a JSON example, an instruction that asks for a title gets the title as plain text;
any other gets an empty reply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from assistant.api.openai_content import strip_sources
from assistant.cite import strip_markers

if TYPE_CHECKING:
    from spacy.tokens import Doc

_HISTORY = re.compile(r"<chat_history>(.*?)</chat_history>", re.DOTALL)
# A message line of the rendered history: "USER: text" (Open WebUI writes the role upper-case).
_MESSAGE = re.compile(r"^(USER|ASSISTANT|SYSTEM|TOOL|AI|HUMAN):[ \t]?", re.MULTILINE)
# The first JSON object shown in the instruction: its first key and how its value starts.
_JSON_EXAMPLE = re.compile(r'\{\s*"([A-Za-z_][\w-]*)"\s*:\s*(\S)')
_TITLE_WORD = re.compile(r"\btitle\b", re.IGNORECASE)
_QUOTES = '"“”‘’«»`*_#'
MIN_INSTRUCTION_CHARS = 20
"""Shortest instruction around the history: a bare pasted <chat_history> is a question."""
TITLE_WORDS = 8
MAX_ENTITY_TAGS = 3
_TAGGED_CHARS = 4000  # of each message, and _TAGGED_MESSAGES messages at most, are parsed
_TAGGED_MESSAGES = 12
BROAD_TAG = "News"
UNTITLED = "News question"
_TAG_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}
)

Shape = Literal["list", "text", "object"]
Parse = Callable[[str], "Doc"]


@dataclass(frozen=True)
class Message:
    """One message of the wrapped conversation."""

    role: str  # lower-case: "user", "assistant" ...
    text: str


@dataclass(frozen=True)
class BackgroundTask:
    """A recognised background request: what it asks for and the conversation it wraps."""

    instruction: str
    history: tuple[Message, ...]
    key: str | None
    """The key of the JSON object the instruction asks for; None: a plain-text reply."""
    shape: Shape
    """The kind of the value under ``key``."""

    @property
    def kind(self) -> str:
        """What is asked for: the JSON key, or "title"/"text" for a plain-text reply."""
        if self.key is not None:
            return self.key
        return "title" if _TITLE_WORD.search(self.instruction) else "text"

    def reply(self, parse: Parse | None = None) -> str:
        """The content of the completion. ``parse``: a spaCy parse, for the tags."""
        value: Any
        if self.kind == "title":
            value = self.title()
        elif self.kind == "tags" and self.shape == "list":
            value = self.tags(parse)
        else:
            value = {"list": [], "text": "", "object": {}}[self.shape]
        if self.key is None:
            return value if isinstance(value, str) else ""
        return json.dumps({self.key: value}, ensure_ascii=False)

    def questions(self) -> list[str]:
        return [m.text for m in self.history if m.role in ("user", "human")]

    def title(self) -> str:
        """The first question in a few words: no quotes, no closing question mark."""
        questions = self.questions()
        if not questions:
            return UNTITLED
        words = _plain(questions[0]).strip(_QUOTES + " ").split()
        if not words:
            return UNTITLED
        cut = words[:TITLE_WORDS]
        title = " ".join(cut).rstrip("?!.,;:" + _QUOTES)
        if len(words) > TITLE_WORDS:
            title += "…"
        return title[:1].upper() + title[1:]

    def tags(self, parse: Parse | None) -> list[str]:
        """ "News", then the named entities of the questions and answers, first seen first."""
        tags = [BROAD_TAG]
        if parse is None:
            return tags
        seen = {BROAD_TAG.casefold()}
        texts = self.questions() + [
            m.text for m in self.history if m.role not in ("user", "human", "system")
        ]
        for text in texts[:_TAGGED_MESSAGES]:
            for entity in parse(_plain(text)[:_TAGGED_CHARS]).ents:
                name = _entity_name(entity.text)
                if entity.label_ not in _TAG_LABELS or not name:
                    continue
                if name.casefold() not in seen:
                    seen.add(name.casefold())
                    tags.append(name)
                if len(tags) > MAX_ENTITY_TAGS:
                    return tags
        return tags


def background_task(text: str) -> BackgroundTask | None:
    """The task a last user message asks for, or None when it is an ordinary question."""
    found = _HISTORY.findall(text)
    if len(found) != 1:
        return None
    instruction = _HISTORY.sub(" ", text).strip()
    if len(instruction) < MIN_INSTRUCTION_CHARS:
        return None
    key, shape = _asked_for(instruction)
    return BackgroundTask(
        instruction=instruction, history=tuple(_messages(found[0])), key=key, shape=shape
    )


def _asked_for(instruction: str) -> tuple[str | None, Shape]:
    example = _JSON_EXAMPLE.search(instruction)
    if example is None:
        return None, "text"
    start = example.group(2)
    shape: Shape = "list" if start == "[" else "object" if start == "{" else "text"
    return example.group(1), shape


def _messages(history: str) -> list[Message]:
    """The messages of a rendered history; a line without a role continues the message."""
    starts = list(_MESSAGE.finditer(history))
    messages = []
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        end = after.start() if after is not None else len(history)
        text = history[here.end() : end].strip()
        role = here.group(1).lower()
        if role in ("assistant", "ai"):
            text = strip_sources(text)
        messages.append(Message(role=role, text=text))
    return messages


def _plain(text: str) -> str:
    """Text without citation markers and with whitespace collapsed."""
    return " ".join(strip_markers(text).split())


def _entity_name(text: str) -> str:
    """An entity as a tag: no quotes, no possessive, no leading "the"."""
    name = re.sub(r"['’]s$", "", " ".join(text.split())).strip(_QUOTES + " ,;:'’")
    return name[4:] if name.lower().startswith("the ") else name
