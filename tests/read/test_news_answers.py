"""Figures that change or conflict across reports: a time-sensitive question gets the newest
figure with its date and the earlier ones cited; a figure two outlets give differently on the
same day is given both ways, each attributed and cited."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from assistant.read.news import time_sensitive
from assistant.types import Answer
from tests.filter_articles import ARTICLES, news_article, news_assistant

AskNews = Callable[..., Answer]
"""Asks one question of an assistant over some articles (``ask_news``)."""


@pytest.fixture
def ask_news(tmp_path: Path, embedder: MiniLMOnnxEmbedder, annotator: Annotator) -> AskNews:
    """Ask ``question`` of an assistant over ``articles`` (the harbour-fire reports of
    ``tests.filter_articles`` unless given), ingested into a store of its own."""

    def ask(question: str, articles: Mapping[str, str] = ARTICLES) -> Answer:
        return news_assistant(tmp_path, embedder, annotator, articles).ask(question)

    return ask


CROWD = {
    "dw_march.md": news_article(
        "Thousands march in Velmora against pension reform",
        "2017-03-04",
        "DW",
        "Police said 30,000 people joined the march against the pension reform in Velmora on "
        "Saturday. The protest passed off peacefully and the marchers dispersed by evening.",
    ),
    "rte_march.md": news_article(
        "Velmora pension protest draws large crowd",
        "2017-03-04",
        "RTÉ",
        "Organisers said 50,000 people joined the march against the pension reform in Velmora "
        "on Saturday. Union leaders called for a general strike next month.",
    ),
}


@pytest.mark.parametrize(
    ("question", "timely"),
    [
        ("How many people have died so far?", True),
        ("What is the latest death toll?", True),
        ("How many are still missing?", True),
        ("Have the nine sailors been allowed to leave yet?", True),
        ("How many flights were cancelled in the end?", True),
        ("How many people died in the fire?", False),
        ("Who won the end-of-season award?", False),
        ("Who is the mayor of Port Elmsworth?", False),
    ],
)
def test_time_sensitive_questions_are_recognised(question: str, timely: bool) -> None:
    assert time_sensitive(question) is timely


@pytest.mark.integration
def test_a_time_sensitive_question_gets_the_newest_figure_with_its_date(ask_news: AskNews) -> None:
    answer = ask_news("How many people have died in the Port Elmsworth harbour fire so far?")
    assert answer.short_answer == "17"
    assert answer.as_of is not None and answer.as_of.isoformat() == "2017-04-02"
    assert answer.answer.startswith("As of 2 April 2017, 17 [")
    by_marker = {c.marker: c for c in answer.citations}
    assert "Earlier reports gave 12 (TASS, 9 March 2017) [" in answer.answer
    earlier = [c for c in answer.citations if c.outlet in {"TASS", "Reuters"}]
    assert {c.outlet for c in earlier} == {"TASS", "Reuters"}
    assert all(c.text in by_marker[c.marker].text for c in earlier)
    assert any("12" in c.text for c in earlier) and any("15" in c.text for c in earlier)


@pytest.mark.integration
def test_a_question_without_a_time_word_keeps_its_answer_and_cites_other_days(
    ask_news: AskNews,
) -> None:
    answer = ask_news("How many people were killed in the Port Elmsworth harbour fire?")
    assert answer.as_of is None and answer.conflicts == []
    assert "Earlier reports" not in answer.answer
    # The figure as reported another day is a development, cited after the answer.
    assert answer.short_answer == "12"
    assert "Reports of other days gave 17 (DW, 2 April 2017) [" in answer.answer
    marker = int(answer.answer.split("(DW, 2 April 2017) [")[1].split("]")[0])
    cited = next(c for c in answer.citations if c.marker == marker)
    assert cited.outlet == "DW" and "killed 17 people" in cited.text


@pytest.mark.integration
def test_outlets_disagreeing_the_same_day_are_both_given(ask_news: AskNews) -> None:
    answer = ask_news("How many people joined the pension reform march in Velmora?", CROWD)
    assert len(answer.conflicts) == 1, answer.answer
    values = {v.value: v.citations for v in answer.conflicts[0].values}
    assert set(values) == {"30,000", "50,000"}
    by_marker = {c.marker: c for c in answer.citations}
    for value, markers in values.items():
        assert all(value in by_marker[m].text for m in markers)
    assert {by_marker[m].outlet for ms in values.values() for m in ms} == {"DW", "RTÉ"}
    assert "Reports differ: " in answer.answer and "4 March 2017" in answer.answer


@pytest.mark.integration
@pytest.mark.parametrize(
    ("one", "other"),
    [
        # News writes numbers under ten in words: "eight" is the figure 8, which differs from 12.
        ("eight", "12"),
        # Both are in digits: their "million" is no figure of its own that they share.
        ("1.8 million", "1.9 million"),
    ],
)
def test_figures_written_in_words_or_digits_disagree(
    ask_news: AskNews, one: str, other: str
) -> None:
    words = {
        "dw.md": CROWD["dw_march.md"].replace("30,000 people", f"{one} people"),
        "rte.md": CROWD["rte_march.md"].replace("50,000 people", f"{other} people"),
    }
    answer = ask_news("How many people joined the pension reform march in Velmora?", words)
    assert len(answer.conflicts) == 1, answer.answer
    assert {v.value for v in answer.conflicts[0].values} == {one, other}


SCHOOL = {
    "dw_school.md": news_article(
        "Shooting at a school in Varnholm",
        "2017-03-16",
        "DW",
        "At least eight people were injured in a shooting at a high school in Varnholm on "
        "Thursday. A pupil aged 17 was arrested.",
    ),
    "bbc_school.md": news_article(
        "Pupil arrested after Varnholm school shooting",
        "2017-03-16",
        "BBC",
        "At least two people were hurt in a shooting at a high school in Varnholm on Thursday, "
        "police said.",
    ),
}


@pytest.mark.integration
def test_a_figure_told_with_a_verb_of_the_same_sense_is_a_rival(ask_news: AskNews) -> None:
    # "hurt" and "injured" tell one outcome: the two figures disagree on what was asked.
    answer = ask_news(
        "How many people were hurt in the shooting at the school in Varnholm?", SCHOOL
    )
    assert len(answer.conflicts) == 1, answer.answer
    # Each figure as written inside a sentence, though both reports open with it; the answer
    # opens with a capital.
    assert {v.value for v in answer.conflicts[0].values} == {"at least eight", "at least two"}
    assert answer.answer.startswith("At least ")
    assert "gives at least eight [" in answer.answer and "gives at least two [" in answer.answer


@pytest.mark.integration
def test_a_figure_with_no_noun_told_with_the_question_s_verb_is_a_rival(
    ask_news: AskNews,
) -> None:
    # "at least two were hurt" counts no noun: what it counts is what its verb tells of.
    articles = {
        "dw.md": news_article(
            "Shooting at a school in Varnholm",
            "2017-03-16",
            "DW",
            "A pupil opened fire at a high school in Varnholm on Thursday, killing a teacher. "
            "At least eight others were injured, police said.",
        ),
        "bbc.md": news_article(
            "Pupil arrested after Varnholm school shooting",
            "2017-03-16",
            "BBC",
            "A teacher was killed in a shooting at a high school in Varnholm on Thursday and at "
            "least two were hurt, police said.",
        ),
    }
    answer = ask_news(
        "How many people were injured in the shooting at the school in Varnholm?", articles
    )
    assert len(answer.conflicts) == 1, answer.answer
    assert {v.value for v in answer.conflicts[0].values} == {"at least eight", "at least two"}


CRASH = {
    "rte.md": news_article(
        "Report on the Kellmoor air show crash",
        "2017-03-03",
        "RTÉ",
        "The 1955 Hawker Hunter that crashed at the Kellmoor air show flew too slowly, the "
        "final report on the crash found on Friday.",
    ),
    "bbc.md": news_article(
        "Kellmoor air show crash report published",
        "2017-03-03",
        "BBC",
        "The Hawker Hunter crashed at the Kellmoor air show on 22 August 2015, killing eleven "
        "men, the final report on the crash said on Friday.",
    ),
}


@pytest.mark.integration
def test_dates_of_different_precision_are_not_reports_that_differ(ask_news: AskNews) -> None:
    answer = ask_news("When did the Hawker Hunter crash at the Kellmoor air show?", CRASH)
    assert not answer.conflicts and "Reports differ" not in answer.answer, answer.answer


def test_a_quantity_s_unit_is_its_last_word() -> None:
    from assistant.read.news import _unit

    assert _unit("about 40 kilometers") == _unit("27 kilometer") == "kilometer"
    assert _unit("less than 500 meters") != _unit("40 kilometers")


def test_a_report_of_another_day_names_what_the_question_names() -> None:
    from assistant.read.extract import FEATURES, Candidate
    from assistant.read.news import Report, _same_names

    def report(names_found: float) -> Report:
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("names_found")] = names_found
        return Report(Candidate("17", tuple(features), None, 0, 0, 2, "CARDINAL"))  # type: ignore[arg-type]

    assert _same_names(report(1.0), report(1.0))
    assert not _same_names(report(0.5), report(1.0))  # its article lacks a name the answer's has


@pytest.mark.parametrize(
    ("rival", "names_near", "alike"),
    [
        ("29-year-old", 1.0, True),  # an age written another way is still an age
        ("29-year-old", 0.5, False),  # not by the name asked about: someone else's age
        ("13 February", 1.0, False),  # a day of a month is no age
    ],
)
def test_ages_are_alike_however_written_when_written_by_the_name(
    rival: str, names_near: float, alike: bool
) -> None:
    from assistant.read.extract import FEATURES, Candidate
    from assistant.read.news import _measured_alike

    def candidate(text: str, near: float) -> Candidate:
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("names_near")] = near
        return Candidate(text, tuple(features), None, 0, 0, 2, "DATE")  # type: ignore[arg-type]

    assert _measured_alike(candidate(rival, names_near), candidate("28", 1.0)) is alike


CUSTODY = {
    "first.md": news_article(
        "Former minister Arven Tolle questioned over bribes",
        "2017-03-02",
        "DW",
        "Prosecutors questioned former minister Arven Tolle over the Velmora bribery scandal on "
        "Thursday and released him without charge. He denied taking any money.",
    ),
    "later.md": news_article(
        "Former minister Arven Tolle arrested",
        "2017-03-20",
        "Reuters",
        "Former minister Arven Tolle was arrested on Monday over the Velmora bribery scandal "
        "and remains in custody. His lawyers said they would appeal.",
    ),
}


def test_a_time_sensitive_statement_question_quotes_the_newest_report_first(
    ask_news: AskNews,
) -> None:
    answer = ask_news("Is Arven Tolle still free after the Velmora bribery scandal?", CUSTODY)
    assert not answer.abstained
    assert answer.answer.startswith("As of 20 March 2017: ")
    assert answer.citations[0].source == "later.md"
    assert answer.as_of is not None and answer.as_of.isoformat() == "2017-03-20"


def test_each_disagreeing_value_names_the_source_its_article_credits(ask_news: AskNews) -> None:
    answer = ask_news("How many people joined the pension reform march in Velmora?", CROWD)
    assert "citing police," in answer.answer and "citing organisers," in answer.answer
    credited = {v.value: v.attributed_to for c in answer.conflicts for v in c.values}
    assert credited == {"30,000": "police", "50,000": "organisers"}


EVACUATION = {
    "abc_dam.md": news_article(
        "Thousands flee as Brannock dam spillway fails",
        "2017-02-13",
        "ABC News",
        "The damaged spillway of the Brannock dam threatened to fail on Sunday. Officials "
        "ordered nearly 30,000 people to evacuate. Highways out of the valley were jammed.",
    ),
    "cnn_dam.md": news_article(
        "Brannock dam residents leave their homes",
        "2017-02-13",
        "CNN",
        "At least 28,000 people below the Brannock dam were evacuated on Sunday as its damaged "
        "spillway threatened to fail. Shelters opened in three nearby towns.",
    ),
    "bbc_dam.md": news_article(
        "Brannock dam: valley told to leave",
        "2017-02-13",
        "BBC",
        "More than 26,000 people in the Brannock valley have been told to evacuate as the "
        "dam's spillway threatened to fail. Schools in the valley were closed.",
    ),
}


@pytest.mark.integration
def test_a_rival_figure_may_belong_to_another_verb_of_the_question(ask_news: AskNews) -> None:
    """ "were evacuated" gives the figure asked for by "were ordered to evacuate", and so
    does "have been told to evacuate", whose figure belongs to "told"."""
    answer = ask_news(
        "How many people were ordered to evacuate below the Brannock dam?", EVACUATION
    )
    values = {v.value for c in answer.conflicts for v in c.values}
    assert values == {"nearly 30,000", "at least 28,000", "more than 26,000"}, answer.answer
    assert "Reports differ:" in answer.answer


_WIRE = (
    "Jared Kushner, the president's son-in-law and one of his most senior advisers, will "
    "testify before the Senate Intelligence Committee about his meetings with Russian "
    "officials, the White House confirmed on Monday. The committee is investigating "
    "contacts between the campaign and Moscow, and its chairman said the hearing would be "
    "held in private. Kushner met the Russian ambassador and a banker during the transition."
)
KUSHNER = {
    # One wire story run by two outlets, and a third outlet's report of its own.
    "wire_aj.md": news_article("Kushner to face Russia panel", "2017-03-27", "Al Jazeera", _WIRE),
    "wire_rte.md": news_article("Kushner to be questioned", "2017-03-27", "RTÉ", _WIRE),
    "own_cnn.md": news_article(
        "Putin calls meddling claims lies",
        "2017-03-30",
        "CNN",
        "Vladimir Putin dismissed claims of election meddling as lies on Thursday. Kushner "
        "will be questioned by the Senate Intelligence Committee about Russia, officials said.",
    ),
}


@pytest.mark.integration
def test_an_answer_many_outlets_give_is_cited_from_the_story_they_carry(ask_news: AskNews) -> None:
    answer = ask_news("Which Senate committee will Jared Kushner be questioned by?", KUSHNER)
    assert answer.short_answer == "the Senate Intelligence Committee"
    cited = {c.source for c in answer.citations}
    assert cited & {"wire_aj.md", "wire_rte.md"}, answer.answer
    carried = {o for c in answer.citations for o in c.story_outlets}
    assert {"Al Jazeera", "RTÉ"} <= carried


BOMBING = {
    "dw_bombing.md": news_article(
        "Suicide bomber strikes Velmora market",
        "2017-03-09",
        "DW",
        "An Islamic State suicide bomber struck the main market in Velmora on Thursday, killing"
        " at least 75 people. Shops across the city stayed closed on Friday.",
    ),
    "rte_bombing.md": news_article(
        "Dozens killed in Velmora market bombing",
        "2017-03-09",
        "RTÉ",
        "At least 52 people were killed in the Velmora market bombing, an attack claimed by a"
        " militant group on Thursday. Shops across the city stayed closed on Friday.",
    ),
}


def test_a_name_or_a_passive_verb_is_not_a_source_of_the_figure(ask_news: AskNews) -> None:
    # "Islamic State" is a name, not "Islamic" stating; an attack "claimed by" a group is
    # not one that says anything.
    answer = ask_news("How many people were killed in the Velmora market bombing?", BOMBING)
    values = {v.value: v.attributed_to for c in answer.conflicts for v in c.values}
    assert set(values) == {"at least 75", "at least 52"}
    assert set(values.values()) == {None}
    assert "citing" not in answer.answer


BLIZZARD = {
    "first.md": news_article(
        "Blizzard grounds flights across the northeastern US",
        "2017-03-13",
        "DW",
        "Airlines cancelled more than 4,000 flights because of the blizzard in the northeastern "
        "US, according to a flight tracking service. The blizzard brought heavy snow to the "
        "northeastern US and airlines cancelled flights at every big airport.",
    ),
    "later.md": news_article(
        "Snow clean-up begins",
        "2017-03-15",
        "CNN",
        "More than 7,800 flights were cancelled in all. Crews cleared roads on Wednesday.",
    ),
}


def test_a_time_sensitive_question_searches_the_reports_after_those_found_first(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> None:
    # Searched for one chunk, the question finds the first report, which writes more of its
    # words; the later report, dated after it, is searched for too.
    assistant = news_assistant(tmp_path, embedder, annotator, BLIZZARD)
    question = "How many flights were cancelled because of the blizzard, in the end?"
    answer = assistant.ask(question, top_k=1)
    assert answer.short_answer == "more than 7,800", answer.answer
    assert str(answer.as_of) == "2017-03-15"
    assert any(c.source == "later.md" for c in answer.citations)
    # A question that asks for no newest figure searches once: the first report answers.
    assert (
        assistant.ask(
            "How many flights were cancelled because of the blizzard?", top_k=1
        ).short_answer
        == "more than 4,000"
    )


BAN = {
    "first.md": news_article(
        "Velmora travel ban covers six countries",
        "2017-03-09",
        "CNN",
        "Velmora's revised travel ban bars entry to people from six countries, the interior "
        "ministry said. The ban on travellers from six countries takes effect next week.",
    ),
    "later.md": news_article(
        "Judge extends ruling on Velmora ban",
        "2017-03-30",
        "ABC News",
        "A judge extended his ruling on Wednesday. The Velmora travel ban on people from six "
        "countries stays on hold while the case goes on.",
    ),
}


@pytest.mark.integration
def test_the_newest_report_of_a_figure_that_still_stands_dates_it(ask_news: AskNews) -> None:
    # Both reports give six countries: the newest says it still stood on its day.
    answer = ask_news("How many countries does the Velmora travel ban cover now?", BAN)
    assert answer.short_answer == "six"
    assert str(answer.as_of) == "2017-03-30"
    assert answer.citations[0].outlet == "ABC News"


AGES = {
    "rte_holm.md": news_article(
        "Exiled banker dies at Varnholm airport",
        "2017-02-24",
        "RTÉ",
        "45-year-old Lars Holm was killed last Monday while preparing to board a flight to "
        "Lisbon. Police in Varnholm said two women were being held.",
    ),
    "bbc_holm.md": news_article(
        "Women charged over Varnholm airport killing",
        "2017-02-28",
        "BBC",
        "Two women have been charged with murder over the Varnholm airport killing. Lars Holm, "
        "42, was at a check-in desk for a flight to Lisbon when he was attacked.",
    ),
    "dw_holm.md": news_article(
        "Varnholm airport killing: women to face murder charges",
        "2017-02-28",
        "DW",
        "Prosecutors in Varnholm will charge two women with murder on Wednesday. The "
        "46-year-old Lars Holm had been living abroad and often flew from Varnholm airport.",
    ),
}


@pytest.mark.integration
def test_every_age_the_reports_give_is_told(ask_news: AskNews) -> None:
    # An age is the person's, written by their name with any verb ("had been living") and
    # as a bare number after it ("Lars Holm, 42,"), which is no date.
    answer = ask_news("How old was Lars Holm when he was killed at Varnholm airport?", AGES)
    ages = {"45": "RTÉ", "42": "BBC", "46": "DW"}
    assert answer.short_answer is not None and answer.short_answer[:2] in ages
    told = {c.outlet for c in answer.citations if any(a in c.text for a in ages)}
    assert told == set(ages.values()), answer.answer
    for age in ages:
        assert age in answer.answer, answer.answer
