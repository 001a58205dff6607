"""Ingesting into a real Chroma store: idempotent, incremental, convergent, and forgiving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.ingest.chunk import chunk_article
from assistant.ingest.read import ArticleFile, read_article
from assistant.service import Assistant
from tests.conftest import DATED, SPUN

pytestmark = pytest.mark.integration


def _stored_ids(assistant: Assistant) -> dict[str, set[str]]:
    return assistant.store.chunk_ids_by_source()


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


def test_interrupted_ingest_converges_without_duplicates(
    make_assistant: Callable[..., Assistant], corpus: Path
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    complete = _stored_ids(assistant)
    # Simulate a crash halfway through replacing two articles: the article record (written
    # last) still holds the old version's hash, half of one article's chunks are not written
    # yet, and a stale chunk of the older version is still there.
    half = sorted(complete[DATED])[: len(complete[DATED]) // 2]
    assistant.store.delete_chunks(half)
    dated = read_article(ArticleFile(corpus / DATED, DATED))
    dated_notes = assistant.annotator.annotate(dated.text, dated.body_start)
    assistant.store.put_article(
        dated.model_copy(update={"sha256": "old"}), dated_notes, origin=str(corpus / DATED)
    )
    article = read_article(ArticleFile(corpus / SPUN, SPUN))
    old = article.model_copy(update={"text": article.text + " Old tail.", "sha256": "old"})
    notes = assistant.annotator.annotate(old.text, old.body_start)
    stale = chunk_article(old, notes, max_tokens=160, overlap_tokens=32)[-1:]
    assistant.store.add_chunks(stale, assistant.embedder.embed([stale[0].text]), notes)
    assistant.store.put_article(old, notes, origin=str(corpus / SPUN))
    report = assistant.ingest()
    assert report.added == len(half) and report.removed == 1
    assert _stored_ids(assistant) == complete
    assert assistant.ingest().wrote_nothing


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
