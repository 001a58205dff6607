"""HTML of the chat: questions, answers with clickable citation chips, and their states.

Pure functions from domain values to HTML strings. Every piece of text that comes from a user
or an article goes through ``escape_text``, so a ``<script>`` tag or a Markdown image link in an
article shows up as the characters it is made of. The chat column renders these strings with
Markdown switched off; the only markup on the page is the markup built here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from assistant.cite import MARKER, parse_marker, without_open_marker
from assistant.types import Answer, Citation
from assistant.ui.copy_answer import copy_html
from assistant.ui.state import ChatTurn

DECLINED_TITLE = "Not in the articles"
DECLINED_HINT = (
    "No passage in the indexed articles supports an answer. Rephrase the question, "
    "or add articles in the Corpus tab."
)
THINKING_TEXT = "Searching the articles…"
QUEUED_TEXT = "Waiting for the answer above; this question is next."
STOPPED_TEXT = "Stopped before the answer was complete; its sources were not checked."
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ChipMaker = Callable[[int], str]
"""Turns a marker number into the HTML of its chip."""


def escape_text(text: str) -> str:
    """``text`` as HTML that displays every character literally (tags, quotes, ampersands)."""
    return html.escape(text, quote=True)


def chat_messages(turns: list[ChatTurn]) -> list[dict[str, str]]:
    """The chat column's value: one user and one assistant message per turn."""
    messages: list[dict[str, str]] = []
    ahead = False  # an earlier question is still being answered
    for index, turn in enumerate(turns):
        messages.append({"role": "user", "content": question_html(turn.question)})
        messages.append({"role": "assistant", "content": turn_html(turn, index, queued=ahead)})
        ahead = ahead or turn.pending
    return messages


def question_html(question: str) -> str:
    return f'<div class="qa-question">{escape_text(question)}</div>'


def turn_html(turn: ChatTurn, index: int, *, queued: bool = False) -> str:
    """The assistant's side of a turn, in whichever state it is in; ``queued``: an earlier
    question is answered first."""
    if turn.error is not None:
        return error_html(turn.error)
    if turn.answer is not None:
        return answer_html(turn.answer, index)
    if turn.stopped:
        return stopped_html(turn.partial)
    if turn.partial:
        return streaming_html(turn.partial)
    return queued_html() if queued else thinking_html()


def thinking_html() -> str:
    return (
        '<div class="qa-answer qa-answer--thinking" role="status">'
        f'<span class="qa-dots" aria-hidden="true"><i></i><i></i><i></i></span>{THINKING_TEXT}'
        "</div>"
    )


def queued_html() -> str:
    return f'<div class="qa-answer qa-answer--queued" role="status">{QUEUED_TEXT}</div>'


def streaming_html(partial: str) -> str:
    """Text received so far; markers show as chips that are not clickable yet."""
    # A marker can arrive in pieces ("[1" then "]"): a half marker never flashes on screen.
    visible = without_open_marker(partial)
    body = _paragraphs(visible, _pending_chip)
    return (
        '<div class="qa-answer qa-answer--streaming" aria-busy="true">'
        f'<div class="qa-text">{body}<span class="qa-caret" aria-hidden="true"></span></div>'
        "</div>"
    )


def stopped_html(partial: str) -> str:
    """An answer the user stopped: the text so far, which cites nothing that can be checked."""
    body = _paragraphs(without_open_marker(partial), _pending_chip)
    return (
        '<div class="qa-answer qa-answer--stopped">'
        f'<div class="qa-text">{body}</div><div class="qa-meta">{STOPPED_TEXT}</div></div>'
    )


def answer_html(answer: Answer, turn: int) -> str:
    """A final answer: declined, or text with a chip per marker, a warning when evidence is weak,
    and a line saying how it was made."""
    if answer.abstained:
        return declined_html(answer)
    by_marker = {c.marker: c for c in answer.citations}
    body = _paragraphs(answer.answer, lambda number: _chip(by_marker.get(number), number, turn))
    warning = (
        f'<div class="qa-warning" role="note"><span class="qa-warning-icon">!</span>'
        f"{escape_text(answer.warning)}</div>"
        if answer.warning
        else ""
    )
    return (
        f'<div class="qa-answer qa-answer--final">'
        f'{warning}<div class="qa-text">{body}</div>{_meta(answer)}{copy_html(answer)}</div>'
    )


def declined_html(answer: Answer) -> str:
    """The distinct "not in the articles" state."""
    return (
        '<div class="qa-answer qa-answer--declined" role="note">'
        f'<div class="qa-declined-title"><span class="qa-declined-icon" aria-hidden="true">∅</span>'
        f"{DECLINED_TITLE}</div>"
        f'<p class="qa-declined-text">{escape_text(answer.answer)}</p>'
        f"{scope_html(answer)}"
        f'<p class="qa-hint">{DECLINED_HINT}</p>'
        f"{copy_html(answer)}</div>"
    )


def error_html(message: str) -> str:
    return (
        '<div class="qa-answer qa-answer--error" role="alert">'
        '<div class="qa-error-title">No answer this time</div>'
        f'<p class="qa-hint">{escape_text(message)}</p>'
        "</div>"
    )


def _meta(answer: Answer) -> str:
    count = len(answer.citations)
    parts = [f"{count} source{'s' if count != 1 else ''}", escape_text(answer.backend)]
    total = answer.timings_ms.get("total")
    if total is not None:
        parts.append(f"{total / 1000:.2f} s")
    meta = " · ".join(parts)
    fallback = (
        f'<div class="qa-fallback">Offline answer used: {escape_text(answer.fallback)}</div>'
        if answer.fallback
        else ""
    )
    return f'{fallback}{scope_html(answer)}<div class="qa-meta">{meta}</div>'


def scope_html(answer: Answer) -> str:
    """The line saying which articles were searched, when the search was restricted."""
    if answer.filters is None:
        return ""
    scope = escape_text(answer.filters.describe())
    return f'<div class="qa-scope" role="note">Searched only articles {scope}.</div>'


def _chip(citation: Citation | None, number: int, turn: int) -> str:
    # A marker without a citation cannot be inspected; show nothing rather than a dead chip.
    if citation is None:
        return ""
    date = f" ({citation.date})" if citation.date else ""
    label = escape_text(f"Source {number}: {citation.title}{date}")
    # The chat's HTML sanitiser drops data-* and aria-* attributes but keeps classes, so the
    # chip names its evidence card (turn, marker) in a class.
    return (
        f'<button type="button" class="cite-chip {chip_class(turn, number)}" '
        f'title="{label}">{number}</button>'
    )


def chip_class(turn: int, marker: int) -> str:
    """The class that ties a chip to the evidence card of ``marker`` in answer ``turn``."""
    return f"cite-ref-{turn}-{marker}"


def _pending_chip(number: int) -> str:
    return f'<span class="cite-chip cite-chip--pending" aria-hidden="true">{number}</span>'


def _paragraphs(text: str, chip: _ChipMaker) -> str:
    blocks = [block.strip() for block in _PARAGRAPH_BREAK.split(text.strip()) if block.strip()]
    return "".join(f"<p>{_with_chips(block, chip)}</p>" for block in blocks)


def _with_chips(text: str, chip: _ChipMaker) -> str:
    out: list[str] = []
    position = 0
    for match in MARKER.finditer(text):
        out.append(escape_text(text[position : match.start()]))
        out.append("".join(chip(number) for number in parse_marker(match.group(1))))
        position = match.end()
    out.append(escape_text(text[position:]))
    return "".join(out).replace("\n", "<br>")
