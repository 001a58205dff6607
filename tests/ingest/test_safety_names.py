"""Issue 10 item 3: two files of one name never become one article or mix their chunks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.ingest.chunk import is_current
from assistant.service import Assistant

pytestmark = pytest.mark.integration
HARBOUR_A = "The harbour in Kinsale reopened on Monday after repairs to the pier.\n"
HARBOUR_B = "The harbour in Dingle closed on Friday because of a winter storm.\n"


def _two_folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "harbor.txt").write_text(HARBOUR_A)
    (b / "harbor.txt").write_text(HARBOUR_B)
    return a, b


def _only_current_chunks(assistant: Assistant, source: str) -> None:
    article = assistant.article(source)
    assert article is not None
    ids = sorted(assistant.store.chunk_ids_by_source()[source])
    assert ids and all(is_current(c, article) for c in assistant.store.chunks(ids))


def test_a_same_named_file_from_another_folder_is_refused_not_swapped(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    a, b = _two_folders(tmp_path)
    assistant = make_assistant()
    assistant.ingest([a])
    report = assistant.ingest([b])
    [skipped] = report.skipped
    assert skipped.path == b / "harbor.txt"
    assert "already stored from" in skipped.reason and str(a / "harbor.txt") in skipped.reason
    stored = assistant.article("harbor.txt")
    assert stored is not None and stored.text == HARBOUR_A, "without --prune nothing is removed"
    _only_current_chunks(assistant, "harbor.txt")
    (a / "harbor.txt").write_text(HARBOUR_A + "The pier is now longer.\n")
    assert assistant.ingest([a]).updated_articles == ["harbor.txt"], "its own file may change it"


def test_two_same_named_files_in_one_run_keep_the_first(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    a, b = _two_folders(tmp_path)
    assistant = make_assistant()
    report = assistant.ingest([a, b])
    assert [s.path for s in report.skipped] == [b / "harbor.txt"]
    stored = assistant.article("harbor.txt")
    assert stored is not None and stored.text == HARBOUR_A


def test_two_same_named_files_in_one_upload_do_not_mix(
    make_assistant: Callable[..., Assistant],
) -> None:
    assistant = make_assistant()
    report = assistant.ingest_uploads(
        [("harbor.txt", HARBOUR_A.encode()), ("harbor.txt", HARBOUR_B.encode())]
    )
    [skipped] = report.skipped
    assert "another file is already named harbor.txt" in skipped.reason
    stored = assistant.article("harbor.txt")
    assert stored is not None and stored.text == HARBOUR_A
    _only_current_chunks(assistant, "harbor.txt")
    again = assistant.ingest_uploads([("harbor.txt", HARBOUR_B.encode())])
    assert again.updated_articles == ["harbor.txt"], "an upload replaces an earlier upload"


def test_an_upload_does_not_replace_an_article_from_a_folder(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    a, _ = _two_folders(tmp_path)
    assistant = make_assistant()
    assistant.ingest([a])
    report = assistant.ingest_uploads([("harbor.txt", HARBOUR_B.encode())])
    [skipped] = report.skipped
    assert "already stored from another file" in skipped.reason
    assert str(a) not in skipped.reason, "an upload is not told the server's paths"
    stored = assistant.article("harbor.txt")
    assert stored is not None and stored.text == HARBOUR_A
