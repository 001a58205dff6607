"""Candidate answers as the reader cuts them from the text."""

from __future__ import annotations

import pytest

from assistant.language import Mention
from assistant.read.extract import _whole_words


@pytest.mark.parametrize(
    ("text", "mention", "found"),
    [
        # A dateline run into the first word, as CNN's copy has it: spaCy's entity starts
        # inside the bracket.
        ("Islamabad, Pakistan (CNN)At least 75 people died.", "CNN)At least 75", "At least 75"),
        ("The toll (at least 75) rose.", "at least 75", "at least 75"),
        ("It cost €16.2m to build.", "16.2", "€16.2m"),
    ],
)
def test_a_figure_keeps_its_letters_and_loses_half_a_bracket(
    text: str, mention: str, found: str
) -> None:
    start = text.index(mention)
    assert _whole_words(text, Mention(start, start + len(mention), "CARDINAL")) == found
