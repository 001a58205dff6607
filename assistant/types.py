"""The domain types every stage speaks. Framework types never leave the stage that uses them."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


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


class DateNote(_Model):
    """A relative date in a cited span, resolved against the article's date."""

    text: str = Field(description="The words as the article has them ('on Thursday').")
    start: int = Field(ge=0, description="Offset of the words in the article's text.")
    end: int = Field(ge=0, description="End offset of the words.")
    date: dt.date = Field(description="The day they mean (a day of the period for longer ones).")
    period: str = Field(description="'day', 'week', 'month' or 'year'.")
    label: str = Field(description="The date in words: 'Thursday, 9 March 2017'.")


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
    story_outlets: list[str] = Field(
        default_factory=list,
        description="Every outlet whose articles carry the same story (copies, re-spun "
        "versions, updates, the same event reported within days), this one's included; empty "
        "when no other article carries it.",
    )
    dates: list[DateNote] = Field(
        default_factory=list,
        description="Relative dates in the span ('on Thursday', 'yesterday'), resolved "
        "against the article's date.",
    )


class Turn(_Model):
    """One earlier exchange of a conversation."""

    question: str = Field(description="What the user asked.")
    answer: str = Field(description="What the assistant answered (markers included).")
    short_answer: str | None = Field(
        default=None, description="The fact the answer gave, if it gave one (follow-ups use it)."
    )


class Filters(_Model):
    """What a search is restricted to: some outlets, a range of publication dates. Empty
    fields do not restrict. Dates may be given as text that dateutil reads ("2017-03-01",
    "1 March 2017", "March 2017"); a missing day or month is the first for ``since`` and
    the last for ``until``, so ``since="March 2017", until="March 2017"`` is all of March."""

    outlets: list[str] = Field(
        default_factory=list,
        description="Outlets to search (any of them), matched case-insensitively against the "
        "outlets of the stored articles.",
    )
    since: dt.date | None = Field(
        default=None, description="Earliest publication date searched (inclusive)."
    )
    until: dt.date | None = Field(
        default=None, description="Latest publication date searched (inclusive)."
    )
    period: str | None = Field(
        default=None,
        description="The period named in the question that since and until were read from "
        "('March 2017', 'the week of 20 March 2017'), in words; None when they were given.",
    )

    @field_validator("outlets", mode="before")
    @classmethod
    def _outlet_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            names = [v.strip() if isinstance(v, str) else v for v in value]
            return list(dict.fromkeys(n for n in names if n != ""))
        return value

    @field_validator("since", mode="before")
    @classmethod
    def _since(cls, value: Any) -> Any:
        return parse_day(value, end=False)

    @field_validator("until", mode="before")
    @classmethod
    def _until(cls, value: Any) -> Any:
        return parse_day(value, end=True)

    @model_validator(mode="after")
    def _ordered(self) -> Filters:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"since ({self.since.isoformat()}) is after until ({self.until.isoformat()})"
            )
        return self

    @property
    def active(self) -> bool:
        """Whether anything is restricted."""
        return bool(self.outlets or self.since or self.until)

    def describe(self) -> str:
        """The restriction in words: "from TASS published 2017-03-01 to 2017-03-31", "of March
        2017, published 2017-03-01 to 2017-04-07" (a period named in the question)."""
        parts = []
        if self.outlets:
            parts.append("from " + " or ".join(self.outlets))
        if self.period:
            parts.append(f"of {self.period},")
        if self.since and self.until:
            parts.append(f"published {self.since.isoformat()} to {self.until.isoformat()}")
        elif self.since:
            parts.append(f"published on or after {self.since.isoformat()}")
        elif self.until:
            parts.append(f"published on or before {self.until.isoformat()}")
        return " ".join(parts)


def iso_day(date: str | None) -> dt.date | None:
    """An article's date (ISO, as stored) as a date; None when unknown or not ISO."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


def parse_day(value: Any, *, end: bool) -> Any:
    """A date from text dateutil reads (blank: None). A part the text leaves out is the
    first (``end`` false) or last (``end`` true) month or day: "March 2017" is 1 March or
    31 March. Anything else is passed on for pydantic to judge."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    from dateutil import parser

    try:
        # Parsed twice with different defaults: a part that differs was not in the text.
        low = parser.parse(text, default=dt.datetime(1, 1, 1))
        high = parser.parse(text, default=dt.datetime(1, 12, 28))
    except (ValueError, OverflowError):
        raise ValueError(f"{value!r} is not a date (write e.g. 2017-03-01)") from None
    if low.year == 1 and high.year == 1:
        raise ValueError(f"{value!r} has no year (write e.g. 2017-03-01)")
    if not end:
        return low.date()
    month = high.month if low.month != high.month else low.month
    day = low.day if low.day == high.day else calendar.monthrange(low.year, month)[1]
    return dt.date(low.year, month, day)


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
    filters: Filters | None = Field(
        default=None,
        description="The restriction the search was run under (given with the question, or "
        "named in it: 'according to TASS'), with outlets as stored; None when unrestricted.",
    )
    conflicts: list[Conflict] = Field(
        default_factory=list,
        description="Claims on which articles from different outlets give different values "
        "(a figure that changed over time is a development, not a conflict).",
    )
    as_of: dt.date | None = Field(
        default=None,
        description="For a time-sensitive question ('latest', 'so far'), the date of the "
        "newest evidence the answer rests on; the answer text states it.",
    )


class ConflictValue(_Model):
    """One of the values the articles give for a disputed claim."""

    value: str = Field(description="The value as the articles state it ('30,000').")
    citations: list[int] = Field(description="Markers [n] of the spans that give this value.")
    attributed_to: str | None = Field(
        default=None,
        description="Whom the article credits with the value ('police'), when it says.",
    )


class Conflict(_Model):
    """Articles from different outlets that give different values for what was asked."""

    claim: str = Field(description="What the values are for, in words ('the crowd').")
    values: list[ConflictValue] = Field(description="Each value given, with its citations.")


class ArticleInfo(_Model):
    """An indexed article, as listed to users."""

    id: str = Field(description="Stable id derived from the source name.")
    source: str = Field(description="File name.")
    title: str = Field(description="Title.")
    date: str | None = Field(default=None, description="Date, if known.")
    outlet: str | None = Field(default=None, description="Publisher, if known.")
    url: str | None = Field(default=None, description="Address of the original.")
    chunks: int = Field(ge=0, description="Chunks stored for it.")
    story: int | None = Field(
        default=None,
        description="Id of the story the article belongs to (articles grouped at ingest as "
        "carrying the same story); None before grouping has run.",
    )
    story_size: int = Field(default=1, ge=1, description="Articles in its story.")
    story_outlets: list[str] = Field(
        default_factory=list, description="Outlets carrying its story, its own included."
    )
    copy_of: str | None = Field(
        default=None,
        description="Source name of the earlier article this one copies (wire copy, re-spun "
        "or updated version), if any: not an independent report.",
    )


class TimelineEntry(_Model):
    """One dated development of a story: a sentence, cited."""

    date: str | None = Field(description="Publication date of the article it comes from.")
    text: str = Field(description="The sentence, with its marker [n] at the end.")
    citation: Citation = Field(description="The exact span the sentence quotes.")
    also: list[str] = Field(
        default_factory=list,
        description="Outlets of other articles that say the same (collapsed duplicates).",
    )


class Timeline(_Model):
    """The developments of a topic across articles, oldest first."""

    topic: str = Field(description="What was asked for.")
    entries: list[TimelineEntry] = Field(default_factory=list, description="Oldest first.")
    filters: Filters | None = Field(default=None, description="The restriction applied.")


def article_id(source: str) -> str:
    """The stable id of an article, derived from its source name."""
    return hashlib.sha256(source.encode()).hexdigest()[:16]
