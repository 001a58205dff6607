"""Bodies of the OpenAI-compatible endpoint (``/v1``), with the fields clients actually send.

Sampling options (temperature, max_tokens ...) are accepted and ignored: answers come from
the articles through the configured backend. Two extensions: ``top_k`` on the request, and
``citations``/``abstained``/``warning`` on the response and the final stream chunk.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import Citation

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


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="The answer with inline [n] markers.")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    """Tokens counted with tiktoken cl100k_base (the assistant may run no LLM at all)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


_CITATIONS = "Extension: one per marker [n] in the content, the exact span of the cited article."
_ABSTAINED = "Extension: true when the articles do not answer the question."
_WARNING = "Extension: set when the evidence for the answer is weak."


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


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
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


class Model(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]
