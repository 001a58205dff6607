"""Evidence scoring signals: answer type and names the corpus never mentions."""

from __future__ import annotations

import pytest

from assistant.evidence import _has_expected_type, unknown_names
from assistant.retrieve import LexicalIndex
from assistant.types import Passage

pytestmark = pytest.mark.unit

CORPUS = LexicalIndex(
    [
        Passage(
            id="a",
            source="s",
            title="t",
            start=0,
            end=1,
            text="Crimea was annexed. The United Nations met in Kyiv. US aid arrived in May.",
        )
    ]
)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("What did Emmanuel Macron say in Kyiv?", ["Emmanuel", "Macron"]),
        ("What did the Crimean leader say?", []),
        ("How much American aid arrived?", []),
        ("Who spoke at the UN?", []),
        ("What happened in May?", []),
        ("Who visited Germany?", ["Germany"]),
    ],
)
def test_unknown_names(question: str, unknown: list[str]) -> None:
    assert unknown_names(question, CORPUS) == unknown


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("How many were hurt?", "Fourteen were hurt, 14 in all.", True),
        ("How many were hurt?", "Many were hurt.", False),
        ("When did it start?", "It started on Friday.", True),
        ("When did it start?", "It started slowly.", False),
        ("Who leads it?", "Nobody.", True),
        ("How many Polish tanks did Russia destroy?", "It pinned 30,000 troops.", False),
        ("How many Polish tanks did Russia destroy?", "Russia destroyed 12 Polish tanks.", True),
        ("How many people were hurt?", "It wounded 14 in all.", True),
    ],
)
def test_expected_answer_type(question: str, sentence: str, expected: bool) -> None:
    assert _has_expected_type(question, sentence) is expected


def test_counted_thing_may_be_named_in_the_sentence_before() -> None:
    before = "Russia said it destroyed Polish tanks."
    assert _has_expected_type("How many Polish tanks were destroyed?", "It was 12.", before)
