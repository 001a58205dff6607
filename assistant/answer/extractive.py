"""The offline answer, written from the reader's findings: the short answer, then the sentence
that holds it, each cited; or a decline that quotes what the articles do say."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from assistant.answer.base import CANNOT_ANSWER_PHRASE, NEAR_MISS_PREFIX
from assistant.cite import MARKER, neutralise
from assistant.dates import day_text
from assistant.language import opening_case
from assistant.read import Part, Reading, Reported
from assistant.types import Passage, Turn


class ExtractiveAnswerer:
    """Quotes the passages it is given, verbatim, each followed by its marker."""

    name = "extractive"
    granularity: Literal["sentences", "chunks"] = "sentences"
    prompt_hash: str | None = None

    def __init__(self, *, max_sentences: int, max_words: int) -> None:
        self._max_sentences = max_sentences
        self._max_words = max_words

    def answer(self, question: str, passages: list[Passage], history: list[Turn]) -> Iterator[str]:
        words = 0
        for number, passage in enumerate(passages[: self._max_sentences], start=1):
            length = len(passage.text.split())
            if number > 1 and words + length > self._max_words:
                break
            words += length
            yield ("" if number == 1 else " ") + quoted(passage.text, number)

    def compose(self, reading: Reading) -> str:
        """The answer text for a reading; markers number ``reading.passages`` from 1."""
        return "".join(self.pieces(reading))

    def pieces(self, reading: Reading) -> Iterator[str]:
        """The answer for a reading, a sentence at a time (what the stream shows)."""
        if reading.abstained:
            yield CANNOT_ANSWER_PHRASE
            if reading.passages:
                yield f" {NEAR_MISS_PREFIX} {quoted(reading.passages[0].text, 1)}"
            return
        if reading.parts:
            yield _parts(reading.parts)
        elif reading.short_answer:
            short = neutralise(reading.short_answer)
            if reading.as_of:
                short = f"As of {day_text(reading.as_of)}, {short}"
            short = opening_case(short, capital=True)  # "At least 75 [1]."
            yield f"{short} [{reading.short_marker}]. "
        elif reading.as_of:
            yield f"As of {day_text(reading.as_of)}: "
        if reading.conflicts:
            yield f"{_differ(reading.conflicts)} "
        told = reading.earlier + reading.other_days + reading.conflicts
        cited = {r.marker for r in told} - {reading.short_marker}
        own = [p for n, p in enumerate(reading.passages, start=1) if n not in cited]
        # The other reports' sentences are cited from the summary, not quoted again.
        yield from self.answer("", own, [])
        if reading.earlier:
            yield f" {_reports('Earlier reports', reading.earlier)}"
        if reading.other_days:
            yield f" {_reports('Reports of other days', reading.other_days)}"


def _parts(parts: tuple[Part, ...]) -> str:
    """ "55.67% [1]; the articles do not answer "What was the turnout?"." for a compound
    question: each part's fact with its marker (after its phrase, when the parts ask of two
    phrases: "In 2012: 74% [1]; in 2017: 81% [2]."), or what was not answered."""
    said = []
    for part in parts:
        if part.value:
            fact = f"{neutralise(part.value)} [{part.marker}]"
            said.append(f"{neutralise(part.phrase)}: {fact}" if part.phrase else fact)
        elif part.declined:
            said.append(f'the articles do not answer "{neutralise(part.question)}"')
    text = "; ".join(said)
    return opening_case(text, capital=True) + ". " if text else ""


def _differ(reports: list[Reported]) -> str:
    """ "Reports differ: DW (4 March 2017), citing police, gives 30,000 [1]; RTÉ (…), citing
    organisers, gives 50,000 [2]." """
    parts = [
        f"{_attributed(r)}{_citing(r)} gives {neutralise(r.value)} [{r.marker}]" for r in reports
    ]
    return "Reports differ: " + "; ".join(parts) + "."


def _reports(which: str, reports: list[Reported]) -> str:
    """ "Earlier reports gave 180 (TASS, 10 March 2017) [2] and 205 (DW, 11 March 2017) [3]." """
    parts = [f"{neutralise(r.value)} ({_attributed(r, comma=True)}) [{r.marker}]" for r in reports]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{which} gave {joined}."


def _citing(report: Reported) -> str:
    """ ", citing police," when the article credits its figure to a source."""
    if not report.attributed_to:
        return ""
    return f", citing {neutralise(' '.join(report.attributed_to.split()))},"


def _attributed(report: Reported, *, comma: bool = False) -> str:
    """ "CNN (17 February 2017)", or with ``comma`` "CNN, 17 February 2017"."""
    when = day_text(report.date) if report.date else "undated"
    if not report.outlet:
        return when
    outlet = neutralise(report.outlet)
    return f"{outlet}, {when}" if comma else f"{outlet} ({when})"


def short_answer_in(answer: str) -> str | None:
    """The short answer an offline answer opens with, as ``pieces`` writes it: "Tom Price
    [1]. The seat ..." or "As of 17 February 2017, at least 75 [1]. ...", its marker followed
    by a full stop (a quoted sentence's marker follows its own punctuation: "... seat. [1]").
    None for any other answer. A client of the OpenAI-compatible API sends back only the
    text, and follow-up questions read the fact the last answer gave from it."""
    marker = MARKER.search(answer)
    if marker is None or not answer.startswith(".", marker.end()):
        return None
    opening = answer[: marker.start()]
    if not opening.endswith(" "):
        return None
    short = _AS_OF.sub("", opening, count=1).strip()
    if not short or len(short.split()) > _SHORT_WORDS:
        return None
    return short


_AS_OF = re.compile(r"^As of [^,]+, ")
_SHORT_WORDS = 25  # longer than any list of names the reader gives; a sentence is not one


def quoted(text: str, number: int) -> str:
    """A verbatim sentence with its marker after the final punctuation; a caption without a
    full stop gets one, so that sentences stay apart. Its brackets and tags are neutralised
    (``cite.neutralise``): the only markers in an answer are the ones placed here."""
    text = neutralise(text.strip())
    stop = "" if text.rstrip("’”\"')]").endswith((".", "!", "?", "…")) else "."
    return f"{text}{stop} [{number}]"
