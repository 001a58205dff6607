"""Eval datasets: JSONL files of questions, read and checked line by line.

Only ``id`` and ``question`` are required, so any file of questions can be run; the scoring
fields (``answers``, ``all``, ``support``) are used when present.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.types import Filters

Kind = Literal[
    "factoid",
    "numeric",
    "date",
    "paraphrase",
    "multi-passage",
    "multi-part",
    "unanswerable",
    "follow-up",
    "conflict",
    "temporal",
    "outlet",
    "story",
]
NEWS_KINDS: tuple[Kind, ...] = ("conflict", "temporal", "outlet", "story")
"""Kinds scored with more than the right answer (see ``scoring.py``)."""


class DatasetError(ValueError):
    """The dataset cannot be used; the message names the file, the line and the problem."""


class Support(BaseModel):
    """A passage that answers the item: an exact quote of one article."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, description="File name of the article.")
    quote: str = Field(min_length=1, description="An exact substring of that article's text.")


class EvalItem(BaseModel):
    """One question of a dataset, with what a right answer contains when that is known."""

    # Unknown fields are ignored: other question files (dev sets, logs) can be run as they are.
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, description="Unique within the dataset.")
    question: str = Field(min_length=1, description="What the user asks.")
    kind: Kind | None = Field(default=None, description="What the item tests.")
    turns: list[str] = Field(
        default_factory=list, description="Earlier user turns, asked first in the same chat."
    )
    answers: list[str] | None = Field(
        default=None,
        description="Aliases any one of which shows a right answer; [] means unanswerable; "
        "absent means unscored.",
    )
    all: bool = Field(default=False, description="Every alias is required, not just one.")
    support: list[Support] = Field(default_factory=list, description="Passages that answer it.")
    values: list[list[str]] | None = Field(
        default=None,
        description="conflict: the values different outlets give, each a list of aliases; "
        "the answer must state (and cite) every one.",
    )
    as_of: dt.date | None = Field(
        default=None,
        description="temporal: publication date of the article giving the latest value; the "
        "answer must state it.",
    )
    outlet: str | None = Field(
        default=None, description="outlet: the outlet every citation must come from."
    )
    outlets: list[str] | None = Field(
        default=None,
        description="story: outlets carrying the story; the citations' story outlets must "
        "include them all.",
    )
    filters: Filters | None = Field(
        default=None, description="The restriction the question is asked under (outlets, dates)."
    )

    @model_validator(mode="after")
    def _fields_of_kind(self) -> EvalItem:
        """Each news kind carries the field it is scored on."""
        if self.kind == "conflict" and (
            not self.values or len(self.values) < 2 or not all(self.values)
        ):
            raise ValueError("a conflict item needs values: two or more lists of aliases")
        if self.kind == "temporal" and (self.as_of is None or not self.answers):
            raise ValueError("a temporal item needs answers and as_of")
        if self.kind == "outlet" and not (self.outlet and self.answers):
            raise ValueError("an outlet item needs answers and outlet")
        if self.kind == "story" and (not self.outlets or len(self.outlets) < 2 or not self.answers):
            raise ValueError("a story item needs answers and outlets (two or more)")
        return self

    @property
    def scored(self) -> bool:
        """Whether the item says what a right answer is (or that there is none)."""
        return self.answers is not None or bool(self.values) or self.kind == "unanswerable"

    @property
    def answerable(self) -> bool:
        """Scored, and the articles hold an answer."""
        return self.scored and bool(self.answers or self.values)

    @property
    def unanswerable(self) -> bool:
        """Scored, and the articles hold no answer: the assistant should decline."""
        return self.scored and not (self.answers or self.values)


def load_dataset(path: Path) -> list[EvalItem]:
    """Read a JSONL dataset; blank lines are skipped, everything else must be a valid item."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path}: is not UTF-8 text") from None
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item = _parse_line(path, number, line)
        if item.id in seen:
            raise DatasetError(
                f"{path}:{number}: id {item.id!r} already used on line {seen[item.id]}"
            )
        seen[item.id] = number
        items.append(item)
    if not items:
        raise DatasetError(f"{path}: holds no items")
    return items


def _parse_line(path: Path, number: int, line: str) -> EvalItem:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}:{number}: not JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise DatasetError(f"{path}:{number}: each line must be a JSON object")
    try:
        return EvalItem.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors()
        )
        raise DatasetError(f"{path}:{number}: {problems}") from None


def missing_quotes(items: list[EvalItem], article_text: Callable[[str], str | None]) -> list[str]:
    """Every support quote that is not an exact substring of its article, described."""
    problems = []
    for item in items:
        for support in item.support:
            text = article_text(support.source)
            if text is None:
                problems.append(f"{item.id}: no article named {support.source!r}")
            elif support.quote not in text:
                problems.append(f"{item.id}: quote not in {support.source}: {support.quote!r}")
    return problems
