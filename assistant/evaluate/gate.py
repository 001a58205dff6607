"""The regression gate: a run against the committed baseline, with tolerances from a config.

A ratio metric fails when it falls below ``baseline - tolerance``; a size or speed metric
fails when it rises above its absolute ``ceiling`` (machines differ, so speed is not compared
with the baseline machine's). Metrics not named in the config are reported, not gated.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.evaluate.results import METRIC_KEYS, RunResult, Verdict

Change = Literal["same", "newly failing", "newly passing", "new item"]


class GateConfigError(ValueError):
    """The baseline or the tolerance config cannot be used; the message says why."""


class Baseline(BaseModel):
    """The committed reference run: its metrics and each item's verdict."""

    model_config = ConfigDict(extra="forbid")

    created: str
    dataset: str
    settings_hash: str
    answer_backend: str
    judge: str
    metrics: dict[str, float | None]
    verdicts: dict[str, Verdict] = Field(description="Item id -> pass / fail / unscored.")
    kinds: dict[str, float | None] = Field(
        default_factory=dict, description="Accuracy per kind (reported, not gated)."
    )


class GateConfig(BaseModel):
    """``evals/config.toml``: allowed drop per ratio metric, ceiling per size/speed metric."""

    model_config = ConfigDict(extra="forbid")

    tolerance: dict[str, float] = Field(default_factory=dict)
    ceiling: dict[str, float] = Field(default_factory=dict)


@dataclass(frozen=True)
class Breach:
    """A gated metric outside its limit."""

    metric: str
    current: float | None
    baseline: float | None
    limit: float
    direction: Literal["min", "max"]


@dataclass
class GateResult:
    """The gate's decision, the breaches behind it, and the items whose verdict changed."""

    breaches: list[Breach] = field(default_factory=list)
    flipped: list[str] = field(default_factory=list)
    """Items that passed in the baseline and fail now."""
    fixed: list[str] = field(default_factory=list)
    """Items that failed in the baseline and pass now."""
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.breaches


def baseline_of(run: RunResult) -> Baseline:
    """The baseline that records ``run``."""
    return Baseline(
        created=run.created,
        dataset=run.dataset,
        settings_hash=run.settings_hash,
        answer_backend=run.answer_backend,
        judge=run.judge,
        metrics=run.metrics,
        verdicts=run.verdicts(),
        kinds={kind: summary.accuracy for kind, summary in run.kinds.items()},
    )


def save_baseline(baseline: Baseline, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(baseline.model_dump_json(indent=2) + "\n", encoding="utf-8")


def load_baseline(path: Path) -> Baseline:
    try:
        return Baseline.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise GateConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, ValidationError) as exc:
        raise GateConfigError(f"{path}: not a baseline file ({exc})") from None


def load_config(path: Path) -> GateConfig:
    """Read the tolerances; unknown tables or metric names are errors (typos gate nothing)."""
    try:
        config = GateConfig.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise GateConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise GateConfigError(f"{path}: {exc}") from None
    unknown = sorted((set(config.tolerance) | set(config.ceiling)) - METRIC_KEYS)
    if unknown:
        raise GateConfigError(f"{path}: unknown metrics {unknown}; known: {sorted(METRIC_KEYS)}")
    return config


def compare(run: RunResult, baseline: Baseline, config: GateConfig) -> GateResult:
    """Check every gated metric, and list the items whose verdict changed."""
    result = GateResult()
    for key, tolerance in config.tolerance.items():
        reference = baseline.metrics.get(key)
        if reference is None:
            continue
        limit = round(reference - tolerance, 4)
        current = run.metrics.get(key)
        if current is None or current < limit:
            result.breaches.append(Breach(key, current, reference, limit, "min"))
    for key, ceiling in config.ceiling.items():
        current = run.metrics.get(key)
        if current is not None and current > ceiling:
            result.breaches.append(Breach(key, current, baseline.metrics.get(key), ceiling, "max"))
    changes = item_changes(run, baseline)
    result.flipped = [i for i, change in changes.items() if change == "newly failing"]
    result.fixed = [i for i, change in changes.items() if change == "newly passing"]
    result.notes = _notes(run, baseline)
    return result


def item_changes(run: RunResult, baseline: Baseline | None) -> dict[str, Change]:
    """Each item's verdict against the baseline's."""
    changes: dict[str, Change] = {}
    for item in run.items:
        before = baseline.verdicts.get(item.id) if baseline else None
        if before is None:
            changes[item.id] = "new item"
        elif before == "pass" and item.verdict == "fail":
            changes[item.id] = "newly failing"
        elif before == "fail" and item.verdict == "pass":
            changes[item.id] = "newly passing"
        else:
            changes[item.id] = "same"
    return changes


def _notes(run: RunResult, baseline: Baseline) -> list[str]:
    notes = []
    if Path(run.dataset).name != Path(baseline.dataset).name:
        notes.append(f"the baseline was made on another dataset ({baseline.dataset})")
    if run.judge != baseline.judge:
        notes.append(
            f"citation support was judged by {run.judge}, the baseline's by {baseline.judge}"
        )
    gone = sorted(set(baseline.verdicts) - {item.id for item in run.items})
    if gone:
        notes.append(f"{len(gone)} baseline item(s) were not run: {', '.join(gone[:10])}")
    return notes
