"""What the generated OpenAPI schema cannot say by itself: the events of the two streams, and
the question limit configured at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from assistant.api.openai_schemas import ChatCompletionChunk
from assistant.api.schemas import TokenEvent

_COMPONENTS = "#/components/schemas/"
# Models that appear only inside stream events, so FastAPI does not list them by itself.
_EVENT_MODELS: list[type[BaseModel]] = [TokenEvent, ChatCompletionChunk]


def _json_data(ref: str) -> dict[str, Any]:
    """An event's ``data``: a JSON document of the named component."""
    return {
        "type": "string",
        "contentMediaType": "application/json",
        "contentSchema": {"$ref": _COMPONENTS + ref},
    }


def _named_event(name: str, ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["event", "data"],
        "properties": {"event": {"const": name}, "data": _json_data(ref)},
    }


# Open API 3.1: under text/event-stream, `schema` describes one event (its fields as parsed).
ANSWER_EVENTS = {
    "oneOf": [
        _named_event("token", "TokenEvent"),
        _named_event("answer", "Answer"),
        _named_event("error", "ErrorBody"),
    ]
}
COMPLETION_EVENTS = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {"anyOf": [_json_data("ChatCompletionChunk"), {"const": "[DONE]"}]},
    },
}


def event_stream(description: str, events: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """A ``responses`` entry for a 200 that is a server-sent-event stream."""
    return {200: {"description": description, "content": {"text/event-stream": {"schema": events}}}}


def customise(app: FastAPI, max_question_chars: int) -> None:
    """Add the event models and the configured question limit to the published schema."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        _, extra = models_json_schema(
            [(model, "serialization") for model in _EVENT_MODELS],
            ref_template=_COMPONENTS + "{model}",
        )
        for name, definition in extra.get("$defs", {}).items():
            components.setdefault(name, definition)
        components["AskRequest"]["properties"]["question"]["maxLength"] = max_question_chars
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
