"""The store: chunk vectors in Chroma, and everything else in the catalog beside them.

Chroma holds one record per chunk: its id, its vector and the few fields a search may filter
on (outlet, and the date as a number), no text. The catalog (``assistant.catalog``,
SQLite) holds the articles with their texts and annotations, the chunks' offsets and lemmas,
and the lexical index, and is the record of truth: a vector whose chunk it does not list is
ignored, and removed by the next write. Chroma is embedded (``PersistentClient`` under the
data folder) by default, or a server when ``ASSISTANT_DATA_CHROMA_HOST`` is set; it is opened
on first use, so commands that only read the catalog never load it. Nothing outside this
module sees Chroma.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.catalog import ArticleWrite, Catalog, StoredArticle, catalog_file
from assistant.embed.base import Vectors
from assistant.language import Annotation
from assistant.lexical import LexicalIndex
from assistant.roles import role_labels
from assistant.settings import DataSettings
from assistant.types import Article, ArticleInfo, Filters, Passage, iso_day

_BATCH = 1000  # vectors per Chroma call
_LAYOUT = "2"  # catalog beside vector-only Chroma records
UPLOAD = "upload"

__all__ = ["UPLOAD", "ArticleVersion", "ChunkStore", "StoreError", "StoredArticle"]


class StoreError(RuntimeError):
    """The store cannot be opened or does not match the settings; the message says what to do."""


@dataclass(frozen=True)
class ArticleVersion:
    """An article to write: its chunks, their vectors (for the chunks not stored yet) and
    where it came from."""

    article: Article
    annotation: Annotation
    origin: str
    chunks: list[Passage]
    new: list[Passage]
    vectors: Vectors
    size: int | None = None
    mtime_ns: int | None = None


class ChunkStore:
    """Chunks, their vectors and their articles, for one collection."""

    def __init__(self, settings: DataSettings, *, model_id: str, rebuild: bool = False) -> None:
        """Open the collection; ``rebuild``: also one built by another embedding model, to be
        re-embedded at once by ``reset_chunks`` and ingest."""
        self._settings = settings
        self._model_id = model_id
        self._name = settings.collection
        self._client: Any = None
        self._collection: Any = None
        self._opening = threading.RLock()
        self.catalog = Catalog(catalog_file(settings.dir, settings.collection))
        self.lexical = LexicalIndex(self.catalog)
        if self.catalog.get_meta("layout") is None:
            self._start_catalog()
        built_with = self.catalog.get_meta("embedding_model")
        if built_with != model_id and not rebuild:
            raise StoreError(
                f"Collection {settings.collection!r} was built with embedding model "
                f"{built_with!r}, not {model_id!r}. Choose another ASSISTANT_DATA_COLLECTION, "
                "or run `assistant ingest --rebuild` to re-embed every stored article with "
                "this model (their texts are kept)."
            )
        vectors_at = self.catalog.get_meta("vectors_at")
        if vectors_at is None:
            self.catalog.set_meta("vectors_at", self._location())
        elif vectors_at != self._location() and not rebuild:
            raise StoreError(
                f"The vectors of collection {settings.collection!r} are {_where(vectors_at)}, "
                f"not {_where(self._location())}. Set ASSISTANT_DATA_CHROMA_HOST/_PORT back, or "
                "run `assistant ingest --rebuild` to embed every stored article into the new "
                "place (their texts are kept)."
            )

    def _location(self) -> str:
        """Where the vectors are: ``embedded``, or the Chroma server's ``host:port``."""
        data = self._settings
        return f"{data.chroma_host}:{data.chroma_port}" if data.chroma_host else "embedded"

    def _start_catalog(self) -> None:
        """A new catalog: take over a store written by an earlier version (article texts in a
        ``<collection>-texts`` Chroma collection), whose articles are then re-embedded from
        their texts by the next ingest."""
        model = self._model_id
        if self._settings.chroma_host or (self._settings.dir / "chroma.sqlite3").exists():
            model = _migrate_texts(self._chroma(), self._name, self.catalog) or model
        self.catalog.set_meta("embedding_model", model)
        self.catalog.set_meta("layout", _LAYOUT)

    # -- Chroma, opened on first use -------------------------------------------------------

    def _chroma(self) -> Any:
        with self._opening:
            if self._client is None:
                self._client = _client(self._settings)
            return self._client

    @property
    def _vectors(self) -> Any:
        with self._opening:
            if self._collection is None:
                collection = self._chroma().get_or_create_collection(
                    self._name,
                    metadata={"hnsw:space": "cosine", "embedding_model": self._model_id},
                    embedding_function=None,
                )
                set_search_breadth(collection, self._settings.search_ef)
                self._collection = collection
            return self._collection

    @property
    def vectors_opened(self) -> bool:
        """Whether this process has opened Chroma (it may have written vectors then)."""
        return self._client is not None

    def open_vectors(self) -> None:
        """Open Chroma now rather than at the first search."""
        self._vectors  # noqa: B018 (opens it)

    # -- writing -------------------------------------------------------------------------

    def write(
        self, versions: list[ArticleVersion], *, checkpoint: Callable[[str], None] | None = None
    ) -> tuple[int, int]:
        """Write articles with their chunks: new vectors first, then every record in one
        catalog transaction, then the vectors of chunks no longer used are removed. Returns
        (chunks added, chunks removed). Cut short anywhere, the next write converges
        (``checkpoint`` is called between the steps, for crash tests)."""
        step = checkpoint or (lambda name: None)
        new = [chunk for version in versions for chunk in version.new]
        vectors = [v for version in versions for v in version.vectors]
        self.catalog.stage(chunk.id for chunk in new)
        self._add_vectors(new, vectors)
        step("after_add_vectors")
        stale = self.catalog.record(
            [
                ArticleWrite(
                    article=v.article,
                    annotation=v.annotation,
                    origin=v.origin,
                    chunks=[(c, _lemmas_within(v.annotation, c.start, c.end)) for c in v.chunks],
                    size=v.size,
                    mtime_ns=v.mtime_ns,
                    roles=role_labels(v.article.text, v.annotation),
                )
                for v in versions
            ]
        )
        step("after_record")
        self._remove_vectors(stale)
        step("after_remove_stale")
        return len(new), len(stale)

    def _add_vectors(self, chunks: list[Passage], vectors: list[np.ndarray]) -> None:
        for i in range(0, len(chunks), _BATCH):
            batch = chunks[i : i + _BATCH]
            self._vectors.upsert(
                ids=[c.id for c in batch],
                embeddings=np.asarray(vectors[i : i + _BATCH], dtype=np.float32),
                metadatas=[{"outlet": c.outlet or "", "day": day_number(c.date)} for c in batch],
            )

    def _remove_vectors(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._vectors.delete(ids=ids[i : i + _BATCH])
        self.catalog.forget(ids)

    def touch(self, source: str, size: int, mtime_ns: int) -> None:
        """Record a file's new size and time when its text is unchanged."""
        self.catalog.touch(source, size, mtime_ns)

    def repair(self) -> list[str]:
        """Remove vectors a write cut short left behind; returns the sources of articles whose
        chunks are not all written (to be re-embedded from their stored texts)."""
        leftover = self.catalog.pending()
        if leftover:
            self._remove_vectors(leftover)
        else:
            self.catalog.forget()
        return self.catalog.incomplete()

    def delete_article(self, source: str) -> int:
        """Remove an article with its chunks; returns how many chunks went."""
        ids = self.catalog.delete_article(source)
        self._remove_vectors(ids)
        return len(ids)

    def reset_chunks(self) -> None:
        """Drop every chunk (vectors and lexical index) and start a collection for this
        embedding model, keeping the article texts (``ingest --rebuild``). Each article is
        marked incomplete, so ingest re-embeds it from its stored text, and a rebuild cut
        short is finished by the next ingest."""
        self.catalog.reset_chunks()
        # A collection that does not exist is already dropped.
        with contextlib.suppress(Exception):
            self._chroma().delete_collection(self._name)
        self._collection = None
        self.catalog.set_meta("embedding_model", self._model_id)
        self.catalog.set_meta("vectors_at", self._location())

    # -- reading -------------------------------------------------------------------------

    def nearest(self, vector: Vectors, k: int, *, filters: Filters | None = None) -> list[Passage]:
        """The ``k`` chunks closest to ``vector``; score is cosine similarity. ``filters``:
        the closest among the chunks of articles within them (outlets as stored)."""
        count = self.catalog.chunk_count()  # Chroma counts by scanning: 80 ms at 580k
        if count == 0:
            return []
        found = self._vectors.query(
            query_embeddings=np.asarray([vector], dtype=np.float32),
            n_results=min(k, count),
            where=vector_filter(filters),
            include=["distances"],
        )
        ids = found["ids"][0]
        distances = dict(zip(ids, (found["distances"] or [[]])[0], strict=True))
        passages = self.catalog.chunks(ids)
        for passage in passages:
            passage.score = 1.0 - float(distances[passage.id])
        return passages

    def nearest_ids(self, vectors: list[np.ndarray], k: int) -> list[list[str]]:
        """For each vector, the ids of the ``k`` chunks closest to it (one Chroma call)."""
        count = self.catalog.chunk_count()
        if count == 0 or not vectors:
            return [[] for _ in vectors]
        found = self._vectors.query(
            query_embeddings=np.asarray(vectors, dtype=np.float32),
            n_results=min(k, count),
            include=[],
        )
        return [list(ids) for ids in found["ids"]]

    def chunks(self, ids: list[str]) -> list[Passage]:
        """The chunks with these ids, in the order given (ids not stored are left out)."""
        return self.catalog.chunks(ids)

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks."""
        if not ids:
            return {}
        result = self._vectors.get(ids=ids, include=["embeddings"])
        embeddings = result["embeddings"]
        if embeddings is None:
            return {}
        return {
            chunk_id: np.asarray(vector, dtype=np.float32)
            for chunk_id, vector in zip(result["ids"], embeddings, strict=True)
        }

    def annotated(
        self, sources: list[str], annotate: Callable[[Article], Annotation]
    ) -> dict[str, tuple[Article, Annotation]]:
        """Articles with their stored annotations. An article stored by an older pipeline is
        annotated now with ``annotate`` (``assistant ingest`` brings the store up to date)."""
        return {
            source: (article, notes if notes is not None else annotate(article))
            for source, (article, notes) in self.catalog.annotated(sources).items()
        }

    def article(self, source: str) -> Article | None:
        return self.catalog.article(source)

    def articles(self) -> list[ArticleInfo]:
        """Every stored article with its chunk count, sorted by source."""
        return self.catalog.infos()

    def outlets(self) -> list[str]:
        """The distinct outlets of the stored articles."""
        return self.catalog.outlets()

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The publication dates of the oldest and newest dated article (a news archive's
        "now" is the newest); None when no article has a date."""
        found = self.catalog.date_range()
        if found is None:
            return None
        oldest, newest = (iso_day(date) for date in found)
        return (oldest, newest) if oldest and newest else None

    def source_of(self, document_id: str) -> str | None:
        """The source name of the article with this id, if it is stored."""
        return self.catalog.source_of(document_id)

    def stored_articles(self, sources: Iterable[str] | None = None) -> dict[str, StoredArticle]:
        """The record of every stored article (or of those named), by source."""
        return self.catalog.records(sources)

    def chunk_ids_of(self, source: str) -> set[str]:
        """The ids of an article's stored chunks."""
        return self.catalog.chunk_ids(source)

    def chunk_ids_by_source(self) -> dict[str, set[str]]:
        """Every stored chunk id, grouped by article source."""
        return self.catalog.chunk_ids_by_source()

    def vector_ids(self) -> set[str]:
        """The id of every vector in Chroma (for checks: after a completed write, exactly the
        stored chunks' ids)."""
        return set(self._vectors.get(include=[])["ids"])

    def count(self) -> int:
        """Number of stored chunks."""
        return self.catalog.chunk_count()


def day_number(date: str | None) -> int:
    """An ISO date as the number YYYYMMDD (0 when unknown): Chroma filters ranges of numbers
    only."""
    digits = (date or "")[:10].replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


def vector_filter(filters: Filters | None) -> dict[str, Any] | None:
    """The Chroma ``where`` for ``filters``: outlet among those named, day number within the
    range (an unknown date, day 0, is in no range); None when nothing is restricted."""
    if filters is None:
        return None
    conditions: list[dict[str, Any]] = []
    if filters.outlets:
        conditions.append({"outlet": {"$in": list(filters.outlets)}})
    if filters.since or filters.until:
        first = day_number(filters.since.isoformat()) if filters.since else 1
        conditions.append({"day": {"$gte": first}})
    if filters.until:
        conditions.append({"day": {"$lte": day_number(filters.until.isoformat())}})
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def _where(location: str) -> str:
    return "in the data folder" if location == "embedded" else f"in the Chroma server {location}"


def _client(settings: DataSettings) -> Any:
    import chromadb

    config = chromadb.Settings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=config
            )
        settings.dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.dir), settings=config)
    except Exception as exc:
        where = (
            f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else f"the store in {settings.dir}"
        )
        raise StoreError(
            f"Cannot open {where}: {exc}. Check ASSISTANT_DATA_DIR / ASSISTANT_DATA_CHROMA_HOST."
        ) from None


def _migrate_texts(client: Any, name: str, catalog: Catalog) -> str | None:
    """Copy the articles of an earlier store's ``<name>-texts`` collection into the catalog
    (marked incomplete, so ingest re-embeds them), then drop that store's collections, whose
    chunks carried copies of the text. Returns the embedding model it was built with."""
    try:
        texts = client.get_collection(f"{name}-texts")
    except Exception:
        return None  # nothing to take over
    try:
        built_with = (client.get_collection(name).metadata or {}).get("embedding_model")
    except Exception:
        built_with = None
    found = texts.get(include=["documents", "metadatas"])
    writes = []
    for text, meta in zip(found["documents"] or [], found["metadatas"] or [], strict=True):
        article = Article(
            source=str(meta["source"]),
            title=str(meta["title"]),
            date=str(meta.get("date") or "") or None,
            outlet=str(meta.get("outlet") or "") or None,
            url=str(meta.get("url") or "") or None,
            author=str(meta.get("author") or "") or None,
            text=text or "",
            body_start=int(meta.get("body_start") or 0),
            sha256=str(meta["sha256"]),
        )
        raw = str(meta.get("annotation") or "")
        notes = Annotation.loads(raw) if raw else Annotation(sentences=(), mentions=(), version="")
        writes.append(ArticleWrite(article, notes, str(meta.get("origin") or ""), chunks=[]))
    catalog.record(writes)
    catalog.reset_chunks()
    for old in (name, f"{name}-texts"):
        with contextlib.suppress(Exception):
            client.delete_collection(old)
    return str(built_with) if built_with else None


def _lemmas_within(annotation: Annotation, start: int, end: int) -> list[str]:
    """The lemmas of the sentences between two offsets (one chunk's), for the lexical index.
    Sentences are in text order, so the first is found by bisection."""
    sentences = annotation.sentences
    first = bisect.bisect_left(sentences, start, key=lambda s: s.start)
    lemmas: list[str] = []
    for sentence in sentences[first:]:
        if sentence.end > end:
            break
        lemmas.extend(sorted(sentence.lemmas))
    return lemmas


def set_search_breadth(collection: Any, ef: int) -> None:
    """Set the breadth of the collection's HNSW search (``ef_search``, which Chroma lets
    change after creation): HNSW is approximate, and a narrow search misses near chunks, the
    more so in a graph that Chroma rebuilds from its log on several threads at each start
    (chunks added since its last save), where which ones it misses changes from run to run."""
    hnsw = (collection.configuration_json or {}).get("hnsw") or {}
    if hnsw.get("ef_search") != ef:
        collection.modify(configuration={"hnsw": {"ef_search": ef}})
