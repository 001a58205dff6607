"""Train the reader's two models on a dev set, and show what each decline threshold gives.

Every candidate the reader considers for a dev question is described by the features of
``assistant.read.extract.FEATURES`` and labelled by whether it matches one of the item's
answers. The ranking model is a conditional logit (a softmax over each question's candidates,
fitted on the questions that have a right candidate); the acceptance model is a logistic
regression on the best candidate of every question (unanswerable ones included), labelled by
whether that candidate is right. Both have an L2 penalty and are fitted by Newton's method.
``--write`` stores the weights in ``assistant/read/weights.py``. Tune on dev only; report on
the test set with ``assistant eval``.

    ASSISTANT_DATA_DIR=<store holding the dev articles> \\
        python benchmarks/train_reader.py evals/datasets/news-dev.jsonl [--write]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.evaluate.dataset import EvalItem, load_dataset
from assistant.evaluate.metrics import contains_alias, is_correct
from assistant.language import Annotation
from assistant.read import QuestionFrame, Reader
from assistant.read import weights as trained
from assistant.read.evidence import gather
from assistant.read.extract import (
    ACCEPTANCE,
    FEATURES,
    Candidate,
    acceptance_features,
    candidates,
)
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
    parser.add_argument("--l2", type=float, default=L2, help="penalty of both models")
    parser.add_argument(
        "--cv", type=int, default=0, help="also show K-fold cross-validated figures"
    )
    args = parser.parse_args()
    assistant = Assistant(load_settings())
    cases = [case(assistant, item) for path in args.datasets for item in load_dataset(path)]
    phrase = sum(1 for c in cases if c.item.answerable and c.frame.wants_phrase)
    reachable = sum(1 for c in cases if group(c) is not None)
    print(f"{phrase} answerable questions ask for a phrase; {reachable} have a right candidate")
    rank, accept = fit(cases, args.l2)
    report("ranking", FEATURES, rank)
    report("acceptance", ACCEPTANCE, accept)
    print("\nfitted on all of it:")
    table([evaluate(assistant, cases, rank, accept, t) for t in THRESHOLDS])
    if args.cv:
        print(f"\n{args.cv}-fold cross-validated (each fold read by models fitted on the rest):")
        totals = [np.zeros(5) for _ in THRESHOLDS]
        for fold in range(args.cv):
            train = [c for i, c in enumerate(cases) if i % args.cv != fold]
            held = [c for i, c in enumerate(cases) if i % args.cv == fold]
            r, a = fit(train, args.l2)
            for i, t in enumerate(THRESHOLDS):
                totals[i] += evaluate(assistant, held, r, a, t)
        table(totals)
    if args.write:
        write(rank, accept)


THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def fit(cases: list[Case], l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Both models, fitted on these cases: ranking first, then acceptance over its choices."""
    groups = [g for g in (group(c) for c in cases) if g is not None]
    rank = fit_ranking(groups, l2)
    with weights_in_use(rank=tuple(rank)):
        accept = fit_logistic(*acceptance_examples(cases), l2)
    return rank, accept


def case(assistant: Assistant, item: EvalItem) -> Case:
    history: list[Turn] = []
    for question in item.turns:
        answer = assistant.ask(question, history=history)
        history.append(Turn(question=question, answer=answer.answer))
    standalone = assistant.rewrite(item.question, history)
    frame = assistant.reader.analyse(standalone)
    chunks = assistant.retriever.retrieve(standalone, list(frame.lemmas))
    sources = [c.source for c in chunks]
    articles = assistant.store.annotated(
        sources, lambda a: assistant.annotator.annotate(a.text, a.body_start)
    )
    return Case(item, frame, chunks, articles)


def found(c: Case) -> list[Candidate]:
    if not c.frame.wants_phrase:
        return []
    return candidates(c.frame, gather(c.frame, c.chunks, c.articles))


def group(c: Case) -> tuple[np.ndarray, np.ndarray] | None:
    """A question's candidates and which are right, if any is."""
    cands = found(c)
    labels = np.asarray([_matches(x.text, right_answers(c.item)) for x in cands], dtype=float)
    if not labels.any():
        return None
    return np.asarray([x.features for x in cands], dtype=float), labels


def fit_ranking(groups: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Conditional logit: maximise the softmax share of the right candidates, per question."""
    w = np.zeros(groups[0][0].shape[1])
    for _ in range(NEWTON_STEPS):
        gradient = l2 * w
        hessian = l2 * np.eye(len(w))
        for x, y in groups:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            target = y / y.sum()
            gradient += x.T @ (p - target) / len(groups)
            hessian += (x.T * p) @ x / len(groups) - np.outer(x.T @ p, x.T @ p) / len(groups)
        w -= np.linalg.solve(hessian + 1e-9 * np.eye(len(w)), gradient)
    return w


def acceptance_examples(cases: list[Case]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for c in cases:
        cands = found(c)
        if cands:
            rows.append(acceptance_features(c.frame, cands))
            labels.append(float(_matches(cands[0].text, right_answers(c.item))))
    return np.asarray(rows, dtype=float), np.asarray(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(x.shape[1] - 1)])
    for _ in range(NEWTON_STEPS):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) / len(y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x / len(y) + penalty + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


@contextmanager
def weights_in_use(**weights: tuple[float, ...]) -> Iterator[None]:
    """Run the reader with these weights for a while (``rank=``, ``accept=``)."""
    saved = {name: getattr(trained, name.upper()) for name in weights}
    for name, value in weights.items():
        setattr(trained, name.upper(), value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(trained, name.upper(), value)


def report(name: str, names: tuple[str, ...], weights: np.ndarray) -> None:
    print(f"{name} weights:")
    for feature, value in zip(names, weights, strict=True):
        print(f"  {feature:18} {value:+.3f}")


def evaluate(
    assistant: Assistant,
    cases: list[Case],
    rank: np.ndarray,
    accept: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """Counts: right answers, answerable items, declined unanswerable ones, unanswerable
    items, declines."""
    settings = assistant.settings.reader.model_copy(update={"min_answer": threshold})
    reader = Reader(assistant.annotator, assistant.store.lexical, settings)
    counts = np.zeros(5)
    with weights_in_use(rank=tuple(rank), accept=tuple(accept)):
        for c in cases:
            reading = reader.read(c.frame, c.chunks, c.articles)
            counts[4] += reading.abstained
            if c.item.unanswerable:
                counts[3] += 1
                counts[2] += reading.abstained
            elif c.item.answerable:
                counts[1] += 1
                if not reading.abstained:
                    stated = reading.short_answer or assistant.offline.compose(reading)
                    cited = [p.text for p in reading.passages]
                    aliases = c.item.answers or []
                    counts[0] += is_correct(stated, cited, aliases, require_all=c.item.all)
    return counts


def table(rows: list[np.ndarray]) -> None:
    print("  min_answer  answered-right  unanswerable-declined  decline-precision")
    for threshold, (right, answerable, declined, unanswerable, declines) in zip(
        THRESHOLDS, rows, strict=True
    ):
        print(
            f"  {threshold:<10}  {right / max(answerable, 1):<14.3f}  "
            f"{declined / max(unanswerable, 1):<21.3f}  {declined / max(declines, 1):.3f}"
        )


def write(rank: np.ndarray, accept: np.ndarray) -> None:
    def table(names: tuple[str, ...], values: np.ndarray) -> str:
        return "".join(f"    {v:.4f},  # {n}\n" for n, v in zip(names, values, strict=True))

    text = WEIGHTS_FILE.read_text(encoding="utf-8")
    head = text[: text.index("RANK = ")]
    body = f"RANK = (\n{table(FEATURES, rank)})\n\nACCEPT = (\n{table(ACCEPTANCE, accept)})\n"
    WEIGHTS_FILE.write_text(head + body, encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE}")


def right_answers(item: EvalItem) -> list[str]:
    """What a right candidate may say: the answers, or for a conflict item any of the values
    the outlets give (each is a right answer; the disagreement is judged by the eval)."""
    return item.answers or [alias for value in item.values or [] for alias in value]


def _matches(text: str, aliases: list[str]) -> bool:
    return any(contains_alias(text, a) or contains_alias(a, text) for a in aliases)


if __name__ == "__main__":
    main()
