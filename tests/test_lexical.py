"""The SQLite FTS5 lexical index: per-chunk updates, BM25 order, document frequencies."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lexical import LexicalIndex

pytestmark = pytest.mark.unit


def test_search_ranks_by_bm25_and_follows_updates(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    index.add([("a", "one.md", ["kill", "hotel"]), ("b", "two.md", ["wound", "hotel", "city"])])
    assert [cid for cid, _ in index.search(["kill", "hotel"], 5)] == ["a", "b"]
    index.delete(["a"])
    assert [cid for cid, _ in index.search(["kill"], 5)] == []
    index.delete_source("two.md")
    assert index.size() == 0


def test_document_frequency_and_idf(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    index.add([("a", "x", ["macron"]), ("b", "x", ["macroeconomic", "policy"])])
    assert index.document_frequency("macron") == 1
    assert index.document_frequency("macro") == 0  # whole words only, no prefixes
    assert index.idf("unseen") > index.idf("macron")


def test_a_second_process_sees_writes_without_a_rebuild(tmp_path: Path) -> None:
    writer = LexicalIndex(tmp_path / "lexical.sqlite")
    reader = LexicalIndex(tmp_path / "lexical.sqlite")
    assert reader.size() == 0
    writer.add([("a", "x", ["harbour"])])
    assert reader.size() == 1
    assert reader.search(["harbour"], 1)[0][0] == "a"


def test_query_syntax_in_words_is_harmless(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    index.add([("a", "x", ["near", "or"])])
    assert index.search(['"', "NEAR(", "or"], 3)
