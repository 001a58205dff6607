"""The catalog (SQLite): articles, chunks and the FTS5 lexical index written in one
transaction, per-article updates, BM25 order, document frequencies, and what a cut-short write
leaves for repair."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant.catalog import ArticleWrite, Catalog
from assistant.language import Annotation, Sentence
from assistant.lexical import LexicalIndex
from assistant.types import Article

pytestmark = pytest.mark.unit


def _write(source: str, chunks: dict[str, list[str]], text: str = "") -> ArticleWrite:
    """An article whose chunk ``i`` covers characters [i, i+1) and has the given lemmas."""
    text = text or "x" * (len(chunks) + 1)
    article = Article(
        source=source,
        title=source,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    notes = Annotation(
        sentences=tuple(
            Sentence(i, i + 1, frozenset(lemmas)) for i, lemmas in enumerate(chunks.values())
        ),
        mentions=(),
    )
    passages = [
        (article.passage(i, i + 1, id=chunk_id), lemmas)
        for i, (chunk_id, lemmas) in enumerate(chunks.items())
    ]
    return ArticleWrite(article, notes, origin="upload", chunks=passages)


def test_search_ranks_by_bm25_and_follows_each_article_version(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    index = LexicalIndex(catalog)
    catalog.record([_write("one.md", {"a": ["kill", "hotel"]})])
    catalog.record([_write("two.md", {"b": ["wound", "hotel", "city"]})])
    assert [cid for cid, _ in index.search(["kill", "hotel"], 5)] == ["a", "b"]
    stale = catalog.record([_write("one.md", {"c": ["harbour"]}, text="new text")])
    assert stale == ["a"]
    assert catalog.pending() == ["a"]  # its vector is still to be removed
    assert index.search(["kill"], 5) == []
    assert [cid for cid, _ in index.search(["harbour"], 5)] == ["c"]
    assert catalog.delete_article("two.md") == ["b"]
    assert index.size() == 1
    assert catalog.chunk_counts() == {"one.md": 1}


def test_chunks_are_read_back_from_the_stored_text(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    catalog.record([_write("one.md", {"a": ["x"], "b": ["y"]}, text="pq")])
    passages = catalog.chunks(["b", "missing", "a"])
    assert [(p.id, p.text, p.source) for p in passages] == [
        ("b", "q", "one.md"),
        ("a", "p", "one.md"),
    ]


def test_document_frequency_and_idf(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    index = LexicalIndex(catalog)
    catalog.record([_write("x", {"a": ["macron"], "b": ["macroeconomic", "policy"]})])
    assert index.document_frequency("macron") == 1
    assert index.document_frequency("macro") == 0  # whole words only, no prefixes
    assert index.idf("unseen") > index.idf("macron")


def test_a_word_only_a_title_writes_is_known_as_a_word_of_its_own(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    index = LexicalIndex(catalog)
    catalog.record([_write("Shipwreck that killed 146 migrants", {"a": ["boat"]})])
    assert index.document_frequency("146") == 0  # titles are not indexed text
    assert index.titled("146") and index.titled("migrants")
    assert not index.titled("14") and not index.titled("grant")  # inside other words
    assert not index.titled("zarvia")
    catalog.record([_write("Floods in Zarvia", {"b": ["flood"]})])
    assert index.titled("zarvia")  # what was kept is forgotten once the catalog changes


def test_a_second_process_sees_writes_without_a_rebuild(tmp_path: Path) -> None:
    writer = Catalog(tmp_path / "c.sqlite")
    reader = LexicalIndex(Catalog(tmp_path / "c.sqlite"))
    assert reader.size() == 0
    writer.record([_write("x", {"a": ["harbour"]})])
    assert reader.size() == 1
    assert reader.search(["harbour"], 1)[0][0] == "a"


def test_staged_vectors_without_a_record_are_pending(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    catalog.stage(["a", "b"])  # vectors added, then the process died before recording
    catalog.record([_write("x", {"a": ["harbour"]})])
    assert catalog.pending() == ["b"]
    catalog.forget(["b"])
    assert catalog.pending() == []


def test_reset_keeps_articles_and_marks_them_incomplete(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    catalog.record([_write("x", {"a": ["harbour"]})])
    catalog.reset_chunks()
    assert catalog.chunk_count() == 0
    assert catalog.incomplete() == ["x"]
    assert catalog.article("x") is not None
    assert LexicalIndex(catalog).search(["harbour"], 1) == []


def test_query_syntax_in_words_is_harmless(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite")
    catalog.record([_write("x", {"a": ["near", "or"]})])
    assert LexicalIndex(catalog).search(['"', "NEAR(", "or"], 3)


def test_a_word_is_found_in_either_spelling(tmp_path: Path) -> None:
    # Chunks indexed before spellings were made one hold the British form.
    catalog = Catalog(tmp_path / "c.sqlite")
    index = LexicalIndex(catalog)
    catalog.record([_write("x", {"a": ["organisation"], "b": ["organization"], "c": ["city"]})])
    assert sorted(cid for cid, _ in index.search(["organization"], 5)) == ["a", "b"]
    assert index.document_frequency("organization") == 2
