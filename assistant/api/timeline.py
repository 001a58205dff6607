"""``POST /api/v1/timeline``: the dated developments of a story across the articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from pydantic import Field

from assistant.api.blocking import AnswerSlots
from assistant.api.errors import APIError, error_responses
from assistant.api.questions import check_question, request_filters
from assistant.api.schemas import (
    NOT_BLANK,
    OUTLETS_DOC,
    QUESTION_CEILING,
    SINCE_DOC,
    UNTIL_DOC,
    _Body,
)
from assistant.timeline import empty_text
from assistant.types import Timeline

if TYPE_CHECKING:
    from assistant.service import Assistant


class TimelineRequest(_Body):
    """A story to trace across the articles."""

    topic: str = Field(
        min_length=1,
        max_length=QUESTION_CEILING,
        pattern=NOT_BLANK,
        description="The story in a few words; at most api.max_question_chars characters.",
        examples=["the Oroville dam"],
    )
    outlets: list[str] | str | None = Field(
        default=None, description=OUTLETS_DOC.replace("a question", "a topic"), examples=[["DW"]]
    )
    since: str | None = Field(default=None, description=SINCE_DOC, examples=["2017-02-01"])
    until: str | None = Field(default=None, description=UNTIL_DOC, examples=["2017-03-31"])


class TimelineReply(Timeline):
    """The timeline, oldest first, and why it is empty when it is."""

    message: str | None = Field(
        default=None,
        description="Set when there are no entries: the articles (within the filters) do not "
        "cover the topic.",
    )


def timeline_router(assistant: Assistant, max_topic_chars: int, slots: AnswerSlots) -> APIRouter:
    """The timeline route over ``assistant``; computed in an answer slot, as answers are."""
    router = APIRouter(tags=["questions"])

    @router.post("/timeline", responses=error_responses(413, 422))
    async def timeline(body: TimelineRequest) -> TimelineReply:
        """The dated developments of a story, oldest first: one sentence per article with its
        marker [n] and the exact span it quotes, reports that say the same collapsed into one
        entry whose ``also`` names the other outlets. ``outlets``, ``since`` and ``until``
        restrict the articles searched, as for /ask. A topic the articles do not cover gives
        no entries and a ``message``."""
        check_topic(body.topic, max_topic_chars)
        filters = await request_filters(assistant, body.outlets, body.since, body.until)
        found = await slots.call(lambda: assistant.timeline(body.topic, filters=filters))
        message = None if found.entries else empty_text(found)
        return TimelineReply(**found.model_dump(), message=message)

    return router


def check_topic(topic: str, limit: int) -> None:
    """422 for a topic too long, holding control characters, or blank (as for a question)."""
    try:
        check_question(topic, limit, param="topic")
    except APIError as exc:
        exc.message = exc.message.replace("The question", "The topic", 1)
        raise
