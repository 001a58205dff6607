"""The runner over the real assistant (bundled articles, real Chroma, real embedding model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluate import DeterministicJudge, EvalRunner, load_dataset, write_predictions
from assistant.evaluate.results import METRIC_KEYS
from assistant.resources import bundled_seeds_dir
from assistant.service import Assistant

pytestmark = pytest.mark.integration

SPUN = "003_f2a3d905b203a98f.txt"
ITEMS = [
    {
        "id": "peskov",
        "kind": "factoid",
        "question": "Who is the Kremlin spokesperson?",
        "answers": ["Peskov"],
        "support": [{"source": SPUN, "quote": "the Kremlin spokesperson Dmitry Peskov"}],
    },
    {
        "id": "pie",
        "kind": "unanswerable",
        "question": "What is the best recipe for lemon meringue pie?",
        "answers": [],
        "support": [],
    },
    {
        "id": "blinken-money",
        "kind": "follow-up",
        "question": "How much military financing did he announce?",
        "turns": ["Who visited Kyiv on Thursday?"],
        "answers": ["2.2 billion"],
    },
    {"id": "plain", "question": "What happened in Balakliya?"},
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dataset") / "small.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in ITEMS) + "\n", encoding="utf-8")
    return path


def test_runs_every_item_through_the_assistant(seeded: Assistant, dataset: Path) -> None:
    progress: list[tuple[int, int, str]] = []
    run = EvalRunner(seeded, DeterministicJudge()).run(
        load_dataset(dataset), dataset="small.jsonl", progress=lambda *a: progress.append(a)
    )
    assert progress[-1] == (4, 4, "plain") and len(progress) == 4
    assert set(run.metrics) == METRIC_KEYS and run.judge == "deterministic"
    assert run.settings_hash == seeded.settings.fingerprint() and run.top_k == 6
    peskov, pie, follow, plain = run.items

    assert peskov.verdict == "pass" and peskov.correct and "Peskov" in peskov.answer
    assert peskov.support_recall == 1.0 and peskov.reciprocal_rank and peskov.reciprocal_rank > 0
    assert any(p.holds_support for p in peskov.retrieved) and len(peskov.retrieved) == 6
    assert peskov.citations_intact == len(peskov.citations) >= 1
    assert peskov.citation_recall == 1.0 and peskov.answer_words > 3

    assert pie.abstained and pie.verdict == "pass" and pie.correct is None and pie.unanswerable
    assert pie.citation_recall is None and pie.support_recall is None

    # The follow-up went through a chat: the earlier turn shaped its standalone question.
    assert follow.turns == ["Who visited Kyiv on Thursday?"]
    assert follow.standalone_question != follow.question
    assert "Blinken" in follow.standalone_question
    assert follow.support_recall is None  # no support given: retrieval is not scored

    assert plain.verdict == "unscored" and plain.correct is None and plain.answer
    assert run.metrics["decline_recall"] == 1.0
    assert run.metrics["citation_integrity"] == 1.0


def test_predictions_point_at_the_files_text_on_disk(
    seeded: Assistant, dataset: Path, tmp_path: Path
) -> None:
    items = load_dataset(dataset)[:1]
    run = EvalRunner(seeded, DeterministicJudge()).run(items, dataset="small.jsonl")
    out = tmp_path / "predictions.jsonl"
    write_predictions(run, out)
    (line,) = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == "peskov" and line["abstained"] is False and line["latency_ms"] > 0
    assert line["citations"]
    for cited in line["citations"]:
        on_disk = (bundled_seeds_dir() / cited["source"]).read_text(encoding="utf-8")
        assert on_disk[cited["start"] : cited["end"]] == cited["text"]
        assert f"[{cited['marker']}]" in line["answer"]
