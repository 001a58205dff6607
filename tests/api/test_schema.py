"""Schemathesis against the published OpenAPI schema of a live server: generated requests,
valid and invalid, never get a 5xx, and every response matches the schema.

Bounded: a few examples per operation and mode, a deadline per example. (The pytest plugin's
lazy ``from_fixture`` loader does not run under pytest 9, so the test drives each operation's
hypothesis strategy itself.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from api_support import LIGHTHOUSE, LiveServer
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error, positive_data_acceptance

from assistant.api import create_app
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.service import Assistant
from assistant.settings import load_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES = 6
DEADLINE_MS = 10_000
# Rules a JSON schema cannot state, so schema-valid requests may rightly get a 4xx: an
# upload's file type and content, "the last message is the user's", and a filter's outlet
# being one the stored articles are from and its dates being dates (ask and timeline).
SEMANTIC_RULES = {
    "POST /api/v1/documents",
    "POST /v1/chat/completions",
    "POST /api/v1/ask",
    "POST /api/v1/ask/stream",
    "POST /api/v1/timeline",
}


@pytest.fixture(scope="module")
def fuzzed_server(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder
) -> Iterator[LiveServer]:
    """A server over a store of its own (the fuzzer uploads and deletes articles)."""
    data = tmp_path_factory.mktemp("fuzzed") / "data"
    assistant = Assistant(load_settings(data={"dir": data}), embedder=embedder)
    assistant.ingest_uploads([("lighthouse.md", LIGHTHOUSE)])
    with LiveServer(create_app(assistant, assistant.settings)) as live:
        yield live


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_no_5xx(fuzzed_server: LiveServer, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzzed_server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures: list[str] = []
    for operation in operations:
        try:
            exercise(operation, mode, fuzzed_server.url)
        except Unsatisfiable:
            continue  # no invalid request exists (e.g. GET /healthz takes no input)
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def exercise(operation: APIOperation, mode: GenerationMode, base_url: str) -> None:
    """Send a few generated requests for one operation; raise on the first failed check.

    Valid requests get every default check (status codes, response schemas, content types,
    acceptance); invalid ones must simply not break the server.
    """
    checks = None if mode is GenerationMode.POSITIVE else [not_a_server_error]
    excluded = [positive_data_acceptance] if operation.label in SEMANTIC_RULES else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=DEADLINE_MS,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(
            base_url=base_url, checks=checks, excluded_checks=excluded, timeout=30
        )

    run()
