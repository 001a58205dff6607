"""Bodies of the OpenAI-compatible endpoint (``/v1``), with the fields clients actually send.

Sampling options (temperature, top_p ...) are accepted and ignored: answers come from the
articles through the configured backend. ``max_tokens`` and ``stop`` cut the content;
``response_format`` other than text, and tools, are refused (400). Extensions: ``top_k`` and
``sources`` and the filters ``outlets``/``since``/``until`` on the request,
``citations``/``abstained``/``warning``/``filters`` on the response and the final stream
chunk.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.api.schemas import OUTLETS_DOC, SINCE_DOC, UNTIL_DOC
from assistant.types import Citation, Filters

MODEL_ID = "news-assistant"


class TextPart(BaseModel):
    """One part of a message given as a list of parts; only text parts are read."""

    model_config = ConfigDict(extra="ignore")

    type: str = Field(description="'text' parts are read; other kinds are ignored.")
    text: str | None = Field(default=None, description="The text of a 'text' part.")


class ChatMessage(BaseModel):
    """One message of the conversation."""

    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"] = Field(
        description="user and assistant messages form the history; others are ignored."
    )
    content: str | list[TextPart] | None = Field(default=None, description="The message text.")

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: bool = Field(default=False, description="Send a last chunk with usage.")


class ChatCompletionRequest(BaseModel):
    """A chat completion request; the last message must be the user's question."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(description=f"A model id from GET /v1/models, e.g. {MODEL_ID!r}.")
    messages: list[ChatMessage] = Field(
        min_length=1, description="The conversation; the last one is the question."
    )
    stream: bool = Field(default=False, description="Stream chat.completion.chunk events.")
    stream_options: StreamOptions | None = Field(default=None, description="Streaming options.")
    n: int | None = Field(default=None, ge=1, le=1, description="Only 1 choice is produced.")
    top_k: int | None = Field(
        default=None, ge=1, le=50, description="Extension: passages to retrieve."
    )
    sources: bool | None = Field(
        default=None,
        description="Extension: append the numbered Sources list to the content (default: the "
        "api.openai_sources setting, on).",
    )
    outlets: list[str] | str | None = Field(default=None, description=f"Extension: {OUTLETS_DOC}")
    since: str | None = Field(default=None, description=f"Extension: {SINCE_DOC}")
    until: str | None = Field(default=None, description=f"Extension: {UNTIL_DOC}")
    max_tokens: int | None = Field(
        default=None, ge=1, description="Cut the content after this many tokens (cl100k_base)."
    )
    max_completion_tokens: int | None = Field(
        default=None, ge=1, description="The newer name of max_tokens; the smaller one applies."
    )
    stop: str | list[str] | None = Field(
        default=None, description="Up to 4 sequences; the content ends before the first one."
    )
    response_format: dict[str, Any] | None = Field(
        default=None, description="Only {'type': 'text'}: answers are prose with citations."
    )
    tools: list[Any] | None = Field(default=None, description="Not supported (400 if any).")
    tool_choice: Any = Field(default=None, description="Not supported (400 unless 'none').")
    functions: list[Any] | None = Field(default=None, description="Not supported (400 if any).")
    function_call: Any = Field(default=None, description="Not supported (400 unless 'none').")

    @property
    def stop_sequences(self) -> list[str]:
        if self.stop is None:
            return []
        return [self.stop] if isinstance(self.stop, str) else list(self.stop)

    @property
    def token_limit(self) -> int | None:
        limits = [n for n in (self.max_tokens, self.max_completion_tokens) if n is not None]
        return min(limits) if limits else None


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(
        description="The answer with inline [n] markers, then (unless switched off) its Sources."
    )


FinishReason = Literal["stop", "length"]


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: FinishReason = Field(
        default="stop", description="'length' when max_tokens cut the content."
    )
    logprobs: None = None


class Usage(BaseModel):
    """Tokens counted with tiktoken cl100k_base (the assistant may run no LLM at all)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


_CITATIONS = "Extension: one per marker [n] in the content, the exact span of the cited article."
_ABSTAINED = "Extension: true when the articles do not answer the question."
_WARNING = "Extension: set when the evidence for the answer is weak."
_FILTERS = (
    "Extension: the restriction the search ran under (the request's, or the outlet the "
    "question named: 'according to TASS'); absent when unrestricted."
)


class ChatCompletion(BaseModel):
    """A complete reply: OpenAI's ``chat.completion`` plus the extension fields."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    system_fingerprint: str | None = Field(default=None, description="The settings hash.")
    choices: list[Choice]
    usage: Usage
    citations: list[Citation] = Field(default_factory=list, description=_CITATIONS)
    abstained: bool = Field(default=False, description=_ABSTAINED)
    warning: str | None = Field(default=None, description=_WARNING)
    filters: Filters | None = Field(default=None, description=_FILTERS)


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: FinishReason | None = Field(
        default=None, description="null on every chunk but the last with a choice."
    )
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One streamed piece; the last one with choices carries the extension fields."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = Field(default=None, description="Only with include_usage, at the end.")
    citations: list[Citation] | None = Field(default=None, description=_CITATIONS)
    abstained: bool | None = Field(default=None, description=_ABSTAINED)
    warning: str | None = Field(default=None, description=_WARNING)
    filters: Filters | None = Field(default=None, description=_FILTERS)


class Model(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]
