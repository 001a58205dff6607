"""The corpus view over a real news corpus (200 articles of .cache/news-corpus) in a real
headless Chromium: search, sort, pages, delete (asked first) and re-ingest of one article, and
a phone-sized window with no sideways scrolling. Screenshots go to test-artifacts/ui/."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from ui_support import HARBOUR, HARBOUR_NAME, free_port, screenshot

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.types import ArticleInfo
from assistant.ui.corpus_table import TableQuery, table_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEWS = Path(os.environ.get("ASSISTANT_NEWS_CORPUS", ".cache/news-corpus"))
ARTICLES = 200
DAM = [  # the Oroville dam evacuation, 2017-02-13: DW, Al Jazeera, RTÉ (one story)
    "1037-us-launches-urgent-evacuation-around-damaged-oroville-dam-in.md",
    "1051-thousands-evacuated-in-california-as-dam-might-collapse.md",
    "1079-evacuation-ordered-over-hole-in-spillway-of-tallest-dam-in-u.md",
]
BAGHDAD = [  # a Baghdad car bomb, 2017-02-16: BBC, Al Jazeera (one story)
    "1142-baghdad-car-bomb-kills-at-least-48.md",
    "1173-deadly-car-bombing-rocks-iraq-s-baghdad.md",
]
COPY = "9999-wire-copy-of-the-dam-story.md"
"""Al Jazeera's dam report run by another outlet: a copy."""
ROWS = "#corpus-documents tbody tr"
POSITION = "#corpus-documents .corpus-position"


@pytest.fixture(scope="module")
def news_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of 200 articles of the news corpus: the first 194, two stories told
    by several outlets, and a wire copy of one of their articles."""
    stories = DAM + BAGHDAD
    names = sorted(p.name for p in NEWS.glob("*.md"))[: ARTICLES - len(stories) - 1] + stories
    missing = [name for name in names if not (NEWS / name).is_file()]
    assert len(names) == ARTICLES - 1 and not missing, (
        f"{NEWS} lacks articles: run scripts/news-corpus"
    )
    folder = tmp_path_factory.mktemp("news-200")
    for name in names:
        shutil.copy(NEWS / name, folder / name)
    _, front, body = (NEWS / DAM[1]).read_text(encoding="utf-8").split("---", 2)
    front = front.replace("outlet: Al Jazeera", "outlet: Wire Copy Daily")
    (folder / COPY).write_text(
        f"---{front}---{body}\nThis report was supplied by a news agency.\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def news_ui(
    tmp_path_factory: pytest.TempPathFactory,
    news_folder: Path,
    embedder: MiniLMOnnxEmbedder,
    annotator: Annotator,
) -> Iterator[tuple[Assistant, str]]:
    """The UI served over those articles plus one upload; tests may change the articles."""
    from assistant.ui import launch

    data = tmp_path_factory.mktemp("news-ui") / "data"
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):  # the developer's settings must not leak in
            if name.startswith(("ASSISTANT_", "OPENAI_")):
                env.delenv(name)
        settings = load_settings(data={"dir": data}, ui={"port": free_port()})
    assistant = Assistant(settings, embedder=embedder, annotator=annotator)
    report = assistant.ingest([news_folder])
    assert report.articles == ARTICLES and not report.skipped
    assistant.ingest_uploads([(HARBOUR_NAME, HARBOUR)])
    demo = launch(assistant, block=False)
    try:
        yield assistant, f"http://127.0.0.1:{settings.ui.port}/"
    finally:
        demo.close()


def assert_no_serious_axe_violation(page: Page) -> None:
    """axe-core (the pinned package's copy) finds nothing critical or serious on the page."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_timeout(600)  # let the page finish rendering
    found = [
        f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    assert not found, found


def open_corpus(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Corpus").click()
    expect(page.locator(ROWS)).to_have_count(50)


def expected(assistant: Assistant, **query: object) -> list[ArticleInfo]:
    """The rows the server's own table logic gives for a query, over the store as it is."""
    return table_page(assistant.documents(), TableQuery(**query)).rows  # type: ignore[arg-type]


def listed(info: ArticleInfo) -> tuple[object, ...]:
    """What an article's row says of it alone (its story column follows its story's members)."""
    return (info.title, info.date, info.outlet, info.chunks)


def titles(rows: Locator) -> list[str]:
    return [text.strip() for text in rows.locator("td.title").all_inner_texts()]


def row_of(page: Page, source: str) -> Locator:
    return page.locator(f'{ROWS}[data-source="{source}"]')


def test_the_upload_sits_above_the_list(page: Page, news_ui: tuple[Assistant, str]) -> None:
    _, url = news_ui
    open_corpus(page, url)
    upload = page.locator("#upload-files").bounding_box()
    table = page.locator("#corpus-documents").bounding_box()
    assert upload and table and upload["y"] < table["y"]
    expect(page.locator("#upload-button")).to_be_in_viewport()
    expect(page.locator("#corpus-documents .corpus-summary")).to_contain_text(
        f"{ARTICLES + 1} articles"
    )
    expect(page.locator(POSITION)).to_have_text(f"Articles 1–50 of {ARTICLES + 1} · page 1 of 5")
    screenshot(page, "corpus-view")
    assert_no_serious_axe_violation(page)


def test_search_narrows_the_list(page: Page, news_ui: tuple[Assistant, str]) -> None:
    assistant, url = news_ui
    open_corpus(page, url)
    wanted = expected(assistant, search="trump", per_page=1000)
    assert 0 < len(wanted) < ARTICLES
    page.locator("#corpus-search").get_by_role("textbox").fill("trump")
    summary = page.locator("#corpus-documents .corpus-summary")
    expect(summary).to_contain_text(f"{len(wanted)} of {ARTICLES + 1} articles match “trump”")
    rows = page.locator(ROWS)
    expect(rows).to_have_count(min(50, len(wanted)))
    for row in rows.all():
        assert "trump" in row.inner_text().casefold()
    screenshot(page, "corpus-search")
    page.locator("#corpus-search").get_by_role("textbox").fill("no such words zzqx")
    expect(page.locator("#corpus-documents .corpus-no-match")).to_contain_text("No article matches")
    expect(rows).to_have_count(0)


def test_the_story_column_names_outlets_and_copies(
    page: Page, news_ui: tuple[Assistant, str]
) -> None:
    assistant, url = news_ui
    infos = {info.source: info for info in assistant.documents()}
    assert infos[COPY].copy_of == DAM[1]
    assert len(infos[BAGHDAD[0]].story_outlets) == 2
    open_corpus(page, url)
    page.locator("#corpus-search").get_by_role("textbox").fill("baghdad")
    expect(page.locator(ROWS)).to_have_count(2)
    for source in BAGHDAD:
        story = row_of(page, source).locator("td.story")
        expect(story).to_contain_text("2 outlets")
        expect(story).to_contain_text("Al Jazeera")
    page.locator("#corpus-search").get_by_role("textbox").fill(COPY)
    copy = row_of(page, COPY).locator("td.story")
    expect(copy).to_contain_text(f"copy of {infos[DAM[1]].title}")
    alone = expected(assistant, search="betsy devos confirmed")[0]
    assert alone.story_size == 1
    page.locator("#corpus-search").get_by_role("textbox").fill("dam")
    expect(row_of(page, DAM[0]).locator("td.story")).to_contain_text("outlets")
    screenshot(page, "corpus-stories")
    page.locator("#corpus-search").get_by_role("textbox").fill("betsy devos confirmed")
    expect(row_of(page, alone.source).locator("td.story")).to_have_text("—")


def test_sort_changes_the_order(page: Page, news_ui: tuple[Assistant, str]) -> None:
    assistant, url = news_ui
    open_corpus(page, url)
    rows = page.locator(ROWS)
    newest = titles(rows)
    page.locator("#corpus-sort input").click()
    page.get_by_role("option", name="Title A–Z").click()
    by_title = [info.title for info in expected(assistant, sort="title", descending=False)]
    expect(rows.first.locator("td.title")).to_have_text(by_title[0])
    assert titles(rows) == by_title and titles(rows) != newest
    expect(page.locator("#corpus-documents th.title")).to_have_attribute("aria-sort", "ascending")
    # A column heading sorts too: most chunks first, then the other way.
    page.locator('#corpus-documents button[data-key="chunks"]').click()
    most = expected(assistant, sort="chunks", descending=True)
    expect(rows.first.locator("td.num")).to_have_text(str(most[0].chunks))
    assert [r.source for r in most] == rows.evaluate_all("rows => rows.map(r => r.dataset.source)")
    expect(page.locator("#corpus-sort input")).to_have_value("Most chunks")
    page.locator('#corpus-documents button[data-key="chunks"]').click()
    expect(page.locator("#corpus-sort input")).to_have_value("Fewest chunks")
    fewest = expected(assistant, sort="chunks", descending=False)
    expect(rows.first).to_have_attribute("data-source", fewest[0].source)
    screenshot(page, "corpus-sorted")


def test_next_page_and_back(page: Page, news_ui: tuple[Assistant, str]) -> None:
    assistant, url = news_ui
    open_corpus(page, url)
    total = len(assistant.documents())
    rows = page.locator(ROWS)
    expect(page.locator("#corpus-previous")).to_be_disabled()
    first_page = titles(rows)
    page.locator("#corpus-next").click()
    expect(page.locator(POSITION)).to_have_text(f"Articles 51–100 of {total} · page 2 of 5")
    second = [info.title for info in expected(assistant, page=2)]
    expect(rows.first.locator("td.title")).to_have_text(second[0])
    assert titles(rows) == second and not set(second) & set(first_page)
    expect(page.locator("#corpus-previous")).to_be_enabled()
    for number in (3, 4, 5):  # each page shown before the next click
        page.locator("#corpus-next").click()
        expect(page.locator(POSITION)).to_contain_text(f"page {number} of 5")
    expect(page.locator(POSITION)).to_have_text(f"Articles 201–{total} of {total} · page 5 of 5")
    expect(page.locator("#corpus-next")).to_be_disabled()
    page.locator("#corpus-previous").click()
    expect(page.locator(POSITION)).to_contain_text("page 4 of 5")


def test_delete_asks_first_and_removes_only_that_article(
    page: Page, news_ui: tuple[Assistant, str], news_folder: Path
) -> None:
    assistant, url = news_ui
    before = {info.source: info for info in assistant.documents()}
    victim = next(i for i in expected(assistant) if i.source not in {*DAM, *BAGHDAD, COPY})
    open_corpus(page, url)
    row = row_of(page, victim.source)
    row.get_by_role("button", name=f"Delete {victim.title}").click()
    confirm = page.locator("#corpus-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(victim.title)
    expect(confirm).to_contain_text(victim.source)
    expect(page.locator("#corpus-confirm-delete")).to_be_focused()
    screenshot(page, "corpus-delete-confirm")
    assert_no_serious_axe_violation(page)
    page.locator("#corpus-cancel").click()  # changed their mind: nothing is deleted
    expect(confirm).to_be_hidden()
    assert {info.source for info in assistant.documents()} == set(before)
    row.get_by_role("button", name=f"Delete {victim.title}").click()
    page.locator("#corpus-confirm-delete").click()
    expect(confirm).to_be_hidden()
    expect(page.locator("#corpus-status")).to_contain_text(f"Deleted “{victim.title}”")
    expect(page.locator("#corpus-status")).to_contain_text("is still there")  # its file
    expect(row).to_have_count(0)
    expect(page.locator("#corpus-documents .corpus-summary")).to_contain_text(
        f"{len(before) - 1} articles"
    )
    after = {info.source: info for info in assistant.documents()}
    assert set(before) - set(after) == {victim.source}
    assert all(listed(after[source]) == listed(before[source]) for source in after)
    assert (news_folder / victim.source).is_file()  # the file is left alone
    screenshot(page, "corpus-deleted")


def test_reingest_reads_the_article_again_from_its_file(
    page: Page, news_ui: tuple[Assistant, str], news_folder: Path
) -> None:
    assistant, url = news_ui
    target = expected(assistant, sort="title", descending=False)[0]
    path = news_folder / target.source
    open_corpus(page, url)
    status = page.locator("#corpus-status")
    row = row_of(page, target.source)
    # Unchanged on disk: nothing to do.
    page.locator("#corpus-sort input").click()
    page.get_by_role("option", name="Title A–Z").click()
    row.get_by_role("button", name=f"Re-ingest {target.title}").click()
    expect(status).to_contain_text(f"{target.source} is unchanged since it was indexed")
    # Edited on disk: read again, under its new title, and nothing else changes.
    others = {i.source: listed(i) for i in assistant.documents() if i.source != target.source}
    text = path.read_text(encoding="utf-8")
    edited = re.sub(
        r'^title: ".*"$', 'title: "Aardvarks re-read from disk"', text, count=1, flags=re.M
    )
    assert edited != text
    path.write_text(edited + "\nA paragraph added later about aardvarks.\n", encoding="utf-8")
    row.get_by_role("button", name=f"Re-ingest {target.title}").click()
    expect(status).to_contain_text(f"Read {target.source} again from {path}")
    expect(row.locator("td.title")).to_have_text("Aardvarks re-read from disk")
    now = {i.source: i for i in assistant.documents()}
    assert now[target.source].title == "Aardvarks re-read from disk"
    assert {s: listed(i) for s, i in now.items() if s != target.source} == others
    screenshot(page, "corpus-reingested")


def test_reingest_says_why_when_there_is_no_file(
    page: Page, news_ui: tuple[Assistant, str], news_folder: Path
) -> None:
    assistant, url = news_ui
    open_corpus(page, url)
    status = page.locator("#corpus-status")
    page.locator("#corpus-search").get_by_role("textbox").fill(HARBOUR_NAME)
    upload = row_of(page, HARBOUR_NAME)
    expect(upload.locator("td.file")).to_contain_text("uploaded")
    upload.get_by_role("button", name="Re-ingest").click()
    expect(status).to_contain_text("uploaded in the browser, so there is no file")
    # A file gone from disk: the stored article is kept.
    gone = next(
        i
        for i in expected(assistant, sort="title", descending=True)
        if i.source not in {*DAM, *BAGHDAD, COPY}
    )
    (news_folder / gone.source).unlink()
    page.locator("#corpus-search").get_by_role("textbox").fill(gone.source)
    row_of(page, gone.source).get_by_role("button", name="Re-ingest").click()
    expect(status).to_contain_text("which no longer exists; the stored article is kept")
    assert any(info.source == gone.source for info in assistant.documents())


def test_a_phone_sees_cards_without_sideways_scrolling(
    browser: Browser, news_ui: tuple[Assistant, str]
) -> None:
    _, url = news_ui
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        open_corpus(page, url)
        overflow = "() => document.documentElement.scrollWidth - window.innerWidth"
        assert page.evaluate(overflow) <= 0
        screenshot(page, "corpus-phone")
        assert_no_serious_axe_violation(page)
        # The controls are on the page and reachable: search, sort, an article's buttons, pages.
        for control in ("#corpus-search", "#corpus-sort", "#upload-button", "#corpus-next"):
            box = page.locator(control).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, control
        first = page.locator(ROWS).first
        delete = first.get_by_role("button", name=re.compile("^Delete"))
        box = delete.bounding_box()
        assert box and box["x"] + box["width"] <= 390 and box["height"] >= 40
        page.locator("#corpus-search").get_by_role("textbox").fill("trump")
        expect(page.locator("#corpus-documents .corpus-summary")).to_contain_text("match")
        first.scroll_into_view_if_needed()
        screenshot(page, "corpus-phone-search")
        page.locator("#corpus-search").get_by_role("textbox").fill("")
        expect(page.locator("#corpus-documents .corpus-summary")).not_to_contain_text("match")
        page.locator("#corpus-next").scroll_into_view_if_needed()
        page.locator("#corpus-next").tap()
        expect(page.locator(POSITION)).to_contain_text("Articles 51–100 of")
        assert page.evaluate(overflow) <= 0
    finally:
        context.close()
