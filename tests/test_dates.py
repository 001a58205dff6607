"""Relative dates in cited spans, resolved against the article's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.api.openai_content import sources_block
from assistant.cite import dated_span
from assistant.dates import (
    before,
    is_written_date,
    names_a_time,
    points_at_a_time,
    precision,
    resolve,
    spoken,
    year_from,
)
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from tests.filter_articles import news_assistant

FRIDAY = dt.date(2017, 3, 10)


@pytest.mark.parametrize(
    ("phrase", "day", "period"),
    [
        ("Thursday", dt.date(2017, 3, 9), "day"),
        ("on Thursday", dt.date(2017, 3, 9), "day"),
        ("Friday", FRIDAY, "day"),  # the article's own weekday is its own day
        ("yesterday", dt.date(2017, 3, 9), "day"),
        ("last week", dt.date(2017, 3, 3), "week"),
        ("March 5", dt.date(2017, 3, 5), "day"),  # no year: the article's
    ],
)
def test_relative_dates_resolve_against_the_article_date(
    phrase: str, day: dt.date, period: str
) -> None:
    assert resolve(phrase, FRIDAY) == (day, period)


@pytest.mark.parametrize(
    "phrase",
    [
        "in 2016",
        "March 2017",
        "9 March 2017",
        "the ministry",
        # Lengths of time, which dateparser counts back from the date: how long, not when.
        "Eight Days",
        "five years",
        "a week",
        "1,000 years",
        # Decades, which dateparser reads as seconds ago.
        "the 1980s",
        "the '80s",
    ],
)
def test_dates_that_say_their_own_date_or_are_no_date_are_left_alone(phrase: str) -> None:
    assert resolve(phrase, FRIDAY) is None


def test_dates_are_spoken_at_their_period() -> None:
    assert spoken(dt.date(2017, 3, 9), "day") == "Thursday, 9 March 2017"
    assert spoken(dt.date(2017, 3, 9), "week") == "the week of 6 March 2017"
    assert spoken(dt.date(2017, 3, 9), "month") == "March 2017"


@pytest.mark.integration
def test_a_cited_span_shows_what_its_relative_dates_mean(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> None:
    assistant = news_assistant(tmp_path, embedder, annotator)
    answer = assistant.ask("How many people were killed in the Port Elmsworth harbour fire?")
    tass = next(c for c in answer.citations if c.outlet == "TASS")
    assert [(d.text, d.label) for d in tass.dates] == [("Thursday", "Thursday, 9 March 2017")]
    note = tass.dates[0]
    assert tass.text[note.start - tass.start : note.end - tass.start] == "Thursday"
    assert "on Thursday (Thursday, 9 March 2017)" in dated_span(tass)
    assert "Thursday (Thursday, 9 March 2017)" in sources_block([tass])
    assert tass.text in assistant.store.article(tass.source).text  # the span itself is exact


def test_a_point_in_time_is_told_from_a_length_of_time() -> None:
    assert names_a_time("Feb. 3") and names_a_time("1849")
    assert not names_a_time("the nearly 170 years") and not names_a_time("52-year-old")


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("February 12, 2017", True),
        ("12 Feb", True),
        ("Wednesday", True),
        ("between June 14 and July 15", True),
        ("March 2017", False),
        ("1968", False),
        ("the 1980s", False),
        ("80s", False),  # dateparser reads it as 80 seconds ago
        ("100 days", False),  # a length of time, which dateparser counts from today
        ("this year", False),
    ],
)
def test_a_day_is_told_from_longer_periods(phrase: str, day: bool) -> None:
    from assistant.dates import names_a_day

    assert names_a_day(phrase) is day


@pytest.mark.parametrize(
    ("phrase", "points"),
    [
        ("1974", True),
        ("Friday", True),
        ("08:30 GMT", True),
        ("four years", False),  # a length
        ("seven hours", False),
        ("45", False),  # an age or a count, though dateparser reads a time into it
        ("80 last week", False),  # spaCy's one entity for "turned 80 last week"
    ],
)
def test_a_time_pointed_at_is_not_a_length_or_an_age(phrase: str, points: bool) -> None:
    assert points_at_a_time(phrase) is points


@pytest.mark.parametrize(
    ("phrase", "named"),
    [
        ("October 18, 1926", "day"),
        ("Wednesday", "day"),
        ("September 2015", "month"),
        ("1986", "year"),
        ("the Hawker Hunter", None),
    ],
)
def test_a_date_is_told_by_what_it_names(phrase: str, named: str | None) -> None:
    assert precision(phrase) == named


@pytest.mark.parametrize(
    ("phrase", "over"),
    [
        ("2015", True),
        ("last year", True),
        ("in February", True),  # the February just gone, in an article of 1 March
        ("this November", False),
        ("next week", False),
        ("five years", False),  # a length, not a time
    ],
)
def test_a_time_over_before_the_article_was_published(phrase: str, over: bool) -> None:
    assert before(phrase, dt.date(2017, 3, 1)) is over


@pytest.mark.parametrize(
    ("phrase", "named", "meant"),
    [
        ("the year before", "2016", "2015"),
        ("a year earlier", "in March 2016", "in March 2015"),
        ("the following year", "the 2016 season", "the 2017 season"),
        ("The previous year", "2016", "2015"),
        # Not said relative to another year, or no year to be relative to.
        ("last year", "2016", None),
        ("the year before", "March", None),
    ],
)
def test_a_year_said_relative_to_another_one(phrase: str, named: str, meant: str | None) -> None:
    assert year_from(phrase, named) == meant


@pytest.mark.parametrize(
    ("phrase", "dated"),
    [
        ("April-2015", True),  # a lost space written as a hyphen, labelled a name by spaCy
        ("3 March", True),
        ("M-14", False),  # a road
        ("A400M", False),  # a plane
        ("Theresa May", False),
        ("Euro 2016", False),
    ],
)
def test_a_date_is_written_with_a_month_and_a_figure(phrase: str, dated: bool) -> None:
    assert is_written_date(phrase) is dated
