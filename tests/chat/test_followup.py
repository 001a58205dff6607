"""The offline follow-up rewrite: who "he" is, what "it" is about, and when to leave a
question alone."""

from __future__ import annotations

import pytest

from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.chat import needs_context, rewrite_offline
from assistant.followup import rewrite_followup
from assistant.types import Turn

pytestmark = pytest.mark.unit


def turn(question: str, answer: str = CANNOT_ANSWER_PHRASE) -> Turn:
    return Turn(question=question, answer=answer)


BLINKEN = turn(
    "Who visited Kyiv on Thursday?",
    "U.S. Secretary of State Antony Blinken visited Kyiv on Thursday and announced a "
    "package of $2.2 billion [1].",
)
GUMENYUK = turn(
    "Who is Nataliya Gumenyuk?",
    "Southern command spokesman Nataliya Gumenyuk said the first line had been broken [2].",
)
KUPIANSK = turn(
    "Why does Kupiansk matter so much to Russia?",
    "The Ukrainians were within 15 km of Kupiansk, a junction for the railway lines [1].",
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much did he announce?", True),
        ("What was its aim?", True),
        ("And the casualties?", True),
        ("What about Kharkiv?", True),
        ("Since when?", True),
        ("How many people were wounded in Kharkiv on Friday?", False),
        ("Who visited Kyiv on Thursday?", False),
    ],
)
def test_needs_context(question: str, expected: bool) -> None:
    assert needs_context(question) is expected


def test_without_history_the_question_is_unchanged() -> None:
    assert rewrite_offline("How much did he announce?", []) == "How much did he announce?"


def test_a_standalone_question_is_unchanged() -> None:
    assert rewrite_offline("What did Blinken announce?", [BLINKEN]) == "What did Blinken announce?"


def test_he_becomes_the_person_the_last_answer_named() -> None:
    assert rewrite_offline("How much did he announce?", [BLINKEN]) == (
        "How much did Antony Blinken announce?"
    )


def test_his_becomes_a_possessive() -> None:
    assert (
        rewrite_offline("What was his message?", [BLINKEN]) == "What was Antony Blinken’s message?"
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Where did she make the suggestion?", "Where did Nataliya Gumenyuk make the suggestion?"),
        ("What did her office say?", "What did Nataliya Gumenyuk’s office say?"),
        ("Who quoted her?", "Who quoted Nataliya Gumenyuk?"),
    ],
)
def test_she_and_her(question: str, expected: str) -> None:
    assert rewrite_offline(question, [GUMENYUK]) == expected


def test_the_person_asked_about_wins_over_people_in_the_answer() -> None:
    asked = turn("What did Zelensky say?", "Arestovych, Zelensky's adviser, spoke of gains [1].")
    assert rewrite_offline("When did he say it?", [asked]).startswith("When did Zelensky say it?")


def test_a_person_named_by_role() -> None:
    asked = turn("What did Russia's UN ambassador claim about Ukrainian soldiers?")
    rewritten = rewrite_offline("Where did he say it?", [asked])
    assert rewritten.startswith("Where did Russia's UN ambassador say it?")
    assert "soldiers" in rewritten


def test_a_pronoun_for_someone_named_in_the_question_itself_is_left() -> None:
    question = "Who is Vitaly Ganchev and what does he head?"
    assert rewrite_offline(question, [BLINKEN]) == question


def test_it_carries_the_earlier_topic() -> None:
    rewritten = rewrite_offline("How close are the troops to it?", [KUPIANSK])
    assert rewritten.startswith("How close are the troops to it? (")
    assert "Kupiansk" in rewritten


def test_the_carried_topic_follows_a_chain_of_follow_ups() -> None:
    history = [
        turn("What are Russia's plans for a referendum in occupied Ukraine?"),
        turn("Which date was suggested for it?", "It could be held on November 4 [3]."),
    ]
    assert "referendum" in rewrite_offline("What did the head of Crimea think about it?", history)


def test_words_the_index_rates_as_uninformative_are_not_carried() -> None:
    telling = rewrite_followup(
        "How close are the troops to it?",
        [KUPIANSK],
        weigh=lambda term: 0.0 if term == "russia" else 1.0,
    )
    assert "Kupiansk" in telling and "Russia" not in telling


def test_what_about_asks_the_previous_question_about_something_else() -> None:
    asked = turn("What did Zelensky say about the Kharkiv region?")
    assert rewrite_offline("What about Arestovych?", [asked]) == (
        "What did Arestovych say about the Kharkiv region?"
    )


def test_what_about_without_a_name_to_swap_appends_the_subject() -> None:
    asked = turn("How many people were wounded in the strike?")
    assert rewrite_offline("What about the children?", [asked]) == (
        "How many people were wounded in the strike (the children)?"
    )


def test_an_opening_and_is_dropped() -> None:
    asked = turn("What do the clips from eastern Ukraine show?")
    assert rewrite_offline("And what happened to the tanks there?", [asked]).startswith(
        "What happened to the tanks there? ("
    )


def test_markers_and_sentence_openers_are_not_carried_as_names() -> None:
    struck = turn(
        "What hit Kharkiv on Friday?",
        "Despite some successes, Russian forces struck Kharkiv on Friday, blasting the "
        "Misto Hotel and Spa [1].",
    )
    rewritten = rewrite_offline("What did it destroy?", [struck])
    assert "Misto Hotel and Spa" in rewritten
    assert "Despite" not in rewritten and "[1]" not in rewritten and "1" not in rewritten


def test_a_declined_answer_carries_nothing() -> None:
    rewritten = rewrite_offline("What did it cost?", [turn("What did Washington send?")])
    assert rewritten == "What did it cost? (Washington; send)"


def test_the_rewrite_is_deterministic() -> None:
    history = [BLINKEN, KUPIANSK]
    assert len({rewrite_offline("How close is it?", history) for _ in range(5)}) == 1


def test_a_long_conversation_is_rewritten_quickly() -> None:
    import time

    history = [BLINKEN, GUMENYUK, KUPIANSK] * 10 + [turn("What did it cost?")]
    started = time.monotonic()
    rewritten = rewrite_offline("And what did he say about it?", history)
    assert time.monotonic() - started < 1.0
    assert rewritten.startswith("What did ")
