"""Twenty clients at once, each asking a bundled question, all get correct, cited answers."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import LiveServer

from assistant.cite import extract
from assistant.evaluate.metrics import answer_is_correct
from assistant.service import Assistant
from assistant.types import Answer

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "seeds.jsonl"
CLIENTS = 20


@pytest.fixture(scope="module")
def bundled_questions(seeded: Assistant) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Single-turn factoid and numeric items of the bundled eval set that the assistant
    answers correctly when asked alone, each with that answer (as JSON)."""
    items = [json.loads(line) for line in DATASET.read_text().splitlines() if line.strip()]
    chosen = []
    for item in items:
        if item["kind"] not in {"factoid", "numeric"} or item.get("turns"):
            continue
        answer = seeded.ask(item["question"])
        if answer_is_correct(answer, item["answers"], require_all=item.get("all", False)):
            chosen.append((item, answer.model_dump(mode="json")))
        if len(chosen) == 10:
            break
    assert len(chosen) >= 5, "fewer than 5 bundled questions are answered correctly"
    return chosen


def test_twenty_concurrent_clients_get_correct_cited_answers(
    server: LiveServer, bundled_questions: list[tuple[dict[str, Any], dict[str, Any]]]
) -> None:
    start = threading.Barrier(CLIENTS)

    def one_client(n: int) -> tuple[dict[str, Any], dict[str, Any], httpx.Response]:
        item, alone = bundled_questions[n % len(bundled_questions)]
        with server.client() as http:
            start.wait(timeout=30)  # every client sends at the same moment
            return item, alone, http.post("/api/v1/ask", json={"question": item["question"]})

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(one_client, range(CLIENTS)))

    assert len(results) == CLIENTS
    for item, alone, response in results:
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["question"] == item["question"]
        answer = Answer.model_validate(body)
        assert answer_is_correct(answer, item["answers"], require_all=item.get("all", False)), (
            item["id"],
            body["answer"],
        )
        assert body["citations"], item["id"]
        assert set(extract(body["answer"])) == {c["marker"] for c in body["citations"]}
        # Concurrency changes nothing: the same answer and spans as when asked alone.
        assert body["answer"] == alone["answer"] and body["citations"] == alone["citations"]
