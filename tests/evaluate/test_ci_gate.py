"""The regression gate as CI runs it: the bundled dataset against the committed baseline.

If this fails after a change to chunking, retrieval, prompts or thresholds, the message lists
the metrics that dropped and the items that flipped. Look at `assistant eval` 's report; if
the change is wanted, run `assistant eval --update-baseline` and commit evals/baseline.json.
"""

from __future__ import annotations

import pytest

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
from assistant.service import Assistant

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_bundled_dataset_holds_the_committed_baseline(seeded: Assistant) -> None:
    root = evals_dir()
    items = load_dataset(root / "datasets" / "seeds.jsonl")
    runner = EvalRunner(seeded, DeterministicJudge())
    assert missing_quotes(items, runner.article_text) == []
    run = runner.run(items, dataset="evals/datasets/seeds.jsonl")
    result = compare(run, load_baseline(root / "baseline.json"), load_config(root / "config.toml"))
    breaches = [
        f"{b.metric}: {b.current} ({'min' if b.direction == 'min' else 'max'} {b.limit})"
        for b in result.breaches
    ]
    assert result.passed, (
        f"eval gate failed: {'; '.join(breaches)}. Newly failing: {', '.join(result.flipped)}. "
        "If the change is intended: assistant eval --update-baseline"
    )
    assert result.notes == []
    assert run.metrics["citation_integrity"] == 1.0
