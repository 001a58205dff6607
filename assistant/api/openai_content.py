"""The message content an OpenAI client shows for an answer.

Most clients (LibreChat, Open WebUI, SDK scripts, CLIs) show only ``content``, as Markdown. So
the content carries the answer with its ``[n]`` markers, links made plain text (a link is
never clickable there, even one the cited span holds), then a numbered Sources list: outlet,
title, date and the quoted span of each citation, with the article's address when it has
one, and a last line naming the outlets and dates searched when the search was restricted.
The request's ``stop`` and ``max_tokens`` cut that content; streamed or not, a client
sees the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from assistant.cite import dated_span, neutralise, story_note
from assistant.text import truncate_tokens
from assistant.types import Citation, Filters

SOURCES_HEADING = "**Sources**"
_SOURCES_SEPARATOR = f"\n\n{SOURCES_HEADING}\n\n"
_SCOPE_NOTE = "\n\n_Searched only articles "
_QUOTE_CHARS = 300
"""Longest quoted span shown in the list (an LLM cites whole chunks); the rest is '…'."""
# A Markdown link's "](url)" junction, and a bare address an autolinker would make live.
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_BARE_URL = re.compile(r"(?<![`\w/.])(?:https?://|www\.)[^\s`<>]*[^\s`<>.,;:!?'\")\]]")
_WEB_ADDRESS = re.compile(r"https?://[^\s<>]+")

FinishReason = Literal["stop", "length"]


def plain_links(text: str) -> str:
    """``text`` with every link shown as plain text: ``[a](url)`` -> ``[a] (`url`)`` and a
    bare address in code quotes. The change never spans whitespace, so the text of a stream
    can be made plain piece by piece (each piece ending at whitespace)."""
    text = _LINK_TARGET.sub(lambda m: f"] (`{m.group(1)}`)", text)
    return _BARE_URL.sub(lambda m: f"`{m.group(0)}`", text)


def sources_block(citations: Sequence[Citation]) -> str:
    """The Sources list that follows an answer, or nothing when it cites nothing."""
    if not citations:
        return ""
    return _SOURCES_SEPARATOR + "\n\n".join(_source_line(c) for c in citations)


def strip_sources(content: str) -> str:
    """An earlier answer as a client sends it back, without its Sources list and the line
    saying what was searched."""
    return content.split(_SOURCES_SEPARATOR, 1)[0].split(_SCOPE_NOTE, 1)[0]


def _source_line(citation: Citation) -> str:
    # Metadata and spans are article text: neutralised like any quote, links made plain.
    title = f"“{_inline(citation.title)}”"
    head = f"{_inline(citation.outlet)} — {title}" if citation.outlet else title
    if citation.date:
        head += f" ({_inline(citation.date)})"
    note = story_note(citation)
    if note:
        head += f", {_inline(note)}"
    line = f"[{citation.marker}] {head}: “{_quote(dated_span(citation))}”"
    if citation.url and _WEB_ADDRESS.fullmatch(citation.url):
        line += f" <{citation.url}>"
    return line


def _inline(text: str) -> str:
    return plain_links(neutralise(" ".join(text.split())))


def _quote(span: str) -> str:
    text = " ".join(span.split())
    if len(text) > _QUOTE_CHARS:
        text = text[:_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return plain_links(neutralise(text))


class ContentLimits:
    """The request's ``stop`` sequences and ``max_tokens`` (cl100k_base), applied to content."""

    def __init__(self, stop: Sequence[str] = (), max_tokens: int | None = None) -> None:
        self.stop = tuple(s for s in stop if s)
        self.max_tokens = max_tokens

    def apply(self, content: str, *, ahead: str = "") -> tuple[str, FinishReason | None]:
        """``content`` cut at the first stop sequence or at ``max_tokens``, and why it was cut
        (None if it was not). ``ahead`` is text known to follow (a stop may begin in
        ``content`` and end there)."""
        reason: FinishReason | None = None
        whole = content + ahead
        cuts = [i for i in (whole.find(s) for s in self.stop) if 0 <= i < len(content)]
        if cuts:
            content, reason = content[: min(cuts)], "stop"
        if self.max_tokens is not None:
            limited = truncate_tokens(content, self.max_tokens)
            if limited != content:
                content, reason = limited, "length"
        return content, reason

    @property
    def hold_back(self) -> int:
        """Characters of a stream to keep back so that a stop sequence is seen whole."""
        return max((len(s) for s in self.stop), default=1) - 1


class StreamedContent:
    """The content of a streamed completion, sent piece by piece as it becomes final: a piece
    ends at whitespace (a link is made plain whole) and short of any possible stop sequence."""

    def __init__(self, limits: ContentLimits) -> None:
        self.limits = limits
        self.raw = ""
        self.sent = ""
        self.finish: FinishReason | None = None

    def feed(self, delta: str) -> str:
        """What to send for ``delta`` of the answer text (possibly nothing yet)."""
        self.raw += delta
        if self.finish is not None:
            return ""
        end = len(self.raw) - self.limits.hold_back
        cut = max(self.raw.rfind(" ", 0, end), self.raw.rfind("\n", 0, end))
        stable = plain_links(self.raw[: cut + 1])
        return self._send(stable, ahead=plain_links(self.raw)[len(stable) :])

    def end(self, content: str) -> tuple[str, FinishReason]:
        """The rest of the complete ``content``, and the finish reason."""
        if self.finish is None:
            rest = self._send(content)
            return rest, self.finish or "stop"
        return "", self.finish

    def _send(self, content: str, *, ahead: str = "") -> str:
        content, self.finish = self.limits.apply(content, ahead=ahead)
        if not content.startswith(self.sent):
            return ""
        piece, self.sent = content[len(self.sent) :], content
        return piece


def message_content(
    answer_text: str,
    citations: Sequence[Citation],
    *,
    sources: bool,
    filters: Filters | None = None,
) -> str:
    """The whole content for an answer: plain links, then (if ``sources``) its Sources list,
    then, when the search was restricted, a line saying to what."""
    content = plain_links(answer_text) + (sources_block(citations) if sources else "")
    if filters is not None:
        content += f"{_SCOPE_NOTE}{_inline(filters.describe())}._"
    return content
