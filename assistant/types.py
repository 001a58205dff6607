"""The domain types every stage speaks. Framework types never leave the stage that uses them."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Model):
    """One article as read from disk, with the text that all offsets point into."""

    source: str = Field(description="File name (relative to the ingested folder).")
    title: str = Field(description="First heading, else first sentence.")
    date: str | None = Field(
        default=None, description="ISO date from front matter or a leading 'date' marker."
    )
    outlet: str | None = Field(default=None, description="Publisher, from front matter.")
    url: str | None = Field(default=None, description="Address of the original, from front matter.")
    author: str | None = Field(default=None, description="Byline, from front matter.")
    text: str = Field(description="The file's text as decoded (HTML: the extracted text).")
    body_start: int = Field(
        default=0, description="Offset where the body starts (after front matter and title)."
    )
    sha256: str = Field(description="Hash of the text; changes when the article changes.")

    @property
    def id(self) -> str:
        return article_id(self.source)

    def passage(self, start: int, end: int, *, id: str, score: float = 0.0) -> Passage:
        """The text between two offsets as a ``Passage`` carrying this article's metadata."""
        return Passage(
            id=id,
            source=self.source,
            title=self.title,
            date=self.date,
            outlet=self.outlet,
            url=self.url,
            start=start,
            end=end,
            text=self.text[start:end],
            score=score,
        )


class Span(_Model):
    """A character range of an article's text."""

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")


class Passage(_Model):
    """A piece of an article handed between stages: a chunk or an evidence sentence."""

    id: str = Field(description="Chunk id, or chunk id plus the sentence's offsets.")
    source: str = Field(description="File name of the article.")
    title: str = Field(description="Title of the article.")
    date: str | None = Field(default=None, description="Date of the article, if known.")
    outlet: str | None = Field(default=None, description="Publisher of the article, if known.")
    url: str | None = Field(default=None, description="Address of the original article.")
    start: int = Field(ge=0, description="Offset into the article's text.")
    end: int = Field(ge=0, description="End offset into the article's text.")
    text: str = Field(description="Exactly article_text[start:end].")
    score: float = Field(default=0.0, description="Relevance to the question; higher is better.")
    similarity: float | None = Field(
        default=None, description="Cosine similarity of the chunk to the question, if known."
    )

    @property
    def article_id(self) -> str:
        return article_id(self.source)


class Citation(_Model):
    """What an inline marker ``[n]`` points at: an exact span of one article."""

    marker: int = Field(ge=1, description="The n of the marker [n] in the answer text.")
    source: str = Field(description="File name of the cited article.")
    title: str = Field(description="Title of the cited article.")
    date: str | None = Field(default=None, description="Date of the cited article, if known.")
    outlet: str | None = Field(default=None, description="Publisher of the cited article.")
    url: str | None = Field(default=None, description="Address of the cited article's original.")
    start: int = Field(ge=0, description="Offset of the cited span in the article's text.")
    end: int = Field(ge=0, description="End offset of the cited span.")
    text: str = Field(description="The cited span, equal to article_text[start:end].")
    score: float = Field(description="Relevance of the span to the question.")


class Turn(_Model):
    """One earlier exchange of a conversation."""

    question: str = Field(description="What the user asked.")
    answer: str = Field(description="What the assistant answered (markers included).")
    short_answer: str | None = Field(
        default=None, description="The fact the answer gave, if it gave one (follow-ups use it)."
    )


class Answer(_Model):
    """The assistant's reply to one question."""

    question: str = Field(description="The question as asked.")
    standalone_question: str = Field(description="The question rewritten with chat context.")
    answer: str = Field(description="Answer text with inline markers [n].")
    short_answer: str | None = Field(
        default=None,
        description="The fact asked for (a name, place, date or figure), when the reader found "
        "one; None when it declined or the question asks for more than a phrase.",
    )
    abstained: bool = Field(description="True when the articles do not answer the question.")
    citations: list[Citation] = Field(default_factory=list, description="One per marker used.")
    backend: str = Field(description="Answer backend that produced the text.")
    fallback: str | None = Field(
        default=None, description="Why the offline answer replaced the LLM's, if it did."
    )
    warning: str | None = Field(default=None, description="Set when the evidence is weak.")
    prompt_hash: str | None = Field(default=None, description="Hash of the prompt text used.")
    settings_hash: str = Field(description="Hash of the answer-shaping settings.")
    timings_ms: dict[str, float] = Field(default_factory=dict, description="Time per stage.")


class ArticleInfo(_Model):
    """An indexed article, as listed to users."""

    id: str = Field(description="Stable id derived from the source name.")
    source: str = Field(description="File name.")
    title: str = Field(description="Title.")
    date: str | None = Field(default=None, description="Date, if known.")
    outlet: str | None = Field(default=None, description="Publisher, if known.")
    url: str | None = Field(default=None, description="Address of the original.")
    chunks: int = Field(ge=0, description="Chunks stored for it.")


def article_id(source: str) -> str:
    """The stable id of an article, derived from its source name."""
    return hashlib.sha256(source.encode()).hexdigest()[:16]
