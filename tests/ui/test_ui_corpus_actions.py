"""The corpus view's actions over a real store, without a browser: the table of one page,
deleting one article, and reading one again from its file (or saying why it cannot be)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from ui_support import HARBOUR, HARBOUR_NAME

from assistant.service import Assistant
from assistant.ui.corpus import CorpusView

pytestmark = pytest.mark.integration


@pytest.fixture
def view(make_assistant: Callable[..., Assistant], corpus: Path) -> CorpusView:
    """The bundled articles from a writable folder, plus one upload."""
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    assistant.ingest_uploads([(HARBOUR_NAME, HARBOUR)])
    return CorpusView(assistant)


def ids(view: CorpusView) -> dict[str, str]:
    return {info.source: info.id for info in view.assistant.documents()}


def test_a_screen_shows_the_page_asked_for_and_marks_uploads(view: CorpusView) -> None:
    screen = view.screen("", "title-asc", 7)
    assert screen.page == 1 and screen.sort == "title-asc"
    assert not screen.has_previous and not screen.has_next
    assert screen.html.count("<tr data-source=") == 3
    assert screen.html.count("uploaded</span>") == 1
    found = view.screen("lighthouse", None, None)
    assert found.sort == "date-desc" and found.html.count("<tr data-source=") == 1
    assert f'data-source="{HARBOUR_NAME}"' in found.html


def test_delete_asks_about_one_article_then_removes_only_it(view: CorpusView, corpus: Path) -> None:
    before = ids(view)
    victim = next(source for source in before if source != HARBOUR_NAME)
    question = view.delete_question(before[victim])
    assert question and victim in question and "Only this article is removed" in question
    status = view.delete(before[victim])
    assert "Deleted" in status and "still there" in status
    assert set(before) - set(ids(view)) == {victim}
    assert (corpus / victim).is_file()
    assert view.delete_question(before[victim]) is None
    assert "no longer indexed" in view.delete(before[victim])
    assert "no longer indexed" in view.reingest(before[victim])
    uploaded = view.delete(before[HARBOUR_NAME])
    assert "Deleted" in uploaded and "still there" not in uploaded


def test_reingest_reads_the_file_again_only_when_it_changed(view: CorpusView, corpus: Path) -> None:
    known = ids(view)
    source = next(source for source in known if source != HARBOUR_NAME)
    assert "unchanged since it was indexed" in view.reingest(known[source])
    path = corpus / source
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    status = view.reingest(known[source])
    assert f"Read {source} again from {path.resolve()}" in status
    assert set(ids(view)) == set(known)


def test_reingest_says_why_it_cannot(view: CorpusView, corpus: Path) -> None:
    known = ids(view)
    assert "uploaded in the browser" in view.reingest(known[HARBOUR_NAME])
    source = next(source for source in known if source != HARBOUR_NAME)
    (corpus / source).unlink()
    assert "no longer exists; the stored article is kept" in view.reingest(known[source])
    assert source in ids(view)


def test_reingest_of_an_article_named_within_a_folder_names_the_folder(
    make_assistant: Callable[..., Assistant], corpus: Path, tmp_path: Path
) -> None:
    root = tmp_path / "nested"
    shutil.copytree(corpus, root / "world")
    assistant = make_assistant()
    assistant.ingest([root])
    view = CorpusView(assistant)
    before = ids(view)
    (source, ident), *_ = before.items()
    assert source.startswith("world/")
    status = view.reingest(ident)
    assert f"read as part of the folder {root}" in status
    assert ids(view) == before  # not stored again under its bare file name
