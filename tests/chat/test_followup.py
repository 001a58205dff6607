"""Offline follow-up rewriting from spaCy's parse of the earlier turns."""

from __future__ import annotations

import pytest

from assistant.followup import rewrite_followup, split_topic
from assistant.language import Annotator
from assistant.types import Turn

pytestmark = pytest.mark.integration

BLINKEN = Turn(
    question="Who visited Kyiv on Thursday?",
    answer="Antony Blinken [1]. U.S. Secretary of State Antony Blinken visited Kyiv. [1]",
)


def test_he_becomes_the_person_the_answer_named(annotator: Annotator) -> None:
    rewritten = rewrite_followup("How much did he announce?", [BLINKEN], parse=annotator.parse)
    question, topic = split_topic(rewritten)
    assert question == "How much did Antony Blinken announce?"
    assert topic is not None and "Kyiv" in topic


def test_she_is_never_a_place(annotator: Annotator) -> None:
    turn = Turn(question="What did Angela Merkel say in London?", answer="The articles do not say.")
    rewritten = rewrite_followup("Where did she go next?", [turn], parse=annotator.parse)
    assert "Angela Merkel" in rewritten and "London go" not in rewritten


def test_he_is_not_a_place_a_who_question_was_answered_with(annotator: Annotator) -> None:
    # The reader answered "who" with a place; "he" is the person the answer's sentence names.
    turn = Turn(
        question="Who chairs the Republican Study Committee?",
        short_answer="North Carolina",
        answer='North Carolina [1]. "I promised the people of North Carolina," Mark Walker '
        "said. [1]",
    )
    rewritten = rewrite_followup("Which state does he represent?", [turn], parse=annotator.parse)
    assert split_topic(rewritten)[0] == "Which state does Mark Walker represent?"


def test_a_question_that_names_its_subject_is_kept(annotator: Annotator) -> None:
    question = "How many jobs will Nginx create in Cork?"
    assert rewrite_followup(question, [BLINKEN], parse=annotator.parse) == question


def test_a_noun_pointed_at_with_that_keeps_the_earlier_story(annotator: Annotator) -> None:
    turn = Turn(
        question="When did James Comey promise Sheldon Whitehouse an answer?",
        answer="On Wednesday [1]. x [1]",
    )
    question = "Which Republican senator was also in that meeting?"
    rewritten = rewrite_followup(question, [turn], parse=annotator.parse)
    asked, topic = split_topic(rewritten)
    assert asked == question and topic is not None and "James Comey" in topic
    # "This year" is a time, not something the earlier turns spoke of.
    alone = "Who won this year's Oscar for Moonlight?"
    assert rewrite_followup(alone, [turn], parse=annotator.parse) == alone


def test_ellipsis_takes_the_previous_question_with_the_new_entity(annotator: Annotator) -> None:
    turn = Turn(question="How many jobs will the firm create in Dublin?", answer="200 [1]. x [1]")
    rewritten = rewrite_followup("And in Cork?", [turn], parse=annotator.parse)
    assert rewritten.startswith("How many jobs will the firm create in") and "Cork" in rewritten


@pytest.mark.parametrize(
    ("followup", "year"),
    [("And the year before?", "2015"), ("And a year later?", "2017"), ("And in 2012?", "2012")],
)
def test_a_year_said_relative_to_the_one_asked_about_is_that_year(
    annotator: Annotator, followup: str, year: str
) -> None:
    turn = Turn(question="How many tourists visited Kerry in 2016?", answer="1m [1]. x [1]")
    rewritten = rewrite_followup(followup, [turn], parse=annotator.parse)
    assert rewritten.startswith("How many tourists visited Kerry in") and year in rewritten
    assert "2016" not in rewritten


def _answered(question: str, short: str) -> Turn:
    """A turn whose answer gave ``short``."""
    return Turn(question=question, answer=f"{short} [1]. ... {short} ... [1]", short_answer=short)


def _standalone(annotator: Annotator, turns: list[Turn], followup: str) -> str:
    """The follow-up as rewritten, without the topic carried after it."""
    return split_topic(rewrite_followup(followup, turns, parse=annotator.parse))[0]


def test_it_after_where_is_what_was_asked_about_and_there_is_the_answer(
    annotator: Annotator,
) -> None:
    turns = [_answered("Where was the 709-carat diamond found?", "Sierra Leone")]
    it = _standalone(annotator, turns, "Who was it first taken to?")
    assert it == "Who was the 709-carat diamond first taken to?"
    assert _standalone(annotator, turns, "Who else was there?") == "Who else was in Sierra Leone?"
    voters = _standalone(annotator, turns, "When will voters there decide?")
    assert voters == "When will voters in Sierra Leone decide?"


def test_he_is_never_the_place_a_where_question_was_answered_with(annotator: Annotator) -> None:
    # spaCy reads "Mayfield Garda Station" at the head of the answer as a person; the short
    # answer of a "where" question is a place wherever the answer writes it.
    turn = Turn(
        question="Where was John Murphy held?",
        answer="Mayfield Garda Station [1]. John Murphy was held at Mayfield Garda Station. [1]",
        short_answer="Mayfield Garda Station",
    )
    assert _standalone(annotator, [turn], "When was he charged?") == "When was John Murphy charged?"
    asked_of_no_one = Turn(
        question="Where was the man held?",
        answer="Mayfield Garda Station [1]. The man was held at Mayfield Garda Station. [1]",
        short_answer="Mayfield Garda Station",
    )
    assert "Mayfield" not in _standalone(annotator, [asked_of_no_one], "When was he charged?")


def test_a_pronoun_two_turns_on_is_read_from_the_previous_question_as_it_was_read(
    annotator: Annotator,
) -> None:
    # "How old is he?" was asked of the winner; "he" in the next question is still him, though
    # the previous question names no one and its answer is an age.
    turns = [
        _answered("Who won the Socialist primary in January?", "Benoit Hamon"),
        _answered("How old is he?", "49"),
    ]
    assert _standalone(annotator, turns, "Which rival did he beat?") == (
        "Which rival did Benoit Hamon beat?"
    )


@pytest.mark.parametrize(
    ("earlier", "answer", "short", "followup", "standalone"),
    [
        # spaCy labels "Nicola Collins" as an organisation here and "Cork" as a person; the
        # question asked "who", so the answer is the person "she" means.
        (
            "Who was murdered in a flat on Popham's Road in Farranree, Cork?",
            "Nicola Collins [1]. A second man has been arrested in connection with the murder "
            "of Nicola Collins in Cork on Monday. [1]",
            "Nicola Collins",
            "How old was she?",
            "How old was Nicola Collins?",
        ),
        # A decline that quoted what the articles do say: "she" is the person it quoted.
        (
            "Who was murdered in a flat on Popham's Road in Farranree, Cork?",
            "The articles do not say. What they do say: Ms Collins, 38, who was originally from "
            "Tralee, Co Kerry but living at Togher, was found dead. [1]",
            "",
            "How old was she?",
            "How old was Ms Collins?",
        ),
        # "Them" is the plural thing asked about, not the place.
        (
            "How many people were arrested at Auschwitz after a sheep was killed?",
            "At least 11 [1]. At least 11 people were arrested at Auschwitz on Friday. [1]",
            "At least 11",
            "How many of them were from Belarus?",
            "How many of the people were from Belarus?",
        ),
        # A person is named once; "his" after "he" stays.
        (
            "Which former minister ran as an independent in Strangford?",
            "Jonathan Bell [1]. Jonathan Bell ran as an independent in Strangford. [1]",
            "Jonathan Bell",
            "Which presenter did he give his interview to?",
            "Which presenter did Jonathan Bell give his interview to?",
        ),
        # "That one" is what was just answered.
        (
            "Which earlier cyclone was the last storm bigger than Cyclone Debbie?",
            "Yasi [1]. Debbie is the largest storm since the cyclone Yasi in 2011. [1]",
            "Yasi",
            "In what year did that one hit?",
            "In what year did Yasi hit?",
        ),
        # No answer named the charity: "its" is the charity asked about, not the place.
        (
            "Which charity ran the women's refuge in Clondalkin, Dublin?",
            "The articles do not say.",
            "",
            "Who is its chief executive?",
            "Who is the charity's chief executive?",
        ),
        # ... but not a figure asked about: "it" is what the question named.
        (
            "What share of its budget does NATO want members to spend on defence?",
            "2 percent [1]. NATO wants members to spend 2 percent on defence. [1]",
            "2 percent",
            "How many members were meeting it at the time?",
            "How many members were meeting NATO at the time?",
        ),
        # What someone said is a statement, not a thing named before.
        (
            "Which White House press secretary called the change a philosophy?",
            "Sean Spicer [1]. Press Secretary Sean Spicer said it on Wednesday. [1]",
            "Sean Spicer",
            "On which day did he say it?",
            "On which day did Sean Spicer say it?",
        ),
    ],
)
def test_a_reference_becomes_what_it_points_at(
    annotator: Annotator, earlier: str, answer: str, short: str, followup: str, standalone: str
) -> None:
    turn = Turn(question=earlier, answer=answer, short_answer=short)
    rewritten = rewrite_followup(followup, [turn], parse=annotator.parse)
    assert split_topic(rewritten)[0] == standalone


def test_the_module_imports_on_its_own() -> None:
    # The reader imports split_topic from here; this module must not import the reader first.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import assistant.followup"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_answer_to_a_role_is_of_the_kind_the_articles_write_by_it(
    annotator: Annotator,
) -> None:
    # spaCy labels "Nicola Collins" standing alone as an organisation; the articles write
    # people by "striker", so "he" is the striker the last answer named.
    turn = Turn(
        question="Which striker scored the goal in Dublin?",
        answer="Nicola Collins [1]. The goal was scored in Dublin. [1]",
        short_answer="Nicola Collins",
    )
    people = {"PERSON": 0.9}
    rewritten = rewrite_followup(
        "How old is he?", [turn], parse=annotator.parse, kinds=lambda r: people
    )
    assert rewritten.startswith("How old is Nicola Collins?")
    assert "Nicola Collins" not in rewrite_followup("How old is he?", [turn], parse=annotator.parse)


@pytest.mark.parametrize(
    ("phrase", "possessive"),
    [("the darlings", "the darlings'"), ("Lotte", "Lotte's"), ("the boss", "the boss's")],
)
def test_a_plural_takes_only_the_apostrophe(phrase: str, possessive: str) -> None:
    from assistant.followup import _possessive

    assert _possessive(phrase) == possessive


def test_their_after_a_plural_thing_is_its_possessive(annotator: Annotator) -> None:
    turn = Turn(
        question="Which clubs are the darlings of this season's cup?",
        answer="The articles do not say.",
    )
    rewritten = rewrite_followup(
        "What is the capacity of their stadium?", [turn], parse=annotator.parse
    )
    assert "the clubs' stadium" in rewritten


def test_it_is_the_answer_whose_name_says_it_is_the_thing_asked_about(
    annotator: Annotator,
) -> None:
    # spaCy labels the school's name a person; the name holds "school", what was asked for.
    school = "Zhongguancun No 2 Primary School"
    turns = [_answered("At which Beijing primary school was a 10-year-old boy bullied?", school)]
    rewritten = _standalone(annotator, turns, "In which district is it?")
    assert rewritten == f"In which district is {school}?"


@pytest.mark.parametrize(
    ("answer", "short", "followup", "standalone"),
    [
        # The company the last question asked about: its answer.
        (
            "Acme Freight [1]. Acme Freight cut 200 jobs. [1]",
            "Acme Freight",
            "How many of that company's drivers are on strike?",
            "How many of Acme Freight's drivers are on strike?",
        ),
        # Declined: an organisation named in the last question is "that company".
        (
            "The articles do not say.",
            None,
            "How many of that company's drivers are on strike?",
            "How many of Velmora Transport Ltd's drivers are on strike?",
        ),
    ],
)
def test_a_noun_pointed_at_is_the_one_the_last_turn_named(
    annotator: Annotator, answer: str, short: str | None, followup: str, standalone: str
) -> None:
    question = "Which company did the union at Acme Freight in Dublin accuse of cutting jobs?"
    if short is None:
        question = "Which union leader told striking Velmora Transport Ltd workers to hold out?"
    turn = Turn(question=question, answer=answer, short_answer=short)
    assert _standalone(annotator, [turn], followup) == standalone


@pytest.mark.parametrize(
    ("earlier", "followup", "standalone"),
    [
        (
            "Which US Navy SEAL was killed in the January 29 raid on a compound in Yemen?",
            "What aircraft was lost during that raid?",
            "What aircraft was lost during the January 29 raid?",
        ),
        # Declined: the phrase that asked which one is the one pointed at.
        (
            "Which Russian bank's branch in Dnepr had its entrance bricked up?",
            "What street is that branch on?",
            "What street is the Russian bank's branch on?",
        ),
    ],
)
def test_a_noun_pointed_at_is_the_last_question_s_phrase_with_that_noun(
    annotator: Annotator, earlier: str, followup: str, standalone: str
) -> None:
    turn = Turn(question=earlier, answer="The articles do not say.")
    assert _standalone(annotator, [turn], followup) == standalone


def test_they_is_first_the_group_the_last_turn_answered(annotator: Annotator) -> None:
    turn = _answered(
        "Which hip-hop group saw Busta Rhymes call Trump 'President Agent Orange'?",
        "A Tribe Called Quest",
    )
    rewritten = rewrite_followup(
        "Which of their songs did they perform?", [turn], parse=annotator.parse
    )
    assert "A Tribe Called Quest" in rewritten and "Busta Rhymes's" not in rewritten


def test_he_is_one_person_not_a_people_the_last_turn_answered(annotator: Annotator) -> None:
    earlier = "Which people did Sergey Lavrov say were not discriminated against in Crimea?"
    answer = (
        "Crimean Tatars [1]. Claims that Crimean Tatars are subject to discrimination are lies, "
        "Russian Foreign Minister Sergey Lavrov said in an interview. [1]"
    )
    turn = Turn(question=earlier, answer=answer, short_answer="Crimean Tatars")
    rewritten = rewrite_followup(
        "Which magazine did he give the interview to?", [turn], parse=annotator.parse
    )
    assert rewritten.startswith("Which magazine did Sergey Lavrov give the interview to?")
