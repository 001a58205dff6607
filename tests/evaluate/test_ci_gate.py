"""The regression gate as CI runs it: the bundled dataset against the committed baseline.

If this fails after a change to chunking, retrieval, prompts or thresholds, the message lists
the metrics that dropped and the items that flipped. Look at `assistant eval` 's report; if
the change is wanted, run `assistant eval --update-baseline` and commit evals/baseline.json.
"""

from __future__ import annotations

import pytest
from gate_support import gate

from assistant.service import Assistant

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_bundled_dataset_holds_the_committed_baseline(seeded: Assistant) -> None:
    gate(seeded, "datasets/seeds.jsonl", "baseline.json")
