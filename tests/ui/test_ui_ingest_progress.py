"""Issue 13 item 10: a folder ingested from the page runs in the background, its progress
shows in the page, questions are answered meanwhile from what is already indexed, and the new
articles are searchable once it ends.

The browser test holds the ingest half-way (the embedder waits at a gate once the first slice
of articles is embedded), so that "meanwhile" is certain rather than a race with the clock.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui_support import (
    KHARKIV_QUESTION,
    ROOT,
    GatedEmbedder,
    ask,
    free_port,
    open_ui,
    screenshot,
)

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.resources import bundled_seeds_dir
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.ui.ingest_job import (
    SLICE_ARTICLES,
    FolderRefused,
    IngestJob,
    JobStatus,
    check_folder,
    status_html,
)

NEWS = Path(os.environ.get("ASSISTANT_NEWS_CORPUS", ROOT / ".cache" / "news-corpus"))
ARTICLES = 3 * SLICE_ARTICLES
"""Articles of the new folder: three slices, the first let through, the rest held."""
DEVOS = "0001-betsy-devos-confirmed-as-education-secretary-with-pence-cast.md"
DEVOS_QUESTION = "Who cast the tie-breaking vote to confirm Betsy DeVos as education secretary?"
FINAL = "#chat .qa-answer--final"


def _news_articles(count: int) -> list[Path]:
    if not NEWS.is_dir():
        pytest.fail(f"{NEWS} is missing: run scripts/news-corpus", pytrace=False)
    files = sorted(path for path in NEWS.iterdir() if path.suffix == ".md")[:count]
    assert files and files[0].name == DEVOS
    return files


# -- which folders the page may ingest ---------------------------------------------------------


@pytest.fixture
def roots(tmp_path: Path) -> list[Path]:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    (corpus / "new").mkdir(parents=True)
    (data / "incoming").mkdir(parents=True)
    (corpus / "note.txt").write_text("Title\n\nText.\n")
    (tmp_path / "elsewhere").mkdir()
    return [corpus.resolve(), data.resolve()]


@pytest.mark.unit
def test_a_folder_inside_the_corpus_or_data_folder_may_be_ingested(roots: list[Path]) -> None:
    corpus, data = roots
    assert check_folder("new", roots) == corpus / "new"  # relative: looked for in each root
    assert check_folder("incoming", roots) == data / "incoming"
    assert check_folder(f"  {corpus / 'new'}  ", roots) == corpus / "new"
    assert check_folder(str(data), roots) == data


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "Enter the path"),
        ("   ", "Enter the path"),
        ("/etc", "Only folders inside"),
        ("../elsewhere", "No folder ../elsewhere"),  # ".." cannot climb out of a root
        ("note.txt", "is a file, not a folder"),
        ("missing", "No folder missing"),
    ],
)
def test_other_folders_are_refused_with_the_reason(
    roots: list[Path], text: str, reason: str
) -> None:
    with pytest.raises(FolderRefused, match=reason):
        check_folder(text, roots)


@pytest.mark.unit
def test_a_link_out_of_the_roots_is_refused(roots: list[Path]) -> None:
    corpus, _ = roots
    (corpus / "escape").symlink_to(corpus.parent / "elsewhere", target_is_directory=True)
    with pytest.raises(FolderRefused):
        check_folder("escape", roots)
    with pytest.raises(FolderRefused, match="Only folders inside"):
        check_folder(str(corpus.parent / "elsewhere"), roots)


@pytest.mark.unit
def test_the_progress_line_says_how_far_how_fast_and_how_long() -> None:
    running = JobStatus(
        state="running",
        folder="/c/<new>",
        done=30,
        total=300,
        written=30,
        tokens=24_000,
        seconds=60.0,
    )
    html = status_html(running)
    assert "30 of 300 articles" in html and "&lt;new&gt;" in html and "<new>" not in html
    assert "0.5 articles/s" in html and "400 tokens/s" in html and "about 9 min 00 s left" in html
    assert '<progress class="ingest-bar" max="300" value="30"' in html
    done = JobStatus(state="done", folder="/c/new", done=300, total=300, seconds=5, message="x.")
    assert "Ingested /c/new</b> in 5 s: x." in status_html(done)
    assert status_html(JobStatus()) == ""


# -- the job, without a browser ----------------------------------------------------------------


@pytest.mark.integration
def test_the_job_ingests_a_folder_in_slices_and_reports_it(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    folder = tmp_path / "data" / "new"
    folder.mkdir(parents=True)
    for path in _news_articles(5):
        shutil.copy(path, folder)
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not an article: passed over
    settings = load_settings(data={"dir": tmp_path / "data"}, corpus={"dir": tmp_path / "corpus"})
    assistant = Assistant(settings, embedder=embedder)
    job = IngestJob(assistant, slice_articles=2)
    seen: list[JobStatus] = []
    job.finished.append(seen.append)
    assert job.start("new").running
    with pytest.raises(FolderRefused, match="still being ingested"):
        job.start("new")
    final = job.wait(120)
    assert final.state == "done", final.message
    assert (final.done, final.total, final.written) == (5, 5, 5)
    assert final.tokens > 0 and final.articles_per_second > 0
    assert seen == [final]
    assert {info.source for info in assistant.documents()} >= {DEVOS}
    again = job.start(str(folder))
    assert again.running
    final = job.wait(120)
    assert (final.state, final.written, final.unchanged) == ("done", 0, 5)
    assert "0 articles indexed, 5 already indexed and unchanged" in final.message


@pytest.mark.integration
def test_a_folder_without_articles_is_said_to_hold_none(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    (tmp_path / "data" / "empty").mkdir(parents=True)
    (tmp_path / "data" / "empty" / "notes.pdf").write_bytes(b"%PDF")
    settings = load_settings(data={"dir": tmp_path / "data"}, corpus={"dir": tmp_path / "corpus"})
    job = IngestJob(Assistant(settings, embedder=embedder))
    job.start("empty")
    final = job.wait(60)
    assert final.state == "failed" and "holds no article files (.htm" in final.message
    assert "It holds no article files" in status_html(final)


@pytest.mark.integration
def test_a_folder_with_subfolders_keeps_the_names_the_cli_gives(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    folder = tmp_path / "data" / "new"
    (folder / "world").mkdir(parents=True)
    first, second = _news_articles(2)
    shutil.copy(first, folder)
    shutil.copy(second, folder / "world")
    settings = load_settings(data={"dir": tmp_path / "data"}, corpus={"dir": tmp_path / "corpus"})
    assistant = Assistant(settings, embedder=embedder)
    job = IngestJob(assistant, slice_articles=1)
    job.start("new")
    final = job.wait(120)
    assert (final.state, final.done, final.written) == ("done", 2, 2), final.message
    sources = {info.source for info in assistant.documents()}
    assert sources == {first.name, f"world/{second.name}"}


@pytest.mark.integration
def test_a_run_stopped_with_the_server_ends_after_its_slice(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    folder = tmp_path / "data" / "new"
    folder.mkdir(parents=True)
    for path in _news_articles(4):
        shutil.copy(path, folder)
    settings = load_settings(data={"dir": tmp_path / "data"}, corpus={"dir": tmp_path / "corpus"})
    job = IngestJob(Assistant(settings, embedder=embedder), slice_articles=1)
    job.start("new")
    job.stop()
    final = job.wait(120)
    assert final.state == "failed" and "Stopped after" in final.message
    assert final.done < 4


# -- in the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gated(embedder: MiniLMOnnxEmbedder) -> GatedEmbedder:
    return GatedEmbedder(embedder)


@pytest.fixture(scope="module")
def ingest_ui(tmp_path_factory: pytest.TempPathFactory, gated: GatedEmbedder) -> Iterator[str]:
    """The page over the bundled articles, with a folder of news articles not ingested yet
    inside the data folder."""
    from assistant.ui import launch

    base = tmp_path_factory.mktemp("ingest-ui")
    corpus = base / "corpus"
    shutil.copytree(bundled_seeds_dir(), corpus)
    incoming = base / "data" / "incoming"
    incoming.mkdir(parents=True)
    for path in _news_articles(ARTICLES):
        shutil.copy(path, incoming)
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):
            if name.startswith(("ASSISTANT_", "OPENAI_")):
                env.delenv(name)
        settings = load_settings(
            data={"dir": base / "data"}, corpus={"dir": corpus}, ui={"port": free_port()}
        )
    assistant = Assistant(settings, embedder=gated)  # type: ignore[arg-type]
    assistant.ingest([corpus])
    demo = launch(assistant, block=False)
    try:
        yield f"http://127.0.0.1:{settings.ui.port}/"
    finally:
        gated.gate.set()  # never leave the ingest thread waiting
        demo.close()


def _ingesting() -> bool:
    return any(t.name == "ui-ingest" and t.is_alive() for t in threading.enumerate())


@pytest.mark.browser
@pytest.mark.slow
def test_a_folder_ingests_in_the_background_while_questions_are_answered(
    page: Page, ingest_ui: str, gated: GatedEmbedder
) -> None:
    open_ui(page, ingest_ui)
    page.get_by_role("tab", name="Corpus").click()
    box = page.locator("#ingest-folder input, #ingest-folder textarea").first
    box.fill("incoming")
    gated.armed = True
    page.locator("#ingest-button").click()

    # The first slice is embedded and written; the second waits at the gate.
    status = page.locator("#ingest-status")
    expect(status.locator(".ingest-running")).to_be_visible()
    expect(status).to_contain_text(f"{SLICE_ARTICLES} of {ARTICLES} articles", timeout=120_000)
    expect(status).to_contain_text("articles/s")
    expect(status).to_contain_text("tokens/s")
    expect(status.locator("progress")).to_have_attribute("value", str(SLICE_ARTICLES))
    # The list shows the slice written so far (the bundled 2 articles, and 16 new ones).
    expect(page.locator("#corpus-documents")).to_contain_text(f"{2 + SLICE_ARTICLES} articles")
    status.scroll_into_view_if_needed()
    screenshot(page, "ingest-progress")

    # Meanwhile the chat answers from what is indexed: the page was never unreachable.
    page.get_by_role("tab", name="Chat").click()
    banner = page.locator("#ingest-banner")
    expect(banner).to_contain_text(f"{SLICE_ARTICLES} of {ARTICLES} articles")  # seen from any tab
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("Vitaly Ganchev")
    assert _ingesting(), "the ingest ended before the question was answered"
    page.evaluate("window.scrollTo(0, 0)")  # the banner above the tabs, and the answer
    screenshot(page, "ingest-answer-meanwhile")

    # Another tab opened now sees the run going on.
    other = page.context.new_page()
    open_ui(other, ingest_ui)
    other.get_by_role("tab", name="Corpus").click()
    expect(other.locator("#ingest-status")).to_contain_text(f"of {ARTICLES} articles")
    other.close()

    gated.gate.set()
    page.get_by_role("tab", name="Corpus").click()
    expect(status.locator(".ingest-done")).to_be_visible(timeout=180_000)
    expect(status).to_contain_text(f"{ARTICLES} articles indexed")
    expect(banner).not_to_be_visible()
    status.scroll_into_view_if_needed()
    screenshot(page, "ingest-done")

    # The new articles are searchable.
    page.get_by_role("tab", name="Chat").click()
    ask(page, DEVOS_QUESTION)
    answer = page.locator(FINAL).nth(1)
    expect(answer).to_contain_text("Pence")
    expect(page.locator("#evidence-panel .ev-turn.is-active")).to_contain_text(DEVOS)


@pytest.mark.browser
@pytest.mark.slow
def test_a_folder_outside_the_corpus_and_data_folders_is_refused(
    page: Page, ingest_ui: str
) -> None:
    open_ui(page, ingest_ui)
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#ingest-folder input, #ingest-folder textarea").first.fill("/etc")
    page.locator("#ingest-button").click()
    expect(page.locator("#ingest-status [role=alert]")).to_contain_text("Only folders inside")
    assert not _ingesting()
