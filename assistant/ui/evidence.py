"""The evidence panel: each cited span highlighted inside the passage around it.

``evidence_for`` pairs a ``Citation`` with the stored article and cuts the surrounding passage
(whole sentences on either side); ``evidence_panel_html`` renders the cards of every answer in
the conversation, the latest one shown. Pure functions; all article text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.cite import story_note
from assistant.types import Answer, Article, Citation
from assistant.ui.render import escape_text
from assistant.ui.state import ChatTurn

CONTEXT_CHARS = 320
"""Characters of the article shown on each side of a cited span, before snapping to sentences."""
FULL_ARTICLE_LIMIT = 60_000
"""Longer articles are not embedded whole in a card (the passage around the span still is)."""
EMPTY_PANEL_TEXT = (
    "Ask a question. Every sentence of an answer carries a numbered chip; click it to see "
    "the exact words it cites, highlighted in their article."
)
# Where a sentence ends: punctuation, closing quotes or brackets, then whitespace.
_SENTENCE_END = re.compile(r"""[.!?…]["'’”)\]]*\s+""")


@dataclass(frozen=True)
class Excerpt:
    """A cited span and the article text around it."""

    before: str
    cited: str
    after: str
    clipped_start: bool
    clipped_end: bool


@dataclass(frozen=True)
class EvidenceItem:
    """One card of the evidence panel."""

    citation: Citation
    excerpt: Excerpt
    article_text: str | None
    """The article's text from its body start when it can be shown whole, with ``offset``."""
    offset: int = 0
    note: str | None = None


def excerpt(
    text: str, start: int, end: int, *, context: int = CONTEXT_CHARS, floor: int = 0
) -> Excerpt:
    """``text[start:end]`` with up to ``context`` characters either side, cut at sentence
    boundaries when one is near (else at a space), never before ``floor``."""
    low = max(floor, start - context)
    if low > floor:
        low = _snap_forward(text, low, start)
    high = min(len(text), end + context)
    if high < len(text):
        high = _snap_back(text, end, high)
    return Excerpt(
        before=text[low:start].lstrip(),
        cited=text[start:end],
        after=text[end:high].rstrip(),
        clipped_start=low > floor,
        clipped_end=high < len(text),
    )


def _snap_forward(text: str, low: int, start: int) -> int:
    """The first sentence start in text[low:start], else the first word start."""
    match = _SENTENCE_END.search(text, low, start)
    if match:
        return match.end()
    space = text.find(" ", low, start)
    return space + 1 if space != -1 else low


def _snap_back(text: str, end: int, high: int) -> int:
    """The last sentence end in text[end:high], else the last word end."""
    last = None
    for match in _SENTENCE_END.finditer(text, end, high):
        last = match
    if last:
        return last.start() + len(last.group(0).rstrip())
    space = text.rfind(" ", end, high)
    return space if space != -1 else high


def evidence_for(citation: Citation, article: Article | None) -> EvidenceItem:
    """The card of ``citation``; when its article is gone or changed, the cited text alone."""
    if article is None:
        return _bare(citation, "The article is no longer in the index.")
    if article.text[citation.start : citation.end] != citation.text:
        return _bare(citation, "The article has changed since this answer was given.")
    whole = len(article.text) <= FULL_ARTICLE_LIMIT
    return EvidenceItem(
        citation=citation,
        excerpt=excerpt(article.text, citation.start, citation.end, floor=article.body_start),
        article_text=article.text[article.body_start :] if whole else None,
        offset=article.body_start,
    )


def _bare(citation: Citation, note: str) -> EvidenceItem:
    cited = Excerpt("", citation.text, "", clipped_start=False, clipped_end=False)
    return EvidenceItem(citation=citation, excerpt=cited, article_text=None, note=note)


def evidence_panel_html(turns: Sequence[ChatTurn]) -> str:
    """Cards for every answered turn; the latest is shown, chips switch to earlier ones."""
    answered = [(i, t) for i, t in enumerate(turns) if t.answer is not None]
    if not answered:
        return f'<div class="ev-panel"><div class="ev-empty">{EMPTY_PANEL_TEXT}</div></div>'
    active = answered[-1][0]
    sections = "".join(_turn_section(i, t, t.answer, active == i) for i, t in answered if t.answer)
    return f'<div class="ev-panel">{sections}</div>'


def _turn_section(index: int, turn: ChatTurn, answer: Answer, active: bool) -> str:
    state = " is-active" if active else ""
    head = (
        f'<header class="ev-head"><span class="ev-kicker">Sources for</span>'
        f'<span class="ev-question">{escape_text(turn.question)}</span></header>'
    )
    if answer.abstained or not turn.evidence:
        body = '<p class="ev-none">No sources: the articles do not answer this question.</p>'
    else:
        body = "".join(card_html(index, item) for item in turn.evidence)
    return f'<section class="ev-turn{state}" data-turn="{index}">{head}{body}</section>'


def card_html(turn: int, item: EvidenceItem) -> str:
    """One source: title, date, file, relevance, and the span marked inside its passage."""
    c = item.citation
    meta = " · ".join(
        escape_text(part)
        for part in (c.outlet, c.date or "undated", c.source, f"characters {c.start}–{c.end}")
        if part
    )
    story = story_note(c)
    if story:
        meta += f'<br><span class="ev-story">{escape_text(story)}</span>'
    for when in c.dates:
        said, meant = escape_text(when.text), escape_text(when.label)
        meta += f'<br><span class="ev-date">“{said}”: {meant}</span>'

    note = f'<p class="ev-note">{escape_text(item.note)}</p>' if item.note else ""
    return (
        f'<article class="ev-card" id="ev-{turn}-{c.marker}" data-turn="{turn}" '
        f'data-marker="{c.marker}">'
        f'<div class="ev-card-head"><span class="ev-marker">{c.marker}</span>'
        f'<div class="ev-titles"><div class="ev-title">{escape_text(c.title)}</div>'
        f'<div class="ev-meta">{meta}</div></div>{_score_html(c.score)}</div>'
        f"{note}{_passage_html(item.excerpt)}{_full_article_html(item)}</article>"
    )


def _score_html(score: float) -> str:
    width = max(0, min(100, round(score * 100)))
    return (
        f'<div class="ev-score" title="Relevance of the span to the question">'
        f'<span class="ev-score-value">{score:.2f}</span>'
        f'<span class="ev-score-bar"><span style="width:{width}%"></span></span></div>'
    )


def _passage_html(part: Excerpt) -> str:
    lead = "… " if part.clipped_start else ""
    tail = " …" if part.clipped_end else ""
    return (
        f'<blockquote class="ev-passage">{lead}{escape_text(part.before)} '
        f'<mark class="ev-span">{escape_text(part.cited)}</mark> '
        f"{escape_text(part.after)}{tail}</blockquote>"
    )


def _full_article_html(item: EvidenceItem) -> str:
    if item.article_text is None:
        return ""
    c = item.citation
    start, end = c.start - item.offset, c.end - item.offset
    text = item.article_text
    return (
        '<details class="ev-article"><summary>Show in the whole article</summary>'
        f'<div class="ev-article-text">{escape_text(text[:start])}'
        f'<mark class="ev-span">{escape_text(text[start:end])}</mark>'
        f"{escape_text(text[end:])}</div></details>"
    )
