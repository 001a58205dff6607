"""The eval gate as the tests run it: a dataset against its committed baseline."""

from __future__ import annotations

from assistant.evaluate import (
    DeterministicJudge,
    EvalRunner,
    compare,
    evals_dir,
    load_baseline,
    load_config,
    load_dataset,
    missing_quotes,
)
from assistant.evaluate.results import RunResult
from assistant.service import Assistant


def gate(assistant: Assistant, dataset: str, baseline: str) -> RunResult:
    """Run an eval dataset (a path under evals/) and assert that it holds its committed
    baseline under evals/config.toml's tolerances; the run is returned for further checks."""
    root = evals_dir()
    items = load_dataset(root / dataset)
    runner = EvalRunner(assistant, DeterministicJudge())
    assert missing_quotes(items, runner.article_text) == []
    run = runner.run(items, dataset=f"evals/{dataset}")
    result = compare(run, load_baseline(root / baseline), load_config(root / "config.toml"))
    breaches = [
        f"{b.metric}: {b.current} ({'min' if b.direction == 'min' else 'max'} {b.limit})"
        for b in result.breaches
    ]
    assert result.passed, (
        f"eval gate on {dataset} failed: {'; '.join(breaches)}. Newly failing: "
        f"{', '.join(result.flipped)}. If the change is intended: assistant eval --dataset "
        f"evals/{dataset} --against evals/{baseline} --update-baseline"
    )
    assert result.notes == []
    assert run.metrics["citation_integrity"] == 1.0
    return run
