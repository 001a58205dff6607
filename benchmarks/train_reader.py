"""Train the reader's candidate model on a dev set, and pick its decline threshold.

Every candidate the reader considers for every dev question is described by the features of
``assistant.read.extract.FEATURES`` and labelled by whether it matches one of the item's
answers (unanswerable items give only wrong candidates). A logistic regression with an L2
penalty is fitted with plain gradient descent; then the reader is run over the dev set at
several thresholds and the table printed. ``--write`` stores the weights in
``assistant/read/weights.py``. Tune on dev only; report on the test set with ``assistant eval``.

    ASSISTANT_DATA_DIR=<store holding the dev articles> \\
        python benchmarks/train_reader.py evals/datasets/news-dev.jsonl [--write]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.evaluate.dataset import EvalItem, load_dataset
from assistant.evaluate.metrics import contains_alias, is_correct
from assistant.language import Annotation
from assistant.read import QuestionFrame, Reader
from assistant.read.evidence import gather
from assistant.read.extract import FEATURES, candidates
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.types import Article, Passage, Turn

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "assistant" / "read" / "weights.py"
L2 = 0.001
NEWTON_STEPS = 25


@dataclass
class Case:
    item: EvalItem
    frame: QuestionFrame
    chunks: list[Passage]
    articles: dict[str, tuple[Article, Annotation]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="write assistant/read/weights.py")
    args = parser.parse_args()
    assistant = Assistant(load_settings())
    cases = [case(assistant, item) for path in args.datasets for item in load_dataset(path)]
    x, y = examples(cases)
    weights = fit(x, y)
    print(f"{len(y)} candidates, {int(y.sum())} right; weights:")
    for name, value in zip(FEATURES, weights, strict=True):
        print(f"  {name:18} {value:+.3f}")
    print("\nmin_answer  answered-right  unanswerable-declined  decline-precision")
    for threshold in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        print(f"  {threshold:<9} " + evaluate(assistant, cases, threshold, tuple(weights)))
    if args.write:
        write(weights)


def case(assistant: Assistant, item: EvalItem) -> Case:
    history: list[Turn] = []
    for question in item.turns:
        answer = assistant.ask(question, history=history)
        history.append(Turn(question=question, answer=answer.answer))
    standalone = assistant.rewrite(item.question, history)
    frame = assistant.reader.analyse(standalone)
    chunks = assistant.retriever.retrieve(standalone, list(frame.lemmas))
    return Case(item, frame, chunks, assistant.store.annotated([c.source for c in chunks]))


def examples(cases: list[Case]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for c in cases:
        if not c.frame.wants_phrase:
            continue
        for candidate in candidates(c.frame, gather(c.frame, c.chunks, c.articles)):
            rows.append(candidate.features)
            labels.append(float(_matches(candidate.text, c.item.answers or [])))
    return np.asarray(rows, dtype=np.float64), np.asarray(labels)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = L2 * np.diag(np.r_[0.0, np.ones(x.shape[1] - 1)])
    for _ in range(NEWTON_STEPS):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) / len(y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x / len(y) + penalty + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def evaluate(
    assistant: Assistant, cases: list[Case], threshold: float, weights: tuple[float, ...]
) -> str:
    from assistant.read import weights as trained

    saved = trained.CANDIDATE
    trained.CANDIDATE = weights
    try:
        settings = assistant.settings.reader.model_copy(update={"min_answer": threshold})
        reader = Reader(assistant.annotator, assistant.store.lexical, settings)
        right = answerable = declined = unanswerable = declines = 0
        for c in cases:
            reading = reader.read(c.frame, c.chunks, c.articles)
            declines += reading.abstained
            if c.item.unanswerable:
                unanswerable += 1
                declined += reading.abstained
            elif c.item.answerable:
                answerable += 1
                text = assistant.offline.compose(reading)
                right += is_correct(
                    text, reading.abstained, c.item.answers or [], require_all=c.item.all
                )
    finally:
        trained.CANDIDATE = saved
    return (
        f"{right / max(answerable, 1):.3f}           {declined / max(unanswerable, 1):.3f}"
        f"                  {declined / max(declines, 1):.3f}"
    )


def write(weights: np.ndarray) -> None:
    values = "".join(f"    {v:.4f},  # {name}\n" for name, v in zip(FEATURES, weights, strict=True))
    text = WEIGHTS_FILE.read_text(encoding="utf-8")
    head = text[: text.index("CANDIDATE = ")]
    WEIGHTS_FILE.write_text(f"{head}CANDIDATE = (\n{values})\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE}")


def _matches(text: str, aliases: list[str]) -> bool:
    return any(contains_alias(text, a) or contains_alias(a, text) for a in aliases)


if __name__ == "__main__":
    main()
