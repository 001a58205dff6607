"""`assistant eval`: run a dataset through the assistant, score it, report, and gate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from assistant.cli.common import assistant_or_exit, console, errors, progress_bar

if TYPE_CHECKING:
    from assistant.evaluate import Baseline, EvalItem, GateConfig, GateResult, RunResult
    from assistant.service import Assistant

T = TypeVar("T")


def register(app: typer.Typer) -> None:
    app.command(name="eval")(evaluate)


def evaluate(
    dataset: Annotated[
        Path | None, typer.Option(help="JSONL of questions (default: evals/datasets/seeds.jsonl).")
    ] = None,
    predictions_out: Annotated[
        Path | None, typer.Option(help="Also write one JSON line per item here.")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Folder for report.md, report.html, results.json (default: evals/reports/latest)."
        ),
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            help="Gate against this baseline: exit 1 when a metric drops past its tolerance."
        ),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline",
            help="Rewrite the baseline (--against, else evals/baseline.json) from this run.",
        ),
    ] = False,
    config: Annotated[
        Path | None, typer.Option(help="Gate tolerances (default: evals/config.toml).")
    ] = None,
) -> None:
    """Answer every question of a dataset, score answers and citations, write reports.

    Exit codes: 0 done (or gate passed), 1 gate failed, 2 unusable dataset, baseline or settings.
    """
    from assistant.evaluate import compare, evals_dir, load_baseline, load_config

    root = evals_dir()
    dataset = dataset or root / "datasets" / "seeds.jsonl"
    baseline_path = against or root / "baseline.json"
    # --update-baseline may create the baseline, so only a plain --against needs it to exist.
    gating = against is not None and (baseline_path.is_file() or not update_baseline)
    items = _load_items(dataset)
    baseline = _gate_file(load_baseline, baseline_path, required=gating)
    gate_config = _gate_file(load_config, config or root / "config.toml", required=gating)
    run = _run(assistant_or_exit(), items, _shown(dataset))
    gate = compare(run, baseline, gate_config) if gating and baseline and gate_config else None
    _write(run, predictions_out, report or root / "reports" / "latest", baseline, gate, gate_config)
    print_summary(run, baseline, gate)
    if update_baseline:
        from assistant.evaluate import baseline_of, save_baseline

        save_baseline(baseline_of(run), baseline_path)
        console.print(f"Baseline rewritten: {baseline_path}")
    elif gate is not None and not gate.passed:
        raise typer.Exit(1)


def _load_items(path: Path) -> list[EvalItem]:
    from assistant.evaluate import DatasetError, load_dataset

    try:
        return load_dataset(path)
    except DatasetError as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None


def _run(assistant: Assistant, items: list[EvalItem], dataset: str) -> RunResult:
    from assistant.evaluate import EvalRunner, make_judge, missing_quotes
    from assistant.llm import LLMConfigError

    try:
        judge = make_judge(assistant.settings)
    except LLMConfigError as exc:
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None
    runner = EvalRunner(assistant, judge)
    problems = missing_quotes(items, runner.article_text)
    if problems:
        errors.print(
            f"[red]{len(problems)} support quote(s) do not match the indexed articles:[/red]"
        )
        for problem in problems[:20]:
            errors.print(f"  {problem}", highlight=False)
        raise typer.Exit(2)
    with progress_bar("Evaluating") as progress:
        return runner.run(items, dataset=dataset, progress=progress)


def _gate_file(load: Callable[[Path], T], path: Path, *, required: bool) -> T | None:
    """A baseline or config. With --against it must load; otherwise it is only shown for
    comparison, so a missing or broken one is skipped."""
    from assistant.evaluate import GateConfigError

    if not required and not path.is_file():
        return None
    try:
        return load(path)
    except GateConfigError as exc:
        if not required:
            errors.print(f"[yellow]Not compared: {exc}[/yellow]", highlight=False)
            return None
        errors.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None


def _write(
    run: RunResult,
    predictions: Path | None,
    folder: Path,
    baseline: Baseline | None,
    gate: GateResult | None,
    config: GateConfig | None,
) -> None:
    from assistant.evaluate import write_predictions, write_reports

    if predictions is not None:
        write_predictions(run, predictions)
        errors.print(f"Predictions: {predictions}")
    paths = write_reports(run, folder, baseline=baseline, gate=gate, config=config)
    errors.print(f"Reports: {', '.join(str(p) for p in paths)}")


def print_summary(run: RunResult, baseline: Baseline | None, gate: GateResult | None) -> None:
    """The metrics table, the verdict counts and the gate's decision."""
    from rich.table import Table

    from assistant.evaluate import METRICS

    breaches = {b.metric for b in gate.breaches} if gate else set()
    table = Table(title=f"Eval: {run.dataset} ({len(run.items)} items, judge {run.judge})")
    for column in ("Metric", "Value", "Baseline", "Change"):
        table.add_column(column, justify="left" if column == "Metric" else "right")
    for metric in METRICS:
        value = run.metrics.get(metric.key)
        reference = baseline.metrics.get(metric.key) if baseline else None
        style = "red" if metric.key in breaches else None
        table.add_row(
            metric.label,
            metric.format(value),
            metric.format(reference) if baseline else "",
            metric.format_change(value, reference),
            style=style,
        )
    console.print(table)
    if len(run.kinds) > 1:
        console.print(_kinds_table(run, baseline))
    verdicts = [item.verdict for item in run.items]
    failing = [item.id for item in run.items if item.verdict == "fail"]
    console.print(
        # Not "N passed, N failed": CI would read that as a test runner's closing line.
        f"Items right: {verdicts.count('pass')}, wrong: {len(failing)}, "
        f"unscored: {verdicts.count('unscored')}.",
        highlight=False,
    )
    if failing:
        console.print(f"Failing: {', '.join(failing)}", highlight=False)
    if gate is not None:
        _print_gate(gate)


def _kinds_table(run: RunResult, baseline: Baseline | None) -> Any:
    """Accuracy per kind of item, against the baseline's, with each kind's own checks."""
    from rich.table import Table

    table = Table(title="Per kind")
    for column in ("Kind", "Right", "Accuracy", "Baseline", "Checks"):
        table.add_column(column, justify="left" if column in ("Kind", "Checks") else "right")
    for kind, summary in run.kinds.items():
        reference = baseline.kinds.get(kind) if baseline else None
        checks = "; ".join(f"{name} {share:.3f}" for name, share in summary.checks.items())
        table.add_row(
            kind,
            f"{summary.passed} / {summary.scored}",
            "–" if summary.accuracy is None else f"{summary.accuracy:.3f}",
            "" if reference is None else f"{reference:.3f}",
            checks,
        )
    return table


def _print_gate(gate: GateResult) -> None:
    for breach in gate.breaches:
        bound = "below the minimum" if breach.direction == "min" else "above the ceiling"
        console.print(
            f"[red]{breach.metric} = {breach.current} is {bound} {breach.limit}[/red]",
            highlight=False,
        )
    if gate.flipped:
        console.print(f"Newly failing (pass -> fail): {', '.join(gate.flipped)}", highlight=False)
    if gate.fixed:
        console.print(f"Newly passing (fail -> pass): {', '.join(gate.fixed)}", highlight=False)
    for note in gate.notes:
        console.print(f"[yellow]Note: {note}[/yellow]", highlight=False)
    verdict = "[green]Gate passed.[/green]" if gate.passed else "[red]Gate FAILED.[/red]"
    console.print(verdict)


def _shown(path: Path) -> str:
    """The dataset path as recorded in results: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
