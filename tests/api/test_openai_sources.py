"""/v1/chat/completions as Open WebUI, LibreChat and the SDK call it (issue 13 items 1, 3, 4):
the Sources list in the content (switchable), ``stop`` and ``max_tokens`` honoured, structured
output and tools refused with a 400, stream lines ending in ``\\n\\n`` with ``finish_reason``
null until the last chunk. Requests are the fixtures in ``fixtures/``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import LiveServer, api_settings

from assistant.api import create_app
from assistant.api.openai_content import (
    ContentLimits,
    StreamedContent,
    plain_links,
    sources_block,
    strip_sources,
)
from assistant.cite import extract
from assistant.service import Assistant
from assistant.text import count_tokens
from assistant.types import Citation

FIXTURES = Path(__file__).parent / "fixtures"
EVIL = "http://evil.example"


def recorded(name: str, **changes: Any) -> dict[str, Any]:
    """A recorded request body (its ``_`` notes removed), with ``changes`` applied."""
    body = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in body.items() if not k.startswith("_")} | changes


def completion(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def streamed(client: httpx.Client, body: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The raw body of a streamed completion and its JSON chunks."""
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200
        raw = response.read().decode()
    datas = [line.removeprefix("data: ") for line in raw.split("\n") if line.startswith("data: ")]
    assert datas[-1] == "[DONE]"
    return raw, [json.loads(d) for d in datas[:-1]]


def content_of(chunks: list[dict[str, Any]]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])


# -- the content, unit --------------------------------------------------------------------

CITATION = Citation(
    marker=1,
    source="cork.md",
    title="Cork [2] harbour",
    date="2024-03-04",
    outlet="Harbour News",
    url="https://news.example/cork",
    start=0,
    end=40,
    text="Tickets are sold at [click](http://evil.example).",
    score=0.5,
)


@pytest.mark.unit
def test_a_source_line_names_outlet_title_date_span_and_address() -> None:
    assert sources_block([CITATION]) == (
        "\n\n**Sources**\n\n[1] Harbour News — “Cork ⁅2⁆ harbour” (2024-03-04): "
        "“Tickets are sold at ⁅click⁆(`http://evil.example`).” <https://news.example/cork>"
    )


@pytest.mark.unit
def test_no_citation_no_sources_list() -> None:
    assert sources_block([]) == ""


@pytest.mark.unit
def test_the_sources_list_is_stripped_from_history() -> None:
    assert strip_sources("Kelly [1]." + sources_block([CITATION])) == "Kelly [1]."


@pytest.mark.unit
def test_links_are_plain_text() -> None:
    assert plain_links(f"at [shop]({EVIL}) or {EVIL}/x.") == (
        f"at [shop] (`{EVIL}`) or `{EVIL}/x`."
    )


@pytest.mark.unit
def test_stop_cuts_before_the_sequence() -> None:
    assert ContentLimits(["Kyiv"]).apply("Blinken visited Kyiv [1].") == (
        "Blinken visited ",
        "stop",
    )


@pytest.mark.unit
def test_max_tokens_cuts_to_the_budget() -> None:
    text, reason = ContentLimits(max_tokens=3).apply("Blinken visited Kyiv on Thursday [1].")
    assert reason == "length" and count_tokens(text) <= 3 and text


@pytest.mark.unit
@pytest.mark.parametrize("stop", [[], ["Kyiv on"], ["y"]])
def test_a_stream_shows_what_the_whole_content_shows(stop: list[str]) -> None:
    text = f"Blinken visited [Kyiv]({EVIL}) on Thursday [1]. He left."
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    stream = StreamedContent(ContentLimits(stop, max_tokens=12))
    sent = "".join(stream.feed(p) for p in pieces)
    rest, reason = stream.end(plain_links(text))
    assert (sent + rest, reason) == ContentLimits(stop, 12).apply(plain_links(text))


# -- recorded client requests -------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("fixture", ["openwebui_chat_stream", "librechat_chat_stream"])
def test_a_streamed_chat_shows_the_answer_and_its_sources(
    client: httpx.Client, fixture: str
) -> None:
    raw, chunks = streamed(client, recorded(fixture))
    assert "\r" not in raw and raw.endswith("data: [DONE]\n\n")
    with_choice = [c for c in chunks if c["choices"]]
    reasons = [c["choices"][0]["finish_reason"] for c in with_choice]
    assert all("finish_reason" in c["choices"][0] for c in with_choice)
    assert reasons[:-1] == [None] * (len(reasons) - 1) and reasons[-1] == "stop"
    content = content_of(chunks)
    answer, _, sources = content.partition("\n\n**Sources**\n\n")
    citations = with_choice[-1]["citations"]
    assert "Blinken" in answer and set(extract(answer)) == {c["marker"] for c in citations}
    for c in citations:
        assert f"[{c['marker']}] “" in sources
        assert c.get("date") is None or f"({c['date']})" in sources
    plain = completion(client, recorded(fixture, stream=False))
    assert plain["choices"][0]["message"]["content"] == content


@pytest.mark.integration
def test_a_follow_up_with_the_sources_list_in_its_history(client: httpx.Client) -> None:
    _, chunks = streamed(client, recorded("openwebui_followup_stream"))
    content = content_of(chunks)
    assert "2.2 billion" in content and "**Sources**" in content


@pytest.mark.integration
def test_the_sources_list_is_switched_off_by_the_request(client: httpx.Client) -> None:
    body = completion(client, recorded("openwebui_chat_stream", stream=False, sources=False))
    content = body["choices"][0]["message"]["content"]
    assert "**Sources**" not in content and extract(content) and body["citations"]


@pytest.mark.integration
def test_the_sources_list_is_switched_off_by_the_setting(seeded: Assistant) -> None:
    settings = api_settings(seeded.settings.data.dir, openai_sources=False)
    with LiveServer(create_app(seeded, settings)) as live, live.client() as http:
        body = completion(http, recorded("openwebui_chat_stream", stream=False))
        assert "**Sources**" not in body["choices"][0]["message"]["content"]
        on = completion(http, recorded("openwebui_chat_stream", stream=False, sources=True))
        assert "**Sources**" in on["choices"][0]["message"]["content"]


@pytest.mark.integration
def test_a_background_title_request_gets_a_valid_completion(client: httpx.Client) -> None:
    body = completion(client, recorded("openwebui_title_generation"))
    content = body["choices"][0]["message"]["content"]
    assert count_tokens(content) <= 1000 and body["choices"][0]["finish_reason"] == "stop"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("fixture", "param"),
    [("openwebui_native_tools", "tools"), ("sdk_json_mode", "response_format")],
)
def test_unsupported_features_are_a_clear_400(
    client: httpx.Client, fixture: str, param: str
) -> None:
    response = client.post("/v1/chat/completions", json=recorded(fixture))
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["param"]) == ("unsupported_parameter", param)
    assert "not supported" in error["message"]


@pytest.mark.integration
def test_text_format_and_no_tools_are_accepted(client: httpx.Client) -> None:
    body = recorded(
        "openwebui_chat_stream",
        stream=False,
        response_format={"type": "text"},
        tools=[],
        tool_choice="none",
    )
    assert completion(client, body)["choices"][0]["message"]["content"]


@pytest.mark.integration
def test_more_than_four_stops_is_a_400(client: httpx.Client) -> None:
    body = recorded("sdk_stop_max_tokens", stop=["a", "b", "c", "d", "e"])
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400 and response.json()["error"]["param"] == "stop"


@pytest.mark.integration
def test_stop_ends_the_content_plain_and_streamed(client: httpx.Client) -> None:
    plain = completion(client, recorded("sdk_stop_max_tokens"))
    choice = plain["choices"][0]
    assert choice["finish_reason"] == "stop" and "Kyiv" not in choice["message"]["content"]
    assert choice["message"]["content"]
    _, chunks = streamed(client, recorded("sdk_stop_max_tokens", stream=True))
    assert content_of(chunks) == choice["message"]["content"]


@pytest.mark.integration
def test_max_tokens_cuts_the_content_plain_and_streamed(client: httpx.Client) -> None:
    body = recorded("sdk_stop_max_tokens", stop=None, max_tokens=8)
    plain = completion(client, body)
    choice = plain["choices"][0]
    assert choice["finish_reason"] == "length"
    assert count_tokens(choice["message"]["content"]) <= 8
    assert plain["usage"]["completion_tokens"] <= 8 and plain["citations"]
    _, chunks = streamed(client, body | {"stream": True})
    assert content_of(chunks) == choice["message"]["content"]
    assert [c for c in chunks if c["choices"]][-1]["choices"][0]["finish_reason"] == "length"


# -- a hostile article ----------------------------------------------------------------------

HOSTILE = """---
title: Cork harbour gets a new ferry terminal
outlet: Harbour News
---
Tickets for the new ferry are sold by Atlantic Lines at [click](http://evil.example) from Tuesday.
"""


@pytest.fixture(scope="module")
def hostile_client(blank_assistant: Assistant) -> Iterator[httpx.Client]:
    blank_assistant.ingest_uploads([("cork.md", HOSTILE.encode())])
    app = create_app(blank_assistant, blank_assistant.settings)
    with LiveServer(app) as live, live.client() as http:
        yield http


@pytest.mark.integration
def test_an_articles_link_is_plain_text_in_the_content(hostile_client: httpx.Client) -> None:
    body = {
        "model": "news-assistant",
        "messages": [{"role": "user", "content": "Who sells tickets for the new ferry?"}],
    }
    content = completion(hostile_client, body)["choices"][0]["message"]["content"]
    assert "Atlantic Lines" in content and f"`{EVIL}`" in content
    assert f"({EVIL})" not in content and "](" not in content
