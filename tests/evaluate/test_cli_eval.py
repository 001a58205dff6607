"""`assistant eval` end to end: a copy of the seeded store, a small dataset, a tmp baseline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.service import Assistant

pytestmark = pytest.mark.integration

SPUN = "003_f2a3d905b203a98f.txt"
ITEMS: list[dict[str, Any]] = [
    {
        "id": "peskov",
        "kind": "factoid",
        "question": "Who is the Kremlin spokesperson?",
        "answers": ["Peskov"],
        "support": [{"source": SPUN, "quote": "the Kremlin spokesperson Dmitry Peskov"}],
    },
    {
        # Written to fail: the right answer is Peskov.
        "id": "wrong-alias",
        "kind": "factoid",
        "question": "Who speaks for the Kremlin?",
        "answers": ["Lavrov"],
    },
    {"id": "pie", "kind": "unanswerable", "question": "How do I bake a lemon pie?", "answers": []},
]


@pytest.fixture
def workspace(seeded: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder copied from the seeded store (no re-embedding) and a small dataset."""
    shutil.copytree(seeded.settings.data.dir, tmp_path / "data", dirs_exist_ok=True)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    lines = "\n".join(json.dumps(item) for item in ITEMS)
    (tmp_path / "small.jsonl").write_text(lines + "\n", encoding="utf-8")
    return tmp_path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["eval", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    # rich wraps long lines to the terminal's width: compare with whitespace collapsed
    return result.exit_code, " ".join(result.output.split())


def test_eval_writes_predictions_reports_and_a_baseline_then_gates(workspace: Path) -> None:
    baseline = workspace / "baseline.json"
    code, output = invoke(
        "--dataset",
        str(workspace / "small.jsonl"),
        "--predictions-out",
        str(workspace / "predictions.jsonl"),
        "--report",
        str(workspace / "report"),
        "--against",
        str(baseline),
        "--update-baseline",
    )
    assert code == 0, output
    assert "Answer accuracy" in output and "Baseline rewritten" in output
    assert "Failing: wrong-alias" in output
    assert "Per kind" in output and "factoid │ 1 / 2 │ 0.500" in output
    lines = (workspace / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["peskov", "wrong-alias", "pie"]
    assert {p.name for p in (workspace / "report").iterdir()} == {
        "report.md",
        "report.html",
        "results.json",
    }
    written = json.loads(baseline.read_text(encoding="utf-8"))
    assert written["verdicts"] == {"peskov": "pass", "wrong-alias": "fail", "pie": "pass"}

    # Doctor the baseline: every item passed and accuracy was perfect. Now the gate fails
    # and names the item that flipped.
    written["verdicts"]["wrong-alias"] = "pass"
    written["metrics"]["accuracy"] = 1.0
    baseline.write_text(json.dumps(written), encoding="utf-8")
    code, output = invoke(
        "--dataset",
        str(workspace / "small.jsonl"),
        "--against",
        str(baseline),
        "--report",
        str(workspace / "report"),
    )
    assert code == 1, output
    assert "accuracy = 0.5 is below the minimum 0.965" in output
    assert "Newly failing (pass -> fail): wrong-alias" in output and "Gate FAILED." in output
    results = json.loads((workspace / "report" / "results.json").read_text(encoding="utf-8"))
    assert results["gate"]["passed"] is False and results["gate"]["flipped"] == ["wrong-alias"]


def test_a_missing_baseline_or_a_broken_dataset_exit_2(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "a", "question": "Who?"}) + "\n")
    code, output = invoke("--dataset", str(good), "--against", str(tmp_path / "none.json"))
    assert code == 2 and "none.json: cannot be read" in output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n')
    code, output = invoke("--dataset", str(bad))
    assert code == 2 and "bad.jsonl:1: question: Field required" in output


def test_support_quotes_that_do_not_match_the_store_stop_the_run(workspace: Path) -> None:
    item = {**ITEMS[0], "support": [{"source": SPUN, "quote": "Peskov said nothing"}]}
    path = workspace / "drifted.jsonl"
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    # Without --against a broken config only costs the comparison, not the run.
    broken = workspace / "broken.toml"
    broken.write_text("[tolerance]\nacuracy = 0.1\n")
    code, output = invoke(
        "--dataset", str(path), "--report", str(workspace / "r"), "--config", str(broken)
    )
    assert "Not compared: " in output and "unknown metrics ['acuracy']" in output
    assert code == 2
    assert "1 support quote(s) do not match" in output and "peskov: quote not in" in output
