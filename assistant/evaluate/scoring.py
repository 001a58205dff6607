"""Score one answered question: its verdict and every per-item metric."""

from __future__ import annotations

from collections.abc import Callable

from assistant.cite import evidence_text
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
    checks = kind_checks(item, answer) if item.answerable else {}
    correct = all(checks.values()) if item.answerable else None
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
        checks=checks,
        conflicts_reported=bool(answer.conflicts) if item.kind == "conflict" else None,
        conflicts=answer.conflicts,
        as_of=answer.as_of,
    )
    scores = {**_retrieval_scores(item, support, retrieved), **_citation_scores(answer, judge)}
    outcome = outcome.model_copy(update=scores)
    return outcome.model_copy(update={"reason": _reason(item, outcome)})


def kind_checks(item: EvalItem, answer: Answer) -> dict[str, bool]:
    """What a right answer to an answerable item must do, each check named; the item is
    right when all hold. Every kind needs the right answer (``metrics.answer_is_correct``);
    a conflict item instead needs every disputed value stated and cited. On top of that a
    temporal item needs its ``as_of`` date stated, an outlet item citations from its outlet
    only, and a story item citations whose story outlets include every one of ``outlets``."""
    if item.kind == "conflict" and item.values:
        stated = m.states_every_value(answer, item.values)
        pairs = zip(item.values, stated, strict=True)
        return {f"value {aliases[0]!r}": ok for aliases, ok in pairs}
    checks = {"answer": m.answer_is_correct(answer, item.answers or [], require_all=item.all)}
    if item.kind == "temporal" and item.as_of is not None:
        text = " ".join(filter(None, [answer.short_answer, answer.answer]))
        checks["date stated"] = not answer.abstained and m.states_date(text, item.as_of)
    elif item.kind == "outlet" and item.outlet:
        checks["outlet only"] = not answer.abstained and not m.foreign_outlets(
            answer.citations, item.outlet
        )
    elif item.kind == "story" and item.outlets:
        checks["story outlets"] = not answer.abstained and not m.missing_story_outlets(
            answer.citations, item.outlets
        )
    return checks


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
    cited = {c.marker: evidence_text(c) for c in answer.citations}
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
    said = "declined" if outcome.abstained else _what_failed(item, outcome)
    if outcome.support_recall is None:
        return said
    if outcome.support_recall == 0:
        return f"{said}; no support passage was retrieved"
    if outcome.support_recall < 1:
        return f"{said}; only part of the support was retrieved"
    return f"{said}; the support was retrieved (rank {_rank(outcome)})"


def _what_failed(item: EvalItem, outcome: ItemOutcome) -> str:
    """The failed checks in words: 'the answer lacks '80'; the date 2017-02-23 is not stated'."""
    wanted = " and ".join(item.answers or []) if item.all else " or ".join(item.answers or [])
    said = []
    for check, ok in outcome.checks.items():
        if ok:
            continue
        if check == "answer":
            said.append(f"the answer lacks {wanted!r}")
        elif check.startswith("value "):
            said.append(f"the answer does not state and cite {check[6:]}")
        elif check == "date stated":
            said.append(f"the date {item.as_of} is not stated")
        elif check == "outlet only" and item.outlet:
            others = ", ".join(m.foreign_outlets(outcome.citations, item.outlet))
            said.append(f"cites {others}, not only {item.outlet}")
        elif check == "story outlets":
            missing = ", ".join(m.missing_story_outlets(outcome.citations, item.outlets or []))
            said.append(f"the cited story outlets lack {missing}")
    return "; ".join(said) or f"the answer lacks {wanted!r}"


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
