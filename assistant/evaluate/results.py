"""What a run produces: one ``ItemOutcome`` per question, and the metrics over all of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.evaluate import metrics as m
from assistant.types import Citation, Conflict

Verdict = Literal["pass", "fail", "unscored"]


@dataclass(frozen=True)
class Metric:
    """A metric's key in results and baseline, its label, and its unit."""

    key: str
    label: str
    unit: Literal["ratio", "words", "ms", "s"]

    @property
    def is_ratio(self) -> bool:
        """Ratios lie in 0..1 and higher is better; the rest describe size and speed."""
        return self.unit == "ratio"

    def format(self, value: float | None) -> str:
        """The value as shown in reports: '0.912', '17 words', '84 ms', '12.3 s', 'n/a'."""
        if value is None:
            return "n/a"
        if self.unit == "ratio":
            return f"{value:.3f}"
        if self.unit == "s":
            return f"{value:.1f} s"
        return f"{value:.0f} {self.unit}"

    def format_change(self, value: float | None, reference: float | None) -> str:
        """The signed difference from the baseline, '' when either is missing."""
        if value is None or reference is None:
            return ""
        delta = value - reference
        if self.unit == "ratio":
            return f"{delta:+.3f}"
        return f"{delta:+.1f}" if self.unit == "s" else f"{delta:+.0f}"


METRICS: tuple[Metric, ...] = (
    Metric("support_recall", "Support recall@k", "ratio"),
    Metric("mrr", "MRR", "ratio"),
    Metric("accuracy", "Answer accuracy", "ratio"),
    Metric("decline_precision", "Decline precision", "ratio"),
    Metric("decline_recall", "Decline recall", "ratio"),
    Metric("citation_integrity", "Citation integrity", "ratio"),
    Metric("citation_recall", "Citation recall (ALCE)", "ratio"),
    Metric("citation_precision", "Citation precision (ALCE)", "ratio"),
    Metric("answer_words_median", "Median answer length", "words"),
    Metric("latency_p50_ms", "Latency p50", "ms"),
    Metric("latency_p95_ms", "Latency p95", "ms"),
    Metric("wall_time_s", "Wall time", "s"),
)
METRIC_KEYS = frozenset(metric.key for metric in METRICS)
METRICS_BY_KEY = {metric.key: metric for metric in METRICS}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RetrievedPassage(_Model):
    """A passage retrieval returned for the item, and whether it holds a support quote."""

    source: str
    start: int
    end: int
    score: float
    holds_support: bool = Field(description="Covers one of the item's support quotes.")


class ItemOutcome(_Model):
    """One question as answered and scored."""

    id: str
    kind: str | None
    question: str
    turns: list[str] = Field(default_factory=list)
    standalone_question: str
    answer: str
    short_answer: str | None = None
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    latency_ms: float = Field(description="Time to answer the question itself (not its turns).")
    verdict: Verdict
    reason: str | None = Field(default=None, description="Why the item failed.")
    correct: bool | None = Field(default=None, description="Answerable items only.")
    unanswerable: bool = False
    support_recall: float | None = None
    reciprocal_rank: float | None = None
    citations_intact: int = 0
    citation_recall: float | None = Field(default=None, description="Answered items only.")
    citation_precision: float | None = Field(default=None, description="Answered items only.")
    answer_words: int = 0
    retrieved: list[RetrievedPassage] = Field(default_factory=list)
    checks: dict[str, bool] = Field(
        default_factory=dict,
        description="What a right answer must do for this kind, each check with its outcome "
        "(answerable items only); the item is right when all hold.",
    )
    conflicts_reported: bool | None = Field(
        default=None, description="Conflict items: whether the answer's conflicts are non-empty."
    )
    conflicts: list[Conflict] = Field(default_factory=list, description="As the answer gave.")
    as_of: dt.date | None = Field(default=None, description="As the answer gave it.")


class KindSummary(_Model):
    """How the items of one kind fared."""

    items: int
    scored: int
    passed: int
    accuracy: float | None = Field(description="Passed / scored; None when none is scored.")
    checks: dict[str, float] = Field(
        default_factory=dict,
        description="Share of the answerable items passing each named check ('date stated').",
    )
    conflicts_reported: float | None = Field(
        default=None, description="Conflict items: share whose answer reports a conflict."
    )


class RunResult(_Model):
    """A whole eval run: what was run, with what, the metrics and every item."""

    dataset: str
    created: str = Field(description="UTC time the run finished, ISO 8601.")
    settings_hash: str
    answer_backend: str
    judge: str
    top_k: int
    metrics: dict[str, float | None]
    items: list[ItemOutcome]
    kinds: dict[str, KindSummary] = Field(
        default_factory=dict, description="Per kind (items without a kind under 'other')."
    )

    def verdicts(self) -> dict[str, Verdict]:
        return {item.id: item.verdict for item in self.items}


def summarise(items: list[ItemOutcome], wall_time_s: float) -> dict[str, float | None]:
    """Every metric of ``METRICS`` over the items (None where no item applies)."""
    scored = [i for i in items if i.verdict != "unscored"]
    answered = [i for i in items if not i.abstained]
    cited = sum(len(i.citations) for i in answered)
    values: dict[str, float | None] = {
        "support_recall": m.mean([i.support_recall for i in items if i.support_recall is not None]),
        "mrr": m.mean([i.reciprocal_rank for i in items if i.reciprocal_rank is not None]),
        "accuracy": m.mean([float(i.correct) for i in items if i.correct is not None]),
        "decline_precision": m.decline_precision(
            [i.abstained for i in scored], [i.unanswerable for i in scored]
        ),
        "decline_recall": m.decline_recall(
            [i.abstained for i in scored], [i.unanswerable for i in scored]
        ),
        "citation_integrity": sum(i.citations_intact for i in answered) / cited if cited else None,
        "citation_recall": m.mean(
            [i.citation_recall for i in answered if i.citation_recall is not None]
        ),
        "citation_precision": m.mean(
            [i.citation_precision for i in answered if i.citation_precision is not None]
        ),
        "answer_words_median": m.percentile([float(i.answer_words) for i in answered], 50),
        "latency_p50_ms": m.percentile([i.latency_ms for i in items], 50),
        "latency_p95_ms": m.percentile([i.latency_ms for i in items], 95),
        "wall_time_s": wall_time_s,
    }
    return {key: None if v is None else round(v, 4) for key, v in values.items()}


def summarise_kinds(items: list[ItemOutcome]) -> dict[str, KindSummary]:
    """Accuracy (share of scored items that pass) per kind, in the order kinds first occur,
    with the share passing each kind-specific check."""
    groups: dict[str, list[ItemOutcome]] = {}
    for item in items:
        groups.setdefault(item.kind or "other", []).append(item)
    summaries = {}
    for kind, group in groups.items():
        scored = [i for i in group if i.verdict != "unscored"]
        passed = sum(i.verdict == "pass" for i in scored)
        names = list(dict.fromkeys(_check_name(c) for i in group for c in i.checks))
        checks = {}
        for name in names:
            results = [
                all(ok for c, ok in i.checks.items() if _check_name(c) == name)
                for i in group
                if any(_check_name(c) == name for c in i.checks)
            ]
            checks[name] = round(sum(results) / len(results), 4)
        reported = [i.conflicts_reported for i in group if i.conflicts_reported is not None]
        summaries[kind] = KindSummary(
            items=len(group),
            scored=len(scored),
            passed=passed,
            accuracy=round(passed / len(scored), 4) if scored else None,
            checks=checks if len(checks) > 1 or any(n != "answer" for n in checks) else {},
            conflicts_reported=round(sum(reported) / len(reported), 4) if reported else None,
        )
    return summaries


def _check_name(check: str) -> str:
    """Checks of one value each ('value '75'') are summed up as 'every value'."""
    return "every value" if check.startswith("value ") else check


def kind_rows(
    run: RunResult, baseline: dict[str, float | None] | None = None
) -> list[tuple[str, ...]]:
    """The per-kind table of the reports: kind, items, passed / scored, accuracy, the
    baseline's accuracy and the change (blank without a baseline), and the kind's own checks
    ('date stated 0.250; conflicts reported 0.000')."""
    accuracy = METRICS_BY_KEY["accuracy"]
    rows: list[tuple[str, ...]] = []
    for kind, summary in run.kinds.items():
        shares = [f"{name} {share:.3f}" for name, share in summary.checks.items()]
        if summary.conflicts_reported is not None:
            shares.append(f"conflicts reported {summary.conflicts_reported:.3f}")
        reference = baseline.get(kind) if baseline is not None else None
        rows.append(
            (
                kind,
                str(summary.items),
                f"{summary.passed} / {summary.scored}",
                accuracy.format(summary.accuracy),
                accuracy.format(reference) if baseline is not None else "",
                accuracy.format_change(summary.accuracy, reference),
                "; ".join(shares),
            )
        )
    return rows
