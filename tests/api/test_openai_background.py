"""Open WebUI's background requests (issue 13 item 2): chat titles, tags, follow-up
suggestions and search queries arrive at /v1/chat/completions as ordinary chat requests whose
last message wraps the conversation in an instruction. They are answered in the JSON the
instruction asks for, without the reader. Requests are the recorded ``fixtures/openwebui_*``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import LiveServer

from assistant.api import create_app
from assistant.api.background import TITLE_WORDS, background_task
from assistant.language import Annotator
from assistant.service import Assistant

FIXTURES = Path(__file__).parent / "fixtures"
TASKS = ["openwebui_task_title", "openwebui_task_tags", "openwebui_task_follow_ups"]


def recorded(name: str, **changes: Any) -> dict[str, Any]:
    body = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in body.items() if not k.startswith("_")} | changes


def prompt_of(name: str) -> str:
    return str(recorded(name)["messages"][-1]["content"])


def as_open_webui_reads_it(content: str) -> dict[str, Any]:
    """Open WebUI's own reading of a task reply: the text from the first '{' to the last '}'."""
    return dict(json.loads(content[content.find("{") : content.rfind("}") + 1]))


TITLE_TASK = (
    '### Task:\nGenerate a concise title.\n### Output:\nJSON format: { "title": "a title" }'
)


def wrapped(history: str, instruction: str = TITLE_TASK) -> str:
    return f"{instruction}\n### Chat History:\n<chat_history>\n{history}\n</chat_history>"


# -- recognising them, unit ----------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("fixture", "kind", "shape"),
    [
        ("openwebui_task_title", "title", "text"),
        ("openwebui_title_generation", "title", "text"),
        ("openwebui_task_tags", "tags", "list"),
        ("openwebui_task_follow_ups", "follow_ups", "list"),
        ("openwebui_task_queries", "queries", "list"),
    ],
)
def test_the_recorded_requests_are_recognised(fixture: str, kind: str, shape: str) -> None:
    task = background_task(prompt_of(fixture))
    assert task is not None and (task.kind, task.shape) == (kind, shape)
    assert task.questions()[0] == "Who visited Kyiv on Thursday?"


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Who visited Kyiv on Thursday?",
        "What was the title of the report on the Sumy strike?",
        'Which outlet wrote { "title": "Kyiv" } in its JSON feed?',
        "Summarise <chat_history>USER: hi</chat_history>",  # no instruction around it
    ],
)
def test_ordinary_questions_are_not_background_tasks(question: str) -> None:
    assert background_task(question) is None


@pytest.mark.unit
def test_the_history_is_read_message_by_message_without_sources() -> None:
    [title] = TASKS[:1]
    task = background_task(prompt_of(title))
    assert task is not None
    assert [m.role for m in task.history] == ["user", "assistant"]
    answer = task.history[1].text
    assert answer.startswith("Antony Blinken [1].") and "**Sources**" not in answer


@pytest.mark.unit
def test_a_title_is_the_first_question_in_a_few_words() -> None:
    long = "Why did the city council of Port Elwin vote to close the old harbour lighthouse?"
    task = background_task(wrapped(f"USER: “{long}”\nASSISTANT: Costs [1]."))
    assert task is not None
    title = json.loads(task.reply())["title"]
    assert title == " ".join(long.split()[:TITLE_WORDS]) + "…"
    empty = background_task(wrapped("ASSISTANT: Hello."))
    assert empty is not None and json.loads(empty.reply())["title"]


@pytest.mark.unit
def test_without_a_json_example_a_title_is_plain_text_and_other_asks_are_declined() -> None:
    older = "Create a concise, 3-5 word title for the chat history. RESPOND ONLY WITH THE TITLE."
    task = background_task(wrapped("USER: who won the Sumy by-election?", older))
    assert task is not None and task.reply() == "Who won the Sumy by-election"
    other = background_task(wrapped("USER: who won?", "Reply with an emoji for this chat."))
    assert other is not None and other.reply() == ""


@pytest.mark.unit
def test_tags_are_news_and_the_named_entities(annotator: Annotator) -> None:
    task = background_task(prompt_of("openwebui_task_tags"))
    assert task is not None
    tags = json.loads(task.reply(annotator.parse))["tags"]
    assert tags[0] == "News" and 2 <= len(tags) <= 4
    assert "Kyiv" in tags and "Antony Blinken" in tags
    assert all(t and not t.startswith("[") for t in tags)
    assert len({t.casefold() for t in tags}) == len(tags)


# -- over HTTP, as Open WebUI sends them -----------------------------------------------------


@pytest.fixture(scope="module")
def http(blank_assistant: Assistant) -> Iterator[httpx.Client]:
    """No article is needed: background tasks never reach the reader (which, over an empty
    store, would answer "The articles do not say.")."""
    app = create_app(blank_assistant, blank_assistant.settings)
    with LiveServer(app) as live, live.client() as client:
        yield client


def completion(http: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.integration
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("openwebui_task_title", {"title": "Who visited Kyiv on Thursday"}),
        ("openwebui_title_generation", {"title": "Who visited Kyiv on Thursday"}),
        ("openwebui_task_follow_ups", {"follow_ups": []}),
        ("openwebui_task_queries", {"queries": []}),
    ],
)
def test_a_background_request_gets_the_json_it_asks_for(
    http: httpx.Client, fixture: str, expected: dict[str, Any]
) -> None:
    body = completion(http, recorded(fixture))
    content = body["choices"][0]["message"]["content"]
    assert json.loads(content) == expected == as_open_webui_reads_it(content)
    assert body["choices"][0]["finish_reason"] == "stop"
    assert body["citations"] == [] and body["abstained"] is False
    assert body["usage"]["completion_tokens"] > 0


@pytest.mark.integration
def test_tags_over_http_name_the_entities(http: httpx.Client) -> None:
    content = completion(http, recorded("openwebui_task_tags"))["choices"][0]["message"]["content"]
    tags = as_open_webui_reads_it(content)["tags"]
    assert tags[0] == "News" and "Kyiv" in tags


@pytest.mark.integration
@pytest.mark.parametrize("fixture", TASKS)
def test_a_streamed_background_request_sends_the_same_json(
    http: httpx.Client, fixture: str
) -> None:
    plain = completion(http, recorded(fixture))["choices"][0]["message"]["content"]
    body = recorded(fixture, stream=True, stream_options={"include_usage": True})
    with http.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200
        raw = response.read().decode()
    assert "\r\n" not in raw
    datas = [line.removeprefix("data: ") for line in raw.split("\n") if line.startswith("data: ")]
    assert datas[-1] == "[DONE]"
    chunks = [json.loads(d) for d in datas[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == plain
    finishes = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]]
    assert finishes[-1] == "stop" and set(finishes[:-1]) == {None}
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] > 0


@pytest.mark.integration
def test_json_mode_is_accepted_for_a_task_that_asks_for_json(http: httpx.Client) -> None:
    body = recorded("openwebui_task_title", response_format={"type": "json_object"})
    content = completion(http, body)["choices"][0]["message"]["content"]
    assert "title" in json.loads(content)
    ordinary = http.post(
        "/v1/chat/completions",
        json={
            "model": "news-assistant",
            "messages": [{"role": "user", "content": "Who visited Kyiv?"}],
            "response_format": {"type": "json_object"},
        },
    )
    assert ordinary.status_code == 400


@pytest.mark.integration
def test_a_long_background_request_is_not_refused_as_a_long_question(
    http: httpx.Client, blank_assistant: Assistant
) -> None:
    """Six messages with their Sources lists easily pass the question limit."""
    body = recorded("openwebui_task_follow_ups")
    prompt = body["messages"][-1]["content"]
    history = prompt[prompt.index("<chat_history>") + 15 : prompt.index("</chat_history>")]
    body["messages"][-1]["content"] = wrapped(history * 3, prompt.split("### Chat History")[0])
    limit = blank_assistant.settings.api.max_question_chars
    assert len(body["messages"][-1]["content"]) > limit
    content = completion(http, body)["choices"][0]["message"]["content"]
    assert as_open_webui_reads_it(content) == {"follow_ups": []}
