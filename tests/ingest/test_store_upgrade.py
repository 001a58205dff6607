"""A store written before the catalog (article texts in a `<collection>-texts` Chroma
collection, chunks with their text in `<collection>`) is taken over when opened: every article
is kept, marked for re-embedding, and the next ingest makes it answerable again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import chromadb
import pytest

from assistant.ingest.read import ArticleFile, read_article
from assistant.language import Annotator
from assistant.service import Assistant
from tests.conftest import SEEDS, SPUN

pytestmark = pytest.mark.integration


def _old_store(data: Path, annotator: Annotator) -> None:
    """The two collections the earlier version wrote, as it wrote them."""
    client = chromadb.PersistentClient(
        path=str(data), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    chunks = client.get_or_create_collection(
        "articles",
        metadata={"hnsw:space": "cosine", "embedding_model": "all-MiniLM-L6-v2-int8-onnx"},
    )
    chunks.add(ids=["old-chunk"], embeddings=[[0.1] * 384], documents=["old chunk text"])
    texts = client.get_or_create_collection("articles-texts")
    article = read_article(ArticleFile(SEEDS / SPUN, SPUN))
    notes = annotator.annotate(article.text, article.body_start)
    texts.add(
        ids=[article.id],
        documents=[article.text],
        embeddings=[[1.0]],
        metadatas=[
            {
                "source": article.source,
                "title": article.title,
                "date": article.date or "",
                "outlet": "",
                "url": "",
                "author": "",
                "body_start": article.body_start,
                "sha256": article.sha256,
                "annotation": notes.dumps(),
                "annotation_version": notes.version,
                "complete": True,
                "origin": "upload",
            }
        ],
    )


def test_an_earlier_store_is_taken_over_without_losing_an_article(
    tmp_path: Path, make_assistant: Callable[..., Assistant], annotator: Annotator
) -> None:
    data = tmp_path / "data"
    _old_store(data, annotator)
    assistant = make_assistant(data={"dir": data})
    assert [d.source for d in assistant.documents()] == [SPUN]  # kept, with its text
    assert assistant.store.catalog.incomplete() == [SPUN]  # to be embedded again
    empty = tmp_path / "empty"
    empty.mkdir()
    report = assistant.ingest([empty])
    assert report.reembedded_articles == [SPUN] and report.added > 0
    assert assistant.store.vector_ids() == assistant.store.chunk_ids_by_source()[SPUN]
    answer = assistant.ask("Who is the head of Russia's administration in occupied Kharkiv?")
    assert answer.short_answer and "Ganchev" in answer.short_answer
    assert answer.citations and answer.citations[0].source == SPUN
