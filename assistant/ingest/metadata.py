"""Article metadata found in the text itself: a leading date marker and a title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import sentence_spans

# "date 2022-09-09 " at the very start, possibly after whitespace; the first sentence may follow
# on the same line (bundled article 000 does this).
_DATE_MARKER = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_TITLE_CHARS = 120


@dataclass(frozen=True)
class Metadata:
    date: str | None
    title: str
    body_start: int


def read_metadata(text: str, fallback_title: str) -> Metadata:
    """Date (ISO) and title of an article; ``body_start`` is where text after the marker begins."""
    match = _DATE_MARKER.match(text)
    date = match.group(1) if match else None
    body_start = match.end() if match else 0
    return Metadata(
        date=date, title=_title(text, body_start, fallback_title), body_start=body_start
    )


def _title(text: str, body_start: int, fallback: str) -> str:
    heading = _HEADING.search(text, body_start)
    if heading:
        return _shorten(heading.group(1))
    spans = sentence_spans(text, body_start)
    if not spans:
        return fallback
    return _shorten(text[spans[0].start : spans[0].end])


def _shorten(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= _TITLE_CHARS:
        return title
    cut = title.rfind(" ", 0, _TITLE_CHARS)
    return title[: cut if cut > 0 else _TITLE_CHARS].rstrip(",;:–- ") + "…"
