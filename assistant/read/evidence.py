"""Evidence sentences: the sentences of the retrieved chunks, each scored against the question
from the annotations stored at ingest (no model runs here).

A sentence's score blends how much of the question's weighted vocabulary it holds, how much
its window (it and its neighbours) holds, and the dense similarity of the chunk it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.language import Annotation, Mention, Sentence
from assistant.read.question import QuestionFrame
from assistant.types import Article, Passage


@dataclass(frozen=True)
class EvidenceWeights:
    """How a sentence's evidence score is blended (tuned on the news dev set)."""

    own: float = 0.3
    window: float = 0.2
    similarity: float = 0.1


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved article, with its neighbours and score."""

    article: Article
    annotation: Annotation
    index: int
    """Position of the sentence in ``annotation.sentences``."""
    own: float
    """Share of the question's weight this sentence covers."""
    window: float
    """Share covered by the sentence and its neighbours together."""
    similarity: float
    score: float

    @property
    def sentence(self) -> Sentence:
        return self.annotation.sentences[self.index]

    def neighbours(self) -> list[int]:
        """Indices of this sentence and the ones right before and after it."""
        last = len(self.annotation.sentences) - 1
        return [i for i in (self.index - 1, self.index, self.index + 1) if 0 <= i <= last]

    def mentions_in(self, index: int) -> list[Mention]:
        sentence = self.annotation.sentences[index]
        return [
            m
            for m in self.annotation.mentions
            if sentence.start <= m.start and m.end <= sentence.end
        ]

    def passage(self, first: int, last: int, score: float) -> Passage:
        """Sentences ``first..last`` as one citable passage: exactly the article's text."""
        start = self.annotation.sentences[first].start
        end = self.annotation.sentences[last].end
        article_id = self.article.id
        return self.article.passage(start, end, id=f"{article_id}:{start}:{end}", score=score)


def coverage(weights: dict[str, float], lemmas: frozenset[str]) -> float:
    """Share of the question's idf weight whose lemmas appear in ``lemmas``."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for lemma, w in weights.items() if lemma in lemmas) / total


def gather(
    frame: QuestionFrame,
    chunks: list[Passage],
    articles: dict[str, tuple[Article, Annotation]],
    weights: EvidenceWeights | None = None,
) -> list[Evidence]:
    """Every distinct sentence of the chunks, scored, best first."""
    w = weights or EvidenceWeights()
    best_similarity: dict[tuple[str, int], float] = {}
    for chunk in chunks:
        if chunk.source not in articles:
            continue
        _, annotation = articles[chunk.source]
        for index, sentence in enumerate(annotation.sentences):
            if chunk.start <= sentence.start and sentence.end <= chunk.end:
                key = (chunk.source, index)
                similarity = chunk.similarity if chunk.similarity is not None else 0.0
                best_similarity[key] = max(best_similarity.get(key, -1.0), similarity)
    found = []
    for (source, index), similarity in best_similarity.items():
        article, annotation = articles[source]
        sentences = annotation.sentences
        own = coverage(frame.weights, sentences[index].lemmas)
        around = frozenset().union(
            *(sentences[i].lemmas for i in range(max(index - 1, 0), min(index + 2, len(sentences))))
        )
        window = coverage(frame.weights, around)
        score = w.own * own + w.window * window + w.similarity * similarity
        found.append(Evidence(article, annotation, index, own, window, similarity, score))
    return sorted(found, key=lambda e: e.score, reverse=True)
