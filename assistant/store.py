"""The store: chunks with their vectors (written through llama-index's ChromaVectorStore), the
full text of every article with its language annotations (so a citation can always be shown in
context, and the reader never re-parses evidence), and the lexical index beside them.

Embedded (``PersistentClient`` under the data folder) by default; a Chroma server when
``ASSISTANT_DATA_CHROMA_HOST`` is set. Nothing outside this module sees Chroma or llama-index types.
"""

from __future__ import annotations

import bisect
import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.embed.base import Vectors
from assistant.language import ANNOTATION_VERSION, Annotation
from assistant.lexical import LexicalIndex
from assistant.settings import DataSettings
from assistant.types import Article, ArticleInfo, Passage, article_id

_BATCH = 256
_TEXT_VECTOR = [1.0]  # article texts are fetched by id only; Chroma still wants a vector


class StoreError(RuntimeError):
    """The store cannot be opened or does not match the settings; the message says what to do."""


@dataclass(frozen=True)
class StoredArticle:
    """What ingest needs to know of a stored article record."""

    sha256: str
    origin: str
    """The file it was read from (absolute path), or ``UPLOAD``; empty when not recorded."""
    annotated: bool
    """Its annotations come from this pipeline version."""
    complete: bool
    """Its chunks were all written (false from the start of a rebuild until it is re-embedded)."""


UPLOAD = "upload"


class ChunkStore:
    """Chunks and article texts of one collection."""

    def __init__(self, settings: DataSettings, *, model_id: str, rebuild: bool = False) -> None:
        """Open the collection; ``rebuild``: also one built by another embedding model, to be
        re-embedded at once by ``reset_chunks`` and ingest."""
        import chromadb

        self._client = _client(settings, chromadb)
        self._model_id = model_id
        self._name = settings.collection
        self._open_chunks()
        built_with = (self._chunks.metadata or {}).get("embedding_model")
        if built_with != model_id and not rebuild:
            raise StoreError(
                f"Collection {settings.collection!r} was built with embedding model "
                f"{built_with!r}, not {model_id!r}. Choose another ASSISTANT_DATA_COLLECTION, "
                "or run `assistant ingest --rebuild` to re-embed every stored article with "
                "this model (their texts are kept)."
            )
        self._texts = self._client.get_or_create_collection(
            f"{settings.collection}-texts", embedding_function=None
        )
        self.lexical = LexicalIndex(settings.dir / f"{settings.collection}-lexical.sqlite")

    def _open_chunks(self) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._chunks = self._client.get_or_create_collection(
            self._name,
            metadata={"hnsw:space": "cosine", "embedding_model": self._model_id},
            embedding_function=None,
        )
        self._vectors = ChromaVectorStore(chroma_collection=self._chunks)

    # -- writing -------------------------------------------------------------------------

    def add_chunks(self, chunks: list[Passage], vectors: Vectors, annotation: Annotation) -> None:
        """Store chunks with their vectors, and their lemmas in the lexical index."""
        from llama_index.core.schema import BaseNode, TextNode

        nodes: list[BaseNode] = [
            TextNode(
                id_=chunk.id,
                text=chunk.text,
                embedding=vector.tolist(),
                start_char_idx=chunk.start,
                end_char_idx=chunk.end,
                metadata=_chunk_metadata(chunk),
                excluded_embed_metadata_keys=list(_chunk_metadata(chunk)),
                excluded_llm_metadata_keys=list(_chunk_metadata(chunk)),
            )
            for chunk, vector in zip(chunks, vectors, strict=True)
        ]
        for i in range(0, len(nodes), _BATCH):
            self._vectors.add(nodes[i : i + _BATCH])
        self.lexical.add(
            (chunk.id, chunk.source, _lemmas_within(annotation, chunk.start, chunk.end))
            for chunk in chunks
        )

    def put_article(self, article: Article, annotation: Annotation, *, origin: str) -> None:
        """Store an article's text, metadata, annotations and where it came from. Ingest writes
        this last, so a stored hash means the article's chunks are all in place (and readers
        take only the chunks of the stored version)."""
        self._texts.upsert(
            ids=[article.id],
            documents=[article.text],
            embeddings=[_TEXT_VECTOR],
            metadatas=[{**_article_metadata(article, annotation), "origin": origin}],
        )

    def delete_chunks(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._vectors.delete_nodes(node_ids=ids[i : i + _BATCH])
        self.lexical.delete(ids)

    def delete_article(self, source: str) -> int:
        """Remove an article's text, then its chunks; returns how many chunks went. (Text first:
        chunks left by a crash belong to no article, so readers skip them and ingest removes
        them.)"""
        self._texts.delete(ids=[article_id(source)])
        ids = self._chunks.get(where={"source": source}, include=[])["ids"]
        self.delete_chunks(ids)
        self.lexical.delete_source(source)
        return len(ids)

    def source_of(self, document_id: str) -> str | None:
        """The source name of the article with this id, if it is stored."""
        found = self._texts.get(ids=[document_id], include=["metadatas"])
        metadatas = found["metadatas"] or []
        return str(metadatas[0]["source"]) if metadatas else None

    def reset_chunks(self) -> None:
        """Drop every chunk (vectors and lexical index) and start a collection for this
        embedding model, keeping the article texts (``ingest --rebuild``). Each article is
        first marked incomplete, so ingest re-embeds it from its stored text, and a rebuild
        cut short is finished by the next ingest."""
        ids = self._texts.get(include=[])["ids"]
        for i in range(0, len(ids), _BATCH):
            batch = ids[i : i + _BATCH]
            self._texts.update(ids=batch, metadatas=[{"complete": False} for _ in batch])
        # A collection that does not exist is already dropped.
        with contextlib.suppress(Exception):
            self._client.delete_collection(self._name)
        self.lexical.clear()
        self._open_chunks()

    # -- reading -------------------------------------------------------------------------

    def chunk_ids_by_source(self) -> dict[str, set[str]]:
        """Every stored chunk id, grouped by article source."""
        result = self._chunks.get(include=["metadatas"])
        grouped: dict[str, set[str]] = {}
        for chunk_id, meta in zip(result["ids"], result["metadatas"] or [], strict=True):
            grouped.setdefault(str(meta.get("source", "")), set()).add(chunk_id)
        return grouped

    def chunk_spans(self) -> dict[str, list[tuple[str, int, int]]]:
        """Every stored chunk as (id, start, end), grouped by article source."""
        result = self._chunks.get(include=["metadatas"])
        grouped: dict[str, list[tuple[str, int, int]]] = {}
        for chunk_id, meta in zip(result["ids"], result["metadatas"] or [], strict=True):
            span = (chunk_id, int(meta.get("start", 0)), int(meta.get("end", 0)))
            grouped.setdefault(str(meta.get("source", "")), []).append(span)
        return grouped

    def chunk_ids_of(self, source: str) -> tuple[set[str], set[str]]:
        """An article's chunk ids found in both the vector store and the lexical index (a
        chunk missing from either is written again), and those found in either."""
        vector_ids = set(self._chunks.get(where={"source": source}, include=[])["ids"])
        lexical_ids = self.lexical.chunk_ids(source)
        return vector_ids & lexical_ids, vector_ids | lexical_ids

    def chunks(self, ids: list[str]) -> list[Passage]:
        """The chunks with these ids, in the order given (ids not stored are left out)."""
        if not ids:
            return []
        result = self._chunks.get(ids=ids, include=["metadatas", "documents"])
        found = {
            chunk_id: _passage(chunk_id, text or "", meta, 0.0)
            for chunk_id, text, meta in zip(
                result["ids"], result["documents"] or [], result["metadatas"] or [], strict=True
            )
        }
        return [found[i] for i in ids if i in found]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks."""
        if not ids:
            return {}
        result = self._chunks.get(ids=ids, include=["embeddings"])
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
        ids = [article_id(source) for source in dict.fromkeys(sources)]
        if not ids:
            return {}
        result = self._texts.get(ids=ids, include=["documents", "metadatas"])
        found: dict[str, tuple[Article, Annotation]] = {}
        for text, meta in zip(result["documents"] or [], result["metadatas"] or [], strict=True):
            article = _article(str(meta["source"]), text or "", meta)
            raw = meta.get("annotation")
            current = raw and meta.get("annotation_version") == ANNOTATION_VERSION
            notes = Annotation.loads(str(raw)) if current else annotate(article)
            found[article.source] = (article, notes)
        return found

    def nearest(self, vector: Vectors, k: int) -> list[Passage]:
        """The ``k`` chunks closest to ``vector``; score is cosine similarity."""
        from llama_index.core.vector_stores.types import VectorStoreQuery

        if self.count() == 0:
            return []
        query = VectorStoreQuery(
            query_embedding=np.asarray(vector, dtype=np.float32).tolist(),
            similarity_top_k=min(k, self.count()),
        )
        found = self._vectors.query(query)
        passages = []
        for node, similarity in zip(found.nodes or [], found.similarities or [], strict=True):
            # ChromaVectorStore reports exp(-distance); cosine distance is 1 - cos.
            cosine = 1.0 + float(np.log(max(similarity, 1e-12)))
            passages.append(_passage(node.node_id, node.get_content(), node.metadata, cosine))
        return passages

    def count(self) -> int:
        return int(self._chunks.count())

    def article(self, source: str) -> Article | None:
        result = self._texts.get(ids=[article_id(source)], include=["documents", "metadatas"])
        if not result["ids"]:
            return None
        meta = (result["metadatas"] or [{}])[0]
        return _article(source, (result["documents"] or [""])[0] or "", meta)

    def articles(self) -> list[ArticleInfo]:
        """Every stored article with its chunk count, sorted by source."""
        chunk_metas = self._chunks.get(include=["metadatas"])["metadatas"] or []
        counts = Counter(str(meta.get("source", "")) for meta in chunk_metas)
        texts = self._texts.get(include=["metadatas"])
        infos = [
            ArticleInfo(
                id=chunk_id,
                source=str(meta["source"]),
                title=str(meta["title"]),
                date=str(meta["date"]) or None,
                outlet=str(meta.get("outlet") or "") or None,
                url=str(meta.get("url") or "") or None,
                chunks=counts.get(str(meta["source"]), 0),
            )
            for chunk_id, meta in zip(texts["ids"], texts["metadatas"] or [], strict=True)
        ]
        return sorted(infos, key=lambda info: info.source)

    def stored_articles(self) -> dict[str, StoredArticle]:
        """The record of every stored article, by source."""
        texts = self._texts.get(include=["metadatas"])
        return {
            str(m["source"]): StoredArticle(
                sha256=str(m["sha256"]),
                origin=str(m.get("origin") or ""),
                annotated=m.get("annotation_version") == ANNOTATION_VERSION,
                complete=bool(m.get("complete", True)),
            )
            for m in texts["metadatas"] or []
        }


def _client(settings: DataSettings, chromadb: Any) -> Any:
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


def _article_metadata(article: Article, annotation: Annotation) -> dict[str, str | int]:
    return {
        "source": article.source,
        "title": article.title,
        "date": article.date or "",
        "outlet": article.outlet or "",
        "url": article.url or "",
        "author": article.author or "",
        "body_start": article.body_start,
        "sha256": article.sha256,
        "annotation": annotation.dumps(),
        "annotation_version": annotation.version,
        "complete": True,
    }


def _article(source: str, text: str, meta: Any) -> Article:
    return Article(
        source=source,
        title=str(meta["title"]),
        date=str(meta["date"]) or None,
        outlet=str(meta.get("outlet") or "") or None,
        url=str(meta.get("url") or "") or None,
        author=str(meta.get("author") or "") or None,
        text=text,
        body_start=int(meta["body_start"]),
        sha256=str(meta["sha256"]),
    )


def _chunk_metadata(chunk: Passage) -> dict[str, str | int]:
    return {
        "source": chunk.source,
        "title": chunk.title,
        "date": chunk.date or "",
        "outlet": chunk.outlet or "",
        "url": chunk.url or "",
        "start": chunk.start,
        "end": chunk.end,
    }


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


def _passage(chunk_id: str, text: str, meta: Any, score: float) -> Passage:
    return Passage(
        id=chunk_id,
        source=str(meta["source"]),
        title=str(meta["title"]),
        date=str(meta["date"]) or None,
        outlet=str(meta.get("outlet") or "") or None,
        url=str(meta.get("url") or "") or None,
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        score=score,
    )
