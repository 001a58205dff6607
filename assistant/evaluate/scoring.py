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
    correct = (
        m.answer_is_correct(answer, item.answers or [], require_all=item.all)
        if item.answerable
        else None
    )
    outcome = ItemOutcome(
        id=item.id,
        kind=item.kind,
        question=item.question,
        turns=item.turns,
        standalone_question=answer.standalone_question,
        answer=answer.answer,
        short_answer=answer.short_answer,
        abstained=answer.abstained,
        citations=answer.citations,
        latency_ms=round(latency_ms, 2),
        verdict=_verdict(item, answer, correct),
        correct=correct,
        unanswerable=item.unanswerable,
        citations_intact=m.intact_citations(answer.citations, article_text),
        answer_words=0 if answer.abstained else m.answer_words(answer.answer),
        retrieved=[_retrieved(p, support) for p in retrieved],
    )
    scores = {**_retrieval_scores(item, support, retrieved), **_citation_scores(answer, judge)}
    outcome = outcome.model_copy(update=scores)
    return outcome.model_copy(update={"reason": _reason(item, outcome)})


def _retrieval_scores(
    item: EvalItem, support: list[list[m.SourceSpan]], retrieved: list[Passage]
) -> dict[str, float | None]:
    """Retrieval is scored only where there is support to find."""
    if not (item.answerable and support):
        return {"support_recall": None, "reciprocal_rank": None}
    return {
        "support_recall": m.support_recall(support, retrieved),
        "reciprocal_rank": m.reciprocal_rank(support, retrieved),
    }


def _citation_scores(answer: Answer, judge: m.SupportJudge) -> dict[str, float | None]:
    """ALCE citation recall and precision of an answer; a decline has no sentences to score."""
    if answer.abstained:
        return {"citation_recall": None, "citation_precision": None}
    cited = {c.marker: c.text for c in answer.citations}
    return {
        "citation_recall": m.citation_recall(answer.answer, cited, judge),
        "citation_precision": m.citation_precision(answer.answer, cited, judge),
    }


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
