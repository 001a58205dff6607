"""Saved conversations in the chat tab: a list to switch between them, rename and delete
them, regenerate the last answer, and thumbs up/down (with an optional note) on each answer.

The conversations are kept by ``assistant.conversations`` with the data, per owner: the login
name when the UI asks for one, else an id the browser keeps in its local storage (a
``gr.BrowserState``, encrypted with a key kept in the store, so it survives a restart) and
sends with each request. Each answered turn is saved as it arrives (``ChatHandlers.on_answer``);
opening a conversation shows its turns with their evidence, and follow-ups see them (the
service's session is seeded from the shown turns by ``ChatHandlers``). Feedback is appended to
``<data dir>/feedback.jsonl`` as eval items.

The ``ConversationsPanel`` methods take and return plain values (no gradio), so they can be
tested without a browser; ``layout``, ``wire`` and ``on_load`` build the components.
If the conversation file cannot be used, the panel says why and the chat works unsaved.
"""

# No `from __future__ import annotations`: gradio reads the annotations of event handlers
# taking `gr.LikeData` or `gr.Request` at runtime.
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.conversations import (
    FEEDBACK_FILE,
    Conversation,
    ConversationStore,
    ConversationStoreError,
    StoredTurn,
    Vote,
    append_feedback,
    feedback_record,
)
from assistant.ui.handlers import ChatHandlers
from assistant.ui.render import escape_text
from assistant.ui.state import ChatState, ChatTurn

if TYPE_CHECKING:
    import gradio as gr

    from assistant.ui.chat_tab import ChatParts

log = logging.getLogger(__name__)

BROWSER_KEY = "news-assistant-browser"
"""The local storage key under which a browser keeps its id."""
PRIVATE: dict[str, Any] = {"api_visibility": "private"}
Choices = list[tuple[str, str]]
FEEDBACK_VALUES = {"up": "Like", "down": "Dislike"}
"""How the chat shows a stored vote (its feedback options)."""


@dataclass
class PanelView:
    """What the conversation controls show: the list with the open conversation selected,
    its name, and a line about what happened (an error, a deletion)."""

    choices: Choices
    selected: str | None
    name: str
    status: str = ""


def owner_of(browser: str | None, username: str | None) -> tuple[str, str]:
    """Whose conversations a request reaches, and the browser's id (made here the first
    time a browser comes): the login when there is one, else the browser."""
    browser = browser if browser and len(browser) <= 64 else uuid.uuid4().hex
    return (f"user:{username}" if username else f"browser:{browser}"), browser


def conversation_label(conversation: Conversation) -> str:
    when = time.strftime("%d %b %H:%M", time.localtime(conversation.updated))
    count = f"{conversation.turns} question{'s' if conversation.turns != 1 else ''}"
    return f"{conversation.title} · {count} · {when}"


class ConversationsPanel:
    """The chat tab's saved conversations over a ``ConversationStore`` in ``data_dir``."""

    def __init__(
        self, chat: ChatHandlers, data_dir: Path, *, store: ConversationStore | None = None
    ) -> None:
        self.chat = chat
        self.feedback_file = data_dir / FEEDBACK_FILE
        self.problem: str | None = None
        """Why conversations are not saved (the store cannot be used), if they are not."""
        self.store: ConversationStore | None = store
        if store is None:
            try:
                self.store = ConversationStore.in_data_dir(data_dir)
            except ConversationStoreError as exc:
                log.error("%s", exc)
                self.problem = str(exc)
        chat.on_answer = self.save

    # -- what the events do ----------------------------------------------------------------

    def start(
        self, browser: str | None, state: ChatState, username: str | None = None
    ) -> tuple[str, ChatState, PanelView]:
        """A page (re)loaded: whose conversations it shows, and the most recent one opened."""
        owner, browser = owner_of(browser, username)
        listed = self._list(owner)
        loaded = ChatState(owner=owner)
        view = None
        if listed:
            loaded, view = self.open(loaded, listed[0].id)
        left = state.session_id
        if state.adopt(loaded):
            if left:
                self.chat.sessions.delete(left)
            return browser, state, view or self.view(state)
        # A question was sent before the page had loaded: it stays, in a new conversation
        # saved under this owner.
        state.owner = owner
        return browser, state, self.view(state)

    def open(self, state: ChatState, conversation_id: str | None) -> tuple[ChatState, PanelView]:
        """Show a saved conversation of the tab's owner; follow-ups see its turns."""
        if state.answering is not None:
            return state, self.view(state, "Wait for the answer to finish, then switch.")
        if self.store is None or state.owner is None or not conversation_id:
            return state, self.view(state)
        if state.session_id:  # the service's copy of the conversation left behind
            self.chat.sessions.delete(state.session_id)
        opened = ChatState(owner=state.owner, conversation=conversation_id)
        try:
            stored = self.store.turns(state.owner, conversation_id)
        except ConversationStoreError as exc:
            return opened, self.view(opened, str(exc))
        opened.turns = [self._shown(turn) for turn in stored]
        return opened, self.view(opened)

    def save(self, state: ChatState, turn: ChatTurn) -> None:
        """Keep an answered turn (``ChatHandlers.on_answer``): a new one in the tab's
        conversation (started with its first answer), a regenerated one in place."""
        if self.store is None or state.owner is None or turn.answer is None:
            return
        if turn.record is not None:
            self.store.replace_answer(state.owner, turn.record, turn.answer)
            return
        if state.conversation is None or self.store.get(state.owner, state.conversation) is None:
            state.conversation = self.store.create(state.owner, turn.question).id
        turn.record = self.store.append(
            state.owner, state.conversation, turn.question, turn.answer
        ).id

    def rename(self, state: ChatState, name: str) -> PanelView:
        if self.store is None or state.owner is None or state.conversation is None:
            return self.view(
                state, "Ask a question first: a conversation is saved with its first answer."
            )
        if not self.store.rename(state.owner, state.conversation, name):
            return self.view(state, "Give the conversation a name first.")
        return self.view(state)

    def confirm_delete(self, state: ChatState) -> tuple[str | None, str]:
        """The conversation the user asked to delete (kept until they confirm) and the
        question to confirm it; None when nothing saved is open."""
        if self.store is None or state.owner is None or state.conversation is None:
            return None, ""
        conversation = self.store.get(state.owner, state.conversation)
        if conversation is None:
            return None, ""
        return conversation.id, (
            f"Delete “{escape_text(conversation.title)}” and its "
            f"{conversation.turns} answer{'s' if conversation.turns != 1 else ''}? "
            "This cannot be undone."
        )

    def delete(self, state: ChatState, conversation_id: str | None) -> tuple[ChatState, PanelView]:
        """Delete the conversation the user confirmed deleting, and only that one; if it is
        the one shown, the tab starts a new conversation."""
        if self.store is None or state.owner is None or not conversation_id:
            return state, self.view(state)
        if state.answering is not None and state.conversation == conversation_id:
            return state, self.view(state, "Wait for the answer to finish, then delete.")
        title = (
            self.store.get(state.owner, conversation_id) or Conversation("", "", "", 0, 0)
        ).title
        deleted = self.store.delete(state.owner, conversation_id)
        if state.conversation == conversation_id:
            if state.session_id:
                self.chat.sessions.delete(state.session_id)
            state = ChatState(owner=state.owner)
        said = f"Deleted “{escape_text(title)}”." if deleted else "Already deleted."
        return state, self.view(state, said, note=True)

    def regenerate(self, state: ChatState) -> ChatState:
        """Make the last answer wait to be answered again (the answer step that follows
        answers it); its old answer leaves the follow-up context. Nothing while an answer is
        still coming."""
        if state.answering is not None or not state.turns:
            return state
        turn = state.turns[-1]
        if turn.pending:
            return state
        if turn.answer is None and turn.request is None:  # never asked (too long to ask)
            return state
        session = self.chat.sessions.get(state.session_id) if state.session_id else None
        if (
            session is not None
            and turn.answer is not None
            and session.turns
            and session.turns[-1].question == turn.question
        ):
            session.turns.pop()
        if self.store is not None and state.owner is not None and turn.record is not None:
            self.store.vote(state.owner, turn.record, None, "")  # it was about the old answer
        turn.answer, turn.partial, turn.evidence = None, "", []
        turn.error, turn.stopped = None, False
        return state

    def vote(self, state: ChatState, index: Any, liked: Any) -> tuple[int | None, str]:
        """A thumb given (``liked`` True, False) or taken back on the answer at message
        ``index``: recorded, and written to the feedback file for the eval set. Returns the
        turn a note may be added to, and what the note box says."""
        position = _turn_position(index)
        if position is None or position >= len(state.turns):
            return None, ""
        turn = state.turns[position]
        if turn.answer is None:
            return None, ""
        vote: Vote | None = "up" if liked is True else "down" if liked is False else None
        stored = self._record_vote(state, position, vote, None)
        if vote is None or stored is None:
            return None, ""
        thumb = "👍" if vote == "up" else "👎"
        return position, f"{thumb} saved. Add a note on what was right or wrong (optional):"

    def save_note(self, state: ChatState, position: int | None, note: str) -> str:
        """The note on the answer just voted on, written with its vote."""
        if position is None or position >= len(state.turns) or not note.strip():
            return ""
        turn = state.turns[position]
        vote = self._vote_of(state, turn)
        if vote is None:
            return ""
        self._record_vote(state, position, vote, note)
        return "Note saved."

    def feedback_values(self, state: ChatState) -> list[str | None]:
        """The chat's thumbs, one per answer, as stored."""
        values: list[str | None] = []
        for turn in state.turns:
            vote = self._vote_of(state, turn)
            values.append(FEEDBACK_VALUES[vote] if vote else None)
        return values

    def view(self, state: ChatState, status: str = "", *, note: bool = False) -> PanelView:
        """The controls as they are for ``state``; ``status``: a problem to show (``note``:
        news rather than a problem)."""
        if self.problem:
            return PanelView([], None, "", _problem_html(self.problem))
        listed = self._list(state.owner) if state.owner else []
        current = next((c for c in listed if c.id == state.conversation), None)
        line = ""
        if status:
            line = (
                f'<p class="conversation-note" role="status">{status}</p>'
                if note
                else _problem_html(status)
            )
        return PanelView(
            [(conversation_label(c), c.id) for c in listed],
            current.id if current else None,
            current.title if current else "",
            line,
        )

    # -- helpers ---------------------------------------------------------------------------

    def _list(self, owner: str) -> list[Conversation]:
        if self.store is None:
            return []
        try:
            return self.store.conversations(owner)
        except ConversationStoreError as exc:
            log.error("%s", exc)
            return []

    def _shown(self, stored: StoredTurn) -> ChatTurn:
        return ChatTurn(
            question=stored.question,
            answer=stored.answer,
            evidence=self.chat.evidence(stored.answer),
            record=stored.id,
        )

    def _vote_of(self, state: ChatState, turn: ChatTurn) -> Vote | None:
        if self.store is None or state.owner is None or turn.record is None:
            return None
        stored = self.store.turn(state.owner, turn.record)
        return stored.vote if stored else None

    def _record_vote(
        self, state: ChatState, position: int, vote: Vote | None, note: str | None
    ) -> StoredTurn | None:
        """Store the vote (and note), and append it to the feedback file; the turn as
        recorded, or (unsaved conversations) as it stands."""
        turn = state.turns[position]
        assert turn.answer is not None
        stored: StoredTurn | None = None
        if self.store is not None and state.owner is not None and turn.record is not None:
            stored = self.store.vote(state.owner, turn.record, vote, note)
        if stored is None:  # not saved (no store): the feedback file still gets it
            stored = StoredTurn(
                0, state.conversation or "", turn.question, turn.answer, vote, note or ""
            )
        if vote is not None:
            earlier = [
                StoredTurn(0, "", t.question, t.answer)
                for t in state.turns[:position]
                if t.answer is not None
            ]
            record = feedback_record(stored, earlier)
            append_feedback(self.feedback_file, record)
            if self.store is not None and state.owner is not None and turn.record is not None:
                self.store.feedback_written(state.owner, turn.record, record["id"])
        return stored

    # -- layout and events -----------------------------------------------------------------

    def layout(self) -> None:
        """The conversation controls, above the chat."""
        import gradio as gr

        secret = self.store.secret() if self.store is not None else None
        self._browser = gr.BrowserState("", storage_key=BROWSER_KEY, secret=secret)
        self._pending_delete = gr.State(None)
        self._note_turn = gr.State(None)
        usable = self.store is not None
        with gr.Row(elem_id="conversation-row", equal_height=False):
            self._list_box = gr.Dropdown(
                choices=[],
                value=None,
                label="Conversation (saved; pick one to continue it)",
                elem_id="conversation-list",
                interactive=usable,
                scale=4,
            )
            self._name = gr.Textbox(
                label="Name",
                max_lines=1,
                elem_id="conversation-name",
                interactive=usable,
                scale=3,
            )
            self._rename = gr.Button(
                "Rename",
                elem_id="conversation-rename",
                size="md",
                scale=0,
                min_width=90,
                interactive=usable,
            )
            self._delete = gr.Button(
                "Delete",
                elem_id="conversation-delete",
                variant="stop",
                size="md",
                scale=0,
                min_width=90,
                interactive=usable,
            )
        self._status = gr.HTML(
            _problem_html(self.problem) if self.problem else "",
            elem_id="conversation-status",
            js_on_load=None,
        )
        with gr.Row(elem_id="delete-confirm", visible=False) as self._confirm_row:
            self._confirm_text = gr.HTML("", elem_id="delete-question", js_on_load=None)
            self._confirm = gr.Button(
                "Delete it",
                elem_id="delete-yes",
                variant="stop",
                size="sm",
                scale=0,
                min_width=100,
            )
            self._cancel = gr.Button(
                "Keep it", elem_id="delete-no", size="sm", scale=0, min_width=100
            )
        with gr.Row(elem_id="feedback-row", visible=False) as self._note_row:
            self._note_label = gr.HTML("", elem_id="feedback-prompt", js_on_load=None)
            self._note = gr.Textbox(
                show_label=False,
                placeholder="What was right or wrong? (optional)",
                max_lines=3,
                elem_id="feedback-note",
                scale=4,
            )
            self._save_note = gr.Button(
                "Save note", elem_id="feedback-save", size="sm", scale=0, min_width=100
            )
        self._feedback_status = gr.HTML("", elem_id="feedback-status", js_on_load=None)

    def _shown_controls(self, state: ChatState, view: PanelView) -> tuple[Any, ...]:
        import gradio as gr

        return (
            gr.update(choices=view.choices, value=view.selected),
            view.name,
            view.status,
        )

    def _chat_view(self, state: ChatState) -> tuple[Any, str]:
        import gradio as gr

        messages, evidence, _ = self.chat.view(state)
        return gr.update(value=messages, feedback_value=self.feedback_values(state)), evidence

    def wire(
        self,
        parts: "ChatParts",
        answers: list[Any],
        asked: list[Any],
        slow: Callable[[Any], bool],
        backend: "gr.State",
    ) -> None:
        """Wire the controls to the chat tab's ``parts``; ``answers`` are its answer steps
        (the list is refreshed after each), ``asked`` the inputs of an answer step."""
        import gradio as gr

        self._parts = parts
        state, chatbot, evidence = parts.state, parts.chatbot, parts.evidence
        controls = [self._list_box, self._name, self._status]
        shown = [chatbot, evidence, state, *controls]

        def listing(state: ChatState) -> tuple[Any, ...]:
            return self._shown_controls(state, self.view(state))

        for answer in answers:
            answer.then(listing, [state], controls, queue=False, **PRIVATE)

        def switch(state: ChatState, conversation_id: str | None) -> tuple[Any, ...]:
            state, view = self.open(state, conversation_id)
            return (*self._chat_view(state), state, *self._shown_controls(state, view))

        self._list_box.input(switch, [state, self._list_box], shown, queue=False, **PRIVATE)

        def rename(state: ChatState, name: str) -> tuple[Any, ...]:
            return self._shown_controls(state, self.rename(state, name))

        self._rename.click(rename, [state, self._name], controls, queue=False, **PRIVATE)
        self._name.submit(rename, [state, self._name], controls, queue=False, **PRIVATE)

        def ask_delete(state: ChatState) -> tuple[Any, ...]:
            target, question = self.confirm_delete(state)
            return target, question, gr.update(visible=target is not None)

        self._delete.click(
            ask_delete,
            [state],
            [self._pending_delete, self._confirm_text, self._confirm_row],
            queue=False,
            **PRIVATE,
        )

        def delete(state: ChatState, target: str | None) -> tuple[Any, ...]:
            state, view = self.delete(state, target)
            return (
                *self._chat_view(state),
                state,
                *self._shown_controls(state, view),
                None,
                gr.update(visible=False),
            )

        self._confirm.click(
            delete,
            [state, self._pending_delete],
            [*shown, self._pending_delete, self._confirm_row],
            queue=False,
            **PRIVATE,
        )
        self._cancel.click(
            lambda: (None, gr.update(visible=False)),
            None,
            [self._pending_delete, self._confirm_row],
            queue=False,
            **PRIVATE,
        )

        # New chat (the chat tab's button or the chat's clear): nothing is selected, and no
        # thumb of the conversation before stays on the new one's answers.
        for trigger in (parts.new_chat.click, chatbot.clear):
            trigger(
                lambda: (
                    gr.update(value=None),
                    "",
                    "",
                    gr.update(visible=False),
                    gr.update(feedback_value=[]),
                ),
                None,
                [self._list_box, self._name, self._status, self._note_row, chatbot],
                queue=False,
                **PRIVATE,
            )

        def like(state: ChatState, event: gr.LikeData) -> tuple[Any, ...]:
            position, prompt = self.vote(state, event.index, event.liked)
            return position, prompt, "", gr.update(visible=position is not None), ""

        chatbot.like(
            like,
            [state],
            [self._note_turn, self._note_label, self._note, self._note_row, self._feedback_status],
            queue=False,
            **PRIVATE,
        )

        def save_note(state: ChatState, position: int | None, note: str) -> tuple[Any, ...]:
            said = self.save_note(state, position, note)
            saved = bool(said)
            return (
                f'<p class="conversation-note" role="status">{said}</p>' if saved else "",
                gr.update(visible=not saved),
                "" if saved else note,
            )

        note_outputs = [self._feedback_status, self._note_row, self._note]
        for trigger in (self._save_note.click, self._note.submit):
            trigger(
                save_note,
                [state, self._note_turn, self._note],
                note_outputs,
                queue=False,
                **PRIVATE,
            )

        # Regenerate: the chat's retry button on the last answer.
        view = [chatbot, evidence, state]

        def regenerate(state: ChatState) -> tuple[Any, ...]:
            state = self.regenerate(state)
            return (*self._chat_view(state), state)

        again = (
            chatbot.retry(
                regenerate,
                [state],
                view,
                queue=False,
                **PRIVATE,
            )
            .then(
                lambda b: gr.update(visible=slow(b)), [backend], parts.stop, queue=False, **PRIVATE
            )
            .then(self.chat.stream_answer, asked, view, show_progress="minimal", **PRIVATE)
        )
        again.failure(self.chat.abandon, [state], view, queue=False, **PRIVATE)
        again.then(
            lambda s: gr.update(visible=s.answering is not None),
            [state],
            parts.stop,
            queue=False,
            **PRIVATE,
        ).then(listing, [state], controls, queue=False, **PRIVATE)

    def on_load(self, demo: "gr.Blocks") -> None:
        """When a page loads: its owner, and the owner's most recent conversation shown."""
        import gradio as gr

        parts = self._parts

        def load(browser: str | None, state: ChatState, request: gr.Request) -> tuple[Any, ...]:
            username = getattr(request, "username", None) if request is not None else None
            browser, state, view = self.start(browser, state, username)
            return (
                browser,
                *self._chat_view(state),
                state,
                *self._shown_controls(state, view),
            )

        demo.load(
            load,
            [self._browser, parts.state],
            [
                self._browser,
                parts.chatbot,
                parts.evidence,
                parts.state,
                self._list_box,
                self._name,
                self._status,
            ],
            queue=False,
            **PRIVATE,
        )


def _turn_position(index: Any) -> int | None:
    """The turn of a chat message index (two messages per turn: question, answer)."""
    if isinstance(index, (list, tuple)):
        index = index[0]
    if not isinstance(index, int) or index < 0:
        return None
    return index // 2


def _problem_html(message: str) -> str:
    return f'<div class="conversation-problem" role="alert">{escape_text(message)}</div>'
