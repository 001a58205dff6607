"""Request and response bodies of the JSON API (``/api/v1``).

Answers and articles are returned as the domain types themselves (``Answer``, ``ArticleInfo``,
``Article``), so the HTTP API and the Python API cannot drift apart.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import ArticleInfo, Turn

# The schema's ceiling for a question; the configured limit (api.max_question_chars, at most
# this) is enforced per request and written into the published schema by the app factory.
QUESTION_CEILING = 100_000
# No control characters (tab and line breaks aside: they are in \s), and anything but
# whitespace somewhere: a blank question is as empty as "". check_question says the same in
# words for routes whose schema cannot.
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
NOT_BLANK = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"


OUTLETS_DOC = (
    "Search only articles from these outlets (matched case-insensitively; GET "
    "/api/v1/outlets lists them; an unknown one is a 422). Without it, a question naming a "
    "stored outlet in an attribution ('according to TASS') is restricted to that outlet."
)
SINCE_DOC = (
    "Search only articles published on or after this date (2017-03-01, '1 March 2017', "
    "'March 2017': its first day)."
)
UNTIL_DOC = "Search only articles published on or before this date ('March 2017': its last day)."


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Body):
    """A question, optionally a follow-up in a session."""

    question: str = Field(
        min_length=1,
        max_length=QUESTION_CEILING,
        pattern=NOT_BLANK,
        description="The question in plain words; at most api.max_question_chars characters.",
        examples=["Who visited Kyiv on Thursday?"],
    )
    session_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="A session from POST /api/v1/sessions: the question is a follow-up in it.",
    )
    top_k: int | None = Field(
        default=None, ge=1, le=50, description="Passages to retrieve (default: retrieval.top_k)."
    )
    outlets: list[str] | str | None = Field(
        default=None,
        description=OUTLETS_DOC,
        examples=[["TASS"]],
    )
    since: str | None = Field(default=None, description=SINCE_DOC, examples=["2017-03-01"])
    until: str | None = Field(default=None, description=UNTIL_DOC, examples=["2017-03-31"])


class Outlets(BaseModel):
    """The outlets the stored articles are from: what questions can be restricted to."""

    outlets: list[str] = Field(description="Outlet names as stored, sorted.")


class TokenEvent(BaseModel):
    """The data of a ``token`` event: the next piece of the answer text."""

    delta: str = Field(description="Text to append to what was received so far.")


class Session(BaseModel):
    """A conversation kept by the server; follow-ups see its earlier turns."""

    id: str = Field(description="Send this as session_id with follow-up questions.")
    turns: list[Turn] = Field(default_factory=list, description="The exchanges so far.")


class SkippedFile(BaseModel):
    """An uploaded file that was not ingested."""

    file: str = Field(description="The file name as uploaded.")
    reason: str = Field(description="Why it was not ingested.")


class IngestResult(BaseModel):
    """What an upload did to the index."""

    articles: int = Field(description="Articles read from the upload.")
    added: int = Field(description="Chunks embedded and added.")
    removed: int = Field(description="Stale chunks removed (re-uploaded, changed articles).")
    unchanged: int = Field(description="Chunks already stored and kept.")
    documents: list[ArticleInfo] = Field(description="The uploaded articles as now indexed.")
    skipped: list[SkippedFile] = Field(description="Files not ingested, with the reason.")


class Health(BaseModel):
    """Liveness: the process answers."""

    status: str = Field(description="'ok'.")


class Readiness(BaseModel):
    """Readiness: the index is loaded and questions can be answered."""

    status: str = Field(
        description="'ready'; else 'starting' (still ingesting), 'empty' or 'failed'."
    )
    chunks: int = Field(description="Chunks in the index.")
    detail: str | None = Field(default=None, description="What to do when not ready.")
