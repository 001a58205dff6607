"""What kind of thing a noun names, as the articles write it: the entity labels of the names a
noun introduces, counted per article at ingest.

News writes a role beside the name it belongs to: "spokesman Mark Toner", "Mark Toner, the
State Department spokesman", "the region's governor, Dmytro Zhyvytskyi". Counted over the
corpus, the labels of those names say that a "spokesman" or an "executive" is a person, a
"brand" an organisation and a "town" a place, for any noun the articles use, with no word
list. The reader asks the sums (``Catalog.role_labels``) for the noun a question asks about.

A noun is counted with figures too, where a figure is its value ("a turnout of 81
percent"): a question asking "what was the turnout" wants a figure when the articles write
one by "turnout" more often than a name.

The pairs are read from the stored annotation (entities and noun phrases with their offsets),
so they cost no spaCy pass, and stores made before them are filled from what they hold.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator

from assistant.catalog import Catalog
from assistant.language import (
    APPOSITION_END,
    FIGURE_LABELS,
    NAME_LABELS,
    Annotation,
    Mention,
    spelling,
    stop_words,
)

ROLES_VERSION = "r7"
"""Version of the rule below; stores counted under another are counted again."""

_WORD = re.compile(r"[a-z][a-z-]*[a-z]")
_COMMA = re.compile(r",\s+")
_COMMA_BEFORE = re.compile(r",\s+$")
_CLOSED = re.compile(APPOSITION_END)
# A relative clause about a person ("the lawmaker who ...", "the man, whom police ...").
_WHO = re.compile(r"\s*,?\s*(?:who|whom)\b")
# What joins a noun to the figure that is its value ("a turnout of about 81 percent", "the
# vote was 23-16", "profit rose to $2 billion").
_OF_OR_BE = re.compile(
    r"\s+(?:of|is|was|are|were|stood at|reached|rose to|fell to|totall?ed)"
    r"(?:\s+(?:about|around|nearly|almost|just|some|over|up to))?\s+$"
)
_GAP = 30  # characters searched before a figure for what joins it to its noun
_ONE_WORD = re.compile(r"\s+[a-z][a-z-]*")


def role_labels(text: str, annotation: Annotation) -> Counter[tuple[str, str]]:
    """(noun, entity label) pairs of an article with how often it writes them: the noun
    right before a name in one noun phrase ("executive Emil Michael"), or the head of a noun
    phrase set off by a comma after or before it ("Emil Michael, an Uber executive"; "the
    official, Dmytro Zhyvytskyi"); and, as a person, the head of a noun phrase a relative
    "who" follows ("the lawmaker who ...")."""
    found: Counter[tuple[str, str]] = Counter()
    phrases = sorted((m for m in annotation.mentions if m.label == "NP"), key=lambda p: p.start)
    starts = [p.start for p in phrases]
    starting = {p.start: p for p in phrases}
    ending = {p.end: p for p in phrases}
    stops = stop_words()
    for name in (m for m in annotation.mentions if m.label in NAME_LABELS):
        holder = _holder(name, phrases, starts)
        for noun in _nouns_by(text, name, holder, starting, ending):
            if _WORD.fullmatch(noun) and noun not in stops:
                found[(noun, name.label)] += 1
    for figure in (m for m in annotation.mentions if m.label in FIGURE_LABELS):
        measured = _measured_by(text, figure, phrases, starts, ending)
        if measured is not None and _WORD.fullmatch(measured) and measured not in stops:
            found[(measured, figure.label)] += 1
    for phrase in phrases:
        # English says "who" of people: the noun names a person even where no name is
        # written by it ("the stripper who ...").
        if (
            _WHO.match(text, phrase.end)
            and _WORD.fullmatch(phrase.root)
            and phrase.root not in stops
        ):
            found[(phrase.root, "PERSON")] += 1
    return found


def _measured_by(
    text: str,
    figure: Mention,
    phrases: list[Mention],
    starts: list[int],
    ending: dict[int, Mention],
) -> str | None:
    """The noun a figure gives the value of: the head of a noun phrase written right before
    it with "of" or a verb of being ("a turnout of 81 percent", "the vote was 23-16"), or
    the head its phrase ends with when the figure is no count ("an 81% turnout"; "two
    reasons" counts reasons, it is not their value)."""
    before = _OF_OR_BE.search(text, max(figure.start - _GAP, 0), figure.start)
    if before is not None and before.start() in ending:
        return ending[before.start()].root
    if figure.label == "CARDINAL":
        return None
    holder = _holder(figure, phrases, starts)
    if holder is not None and _ONE_WORD.fullmatch(text, figure.end, holder.end):
        return holder.root
    return None


def _holder(mention: Mention, phrases: list[Mention], starts: list[int]) -> Mention | None:
    """The noun phrase holding ``mention`` (``starts``: the phrases' starts, in order). Noun
    phrases do not overlap: it is the last to start at or before the mention."""
    index = bisect.bisect_right(starts, mention.start) - 1
    if index >= 0 and mention.end <= phrases[index].end:
        return phrases[index]
    return None


def _nouns_by(
    text: str,
    name: Mention,
    holder: Mention | None,
    starting: dict[int, Mention],
    ending: dict[int, Mention],
) -> Iterator[str]:
    """The nouns written by ``name``; ``holder`` is the noun phrase holding it, if any."""
    if holder is not None and text[name.start - 1 : name.start] == " ":
        words = text[holder.start : name.start].split()
        if words:
            yield spelling(words[-1].lower())  # a title: "spokesman Mark Toner"
    after = _COMMA.match(text, name.end)
    described = starting.get(after.end()) if after is not None else None
    if described is not None and _CLOSED.match(text, described.end):
        yield described.root  # "Mark Toner, the spokesman, said" (not "Kabul, officials said")
    before = _COMMA_BEFORE.search(text, max(name.start - 4, 0), name.start)
    if before is not None and before.start() in ending:
        yield ending[before.start()].root  # "the spokesman, Mark Toner"


def count_roles(catalog: Catalog, batch: int = 256) -> int:
    """Count the roles of every stored article not counted yet (a store made before roles
    were counted, or under another ``ROLES_VERSION``) from its stored annotation; returns how
    many were. Articles written by ingest are counted as they are written."""
    catalog.recount_roles_under(ROLES_VERSION)
    sources = catalog.roles_unread()
    for first in range(0, len(sources), batch):
        found = catalog.annotated(sources[first : first + batch])
        catalog.record_roles(
            {
                source: (article.sha256, role_labels(article.text, notes))
                for source, (article, notes) in found.items()
                if notes is not None
            }
        )
    return len(sources)
