"""Ingesting into a real Chroma store: idempotent, incremental, convergent, and forgiving."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.ingest import Throughput, sync
from assistant.ingest.chunk import chunk_article
from assistant.ingest.read import ArticleFile, read_article
from assistant.service import Assistant
from assistant.types import Article
from tests.conftest import DATED, SPUN

pytestmark = pytest.mark.integration


def _stored_ids(assistant: Assistant) -> dict[str, set[str]]:
    """The stored chunk ids by article; every vector in Chroma is one of them."""
    grouped = assistant.store.chunk_ids_by_source()
    assert assistant.store.vector_ids() == set().union(*grouped.values())
    return grouped


def test_unchanged_corpus_writes_nothing(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    first = assistant.ingest()
    assert first.added > 0 and first.articles == 2 and not first.failed
    before = _stored_ids(assistant)
    again = assistant.ingest()
    assert again.wrote_nothing
    assert (again.added, again.removed, again.unchanged) == (0, 0, first.added)
    assert _stored_ids(assistant) == before


def test_annotations_of_an_older_reader_are_redone_and_vectors_kept(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    first = assistant.ingest()
    before = _stored_ids(assistant)
    catalog = assistant.store.catalog
    with catalog.reading() as db:  # a store written by an earlier version of the reader
        db.execute("UPDATE articles SET annotation_version = 'spacy-3.8.0-a3'")
        db.commit()
    assert catalog.unannotated() == 2  # announced by `assistant ingest`
    again = assistant.ingest()
    assert catalog.unannotated() == 0
    assert (again.added, again.removed, again.unchanged) == (0, 0, first.added)
    assert _stored_ids(assistant) == before


def test_changed_article_is_replaced_not_duplicated(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    path = corpus / SPUN
    path.write_text(path.read_text(encoding="utf-8") + "\nA brand new closing sentence.\n")
    report = assistant.ingest()
    assert report.updated_articles == [SPUN]
    assert report.added >= 1 and report.removed >= 1
    changed = read_article(ArticleFile(path, SPUN))
    annotation = assistant.annotator.annotate(changed.text, changed.body_start)
    expected = {c.id for c in chunk_article(changed, annotation, max_tokens=160, overlap_tokens=32)}
    assert _stored_ids(assistant)[SPUN] == expected
    stored = assistant.article(SPUN)
    assert stored is not None and stored.text.endswith("A brand new closing sentence.\n")


class _Crash(Exception):
    pass


@pytest.mark.parametrize("point", ["after_add_vectors", "after_record", "after_remove_stale"])
def test_interrupted_ingest_converges_without_duplicates(
    point: str,
    make_assistant: Callable[..., Assistant],
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    before = _stored_ids(assistant)
    path = corpus / SPUN
    path.write_text(path.read_text(encoding="utf-8") + "\nA brand new closing sentence.\n")

    def crash(name: str) -> None:
        if name == point:
            raise _Crash(name)

    monkeypatch.setattr("assistant.ingest.sync._fault_point", crash)
    with pytest.raises(_Crash):
        assistant.ingest()
    recorded = assistant.store.chunk_ids_by_source()
    # The catalog holds one whole version of the article, whatever the vectors hold.
    assert recorded[SPUN] in (before[SPUN], _expected(assistant, path))
    monkeypatch.undo()
    report = assistant.ingest()
    assert _stored_ids(assistant)[SPUN] == _expected(assistant, path)
    assert _stored_ids(assistant)[DATED] == before[DATED]
    assert report.updated_articles == ([] if recorded[SPUN] != before[SPUN] else [SPUN])
    assert assistant.ingest().wrote_nothing


def _expected(assistant: Assistant, path: Path) -> set[str]:
    article = read_article(ArticleFile(path, path.name))
    notes = assistant.annotator.annotate(article.text, article.body_start)
    return {c.id for c in chunk_article(article, notes, max_tokens=160, overlap_tokens=32)}


def test_prune_removes_articles_gone_from_the_folder(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    (corpus / SPUN).unlink()
    kept = assistant.ingest()
    assert SPUN in _stored_ids(assistant), "without --prune nothing is removed"
    assert kept.wrote_nothing
    pruned = assistant.ingest(prune=True)
    assert pruned.pruned_articles == [SPUN]
    assert SPUN not in _stored_ids(assistant)
    assert [d.source for d in assistant.documents()] == [DATED]


def test_bad_files_are_reported_and_the_rest_ingested(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Caf\u00e9 news.".encode("latin-1"))
    (corpus / "image.txt").write_bytes(b"\x89PNG\x00\x00\x00binary")
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "good.md").write_text("# Fresh report\n\nThe mayor opened a bridge.\n")
    assistant = make_assistant(corpus={"dir": corpus})
    report = assistant.ingest()
    assert report.failed
    reasons = {s.path.name: s.reason for s in report.skipped}
    assert set(reasons) == {"empty.txt", "latin1.txt", "image.txt", "notes.pdf"}
    assert "UTF-8" in reasons["latin1.txt"] and "binary" in reasons["image.txt"]
    assert sorted(d.source for d in assistant.documents()) == sorted([DATED, SPUN, "good.md"])


def test_uploads_are_ingested_and_bad_ones_reported(
    make_assistant: Callable[..., Assistant],
) -> None:
    assistant = make_assistant()
    report = assistant.ingest_uploads(
        [
            ("report.md", b"# Bridge\n\nMayor Anna Berg opened the new bridge in Cork."),
            ("bad.txt", b""),
        ]
    )
    assert report.added >= 1
    assert [s.path.name for s in report.skipped] == ["bad.txt"]
    answer = assistant.ask("Who opened the new bridge in Cork?")
    assert not answer.abstained and answer.short_answer == "Anna Berg"


def test_delete_document_removes_its_chunks(make_assistant: Callable[..., Assistant]) -> None:
    assistant = make_assistant()
    assistant.ingest()
    spun = next(d for d in assistant.documents() if d.source == SPUN)
    assert assistant.delete_document(spun.id)
    assert not assistant.delete_document(spun.id)
    assert SPUN not in _stored_ids(assistant)
    assert assistant.article(SPUN) is None


def test_rebuild_starts_from_an_empty_collection(
    make_assistant: Callable[..., Assistant],
) -> None:
    assistant = make_assistant()
    first = assistant.ingest()
    rebuilt = assistant.ingest(rebuild=True)
    assert rebuilt.added == first.added and rebuilt.unchanged == 0


def test_untouched_files_are_not_read_and_touched_ones_not_rewritten(
    make_assistant: Callable[..., Assistant], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    read: list[str] = []
    real_read = sync.read_article

    def counting(file: ArticleFile) -> Article:
        read.append(file.source)
        return real_read(file)

    monkeypatch.setattr(sync, "read_article", counting)
    assert assistant.ingest().wrote_nothing
    assert read == []  # size and time match the records: skipped unread
    os.utime(corpus / SPUN)  # a new time, the same text
    report = assistant.ingest()
    assert read == [SPUN] and report.wrote_nothing
    read.clear()
    assert assistant.ingest().wrote_nothing and read == []  # the new time was recorded


def test_progress_reports_articles_and_tokens_per_second(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    seen: list[Throughput] = []
    make_assistant(corpus={"dir": corpus}).ingest(progress=seen.append)
    assert seen and seen[-1].done == seen[-1].total == 2
    assert seen[-1].tokens > 500 and seen[-1].tokens_per_second > 0
    assert seen[-1].articles_per_second > 0
