"""The lexical index: SQLite FTS5 over the lemmas of every chunk, ranked with its ``bm25()``.

It lives in one file beside the store, opens instantly, is updated per article as ingest
writes, and is shared by every process that reads the same data folder. Chunks are indexed by
their spaCy lemmas (computed at ingest), questions by theirs, so "killed" finds "killing".
Document frequencies, which the reader weighs question words by, come from FTS5's vocabulary
table.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(
    chunk_id UNINDEXED, source UNINDEXED, terms, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS term_stats USING fts5vocab(chunk_terms, 'row');
"""


class LexicalIndex:
    """BM25 search over chunk lemmas, and the document frequency of a lemma."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._size: tuple[int, int] | None = None  # (data_version, chunk count)

    # -- writing -------------------------------------------------------------------------

    def add(self, chunks: Iterable[tuple[str, str, list[str]]]) -> None:
        """Index ``(chunk_id, source, lemmas)`` triples (ids already indexed are replaced)."""
        rows = [(cid, source, " ".join(lemmas)) for cid, source, lemmas in chunks]
        with self._lock, self._db:
            self._size = None
            self._db.executemany(
                "DELETE FROM chunk_terms WHERE chunk_id = ?", [(r[0],) for r in rows]
            )
            self._db.executemany(
                "INSERT INTO chunk_terms (chunk_id, source, terms) VALUES (?, ?, ?)", rows
            )

    def delete(self, chunk_ids: Iterable[str]) -> None:
        with self._lock, self._db:
            self._size = None
            self._db.executemany(
                "DELETE FROM chunk_terms WHERE chunk_id = ?", [(cid,) for cid in chunk_ids]
            )

    def delete_source(self, source: str) -> None:
        with self._lock, self._db:
            self._size = None
            self._db.execute("DELETE FROM chunk_terms WHERE source = ?", (source,))

    def clear(self) -> None:
        with self._lock, self._db:
            self._size = None
            self._db.execute("DELETE FROM chunk_terms")

    # -- reading -------------------------------------------------------------------------

    def chunk_ids(self, source: str) -> set[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id FROM chunk_terms WHERE source = ?", (source,)
            ).fetchall()
        return {row[0] for row in rows}

    def search(self, lemmas: list[str], k: int) -> list[tuple[str, float]]:
        """Up to ``k`` (chunk id, score) pairs, best first; the score is -bm25 (higher is
        better)."""
        terms = [t for t in dict.fromkeys(lemmas) if t.strip()]
        if not terms or k <= 0:
            return []
        query = " OR ".join(_quoted(t) for t in terms)
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id, bm25(chunk_terms) AS rank FROM chunk_terms "
                "WHERE chunk_terms MATCH ? ORDER BY rank LIMIT ?",
                (query, k),
            ).fetchall()
        return [(cid, -float(rank)) for cid, rank in rows]

    def document_frequency(self, lemma: str) -> int:
        """In how many chunks the lemma occurs (0 for a word the corpus never uses)."""
        words = _words(lemma)
        if not words:
            return 0
        with self._lock:
            counts = [
                self._db.execute("SELECT doc FROM term_stats WHERE term = ?", (w,)).fetchone()
                for w in words
            ]
        return min((row[0] if row else 0) for row in counts)

    def idf(self, lemma: str) -> float:
        """Smoothed inverse document frequency; unseen words weigh the most."""
        n = self.size()
        return math.log(1 + (n + 1) / (self.document_frequency(lemma) + 0.5))

    def size(self) -> int:
        """Number of indexed chunks (cached until another writer changes the file)."""
        with self._lock:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            if self._size is None or self._size[0] != version:
                count = self._db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0]
                self._size = (version, int(count))
            return self._size[1]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _words(lemma: str) -> list[str]:
    """The lemma as FTS5's unicode61 tokenizer splits it ("u.s." -> ["u", "s"])."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in lemma.lower())
    return cleaned.split()
