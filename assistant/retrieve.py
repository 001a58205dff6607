"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused by reciprocal rank.

Dense vectors bridge paraphrase ("head" vs the spun "pinnacle"); BM25 holds on to names,
numbers and rare words that a small embedding model blurs.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable

import numpy as np

from assistant.embed.base import Embedder
from assistant.settings import RetrievalSettings
from assistant.store import ChunkStore
from assistant.text import content_terms
from assistant.types import Passage

_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|for|the|and|of the)?\s*[A-Z][a-z]+)+")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_MINOR = frozenset({"of", "for", "the", "and"})
_PREFIX = 5
# Adjectives whose country the articles may name instead.
_DEMONYMS = {
    "american": "US",
    "british": "UK",
    "english": "England",
    "french": "France",
    "german": "Germany",
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "chinese": "China",
    "polish": "Poland",
    "turkish": "Turkey",
}


class LexicalIndex:
    """BM25 over every stored chunk, plus the document frequencies other stages weigh terms by,
    and the acronyms the corpus spells out ("United Nations" answers a question about the UN)."""

    def __init__(self, chunks: list[Passage]) -> None:
        import bm25s

        self.chunks = chunks
        tokens = [content_terms(chunk.text) for chunk in chunks]
        self._df = Counter(term for doc in tokens for term in set(doc))
        self._acronyms = _acronyms(chunk.text for chunk in chunks)
        self._prefixes = {term[:_PREFIX] for term in self._df}
        self._bm25 = bm25s.BM25()
        if chunks:
            self._bm25.index(tokens, show_progress=False)

    def terms(self, question: str) -> list[str]:
        """The question's content terms; an acronym the corpus only spells out ("UN" where the
        articles say "United Nations") is replaced by the words of its spelling."""
        terms = content_terms(question)
        for acronym in _ACRONYM.findall(question):
            spelled = content_terms(self._acronyms.get(acronym, ""))
            if spelled and not self._df.get(acronym.lower()):
                terms = [t for t in terms if t != acronym.lower()] + spelled
        return list(dict.fromkeys(terms))

    def knows(self, word: str) -> bool:
        """Whether the corpus has the word, a relative of it (Crimean ~ Crimea), the country of
        a demonym (American ~ US), or the spelled-out form of an acronym (UN)."""
        forms = [word, _DEMONYMS.get(word.lower(), ""), self._acronyms.get(word, "")]
        return any(
            terms and all(term[:_PREFIX] in self._prefixes for term in terms)
            for terms in map(content_terms, forms)
        )

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms weigh the most."""
        n = len(self.chunks)
        return math.log(1 + (n + 1) / (self._df.get(term, 0) + 0.5))

    def search(self, question: str, k: int) -> list[Passage]:
        terms = self.terms(question)
        if not self.chunks or not terms:
            return []
        ids, scores = self._bm25.retrieve([terms], k=min(k, len(self.chunks)), show_progress=False)
        return [
            self.chunks[int(i)].model_copy(update={"score": float(s)})
            for i, s in zip(ids[0], scores[0], strict=True)
            if s > 0
        ]


class HybridRetriever:
    """Finds the chunks most likely to answer a question."""

    def __init__(self, store: ChunkStore, embedder: Embedder, settings: RetrievalSettings) -> None:
        self._store = store
        self._embedder = embedder
        self._settings = settings
        self._lexical: LexicalIndex | None = None
        self._lock = threading.Lock()

    @property
    def lexical(self) -> LexicalIndex:
        """The BM25 index, built from the store on first use and after every change."""
        with self._lock:
            if self._lexical is None:
                self._lexical = LexicalIndex(self._store.all_chunks())
            return self._lexical

    def invalidate(self) -> None:
        """Forget the lexical index; the store changed."""
        with self._lock:
            self._lexical = None

    def retrieve(self, question: str, *, k: int | None = None) -> list[Passage]:
        """Up to ``k`` chunks, best first; ``score`` is the fused reciprocal-rank score."""
        k = k or self._settings.top_k
        depth = max(self._settings.candidates, k)
        vector = self._embedder.embed([question])[0]
        dense = self._store.nearest(np.asarray(vector), depth)
        lexical = self.lexical.search(question, depth)
        return fuse([dense, lexical], rrf_k=self._settings.rrf_k)[:k]


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


def _acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronym -> the capitalised phrase it abbreviates, for phrases found in ``texts``."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _CAPITALISED_RUN.finditer(text):
            words = match.group(0).split()
            if words[0] in {"The", "A", "An"}:
                words = words[1:]
            initials = "".join(w[0] for w in words if w not in _MINOR)
            if len(initials) > 1:
                found.setdefault(initials, " ".join(words))
    return found
