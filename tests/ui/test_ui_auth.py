"""Issue 10, item 8: with an API token the mounted UI demands it on every path (gradio's API
routes included), and a tab's answer backend is its own, never another user's."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from llm.fake_openai import FakeOpenAI
from ui_support import HARBOUR, HARBOUR_NAME, HARBOUR_QUESTION, KHARKIV_QUESTION, ask, open_ui

from assistant.cli.serve import build_app
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.ui.handlers import ChatHandlers, SettingsHandlers
from assistant.ui.state import ChatState

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))
from api_support import LiveServer  # noqa: E402  # the API tests' live server

pytestmark = pytest.mark.integration

TOKEN = "ui-token-93ad"
# What a browser, a script or a page elsewhere would reach for first.
GRADIO_ROUTES = [
    ("GET", "/ui/config"),
    ("GET", "/ui/gradio_api/info"),
    ("POST", "/ui/gradio_api/upload"),
    ("POST", "/ui/gradio_api/queue/join"),
    ("GET", "/ui/gradio_api/queue/data?session_hash=x"),
    ("POST", "/ui/gradio_api/cancel"),
    ("POST", "/ui/gradio_api/reset"),
    ("GET", "/ui/gradio_api/heartbeat/x"),
    ("GET", "/ui/gradio_api/file=/etc/hostname"),
]


@pytest.fixture(scope="module")
def guarded_ui(seeded: Assistant) -> Iterator[LiveServer]:
    settings = load_settings(data={"dir": seeded.settings.data.dir}, api={"token": TOKEN})
    with LiveServer(build_app(seeded, settings, ui=True)) as live:
        yield live


def test_without_the_token_nothing_of_the_ui_is_reachable(guarded_ui: LiveServer) -> None:
    with guarded_ui.client() as http:
        page = http.get("/ui/", headers={"Accept": "text/html"}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/ui/login"
        for method, path in GRADIO_ROUTES:
            response = http.request(method, path, json={} if method == "POST" else None)
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "login_required"
        wrong = http.post("/ui/login", data={"password": "guess"}, follow_redirects=False)
        assert wrong.status_code == 401 and "ui-token" not in wrong.text


def test_the_login_form_takes_the_token_and_opens_the_ui(guarded_ui: LiveServer) -> None:
    with guarded_ui.client() as http:
        form = http.get("/ui/login")
        assert form.status_code == 200 and 'type="password"' in form.text
        login = http.post("/ui/login", data={"password": TOKEN}, follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"] == "/ui/"
        assert TOKEN not in login.headers["set-cookie"]  # the cookie proves it, not holds it
        assert http.get("/ui/config").status_code == 200
        upload = http.post("/ui/gradio_api/upload", files={"files": ("a.txt", b"x")})
        assert upload.status_code == 200


def test_scripts_may_send_the_bearer_token(guarded_ui: LiveServer) -> None:
    with guarded_ui.client(headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        assert http.get("/ui/config").status_code == 200
        assert http.get("/api/v1/documents").status_code == 200


def test_a_login_from_another_site_is_refused(guarded_ui: LiveServer) -> None:
    with guarded_ui.client() as http:
        forged = http.post(
            "/ui/login", data={"password": TOKEN}, headers={"Origin": "http://evil.example"}
        )
        assert forged.status_code == 403 and "set-cookie" not in forged.headers


def test_a_tab_choosing_a_backend_changes_no_one_else(
    make_assistant: Callable[..., Assistant],
) -> None:
    with FakeOpenAI() as fake:
        assistant = make_assistant(llm={"base_url": fake.base_url, "model": "fake-model"})
        assistant.ingest_uploads([(HARBOUR_NAME, HARBOUR)])
        chat, prefs = ChatHandlers(assistant), SettingsHandlers(assistant)
        mine, status = prefs.set_backend("openai")
        assert mine == "openai" and "fake-model" in status
        assert assistant.settings.answer.backend == "extractive"  # the service is unchanged
        fake.reply("The restoration cost 3.4 million euros. [1]")

        def ask(backend: str | None) -> str:
            _, _, state = chat.add_question(HARBOUR_QUESTION, ChatState())
            answer = list(chat.stream_answer(state, None, backend))[-1][2].turns[0].answer  # type: ignore[arg-type]
            assert answer is not None
            return answer.backend

        assert ask(mine) == "openai"
        assert ask(None) == "extractive"  # another tab, which chose nothing
        assert "offline extractive" in prefs.status()


@pytest.mark.browser
def test_a_browser_logs_in_with_the_token_and_asks(page: Any, guarded_ui: LiveServer) -> None:
    from playwright.sync_api import expect

    page.goto(f"{guarded_ui.url}/ui/")
    expect(page).to_have_url(f"{guarded_ui.url}/ui/login")
    page.get_by_label("API token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    open_ui(page, f"{guarded_ui.url}/ui/")
    ask(page, KHARKIV_QUESTION)
    expect(page.locator("#chat button.cite-chip").first).to_be_visible()
