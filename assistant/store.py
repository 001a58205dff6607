"""The Chroma store: chunks with their vectors (written through llama-index's ChromaVectorStore)
and the full text of every article, so a citation can always be shown in context.

Embedded (``PersistentClient`` under the data folder) by default; a Chroma server when
``ASSISTANT_DATA_CHROMA_HOST`` is set. Nothing outside this module sees Chroma or llama-index types.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import numpy as np

from assistant.embed.base import Vectors
from assistant.settings import DataSettings
from assistant.types import Article, ArticleInfo, Passage, article_id

_BATCH = 256
_TEXT_VECTOR = [1.0]  # article texts are fetched by id only; Chroma still wants a vector


class StoreError(RuntimeError):
    """The store cannot be opened or does not match the settings; the message says what to do."""


class ChunkStore:
    """Chunks and article texts of one collection."""

    def __init__(self, settings: DataSettings, *, model_id: str) -> None:
        import chromadb
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._client = _client(settings, chromadb)
        self._model_id = model_id
        self._chunks = self._client.get_or_create_collection(
            settings.collection,
            metadata={"hnsw:space": "cosine", "embedding_model": model_id},
            embedding_function=None,
        )
        built_with = (self._chunks.metadata or {}).get("embedding_model")
        if built_with != model_id:
            raise StoreError(
                f"Collection {settings.collection!r} was built with embedding model "
                f"{built_with!r}, not {model_id!r}. Choose another ASSISTANT_DATA_COLLECTION, "
                "or run "
                "`assistant ingest --rebuild` to re-embed the corpus."
            )
        self._texts = self._client.get_or_create_collection(
            f"{settings.collection}-texts", embedding_function=None
        )
        self._vectors = ChromaVectorStore(chroma_collection=self._chunks)
        self._name = settings.collection

    # -- writing -------------------------------------------------------------------------

    def add(self, article: Article, chunks: list[Passage], vectors: Vectors) -> None:
        """Store an article's text and its chunks with their vectors."""
        from llama_index.core.schema import BaseNode, TextNode

        self._texts.upsert(
            ids=[article.id],
            documents=[article.text],
            embeddings=[_TEXT_VECTOR],
            metadatas=[_article_metadata(article)],
        )
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

    def delete_chunks(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._vectors.delete_nodes(node_ids=ids[i : i + _BATCH])

    def delete_article(self, source: str) -> int:
        """Remove an article's chunks and text; returns how many chunks went."""
        ids = self._chunks.get(where={"source": source}, include=[])["ids"]
        self.delete_chunks(ids)
        self._texts.delete(ids=[article_id(source)])
        return len(ids)

    def source_of(self, document_id: str) -> str | None:
        """The source name of the article with this id, if it is stored."""
        found = self._texts.get(ids=[document_id], include=["metadatas"])
        metadatas = found["metadatas"] or []
        return str(metadatas[0]["source"]) if metadatas else None

    def reset(self) -> None:
        """Drop both collections (used by ``ingest --rebuild``)."""
        for name in (self._name, f"{self._name}-texts"):
            # A collection that does not exist is already reset.
            with contextlib.suppress(Exception):
                self._client.delete_collection(name)

    # -- reading -------------------------------------------------------------------------

    def chunk_ids_by_source(self) -> dict[str, set[str]]:
        """Every stored chunk id, grouped by article source."""
        result = self._chunks.get(include=["metadatas"])
        grouped: dict[str, set[str]] = {}
        for chunk_id, meta in zip(result["ids"], result["metadatas"] or [], strict=True):
            grouped.setdefault(str(meta.get("source", "")), set()).add(chunk_id)
        return grouped

    def all_chunks(self) -> list[Passage]:
        """Every stored chunk (for the lexical index)."""
        result = self._chunks.get(include=["metadatas", "documents"])
        return [
            _passage(chunk_id, text or "", meta, 0.0)
            for chunk_id, text, meta in zip(
                result["ids"], result["documents"] or [], result["metadatas"] or [], strict=True
            )
        ]

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
        return Article(
            source=source,
            title=str(meta["title"]),
            date=str(meta["date"]) or None,
            text=(result["documents"] or [""])[0] or "",
            body_start=int(meta["body_start"]),
            sha256=str(meta["sha256"]),
        )

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
                chunks=counts.get(str(meta["source"]), 0),
            )
            for chunk_id, meta in zip(texts["ids"], texts["metadatas"] or [], strict=True)
        ]
        return sorted(infos, key=lambda info: info.source)

    def article_hashes(self) -> dict[str, str]:
        texts = self._texts.get(include=["metadatas"])
        return {str(m["source"]): str(m["sha256"]) for m in texts["metadatas"] or []}


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


def _article_metadata(article: Article) -> dict[str, str | int]:
    return {
        "source": article.source,
        "title": article.title,
        "date": article.date or "",
        "body_start": article.body_start,
        "sha256": article.sha256,
    }


def _chunk_metadata(chunk: Passage) -> dict[str, str | int]:
    return {
        "source": chunk.source,
        "title": chunk.title,
        "date": chunk.date or "",
        "start": chunk.start,
        "end": chunk.end,
    }


def _passage(chunk_id: str, text: str, meta: Any, score: float) -> Passage:
    return Passage(
        id=chunk_id,
        source=str(meta["source"]),
        title=str(meta["title"]),
        date=str(meta["date"]) or None,
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        score=score,
    )
