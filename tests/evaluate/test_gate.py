"""The gate: metrics against the baseline within tolerances, and the items that flipped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluate import (
    GateConfig,
    GateConfigError,
    baseline_of,
    compare,
    evals_dir,
    load_baseline,
    load_config,
    save_baseline,
)
from assistant.evaluate.gate import item_changes
from assistant.evaluate.results import METRIC_KEYS, METRICS, summarise

pytestmark = pytest.mark.unit

Factory = Callable[..., Any]


def five_items(make_outcome: Factory, failing: set[str]) -> list[Any]:
    return [
        make_outcome(
            f"q{n}", "fail" if f"q{n}" in failing else "pass", correct=f"q{n}" not in failing
        )
        for n in range(1, 6)
    ]


def test_an_unchanged_run_passes(make_outcome: Factory, make_run: Factory) -> None:
    run = make_run(five_items(make_outcome, {"q5"}))
    result = compare(run, baseline_of(run), GateConfig(tolerance={"accuracy": 0.0}))
    assert result.passed and result.breaches == [] and result.flipped == [] and result.fixed == []


def test_a_drop_past_the_tolerance_fails_and_lists_the_flipped_items(
    make_outcome: Factory, make_run: Factory
) -> None:
    before = make_run(five_items(make_outcome, {"q5"}))
    after = make_run(five_items(make_outcome, {"q1", "q2"}))
    result = compare(after, baseline_of(before), GateConfig(tolerance={"accuracy": 0.1}))
    assert not result.passed
    (breach,) = result.breaches
    assert (breach.metric, breach.baseline, breach.current) == ("accuracy", 0.8, 0.6)
    assert breach.limit == 0.7 and breach.direction == "min"
    assert result.flipped == ["q1", "q2"] and result.fixed == ["q5"]


def test_a_drop_within_the_tolerance_passes_but_still_lists_flips(
    make_outcome: Factory, make_run: Factory
) -> None:
    before = make_run(five_items(make_outcome, set()))
    after = make_run(five_items(make_outcome, {"q3"}))
    result = compare(after, baseline_of(before), GateConfig(tolerance={"accuracy": 0.2}))
    assert result.passed and result.flipped == ["q3"]


def test_ungated_metrics_do_not_fail_the_gate(make_outcome: Factory, make_run: Factory) -> None:
    before = make_run(five_items(make_outcome, set()))
    after = make_run(five_items(make_outcome, {"q1", "q2", "q3"}))
    assert compare(after, baseline_of(before), GateConfig(tolerance={"mrr": 0.0})).passed


def test_a_metric_that_disappears_fails(make_outcome: Factory, make_run: Factory) -> None:
    before = make_run(five_items(make_outcome, set()))
    after = make_run(five_items(make_outcome, set()))
    after.metrics["decline_recall"] = None
    before.metrics["decline_recall"] = 0.9
    result = compare(after, baseline_of(before), GateConfig(tolerance={"decline_recall": 0.5}))
    assert [b.metric for b in result.breaches] == ["decline_recall"]


def test_ceilings_hold_speed_and_size_to_absolute_limits(
    make_outcome: Factory, make_run: Factory
) -> None:
    items = [make_outcome(f"q{n}", latency_ms=100.0 * n) for n in range(1, 11)]
    run = make_run(items)
    config = GateConfig(ceiling={"latency_p95_ms": 500.0, "wall_time_s": 60.0})
    result = compare(run, baseline_of(run), config)
    (breach,) = result.breaches
    assert breach.metric == "latency_p95_ms" and breach.direction == "max"
    assert breach.current == pytest.approx(955.0)


def test_item_changes_and_notes(make_outcome: Factory, make_run: Factory) -> None:
    before = make_run(five_items(make_outcome, {"q4"}), judge="llm:gpt")
    items = five_items(make_outcome, {"q1"})[:4] + [make_outcome("q9")]
    after = make_run(items, dataset="other.jsonl")
    assert item_changes(after, baseline_of(before)) == {
        "q1": "newly failing",
        "q2": "same",
        "q3": "same",
        "q4": "newly passing",
        "q9": "new item",
    }
    notes = compare(after, baseline_of(before), GateConfig()).notes
    assert any("another dataset" in n for n in notes)
    assert any("llm:gpt" in n for n in notes)
    assert any("not run: q5" in n for n in notes)


def test_baseline_round_trip(tmp_path: Path, make_outcome: Factory, make_run: Factory) -> None:
    run = make_run(five_items(make_outcome, {"q2"}))
    save_baseline(baseline_of(run), tmp_path / "nested" / "baseline.json")
    loaded = load_baseline(tmp_path / "nested" / "baseline.json")
    assert loaded.metrics == run.metrics and loaded.verdicts["q2"] == "fail"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[tolerance]\naccuracy = 'high'\n", "valid number"),
        ("[tolerance]\naccurasy = 0.1\n", "unknown metrics ['accurasy']"),
        ("[tolerances]\naccuracy = 0.1\n", "Extra inputs"),
        ("[tolerance\n", "Expected"),
    ],
)
def test_bad_configs_are_rejected(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(GateConfigError, match=r"config\.toml") as caught:
        load_config(path)
    assert message in str(caught.value)


def test_bad_baselines_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(GateConfigError, match="cannot be read"):
        load_baseline(tmp_path / "none.json")
    (tmp_path / "b.json").write_text('{"metrics": {}}')
    with pytest.raises(GateConfigError, match="not a baseline"):
        load_baseline(tmp_path / "b.json")


def test_the_committed_config_and_baseline_are_usable() -> None:
    config = load_config(evals_dir() / "config.toml")
    baseline = load_baseline(evals_dir() / "baseline.json")
    ratios = {metric.key for metric in METRICS if metric.is_ratio}
    assert set(config.tolerance) == ratios
    assert config.tolerance["citation_integrity"] == 0.0
    assert set(baseline.metrics) == METRIC_KEYS
    assert len(baseline.verdicts) >= 80 and baseline.judge == "deterministic"


def test_summarise_scores_every_metric(make_outcome: Factory) -> None:
    items = [
        make_outcome("a", correct=True, answer_words=10, latency_ms=10.0),
        make_outcome("b", "fail", correct=False, support_recall=0.0, reciprocal_rank=0.0),
        make_outcome(
            "u",
            correct=None,
            unanswerable=True,
            abstained=True,
            citations=[],
            citations_intact=0,
            citation_recall=None,
            citation_precision=None,
            support_recall=None,
            reciprocal_rank=None,
            answer_words=0,
        ),
        make_outcome("w", "fail", correct=False, citations_intact=0, answer_words=30),
    ]
    metrics = summarise(items, 2.0)
    assert metrics["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["support_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["mrr"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["decline_precision"] == 1.0 and metrics["decline_recall"] == 1.0
    assert metrics["citation_integrity"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["answer_words_median"] == 10.0  # of 3, 10 and 30: the decline is left out
    assert metrics["wall_time_s"] == 2.0 and set(metrics) == METRIC_KEYS
