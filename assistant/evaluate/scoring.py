"""Score one answered question: its verdict and every per-item metric."""

from __future__ import annotations

from collections.abc import Callable

from assistant.evaluate import metrics as m
from assistant.evaluate.dataset import EvalItem
from assistant.evaluate.results import ItemOutcome, RetrievedPassage, Verdict
from assistant.types import Answer, Passage

ArticleText = Callable[[str], str | None]


def score_item(
    item: EvalItem,
    answer: Answer,
    retrieved: list[Passage],
    *,
    latency_ms: float,
    article_text: ArticleText,
    judge: m.SupportJudge,
) -> ItemOutcome:
    """The item's outcome: the answer as given, its verdict and its scores."""
    support = [m.quote_spans(s.source, article_text(s.source) or "", s.quote) for s in item.support]
    has_support = item.answerable and bool(support)
    correct = (
        m.is_correct(answer.answer, answer.abstained, item.answers or [], require_all=item.all)
        if item.answerable
        else None
    )
    cited = {c.marker: c.text for c in answer.citations}
    answered = not answer.abstained
    outcome = ItemOutcome(
        id=item.id,
        kind=item.kind,
        question=item.question,
        turns=item.turns,
        standalone_question=answer.standalone_question,
        answer=answer.answer,
        abstained=answer.abstained,
        citations=answer.citations,
        latency_ms=round(latency_ms, 2),
        verdict=_verdict(item, answer, correct),
        correct=correct,
        unanswerable=item.unanswerable,
        support_recall=m.support_recall(support, retrieved) if has_support else None,
        reciprocal_rank=m.reciprocal_rank(support, retrieved) if has_support else None,
        citations_intact=m.intact_citations(answer.citations, article_text),
        citation_recall=m.citation_recall(answer.answer, cited, judge) if answered else None,
        citation_precision=m.citation_precision(answer.answer, cited, judge) if answered else None,
        answer_words=m.answer_words(answer.answer) if answered else 0,
        retrieved=[_retrieved(p, support) for p in retrieved],
    )
    return outcome.model_copy(update={"reason": _reason(item, outcome)})


def _verdict(item: EvalItem, answer: Answer, correct: bool | None) -> Verdict:
    if not item.scored:
        return "unscored"
    if item.unanswerable:
        return "pass" if answer.abstained else "fail"
    return "pass" if correct else "fail"


def _reason(item: EvalItem, outcome: ItemOutcome) -> str | None:
    """A short account of a failure, with what retrieval found, for the report."""
    if outcome.verdict != "fail":
        return None
    if item.unanswerable:
        return "answered a question the articles do not answer"
    wanted = " and ".join(item.answers or []) if item.all else " or ".join(item.answers or [])
    said = "declined" if outcome.abstained else f"the answer lacks {wanted!r}"
    if outcome.support_recall is None:
        return said
    if outcome.support_recall == 0:
        return f"{said}; no support passage was retrieved"
    if outcome.support_recall < 1:
        return f"{said}; only part of the support was retrieved"
    return f"{said}; the support was retrieved (rank {_rank(outcome)})"


def _rank(outcome: ItemOutcome) -> str:
    rr = outcome.reciprocal_rank or 0.0
    return str(round(1 / rr)) if rr else "-"


def _retrieved(passage: Passage, support: list[list[m.SourceSpan]]) -> RetrievedPassage:
    holds = any(m.is_covered(span, [passage]) for quote in support for span in quote)
    return RetrievedPassage(
        source=passage.source,
        start=passage.start,
        end=passage.end,
        score=round(passage.score, 5),
        holds_support=holds,
    )
