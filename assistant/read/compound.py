"""Compound questions: two questions asked in one ("What share of the vote did Moise get, and
what was the turnout?"), split by spaCy's parse, answered one after the other, and their
readings joined into one answer that cites each part's fact.

The second part often leans on the first ("and how much the year before?", "and how many did
he want?"); it is made to stand alone as a follow-up to the first would be.
"""

from __future__ import annotations

from typing import Any

from assistant.language import WH_TAGS
from assistant.read import Part, Reading
from assistant.types import Passage


def split_parts(doc: Any) -> list[str]:
    """The questions asked in a parsed question: it splits where "and" (or "but"), perhaps
    after a comma, opens a new wh-clause ("…, and what was the turnout?", "and roughly how
    many…"), when a wh-word with a verb came before. One part when it does not."""
    parts: list[str] = []
    start = 0
    for token in doc:
        if token.dep_ != "cc" or token.lower_ not in {"and", "but"}:
            continue
        following = _wh_after(doc, token.i + 1)
        before = doc[start : token.i]
        if following is None or not _asks(before):
            continue
        parts.append(_as_question(before.text))
        start = following
    if not parts:
        return [doc.text]
    parts.append(_as_question(doc[start:].text))
    return parts


def _wh_after(doc: Any, index: int) -> int | None:
    """Where a wh-clause opening at ``index`` starts (adverbs such as "roughly" may come before
    its wh-word): the index of its first word, or None."""
    for token in doc[index : index + 3]:
        if token.tag_ in WH_TAGS:
            return index
        if token.pos_ != "ADV":
            return None
    return None


def _asks(span: Any) -> bool:
    return any(t.tag_ in WH_TAGS for t in span) and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _as_question(text: str) -> str:
    text = text.strip().rstrip(",;?").strip()
    return text[:1].upper() + text[1:] + "?"


def joined(questions: list[str], readings: list[Reading]) -> Reading:
    """One reading for a compound question from each part's: the passages of all, each once,
    and each part's short answer with its marker. It declines when every part does."""
    if all(r.abstained for r in readings):
        return readings[0]
    passages: list[Passage] = []
    parts = []
    given: set[str] = set()
    for question, reading in zip(questions, readings, strict=True):
        value = None if reading.abstained else reading.short_answer
        key = " ".join((value or "").split()).casefold()
        if key and key in given:
            # Two parts ask two things: the same fact cannot answer both ("how much in 2016,
            # and how much the year before?").
            parts.append(Part(question, None, None, declined=True))
            continue
        given.add(key)
        numbers = [_number(passages, p) for p in reading.passages if not reading.abstained]
        marker = numbers[reading.short_marker - 1] if value else None
        parts.append(Part(question, value, marker, reading.abstained))
    stated = [p for p in parts if p.value]
    return Reading(
        abstained=False,
        short_answer="; ".join(p.value for p in stated if p.value) or None,
        passages=passages,
        confident=all(r.confident for r in readings if not r.abstained),
        short_marker=next((p.marker for p in stated if p.marker), 1),
        parts=tuple(parts),
    )


def _number(passages: list[Passage], passage: Passage) -> int:
    """The passage's number (from 1) in ``passages``, adding it when it is not there yet."""
    for number, known in enumerate(passages, start=1):
        if (known.source, known.start, known.end) == (passage.source, passage.start, passage.end):
            return number
    passages.append(passage)
    return len(passages)
