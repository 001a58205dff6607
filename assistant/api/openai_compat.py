"""``/v1``: the OpenAI chat-completions protocol over the assistant, so any OpenAI client or
tool can chat with the corpus.

The last message is the question; earlier user/assistant pairs are the chat history. A front
end's background request (a chat title, tags, follow-up suggestions: ``background``) is
answered in the JSON it asks for, without the reader. The content carries the [n] markers
and, unless switched off, a numbered Sources list (``openai_content``); ``citations`` (on the
response, or on the last streamed chunk) says what each marker points at, with exact offsets.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.answer.extractive import short_answer_in
from assistant.api.background import BackgroundTask, background_task
from assistant.api.blocking import AnswerSlots, in_thread
from assistant.api.errors import APIError, error_json, error_responses
from assistant.api.openai_content import (
    ContentLimits,
    StreamedContent,
    message_content,
    strip_sources,
)
from assistant.api.openai_schemas import (
    MODEL_ID,
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatMessage,
    Choice,
    ChunkChoice,
    Delta,
    FinishReason,
    Model,
    ModelList,
    Usage,
)
from assistant.api.openapi import COMPLETION_EVENTS, event_stream
from assistant.api.questions import check_question, request_filters
from assistant.text import count_tokens
from assistant.types import Answer, Turn

if TYPE_CHECKING:
    from assistant.service import Assistant, StreamEvent

log = logging.getLogger(__name__)

# Shown when the streamed LLM text failed the citation checks and the offline answer replaced
# it: an OpenAI client cannot take back what it already displayed, so the answer follows.
REPLACED_NOTE = "(The text above failed the citation check; the answer from the articles:)"
_STARTED = int(time.time())
_STREAM_DOC = event_stream(
    "A chat.completion; with stream=true, server-sent chat.completion.chunk events ending in "
    "`data: [DONE]` (the last chunk with a choice carries citations).",
    COMPLETION_EVENTS,
)


# Server-sent events end their lines with "\n" (the form OpenAI sends and SSE parsers in
# clients such as Open WebUI split on), not sse-starlette's default "\r\n".
_SEP = "\n"
MAX_STOP_SEQUENCES = 4


def openai_router(
    assistant: Assistant, max_question_chars: int, slots: AnswerSlots, *, sources: bool = True
) -> APIRouter:
    """The OpenAI-compatible routes over ``assistant``; ``sources``: whether the content
    carries the Sources list when a request does not say (``api.openai_sources``)."""
    router = APIRouter(tags=["openai-compatible"])

    @router.get("/models")
    async def list_models() -> ModelList:
        """The model ids accepted by /v1/chat/completions."""
        return ModelList(data=[_model()])

    @router.get("/models/{model_id}", responses=error_responses(404))
    async def get_model(model_id: str) -> Model:
        """One model, if it exists."""
        _check_model(model_id, "model_id")
        return _model()

    @router.post(
        "/chat/completions",
        response_model=ChatCompletion,
        responses={**_STREAM_DOC, **error_responses(400, 404, 413, 422)},
    )
    async def chat_completions(body: ChatCompletionRequest) -> ChatCompletion | EventSourceResponse:
        """Answer the last user message from the articles, with [n] citation markers and a
        numbered Sources list in the content."""
        _check_model(body.model, "model")
        task = background_task(body.messages[-1].text) if body.messages[-1].role == "user" else None
        check_supported(body, json_reply=task is not None and task.key is not None)
        if task is not None:
            return await _background(task, body, assistant)
        question, history = conversation(body.messages)
        check_question(question, max_question_chars, param="messages")
        filters = await request_filters(assistant, body.outlets, body.since, body.until)
        top_k = body.top_k
        shown = _Shown(body, sources)
        if body.stream:
            include_usage = bool(body.stream_options and body.stream_options.include_usage)
            events = slots.iterate(
                lambda: assistant.stream(question, history=history, top_k=top_k, filters=filters)
            )
            return EventSourceResponse(
                _chunks(events, body, shown, include_usage), ping=15, sep=_SEP
            )
        answer = await slots.call(
            lambda: assistant.ask(question, history=history, top_k=top_k, filters=filters)
        )
        return _completion(answer, body, shown)

    return router


def check_supported(body: ChatCompletionRequest, *, json_reply: bool = False) -> None:
    """400 for what this endpoint cannot do: structured output (but JSON mode for a background
    task that asks for JSON), tools, more than 4 stops."""
    kind = (body.response_format or {}).get("type", "text")
    if kind != "text" and not (json_reply and kind == "json_object"):
        raise APIError(
            400,
            "unsupported_parameter",
            f"response_format {kind!r} is not supported: answers are text with citation "
            "markers. Leave response_format out, or use {'type': 'text'}.",
            param="response_format",
        )
    for name in ("tools", "functions", "tool_choice", "function_call"):
        value = getattr(body, name)
        if value not in (None, [], "none"):
            raise APIError(
                400,
                "unsupported_parameter",
                f"{name} is not supported: the assistant answers from the articles and calls "
                "no tools. Leave it out.",
                param=name,
            )
    if len(body.stop_sequences) > MAX_STOP_SEQUENCES:
        raise APIError(
            400,
            "invalid_value",
            f"stop takes at most {MAX_STOP_SEQUENCES} sequences.",
            param="stop",
        )


def conversation(messages: list[ChatMessage]) -> tuple[str, list[Turn]]:
    """The question (the last message, from the user) and the earlier exchanges as turns."""
    last = messages[-1]
    if last.role != "user" or not last.text.strip():
        raise APIError(
            422,
            "invalid_messages",
            "The last message must be the user's question, with text.",
            param="messages",
        )
    history: list[Turn] = []
    pending: str | None = None
    for message in messages[:-1]:
        if message.role == "user":
            pending = message.text
        elif message.role == "assistant" and pending is not None:
            # A client sends our whole content back: the Sources list is not the answer.
            answer = strip_sources(message.text)
            history.append(
                Turn(question=pending, answer=answer, short_answer=short_answer_in(answer))
            )
            pending = None
    return last.text, history


def _check_model(model_id: str, param: str) -> None:
    if model_id != MODEL_ID:
        raise APIError(
            404,
            "model_not_found",
            f"The model {model_id!r} does not exist; use {MODEL_ID!r} (GET /v1/models).",
            param=param,
        )


def _model() -> Model:
    return Model(id=MODEL_ID, created=_STARTED, owned_by="assistant")


def _usage(messages: list[ChatMessage], answer: str) -> Usage:
    prompt = sum(count_tokens(m.text) for m in messages)
    completion = count_tokens(answer)
    return Usage(
        prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion
    )


class _Shown:
    """What a request asked to be shown: the Sources list or not, its stop and token limits."""

    def __init__(self, body: ChatCompletionRequest, sources_default: bool) -> None:
        self.sources = sources_default if body.sources is None else body.sources
        self.limits = ContentLimits(body.stop_sequences, body.token_limit)

    def content(self, answer_text: str, answer: Answer) -> str:
        return message_content(
            answer_text, answer.citations, sources=self.sources, filters=answer.filters
        )


async def _background(
    task: BackgroundTask, body: ChatCompletionRequest, assistant: Assistant
) -> ChatCompletion | EventSourceResponse:
    """The reply to a background task: no retrieval, no citations; stop and max_tokens apply."""
    parse = assistant.annotator.parse if task.kind == "tags" else None
    reply = await in_thread(lambda: task.reply(parse))
    content, cut = ContentLimits(body.stop_sequences, body.token_limit).apply(reply)
    finish: FinishReason = cut or "stop"
    log.info("answered a background %s request without the reader", task.kind)
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        return EventSourceResponse(
            _task_chunks(content, finish, body, include_usage), ping=15, sep=_SEP
        )
    return ChatCompletion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        model=body.model,
        choices=[Choice(message=AssistantMessage(content=content), finish_reason=finish)],
        usage=_usage(body.messages, content),
    )


async def _task_chunks(
    content: str, finish: FinishReason, body: ChatCompletionRequest, include_usage: bool
) -> AsyncIterator[ServerSentEvent]:
    out = _ChunkWriter(body)
    yield out.delta(Delta(role="assistant", content=""))
    if content:
        yield out.delta(Delta(content=content))
    yield out.finish(finish)
    if include_usage:
        yield out.usage(content)
    yield ServerSentEvent("[DONE]", sep=_SEP)


def _completion(answer: Answer, body: ChatCompletionRequest, shown: _Shown) -> ChatCompletion:
    content, cut = shown.limits.apply(shown.content(answer.answer, answer))
    return ChatCompletion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        model=body.model,
        system_fingerprint=answer.settings_hash,
        choices=[Choice(message=AssistantMessage(content=content), finish_reason=cut or "stop")],
        usage=_usage(body.messages, content),
        citations=answer.citations,
        abstained=answer.abstained,
        warning=answer.warning,
        filters=answer.filters,
    )


async def _chunks(
    events: AsyncIterator[StreamEvent],
    body: ChatCompletionRequest,
    shown: _Shown,
    include_usage: bool,
) -> AsyncIterator[ServerSentEvent]:
    out = _ChunkWriter(body)
    yield out.delta(Delta(role="assistant", content=""))
    content = StreamedContent(shown.limits)
    answer: Answer | None = None
    try:
        async for event in events:
            # Past a stop sequence or max_tokens nothing more is shown; the answer is still
            # awaited, for the citations of the final chunk.
            if event.delta and (piece := content.feed(event.delta)):
                yield out.delta(Delta(content=piece))
            if event.answer is not None:
                answer = event.answer
    except Exception as exc:  # the status line is sent: report the failure in-band
        log.exception("chat completion stream failed")
        yield ServerSentEvent(error_json(exc), sep=_SEP)
        return
    if answer is None:
        yield ServerSentEvent(error_json(RuntimeError("the answer stream ended early")), sep=_SEP)
        return
    shown_text = content.raw + _correction(content.raw, answer.answer)
    rest, finish = content.end(shown.content(shown_text, answer))
    if rest:
        yield out.delta(Delta(content=rest))
    yield out.final(answer, finish)
    if include_usage:
        yield out.usage(content.sent)
    yield ServerSentEvent("[DONE]", sep=_SEP)


class _ChunkWriter:
    """The chunks of one streamed completion: one id and timestamp for all of them."""

    def __init__(self, body: ChatCompletionRequest) -> None:
        self.body = body
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def delta(self, delta: Delta) -> ServerSentEvent:
        return self._event([ChunkChoice(delta=delta)])

    def final(self, answer: Answer, finish: FinishReason) -> ServerSentEvent:
        """The last chunk with a choice: finish_reason and the extension fields."""
        return self._event(
            [ChunkChoice(delta=Delta(), finish_reason=finish)],
            citations=answer.citations,
            abstained=answer.abstained,
            warning=answer.warning,
            filters=answer.filters,
        )

    def finish(self, finish: FinishReason) -> ServerSentEvent:
        """The last chunk of a reply that cites nothing."""
        return self._event(
            [ChunkChoice(delta=Delta(), finish_reason=finish)], citations=[], abstained=False
        )

    def usage(self, content: str) -> ServerSentEvent:
        return self._event([], usage=_usage(self.body.messages, content))

    def _event(self, choices: list[ChunkChoice], **extra: Any) -> ServerSentEvent:
        chunk = ChatCompletionChunk(
            id=self.id, created=self.created, model=self.body.model, choices=choices, **extra
        )
        # finish_reason is null (not absent) until the last chunk, as OpenAI sends it.
        data = chunk.model_dump(mode="json", exclude_none=True)
        for choice, model in zip(data["choices"], choices, strict=True):
            choice["finish_reason"] = model.finish_reason
        return ServerSentEvent(json.dumps(data, ensure_ascii=False), sep=_SEP)


def _correction(streamed: str, final: str) -> str:
    """What to append so that the client ends up showing the authoritative answer."""
    if streamed == final:
        return ""
    if final.startswith(streamed):
        return final[len(streamed) :]
    return f"\n\n{REPLACED_NOTE}\n\n{final}"
