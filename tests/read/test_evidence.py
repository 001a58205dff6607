"""Evidence sentences as the reader gathers them from the retrieved chunks."""

from __future__ import annotations

import pytest

from assistant.language import Annotator
from assistant.read.evidence import gather
from assistant.read.question import analyse
from assistant.types import Article

pytestmark = pytest.mark.integration

TEXT = (
    "Cyclone Debbie hit the coast of Queensland on Tuesday with winds of 260km/h. "
    "Tourists sheltered in their hotels as the storm passed. "
    "More than 20,000 homes were without power by the evening, officials said."
)


def _evidence(annotator: Annotator, question: str) -> list[str]:
    article = Article(source="debbie.md", title="Debbie", text=TEXT, sha256="0")
    annotation = annotator.annotate(TEXT)
    first = annotation.sentences[0]
    # Only the first sentence was retrieved.
    chunk = article.passage(first.start, first.end, id="debbie-0")
    frame = analyse(annotator.parse(question), lambda lemma: 1.0)
    found = gather(frame, [chunk], {article.source: (article, annotation)})
    return [
        TEXT[annotation.sentences[e.index].start : annotation.sentences[e.index].end] for e in found
    ]


def test_a_count_reads_the_articles_sentences_that_write_the_noun_counted(
    annotator: Annotator,
) -> None:
    found = _evidence(annotator, "How many homes lost power when Cyclone Debbie hit Queensland?")
    assert any("20,000 homes" in sentence for sentence in found)
    assert not any("Tourists" in sentence for sentence in found)


def test_another_question_reads_only_the_chunks_retrieved(annotator: Annotator) -> None:
    found = _evidence(annotator, "When did Cyclone Debbie hit Queensland?")
    assert len(found) == 1 and found[0].startswith("Cyclone Debbie")
