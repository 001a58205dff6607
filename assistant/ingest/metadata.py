"""Article metadata: YAML front matter (title, date, outlet, url, author), the ``date`` line the
bundled articles open with, and a leading Markdown heading as the title.

``body_start`` is where the article's own sentences begin: front matter, the date marker and a
leading heading are never quoted as answer sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

# "---" on the first line, YAML, then "---" (or "...") on a line of its own.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
# "date 2022-09-09 " at the very start, possibly after whitespace; the first sentence may follow
# on the same line (bundled article 000 does this).
_DATE_MARKER = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_LEADING_HEADING = re.compile(r"\s*#{1,6}[ \t]+(.+?)[ \t#]*(?:\r?\n|\Z)")
_TITLE_CHARS = 120
_PLAIN_FIELD = re.compile(r"^([A-Za-z][\w-]*):[ \t]+(.*)$")


@dataclass(frozen=True)
class Metadata:
    date: str | None
    title: str
    body_start: int
    outlet: str | None = None
    url: str | None = None
    author: str | None = None


def read_metadata(text: str, fallback_title: str) -> Metadata:
    """Metadata of an article and the offset where its body starts."""
    fields, body_start = _front_matter(text)
    marker = _DATE_MARKER.match(text, body_start) if not fields else None
    date = _iso_date(fields.get("date")) or (marker.group(1) if marker else None)
    if marker:
        body_start = marker.end()
    title = _text(fields.get("title"))
    heading = _LEADING_HEADING.match(text, body_start)
    if heading:
        title = title or heading.group(1)
        body_start = heading.end()
    return Metadata(
        date=date,
        title=_shorten(title or _first_line(text, body_start) or fallback_title),
        body_start=body_start,
        outlet=_text(fields.get("outlet") or fields.get("source")),
        url=_text(fields.get("url") or fields.get("link")),
        author=_text(fields.get("author")),
    )


def _front_matter(text: str) -> tuple[dict[str, Any], int]:
    """The front matter's fields and where the text after it starts (no front matter: {}, 0).
    Front matter that is not a YAML mapping is left in the text."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        fields = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        # Hand-written front matter often breaks YAML with an unquoted colon in a value
        # ("title: Dam fails: thousands flee"): read it a "key: value" line at a time.
        fields = _plain_fields(match.group(1))
    if not isinstance(fields, dict):
        return {}, 0
    return {str(k).lower(): v for k, v in fields.items()}, match.end()


def _plain_fields(block: str) -> dict[str, str] | None:
    """``key: value`` lines, each split at its first colon; None when a line is not one."""
    fields = {}
    for line in block.splitlines():
        if not line.strip():
            continue
        found = _PLAIN_FIELD.match(line)
        if found is None:
            return None
        fields[found.group(1)] = found.group(2).strip().strip("\"'")
    return fields


def _iso_date(value: Any) -> str | None:
    """A date from front matter (a YAML date, or a string dateutil can read) as ISO."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    from dateutil import parser

    try:
        return parser.parse(value).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _first_line(text: str, start: int) -> str:
    for line in text[start:].splitlines():
        if line.strip():
            return line.strip()
    return ""


def _shorten(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= _TITLE_CHARS:
        return title
    cut = title.rfind(" ", 0, _TITLE_CHARS)
    return title[: cut if cut > 0 else _TITLE_CHARS].rstrip(",;:–- ") + "…"
