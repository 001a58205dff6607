"""Relative dates in articles ("on Thursday", "yesterday", "last week"), resolved against the
article's publication date when a span is shown as evidence.

spaCy's DATE entities, found at ingest and stored with the article's annotations, say where
dates are; ``dateparser`` resolves each one twice, against the article's date and against a
date a year and more earlier. An expression that resolves differently is relative ("on
Thursday", or "5 March" with no year) and is shown resolved; one that does not ("in 2016",
"March 2017") already says its date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from assistant.language import Annotation, small_number
from assistant.types import Article, Citation, DateNote, iso_day

_SHIFT = dt.timedelta(days=400)
_LOCK = threading.Lock()


def relative_dates(
    text: str, annotation: Annotation, start: int, end: int, published: dt.date
) -> list[DateNote]:
    """The relative dates within ``text[start:end]``, resolved against ``published``."""
    notes = []
    for mention in annotation.mentions:
        if mention.label != "DATE" or mention.start < start or mention.end > end:
            continue
        phrase = text[mention.start : mention.end]
        resolved = resolve(phrase, published)
        if resolved is not None:
            day, period = resolved
            notes.append(
                DateNote(
                    text=phrase,
                    start=mention.start,
                    end=mention.end,
                    date=day,
                    period=period,
                    label=spoken(day, period),
                )
            )
    return notes


def with_dates(citation: Citation, article: Article, annotation: Annotation) -> Citation:
    """The citation with the relative dates of its span resolved (unchanged when it has
    none, or its article has no date)."""
    published = iso_day(citation.date)
    if published is None:
        return citation
    found = relative_dates(article.text, annotation, citation.start, citation.end, published)
    return citation.model_copy(update={"dates": found}) if found else citation


@lru_cache(maxsize=4096)
def resolve(phrase: str, published: dt.date) -> tuple[dt.date, str] | None:
    """The date ``phrase`` means in an article published on ``published`` and its period
    ("day", "week", "month", "year"); None when it is not relative or not a date."""
    if _not_a_date(phrase):
        return None
    here = _parse(phrase, published)
    if here is None:
        return None
    earlier = _parse(phrase, published - _SHIFT)
    if earlier is not None and _at(earlier[0], here[1]) == _at(here[0], here[1]):
        return None  # says its own date: the parts the phrase leaves out are not compared
    return here


def year_from(phrase: str, named: str) -> str | None:
    """The year ``phrase`` means when it is said relative to a year another phrase names
    ("the year before" after "in 2016": "2015"), as ``named`` written with it; None when
    the phrase is not such a year or ``named`` names none. dateparser reads years relative to
    today ("last year"), not to one said before."""
    shift = _YEAR_SHIFT.fullmatch(phrase.strip())
    year = _WRITTEN_YEAR.search(named)
    if shift is None or year is None:
        return None
    later = shift.group("later") or shift.group("after")
    moved = str(int(year.group()) + (1 if later else -1))
    return named[: year.start()] + moved + named[year.end() :]


def days_named(
    phrases: Iterable[str], published: dt.date, *, relative: bool = True
) -> set[dt.date]:
    """The days date phrases of an article of ``published`` name ("on Tuesday" in an article
    of a Tuesday is that day; "March 6", written with no year, the latest before it); with
    ``relative`` False, those named in full only."""
    days = (_day_named(phrase, published, relative) for phrase in phrases)
    return {day for day in days if day is not None}


@lru_cache(maxsize=4096)
def _day_named(phrase: str, published: dt.date, relative: bool) -> dt.date | None:
    """The day one date phrase names (``days_named``), or None; cached, as a question's and
    an article's phrases are read again for each sentence."""
    if not names_a_day(phrase):
        return None
    found = resolve(phrase, published) if relative else None
    if found is not None:
        return found[0]
    period = calendar_period(phrase, published)
    return period[0] if period is not None and period[2] == "day" else None


def days_written(text: str, published: dt.date) -> set[dt.date]:
    """The days ``text`` writes in full ("on 16 February 2017", "March 6"), as of
    ``published``."""
    return days_named(_DAY_WRITTEN.findall(text), published, relative=False)


def before(phrase: str, published: dt.date) -> bool:
    """Whether ``phrase`` names a time that was over before ``published`` in an article of
    that day ("2015", "last year"; not "this November" nor "next week")."""
    if _not_a_date(phrase):
        return False
    found = _parse(phrase, published)
    if found is None:
        return False
    return span(*found)[1] < published


@lru_cache(maxsize=4096)
def names_a_time(phrase: str) -> bool:
    """Whether a phrase points at a time ("Feb. 3", "1849", "on Friday") rather than
    measuring one ("the nearly 170 years", "52-year-old")."""
    return _parse(phrase, _ANY_DAY) is not None


def points_at_a_time(phrase: str) -> bool:
    """Whether a phrase points at a time ("1974", "Friday", "08:30 GMT") and cannot be read
    as a length or an age ("four years", "seven hours", a bare "45" or the "80" of "80 last
    week", all of which dateparser also takes for times)."""
    words = phrase.replace(",", "").split()
    if _DURATION.search(phrase) or (words and words[0].isdigit() and int(words[0]) < 1000):
        return False
    return names_a_time(phrase)


def is_written_date(phrase: str) -> bool:
    """Whether a phrase is a date written with a month's name and a figure ("April-2015",
    "3 March"), as a name never is (a road "M-14", a plane "A400M" hold figures, no month)."""
    words = phrase.replace("-", " ")
    return (
        bool(_MONTH_NAMED.search(words))
        and any(ch.isdigit() for ch in words)
        and names_a_time(words)
    )


def names_a_day(phrase: str) -> bool:
    """Whether a phrase names one day ("February 12, 2017", "12 Feb", "Wednesday"), not a
    longer period ("March 2017", "1968") nor a stretch of time that dateparser reads as one
    back from now ("80s": 80 seconds ago)."""
    if _DURATION.search(phrase):
        return False  # "100 days": a length of time, which dateparser counts from today
    parts = [p for p in _RANGE.split(phrase) if p.strip()]
    if len(parts) > 1:
        return any(names_a_day(part) for part in parts)  # "between June 14 and July 15"
    bases = (_ANY_DAY, _OTHER_DAY)
    found = [_parse(phrase, base) for base in bases]
    return all(f is not None and f[1] == "day" for f in found) and any(
        f is not None and f[0] != base for f, base in zip(found, bases, strict=True)
    )


def precision(phrase: str) -> str | None:
    """What a date phrase names: "day" ("12 Feb", "Wednesday"), "month" ("March 2017"),
    "year" ("1986"); None when it names no time."""
    found = _parse(phrase, _ANY_DAY)
    if found is None:
        return None
    return "day" if names_a_day(phrase) else found[1]


def _not_a_date(phrase: str) -> bool:
    """Whether a phrase dateparser would read as a date is none: a length ("eight days", "five
    years": how long, which it counts back from the date) or a decade ("the 1980s", "the
    '80s", which it reads as seconds ago)."""
    return _is_length(phrase) or _DECADE.search(phrase) is not None


def _is_length(phrase: str) -> bool:
    """Whether a phrase measures a stretch of time ("eight days", "a week", "about five
    years") rather than pointing at one ("two days ago", "last week")."""
    found = _LENGTH.fullmatch(phrase.strip())
    if found is None:
        return False
    count = found.group(1).lower().replace(",", "")
    return count in {"a", "an", "several", "few"} or small_number(count) is not None


_UNITS = "second|minute|hour|day|week|fortnight|month|year|decade"  # units of time
_LENGTH = re.compile(
    r"(?:(?:about|around|some|nearly|almost|over|more than|less than|just|only)\s+)?"
    rf"([\w,]+)\s+(?:{_UNITS})s?",
    re.IGNORECASE,
)
_DECADE = re.compile(r"(?:\b(?:\d\d)?|['’])\d0s\b")
_ANY_DAY = dt.date(2000, 1, 1)
_DURATION = re.compile(rf"\b(?:{_UNITS})s\b", re.IGNORECASE)
_RANGE = re.compile(r"\b(?:between|and|to|through|until|from)\b|[–—]", re.IGNORECASE)
_OTHER_DAY = dt.date(2001, 7, 16)
# A year said relative to one named before it (general English): "the year before", "a
# year earlier", "the previous year"; "the year after", "a year later", "the next year".
_YEAR_SHIFT = re.compile(
    r"(?:the|a|one)\s+(?:(?:previous|prior|preceding)|(?P<later>following|next))\s+year"
    r"|(?:the|a|one)\s+year\s+(?:before|earlier|(?P<after>after|later))",
    re.IGNORECASE,
)
A_YEAR = r"(?:1[89]|20)\d\d"  # a year as news writes one
_WRITTEN_YEAR = re.compile(rf"\b{A_YEAR}\b")
# A day written in full: "16 February 2017", "March 6", "6 March" (English month names).
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NAMED = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
_DAY_WRITTEN = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})|(?:{_MONTHS})\s+\d{{1,2}}\b)(?:,?\s+{A_YEAR})?"
)


def _at(day: dt.date, period: str) -> tuple[int, ...]:
    """A date to the precision of its period."""
    if period == "year":
        return (day.year,)
    if period == "month":
        return (day.year, day.month)
    if period == "week":
        return tuple(day.isocalendar()[:2])
    return (day.year, day.month, day.day)


def spoken(day: dt.date, period: str) -> str:
    """ "Thursday, 9 March 2017", "the week of 6 March 2017", "March 2017", "2017"."""
    if period == "week":
        return f"the week of {day_text(span(day, 'week')[0])}"
    if period == "month":
        return f"{day:%B %Y}"
    if period == "year":
        return str(day.year)
    return f"{day:%A}, {day_text(day)}"


def day_text(day: dt.date) -> str:
    """A date as answers state it: "9 March 2017"."""
    return f"{day.day} {day:%B %Y}"


def calendar_period(phrase: str, now: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """The calendar period ``phrase`` names, as (first day, last day, unit), a relative one
    ("last week", "yesterday") measured from ``now`` and one without a year ("in February")
    the latest before it; None when it is not a date, or is finer than a day ("3 hours ago",
    and "the 1970s", which dateparser reads as 1,970 seconds ago)."""
    found = _parse(phrase, now, past=True)
    if found is None or found[1] == "time":
        return None
    day, unit = found
    return (*span(day, unit), unit)


def span(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the ``period`` ("day", "week", "month", "year") holding
    ``day``; a week runs Monday to Sunday."""
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    return day, day


def _parse(phrase: str, base: dt.date, *, past: bool = False) -> tuple[dt.date, str] | None:
    # End of the day: a weekday named in an article of that weekday is that day.
    relative_base = dt.datetime.combine(base, dt.time(23, 59))
    with _LOCK:  # dateparser's parsers keep state between calls
        data = _parser(relative_base, past).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period or "day")


@lru_cache(maxsize=64)
def _parser(base: dt.datetime, past: bool = False) -> Any:
    """A parser relative to ``base``. ``past``: a date without a year is the latest before
    ``base``, and a phrase with a time of day has the period "time" (a question asks about
    the past of its archive; an article's "on Thursday" is of its own week)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"}
    if past:
        settings.update(PREFER_DATES_FROM="past", RETURN_TIME_AS_PERIOD=True)
    return DateDataParser(languages=["en"], settings=settings)


def warm() -> None:
    """Load dateparser's English data now (the first parse takes ~0.1 s)."""
    resolve("yesterday", dt.date(2017, 1, 1))
