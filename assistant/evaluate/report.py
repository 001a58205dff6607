"""The files a run writes: predictions (JSONL), results.json, report.md and report.html."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.evaluate.gate import Baseline, GateConfig, GateResult, item_changes
from assistant.evaluate.report_html import render_html
from assistant.evaluate.results import METRICS, ItemOutcome, RunResult, kind_rows


def prediction_line(item: ItemOutcome) -> dict[str, Any]:
    """One line of ``--predictions-out``: the answer and its citations' exact spans."""
    return {
        "id": item.id,
        "question": item.question,
        "answer": item.answer,
        "abstained": item.abstained,
        "citations": [
            {"marker": c.marker, "source": c.source, "start": c.start, "end": c.end, "text": c.text}
            for c in item.citations
        ],
        "latency_ms": item.latency_ms,
    }


def write_predictions(run: RunResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in run.items:
            out.write(json.dumps(prediction_line(item), ensure_ascii=False) + "\n")


def write_reports(
    run: RunResult,
    folder: Path,
    *,
    baseline: Baseline | None = None,
    gate: GateResult | None = None,
    config: GateConfig | None = None,
) -> list[Path]:
    """Write results.json, report.md and report.html into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    results = folder / "results.json"
    results.write_text(json.dumps(results_payload(run, baseline, gate), indent=2) + "\n", "utf-8")
    markdown = folder / "report.md"
    markdown.write_text(render_markdown(run, baseline, gate), encoding="utf-8")
    page = folder / "report.html"
    page.write_text(render_html(run, baseline, gate, config), encoding="utf-8")
    return [results, markdown, page]


def results_payload(
    run: RunResult, baseline: Baseline | None, gate: GateResult | None
) -> dict[str, Any]:
    """The run as JSON, with the baseline's metrics, each item's change and the gate."""
    payload = run.model_dump(mode="json")
    payload["baseline_metrics"] = baseline.metrics if baseline else None
    changes = item_changes(run, baseline) if baseline else {}
    for item in payload["items"]:
        item["change"] = changes.get(item["id"])
    payload["gate"] = None if gate is None else {**asdict(gate), "passed": gate.passed}
    return payload


def render_markdown(run: RunResult, baseline: Baseline | None, gate: GateResult | None) -> str:
    """A Markdown summary: the metrics table, the gate's decision and the failing items."""
    lines = [
        "# Eval report",
        "",
        f"Dataset `{run.dataset}`: {len(run.items)} items, run {run.created}; answers by "
        f"`{run.answer_backend}` (settings `{run.settings_hash}`), citation support judged "
        f"by `{run.judge}`, retrieval k = {run.top_k}.",
        "",
        "| Metric | Value | Baseline | Change |",
        "|---|---:|---:|---:|",
    ]
    for metric in METRICS:
        value, reference = run.metrics.get(metric.key), _reference(baseline, metric.key)
        lines.append(
            f"| {metric.label} | {metric.format(value)} | "
            f"{metric.format(reference) if baseline else ''} | "
            f"{metric.format_change(value, reference)} |"
        )
    lines += ["", *_kinds_markdown(run, baseline), "", *_gate_markdown(gate)]
    lines += ["", "## Failing items", ""]
    failing = [item for item in run.items if item.verdict == "fail"]
    if not failing:
        lines.append("None.")
    else:
        lines += ["| Item | Kind | Question | Answer | Why |", "|---|---|---|---|---|"]
        lines += [
            f"| {i.id} | {i.kind or ''} | {_cell(i.question)} | {_cell(i.answer)} | "
            f"{_cell(i.reason or '')} |"
            for i in failing
        ]
    return "\n".join(lines) + "\n"


def _kinds_markdown(run: RunResult, baseline: Baseline | None) -> list[str]:
    """Accuracy per kind against the baseline's, with each kind's own checks."""
    lines = [
        "## Per kind",
        "",
        "| Kind | Items | Passed | Accuracy | Baseline | Change | Checks |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    rows = kind_rows(run, baseline.kinds if baseline else None)
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _gate_markdown(gate: GateResult | None) -> list[str]:
    if gate is None:
        return ["## Gate", "", "Not run (use `--against BASELINE`)."]
    lines = ["## Gate", "", "**Passed.**" if gate.passed else "**Failed.**", ""]
    for breach in gate.breaches:
        bound = "below the minimum" if breach.direction == "min" else "above the ceiling"
        lines.append(f"- `{breach.metric}` = {breach.current} is {bound} {breach.limit}")
    if gate.flipped:
        lines.append(f"- Newly failing: {', '.join(gate.flipped)}")
    if gate.fixed:
        lines.append(f"- Newly passing: {', '.join(gate.fixed)}")
    lines += [f"- Note: {note}" for note in gate.notes]
    return lines


def _reference(baseline: Baseline | None, key: str) -> float | None:
    return baseline.metrics.get(key) if baseline else None


def _cell(text: str) -> str:
    """Text fit for one Markdown table cell; markup from articles is shown, not rendered."""
    flat = " ".join(text.split()).replace("|", "\\|")
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
