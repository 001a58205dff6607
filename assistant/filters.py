"""Restricting a question to some outlets and a date range.

Outlets given by a user are matched case- and accent-insensitively ("rte" is "RTÉ") against
the outlets of the stored articles (``ChunkStore.outlets``); a name no article carries is an
error listing the known ones. A question that attributes what it asks to a stored outlet
("according to TASS", "as reported by Reuters", "what did TASS report") is restricted to that
outlet, and searched without the attribution, whose words no article sentence holds. There
is no list of outlets here: the names come from the catalog.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from assistant.language import SAYING
from assistant.types import Filters

__all__ = [
    "FilterError",
    "Scope",
    "UnknownOutlet",
    "attributed_outlet",
    "no_match_text",
    "read_filters",
    "resolve",
    "scope",
]

_SHOWN_OUTLETS = 40  # known outlets listed in an error at most

# The attribution phrases, around "{name}" (one of the stored outlets, "the" allowed before
# it). A preposition-led phrase ("according to TASS", "as reported by TASS", "per TASS",
# "citing TASS") is dropped from the question with its comma; in a clause with the outlet as
# the subject of a verb of saying ("TASS reported", "did TASS say", "TASS has claimed") the
# outlet becomes "they", so that the question keeps its shape.
_LEADING = (
    r",?\s*\b(?:according\s+to|(?:as\s+)?reported\s+by|(?:as\s+)?per|citing)\s+"
    r"(?:the\s+)?(?<!\w)(?P<outlet>{name})(?!\w)(?:'s?)?\s*,?"
)
_SUBJECT = (
    r"\b(?:the\s+)?(?<!\w)(?P<outlet>{name})(?!\w)(?=\s+(?:has\s+|have\s+|had\s+)?"
    + SAYING.replace("{", "{{").replace("}", "}}")
    + ")"
)


class FilterError(ValueError):
    """A filter that cannot be read: ``param`` names the field ("since", "until")."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param


def read_filters(outlets: Any = None, since: Any = None, until: Any = None) -> Filters:
    """Filters from what an interface was given (a name or a list of names, dates as text);
    raises ``FilterError`` for a date that cannot be read or since after until."""
    try:
        return Filters.model_validate({"outlets": outlets, "since": since, "until": until})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = [str(part) for part in error.get("loc", ())]
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        raise FilterError(where[0] if where else "until", message + ".") from None


class UnknownOutlet(ValueError):
    """An outlet no stored article is from; the message lists the known ones."""

    def __init__(self, unknown: list[str], known: list[str]) -> None:
        names = ", ".join(repr(name) for name in unknown)
        if not known:
            message = (
                f"No article is from {names}: no stored article names its outlet (an "
                "'outlet:' line in its front matter), so questions cannot be restricted to one."
            )
        else:
            shown = ", ".join(known[:_SHOWN_OUTLETS])
            more = f" and {len(known) - _SHOWN_OUTLETS} more" if len(known) > _SHOWN_OUTLETS else ""
            message = f"No article is from {names}. Known outlets: {shown}{more}."
        super().__init__(message)
        self.unknown = unknown
        self.known = known


def resolve(filters: Filters | None, known: list[str]) -> Filters | None:
    """``filters`` with each outlet replaced by the stored outlet names it matches, case and
    accents aside (None when nothing is restricted); raises ``UnknownOutlet``."""
    if filters is None or not filters.active:
        return None
    by_key: dict[str, list[str]] = {}
    for name in known:
        by_key.setdefault(_key(name), []).append(name)
    unknown = [name for name in filters.outlets if _key(name) not in by_key]
    if unknown:
        raise UnknownOutlet(unknown, known)
    outlets = [stored for name in filters.outlets for stored in by_key[_key(name)]]
    return filters.model_copy(update={"outlets": list(dict.fromkeys(outlets))})


def attributed_outlet(question: str, known: list[str]) -> tuple[str, str] | None:
    """The stored outlet a question attributes what it asks to, and the question to search
    with (the attribution taken out); None when it names none in an attribution."""
    names = [name for name in known if name.strip()]
    if not names:
        return None
    # Longest first: "BBC News" before "BBC". Matched without accents, in a copy of the
    # question whose offsets are the question's.
    name = "|".join(re.escape(_fold(n)) for n in sorted(names, key=len, reverse=True))
    folded = _fold(question)
    leading = re.search(_LEADING.format(name=name), folded, re.IGNORECASE)
    if leading:
        rest = question[: leading.start()] + " " + question[leading.end() :]
        return _stored(leading.group("outlet"), names), _tidy(rest)
    subject = re.search(_SUBJECT.format(name=name), folded, re.IGNORECASE)
    if subject:
        rest = question[: subject.start()] + "they" + question[subject.end() :]
        return _stored(subject.group("outlet"), names), _tidy(rest)
    return None


@dataclass(frozen=True)
class Scope:
    """What a question is searched under: the filters applied (outlets as stored; None when
    unrestricted) and the question to search with."""

    filters: Filters | None
    question: str


def scope(question: str, filters: Filters | None, known: list[str]) -> Scope:
    """The filters to apply to a question: those given (resolved against the ``known``
    outlets), and, when they name no outlet, the outlet the question attributes itself to.
    The attribution is taken out of the question searched either way."""
    applied = resolve(filters, known)
    found = attributed_outlet(question, known)
    if found is None:
        return Scope(applied, question)
    outlet, searched = found
    if applied is not None and applied.outlets:
        return Scope(applied, searched or question)  # the outlets given win
    named = (applied or Filters()).model_copy(update={"outlets": [outlet]})
    return Scope(resolve(named, known), searched or question)


def no_match_text(filters: Filters) -> str:
    """The decline when no stored article is within the filters."""
    return f"No article {filters.describe()} matches, so the articles do not say."


def _stored(matched: str, names: list[str]) -> str:
    key = _key(matched)
    return next(name for name in names if _key(name) == key)


def _fold(text: str) -> str:
    """``text`` without accents, character for character ("RTÉ" -> "RTE"): a character whose
    base is not one character is kept, so offsets stay those of ``text``."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def _key(name: str) -> str:
    """What two spellings of one outlet share: "RTÉ", "rte" and "Rté" are one."""
    return _fold(name).casefold()


def _tidy(text: str) -> str:
    """Spaces closed up after a phrase was cut out, and the first letter a capital."""
    text = re.sub(r"\s+([,.?!;:])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,")
    return text[:1].upper() + text[1:]
