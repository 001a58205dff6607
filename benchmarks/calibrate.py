"""Calibrate the decline threshold on the dev questions (evals/datasets/dev.jsonl).

Every question is answered with declining switched off; the best evidence score of each is
then compared with thresholds. Prints, per threshold: answerable questions answered
correctly, and precision / recall of declining on the unanswerable ones.

    python benchmarks/calibrate.py [--dataset FILE]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from assistant.service import Assistant
from assistant.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals/datasets/dev.jsonl")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.dataset.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(data={"dir": data}, answer={"min_evidence": -1})
        assistant = Assistant(settings)
        assistant.ingest()
        rows = [score_item(assistant, item) for item in items]
    for row in sorted(rows, key=lambda r: r["best"]):
        verdict = "UNANS" if row["unanswerable"] else ("ok" if row["correct"] else "WRONG")
        print(f"{row['best']:.3f}  {verdict:5}  {row['question']}")
    print(f"\n{'threshold':>9}  {'correct':>8}  {'decline P':>9}  {'decline R':>9}")
    for step in range(30, 71, 2):
        print(summarise(rows, step / 100))
    print(f"\ncurrent default min_evidence = {load_settings().answer.min_evidence}")


def score_item(assistant: Assistant, item: dict) -> dict:
    answer = assistant.ask(item["question"])
    text = answer.answer.lower()
    return {
        "question": item["question"],
        "unanswerable": not item["answers"],
        "correct": any(alias.lower() in text for alias in item["answers"]),
        "best": max((c.score for c in answer.citations), default=0.0),
    }


def summarise(rows: list[dict], threshold: float) -> str:
    answerable = [r for r in rows if not r["unanswerable"]]
    declined = [r for r in rows if r["best"] < threshold]
    right = sum(1 for r in answerable if r["correct"] and r["best"] >= threshold)
    true_declines = sum(1 for r in declined if r["unanswerable"])
    unanswerable = sum(1 for r in rows if r["unanswerable"])
    precision = true_declines / len(declined) if declined else 1.0
    recall = true_declines / unanswerable if unanswerable else 1.0
    return f"{threshold:9.2f}  {right:3d}/{len(answerable):<4d}  {precision:9.2f}  {recall:9.2f}"


if __name__ == "__main__":
    main()
