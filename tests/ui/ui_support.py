"""Shared by the UI tests: the fake OpenAI server of tests/llm, articles of our own, paths."""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.evaluate.dataset import load_dataset

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from assistant.read import Reading
    from assistant.service import Assistant
    from assistant.types import Answer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
"""Screenshots and measured figures (git-ignored)."""

KHARKIV_QUESTION = "Who is the head of Russia's administration in occupied Kharkiv?"
UNANSWERABLE_QUESTION = "What is the capital of Australia?"

HARBOUR_NAME = "harbour.txt"
HARBOUR = (
    b"Port Elwin lighthouse reopens\n\n"
    b"The old harbour lighthouse in Port Elwin reopened on Saturday after a two-year "
    b"restoration costing 3.4 million euros. The keeper, Mara Olsen, lit the lamp at dusk "
    b"in front of about four hundred residents.\n"
)
HARBOUR_QUESTION = "How much did the restoration of the Port Elwin lighthouse cost?"

LONG_NAME = "orsava-chronicle.txt"
_SEASON = [
    f"In week {week} the market square of Lindau-on-Orsava held {20 + week} stalls of "
    f"{goods}, and the town band played on the terrace until late in the evening."
    for week, goods in enumerate(
        ["apples", "cheese", "wool", "honey", "pottery", "bread", "lanterns", "plums"] * 4,
        start=1,
    )
]
LONG_ARTICLE = (
    "Orsava valley chronicle\n\n"
    + "\n\n".join(_SEASON[:26])
    + "\n\nThe new footbridge over the Orsava river was designed by the engineer Ilse "
    "Brandvold, who also drew the town's covered railway platform.\n\n"
    + "\n\n".join(_SEASON[26:])
    + "\n"
).encode()
"""An article whose cited sentence lies deep inside it, far below its opening lines."""
LONG_QUESTION = "Who designed the new footbridge over the Orsava river?"

HOSTILE_NAME = "hostile.md"
HOSTILE_TITLE = "Quillon notes <script>window.__pwned = 'title'</script>"
HOSTILE = (
    f"# {HOSTILE_TITLE}\n\n"
    "The Quillon ferry captain pinned <script>window.__pwned = 'body'</script> to the harbour "
    "noticeboard together with ![tracker](http://127.0.0.1:9/pixel.png) and "
    "<img src=x onerror=\"window.__pwned = 'img'\"> every single morning.\n\n"
    "Ferries to Quillon leave twice a day in winter.\n"
).encode()
HOSTILE_QUESTION = "What did the Quillon ferry captain pin to the harbour noticeboard?"


SEED_QUESTIONS = ROOT / "evals" / "datasets" / "seeds.jsonl"
"""Questions about the bundled articles, to pick examples from by what the service does."""


def read_and_answered(assistant: Assistant, question: str) -> tuple[Reading, Answer]:
    """Ask the service ``question``, and what its offline reader made of it (for a question
    that asks two things, the parts' readings joined, as the answer was written from)."""
    readings: list[Reading] = []
    find = assistant._find_parts

    def recording(*args: Any, **kwargs: Any) -> Any:
        found, note = find(*args, **kwargs)
        readings.append(found.reading)
        return found, note

    assistant._find_parts = recording  # type: ignore[method-assign]
    try:
        answer = assistant.ask(question)
    finally:
        del assistant._find_parts  # the class's method again
    return readings[-1], answer


def seed_readings(assistant: Assistant) -> Iterator[tuple[str, Reading, Answer]]:
    """The bundled questions that stand alone, with the reader's reading and the answer."""
    for item in load_dataset(SEED_QUESTIONS):
        if not item.turns:
            yield (item.question, *read_and_answered(assistant, item.question))


def as_from_a_terminal() -> None:
    """``preexec_fn`` for an `assistant ui` process that a test stops with Ctrl+C (SIGINT): a
    process started in the background by a shell without job control inherits SIGINT
    ignored, and Python then never raises KeyboardInterrupt; from a terminal it is not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot of the page as a test artifact under test-artifacts/ui/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_ui(page: Page, url: str) -> None:
    """Load the page and wait until the question box takes input."""
    page.goto(url)
    page.locator("#question textarea").wait_for(state="visible")


def ask(page: Page, question: str) -> None:
    """Type a question and send it with Enter, as a user does."""
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


class GatedEmbedder:
    """The real embedder; once ``armed``, every batch of passages after the first waits for
    ``gate`` (at most ``wait_s``), so an ingest is caught half-way; a question's single
    text never waits."""

    def __init__(self, inner: Any, wait_s: float = 180) -> None:
        self.inner = inner
        self.wait_s = wait_s
        self.armed = False
        self.batches = 0
        self.gate = threading.Event()

    def embed(self, texts: list[str]) -> Any:
        if self.armed and len(texts) > 1:
            self.batches += 1
            if self.batches > 1:
                self.gate.wait(self.wait_s)
        return self.inner.embed(texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
