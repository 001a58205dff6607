"""Chat HTML: a chip per marker; declined, weak-evidence, streaming and error states; escaping."""

from __future__ import annotations

import re

import pytest

from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.types import Answer, Citation
from assistant.ui.render import (
    DECLINED_TITLE,
    chat_messages,
    chip_class,
    escape_text,
    question_html,
    streaming_html,
    turn_html,
)
from assistant.ui.state import ChatState, ChatTurn

pytestmark = pytest.mark.unit


def citation(marker: int, text: str = "Kyiv said so.", title: str = "Kyiv report") -> Citation:
    return Citation(
        marker=marker,
        source=f"a{marker}.txt",
        title=title,
        date="2022-09-09",
        start=0,
        end=len(text),
        text=text,
        score=0.71,
    )


def answer(text: str, citations: list[Citation], **fields: object) -> Answer:
    values: dict[str, object] = {
        "question": "q",
        "standalone_question": "q",
        "answer": text,
        "abstained": False,
        "citations": citations,
        "backend": "extractive",
        "settings_hash": "h",
        "timings_ms": {"total": 1234.0},
    }
    values.update(fields)
    return Answer.model_validate(values)


def final(text: str, citations: list[Citation], turn: int = 0, **fields: object) -> str:
    return turn_html(ChatTurn("q", answer=answer(text, citations, **fields)), turn)


def chips(html: str) -> list[str]:
    return re.findall(r'<button type="button" class="cite-chip ([^"]+)"', html)


def test_each_marker_becomes_a_chip_naming_its_turn_and_marker() -> None:
    html = final("Kyiv said so. [1] Troops moved. [2]", [citation(1), citation(2)], turn=3)
    assert chips(html) == [chip_class(3, 1), chip_class(3, 2)]
    assert "[1]" not in html and "[2]" not in html


def test_adjacent_markers_become_adjacent_chips() -> None:
    assert len(chips(final("Both. [1][2]", [citation(1), citation(2)]))) == 2


def test_marker_without_citation_shows_no_chip() -> None:
    html = final("Kyiv said so. [1] Extra. [7]", [citation(1)])
    assert chips(html) == [chip_class(0, 1)]
    assert ">7<" not in html and "[7]" not in html


def test_chip_title_names_the_source_escaped() -> None:
    html = final("Said. [1]", [citation(1, title='<b>"Kyiv"</b>')])
    assert 'title="Source 1: &lt;b&gt;&quot;Kyiv&quot;&lt;/b&gt; (2022-09-09)"' in html


def test_answer_text_is_escaped() -> None:
    html = final("<script>alert(1)</script> ![x](http://e/x.png) [1]", [citation(1)])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "![x](http://e/x.png)" in html  # shown as typed; Markdown is never rendered


def test_question_is_escaped() -> None:
    assert question_html("<img src=x onerror=alert(1)>") == (
        '<div class="qa-question">&lt;img src=x onerror=alert(1)&gt;</div>'
    )


def test_declined_state_is_distinct_and_has_no_chip() -> None:
    html = final(CANNOT_ANSWER_PHRASE, [], abstained=True)
    assert "qa-answer--declined" in html and DECLINED_TITLE in html
    assert CANNOT_ANSWER_PHRASE in html and not chips(html)


def test_weak_evidence_shows_the_warning() -> None:
    html = final("Said. [1]", [citation(1)], warning="The evidence <is> weak.")
    assert 'class="qa-warning"' in html and "The evidence &lt;is&gt; weak." in html


def test_no_warning_when_evidence_is_strong() -> None:
    assert "qa-warning" not in final("Said. [1]", [citation(1)])


def test_meta_line_counts_sources_and_shows_backend_and_time() -> None:
    html = final("Said. [1]", [citation(1)])
    assert '<div class="qa-meta">1 source · extractive · 1.23 s</div>' in html


def test_fallback_reason_is_shown() -> None:
    html = final("Said. [1]", [citation(1)], fallback="llm failed: timeout")
    assert "Offline answer used: llm failed: timeout" in html


def test_paragraphs_and_line_breaks_survive() -> None:
    html = final("One. [1]\n\nTwo\nlines.", [citation(1)])
    assert html.count("<p>") == 2 and "Two<br>lines." in html


def test_streaming_hides_a_half_received_marker() -> None:
    html = streaming_html("Kyiv said so [1")
    assert "[1" not in html and "Kyiv said so" in html


def test_streaming_markers_are_pending_chips_not_buttons() -> None:
    html = streaming_html("Kyiv said so. [1] More")
    assert "cite-chip--pending" in html and "<button" not in html and "qa-caret" in html


def test_turn_states_in_order_of_arrival() -> None:
    turn = ChatTurn("q")
    assert "qa-answer--thinking" in turn_html(turn, 0)
    turn.partial = "Kyiv"
    assert "qa-answer--streaming" in turn_html(turn, 0)
    turn.stopped = True
    assert "qa-answer--stopped" in turn_html(turn, 0) and "Kyiv" in turn_html(turn, 0)
    assert not turn.pending
    turn.error = "AnswerUnavailable: timed out <x>"
    assert "qa-answer--error" in turn_html(turn, 0) and "timed out &lt;x&gt;" in turn_html(turn, 0)


def test_chat_messages_pair_user_and_assistant() -> None:
    state = ChatState(turns=[ChatTurn("first", answer=answer("A. [1]", [citation(1)]))])
    state.turns.append(ChatTurn("second"))
    messages = chat_messages(state.turns)
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert state.waiting is state.turns[1]
    assert chip_class(0, 1) in messages[1]["content"]


def test_escape_text_escapes_quotes_too() -> None:
    assert escape_text("a & \"b\" 'c' <d>") == "a &amp; &quot;b&quot; &#x27;c&#x27; &lt;d&gt;"


def test_a_question_behind_one_being_answered_shows_as_queued() -> None:
    turns = [ChatTurn("first", partial="Kyiv"), ChatTurn("second"), ChatTurn("third")]
    contents = [m["content"] for m in chat_messages(turns)[1::2]]
    assert "qa-answer--streaming" in contents[0]
    assert all(
        "qa-answer--queued" in html and "Waiting for the answer" in html for html in contents[1:]
    )
    turns[0].answer = answer("Kyiv. [1]", [citation(1)])
    contents = [m["content"] for m in chat_messages(turns)[1::2]]
    assert "qa-answer--thinking" in contents[1] and "qa-answer--queued" in contents[2]
