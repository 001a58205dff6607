"""The lexical index: SQLite FTS5 over the lemmas of every chunk, ranked with its ``bm25()``.

The index lives in the catalog (``assistant.catalog``), so it opens instantly, is updated in
the same transaction as the article it indexes, and is shared by every process that reads the
same data folder. Chunks are indexed by their spaCy lemmas (computed at ingest), questions by
theirs, so "killed" finds "killing". Document frequencies, which the reader weighs question
words by, come from FTS5's vocabulary table.
"""

from __future__ import annotations

import math
from collections import Counter

from assistant.catalog import Catalog
from assistant.language import spellings
from assistant.types import Filters

# An article's date is a day only when it starts as YYYY-MM-DD (an unknown date matches no
# date range, as its day number 0 does in Chroma).
_DATED = "a.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"


class LexicalIndex:
    """BM25 search over chunk lemmas, and what the corpus says of a word: in how many chunks
    it is written, and the labels of the names it introduces when it is a role."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._frequencies: dict[str, int] = {}
        self._roles: dict[str, Counter[str]] = {}
        self._titled: dict[str, bool] = {}
        self._version: tuple[int, int] | None = None

    def search(
        self, lemmas: list[str], k: int, *, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Up to ``k`` (chunk id, score) pairs, best first; the score is -bm25 (higher is
        better). ``filters``: only chunks of articles within them (outlets as stored), ranked
        among themselves."""
        terms = self._selective([t for t in dict.fromkeys(lemmas) if t.strip()])
        if not terms or k <= 0:
            return []
        # Chunks indexed before spellings were made one may hold the other spelling.
        query = " OR ".join(_quoted(s) for t in terms for s in spellings(t))
        condition, params = article_condition(filters)
        if condition:
            with self._catalog.reading() as db:
                rows = db.execute(
                    "SELECT c.id, bm25(chunk_terms) AS rank FROM chunk_terms "
                    "JOIN chunks c ON c.rowid = chunk_terms.rowid "
                    "JOIN articles a ON a.id = c.article "
                    f"WHERE chunk_terms MATCH ? AND {condition} ORDER BY rank LIMIT ?",
                    (query, *params, k),
                ).fetchall()
            return [(cid, -float(rank)) for cid, rank in rows]
        with self._catalog.reading() as db:
            rows = db.execute(
                "SELECT c.id, hit.rank FROM (SELECT rowid, bm25(chunk_terms) AS rank "
                "FROM chunk_terms WHERE chunk_terms MATCH ? ORDER BY rank LIMIT ?) AS hit "
                "JOIN chunks c ON c.rowid = hit.rowid ORDER BY hit.rank",
                (query, k),
            ).fetchall()
        return [(cid, -float(rank)) for cid, rank in rows]

    def _selective(self, terms: list[str]) -> list[str]:
        """The terms worth searching by: a term in more than ``_COMMON`` of the chunks adds
        little to BM25 but makes FTS5 score every chunk it is in (a third of a second at
        580,000 chunks), so it is left out, unless fewer than ``_KEEP`` terms would remain."""
        limit = _COMMON * self.size()
        frequencies = {t: self.document_frequency(t) for t in terms}
        kept = [t for t in terms if frequencies[t] <= limit]
        if len(kept) >= min(_KEEP, len(terms)):
            return kept
        return sorted(terms, key=lambda t: frequencies[t])[:_KEEP]

    def document_frequency(self, lemma: str) -> int:
        """In how many chunks the lemma occurs (0 for a word the corpus never uses). Kept
        until the catalog changes: a question asks for each of its words twice (to weigh
        them, then to choose the ones to search by)."""
        self._forget_if_changed()
        if lemma not in self._frequencies:
            self._frequencies[lemma] = self._count(lemma)
        return self._frequencies[lemma]

    def _count(self, lemma: str) -> int:
        """Chunks holding the lemma, in either spelling (``assistant.language.spellings``)."""
        return sum(self._count_written(s) for s in spellings(lemma))

    def _count_written(self, lemma: str) -> int:
        words = _words(lemma)
        if not words:
            return 0
        with self._catalog.reading() as db:
            counts = [
                db.execute("SELECT doc FROM term_stats WHERE term = ?", (w,)).fetchone()
                for w in words
            ]
        return min((row[0] if row else 0) for row in counts)

    def titled(self, lemma: str) -> bool:
        """Whether an article's title writes the word, in either spelling (a name only a
        title uses is still one the articles know); kept until the catalog changes."""
        self._forget_if_changed()
        if lemma not in self._titled:
            self._titled[lemma] = any(self._catalog.titled(s) for s in spellings(lemma))
        return self._titled[lemma]

    def role_labels(self, role: str) -> Counter[str]:
        """How often the articles write a name of each entity label by the noun ``role``
        ("spokesman Mark Toner": PERSON), kept until the catalog changes."""
        self._forget_if_changed()
        if role not in self._roles:
            self._roles[role] = sum(
                (self._catalog.role_labels(s) for s in spellings(role)), Counter()
            )
        return self._roles[role]

    def _forget_if_changed(self) -> None:
        """Drop what was counted when a writer, in any process, has changed the catalog."""
        version = self._catalog.version()
        if version != self._version:
            self._frequencies.clear()
            self._roles.clear()
            self._titled.clear()
            self._version = version

    def idf(self, lemma: str) -> float:
        """Smoothed inverse document frequency; unseen words weigh the most."""
        n = self.size()
        return math.log(1 + (n + 1) / (self.document_frequency(lemma) + 0.5))

    def size(self) -> int:
        """Number of indexed chunks (cached until a writer, in any process, changes the file)."""
        return self._catalog.chunk_count()


def article_condition(filters: Filters | None) -> tuple[str, list[str]]:
    """A SQL condition on ``articles a`` for ``filters`` (outlets as stored) and its
    parameters; empty when nothing is restricted."""
    if filters is None:
        return "", []
    parts: list[str] = []
    params: list[str] = []
    if filters.outlets:
        parts.append(f"a.outlet IN ({','.join('?' * len(filters.outlets))})")
        params.extend(filters.outlets)
    if filters.since or filters.until:
        parts.append(_DATED)
    if filters.since:
        parts.append("substr(a.date, 1, 10) >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        parts.append("substr(a.date, 1, 10) <= ?")
        params.append(filters.until.isoformat())
    return " AND ".join(parts), params


_COMMON = 0.05  # share of the chunks above which a term is too common to search by
_KEEP = 3  # ... unless fewer terms than this would remain


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _words(lemma: str) -> list[str]:
    """The lemma as FTS5's unicode61 tokenizer splits it ("u.s." -> ["u", "s"])."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in lemma.lower())
    return cleaned.split()
