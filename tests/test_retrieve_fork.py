"""A one-shot `assistant ask` searches in a forked process while it parses the question:
the answer is the one an in-process search gives, and a child that dies leaves the search to
the parent."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from assistant.retrieve_fork import ForkedSearch
from assistant.service import Assistant
from tests.conftest import run_cli

QUESTIONS = [
    "Who is the head of Russia's administration in occupied Kharkiv?",
    "How much new military aid did Washington announce?",
    "What is the population of Balakliia?",
]


@pytest.mark.integration
@pytest.mark.parametrize("question", QUESTIONS)
def test_the_forked_search_gives_the_answer_an_in_process_search_gives(
    seeded: Assistant, question: str
) -> None:
    env = {"ASSISTANT_DATA_DIR": str(seeded.settings.data.dir)}
    run = run_cli("ask", "--json", question, env=env)
    assert run.returncode == 0, run.stderr
    forked = json.loads(run.stdout)
    here = seeded.ask(question)
    assert forked["answer"] == here.answer
    assert [c["start"] for c in forked["citations"]] == [c.start for c in here.citations]


@pytest.mark.integration
def test_a_child_that_dies_leaves_the_search_to_this_process(
    make_assistant: Callable[..., Assistant],
) -> None:
    assistant = make_assistant()
    assistant.ingest()
    expected = assistant.ask(QUESTIONS[0])
    ahead = ForkedSearch.start(assistant.settings, QUESTIONS[0], None, None)
    assert ahead is not None
    ahead._process.kill()  # as if it crashed before answering
    assistant._ahead = ahead
    answer = assistant.ask(QUESTIONS[0])
    assert answer.answer == expected.answer
    assert assistant._ahead is None


@pytest.mark.integration
def test_an_empty_store_is_not_searched_ahead(make_assistant: Callable[..., Assistant]) -> None:
    assistant = make_assistant()
    assert not assistant.search_ahead(QUESTIONS[0], None, None)
    assert assistant._ahead is None


@pytest.mark.integration
def test_a_process_that_opened_the_vectors_does_not_fork(
    make_assistant: Callable[..., Assistant],
) -> None:
    # The first `assistant ask` on a fresh checkout ingests, then asks: a child forked after
    # Chroma is open inherits its native threads' locks and hangs.
    assistant = make_assistant()
    assistant.ingest()
    assert assistant.store.vectors_opened
    assert not assistant.search_ahead(QUESTIONS[0], None, None)
    assert assistant._ahead is None
