"""Issue 13 item 8: accessibility of every view, checked by axe-core in a real browser, and the
accessible names a screen reader announces.

axe-core comes from the pinned ``axe-playwright-python`` package (its ``axe.min.js``), never
from the network. Each view's violations (all impacts) are written to
``test-artifacts/ui/axe-<view>.json``; the tests fail on any critical or serious one.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from ui_support import ARTIFACTS, KHARKIV_QUESTION, UNANSWERABLE_QUESTION, ask, open_ui, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = {"critical", "serious"}
FINAL = "#chat .qa-answer--final"
CHIPS = "#chat button.cite-chip"


def axe_violations(page: Page, view: str) -> list[dict[str, Any]]:
    """Run axe-core over the page as it is; save every violation, return the blocking ones."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "html": n["html"][:300]} for n in v["nodes"]],
        }
        for v in results["violations"]
    ]
    (ARTIFACTS / f"axe-{view}.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    return [v for v in found if v["impact"] in BLOCKING]


def assert_accessible(page: Page, view: str) -> None:
    blocking = axe_violations(page, view)
    report = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in blocking
    )
    assert not blocking, f"axe-core on the {view} view:\n{report}"


def settle(page: Page) -> None:
    """Let the page finish rendering (and its accessibility fix-ups run) before axe looks."""
    page.wait_for_timeout(600)


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
    settle(page)


def tab_names(page: Page) -> list[str]:
    return [name.strip() for name in page.get_by_role("tab").all_inner_texts() if name.strip()]


@pytest.mark.parametrize("theme", ["light", "dark", "phone"])
def test_axe_finds_no_serious_violation_in_any_view(page: Page, ui_url: str, theme: str) -> None:
    if theme == "phone":  # the light theme on a phone's screen
        page.set_viewport_size({"width": 390, "height": 844})
    open_ui(page, f"{ui_url}?__theme=dark" if theme == "dark" else ui_url)
    settle(page)
    assert_accessible(page, f"{theme}-chat-empty")

    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("Vitaly Ganchev")
    page.locator(CHIPS).first.click()
    settle(page)
    assert_accessible(page, f"{theme}-chat-answer-and-evidence")

    page.locator("#evidence-panel .ev-turn.is-active details.ev-article summary").first.click()
    settle(page)
    assert_accessible(page, f"{theme}-whole-article")

    ask(page, UNANSWERABLE_QUESTION)
    expect(page.locator("#chat .qa-answer--declined")).to_have_count(1)
    settle(page)
    assert_accessible(page, f"{theme}-declined")

    names = tab_names(page)
    assert {"Chat", "Corpus", "Settings"} <= set(names)
    for name in names:
        if name == "Chat":
            continue
        open_tab(page, name)
        assert_accessible(page, f"{theme}-{name.lower()}")
        if theme == "light":
            screenshot(page, f"a11y-{name.lower()}")
        if name == "Timeline":  # with a timeline shown
            page.locator("#timeline-topic input, #timeline-topic textarea").first.fill("Kharkiv")
            page.locator("#timeline-button").click()
            expect(page.locator("#timeline-view")).to_contain_text("Kharkiv")
            settle(page)
            assert_accessible(page, f"{theme}-timeline-shown")
        if name == "Corpus":  # with the message of a folder refused
            page.locator("#ingest-folder input, #ingest-folder textarea").first.fill("/etc")
            page.locator("#ingest-button").click()
            expect(page.locator("#ingest-status [role=alert]")).to_be_visible()
            page.wait_for_timeout(2500)  # past the next poll: the refusal stays on the page
            expect(page.locator("#ingest-status [role=alert]")).to_be_visible()
            settle(page)
            assert_accessible(page, f"{theme}-corpus-ingest-refused")


def test_chat_messages_chips_and_the_send_button_have_readable_names(
    page: Page, ui_url: str
) -> None:
    open_ui(page, ui_url)
    expect(page.get_by_role("button", name="Send question")).to_be_visible()
    expect(page.get_by_role("group", name="Example questions")).to_be_visible()
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("Vitaly Ganchev")
    settle(page)

    # Messages are named by their text, not by the HTML they are made of.
    question = page.locator('#chat [data-testid="user"]').first
    answer = page.locator('#chat [data-testid="bot"]').first
    expect(question).to_have_attribute("aria-label", f"Question: {KHARKIV_QUESTION}")
    expect(answer).to_have_attribute("aria-label", re.compile(r"^Answer: Vitaly Ganchev\. "))
    for label in (question.get_attribute("aria-label"), answer.get_attribute("aria-label")):
        assert label and "<" not in label and "&" not in label, label

    # A chip is announced as "Source 1: <title of its article>".
    title = page.locator("#evidence-panel .ev-turn.is-active .ev-card .ev-title").first
    title_text = (title.text_content() or "").strip()
    assert title_text
    chip = page.locator(CHIPS).first
    expect(chip).to_have_accessible_name(re.compile(rf"^Source 1: {re.escape(title_text)}"))
    expect(chip).to_have_text("1")  # what the eye sees: the number
    assert page.get_by_role("button", name=re.compile(r"^Source 1: ")).count() >= 1

    # The evidence panel's updates are announced in a polite live region.
    status = page.locator("#evidence-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    cards = page.locator("#evidence-panel .ev-turn.is-active .ev-card").count()
    sources = f"{cards} source{'' if cards == 1 else 's'}"
    expect(status).to_have_text(f"Evidence updated: {sources} for “{KHARKIV_QUESTION}”.")
    chip.click()
    expect(status).to_have_text(re.compile(rf"^Source 1: {re.escape(title_text)}"))

    # The whole article scrolls in its own box, which the keyboard can reach.
    page.locator("#evidence-panel .ev-turn.is-active details.ev-article summary").first.click()
    box = page.locator("#evidence-panel .ev-turn.is-active .ev-article-text").first
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_accessible_name("The whole article")
