"""Fixtures of the eval tests: hand-made outcomes and runs, and a local OpenAI-compatible judge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from llm.fake_openai import FakeOpenAI, fake_openai, fake_server

from assistant.evaluate.results import ItemOutcome, RunResult, summarise, summarise_kinds
from assistant.types import Citation

__all__ = ["fake_openai", "fake_server"]  # fixtures, shared with tests/llm


def outcome(item_id: str, verdict: str = "pass", **fields: Any) -> ItemOutcome:
    """An item outcome with plausible defaults; ``fields`` override any of them."""
    values: dict[str, Any] = {
        "id": item_id,
        "kind": "factoid",
        "question": f"Question {item_id}?",
        "standalone_question": f"Question {item_id}?",
        "answer": "Kyiv announced it. [1]",
        "abstained": False,
        "citations": [citation()],
        "latency_ms": 20.0,
        "verdict": verdict,
        "correct": verdict == "pass",
        "support_recall": 1.0,
        "reciprocal_rank": 1.0,
        "citations_intact": 1,
        "citation_recall": 1.0,
        "citation_precision": 1.0,
        "answer_words": 3,
    }
    values.update(fields)
    return ItemOutcome(**values)


def citation(marker: int = 1, text: str = "Kyiv announced it.") -> Citation:
    return Citation(
        marker=marker, source="a.txt", title="A", start=0, end=len(text), text=text, score=0.9
    )


def run_of(items: list[ItemOutcome], **fields: Any) -> RunResult:
    """A run over ``items`` with its metrics computed the real way."""
    values: dict[str, Any] = {
        "dataset": "evals/datasets/seeds.jsonl",
        "created": "2026-01-01T00:00:00+00:00",
        "settings_hash": "abc123",
        "answer_backend": "extractive",
        "judge": "deterministic",
        "top_k": 6,
        "metrics": summarise(items, 1.5),
        "items": items,
        "kinds": summarise_kinds(items),
    }
    values.update(fields)
    return RunResult(**values)


@pytest.fixture
def judge_llm(fake_openai: FakeOpenAI) -> FakeOpenAI:
    """The fake OpenAI-compatible server of tests/llm, as the judge's (and answerer's) LLM."""
    return fake_openai


@pytest.fixture
def make_outcome() -> Callable[..., ItemOutcome]:
    return outcome


@pytest.fixture
def make_run() -> Callable[..., RunResult]:
    return run_of
