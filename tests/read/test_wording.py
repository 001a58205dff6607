"""Rules about the words of a sentence (``assistant.read.wording``)."""

from __future__ import annotations

import pytest

from assistant.read.wording import gives_a_reason

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("sentence", "gives"),
    [
        ("He was freed because of a lack of evidence.", True),
        ("The flight was cancelled due to fog.", True),
        ("Visas will be required for national security reasons.", True),
        ("The fire was caused by a faulty heater.", True),
        ("Police blamed the crash on ice.", True),
        ("Four children died in a house fire on Wednesday.", False),
        # A word that only starts like one of a reason gives none.
        ("The offer was reasonable, the minister said.", False),
    ],
)
def test_a_sentence_gives_a_reason_by_the_words_english_gives_one_with(
    sentence: str, gives: bool
) -> None:
    assert gives_a_reason(sentence) is gives
