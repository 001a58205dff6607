"""Run a dataset through the same ``Assistant`` users get, and score every answer.

Single questions go through ``Assistant.ask``; follow-ups through a chat session, their
earlier turns asked first in the same conversation, so the follow-up rewrite is exercised.
Retrieval is scored by retrieving again for the answer's standalone question (retrieval is
deterministic, so these are the chunks the answer was built from).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from assistant.evaluate.dataset import EvalItem
from assistant.evaluate.judge import Judge
from assistant.evaluate.results import ItemOutcome, RunResult, summarise, summarise_kinds
from assistant.evaluate.scoring import score_item
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.service import Assistant

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, item_id)`` after each item."""


class EvalRunner:
    """Answers and scores eval items with one assistant and one support judge."""

    def __init__(self, assistant: Assistant, judge: Judge) -> None:
        self._assistant = assistant
        self._judge = judge
        self._texts: dict[str, str | None] = {}

    def run(
        self, items: list[EvalItem], *, dataset: str, progress: Progress | None = None
    ) -> RunResult:
        """Every item answered and scored, the metrics over them, and what produced them."""
        started = time.perf_counter()
        # Build the BM25 index and load the model before the first timed question, so that
        # per-item latency measures answering, not start-up (wall time still includes it).
        self._assistant.retrieve(items[0].question if items else "warm-up")
        outcomes: list[ItemOutcome] = []
        for done, item in enumerate(items, start=1):
            outcomes.append(self.run_item(item))
            if progress:
                progress(done, len(items), item.id)
        wall = time.perf_counter() - started
        settings = self._assistant.settings
        return RunResult(
            dataset=dataset,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            settings_hash=settings.fingerprint(),
            answer_backend=self._assistant.answerer.name,
            judge=self._judge.name,
            top_k=settings.retrieval.top_k,
            metrics=summarise(outcomes, round(wall, 3)),
            items=outcomes,
            kinds=summarise_kinds(outcomes),
        )

    def run_item(self, item: EvalItem) -> ItemOutcome:
        """Ask the item (its earlier turns first), then score the answer."""
        answer, latency_ms = self._answer(item)
        retrieved = self._assistant.retrieve(answer.standalone_question, filters=item.filters)
        return score_item(
            item,
            answer,
            retrieved,
            latency_ms=latency_ms,
            article_text=self.article_text,
            judge=self._judge,
        )

    def article_text(self, source: str) -> str | None:
        """The stored text of an article (what citation offsets point into), cached."""
        if source not in self._texts:
            article = self._assistant.article(source)
            self._texts[source] = article.text if article else None
        return self._texts[source]

    def _answer(self, item: EvalItem) -> tuple[Answer, float]:
        if not item.turns:
            started = time.perf_counter()
            answer = self._assistant.ask(item.question, filters=item.filters)
            return answer, (time.perf_counter() - started) * 1000
        session = self._assistant.chat()
        for turn in item.turns:
            session.ask(turn)
        started = time.perf_counter()
        answer = session.ask(item.question, filters=item.filters)
        return answer, (time.perf_counter() - started) * 1000
