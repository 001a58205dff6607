"""What the UI's events do: thin calls into the ``Assistant`` service, then rendering.

No retrieval or answer logic lives here: questions go through a ``ChatSession`` of the
service (so follow-ups work as they do in the CLI and the API), the corpus through
``ingest_uploads`` and ``documents``. The answer backend is each tab's own choice
(``Backends``), never a switch of the shared service. The handlers return plain values (HTML
strings, chat messages, state) and never import gradio, so they can be tested without a
browser.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.api.errors import APIError
from assistant.api.limits import SessionQuota
from assistant.chat import ChatSession
from assistant.filters import read_filters
from assistant.types import Answer, Article, Filters, Turn
from assistant.ui.backends import Backend, Backends
from assistant.ui.corpus import Rejected, documents_html, upload_problem, upload_report_html
from assistant.ui.evidence import EvidenceItem, evidence_for, evidence_panel_html
from assistant.ui.render import chat_messages, escape_text
from assistant.ui.state import AskRequest, ChatState, ChatTurn
from assistant.writelock import StoreBusy

if TYPE_CHECKING:
    from assistant.ingest import Progress, Throughput
    from assistant.service import Assistant

log = logging.getLogger(__name__)

Messages = list[dict[str, str]]
ChatView = tuple[Messages, str, ChatState]
"""Chat messages, evidence panel HTML, and the tab's state."""
UploadProgress = Callable[[float, str], None]
"""Called as ``progress(fraction_done, description)``."""
QUESTION_SHOWN_CHARS = 300
"""How much of a question too long to ask the chat shows."""
ABANDONED_TEXT = "No answer came back; the server may be busy. Ask again."


def too_long_text(question: str, limit: int) -> str:
    """Why a question was not asked: the message the chat shows in place of an answer."""
    return (
        f"This question is {len(question):,} characters long; questions can be at most "
        f"{limit:,} characters. Shorten it (it is still in the box) and send it again."
    )


class ChatHandlers:
    """Questions and conversations."""

    def __init__(
        self,
        assistant: Assistant,
        *,
        backends: Backends | None = None,
        sessions: SessionQuota | None = None,
    ) -> None:
        self.assistant = assistant
        self.backends = backends or Backends(assistant)
        self.sessions = sessions or SessionQuota(assistant)
        # Guards each tab's claim to answer its questions (held only to read or set it).
        self._lock = threading.Lock()
        self.on_answer: Callable[[ChatState, ChatTurn], None] | None = None
        """Called with each turn that gets its final answer (the saved conversations)."""

    def add_question(
        self,
        question: str,
        state: ChatState,
        depth: float | None = None,
        backend: Backend | None = None,
        outlets: list[str] | str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> tuple[str, Messages, ChatState]:
        """Show the question at once (the answer streams in the next step), with the tab's
        settings and filters as they are now; ignore blank ones. A question sent while an
        answer is still coming waits its turn and is answered next, in order. One longer than
        the limit (``api.max_question_chars``) is not asked: the chat says why, and the box
        keeps it to shorten."""
        question = question.strip()
        if not question:
            return question, chat_messages(state.turns), state
        limit = self.assistant.settings.api.max_question_chars
        if len(question) > limit:
            shown = question[:QUESTION_SHOWN_CHARS].rstrip() + "…"
            state.ask(ChatTurn(question=shown, error=too_long_text(question, limit)))
            return question, chat_messages(state.turns), state
        request = AskRequest(depth, backend, outlets, since, until)
        # Nothing given (a caller without the tab's controls): the answering step's apply.
        recorded = request if request != AskRequest() else None
        state.ask(ChatTurn(question=question, request=recorded))
        return "", chat_messages(state.turns), state

    def stream_answer(
        self,
        state: ChatState,
        depth: float | None,
        backend: Backend | None = None,
        outlets: list[str] | str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[ChatView]:
        """Stream the answers of the waiting questions, oldest first, each with the backend,
        depth and filters it was asked with (these arguments stand in for a question that
        recorded none), and show their evidence. While one step of a tab answers, another
        one (a question sent meanwhile) leaves its question to it, so answers never
        interleave and follow-ups see the turns before them."""
        owner = self._claim(state)
        if owner is None:
            yield self.view(state)
            return
        fallback = AskRequest(depth, backend, outlets, since, until)
        try:
            turn = self._next(state, owner)
            if turn is None:  # nothing to answer (a question too long to ask)
                yield self.view(state)
            while turn is not None:
                yield from self._answer(state, turn, turn.request or fallback)
                turn = self._next(state, owner)
        finally:
            with self._lock:
                if state.answering is owner:
                    state.answering = None

    def _claim(self, state: ChatState) -> object | None:
        """A token making this step the one answering the tab's questions; None when another
        step already is."""
        with self._lock:
            if state.answering is not None:
                return None
            state.answering = owner = object()
            return owner

    def _next(self, state: ChatState, owner: object) -> ChatTurn | None:
        """The next question for the step holding ``owner``; None (and the tab released) when
        none waits, or when the step lost its claim (Stop)."""
        with self._lock:
            if state.answering is not owner:
                return None
            turn = state.waiting
            if turn is None:
                state.answering = None
            return turn

    def _answer(self, state: ChatState, turn: ChatTurn, request: AskRequest) -> Iterator[ChatView]:
        """Stream the answer of ``turn``; whatever happens, the turn ends answered or with a
        message saying why not."""
        top_k = int(request.depth) if request.depth else None
        try:
            filters = self.filters(request.outlets, request.since, request.until)
        except ValueError as exc:  # a date that cannot be read, an unknown outlet
            turn.error = str(exc)
            yield self.view(state)
            return
        try:
            session = self._session(state, request.backend)
        except APIError as exc:  # too many conversations, or this one is full
            turn.error = exc.message
            yield self.view(state)
            return
        try:
            for event in session.stream(turn.question, top_k=top_k, filters=filters):
                if turn.stopped:  # leaving the loop closes the stream (and the LLM request)
                    break
                if event.delta is not None:
                    turn.partial += event.delta
                    yield self.view(state)
                elif event.answer is not None:
                    turn.evidence = self.evidence(event.answer)
                    turn.answer = event.answer
        except Exception as exc:  # a failed answer is shown in the chat, never a stuck spinner
            log.exception("answering %r failed", turn.question)
            turn.error = f"{type(exc).__name__}: {exc}"
        if turn.pending:
            turn.error = "The answer stream ended without an answer."
        if turn.answer is not None and self.on_answer is not None:
            try:
                self.on_answer(state, turn)
            except Exception:  # the answer is shown even when it cannot be saved
                log.exception("saving the answer to %r failed", turn.question)
        yield self.view(state)

    def filters(
        self, outlets: list[str] | str | None, since: str | None, until: str | None
    ) -> Filters | None:
        """The filter controls' values as filters, outlets as stored (None: unrestricted);
        raises ``ValueError`` with a message to show for a bad date or an unknown outlet."""
        return self.assistant.resolve_filters(read_filters(outlets, since, until))

    def outlets(self) -> list[str]:
        """The choices of the outlet control: the outlets of the stored articles."""
        return self.assistant.outlets()

    def stop_answer(self, state: ChatState) -> ChatView:
        """Stop the answer that is streaming and the questions waiting behind it; the session
        does not record a stopped turn, and the next question starts afresh."""
        with self._lock:
            for turn in state.queued:
                turn.stopped = True
            state.answering = None
        return self.view(state)

    def abandon(self, state: ChatState) -> ChatView:
        """The answer step failed before it could report (e.g. the queue was full): unless
        another step is answering this tab's questions (it takes them all), say so, and let
        the next question through."""
        with self._lock:
            if state.answering is None:
                for turn in state.queued:
                    turn.error = ABANDONED_TEXT
        return self.view(state)

    def new_chat(self, state: ChatState) -> tuple[str, Messages, str, ChatState]:
        """Forget the conversation (here and in the service) and start a fresh one."""
        if state.session_id:
            self.sessions.delete(state.session_id)
        fresh = ChatState(owner=state.owner)
        messages, evidence, fresh = self.view(fresh)
        return "", messages, evidence, fresh

    def view(self, state: ChatState) -> ChatView:
        return chat_messages(state.turns), evidence_panel_html(state.turns), state

    def evidence(self, answer: Answer) -> list[EvidenceItem]:
        """The evidence cards of an answer, each with its article's text around the span."""
        articles: dict[str, Article | None] = {}
        for citation in answer.citations:
            if citation.source not in articles:
                articles[citation.source] = self.assistant.article(citation.source)
        return [evidence_for(c, articles[c.source]) for c in answer.citations]

    def _session(self, state: ChatState, backend: Backend | None) -> ChatSession:
        """The tab's conversation, answering with ``backend``; raises ``APIError`` when no
        conversation can be started or this one is full."""
        session = self.sessions.get(state.session_id) if state.session_id else None
        if session is None:
            session = self.sessions.create()
            state.session_id = session.id
            # A conversation shown again (a saved one reopened): follow-ups see its answers.
            session.turns = [_history(turn) for turn in state.turns if turn.answer is not None]
        self.sessions.check_turns(session)
        service = self.backends.get(backend)
        if service is self.assistant:
            return session
        # The same conversation (its turns list is shared), answered by the tab's backend.
        chosen = ChatSession(service, session.id)
        chosen.turns = session.turns
        return chosen


def _history(turn: ChatTurn) -> Turn:
    """An answered turn as follow-up questions see it (``ChatSession.turns``)."""
    assert turn.answer is not None
    answer = turn.answer
    return Turn(question=turn.question, answer=answer.answer, short_answer=answer.short_answer)


class CorpusHandlers:
    """The article list and uploads."""

    def __init__(self, assistant: Assistant, max_upload_bytes: int) -> None:
        self.assistant = assistant
        self.max_upload_bytes = max_upload_bytes

    def documents(self) -> str:
        return documents_html(self.assistant.documents())

    def upload(
        self, paths: list[str] | None, progress: UploadProgress | None = None
    ) -> tuple[str, str]:
        """Ingest the uploaded files that pass the type and size checks; report each file."""
        if not paths:
            return '<p class="upload-hint">Choose one or more files first.</p>', self.documents()
        accepted: list[tuple[str, bytes]] = []
        rejected: list[Rejected] = []
        for path in map(Path, paths):
            problem = upload_problem(path.name, path.stat().st_size, self.max_upload_bytes)
            if problem:
                rejected.append(Rejected(path.name, problem))
            else:
                accepted.append((path.name, path.read_bytes()))
        report = None
        if accepted:
            try:
                report = self.assistant.ingest_uploads(accepted, progress=_embedding(progress))
            except StoreBusy as exc:  # nothing was written: each file says why, to retry
                rejected += [Rejected(name, f"not indexed: {exc}") for name, _ in accepted]
                accepted = []
        infos = self.assistant.documents()
        chunks = {info.source: info.chunks for info in infos}
        names = [name for name, _ in accepted]
        return upload_report_html(names, report, rejected, chunks), documents_html(infos)


def _embedding(progress: UploadProgress | None) -> Progress | None:
    if progress is None:
        return None

    def update(state: Throughput) -> None:
        fraction = state.done / state.total if state.total else 1.0
        progress(fraction, f"Embedding {state.label}")

    return update


class SettingsHandlers:
    """Settings of one browser tab, applied to its next question; none changes the service
    or another tab."""

    def __init__(self, assistant: Assistant, backends: Backends | None = None) -> None:
        self.assistant = assistant
        self.backends = backends or Backends(assistant)

    def backend(self, choice: Backend | None = None) -> Backend:
        """The backend a tab answers with: its ``choice``, else the service's."""
        return choice or self.backends.default()

    def streams(self, choice: Backend | None = None) -> bool:
        """Whether answers stream slowly enough (from an LLM) to be worth a Stop button."""
        return self.backend(choice) != "extractive"

    def set_backend(self, backend: Backend, current: Backend | None = None) -> tuple[Backend, str]:
        """The tab's new backend and its status; if ``backend`` cannot start, the tab keeps
        ``current`` and the status says why."""
        try:
            self.backends.get(backend)
        except Exception as exc:  # whatever stops a backend starting is shown, not raised
            log.warning("cannot switch the answer backend to %s: %s", backend, exc)
            kept = self.backend(current)
            return kept, self.status(kept, problem=f"Could not switch to {backend}: {exc}")
        return backend, self.status(backend)

    def status(self, choice: Backend | None = None, problem: str | None = None) -> str:
        """What answers this tab's questions, and what is wrong with it, if anything."""
        service = self.backends.get(self.backend(choice))
        settings = service.settings
        # The service stands in the offline answer for an LLM that cannot start, and says why.
        problem = problem or service.backend_problem
        if settings.answer.backend == "openai":
            where = settings.llm.base_url or "the OpenAI API"
            current = f"LLM <b>{escape_text(settings.llm.model)}</b> at {escape_text(where)}"
        else:
            current = "offline extractive answers (quotes the best evidence sentences)"
        error = f'<div class="settings-error">{escape_text(problem)}</div>' if problem else ""
        return f'{error}<div class="settings-status">Answering with {current}.</div>'

    @staticmethod
    def depth_status(depth: float | None) -> str:
        """The line under the depth slider: the depth this tab's questions are now asked
        with, shown once the tab's state holds it."""
        passages = int(depth) if depth else 0
        noun = "passage" if passages == 1 else "passages"
        return f'<div class="settings-status">Each question retrieves {passages} {noun}.</div>'
