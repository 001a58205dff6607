"""The conversation store (issue 13 item 6): conversations per owner in an SQLite file with
the data, their turns, rename and delete, feedback appended as eval items; and the UI's
conversation handlers, which keep the chat working when the file cannot be used."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from assistant.conversations import (
    CONVERSATIONS_FILE,
    ConversationStore,
    ConversationStoreError,
    append_feedback,
    feedback_record,
    title_for,
)
from assistant.evaluate.dataset import load_dataset
from assistant.types import Answer, Citation
from assistant.ui.conversations_panel import ConversationsPanel, owner_of
from assistant.ui.copy_answer import copy_text
from assistant.ui.handlers import ChatHandlers
from assistant.ui.render import chat_messages
from assistant.ui.state import AskRequest, ChatState, ChatTurn

pytestmark = pytest.mark.unit

ME, YOU = "browser:me", "browser:you"


def answer(question: str, text: str = "The lamp was lit at dusk. [1]") -> Answer:
    citation = Citation(
        marker=1,
        source="harbour.txt",
        title="Port Elwin lighthouse reopens",
        date="2024-05-04",
        outlet="Elwin Post",
        start=0,
        end=25,
        text="The keeper lit the lamp at dusk.",
        score=1.0,
    )
    return Answer(
        question=question,
        standalone_question=question,
        answer=text,
        abstained=False,
        citations=[citation],
        backend="extractive",
        settings_hash="x",
    )


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore.in_data_dir(tmp_path / "data")


def test_create_append_and_read_back(store: ConversationStore) -> None:
    conversation = store.create(ME, "When was the lamp lit?")
    first = store.append(ME, conversation.id, "When was the lamp lit?", answer("q1"))
    second = store.append(ME, conversation.id, "By whom?", answer("q2", "The keeper. [1]"))
    turns = store.turns(ME, conversation.id)
    assert [t.id for t in turns] == [first.id, second.id]
    assert [t.question for t in turns] == ["When was the lamp lit?", "By whom?"]
    assert turns[1].answer.answer == "The keeper. [1]"
    assert turns[1].answer.citations[0].outlet == "Elwin Post"  # stored whole
    assert turns[0].as_turn().answer == "The lamp was lit at dusk. [1]"
    (listed,) = store.conversations(ME)
    assert listed.title == "When was the lamp lit?" and listed.turns == 2


def test_conversations_are_per_owner(store: ConversationStore) -> None:
    mine = store.create(ME, "mine")
    theirs = store.create(YOU, "theirs")
    store.append(ME, mine.id, "q", answer("q"))
    assert [c.id for c in store.conversations(ME)] == [mine.id]
    assert [c.id for c in store.conversations(YOU)] == [theirs.id]
    # Nobody reaches another's conversation, whatever id they send.
    assert store.turns(YOU, mine.id) == []
    assert store.get(YOU, mine.id) is None
    assert not store.rename(YOU, mine.id, "taken")
    assert not store.delete(YOU, mine.id)
    with pytest.raises(KeyError):
        store.append(YOU, mine.id, "q", answer("q"))
    (turn,) = store.turns(ME, mine.id)
    assert store.vote(YOU, turn.id, "down") is None
    assert store.get(ME, mine.id) is not None


def test_the_most_recently_used_is_listed_first(store: ConversationStore) -> None:
    older = store.create(ME, "older")
    newer = store.create(ME, "newer")
    assert [c.id for c in store.conversations(ME)] == [newer.id, older.id]
    store.append(ME, older.id, "again", answer("again"))
    assert [c.id for c in store.conversations(ME)] == [older.id, newer.id]


def test_rename(store: ConversationStore) -> None:
    conversation = store.create(ME, "q")
    assert store.rename(ME, conversation.id, "  Lighthouse\n questions ")
    assert store.conversations(ME)[0].title == "Lighthouse questions"
    assert not store.rename(ME, conversation.id, "   ")  # a blank name is refused
    assert store.conversations(ME)[0].title == "Lighthouse questions"


def test_delete_removes_that_conversation_only(store: ConversationStore) -> None:
    keep = store.create(ME, "keep")
    drop = store.create(ME, "drop")
    store.append(ME, keep.id, "k", answer("k"))
    store.append(ME, drop.id, "d", answer("d"))
    assert store.delete(ME, drop.id)
    assert not store.delete(ME, drop.id)
    assert [c.id for c in store.conversations(ME)] == [keep.id]
    assert [t.question for t in store.turns(ME, keep.id)] == ["k"]
    assert store.turns(ME, drop.id) == []


def test_survives_reopening(tmp_path: Path) -> None:
    store = ConversationStore.in_data_dir(tmp_path)
    conversation = store.create(ME, "q")
    store.append(ME, conversation.id, "q", answer("q"))
    secret = store.secret()
    store.close()
    again = ConversationStore(tmp_path / CONVERSATIONS_FILE)
    assert [t.question for t in again.turns(ME, conversation.id)] == ["q"]
    assert again.secret() == secret  # the browser's id stays readable after a restart


def test_regenerated_answer_replaces_the_old_and_its_vote(store: ConversationStore) -> None:
    conversation = store.create(ME, "q")
    turn = store.append(ME, conversation.id, "q", answer("q", "Old. [1]"))
    store.vote(ME, turn.id, "down", "wrong")
    replaced = store.replace_answer(ME, turn.id, answer("q", "New. [1]"))
    assert replaced is not None and replaced.answer.answer == "New. [1]"
    assert replaced.vote is None and replaced.note == ""
    assert len(store.turns(ME, conversation.id)) == 1


def test_concurrent_writers_lose_no_turn(tmp_path: Path) -> None:
    """Two processes' worth of connections (and threads within each) append at once."""
    path = tmp_path / CONVERSATIONS_FILE
    conversation = ConversationStore(path).create(ME, "busy")
    stores = [ConversationStore(path) for _ in range(4)]
    per_writer = 25

    def write(number: int) -> None:
        for i in range(per_writer):
            stores[number].append(ME, conversation.id, f"w{number}-{i}", answer("q"))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    questions = [t.question for t in ConversationStore(path).turns(ME, conversation.id)]
    assert len(questions) == len(stores) * per_writer
    for number in range(len(stores)):  # each writer's turns in its own order
        own = [q for q in questions if q.startswith(f"w{number}-")]
        assert own == [f"w{number}-{i}" for i in range(per_writer)]


def test_a_corrupt_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / CONVERSATIONS_FILE
    path.write_bytes(b"this is not a database, just some bytes " * 200)
    with pytest.raises(ConversationStoreError) as raised:
        ConversationStore(path)
    message = str(raised.value)
    assert str(path) in message and "asking questions still works" in message


def test_titles_are_one_line_and_short() -> None:
    assert title_for("  What \n happened?  ") == "What happened?"
    long = title_for("word " * 100)
    assert len(long) <= 80 and long.endswith("…")


def test_feedback_lines_load_as_an_eval_dataset(store: ConversationStore, tmp_path: Path) -> None:
    conversation = store.create(ME, "q")
    first = store.append(ME, conversation.id, "When was the lamp lit?", answer("q1"))
    second = store.append(ME, conversation.id, "By whom?", answer("q2"))
    voted = store.vote(ME, second.id, "down", "It names no one.")
    assert voted is not None
    feedback = tmp_path / "feedback.jsonl"
    record = feedback_record(voted, [first])
    append_feedback(feedback, record)
    append_feedback(feedback, feedback_record(voted, [first]))  # a second vote: its own id
    items = load_dataset(feedback)
    assert [i.question for i in items] == ["By whom?", "By whom?"]
    assert items[0].turns == ["When was the lamp lit?"]  # asked in its conversation
    assert items[0].id != items[1].id
    line = json.loads(feedback.read_text(encoding="utf-8").splitlines()[0])
    assert line["vote"] == "down" and line["note"] == "It names no one."
    assert line["answer"] == "The lamp was lit at dusk. [1]"
    assert line["sources"][0]["title"] == "Port Elwin lighthouse reopens"


def test_copy_text_is_the_answer_with_its_numbered_sources() -> None:
    text = copy_text(answer("q"))
    assert text.startswith("The lamp was lit at dusk. [1]")
    assert "**Sources**" in text
    assert "[1] Elwin Post — “Port Elwin lighthouse reopens” (2024-05-04)" in text
    assert "“The keeper lit the lamp at dusk.”" in text
    html = chat_messages([ChatTurn(question="q", answer=answer("q"))])[1]["content"]
    assert 'class="qa-copy"' in html and "Elwin Post" in html


def test_owner_is_the_login_else_the_browser() -> None:
    owner, browser = owner_of(None, None)
    assert owner == f"browser:{browser}" and len(browser) == 32
    assert owner_of(browser, None) == (owner, browser)
    assert owner_of(browser, "ada") == ("user:ada", browser)


class _Sessions:
    def delete(self, session_id: str) -> bool:
        return True

    def get(self, session_id: str) -> None:
        return None


class _Chat:
    """What the panel uses of ``ChatHandlers``, without a service."""

    def __init__(self) -> None:
        self.sessions = _Sessions()
        self.on_answer = None

    def evidence(self, answer: Answer) -> list[object]:
        return []


def _panel(data: Path) -> ConversationsPanel:
    chat: ChatHandlers = _Chat()  # type: ignore[assignment]
    return ConversationsPanel(chat, data)


def _answered(panel: ConversationsPanel, state: ChatState, question: str) -> ChatTurn:
    """Show ``question`` answered in the tab and let the panel save it, as an answer does."""
    turn = ChatTurn(question=question, answer=answer(question))
    state.turns.append(turn)
    panel.save(state, turn)
    return turn


def test_the_panel_saves_answers_and_reopens_them(tmp_path: Path) -> None:
    panel = _panel(tmp_path)
    browser, state, view = panel.start(None, ChatState())
    assert view.choices == [] and state.owner == f"browser:{browser}"
    turn = _answered(panel, state, "When was the lamp lit?")
    assert state.conversation is not None and turn.record is not None
    # The page is loaded again (a reload, or a restart over the same data folder).
    _, again, view = _panel(tmp_path).start(browser, ChatState())
    assert again.conversation == state.conversation
    assert [t.question for t in again.turns] == ["When was the lamp lit?"]
    assert view.selected == state.conversation and view.name == "When was the lamp lit?"
    # Another browser sees none of it.
    _, other, view = _panel(tmp_path).start(None, ChatState())
    assert other.turns == [] and view.choices == []


def test_a_question_sent_before_the_page_has_loaded_is_kept(tmp_path: Path) -> None:
    panel = _panel(tmp_path)
    browser, state, _ = panel.start(None, ChatState())
    _answered(panel, state, "When was the lamp lit?")
    # A new page of the same browser: its question goes out before the load has run.
    tab = ChatState()
    tab.ask(ChatTurn(question="Who keeps the lamp?"))
    _, shown, view = _panel(tmp_path).start(browser, tab)
    assert shown is tab, "the state every step of the tab holds"
    assert [t.question for t in tab.turns] == ["Who keeps the lamp?"]
    assert tab.owner == state.owner and tab.conversation is None
    assert view.selected is None and len(view.choices) == 1
    # With nothing asked yet, the load shows the saved conversation in that same state.
    idle = ChatState()
    _, shown, _ = _panel(tmp_path).start(browser, idle)
    assert shown is idle and [t.question for t in idle.turns] == ["When was the lamp lit?"]


def test_the_panel_deletes_only_the_conversation_confirmed(tmp_path: Path) -> None:
    panel = _panel(tmp_path)
    _, state, _ = panel.start(None, ChatState())
    ids = []
    for question in ("first", "second"):
        state = ChatState(owner=state.owner)
        _answered(panel, state, question)
        ids.append(state.conversation)
    target, prompt = panel.confirm_delete(state)
    assert target == ids[1] and "second" in prompt
    state, view = panel.delete(state, target)
    assert state.conversation is None and state.turns == []
    assert [value for _, value in view.choices] == [ids[0]]


def test_a_vote_with_a_note_is_appended_for_the_eval_set(tmp_path: Path) -> None:
    panel = _panel(tmp_path)
    _, state, _ = panel.start(None, ChatState())
    _answered(panel, state, "Who lit the lamp?")
    position, prompt = panel.vote(state, 1, False)  # message 1: the first answer
    assert position == 0 and "👎" in prompt
    assert panel.save_note(state, position, "It should name the keeper.") == "Note saved."
    assert panel.feedback_values(state) == ["Dislike"]
    items = load_dataset(tmp_path / "feedback.jsonl")
    assert [i.question for i in items] == ["Who lit the lamp?"] * 2
    lines = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text().splitlines()]
    assert lines[-1]["note"] == "It should name the keeper." and lines[-1]["vote"] == "down"
    assert lines[-1]["replaces"] == lines[0]["id"]


def test_with_a_corrupt_file_the_panel_says_so_and_the_chat_goes_on(tmp_path: Path) -> None:
    (tmp_path / CONVERSATIONS_FILE).write_bytes(b"\x00garbage" * 500)
    panel = _panel(tmp_path)
    assert panel.store is None and panel.problem
    _, state, view = panel.start(None, ChatState())
    assert "cannot be used" in view.status and view.choices == []
    turn = _answered(panel, state, "q")  # nothing saved, nothing raised
    assert turn.record is None
    position, _ = panel.vote(state, 1, True)  # feedback still reaches the eval file
    assert position == 0
    assert len(load_dataset(tmp_path / "feedback.jsonl")) == 1


def test_regenerate_makes_only_an_asked_last_answer_wait_again(tmp_path: Path) -> None:
    panel = _panel(tmp_path)
    _, state, _ = panel.start(None, ChatState())
    too_long = ChatTurn(question="x…", error="This question is too long")
    state.turns.append(too_long)
    assert not panel.regenerate(state).turns[-1].pending  # never asked: nothing to redo
    answered = ChatTurn(question="q", answer=answer("q"), request=AskRequest(depth=5))
    state.turns.append(answered)
    panel.save(state, answered)
    record = answered.record
    panel.vote(state, 3, False)
    assert panel.feedback_values(state) == [None, "Dislike"]
    assert panel.regenerate(state).turns[-1].pending
    assert answered.record == record  # the new answer replaces the saved one
    assert panel.feedback_values(state) == [None, None]  # the vote was on the old answer
