"""``/api/v1``: ask (whole answer or server-sent events) and sessions for follow-ups."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import APIRouter, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.api.blocking import AnswerSlots
from assistant.api.errors import APIError, error_json, error_responses
from assistant.api.openapi import ANSWER_EVENTS, event_stream
from assistant.api.schemas import AskRequest, Session, TokenEvent
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.service import Assistant, StreamEvent

log = logging.getLogger(__name__)

_STREAM_DOC = event_stream(
    "Server-sent events: `token` events as the text is produced, then one `answer` event with "
    "the complete Answer (its text is authoritative and its citations number its markers), "
    "or an `error` event.",
    ANSWER_EVENTS,
)


def questions_router(
    assistant: Assistant, max_question_chars: int, slots: AnswerSlots
) -> APIRouter:
    """The question and session routes over ``assistant``."""
    router = APIRouter(tags=["questions"])

    @router.post("/ask", responses=error_responses(404, 413, 422))
    async def ask(body: AskRequest) -> Answer:
        """Answer a question with inline [n] markers and the exact spans they cite."""
        check_question(body.question, max_question_chars, param="question")
        session = find_session(assistant, body.session_id)
        if session is not None:
            return await slots.call(lambda: session.ask(body.question, top_k=body.top_k))
        return await slots.call(lambda: assistant.ask(body.question, top_k=body.top_k))

    @router.post(
        "/ask/stream",
        response_class=EventSourceResponse,
        responses={**_STREAM_DOC, **error_responses(404, 413, 422)},
    )
    async def ask_stream(body: AskRequest) -> EventSourceResponse:
        """Answer a question as server-sent events: tokens, then the final answer."""
        check_question(body.question, max_question_chars, param="question")
        session = find_session(assistant, body.session_id)
        target: Assistant | ChatSession = session or assistant
        events = slots.iterate(lambda: target.stream(body.question, top_k=body.top_k))
        return EventSourceResponse(_sse(events), ping=15)

    @router.post("/sessions", status_code=201)
    async def create_session() -> Session:
        """Start a conversation; send its id with each question of it."""
        return Session(id=assistant.sessions.create().id)

    @router.get("/sessions/{session_id}", responses=error_responses(404))
    async def get_session(session_id: str) -> Session:
        """The turns of a conversation so far."""
        session = require_session(assistant, session_id, param="session_id")
        return Session(id=session.id, turns=list(session.turns))

    @router.delete("/sessions/{session_id}", status_code=204, responses=error_responses(404))
    async def delete_session(session_id: str) -> Response:
        """Forget a conversation."""
        if not assistant.sessions.delete(session_id):
            raise _unknown_session(session_id, "session_id")
        return Response(status_code=204)

    return router


def check_question(question: str, limit: int, *, param: str) -> None:
    """422 when the question is longer than the configured limit."""
    if len(question) > limit:
        raise APIError(
            422,
            "question_too_long",
            f"The question has {len(question)} characters; the limit is {limit} "
            "(api.max_question_chars). Ask something shorter.",
            param=param,
        )


def find_session(
    assistant: Assistant, session_id: str | None, *, param: str = "session_id"
) -> ChatSession | None:
    """The session with this id (None when no id was given); 404 when the id is unknown."""
    if session_id is None:
        return None
    return require_session(assistant, session_id, param=param)


def require_session(assistant: Assistant, session_id: str, *, param: str) -> ChatSession:
    """The session with this id; 404 naming ``param`` when the id is unknown."""
    session = assistant.sessions.get(session_id)
    if session is None:
        raise _unknown_session(session_id, param)
    return session


def _unknown_session(session_id: str, param: str) -> APIError:
    return APIError(
        404,
        "session_not_found",
        f"No session {session_id!r}: it never existed, was deleted, or expired after the "
        "server restarted. Create one with POST /api/v1/sessions.",
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
