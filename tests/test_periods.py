"""A date period named in a question restricts the search to the articles of that period
(issue 12 item 1): "in March 2017", "on 9 March 2017", "last week" (measured from the newest
article), read from the question's spaCy parse and resolved with dateparser; dates that are
no period of publication are left alone. Real spaCy and dateparser; real stores for answers."""

from __future__ import annotations

import datetime as dt

import pytest
from filter_articles import news_article, news_assistant

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from assistant.periods import Period, named_period
from assistant.service import Assistant, period_unanswered
from assistant.types import Filters

D = dt.date
ARCHIVE = (D(2016, 12, 2), D(2017, 3, 30))  # oldest and newest article: a Thursday
WEEK = 7  # days searched after a period


def period(annotator: Annotator, question: str, **options: bool) -> Period | None:
    return named_period(annotator.parse(question), ARCHIVE, WEEK, **options)


# -- reading the period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "first", "last", "label"),
    [
        ("How many people died in the fire in March 2017?", D(2017, 3, 1), D(2017, 3, 31),
         "March 2017"),
        ("What did the mayor say in 2016?", D(2016, 1, 1), D(2016, 12, 31), "2016"),
        ("Who resigned on 9 March 2017?", D(2017, 3, 9), D(2017, 3, 9), "9 March 2017"),
        ("In March 2017, how many people were killed?", D(2017, 3, 1), D(2017, 3, 31),
         "March 2017"),
        # No year: the latest before the newest article; "early" narrows what is not read.
        ("What happened in early February?", D(2017, 2, 1), D(2017, 2, 28), "February 2017"),
    ],
)  # fmt: skip
def test_an_absolute_period_is_read_at_the_precision_of_its_phrase(
    annotator: Annotator, question: str, first: D, last: D, label: str
) -> None:
    found = period(annotator, question)
    assert found is not None
    assert (found.first, found.last, found.label) == (first, last, label)
    assert found.searched(WEEK) == (first, last + dt.timedelta(days=WEEK))


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("What did TASS report last week?", D(2017, 3, 20), D(2017, 3, 26)),
        ("How many people were killed this month?", D(2017, 3, 1), D(2017, 3, 31)),
        ("Who was arrested yesterday?", D(2017, 3, 29), D(2017, 3, 29)),
        ("Who won the election last year?", D(2016, 1, 1), D(2016, 12, 31)),
    ],
)
def test_a_relative_period_is_measured_from_the_newestnews_article(
    annotator: Annotator, question: str, first: D, last: D
) -> None:
    found = period(annotator, question)
    assert found is not None and (found.first, found.last) == (first, last)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("How many people died in the past week?", D(2017, 3, 24)),
        ("How many were arrested over the past two weeks?", D(2017, 3, 17)),
        ("What happened in the last three days?", D(2017, 3, 28)),
        ("What did the minister say in the last 10 days?", D(2017, 3, 21)),
        ("Who was detained in the past few months?", D(2016, 12, 31)),
    ],
)
def test_the_past_week_is_the_days_up_to_the_newest_article(
    annotator: Annotator, question: str, first: D
) -> None:
    found = period(annotator, question)
    assert found is not None
    assert (found.first, found.last) == (first, ARCHIVE[1])
    assert found.label == f"{first.day} {first:%B %Y} to 30 March 2017"
    # Measured from now: not a period of a follow-up's story.
    assert period(annotator, question, relative=False) is None


@pytest.mark.parametrize(
    "question",
    [
        "Who won the 2018 World Cup?",  # a date naming the topic, after the newest article
        "In what year did Polk die?",  # the date is asked for
        "Who carried out the 1974 attack?",  # a modifier of a noun
        "How many seats did the VVD win in the March 2017 Dutch election?",
        "Who will host the championship in 2023?",  # starts after the newest article
        "How old was Polk when he died in 1849?",  # ends before the oldest article
        "How many threats have been made since January?",  # a bound, not a period
        "How many people died in the fire?",  # no date at all
    ],
)
def test_dates_that_are_no_period_of_publication_are_left_alone(
    annotator: Annotator, question: str
) -> None:
    assert period(annotator, question) is None


def test_a_topic_s_date_may_modify_its_noun(annotator: Annotator) -> None:
    # In a question, "the dam in March 2017" names the thing; a timeline's topic is a noun
    # phrase, whose date says when.
    topic = "the Verrin dam in March 2017"
    assert period(annotator, topic) is None
    found = period(annotator, topic, topic=True)
    assert found is not None and found.label == "March 2017"


def test_a_follow_up_keeps_only_dates_that_say_their_own(annotator: Annotator) -> None:
    assert period(annotator, "What vote did he survive yesterday?", relative=False) is None
    assert period(annotator, "What vote did he survive yesterday?") is not None
    kept = period(annotator, "What vote did he survive in March 2017?", relative=False)
    assert kept is not None and kept.label == "March 2017"


def test_a_bare_weekday_is_not_a_period(annotator: Annotator) -> None:
    # Which Thursday is the story's, not the archive's latest.
    assert period(annotator, "What happened when Russia struck Kharkiv on Thursday?") is None
    assert period(annotator, "What did the mayor say on Friday night?") is None


def test_no_dated_article_no_period(annotator: Annotator) -> None:
    doc = annotator.parse("How many people died in the fire in March 2017?")
    assert named_period(doc, None, WEEK) is None


# -- answers --------------------------------------------------------------------------------


# One flood reported in January and in March with different figures, and an article of
# February on something else in the valley.
ARTICLES = {
    "dw_january.md": news_article(
        "Karsk valley floods force families out",
        "2017-01-12",
        "DW",
        "Floods in the Karsk valley forced 300 families from their homes, the regional "
        "governor said on Thursday. Roads to the valley were closed.",
    ),
    "reuters_march.md": news_article(
        "Karsk valley floods return",
        "2017-03-16",
        "Reuters",
        "Floods in the Karsk valley forced 1,200 families from their homes, the regional "
        "governor said on Thursday. The army sent boats to the villages.",
    ),
    "bbc_february.md": news_article(
        "Karsk council approves budget",
        "2017-02-09",
        "BBC",
        "The Karsk council approved a budget of 40 million euros on Wednesday. The mayor said "
        "schools would get the largest share.",
    ),
}
ASKED = "How many families were forced from their homes by the Karsk valley floods"


@pytest.fixture(scope="module")
def valley(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Assistant:
    return news_assistant(tmp_path_factory.mktemp("periods"), embedder, annotator, ARTICLES)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("month", "figure", "source", "searched"),
    [
        ("January 2017", "300", "dw_january.md", (D(2017, 1, 1), D(2017, 2, 7))),
        ("March 2017", "1,200", "reuters_march.md", (D(2017, 3, 1), D(2017, 4, 7))),
    ],
)
def test_a_month_in_the_question_answers_from_that_monthsnews_article(
    valley: Assistant, month: str, figure: str, source: str, searched: tuple[D, D]
) -> None:
    answer = valley.ask(f"{ASKED} in {month}?")
    assert not answer.abstained and figure in answer.answer
    assert {c.source for c in answer.citations} == {source}
    assert answer.filters == Filters(since=searched[0], until=searched[1], period=month)
    assert answer.filters.describe().startswith(f"of {month}, published ")
    assert valley.retrieve(f"{ASKED} in {month}?")[0].source == source


@pytest.mark.integration
def test_a_period_without_an_answer_searches_every_date_and_says_so(valley: Assistant) -> None:
    # February has an article of the valley, on something else: nothing there answers.
    answer = valley.ask(f"{ASKED} in February 2017?")
    assert answer.filters is None
    assert answer.warning is not None and answer.warning.startswith(period_unanswered(_february()))
    # Searched at every date, the question's own words ask for February, which no article
    # of the floods writes: the reader declines rather than give March's figure.
    assert answer.abstained
    # An outlet given keeps the question's period; Reuters has no article of January.
    reuters = valley.ask(f"{ASKED} in January 2017?", filters=Filters(outlets=["reuters"]))
    assert reuters.filters == Filters(outlets=["Reuters"]) and reuters.warning is not None
    assert {c.source for c in reuters.citations} <= {"reuters_march.md"}


@pytest.mark.integration
def test_a_date_range_given_wins_over_the_question(valley: Assistant) -> None:
    given = Filters(since="January 2017", until="January 2017")
    answer = valley.ask(f"{ASKED} in March 2017?", filters=given)
    assert answer.filters == given and answer.warning is None
    assert {c.source for c in answer.citations} <= {"dw_january.md"}
    assert valley.dated(f"{ASKED} in March 2017?", given) == (None, given)
    assert valley.dated(f"{ASKED} in March 2017?", Filters(outlets=["DW"]))[0] is not None


def _february() -> Period:
    return Period("February 2017", D(2017, 2, 1), D(2017, 2, 28), "month")
