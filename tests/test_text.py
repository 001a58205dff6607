"""Sentences of unannotated text (answers) and the word matching of the support check."""

from __future__ import annotations

import pytest

from assistant.text import content_terms, count_tokens, sentence_spans

pytestmark = pytest.mark.unit


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_short_sentences_are_split_with_exact_offsets() -> None:
    text = "  He said no. Then he left!  Why?"
    assert _sentences(text) == ["He said no.", "Then he left!", "Why?"]


def test_a_range_of_the_text_is_respected() -> None:
    text = "Skip this. Keep this one. And this."
    spans = sentence_spans(text, start=11)
    assert [text[s.start : s.end] for s in spans] == ["Keep this one.", "And this."]


def test_content_terms_drop_stop_words_and_possessives() -> None:
    assert content_terms("Russia's troops were in the city") == ["russia", "troops", "city"]


def test_token_count_uses_cl100k_offline() -> None:
    assert count_tokens("hello world") == 2
