"""Chroma's HNSW search is approximate; the store sets how broadly it searches
(``data.search_ef``) on every collection it opens, including one made with Chroma's default
breadth, so that the nearest chunks are found and found alike from run to run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import chromadb
import pytest

from assistant.service import Assistant
from tests.conftest import SEEDS

pytestmark = pytest.mark.integration


def _breadth(data: Path, name: str = "articles") -> Any:
    client = chromadb.PersistentClient(
        path=str(data), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    return client.get_collection(name).configuration_json["hnsw"]["ef_search"]


def test_a_new_store_searches_as_broadly_as_set(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    data = tmp_path / "data"
    assistant = make_assistant(data={"dir": data, "search_ef": 250})
    assistant.ingest([SEEDS])
    assert assistant.ask("Who heads the occupation administration in Kharkiv?").citations
    assert _breadth(data) == 250


def test_a_store_made_with_chroma_s_default_breadth_is_widened_when_opened(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    data = tmp_path / "data"
    client = chromadb.PersistentClient(
        path=str(data), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    client.get_or_create_collection("articles", metadata={"hnsw:space": "cosine"})
    assert _breadth(data) == 100  # Chroma's own default
    del client
    assistant = make_assistant(data={"dir": data})
    assistant.store.open_vectors()
    assert _breadth(data) == assistant.settings.data.search_ef == 400
