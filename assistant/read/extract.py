"""Answer extraction: the short answer (an entity or phrase of the expected type) from the best
evidence sentences and their immediate neighbours, and the decision to decline.

A candidate is an entity whose label the question expects, found in an evidence sentence or
right next to it ("the region's governor said." + "The official, Dmytro Zhyvytskyi, ..."), and
never made of the question's own words. For "which X" with X of no known type, it is an
entity inside or beside a noun phrase headed by X. Candidates are scored by the evidence
around them and pooled across sentences; the reader declines when none is good enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.language import Mention
from assistant.read.evidence import Evidence
from assistant.read.question import NAMED, NUMBER, QuestionFrame


@dataclass(frozen=True)
class ExtractWeights:
    """How candidates are scored and when the reader declines (tuned on the news dev set)."""

    neighbour: float = 0.6
    """A candidate in the sentence next to the evidence counts this share of its score."""
    head_bonus: float = 0.1
    """Bonus when the candidate sits in (or beside) a phrase headed by the noun asked about."""
    primary_bonus: float = 0.15
    """Bonus for the preferred label (a person, for "who")."""
    proximity: float = 0.4
    """Weight of how close the candidate stands to the question's words in its sentence."""
    predicate_penalty: float = 0.2
    """Taken off when the question's main verb is in neither the candidate's sentence nor
    the evidence sentence."""
    pool: float = 0.1
    """Share of a further sentence's score a repeated candidate adds."""
    min_answer: float = 0.35
    """Below this candidate score the reader declines."""
    min_statement: float = 0.25
    """Below this evidence score a question asking for a statement is declined."""
    min_window: float = 0.4
    """The candidate's window must cover this share of the question's weight."""
    near_miss: float = 0.5
    """A decline says what the articles do say when the best window covers this much."""


@dataclass(frozen=True)
class Candidate:
    text: str
    score: float
    evidence: Evidence
    index: int
    """The sentence (index into the article's sentences) that holds the candidate."""


def candidates(
    frame: QuestionFrame, evidence: list[Evidence], weights: ExtractWeights, depth: int = 15
) -> list[Candidate]:
    """Candidate answers from the best ``depth`` evidence sentences, best first."""
    pooled: dict[str, Candidate] = {}
    for item in evidence[:depth]:
        if item.window < weights.min_window:
            continue
        for index in item.neighbours():
            share = 1.0 if index == item.index else weights.neighbour
            said = item.sentence.lemmas | item.annotation.sentences[index].lemmas
            penalty = (
                weights.predicate_penalty
                if frame.predicate and frame.predicate not in said
                else 0.0
            )
            for mention, bonus in _typed_mentions(frame, item, index, weights):
                text = item.article.text[mention.start : mention.end]
                if _is_question_words(text, frame):
                    continue
                closeness = _proximity(frame, item, index, mention)
                score = item.score * share + bonus - penalty + weights.proximity * closeness
                key = _normal(text)
                if key in pooled:
                    kept = pooled[key]
                    best, extra = (kept, score) if kept.score >= score else (None, kept.score)
                    base = best or Candidate(text, score, item, index)
                    pooled[key] = Candidate(
                        base.text, base.score + weights.pool * extra, base.evidence, base.index
                    )
                else:
                    pooled[key] = Candidate(text, score, item, index)
    return sorted(pooled.values(), key=lambda c: c.score, reverse=True)


def _typed_mentions(
    frame: QuestionFrame, item: Evidence, index: int, weights: ExtractWeights
) -> list[tuple[Mention, float]]:
    mentions = item.mentions_in(index)
    phrases = [m for m in mentions if m.label == "NP"]
    headed = [p for p in phrases if frame.head is not None and p.root == frame.head]
    found = []
    for mention in mentions:
        if mention.label == "NP" or mention.label not in (frame.expects or NAMED):
            continue
        near_head = any(_touches(mention, p) for p in headed)
        # A count of something else ("14 wounded" for "how many tanks") is not an answer.
        counts_other = any(p.root != frame.head and _contains(p, mention) for p in phrases)
        if (
            frame.expects
            and frame.expects <= NUMBER
            and frame.head
            and not near_head
            and (counts_other)
        ):
            continue
        bonus = weights.head_bonus if near_head else 0.0
        if frame.primary and mention.label == frame.primary:
            bonus += weights.primary_bonus
        found.append((mention, bonus))
    return found


def _proximity(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """Weighted share of the question's words found near the candidate in its sentence:
    each word counts 1 / (1 + distance / _NEAR_CHARS)."""
    sentence = item.annotation.sentences[index]
    text = item.article.text[sentence.start : sentence.end].lower()
    start, end = mention.start - sentence.start, mention.end - sentence.start
    total = sum(frame.weights.values()) or 1.0
    near = 0.0
    for lemma, weight in frame.weights.items():
        if lemma not in sentence.lemmas:
            continue
        distances = [
            max(start - (m.end()), m.start() - end, 0)
            for m in re.finditer(r"\b" + re.escape(lemma[:_STEM]), text)
        ]
        if distances:
            near += weight / (1 + min(distances) / _NEAR_CHARS)
    return near / total


_NEAR_CHARS = 40


def _touches(mention: Mention, phrase: Mention, gap: int = 3) -> bool:
    """Whether the mention is inside the phrase or separated from it by a few characters
    ("the official, Dmytro Zhyvytskyi")."""
    return phrase.start - gap <= mention.end and mention.start <= phrase.end + gap


def _contains(phrase: Mention, mention: Mention) -> bool:
    return phrase.start <= mention.start and mention.end <= phrase.end


def _is_question_words(text: str, frame: QuestionFrame) -> bool:
    """Whether every word of a candidate is a word of the question, or shares its first
    ``_STEM`` letters with one ("Japan" for a question about a "Japanese" town)."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in {"the", "a", "an"}]
    stems = {w[:_STEM] for w in frame.question_words if len(w) >= _STEM}
    return not words or all(
        w in frame.question_words or (len(w) >= _STEM and w[:_STEM] in stems) for w in words
    )


_STEM = 5  # letters two forms of one word share (Japan/Japanese, Russia/Russian)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
