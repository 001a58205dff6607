"""Filters (issue 12 item 4): outlets and a date range restrict both searches, so a filtered
question gets the best chunks within the filter; "according to TASS" restricts to TASS; an
unknown outlet is an error listing the known ones; nothing within the filter is a decline
that says so. Real components over a few articles with outlet and date front matter."""

from __future__ import annotations

import datetime as dt

import pytest
from filter_articles import OUTLETS, QUESTION, SOURCE_OUTLET, TOLLS, news_assistant

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.filters import (
    FilterError,
    UnknownOutlet,
    attributed_outlet,
    read_filters,
    resolve,
)
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.types import Answer, Filters, Passage

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def news(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Assistant:
    return news_assistant(tmp_path_factory.mktemp("filters"), embedder, annotator)


def outlets_cited(answer: Answer) -> set[str | None]:
    return {SOURCE_OUTLET[c.source] for c in answer.citations}


def lexical_hits(news: Assistant, lemmas: list[str], k: int, filters: Filters) -> list[Passage]:
    return news.store.chunks(
        [cid for cid, _ in news.store.lexical.search(lemmas, k, filters=filters)]
    )


# -- the Filters type -----------------------------------------------------------------------


def test_dates_are_read_with_dateutil_and_a_month_spans_its_days() -> None:
    filters = read_filters("TASS", "March 2017", "march 2017")
    assert filters.outlets == ["TASS"]
    assert (filters.since, filters.until) == (dt.date(2017, 3, 1), dt.date(2017, 3, 31))
    assert read_filters(until="2016-02").until == dt.date(2016, 2, 29)
    assert read_filters(since="9 March 2017").since == dt.date(2017, 3, 9)
    assert not read_filters().active and not read_filters([" ", ""]).active


@pytest.mark.parametrize(
    ("since", "until", "param", "words"),
    [
        ("soon", None, "since", "not a date"),
        (None, "March", "until", "no year"),
        ("2017-04-01", "2017-03-31", "until", "after until"),
    ],
)
def test_bad_dates_are_clear_errors(since: str, until: str, param: str, words: str) -> None:
    with pytest.raises(FilterError) as caught:
        read_filters(None, since, until)
    assert caught.value.param == param and words in str(caught.value)


def test_attribution_phrases_name_only_stored_outlets() -> None:
    known = ["TASS", "Reuters", "BBC News", "BBC"]
    assert attributed_outlet("According to TASS, how many died?", known) == (
        "TASS",
        "How many died?",
    )
    assert attributed_outlet("How many died, according to tass?", known) == (
        "TASS",
        "How many died?",
    )
    assert attributed_outlet("What did the BBC News report about it?", known) == (
        "BBC News",
        "What did they report about it?",
    )
    assert attributed_outlet("Who died, as reported by Reuters?", known) == ("Reuters", "Who died?")
    assert attributed_outlet("According to RTE, who won in Cork?", ["RTÉ", "DW"]) == (
        "RTÉ",
        "Who won in Cork?",
    )
    assert attributed_outlet("Was Müller named, according to Rté?", ["RTÉ"]) == (
        "RTÉ",
        "Was Müller named?",
    )
    # Named, but not as the source of what is asked; or not a stored outlet.
    assert attributed_outlet("Who is the head of TASS?", known) is None
    assert attributed_outlet("According to Pravda, who died?", known) is None


def test_outlets_match_without_case_or_accents() -> None:
    assert resolve(Filters(outlets=["rte", "dw"]), ["DW", "RTÉ"]) == Filters(outlets=["RTÉ", "DW"])
    assert resolve(Filters(since="2017"), []) == Filters(since="2017-01-01")
    assert resolve(Filters(), ["DW"]) is None
    with pytest.raises(UnknownOutlet, match="no stored article names its outlet"):
        resolve(Filters(outlets=["DW"]), [])


# -- the store and retrieval ----------------------------------------------------------------


def test_catalog_lists_the_distinct_outlets(news: Assistant) -> None:
    assert news.outlets() == OUTLETS


def test_a_filter_excludes_the_otherwise_best_chunk(news: Assistant) -> None:
    best = news.retrieve(QUESTION, k=1)
    assert len(best) == 1
    excluded = best[0].outlet
    others = [o for o in TOLLS if o != excluded]
    within = news.retrieve(QUESTION, k=1, filters=Filters(outlets=others))
    # The best chunk within the filter, not what is left of an unrestricted top 1.
    assert len(within) == 1 and within[0].outlet in others


def test_both_searches_rank_only_chunks_within_the_filter(news: Assistant) -> None:
    vector = news.embedder.embed([QUESTION])[0]
    lemmas = list(news.reader.analyse(QUESTION).lemmas)
    for outlet in TOLLS:
        only = Filters(outlets=[outlet])
        dense = news.store.nearest(vector, 1, filters=only)
        lexical = news.store.chunks(
            [cid for cid, _ in news.store.lexical.search(lemmas, 1, filters=only)]
        )
        assert [p.outlet for p in dense] == [outlet]
        assert [p.outlet for p in lexical] == [outlet]
    march = Filters(since=dt.date(2017, 3, 10), until=dt.date(2017, 3, 31))
    dense = news.store.nearest(vector, 10, filters=march)
    lexical = news.store.chunks(
        [c for c, _ in news.store.lexical.search(lemmas, 10, filters=march)]
    )
    # Reuters (10 March) and the BBC (15 March); not TASS (9 March), DW (April) or the
    # undated article (no date is in any range).
    assert {p.source for p in dense} == {"reuters_fire.md", "bbc_budget.md"}
    assert {p.source for p in lexical} <= {"reuters_fire.md", "bbc_budget.md"}
    assert "reuters_fire.md" in {p.source for p in lexical}


# -- answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("outlet", ["DW", "reuters", "tass"])
def test_an_outlet_filter_answers_from_that_outlet_only(news: Assistant, outlet: str) -> None:
    answer = news.ask(QUESTION, filters=Filters(outlets=[outlet]))
    stored = next(o for o in TOLLS if o.lower() == outlet.lower())
    assert answer.filters is not None and answer.filters.outlets == [stored]
    assert not answer.abstained and TOLLS[stored] in answer.answer
    assert answer.citations and outlets_cited(answer) == {stored}


def test_a_date_range_answers_from_that_period_only(news: Assistant) -> None:
    april = news.ask(QUESTION, filters=read_filters(since="April 2017"))
    assert april.filters == Filters(since=dt.date(2017, 4, 1))
    assert april.citations and {c.date for c in april.citations} == {"2017-04-02"}
    assert "17" in april.answer
    early = news.ask(QUESTION, filters=read_filters(until="2017-03-09"))
    assert early.citations and {c.date for c in early.citations} == {"2017-03-09"}
    assert "12" in early.answer


def test_according_to_an_outlet_restricts_to_it_and_says_so(news: Assistant) -> None:
    answer = news.ask(f"According to Reuters, {QUESTION[0].lower()}{QUESTION[1:]}")
    assert answer.filters == Filters(outlets=["Reuters"])
    assert not answer.abstained and "15" in answer.answer
    assert outlets_cited(answer) == {"Reuters"}
    reported = news.ask("What did dw report about the Port Elmsworth harbour fire?")
    assert reported.filters == Filters(outlets=["DW"])
    assert reported.citations and outlets_cited(reported) == {"DW"}


def test_a_question_without_attribution_is_unrestricted(news: Assistant) -> None:
    answer = news.ask(QUESTION)
    assert answer.filters is None and answer.citations


def test_an_unknown_outlet_is_an_error_listing_the_known_ones(news: Assistant) -> None:
    with pytest.raises(UnknownOutlet) as caught:
        news.ask(QUESTION, filters=Filters(outlets=["Pravda"]))
    assert "'Pravda'" in str(caught.value)
    assert "Known outlets: BBC, DW, Reuters, TASS." in str(caught.value)


def test_nothing_within_the_filter_declines_saying_so(news: Assistant) -> None:
    filters = read_filters("Reuters", since="2017-04-01")
    answer = news.ask(QUESTION, filters=filters)
    assert answer.abstained and not answer.citations
    assert answer.answer == (
        "No article from Reuters published on or after 2017-04-01 matches, so the articles "
        "do not say."
    )
    assert answer.filters == filters
    streamed = [e.delta for e in news.stream(QUESTION, filters=filters) if e.delta]
    assert "".join(streamed) == answer.answer


def test_a_chat_session_keeps_its_filter_per_question(news: Assistant) -> None:
    session = news.chat()
    first = session.ask(QUESTION, filters=Filters(outlets=["TASS"]))
    assert outlets_cited(first) == {"TASS"}
    second = session.ask(QUESTION, filters=Filters(outlets=["DW"]))
    assert outlets_cited(second) == {"DW"} and len(session.turns) == 2


def test_retrieve_takes_filters_too(news: Assistant) -> None:
    chunks = news.retrieve(QUESTION, filters=Filters(outlets=["bbc"]))
    assert chunks and {c.outlet for c in chunks} == {"BBC"}
