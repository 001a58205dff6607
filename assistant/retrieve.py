"""Hybrid retrieval: dense (Chroma) and lexical (SQLite FTS5 BM25 over lemmas) candidates fused
by reciprocal rank.

Dense vectors bridge paraphrase ("head" vs the spun "pinnacle"); BM25 holds on to names,
numbers and rare words that a small embedding model blurs. Every returned chunk carries its
cosine similarity to the question (from the stored vector when only BM25 found it), so the
reader never embeds evidence.
"""

from __future__ import annotations

import numpy as np

from assistant.embed.base import Embedder
from assistant.settings import RetrievalSettings
from assistant.store import ChunkStore
from assistant.types import Filters, Passage


class HybridRetriever:
    """Finds the chunks most likely to answer a question."""

    def __init__(self, store: ChunkStore, embedder: Embedder, settings: RetrievalSettings) -> None:
        self._store = store
        self._embedder = embedder
        self._settings = settings
        self._dense: tuple[tuple[object, ...], np.ndarray, list[Passage]] | None
        self._dense = None  # the last dense search, which a search of the same words reuses

    def retrieve(
        self,
        question: str,
        lemmas: list[str],
        *,
        k: int | None = None,
        filters: Filters | None = None,
    ) -> list[Passage]:
        """Up to ``k`` chunks, best first; ``score`` is the fused reciprocal-rank score.
        ``filters`` (outlets as stored): both searches rank only the chunks of articles within
        them, so the best chunks within the filter are found, not the few of an unrestricted
        top k that pass it."""
        k = k or self._settings.top_k
        depth = self.depth(k)
        vector, dense = self.dense(question, depth, filters)
        hits = self._store.lexical.search(lemmas, depth, filters=filters)
        lexical = self._store.chunks([chunk_id for chunk_id, _ in hits])
        fused = fuse([dense, lexical], rrf_k=self._settings.rrf_k)[:k]
        missing = [p.id for p in fused if p.similarity is None]
        stored = self._store.vectors(missing)
        for passage in fused:
            if passage.similarity is None and passage.id in stored:
                passage.similarity = float(stored[passage.id] @ vector)
        return fused

    def dense(
        self, question: str, depth: int, filters: Filters | None
    ) -> tuple[np.ndarray, list[Passage]]:
        """The question's vector and the ``depth`` chunks nearest to it (the model's part of
        a search, which needs no parse of the question)."""
        key = (question, depth, filters, self._store.catalog.version())
        if self._dense is not None and self._dense[0] == key:
            return self._dense[1], [p.model_copy() for p in self._dense[2]]
        vector = np.asarray(self._embedder.embed([question])[0], dtype=np.float32)
        found = self._store.nearest(vector, depth, filters=filters)
        for passage in found:
            passage.similarity = passage.score
        self._dense = (key, vector, found)
        return vector, [p.model_copy() for p in found]

    def depth(self, k: int | None) -> int:
        """How many candidates each search ranks for ``k`` results."""
        return max(self._settings.candidates, k or self._settings.top_k)


def fuse(rankings: list[list[Passage]], *, rrf_k: int) -> list[Passage]:
    """Reciprocal rank fusion: score = sum over rankings of 1 / (rrf_k + rank)."""
    scores: dict[str, float] = {}
    passages: dict[str, Passage] = {}
    for ranking in rankings:
        for rank, passage in enumerate(ranking, start=1):
            scores[passage.id] = scores.get(passage.id, 0.0) + 1.0 / (rrf_k + rank)
            passages.setdefault(passage.id, passage)
    order = sorted(scores, key=lambda pid: scores[pid], reverse=True)
    return [passages[pid].model_copy(update={"score": scores[pid]}) for pid in order]
