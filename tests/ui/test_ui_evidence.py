"""Evidence panel: the cited span inside whole sentences of its article, cards, escaping."""

from __future__ import annotations

import hashlib

import pytest

from assistant.types import Answer, Article, Citation
from assistant.ui.evidence import (
    EMPTY_PANEL_TEXT,
    card_html,
    evidence_for,
    evidence_panel_html,
    excerpt,
)
from assistant.ui.state import ChatTurn

pytestmark = pytest.mark.unit

TEXT = (
    " date 2022-09-09 First sentence here. Second sentence follows. "
    "The cited claim is this one. Fourth sentence now. Fifth and last."
)
BODY = TEXT.index("First")


def article(text: str = TEXT, body_start: int = BODY) -> Article:
    return Article(
        source="kyiv.txt",
        title="Kyiv",
        date="2022-09-09",
        text=text,
        body_start=body_start,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def cite(span: str, text: str = TEXT, marker: int = 1) -> Citation:
    start = text.index(span)
    return Citation(
        marker=marker,
        source="kyiv.txt",
        title="Kyiv",
        date="2022-09-09",
        start=start,
        end=start + len(span),
        text=span,
        score=0.82,
    )


def test_excerpt_keeps_the_span_exact() -> None:
    span = "The cited claim is this one."
    part = excerpt(TEXT, TEXT.index(span), TEXT.index(span) + len(span), context=30, floor=BODY)
    assert part.cited == span


def test_excerpt_cuts_at_sentence_boundaries() -> None:
    span = "The cited claim is this one."
    start = TEXT.index(span)
    part = excerpt(TEXT, start, start + len(span), context=30, floor=BODY)
    assert part.before == "Second sentence follows. "
    assert part.after == " Fourth sentence now."
    assert part.clipped_start and part.clipped_end


def test_excerpt_never_reaches_before_the_body() -> None:
    span = "First sentence here."
    start = TEXT.index(span)
    part = excerpt(TEXT, start, start + len(span), context=500, floor=BODY)
    assert part.before == "" and not part.clipped_start and "date" not in part.after
    assert not part.clipped_end  # the whole rest of the article fits


def test_excerpt_falls_back_to_a_word_boundary() -> None:
    text = "word " * 200
    part = excerpt(text, 500, 504, context=23)  # 23 characters end inside a word
    assert part.before == "word " * 4
    assert part.after == " word" * 4


def test_evidence_for_a_missing_article_shows_the_cited_text_alone() -> None:
    item = evidence_for(cite("Fifth and last."), None)
    assert item.excerpt.cited == "Fifth and last." and item.excerpt.before == ""
    assert item.note and "no longer" in item.note and item.article_text is None


def test_evidence_for_a_changed_article_says_so() -> None:
    changed = article(TEXT.replace("cited", "edited"))
    item = evidence_for(cite("The cited claim is this one."), changed)
    assert item.note and "changed" in item.note


def test_card_marks_the_span_and_names_the_source() -> None:
    html = card_html(2, evidence_for(cite("The cited claim is this one."), article()))
    assert 'id="ev-2-1" data-turn="2" data-marker="1"' in html
    assert '<mark class="ev-span">The cited claim is this one.</mark>' in html
    assert "2022-09-09 · kyiv.txt · characters" in html and "0.82" in html
    assert "Show in the whole article" in html and "date 2022-09-09 First" not in html


def test_article_text_in_a_card_is_escaped() -> None:
    text = " date 2022-09-09 Intro. <script>alert(1)</script> ![img](http://x/y.png) Said it."
    html = card_html(0, evidence_for(cite("Said it.", text), article(text, text.index("Intro"))))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "![img](http://x/y.png)" in html and "<img" not in html


def answered(question: str, evidence_text: str | None) -> ChatTurn:
    citations = [cite(evidence_text)] if evidence_text else []
    result = Answer(
        question=question,
        standalone_question=question,
        answer=f"{evidence_text} [1]" if evidence_text else "The articles do not say.",
        abstained=evidence_text is None,
        citations=citations,
        backend="extractive",
        settings_hash="h",
    )
    evidence = [evidence_for(c, article()) for c in citations]
    return ChatTurn(question, answer=result, evidence=evidence)


def test_empty_panel_explains_what_will_appear() -> None:
    assert EMPTY_PANEL_TEXT in evidence_panel_html([ChatTurn("still waiting")])


def test_panel_shows_the_latest_answer_and_keeps_earlier_ones() -> None:
    turns = [answered("<first>", "Fifth and last."), answered("second", "Fourth sentence now.")]
    html = evidence_panel_html(turns)
    assert '<section class="ev-turn" data-turn="0">' in html
    assert '<section class="ev-turn is-active" data-turn="1">' in html
    assert "&lt;first&gt;" in html


def test_panel_for_a_declined_answer_lists_no_sources() -> None:
    html = evidence_panel_html([answered("capital of Mars?", None)])
    assert "No sources" in html and "ev-card" not in html
