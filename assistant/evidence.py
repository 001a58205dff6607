"""Narrow retrieved chunks to the sentences that answer the question, and score them.

A sentence's score blends its dense similarity to the question, how much of the question's
weighted vocabulary it (and the sentence before it) covers, and whether it holds the kind of
thing asked for (a number for "how many", a time for "when"). The best score is what the
decline decision is calibrated on (see ``benchmarks/calibrate.py``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from assistant.embed.base import Embedder, Vectors
from assistant.retrieve import LexicalIndex
from assistant.text import content_terms, sentence_spans
from assistant.types import Passage

_NUMERIC_QUESTION = re.compile(
    r"^\s*(how (many|much|far|long|large|big)|what (number|percentage|share|amount|sum)|"
    r"by how much)\b",
    re.IGNORECASE,
)
# "How many Polish tanks did ..." -> "Polish tanks": the words up to the first verb.
_COUNTED = re.compile(
    r"^\s*how many\s+(.+?)\s+(?:did|do|does|were|was|are|is|has|have|had|will|would|could|can)\b",
    re.IGNORECASE,
)
# Counted nouns that articles often count under other words (14 wounded, three youngsters).
_GENERIC_COUNTS = frozenset(
    ["people", "person", "children", "child", "time", "day", "week", "month", "year"]
)
_WHEN_QUESTION = re.compile(r"^\s*(when|what (day|date|month|year|time))\b", re.IGNORECASE)
# "one" is left out: it is a pronoun as often as a count ("said one").
_NUMBER = re.compile(
    r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|"
    r"billion|half)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][A-Za-z’'-]+")
_TIME = re.compile(
    r"\d{4}|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"tonight|morning|evening|night|week|weeks|month|months|january|february|march|april|may|"
    r"june|july|august|september|october|november|december|spring|summer|autumn|winter|ago|"
    r"since|until|earlier|later)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Weights:
    """How the parts of a sentence's evidence score are blended."""

    dense: float = 0.55
    coverage: float = 0.45
    context_coverage: float = 0.3
    wrong_type_penalty: float = 0.25
    unknown_name_penalty: float = 0.2


class EvidenceFinder:
    """Ranks the sentences of retrieved chunks as evidence for a question."""

    def __init__(self, embedder: Embedder, weights: Weights | None = None) -> None:
        self._embedder = embedder
        self._weights = weights or Weights()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def rank(self, question: str, chunks: list[Passage], lexical: LexicalIndex) -> list[Passage]:
        """Evidence sentences, best first, each a ``Passage`` whose ``score`` is its evidence."""
        sentences, previous = _sentences(chunks)
        if not sentences:
            return []
        vectors = self._vectors([question] + [s.text for s in sentences])
        dense = vectors[1:] @ vectors[0]
        q_terms = _weighted_terms(question, lexical)
        w = self._weights
        # A name the corpus never mentions ("What did Macron say?") is a strong sign that the
        # articles cannot answer.
        unknown = w.unknown_name_penalty if unknown_names(question, lexical) else 0.0
        scored = []
        for sentence, before, cosine in zip(sentences, previous, dense, strict=True):
            own = _coverage(q_terms, sentence.text)
            around = _coverage(q_terms, before + " " + sentence.text) - own
            score = w.dense * float(cosine) + w.coverage * own + w.context_coverage * around
            score -= unknown
            if not _has_expected_type(question, sentence.text, before):
                score -= w.wrong_type_penalty
            scored.append(sentence.model_copy(update={"score": round(score, 4)}))
        return sorted(scored, key=lambda s: s.score, reverse=True)

    def _vectors(self, texts: list[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self._embedder.embed(missing), strict=True):
                self._cache[text] = vector
        for text in texts:
            self._cache.move_to_end(text)
        while len(self._cache) > 20_000:
            self._cache.popitem(last=False)
        return np.vstack([self._cache[t] for t in texts])


def _sentences(chunks: list[Passage]) -> tuple[list[Passage], list[str]]:
    """Distinct sentences of the chunks (overlaps removed), with the text before each."""
    seen: set[tuple[str, int]] = set()
    sentences: list[Passage] = []
    previous: list[str] = []
    for chunk in chunks:
        before = ""
        for span in sentence_spans(chunk.text):
            start = chunk.start + span.start
            text = chunk.text[span.start : span.end]
            if (chunk.source, start) not in seen:
                seen.add((chunk.source, start))
                sentences.append(
                    chunk.model_copy(
                        update={
                            "id": f"{chunk.id}:{start}",
                            "start": start,
                            "end": chunk.start + span.end,
                            "text": text,
                        }
                    )
                )
                previous.append(before)
            before = text
    return sentences, previous


def unknown_names(question: str, lexical: LexicalIndex) -> list[str]:
    """Capitalised words of the question (not its first word) that the corpus never uses."""
    names = _NAME.findall(question)
    return [n for n in names if content_terms(n) and not lexical.knows(n)]


def _weighted_terms(question: str, lexical: LexicalIndex) -> dict[str, float]:
    return {term: lexical.idf(term) for term in lexical.terms(question)}


def _coverage(weighted: dict[str, float], text: str) -> float:
    """Share of the question's idf weight whose terms appear in ``text``."""
    total = sum(weighted.values())
    if not total:
        return 0.0
    present = set(content_terms(text))
    return sum(w for term, w in weighted.items() if term in present) / total


def _has_expected_type(question: str, sentence: str, before: str = "") -> bool:
    """Whether the sentence holds the kind of thing asked for: a number (of the thing
    counted, named here or in the sentence before) or a time."""
    if _NUMERIC_QUESTION.search(question):
        counted = _COUNTED.search(question)
        nouns = set(content_terms(counted.group(1))) - _GENERIC_COUNTS if counted else set()
        said = set(content_terms(before + " " + sentence))
        return bool(_NUMBER.search(sentence)) and nouns <= said
    if _WHEN_QUESTION.search(question):
        return bool(_TIME.search(sentence))
    return True
