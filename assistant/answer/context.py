"""The passages an LLM answers from: numbered [1]..[n], fenced as untrusted data, and packed
under a token budget counted with tiktoken.

Numbering is positional: passage ``n`` of the list given here is marker ``[n]`` in the
answer, the same numbering ``cite.to_citations`` maps back to spans.
"""

from __future__ import annotations

import html
import re

from assistant.cite import SAFE_BRACKETS
from assistant.text import count_tokens, sentence_spans
from assistant.types import Passage

PASSAGE_TAG = "passage"
# Tags that could close or open a fence if an article contained them; they are defused.
_FENCE = re.compile(r"<(\s*/?\s*(?:passages?|conversation|question)\b)", re.IGNORECASE)


def pack_passages(passages: list[Passage], budget_tokens: int) -> list[Passage]:
    """The leading passages whose fenced blocks fit in ``budget_tokens``.

    Passages come best first, so the tail is dropped; numbering of the kept ones is unchanged.
    When even the first does not fit, it is shortened to whole sentences (and its span with
    it, so a citation still points at exactly the text the model saw).
    """
    kept: list[Passage] = []
    used = 0
    for number, passage in enumerate(passages, start=1):
        cost = count_tokens(passage_block(number, passage)) + 1  # +1: the joining newline
        if used + cost > budget_tokens:
            if not kept:
                first = _shortened(passage, budget_tokens)
                return [first] if first else []
            break
        kept.append(passage)
        used += cost
    return kept


def render_passages(passages: list[Passage]) -> str:
    """The passages as numbered blocks, each fenced: ``<passage number="1" ...>text</passage>``."""
    return "\n".join(passage_block(n, p) for n, p in enumerate(passages, start=1))


def passage_block(number: int, passage: Passage) -> str:
    """One fenced passage; attributes escaped, fence-like tags inside the text defused and its
    brackets neutralised, so that a ``[2]`` or a Markdown link in an article reaches the model
    as ``⁅2⁆``: a marker the model copies from an article is never a live one."""
    title = html.escape(passage.title.translate(SAFE_BRACKETS))
    attributes = f'number="{number}" title="{title}"'
    if passage.date:
        attributes += f' date="{html.escape(passage.date)}"'
    body = defuse(passage.text.translate(SAFE_BRACKETS))
    return f"<{PASSAGE_TAG} {attributes}>\n{body}\n</{PASSAGE_TAG}>"


def defuse(untrusted: str) -> str:
    """``untrusted`` with any tag that could end or fake a fence made inert (``<`` -> ``&lt;``)."""
    return _FENCE.sub(r"&lt;\1", untrusted)


def _shortened(passage: Passage, budget_tokens: int) -> Passage | None:
    """The longest leading run of whole sentences of ``passage`` that fits the budget."""
    best: Passage | None = None
    for span in sentence_spans(passage.text):
        candidate = passage.model_copy(
            update={"end": passage.start + span.end, "text": passage.text[: span.end]}
        )
        if count_tokens(passage_block(1, candidate)) > budget_tokens:
            break
        best = candidate
    return best
