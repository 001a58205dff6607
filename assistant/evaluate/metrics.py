"""The eval metrics as small pure functions: retrieval, answers, declining, citations, latency.

Each takes plain values (text, spans, passages, flags) and returns a number, so each can be
unit-tested on its own, including the cases where it must score 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assistant.cite import MARKER, cited_sentences
from assistant.types import Answer, Citation, Passage

SupportJudge = Callable[[str, list[str]], bool]
"""Decides whether a sentence is supported by the evidence texts (see ``judge.py``)."""

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_WORDLIKE = re.compile(r"\S*\w\S*")


@dataclass(frozen=True)
class SourceSpan:
    """A character range of one article."""

    source: str
    start: int
    end: int


# -- answers --------------------------------------------------------------------------------


def answer_tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens, markers dropped: '$50,000 [1]' -> ['50000']."""
    text = MARKER.sub(" ", unicodedata.normalize("NFKC", text)).translate(_FOLD).lower()
    return _TOKEN.findall(_THOUSANDS.sub("", text))


def contains_alias(answer: str, alias: str) -> bool:
    """Whether the alias's tokens appear in the answer as a contiguous run, its last word
    perhaps in the plural ("Community Development Block Grants" for "... Grant")."""
    needle = answer_tokens(alias)
    hay = answer_tokens(answer)
    if not needle:
        return False
    width = len(needle)
    return any(_same_run(hay[i : i + width], needle) for i in range(len(hay) - width + 1))


def _same_run(run: list[str], needle: list[str]) -> bool:
    """Whether a run of the answer's tokens is the alias's, its last word perhaps with the
    plural ending of English ("grants", "branches"); never a figure's, nor a word of two
    letters' ("US" is not "USS")."""
    if run[:-1] != needle[:-1]:
        return False
    last, wanted = run[-1], needle[-1]
    plural = wanted.isalpha() and len(wanted) > 2 and last in {wanted + "s", wanted + "es"}
    return last == wanted or plural


def is_correct(stated: str, cited: list[str], aliases: list[str], *, require_all: bool) -> bool:
    """The one definition of a right answer: one alias (or, with ``require_all``, every one)
    is stated and is held by a span the answer cites. ``stated`` is the short answer when
    there is one, else the whole answer text."""
    if not aliases:
        return False
    found = [
        contains_alias(stated, alias) and any(contains_alias(span, alias) for span in cited)
        for alias in aliases
    ]
    return all(found) if require_all else any(found)


def answer_is_correct(answer: Answer, aliases: list[str], *, require_all: bool) -> bool:
    """``is_correct`` for an ``Answer``: a decline is never right."""
    if answer.abstained:
        return False
    stated = answer.short_answer or answer.answer
    cited = [c.text for c in answer.citations]
    return is_correct(stated, cited, aliases, require_all=require_all)


def states_every_value(answer: Answer, values: list[list[str]]) -> list[bool]:
    """For each disputed value (a list of aliases): whether the answer text states it and a
    span it cites holds it, by the one definition of a right answer (``is_correct``) applied
    to the whole answer text. A decline states nothing."""
    if answer.abstained:
        return [False for _ in values]
    stated = " ".join(filter(None, [answer.short_answer, answer.answer]))
    cited = [c.text for c in answer.citations]
    return [is_correct(stated, cited, aliases, require_all=False) for aliases in values]


def date_forms(day: dt.date) -> list[str]:
    """The ways an answer may write a date: '2017-03-12', '12 March 2017', 'March 12, 2017',
    '12th March 2017', 'Mar 12, 2017', '12 Mar 2017' and so on."""
    month, short = calendar.month_name[day.month], calendar.month_abbr[day.month]
    ordinal = f"{day.day}{_ordinal_suffix(day.day)}"
    forms = [day.isoformat()]
    for name in dict.fromkeys([month, short, "Sept" if day.month == 9 else short]):
        for number in (str(day.day), ordinal):
            forms += [
                f"{number} {name} {day.year}",
                f"{number} of {name} {day.year}",
                f"{name} {number}, {day.year}",
            ]
    return forms


def _ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def states_date(text: str, day: dt.date) -> bool:
    """Whether the text states the date in one of its common forms (``date_forms``), matched
    as aliases are ('March 12, 2017' is found in 'As of March 12, 2017, ...')."""
    return any(contains_alias(text, form) for form in date_forms(day))


def _outlet_key(outlet: str | None) -> str:
    return unicodedata.normalize("NFKC", outlet or "").strip().casefold()


def foreign_outlets(citations: list[Citation], outlet: str) -> list[str]:
    """The outlets of the citations that are not ``outlet`` (case-insensitive), in order;
    a citation without an outlet is listed as 'unknown'."""
    wanted = _outlet_key(outlet)
    others = [c.outlet or "unknown" for c in citations if _outlet_key(c.outlet) != wanted]
    return list(dict.fromkeys(others))


def missing_story_outlets(citations: list[Citation], outlets: list[str]) -> list[str]:
    """The outlets of ``outlets`` that no citation's ``story_outlets`` includes."""
    carried = {_outlet_key(o) for c in citations for o in c.story_outlets}
    return [o for o in outlets if _outlet_key(o) not in carried]


def answer_words(answer: str) -> int:
    """Length of an answer in words, citation markers not counted."""
    return len(_WORDLIKE.findall(MARKER.sub(" ", answer)))


# -- retrieval ------------------------------------------------------------------------------


def quote_spans(source: str, article_text: str, quote: str) -> list[SourceSpan]:
    """Every place ``quote`` occurs in the article (captions often repeat body text)."""
    spans = []
    at = article_text.find(quote) if quote else -1
    while at != -1:
        spans.append(SourceSpan(source, at, at + len(quote)))
        at = article_text.find(quote, at + 1)
    return spans


def is_covered(span: SourceSpan, passages: list[Passage]) -> bool:
    """Whether the union of the passages of ``span.source`` covers the whole span."""
    reached = span.start
    for passage in sorted((p for p in passages if p.source == span.source), key=lambda p: p.start):
        if passage.start > reached:
            break
        reached = max(reached, passage.end)
        if reached >= span.end:
            return True
    return False


def support_recall(support: list[list[SourceSpan]], retrieved: list[Passage]) -> float:
    """Share of support quotes (each given by its occurrences) that the retrieved passages hold."""
    if not support:
        return 0.0
    found = sum(any(is_covered(s, retrieved) for s in quote) for quote in support)
    return found / len(support)


def reciprocal_rank(support: list[list[SourceSpan]], retrieved: list[Passage]) -> float:
    """1 / the smallest k whose top-k passages hold a support quote; 0 when none do."""
    for k in range(1, len(retrieved) + 1):
        top = retrieved[:k]
        if any(is_covered(s, top) for quote in support for s in quote):
            return 1.0 / k
    return 0.0


# -- declining ------------------------------------------------------------------------------


def decline_precision(abstained: list[bool], unanswerable: list[bool]) -> float | None:
    """Share of the declines that were right (the item was unanswerable).

    No declines at all scores 0 when some item should have been declined; None (not
    applicable) when no item is unanswerable and nothing was declined.
    """
    declined = sum(abstained)
    right = sum(a and u for a, u in zip(abstained, unanswerable, strict=True))
    if declined:
        return right / declined
    return 0.0 if any(unanswerable) else None


def decline_recall(abstained: list[bool], unanswerable: list[bool]) -> float | None:
    """Share of the unanswerable items that were declined; None when there are none."""
    should = sum(unanswerable)
    if not should:
        return None
    return sum(a and u for a, u in zip(abstained, unanswerable, strict=True)) / should


# -- citations ------------------------------------------------------------------------------


def intact_citations(citations: list[Citation], article_text: Callable[[str], str | None]) -> int:
    """How many citations quote their article exactly at their offsets."""
    intact = 0
    for citation in citations:
        text = article_text(citation.source)
        if text is not None and citation.end <= len(text):
            intact += text[citation.start : citation.end] == citation.text
    return intact


def citation_recall(answer: str, cited: Mapping[int, str], judge: SupportJudge) -> float:
    """ALCE citation recall: share of the answer's sentences supported by the union of the
    spans they cite. A sentence without a (known) citation is unsupported."""
    sentences = cited_sentences(answer)
    if not sentences:
        return 0.0
    supported = 0
    for sentence in sentences:
        evidence = [cited[n] for n in sentence.markers if n in cited]
        supported += bool(evidence) and judge(sentence.text, evidence)
    return supported / len(sentences)


def citation_precision(answer: str, cited: Mapping[int, str], judge: SupportJudge) -> float:
    """ALCE citation precision: share of (sentence, citation) pairs that are relevant.

    A citation is relevant when its sentence is supported by all its citations together and
    the citation either supports the sentence alone or is needed (without it, the rest do
    not). Citations of unsupported sentences count as irrelevant; no citation at all is 0.
    """
    total = relevant = 0
    for sentence in cited_sentences(answer):
        markers = [n for n in sentence.markers if n in cited]
        total += len(markers)
        if not markers or not judge(sentence.text, [cited[n] for n in markers]):
            continue
        if len(markers) == 1:
            relevant += 1
            continue
        for n in markers:
            rest = [cited[m] for m in markers if m != n]
            relevant += judge(sentence.text, [cited[n]]) or not judge(sentence.text, rest)
    return relevant / total if total else 0.0


# -- latency --------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: list[float]) -> float | None:
    """The arithmetic mean; None for no values."""
    return sum(values) / len(values) if values else None
