"""The UI's handlers over a real assistant (Chroma in tmp_path, the real embedding model)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from llm.fake_openai import FakeOpenAI
from ui_support import (
    HARBOUR,
    HARBOUR_NAME,
    HARBOUR_QUESTION,
    KHARKIV_QUESTION,
    UNANSWERABLE_QUESTION,
)

from assistant.service import Assistant
from assistant.ui.handlers import ChatHandlers, CorpusHandlers, SettingsHandlers
from assistant.ui.state import ChatState

pytestmark = pytest.mark.integration


def ask(chat: ChatHandlers, state: ChatState, question: str) -> list[tuple[Any, str, ChatState]]:
    box, _, state = chat.add_question(question, state)
    assert box == ""
    return list(chat.stream_answer(state, None))


def test_answer_streams_then_shows_chips_and_evidence(seeded: Assistant) -> None:
    chat = ChatHandlers(seeded)
    views = ask(chat, ChatState(), KHARKIV_QUESTION)
    streamed = [messages[-1]["content"] for messages, _, _ in views[:-1]]
    assert streamed and all("qa-answer--streaming" in html for html in streamed)
    messages, evidence, state = views[-1]
    assert "cite-ref-0-1" in messages[-1]["content"] and "Ganchev" in messages[-1]["content"]
    assert 'class="ev-turn is-active" data-turn="0"' in evidence
    assert '<mark class="ev-span">' in evidence and "Ganchev" in evidence
    assert state.session_id and seeded.sessions.get(state.session_id) is not None


def test_follow_up_goes_through_the_same_session(seeded: Assistant) -> None:
    chat = ChatHandlers(seeded)
    state = ask(chat, ChatState(), KHARKIV_QUESTION)[-1][2]
    state = ask(chat, state, "What did he say about the advances?")[-1][2]
    session = seeded.sessions.get(state.session_id or "")
    assert session is not None and len(session.turns) == 2
    answer = state.turns[1].answer
    assert answer is not None and "Ganchev" in answer.standalone_question


def _record_depths(assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The retrieval depth of every question asked from now on, in order."""
    asked: list[int | None] = []
    retrieve = assistant.retriever.retrieve

    def recording(question: str, lemmas: list[str], *, k: int | None = None, **rest: Any) -> Any:
        asked.append(k)
        return retrieve(question, lemmas, k=k, **rest)

    monkeypatch.setattr(assistant.retriever, "retrieve", recording)
    return asked


def test_retrieval_depth_reaches_the_retriever(
    seeded: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _record_depths(seeded, monkeypatch)
    chat = ChatHandlers(seeded)
    _, _, state = chat.add_question(KHARKIV_QUESTION, ChatState())
    answer = list(chat.stream_answer(state, 3.0))[-1][2].turns[0].answer
    assert asked == [3] and answer is not None and answer.citations


def test_unanswerable_question_is_declined(seeded: Assistant) -> None:
    messages, evidence, state = ask(ChatHandlers(seeded), ChatState(), UNANSWERABLE_QUESTION)[-1]
    assert "qa-answer--declined" in messages[-1]["content"]
    assert "cite-chip" not in messages[-1]["content"] and "No sources" in evidence


def test_blank_question_is_ignored(seeded: Assistant) -> None:
    box, messages, state = ChatHandlers(seeded).add_question("   ", ChatState())
    assert messages == [] and state.turns == []


def test_questions_sent_while_one_is_answered_are_answered_next_in_order(
    seeded: Assistant,
) -> None:
    chat = ChatHandlers(seeded)
    _, _, state = chat.add_question(KHARKIV_QUESTION, ChatState())
    first = chat.stream_answer(state, None)
    next(first)  # the first answer is streaming
    box, messages, state = chat.add_question("What did he say about the advances?", state)
    assert box == "" and "qa-answer--queued" in messages[-1]["content"]
    # The step of the second question finds the first step answering: it leaves it to it.
    assert [view[2].turns[1].pending for view in chat.stream_answer(state, None)] == [True]
    chat.add_question(UNANSWERABLE_QUESTION, state)
    list(first)
    answers = [turn.answer for turn in state.turns]
    assert all(answers) and state.answering is None
    assert answers[0] and "Ganchev" in answers[0].answer
    assert answers[1] and "Ganchev" in answers[1].standalone_question  # it saw the first
    assert answers[2] and answers[2].abstained
    session = seeded.sessions.get(state.session_id or "")
    assert session is not None and len(session.turns) == 3


def test_a_queued_question_keeps_the_settings_it_was_asked_with(
    seeded: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _record_depths(seeded, monkeypatch)
    chat = ChatHandlers(seeded)
    _, _, state = chat.add_question(KHARKIV_QUESTION, ChatState(), 2.0)
    chat.add_question("Where is Izyum?", state, 4.0)
    list(chat.stream_answer(state, 9.0))
    assert asked == [2, 4]


def test_an_over_long_question_gets_a_message_and_stays_in_the_box(seeded: Assistant) -> None:
    limit = seeded.settings.api.max_question_chars
    question = "Who is the head of the administration? " * (limit // 30)
    assert len(question.strip()) > limit
    chat = ChatHandlers(seeded)
    box, messages, state = chat.add_question(question, ChatState())
    assert box == question.strip()  # kept, to shorten
    reply = messages[-1]["content"]
    assert "qa-answer--error" in reply and f"at most {limit:,} characters" in reply
    assert f"{len(question.strip()):,} characters long" in reply
    assert len(messages[0]["content"]) < 400  # the chat shows the start of it
    assert state.waiting is None and list(chat.stream_answer(state, None))
    assert state.session_id is None  # nothing was asked


def test_stopping_ends_the_stream_and_lets_the_next_question_in(seeded: Assistant) -> None:
    chat = ChatHandlers(seeded)
    _, _, state = chat.add_question("Which town did Ukrainian troops capture?", ChatState())
    stream = chat.stream_answer(state, None)
    next(stream)  # the first sentence has arrived
    messages, _, state = chat.stop_answer(state)
    assert "qa-answer--stopped" in messages[-1]["content"]
    rest = list(stream)
    assert len(rest) == 1 and state.turns[0].answer is None  # no further sentence was taken
    session = seeded.sessions.get(state.session_id or "")
    assert session is not None and session.turns == []  # a stopped turn is not history
    assert chat.add_question("Where is Izyum?", state)[0] == ""


def test_an_abandoned_answer_frees_the_question_box(seeded: Assistant) -> None:
    chat = ChatHandlers(seeded)
    _, _, state = chat.add_question("first", ChatState())
    messages, _, state = chat.abandon(state)
    assert "server may be busy" in messages[-1]["content"] and state.waiting is None


def test_stop_also_stops_the_questions_waiting_behind(seeded: Assistant) -> None:
    chat = ChatHandlers(seeded)
    _, _, state = chat.add_question("Which town did Ukrainian troops capture?", ChatState())
    stream = chat.stream_answer(state, None)
    next(stream)
    chat.add_question("Where is Izyum?", state)
    messages, _, state = chat.stop_answer(state)
    assert [t.stopped for t in state.turns] == [True, True] and state.answering is None
    list(stream)
    assert state.turns[1].answer is None  # the step that was answering took no more
    box, _, state = chat.add_question("Where is Izyum?", state)
    assert box == "" and list(chat.stream_answer(state, None))[-1][2].turns[2].answer


def test_new_chat_forgets_the_conversation(seeded: Assistant) -> None:
    chat = ChatHandlers(seeded)
    old = ask(chat, ChatState(), KHARKIV_QUESTION)[-1][2]
    box, messages, evidence, fresh = chat.new_chat(old)
    assert messages == [] and fresh.turns == [] and "ev-empty" in evidence
    assert seeded.sessions.get(old.session_id or "") is None


def test_a_failing_answer_is_shown_in_the_chat(
    make_assistant: Callable[..., Assistant], monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = make_assistant()

    def broken(*args: Any, **kwargs: Any) -> Iterator[Any]:
        raise RuntimeError("the store went away")
        yield  # pragma: no cover

    monkeypatch.setattr(assistant, "stream", broken)
    messages, _, state = ask(ChatHandlers(assistant), ChatState(), "anything at all?")[-1]
    assert "qa-answer--error" in messages[-1]["content"]
    assert "the store went away" in messages[-1]["content"] and not state.turns[0].pending


@pytest.fixture
def uploads(tmp_path: Path) -> Callable[[str, bytes], str]:
    folder = tmp_path / "uploads"
    folder.mkdir()

    def write(name: str, content: bytes) -> str:
        path = folder / name
        path.write_bytes(content)
        return str(path)

    return write


def test_upload_reports_each_file_and_makes_it_answerable(
    make_assistant: Callable[..., Assistant], uploads: Callable[[str, bytes], str]
) -> None:
    assistant = make_assistant()
    corpus = CorpusHandlers(assistant, max_upload_bytes=2_000)
    progress: list[tuple[float, str]] = []
    paths = [
        uploads(HARBOUR_NAME, HARBOUR),
        uploads("empty.txt", b"   "),
        uploads("slides.pdf", b"%PDF-1.4"),
        uploads("huge.txt", b"word " * 1_000),
    ]
    report, listing = corpus.upload(paths, lambda done, what: progress.append((done, what)))
    assert "indexed, 1 chunk" in report and "is empty" in report
    assert (
        "unsupported file type" in report
        and ".pdf" in report
        and "is 5 kB, more than the 2 kB limit" in report
    )
    assert f'data-source="{HARBOUR_NAME}"' in listing and "huge.txt" not in listing
    assert progress and progress[-1] == (1.0, f"Embedding {HARBOUR_NAME}")
    answer = assistant.ask(HARBOUR_QUESTION)
    assert answer.citations and answer.citations[0].source == HARBOUR_NAME
    again, _ = corpus.upload([uploads(HARBOUR_NAME, HARBOUR)])
    assert "already indexed, unchanged" in again


def test_upload_without_files_asks_for_some(make_assistant: Callable[..., Assistant]) -> None:
    report, listing = CorpusHandlers(make_assistant(), 1_000).upload(None)
    assert "Choose one or more files" in report and "No articles are indexed yet" in listing


def test_backend_switch_applies_to_the_next_question(
    make_assistant: Callable[..., Assistant], uploads: Callable[[str, bytes], str]
) -> None:
    with FakeOpenAI() as fake:
        assistant = make_assistant(llm={"base_url": fake.base_url, "model": "fake-model"})
        assistant.ingest_uploads([(HARBOUR_NAME, HARBOUR)])
        prefs = SettingsHandlers(assistant)
        choice, status = prefs.set_backend("openai")  # this tab's choice, not the service's
        assert choice == "openai" and "LLM <b>fake-model</b>" in status
        fake.reply("The restoration cost 3.4 million euros. [1]")
        chat = ChatHandlers(assistant)
        _, _, state = chat.add_question(HARBOUR_QUESTION, ChatState())
        views = list(chat.stream_answer(state, None, choice))
        answer = views[-1][2].turns[0].answer
        assert answer is not None and answer.backend != "extractive"
        assert len(views) > 2  # the LLM's words arrived one by one
        assert fake.requests and HARBOUR_QUESTION in fake.requests[0].prompt
        assert prefs.set_backend("extractive") == ("extractive", prefs.status("extractive"))


def test_backend_that_cannot_start_keeps_the_current_one(
    make_assistant: Callable[..., Assistant],
) -> None:
    prefs = SettingsHandlers(make_assistant())  # no LLM URL and no key: openai cannot start
    backend, status = prefs.set_backend("openai")
    assert backend == "extractive" and "settings-error" in status
    assert "Could not switch to openai" in status and "OPENAI_API_KEY" in status


@pytest.mark.parametrize(
    ("depth", "line"), [(3, "retrieves 3 passages."), (1, "retrieves 1 passage.")]
)
def test_the_line_under_the_depth_slider_says_the_depth(depth: int, line: str) -> None:
    assert line in SettingsHandlers.depth_status(depth)
