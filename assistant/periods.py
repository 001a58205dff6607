"""The period of publication a question names ("in March 2017", "on 9 March 2017", "last
week", "yesterday"), which the search is restricted to.

The periods are spaCy's DATE entities in the question's parse (the parse the reader made,
reused: no second pass), resolved to calendar periods by dateparser (``assistant.dates``) at
the precision of the phrase: a month phrase is that month. A relative one is measured from
the newest stored article, the "now" of a news archive, not from today's clock.

Only a date that says *when* something happened, was said or was reported can be a period
of publication, so a DATE entity counts only when

- it modifies the clause: an adverbial of the verb ("were arrested yesterday", "did TASS
  report last week") or the object of a preposition of containment attached to the verb
  ("died in March 2017", "resigned on 9 March 2017"). A date that modifies a noun names the
  thing ("the 1974 attack", "the March 2017 election", "the 2018 World Cup", "the toll from
  the avalanches in early February"); one that bounds ("since January", "until 2019") or
  asks ("in what year") is no period either;
- in a follow-up, it says its own date ("in March 2017", not "on Wednesday"): a relative date
  there is of the story the conversation is about, which the archive's "now" does not give;
- it is not a bare weekday ("on Thursday"): news writes weekdays of the week of the story, and
  which Thursday a question means is not the archive's latest by default;
- "the past week", "the last three days", "over the past two months" are the days up to the
  newest article (a rolling window), not the calendar week or the day three days before it
  that dateparser reads; "last week" is the calendar week before the newest article's;
- it does not start after the newest article (a later date is a topic: "will host it in
  2023") nor end before the oldest (no stored article can be of it: "died in 1849").
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from assistant.dates import calendar_period, day_text, resolve, spoken
from assistant.language import WH_TAGS, lemmas_of, small_number
from assistant.types import Filters

__all__ = ["Period", "named_period", "within"]

# The English prepositions that place an event inside a period (a closed word class, not
# words of any question): "in March", "on 9 March", "during the week", "throughout 2016".
_WITHIN = frozenset({"in", "on", "during", "throughout", "over", "within"})
# An adverbial noun phrase of a verb: "yesterday", "last week" ("tmod" in older models).
_ADVERBIAL = frozenset({"npadvmod", "tmod"})
# Modifiers of a date that dateparser cannot read ("early February", "late 2016"): the
# phrase is read without them, as the whole of the period they narrow.
_NARROWING = frozenset({"amod", "advmod", "det"})
_VERBS = frozenset({"VERB", "AUX"})
_UNITS = frozenset({"day", "week", "month", "year"})


@dataclass(frozen=True)
class Period:
    """A calendar period named in a question: the words, its first and last day, its unit
    ("day", "week", "month", "year", or "days" for the days up to the newest article: "the
    past week"), and the lemmas of its words ("march", "2017")."""

    text: str
    first: dt.date
    last: dt.date
    unit: str
    lemmas: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """The period in words: "March 2017", "2016", "9 March 2017", "the week of ..."."""
        if self.unit == "day":
            return day_text(self.first)
        if self.unit == "days":
            return f"{day_text(self.first)} to {day_text(self.last)}"
        return spoken(self.first, self.unit)

    def searched(self, days_after: int) -> tuple[dt.date, dt.date]:
        """The publication dates searched: the period and ``days_after`` days after it (news
        of an event is published for days after it)."""
        return self.first, self.last + dt.timedelta(days=days_after)


def named_period(
    doc: Any,
    archive: tuple[dt.date, dt.date] | None,
    days_after: int,
    *,
    relative: bool = True,
    topic: bool = False,
) -> Period | None:
    """The period of publication the parsed question ``doc`` (a spaCy ``Doc``) names, given
    the dates of the oldest and newest stored article; None when it names none.
    ``relative``: whether a relative date counts (not in a follow-up). ``topic``: ``doc`` is
    a timeline's topic, a noun phrase whose date may modify its noun ("the Verrin dam in
    March 2017"), not a question whose date must date its clause."""
    if archive is None:
        return None
    oldest, newest = archive
    for entity in doc.ents:
        if entity.label_ != "DATE" or not _dates(entity, topic=topic) or _weekday(entity):
            continue
        found = _resolved(entity, newest)
        if found is None or (not relative and _relative(entity, found, newest)):
            continue
        period = Period(entity.text, *found, lemmas=frozenset(lemmas_of(entity)))
        if period.first <= newest and period.searched(days_after)[1] >= oldest:
            return period
    return None


def _dates(entity: Any, *, topic: bool) -> bool:
    """Whether a DATE entity says when the clause's event happened (see the module), or, in
    a ``topic``, when what it names happened ("the dam in March 2017", "the dam last week")."""
    if any(token.tag_ in WH_TAGS for token in entity):
        return False  # "in what year": the date is asked for
    root = entity.root
    if root.dep_ in _ADVERBIAL:
        return topic or bool(root.head.pos_ in _VERBS)
    preposition = root.head
    return bool(
        root.dep_ == "pobj"
        and preposition.dep_ == "prep"
        and preposition.lower_ in _WITHIN
        and (topic or preposition.head.pos_ in _VERBS)
    )


def _relative(entity: Any, found: tuple[dt.date, dt.date, str], now: dt.date) -> bool:
    """Whether the date is measured from now ("yesterday", "the past week")."""
    return found[2] == "days" or resolve(entity.text, now) is not None


def _weekday(entity: Any) -> bool:
    """Whether the date is just a day of the week ("Thursday", "on Friday night")."""
    return any(t.text.lower() in _WEEKDAYS for t in entity) and not any(t.like_num for t in entity)


_WEEKDAYS = frozenset(name.lower() for name in (*calendar.day_name, *calendar.day_abbr))


def _resolved(entity: Any, now: dt.date) -> tuple[dt.date, dt.date, str] | None:
    window = _rolling(entity, now)
    if window is not None:
        return window
    found = calendar_period(entity.text, now)
    if found is not None:
        return found
    core = [t for t in entity if not (t.dep_ in _NARROWING and t.head.i == entity.root.i)]
    if not core or len(core) == len(entity):
        return None
    return calendar_period(" ".join(t.text for t in core), now)


def _rolling(entity: Any, now: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """The days up to ``now`` that "the past week", "the last three days" or "past few
    months" cover (unit "days"); None for any other date ("last week" is a calendar week,
    "two weeks" a length)."""
    unit = entity[-1].lemma_.lower()
    if unit not in _UNITS:
        return None
    words = [t.lower_ for t in entity][:-1]
    if words[:1] == ["the"] and words[1:2] in (["past"], ["last"]):
        counted = words[2:]
    elif words[:1] == ["past"]:
        counted = words[1:]
    else:
        return None
    n = small_number(counted[0]) if len(counted) == 1 else (1 if not counted else None)
    if n is None:
        return None
    back = relativedelta(**{f"{unit}s": n})
    return now - back + dt.timedelta(days=1), now, "days"


def within(filters: Filters | None, period: Period | None, days_after: int) -> Filters | None:
    """``filters`` restricted to the publication dates of ``period`` (unchanged when None)."""
    if period is None:
        return filters
    since, until = period.searched(days_after)
    dates = {"since": since, "until": until, "period": period.label}
    return (filters or Filters()).model_copy(update=dates)
