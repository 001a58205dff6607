"""Evidence sentences: the sentences of the retrieved chunks, each scored against the question
from the annotations stored at ingest (no model runs here).

A sentence's score blends how much of the question's weighted vocabulary it holds, how much
its window (it and its neighbours) holds, and the dense similarity of the chunk it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from assistant.language import NAME_LABELS, Annotation, Mention, Sentence
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

    def written(self, index: int) -> str:
        """The text of sentence ``index`` of the article, as written."""
        sentence = self.annotation.sentences[index]
        return self.article.text[sentence.start : sentence.end]

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
    """Every distinct sentence of the chunks (and, for a count, every sentence of their
    articles that writes the noun counted), scored, best first."""
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
    if frame.counts:
        _add_counting_sentences(frame.counts, articles, best_similarity)
    elif frame.role is not None:
        # "Which charity ran the refuge?": "charity Sonas" may be written outside the chunks.
        _add_role_sentences(frame.role, articles, best_similarity)
    found = []
    voted: dict[str, Annotation] = {}
    for (source, index), similarity in best_similarity.items():
        article, annotation = articles[source]
        if source not in voted:
            voted[source] = with_article_labels(article.text, annotation)
        annotation = voted[source]
        sentences = annotation.sentences
        own = coverage(frame.weights, sentences[index].lemmas)
        around = frozenset().union(
            *(sentences[i].lemmas for i in range(max(index - 1, 0), min(index + 2, len(sentences))))
        )
        window = coverage(frame.weights, around)
        score = w.own * own + w.window * window + w.similarity * similarity
        found.append(Evidence(article, annotation, index, own, window, similarity, score))
    return sorted(found, key=lambda e: e.score, reverse=True)


def _add_counting_sentences(
    counted: str,
    articles: dict[str, tuple[Article, Annotation]],
    similarities: dict[tuple[str, int], float],
) -> None:
    """For a count, every sentence of the retrieved articles that writes the noun counted,
    at the similarity of the article's least similar chunk: an article's own figure ("more
    than 20,000 homes are without power") may stand outside the chunks retrieved, and the
    reports are compared figure by figure."""
    for source, similarity in _least_similar(similarities).items():
        for index, sentence in enumerate(articles[source][1].sentences):
            if counted in sentence.lemmas:
                similarities.setdefault((source, index), similarity)


def _add_role_sentences(
    role: str,
    articles: dict[str, tuple[Article, Annotation]],
    similarities: dict[tuple[str, int], float],
) -> None:
    """For a question about a role ("which charity"), the first sentence that writes it of
    each retrieved article whose retrieved sentences do not, at the similarity of the
    article's least similar chunk: news names who holds a role where it first writes it,
    which may be outside the chunks retrieved."""
    written = {
        source
        for source, index in similarities
        if role in articles[source][1].sentences[index].lemmas
    }
    for source, similarity in _least_similar(similarities).items():
        sentences = articles[source][1].sentences
        first = next((i for i, s in enumerate(sentences) if role in s.lemmas), None)
        if source not in written and first is not None:
            similarities.setdefault((source, first), similarity)


def _least_similar(similarities: dict[tuple[str, int], float]) -> dict[str, float]:
    """The similarity of each retrieved article's least similar chunk."""
    lowest: dict[str, float] = {}
    for (source, _), similarity in similarities.items():
        lowest[source] = min(lowest.get(source, similarity), similarity)
    return lowest


def with_article_labels(text: str, annotation: Annotation) -> Annotation:
    """The annotation with each name labelled as the article mostly labels it: spaCy's small
    model labels one name differently from sentence to sentence ("Steffi Jones" a person
    here, an organisation there), and an article means one thing by it throughout. A label
    is changed only when another has a strict majority of at least two of the name's
    mentions, or when the name's last word stands alone as a person; a county written "Co
    Kerry" is a place. Only names are relabelled: whether "2016" is a year or a count
    depends on its sentence."""
    keys = [_name_key(text, m) if m.label in NAME_LABELS else None for m in annotation.mentions]
    votes: dict[str, Counter[str]] = {}
    for m, key in zip(annotation.mentions, keys, strict=True):
        if key is not None:
            votes.setdefault(key, Counter())[m.label] += 1
    usual: dict[str, str] = {}
    for key, counts in votes.items():
        (label, n), *_ = counts.most_common(1)
        if n >= 2 and n * 2 > sum(counts.values()):
            usual[key] = label
    for key in votes:
        # News names a person in full once, then by surname: a full name whose last word
        # stands alone as a person ("Steffi Jones" ... "Jones said") is that person.
        words = key.split()
        alone = votes.get(words[-1]) if len(words) > 1 else None
        if alone and alone.most_common(1)[0][0] == "PERSON" and key not in usual:
            usual[key] = "PERSON"
    for m, key in zip(annotation.mentions, keys, strict=True):
        if key is not None and _COUNTY.match(text, m.start, m.end):
            usual[key] = "GPE"  # "Co Kerry", which spaCy often takes for a person
    mentions = tuple(
        replace(m, label=usual[key]) if key in usual and usual[key] != m.label else m
        for m, key in zip(annotation.mentions, keys, strict=True)
    )
    changed = any(new is not old for new, old in zip(mentions, annotation.mentions, strict=True))
    return replace(annotation, mentions=mentions) if changed else annotation


# "Co Kerry", "Co. Antrim", "Co-Dublin": County, as news in Ireland and Britain abbreviates
# it before a county's name (not "Co-operative Bank").
_COUNTY = re.compile(r"Co\.?[\s-]+[A-Z]")


def _name_key(text: str, mention: Mention) -> str:
    return " ".join(text[mention.start : mention.end].split()).lower()
