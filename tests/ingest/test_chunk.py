"""Chunks are sentence-aligned, token-bounded, and point at exact offsets."""

from __future__ import annotations

import pytest

from assistant.ingest.chunk import chunk_article
from assistant.ingest.read import discover, read_article
from assistant.language import Annotator
from assistant.text import count_tokens
from assistant.types import Article, Passage
from tests.conftest import SEEDS

pytestmark = pytest.mark.integration


def chunks_of(
    annotator: Annotator, article: Article, max_tokens: int, overlap_tokens: int
) -> list[Passage]:
    annotation = annotator.annotate(article.text, article.body_start)
    return chunk_article(article, annotation, max_tokens=max_tokens, overlap_tokens=overlap_tokens)


@pytest.mark.parametrize(("size", "overlap"), [(160, 32), (64, 0), (400, 100)])
def test_every_chunk_of_the_bundled_corpus_matches_the_file_text(
    annotator: Annotator, size: int, overlap: int
) -> None:
    files, _ = discover([SEEDS])
    for file in files:
        file_text = file.path.read_text(encoding="utf-8")
        article = read_article(file)
        chunks = chunks_of(annotator, article, size, overlap)
        assert chunks
        for chunk in chunks:
            assert file_text[chunk.start : chunk.end] == chunk.text
            assert chunk.start >= article.body_start


def test_chunks_end_on_sentence_boundaries_and_respect_the_budget(annotator: Annotator) -> None:
    files, _ = discover([SEEDS])
    article = read_article(files[0])
    sentences = annotator.annotate(article.text, article.body_start).sentences
    ends = {s.end for s in sentences}
    starts = {s.start for s in sentences}
    for chunk in chunks_of(annotator, article, 120, 0):
        assert chunk.start in starts and chunk.end in ends
        single_sentence = sum(1 for s in starts if chunk.start <= s < chunk.end) == 1
        assert count_tokens(chunk.text) <= 120 + 5 or single_sentence


def test_overlap_repeats_whole_trailing_sentences(annotator: Annotator) -> None:
    files, _ = discover([SEEDS])
    article = read_article(files[0])
    chunks = chunks_of(annotator, article, 120, 60)
    overlapping = [b for a, b in zip(chunks, chunks[1:], strict=False) if b.start < a.end]
    assert overlapping, "some consecutive chunks should share sentences"
    assert all(c.start < n.start for c, n in zip(chunks, chunks[1:], strict=False))


def test_ids_derive_from_content(annotator: Annotator) -> None:
    files, _ = discover([SEEDS])
    article = read_article(files[1])
    first = chunks_of(annotator, article, 160, 32)
    again = chunks_of(annotator, article, 160, 32)
    assert [c.id for c in first] == [c.id for c in again]
    changed = article.model_copy(update={"sha256": "x"})
    assert not {c.id for c in chunks_of(annotator, changed, 160, 32)} & {c.id for c in first}
