"""The Timeline tab (issue 12 item 5): its handler over a real assistant, and the tab in a real
headless Chromium, served by ``launch`` over the timeline articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from timeline_articles import FIRST, TOPIC, timeline_assistant
from ui_support import free_port, screenshot

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.types import Article, Citation, Timeline, TimelineEntry
from assistant.ui.timeline_tab import EMPTY_VIEW_TEXT, TimelineHandlers, timeline_html

pytestmark = pytest.mark.integration

ENTRY = "#timeline-view li.tl-entry"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder) -> Assistant:
    root = tmp_path_factory.mktemp("ui-timeline")
    return timeline_assistant(root, embedder, ui={"port": free_port()})


@pytest.fixture(scope="module")
def url(assistant: Assistant) -> Iterator[str]:
    from assistant.ui import launch

    demo = launch(assistant, block=False)
    try:
        yield f"http://127.0.0.1:{assistant.settings.ui.port}/"
    finally:
        demo.close()


def test_the_handler_renders_the_entries_oldest_first(assistant: Assistant) -> None:
    html = TimelineHandlers(assistant).show(f"  {TOPIC} ")
    dates = re.findall(r'<div class="tl-date[^"]*">([^<]+)</div>', html)
    assert dates == ["2017-03-09", "2017-03-11", "2017-03-20", "date unknown"]
    assert html.count('<li class="tl-entry"') == 4
    assert "Also reported by" in html and '<span class="tl-marker">[1]</span>' in html
    assert "<mark>A dam on the Verrin river burst on Thursday" in html  # the span in context


def test_the_handler_says_why_there_is_nothing_to_show(assistant: Assistant) -> None:
    handlers = TimelineHandlers(assistant)
    assert EMPTY_VIEW_TEXT in handlers.show("   ")
    assert "No article covers “the Atlantis earthquake”" in handlers.show("the Atlantis earthquake")
    outside = handlers.show(TOPIC, ["RTÉ"], "", "")
    assert "No article from RTÉ covers" in outside and "Searched only articles from RTÉ" in outside
    assert "since: &#x27;someday&#x27; is not a date" in handlers.show(TOPIC, [], "someday", None)
    assert "Known outlets: BBC" in handlers.show(TOPIC, ["Pravda"])
    too_long = handlers.show("dam " * 1000)
    assert 'role="alert"' in too_long and "characters long" in too_long


def test_article_text_is_escaped() -> None:
    text = "<script>alert(1)</script> burst."
    article = Article(source="x.md", title="<b>x</b>", text=text, sha256="")
    citation = Citation(
        marker=1, source="x.md", title="<b>x</b>", start=0, end=len(text), text=text, score=1
    )
    entry = TimelineEntry(date=None, text=f"{text} [1]", citation=citation, also=["<i>DW</i>"])
    html = timeline_html(Timeline(topic="<x>", entries=[entry]), {"x.md": article})
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.browser
@pytest.mark.slow
def test_the_timeline_tab_shows_the_entries_with_their_citations(
    page: Page, url: str, chromium_path: Path
) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Timeline").click()
    topic = page.locator("#timeline-topic").locator("input, textarea").first
    expect(page.locator("#timeline-view")).to_contain_text(EMPTY_VIEW_TEXT)
    topic.fill(TOPIC)
    page.locator("#timeline-button").click()
    entries = page.locator(ENTRY)
    expect(entries).to_have_count(4)
    expect(entries.locator(".tl-date")).to_have_text(
        ["2017-03-09", "2017-03-11", "2017-03-20", "date unknown"]
    )
    first = entries.first
    expect(first.locator(".tl-text")).to_contain_text(FIRST)
    expect(first.locator(".tl-marker")).to_have_text("[1]")
    expect(first.locator(".tl-also")).to_have_text(re.compile(r"Also reported by (TASS|Reuters)"))
    expect(first.locator(".tl-cite")).to_contain_text(re.compile(r"_dam\.md \(chars \d+–\d+\)"))
    first.locator("summary").click()
    expect(first.locator(".tl-context mark")).to_be_visible()
    expect(first.locator(".tl-context mark")).to_contain_text(FIRST)
    screenshot(page, "timeline")
    topic.fill("the Atlantis earthquake")
    topic.press("Enter")
    expect(page.locator("#timeline-view .tl-empty")).to_contain_text(
        "No article covers “the Atlantis earthquake”, so there is no timeline."
    )
    expect(page.locator(ENTRY)).to_have_count(0)


@pytest.mark.browser
@pytest.mark.slow
def test_the_timeline_tab_applies_its_filters(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Timeline").click()
    page.locator("#timeline-topic").locator("input, textarea").first.fill(TOPIC)
    page.locator("#timeline-since").locator("input, textarea").first.fill("2017-03-10")
    page.locator("#timeline-button").click()
    expect(page.locator(ENTRY)).to_have_count(2)
    expect(page.locator("#timeline-view .tl-scope")).to_contain_text(
        "Searched only articles published on or after 2017-03-10."
    )
