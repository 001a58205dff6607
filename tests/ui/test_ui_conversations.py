"""Issue 13 item 6 in a real Chromium: conversations survive a reload and a restart of the UI
process; switch, rename and delete them; regenerate the last answer; copy an answer with its
sources; thumbs down with a note lands in the feedback file, which loads as an eval dataset."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from ui_support import (
    HARBOUR,
    HARBOUR_NAME,
    HARBOUR_QUESTION,
    KHARKIV_QUESTION,
    as_from_a_terminal,
    ask,
    free_port,
    open_ui,
    screenshot,
)

from assistant.conversations import CONVERSATIONS_FILE, FEEDBACK_FILE
from assistant.evaluate.dataset import load_dataset
from assistant.service import Assistant

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FINAL = "#chat .qa-answer--final"
ANSWERS = "#chat .qa-answer"
LIST = "#conversation-list"
ZELENSKY_QUESTION = "What did Zelensky say about the liberated settlements?"
USER, PASSWORD = "ada", "lighthouse-keeper-7"


def listed(page: Page) -> Any:
    """The conversation list's input (a dropdown: its value is the chosen one's label)."""
    return page.locator(f"{LIST} input")


def label(title: str, count: str) -> re.Pattern[str]:
    """A conversation's label in the list: its name, its questions, when last used."""
    return re.compile(f"^{re.escape(title)} · {count} · ")


def choose(page: Page, text: str) -> None:
    """Pick the conversation whose label contains ``text`` from the list."""
    listed(page).click()
    page.get_by_role("option", name=text).first.click()


def test_a_conversation_survives_a_reload(page: Page, ui_url: str) -> None:
    open_ui(page, ui_url)
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("Ganchev")
    expect(listed(page)).to_have_value(label(KHARKIV_QUESTION, "1 question"), timeout=10_000)
    page.reload()
    page.locator("#question textarea").wait_for(state="visible")
    expect(page.locator(FINAL)).to_contain_text("Ganchev")
    expect(page.locator("#chat .qa-question")).to_have_text(KHARKIV_QUESTION)
    expect(listed(page)).to_have_value(label(KHARKIV_QUESTION, "1 question"))
    # Its evidence is back too, and a follow-up is asked in its context.
    expect(page.locator("#evidence-panel .ev-card")).not_to_have_count(0)
    ask(page, "Who appointed him?")
    expect(page.locator(ANSWERS)).to_have_count(2)
    expect(page.locator(ANSWERS).nth(1)).not_to_have_class("qa-answer qa-answer--thinking")
    expect(listed(page)).to_have_value(label(KHARKIV_QUESTION, "2 questions"))
    screenshot(page, "conversation-after-reload")


def test_switch_rename_and_delete(page: Page, ui_url: str) -> None:
    open_ui(page, ui_url)
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_have_count(1)
    page.locator("#new-chat").click()
    expect(page.locator(ANSWERS)).to_have_count(0)
    expect(listed(page)).to_have_value("")
    ask(page, ZELENSKY_QUESTION)
    expect(page.locator(FINAL)).to_have_count(1)
    expect(listed(page)).to_have_value(label(ZELENSKY_QUESTION, "1 question"), timeout=10_000)
    # Switch back to the first: its question and answer are shown again.
    choose(page, KHARKIV_QUESTION)
    expect(page.locator("#chat .qa-question")).to_have_text(KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("Ganchev")
    # Rename it.
    name = page.locator("#conversation-name textarea, #conversation-name input").first
    expect(name).to_have_value(KHARKIV_QUESTION)
    name.fill("Kharkiv administration")
    page.locator("#conversation-rename").click()
    expect(listed(page)).to_have_value(label("Kharkiv administration", "1 question"))
    screenshot(page, "conversation-list")
    # Delete it: asked first, and only it goes.
    page.locator("#conversation-delete").click()
    expect(page.locator("#delete-question")).to_contain_text("Kharkiv administration")
    screenshot(page, "conversation-delete")
    page.locator("#delete-yes").click()
    expect(page.locator(ANSWERS)).to_have_count(0)
    expect(page.locator("#conversation-status")).to_contain_text("Deleted")
    listed(page).click()
    expect(page.get_by_role("option", name="Kharkiv administration")).to_have_count(0)
    expect(page.get_by_role("option", name=ZELENSKY_QUESTION)).to_have_count(1)
    page.keyboard.press("Escape")


def test_regenerate_replaces_the_last_answer(
    page: Page, ui_url: str, ui_assistant: Assistant, fake_llm: Any
) -> None:
    fake_llm.reset()
    open_ui(page, ui_url)
    page.get_by_role("tab", name="Settings").click()  # this tab answers with the fake LLM
    page.locator("#backend").get_by_role("radio", name="openai").check()
    expect(page.locator("#settings-status")).to_contain_text("fake-model")
    page.get_by_role("tab", name="Chat").click()
    first = (
        "Vitaly Ganchev is the head of Russia’s administration in the occupied parts of "
        "Kharkiv. [1-6]"
    )
    fake_llm.reply(first)
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("Vitaly Ganchev is the head")
    fake_llm.reply("Vitaly Ganchev is the head of Russia’s administration in Kharkiv. [1-6]")
    page.locator("#chat").get_by_role("button", name="Retry").click()
    expect(page.locator(FINAL)).to_contain_text("administration in Kharkiv")
    expect(page.locator(ANSWERS)).to_have_count(1)
    screenshot(page, "conversation-regenerated")
    # Replaced in its conversation, not added to it.
    assert _turns_answered(ui_assistant.settings.data.dir, "administration in Kharkiv") == [1]


def test_thumbs_down_with_a_note_lands_in_the_eval_file(
    page: Page, ui_url: str, ui_assistant: Assistant
) -> None:
    feedback = ui_assistant.settings.data.dir / FEEDBACK_FILE
    before = len(feedback.read_text(encoding="utf-8").splitlines()) if feedback.exists() else 0
    open_ui(page, ui_url)
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_have_count(1)
    page.locator("#chat").get_by_role("button", name="Dislike").click()
    expect(page.locator("#feedback-prompt")).to_contain_text("👎 saved")
    page.locator("#feedback-note textarea").fill("Should also say who appointed him.")
    page.locator("#feedback-save").click()
    expect(page.locator("#feedback-status")).to_contain_text("Note saved")
    screenshot(page, "conversation-feedback")
    lines = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    mine = lines[before:]
    assert [line["vote"] for line in mine] == ["down", "down"]
    assert mine[-1]["note"] == "Should also say who appointed him."
    assert mine[-1]["question"] == KHARKIV_QUESTION and "Ganchev" in mine[-1]["answer"]
    items = load_dataset(feedback)  # `assistant eval --dataset <file>` reads it so
    assert KHARKIV_QUESTION in [item.question for item in items]
    # The thumb is shown again after a reload.
    page.reload()
    expect(page.locator(FINAL)).to_have_count(1)
    expect(page.locator("#chat").get_by_role("button", name="Disliked")).to_have_count(1)
    # A new conversation's answers carry no thumbs of the one before.
    page.locator("#new-chat").click()
    ask(page, KHARKIV_QUESTION)
    expect(page.locator(FINAL)).to_have_count(1)
    expect(page.locator("#chat").get_by_role("button", name="Dislike")).to_have_count(1)
    expect(page.locator("#chat").get_by_role("button", name="Disliked")).to_have_count(0)


def test_copy_puts_the_answer_with_its_sources_on_the_clipboard(
    browser: Browser, ui_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        open_ui(page, ui_url)
        ask(page, KHARKIV_QUESTION)
        final = page.locator(FINAL)
        expect(final).to_contain_text("Ganchev")
        copied = final.locator(".qa-copy-text")
        text = copied.text_content() or ""
        assert text.startswith("Vitaly Ganchev") or "Ganchev" in text.split("**Sources**")[0]
        assert "**Sources**\n\n[1] " in text
        final.get_by_role("button", name="Copy with sources").click()
        expect(final.locator(".qa-copy")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == text
        screenshot(page, "conversation-copy")
    finally:
        context.close()


def _turns_answered(data: Path, text: str) -> list[int]:
    """The number of turns of each saved conversation with an answer containing ``text``."""
    with sqlite3.connect(data / CONVERSATIONS_FILE) as db:
        rows = db.execute(
            "SELECT (SELECT COUNT(*) FROM turns u WHERE u.conversation = t.conversation) "
            "FROM turns t WHERE t.answer LIKE ?",
            (f"%{text}%",),
        ).fetchall()
    return [int(row[0]) for row in rows]


# -- a restart of the UI process ------------------------------------------------------------


class Served:
    """`assistant ui` as its own process, over a data folder kept across restarts."""

    def __init__(self, data: Path, corpus: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.data = data
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
            "ASSISTANT_CONFIG": "",
            "ASSISTANT_DATA_DIR": str(data),
            "ASSISTANT_CORPUS_DIR": str(corpus),
            "ASSISTANT_UI_PORT": str(self.port),
            "GRADIO_ANALYTICS_ENABLED": "False",
        }
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ui"],
            env=self.env,
            cwd=self.data.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=as_from_a_terminal,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"assistant ui exited: {self.process.communicate()[0]}")
            try:
                if httpx.get(self.url, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise AssertionError("assistant ui did not serve its page within 180 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        self.process = None


@pytest.fixture
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    """`assistant ui` over one article; parametrized with "login", a UI that asks for one,
    with "corrupt", a conversations file that is not a database."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / HARBOUR_NAME).write_bytes(HARBOUR)
    server = Served(tmp_path / "data", corpus)
    if getattr(request, "param", None) == "login":
        server.env.update(ASSISTANT_UI_USERNAME=USER, ASSISTANT_UI_PASSWORD=PASSWORD)
    if getattr(request, "param", None) == "corrupt":
        server.data.mkdir(parents=True)
        (server.data / CONVERSATIONS_FILE).write_bytes(b"not a database " * 500)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_conversation_survives_a_restart(page: Page, served: Served) -> None:
    open_ui(page, served.url)
    ask(page, HARBOUR_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("3.4 million euros")
    expect(listed(page)).to_have_value(label(HARBOUR_QUESTION, "1 question"), timeout=10_000)
    served.stop()
    served.start()  # the same data folder and address (the browser's storage is per address)
    open_ui(page, served.url)
    expect(page.locator("#chat .qa-question")).to_have_text(HARBOUR_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("3.4 million euros")
    expect(listed(page)).to_have_value(label(HARBOUR_QUESTION, "1 question"))
    screenshot(page, "conversation-after-restart")


@pytest.mark.parametrize("served", ["login"], indirect=True)
def test_with_a_login_conversations_follow_the_user_not_the_browser(
    browser: Browser, served: Served
) -> None:
    def logged_in() -> Any:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(served.url)
        page.get_by_label("username").fill(USER)
        page.get_by_label("password").fill(PASSWORD)
        page.get_by_role("button", name="Login").click()
        page.locator("#question textarea").wait_for(state="visible")
        return context, page

    first, page = logged_in()
    try:
        ask(page, HARBOUR_QUESTION)
        expect(page.locator(FINAL)).to_contain_text("3.4 million euros")
        expect(listed(page)).to_have_value(label(HARBOUR_QUESTION, "1 question"))
    finally:
        first.close()
    # Another browser (its own storage), the same login: the same conversations.
    second, page = logged_in()
    try:
        expect(page.locator("#chat .qa-question")).to_have_text(HARBOUR_QUESTION)
        expect(listed(page)).to_have_value(label(HARBOUR_QUESTION, "1 question"))
    finally:
        second.close()


@pytest.mark.parametrize("served", ["corrupt"], indirect=True)
def test_an_unreadable_conversations_file_is_named_and_the_chat_still_answers(
    page: Page, served: Served
) -> None:
    open_ui(page, served.url)
    problem = page.locator("#conversation-status .conversation-problem")
    expect(problem).to_contain_text("conversations.sqlite cannot be used")
    ask(page, HARBOUR_QUESTION)
    expect(page.locator(FINAL)).to_contain_text("3.4 million euros")
    expect(page.locator(FINAL).locator("button.cite-chip")).not_to_have_count(0)
    screenshot(page, "conversation-file-unreadable")
    page.get_by_role("tab", name="Settings").click()
    expect(page.locator("#settings-status")).to_contain_text("offline extractive answers")
