"""Evaluation: datasets, metrics, the runner, reports and the regression gate.

``assistant eval`` is the command; this package is what it (and the tests) call::

    items = load_dataset(Path("evals/datasets/seeds.jsonl"))
    run = EvalRunner(assistant, make_judge(assistant.settings)).run(items, dataset="seeds")
    gate = compare(run, load_baseline(...), load_config(...))
"""

from __future__ import annotations

from pathlib import Path

from assistant.evaluate.dataset import DatasetError, EvalItem, Support, load_dataset, missing_quotes
from assistant.evaluate.gate import (
    Baseline,
    GateConfig,
    GateConfigError,
    GateResult,
    baseline_of,
    compare,
    load_baseline,
    load_config,
    save_baseline,
)
from assistant.evaluate.judge import DeterministicJudge, LLMJudge, make_judge
from assistant.evaluate.report import write_predictions, write_reports
from assistant.evaluate.results import METRICS, ItemOutcome, RunResult
from assistant.evaluate.runner import EvalRunner

__all__ = [
    "METRICS",
    "Baseline",
    "DatasetError",
    "DeterministicJudge",
    "EvalItem",
    "EvalRunner",
    "GateConfig",
    "GateConfigError",
    "GateResult",
    "ItemOutcome",
    "LLMJudge",
    "RunResult",
    "Support",
    "baseline_of",
    "compare",
    "evals_dir",
    "load_baseline",
    "load_config",
    "load_dataset",
    "make_judge",
    "missing_quotes",
    "save_baseline",
    "write_predictions",
    "write_reports",
]


def evals_dir() -> Path:
    """The checkout's ``evals/`` folder (dataset, baseline, config), else ``./evals``."""
    checkout = Path(__file__).resolve().parents[2] / "evals"
    return checkout if checkout.is_dir() else Path("evals")
