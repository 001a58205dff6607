"""``/api/v1``: ask (whole answer or server-sent events) and sessions for follow-ups."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import APIRouter, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.api.blocking import AnswerSlots, in_thread
from assistant.api.errors import APIError, error_json, error_responses
from assistant.api.limits import SessionQuota
from assistant.api.openapi import ANSWER_EVENTS, event_stream
from assistant.api.schemas import AskRequest, Outlets, Session, TokenEvent
from assistant.filters import FilterError, UnknownOutlet, read_filters
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.service import Assistant, StreamEvent
    from assistant.types import Filters

log = logging.getLogger(__name__)

_STREAM_DOC = event_stream(
    "Server-sent events: `token` events as the text is produced, then one `answer` event with "
    "the complete Answer (its text is authoritative and its citations number its markers), "
    "or an `error` event.",
    ANSWER_EVENTS,
)


def questions_router(
    assistant: Assistant, max_question_chars: int, slots: AnswerSlots, sessions: SessionQuota
) -> APIRouter:
    """The question and session routes over ``assistant``; conversations within ``sessions``."""
    router = APIRouter(tags=["questions"])

    @router.post("/ask", responses=error_responses(404, 409, 413, 422))
    async def ask(body: AskRequest) -> Answer:
        """Answer a question with inline [n] markers and the exact spans they cite;
        ``outlets``, ``since`` and ``until`` restrict the articles searched (the answer's
        ``filters`` says what was applied)."""
        check_question(body.question, max_question_chars, param="question")
        filters = await request_filters(assistant, body.outlets, body.since, body.until)
        session = find_session(sessions, body.session_id)
        target: Assistant | ChatSession = session or assistant
        return await slots.call(
            lambda: target.ask(body.question, top_k=body.top_k, filters=filters)
        )

    @router.post(
        "/ask/stream",
        response_class=EventSourceResponse,
        responses={**_STREAM_DOC, **error_responses(404, 409, 413, 422)},
    )
    async def ask_stream(body: AskRequest) -> EventSourceResponse:
        """Answer a question as server-sent events: tokens, then the final answer."""
        check_question(body.question, max_question_chars, param="question")
        filters = await request_filters(assistant, body.outlets, body.since, body.until)
        session = find_session(sessions, body.session_id)
        target: Assistant | ChatSession = session or assistant
        events = slots.iterate(
            lambda: target.stream(body.question, top_k=body.top_k, filters=filters)
        )
        return EventSourceResponse(_sse(events), ping=15)

    @router.get("/outlets")
    async def outlets() -> Outlets:
        """The outlets of the stored articles: what ``outlets`` may name."""
        return Outlets(outlets=await in_thread(assistant.outlets))

    @router.post("/sessions", status_code=201, responses=error_responses(429))
    async def create_session() -> Session:
        """Start a conversation; send its id with each question of it."""
        return Session(id=sessions.create().id)

    @router.get("/sessions/{session_id}", responses=error_responses(404))
    async def get_session(session_id: str) -> Session:
        """The turns of a conversation so far."""
        session = require_session(sessions, session_id, param="session_id")
        return Session(id=session.id, turns=list(session.turns))

    @router.delete("/sessions/{session_id}", status_code=204, responses=error_responses(404))
    async def delete_session(session_id: str) -> Response:
        """Forget a conversation."""
        if not sessions.delete(session_id):
            raise _unknown_session(session_id, "session_id")
        return Response(status_code=204)

    return router


def check_question(question: str, limit: int, *, param: str) -> None:
    """422 when the question is longer than the configured limit, holds control characters
    or lone surrogates, or is blank (also by Python's wider idea of whitespace)."""
    if len(question) > limit:
        raise APIError(
            422,
            "question_too_long",
            f"The question has {len(question)} characters; the limit is {limit} "
            "(api.max_question_chars). Ask something shorter.",
            param=param,
        )
    bad = next((c for c in question if _unprintable(c)), None)
    if bad is not None:
        raise APIError(
            422,
            "invalid_characters",
            f"The question contains the character U+{ord(bad):04X}, which is not text "
            "(a control character or a lone surrogate); remove it.",
            param=param,
        )
    if not question.strip():
        raise APIError(422, "validation_error", "The question is blank.", param=param)


async def request_filters(
    assistant: Assistant, outlets: list[str] | str | None, since: str | None, until: str | None
) -> Filters | None:
    """The filters of a request, outlets as stored (None when it restricts nothing); 422 for
    a date that cannot be read, since after until, or an outlet no article is from (the
    message lists the known ones)."""
    try:
        filters = read_filters(outlets, since, until)
    except FilterError as exc:
        raise APIError(422, "invalid_filter", str(exc), param=exc.param) from None
    try:
        return await in_thread(lambda: assistant.resolve_filters(filters))
    except UnknownOutlet as exc:
        raise APIError(422, "unknown_outlet", str(exc), param="outlets") from None


def _unprintable(char: str) -> bool:
    # Cc: control characters (tab and line breaks are fine in a question); Cs: surrogates,
    # which JSON's "\ud800" escapes can smuggle into a str though they encode to nothing.
    return char not in "\t\n\r" and unicodedata.category(char) in {"Cc", "Cs"}


def find_session(
    sessions: SessionQuota, session_id: str | None, *, param: str = "session_id"
) -> ChatSession | None:
    """The session with this id (None when no id was given) with room for another question;
    404 when the id is unknown, 409 when the session is full."""
    if session_id is None:
        return None
    session = require_session(sessions, session_id, param=param)
    sessions.check_turns(session, param=param)
    return session


def require_session(sessions: SessionQuota, session_id: str, *, param: str) -> ChatSession:
    """The session with this id; 404 naming ``param`` when the id is unknown."""
    session = sessions.get(session_id)
    if session is None:
        raise _unknown_session(session_id, param)
    return session


def _unknown_session(session_id: str, param: str) -> APIError:
    return APIError(
        404,
        "session_not_found",
        f"No session {session_id!r}: it never existed, was deleted, went unused for an "
        "hour, or the server restarted. Create one with POST /api/v1/sessions.",
        param=param,
    )


async def _sse(events: AsyncIterator[StreamEvent]) -> AsyncIterator[ServerSentEvent]:
    try:
        async for event in events:
            if event.answer is not None:
                yield ServerSentEvent(event.answer.model_dump_json(), event="answer")
            elif event.delta:
                yield ServerSentEvent(
                    TokenEvent(delta=event.delta).model_dump_json(), event="token"
                )
    except Exception as exc:  # the status line is sent: report the failure in-band
        log.exception("answer stream failed")
        yield ServerSentEvent(error_json(exc), event="error")
