"""Question analysis: expected answer type, the noun asked about, the constraint words."""

from __future__ import annotations

import pytest

from assistant.language import Annotator
from assistant.read.question import NUMBER, PERSON, PLACE, TIME, QuestionFrame, analyse

pytestmark = pytest.mark.integration


def frame(annotator: Annotator, question: str) -> QuestionFrame:
    return analyse(annotator.parse(question), lambda lemma: 1.0)


@pytest.mark.parametrize(
    ("question", "expects", "head"),
    [
        ("Who is the governor of the Sumy region?", PERSON, "governor"),
        ("In which city did the supermarket open?", PLACE, "city"),
        ("How many people were killed in the strike?", NUMBER, "people"),
        ("When did DeVos get confirmed?", TIME, None),
        ("What is the population of Balakliia?", NUMBER, "population"),
    ],
)
def test_answer_type_and_head(
    annotator: Annotator, question: str, expects: frozenset[str], head: str | None
) -> None:
    analysed = frame(annotator, question)
    assert analysed.expects == expects
    assert analysed.head == head


def test_constraints_keep_the_event_and_drop_the_asking_words(annotator: Annotator) -> None:
    analysed = frame(annotator, "How many people were killed in the Misto Hotel strike?")
    assert {"kill", "misto", "hotel"} <= set(analysed.weights)
    assert "people" not in analysed.weights and "many" not in analysed.weights
    assert analysed.predicate == "kill"


def test_statement_questions_expect_no_phrase(annotator: Annotator) -> None:
    assert not frame(annotator, "Why did the talks fail?").wants_phrase


def test_plural_asks_for_several(annotator: Annotator) -> None:
    assert frame(annotator, "Which two Republican senators opposed DeVos?").plural
