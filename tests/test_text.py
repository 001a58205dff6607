"""Sentence boundaries and term normalisation."""

from __future__ import annotations

import pytest

from assistant.text import content_terms, count_tokens, sentence_spans

pytestmark = pytest.mark.unit


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_splits_on_full_stops_and_keeps_exact_offsets() -> None:
    text = "  First one. Second one!  Third?\nA caption without a stop\n\nLast."
    assert _sentences(text) == [
        "First one.",
        "Second one!",
        "Third?",
        "A caption without a stop",
        "Last.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "U.S. Secretary of State Antony Blinken met Dr. Martin. He left."
    assert _sentences(text) == [
        "U.S. Secretary of State Antony Blinken met Dr. Martin.",
        "He left.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = "He said it was “very, very encouraging.” Then he left."
    assert _sentences(text) == ["He said it was “very, very encouraging.”", "Then he left."]


def test_lower_case_after_stop_is_not_a_boundary() -> None:
    assert _sentences("It rose 2.5 per cent. in value today.") == [
        "It rose 2.5 per cent. in value today."
    ]


def test_range_of_text_is_respected() -> None:
    text = "date 2022-09-09 Body starts. Next."
    spans = sentence_spans(text, 16)
    assert [text[s.start : s.end] for s in spans] == ["Body starts.", "Next."]


def test_content_terms_drop_stopwords_possessives_and_plurals() -> None:
    assert content_terms("Who is the head of Russia’s cities?") == ["head", "russia", "city"]


def test_token_count_uses_cl100k_offline() -> None:
    assert count_tokens("hello world") == 2


def test_british_and_american_spellings_meet() -> None:
    assert content_terms("neighbours") == content_terms("neighbors") == ["neighbor"]
