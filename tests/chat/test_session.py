"""Chat sessions: turns recorded from every way of asking, history under a token budget,
sessions kept by id."""

from __future__ import annotations

import asyncio

import pytest

from assistant.chat import ChatSession, SessionRegistry, trim_history
from assistant.service import Assistant
from assistant.text import count_tokens
from assistant.types import Turn

FIRST = "Who visited Kyiv on Thursday?"
FOLLOW_UP = "How much military financing did he announce?"


@pytest.mark.unit
def test_trim_history_keeps_the_latest_turns_within_the_budget() -> None:
    turns = [Turn(question=f"Question {i}?", answer=f"Answer number {i}.") for i in range(6)]
    cost = count_tokens(turns[0].question) + count_tokens(turns[0].answer)
    assert trim_history(turns, cost * 2) == turns[-2:]
    assert trim_history(turns, cost * 100) == turns
    assert trim_history(turns, 0) == []


@pytest.mark.unit
def test_a_turn_too_long_for_the_budget_drops_everything_before_it() -> None:
    turns = [Turn(question="Short?", answer="Yes."), Turn(question="Long?", answer="word " * 500)]
    assert trim_history(turns, 100) == []


@pytest.mark.integration
def test_a_follow_up_in_a_session_is_answered_about_the_earlier_turn(seeded: Assistant) -> None:
    session = seeded.chat()
    session.ask(FIRST)
    answer = session.ask(FOLLOW_UP)
    assert answer.standalone_question.startswith(
        "How much military financing did Antony Blinken announce?"
    )
    assert "2.2 billion" in answer.answer
    assert [t.question for t in session.turns] == [FIRST, FOLLOW_UP]
    assert session.turns[1].answer == answer.answer


@pytest.mark.integration
def test_a_streamed_turn_is_recorded_when_the_answer_arrives(seeded: Assistant) -> None:
    session = seeded.chat()
    events = session.stream(FIRST)
    first = next(events)
    assert first.delta is not None and session.turns == []
    final = [e for e in events if e.answer is not None][-1].answer
    assert final is not None and session.turns == [
        Turn(question=FIRST, answer=final.answer, short_answer=final.short_answer)
    ]


@pytest.mark.integration
def test_the_async_stream_records_the_turn_too(seeded: Assistant) -> None:
    session = seeded.chat()

    async def ask_both() -> str:
        async for _ in session.astream(FIRST):
            pass
        text = ""
        async for event in session.astream(FOLLOW_UP):
            text = event.answer.answer if event.answer else text
        return text

    answer = asyncio.run(ask_both())
    assert "2.2 billion" in answer and len(session.turns) == 2


@pytest.mark.integration
def test_the_history_budget_bounds_what_a_follow_up_sees(seeded: Assistant) -> None:
    session = seeded.chat()
    session.turns = [Turn(question=FIRST, answer="Antony Blinken visited Kyiv [1].")]
    session.turns += [Turn(question="Filler?", answer="word " * 2000)]
    answer = session.ask("How much did he announce?")
    # The filler turn alone exceeds the 1500-token budget: nothing is left to name "he".
    assert answer.standalone_question == "How much did he announce?"


@pytest.mark.unit
def test_the_registry_keeps_sessions_by_id_and_forgets_the_oldest() -> None:
    registry = SessionRegistry(assistant=None, limit=2)  # type: ignore[arg-type]
    first, second = registry.create(), registry.create()
    assert registry.get(first.id) is first  # now the most recently used
    third = registry.create()
    assert registry.get(second.id) is None
    assert registry.get(first.id) is first and registry.get(third.id) is third
    assert registry.delete(first.id) and not registry.delete(first.id)
    assert isinstance(third, ChatSession) and third.id != first.id
