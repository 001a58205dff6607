"""Split an article into sentence-aligned, token-bounded chunks with exact character offsets."""

from __future__ import annotations

import hashlib

from assistant.language import Annotation
from assistant.text import count_tokens
from assistant.types import Article, Passage


def chunk_article(
    article: Article, annotation: Annotation, *, max_tokens: int, overlap_tokens: int
) -> list[Passage]:
    """Chunks of whole sentences (spaCy's, from ``annotation``), each at most ``max_tokens``
    unless one sentence is longer.

    Consecutive chunks share trailing sentences worth up to ``overlap_tokens``. Every chunk
    satisfies ``article.text[chunk.start:chunk.end] == chunk.text``.
    """
    spans = [(s.start, s.end) for s in annotation.sentences]
    sizes = [count_tokens(article.text[start:end]) for start, end in spans]
    groups = _group(sizes, max_tokens, overlap_tokens)
    return [
        article.passage(start, end, id=chunk_id(article, start, end))
        for start, end in ((spans[first][0], spans[last][1]) for first, last in groups)
    ]


def _group(sizes: list[int], max_tokens: int, overlap_tokens: int) -> list[tuple[int, int]]:
    """Index ranges (first, last inclusive) of sentences forming each chunk."""
    groups: list[tuple[int, int]] = []
    first = 0
    while first < len(sizes):
        last, total = first, sizes[first]
        while last + 1 < len(sizes) and total + sizes[last + 1] <= max_tokens:
            last += 1
            total += sizes[last]
        groups.append((first, last))
        if last + 1 >= len(sizes):
            break
        first = _overlap_start(sizes, first, last, overlap_tokens)
    return groups


def _overlap_start(sizes: list[int], first: int, last: int, overlap_tokens: int) -> int:
    """First sentence of the next chunk: step back over whole sentences within the overlap."""
    start, carried = last + 1, 0
    while start - 1 > first and carried + sizes[start - 1] <= overlap_tokens:
        start -= 1
        carried += sizes[start]
    return start


def chunk_id(article: Article, start: int, end: int) -> str:
    """Content-derived id: the same article text and boundaries always give the same id."""
    return version_chunk_id(article.source, article.sha256, start, end)


def version_chunk_id(source: str, sha256: str, start: int, end: int) -> str:
    """The id of the chunk between two offsets of the version ``sha256`` of an article."""
    key = f"{source}\0{sha256}\0{start}\0{end}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def is_current(chunk: Passage, article: Article) -> bool:
    """Whether a stored chunk belongs to the stored version of its article. A replacement cut
    short leaves the other version's chunks beside the text until ingest repairs it; their
    offsets point at the wrong characters, so readers take only the current ones."""
    return chunk.source == article.source and chunk.id == chunk_id(article, chunk.start, chunk.end)
