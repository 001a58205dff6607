"""Follow-up questions answered offline in a chat: the follow-up items of the eval dataset
(evals/datasets/seeds.jsonl) and this folder's own (followups.jsonl).

An item is answered correctly when, after its earlier ``turns`` were asked in the same
ChatSession, the answer contains one of its ``answers`` (case-insensitive); an item with no
answers must be declined.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluate.metrics import answer_is_correct
from assistant.service import Assistant

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
DATASETS = {
    "seeds": ROOT / "evals" / "datasets" / "seeds.jsonl",
    "own": Path(__file__).with_name("followups.jsonl"),
}


def follow_ups(path: Path) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [item for item in items if item["kind"] == "follow-up"]


def answered_correctly(assistant: Assistant, item: dict[str, Any]) -> bool:
    session = assistant.chat()
    for question in item.get("turns", []):
        session.ask(question)
    answer = session.ask(item["question"])
    if not item["answers"]:
        return answer.abstained
    return answer_is_correct(answer, item["answers"], require_all=item.get("all", False))


# A right answer is now judged on the short answer and its cited span (stricter than "the
# alias appears somewhere"). Measured with the spaCy reader: 11/14 (seeds), 12/22 (own); the
# floors sit just below, so a regression fails. Issue 9 asks for 0.85.
FLOOR = {"seeds": 0.75, "own": 0.5}


@pytest.mark.parametrize("name", DATASETS)
def test_follow_ups_are_answered_offline(seeded: Assistant, name: str) -> None:
    items = follow_ups(DATASETS[name])
    assert len(items) >= 10, f"{DATASETS[name]} holds too few follow-up items to judge"
    failed = [item["id"] for item in items if not answered_correctly(seeded, item)]
    share = 1 - len(failed) / len(items)
    print(f"{name}: {len(items) - len(failed)}/{len(items)} follow-ups answered ({share:.0%})")
    assert share >= FLOOR[name], f"answered {share:.0%}; wrong: {failed}"


def test_every_follow_up_item_has_earlier_turns() -> None:
    for path in DATASETS.values():
        for item in follow_ups(path):
            assert item["turns"] and all(isinstance(t, str) and t for t in item["turns"])
