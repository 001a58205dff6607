"""The chat tab's filter controls (issue 12 item 4), through the handlers they call: outlets
from the catalog, since/until text, applied to the question asked and shown with the answer."""

from __future__ import annotations

from typing import Any

import pytest
from filter_articles import OUTLETS, QUESTION, SOURCE_OUTLET, news_assistant

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.ui.handlers import ChatHandlers
from assistant.ui.state import ChatState

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder) -> Assistant:
    return news_assistant(tmp_path_factory.mktemp("ui-filters"), embedder)


def ask(chat: ChatHandlers, state: ChatState, *controls: Any) -> tuple[Any, str, ChatState]:
    chat.add_question(QUESTION, state)
    return list(chat.stream_answer(state, None, None, *controls))[-1]


def test_the_outlet_control_offers_the_catalogs_outlets(news: Assistant) -> None:
    assert ChatHandlers(news).outlets() == OUTLETS


def test_the_filter_controls_apply_to_the_question(news: Assistant) -> None:
    chat = ChatHandlers(news)
    messages, evidence, state = ask(chat, ChatState(), ["dw"], "  ", "")
    answer = state.turns[-1].answer
    assert answer is not None and answer.filters is not None
    assert answer.filters.outlets == ["DW"] and "17" in answer.answer
    assert {SOURCE_OUTLET[c.source] for c in answer.citations} == {"DW"}
    assert "Searched only articles from DW." in messages[-1]["content"]
    assert "dw_fire.md" in evidence or "faulty wiring" in evidence
    # The next question of the same chat, with other controls.
    messages, _, state = ask(chat, state, [], "", "2017-03-09")
    later = state.turns[-1].answer
    assert later is not None and {c.date for c in later.citations} == {"2017-03-09"}
    assert "published on or before 2017-03-09" in messages[-1]["content"]


def test_nothing_within_the_filter_shows_the_decline(news: Assistant) -> None:
    messages, _, state = ask(ChatHandlers(news), ChatState(), ["BBC"], "April 2017", "")
    assert state.turns[-1].answer is not None and state.turns[-1].answer.abstained
    assert "No article from BBC published on or after 2017-04-01 matches" in messages[-1]["content"]


@pytest.mark.parametrize(
    ("controls", "words"),
    [
        ((["Pravda"], "", ""), "Known outlets: BBC, DW, Reuters, TASS"),
        (([], "someday", ""), "since: &#x27;someday&#x27; is not a date"),
        (([], "2017-04-01", "2017-03-01"), "is after until"),
    ],
)
def test_bad_controls_are_shown_as_the_error(
    news: Assistant, controls: tuple[Any, ...], words: str
) -> None:
    messages, _, state = ask(ChatHandlers(news), ChatState(), *controls)
    assert state.turns[-1].error is not None and state.turns[-1].answer is None
    assert "qa-answer--error" in messages[-1]["content"] and words in messages[-1]["content"]
    assert state.waiting is None  # the next question goes through


def test_the_page_has_the_filter_controls(news: Assistant) -> None:
    import gradio as gr

    from assistant.ui.app import build_ui

    demo = build_ui(news)
    by_id = {block.elem_id: block for block in demo.blocks.values() if block.elem_id}
    outlets = by_id["filter-outlets"]
    assert isinstance(outlets, gr.Dropdown) and outlets.multiselect
    assert [choice[0] for choice in outlets.choices] == OUTLETS
    assert isinstance(by_id["filter-since"], gr.Textbox)
    assert isinstance(by_id["filter-until"], gr.Textbox)
