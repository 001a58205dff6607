"""Warm `ask` latency over an existing store: p50/p95/max and the mean time of each stage.

    ASSISTANT_DATA_DIR=<store> python benchmarks/ask_latency.py evals/datasets/news-dev.jsonl ...

Every question of the datasets is asked once (follow-ups with their earlier turns, which are
not timed), after one warm-up question. Prints a table; nothing is written.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.evaluate.dataset import load_dataset
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.types import Turn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    assistant = Assistant(load_settings())
    items = [item for path in args.datasets for item in load_dataset(path)]
    assistant.ask(items[0].question)
    print(
        f"load + first question: {time.perf_counter() - started:.2f} s; "
        f"{assistant.store.count()} chunks in the store"
    )
    totals: list[float] = []
    stages: dict[str, list[float]] = {}
    for item in items:
        history: list[Turn] = []
        for question in item.turns:
            answer = assistant.ask(question, history=history)
            history.append(Turn(question=question, answer=answer.answer))
        answer = assistant.ask(item.question, history=history)
        for stage, ms in answer.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
        totals.append(answer.timings_ms["total"])
    ordered = sorted(totals)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"warm ask over {len(totals)} questions: p50 {statistics.median(totals):.0f} ms, "
        f"p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"
    )
    for stage, values in stages.items():
        print(f"  {stage:10} mean {statistics.fmean(values):7.1f} ms")


if __name__ == "__main__":
    main()
