"""Time to the first streamed token and to the complete answer, measured in the browser.

Each run opens the page fresh and asks as soon as the question box is ready. The page itself
records ``performance.now()`` (milliseconds since navigation started) when the question box
appears, when Enter is pressed, when the first answer text is on screen and when the final
answer (with its chips) is. The figures go to test-artifacts/ui/latency.json. The server is
shared with the other browser tests; run this file alone to see a first run on a cold server:

    python -m pytest tests/ui/test_ui_latency.py -s
"""

from __future__ import annotations

import json
import statistics
from typing import Any

import pytest
from playwright.sync_api import Browser
from ui_support import ARTIFACTS, KHARKIV_QUESTION, ask, open_ui

from assistant.service import Assistant

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RUNS = 4
# Installed before the page's own scripts; marks each moment once, on the page's clock.
RECORDER = """
window.__uiTimings = {};
const mark = (name) => {
  if (!(name in window.__uiTimings)) window.__uiTimings[name] = performance.now();
};
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.closest && event.target.closest("#question")) {
    mark("submit");
  }
}, true);
new MutationObserver(() => {
  if (document.querySelector("#question textarea")) mark("ready");
  if (document.querySelector("#chat .qa-answer--streaming, #chat .qa-answer--final")) {
    mark("first_token");
  }
  if (document.querySelector("#chat .qa-answer--final .cite-chip")) mark("complete");
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


def measure(browser: Browser, url: str) -> dict[str, float]:
    """One fresh page: ask the question as soon as the page is ready; return the moments."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(RECORDER)
        open_ui(page, url)
        ask(page, KHARKIV_QUESTION)
        page.locator("#chat .qa-answer--final .cite-chip").first.wait_for()
        marks: dict[str, float] = page.evaluate("window.__uiTimings")
    finally:
        context.close()
    return {
        "page_ready_ms": marks["ready"],
        "load_to_first_token_ms": marks["first_token"],
        "load_to_complete_ms": marks["complete"],
        "submit_to_first_token_ms": marks["first_token"] - marks["submit"],
        "submit_to_complete_ms": marks["complete"] - marks["submit"],
    }


def summarise(runs: list[dict[str, float]]) -> dict[str, Any]:
    warm = runs[1:]
    return {
        "question": KHARKIV_QUESTION,
        "first_run": {k: round(v) for k, v in runs[0].items()},
        "warm_median": {k: round(statistics.median(r[k] for r in warm)) for k in runs[0]},
        "runs": [{k: round(v) for k, v in run.items()} for run in runs],
    }


def record(name: str, figures: dict[str, Any]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "latency.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[name] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{name}: {json.dumps(figures, indent=2)}")


def check(runs: list[dict[str, float]]) -> None:
    for run in runs:
        assert run["page_ready_ms"] < run["load_to_first_token_ms"] <= run["load_to_complete_ms"]
        assert 0 < run["submit_to_first_token_ms"] <= run["submit_to_complete_ms"] < 15_000


def test_extractive_answer_timings(browser: Browser, ui_url: str) -> None:
    runs = [measure(browser, ui_url) for _ in range(RUNS)]
    check(runs)
    record("extractive", summarise(runs))


def test_streamed_llm_answer_timings(
    browser: Browser, ui_url: str, ui_assistant: Assistant, fake_llm: Any
) -> None:
    """With the LLM backend (the fake OpenAI server, 40 ms between words) the first words show
    well before the answer is complete."""
    reply = (
        "Vitaly Ganchev is the head of Russia’s administration in the occupied parts of "
        "Kharkiv. [1-6]"
    )
    fake_llm.reset()
    ui_assistant.set_answer_backend("openai")
    try:
        runs = []
        for _ in range(RUNS):
            fake_llm.reply(reply, piece_delay=0.04)
            runs.append(measure(browser, ui_url))
    finally:
        ui_assistant.set_answer_backend("extractive")
    check(runs)
    words = len(reply.split())
    for run in runs:  # the stream took (words - 1) pauses; the page showed it growing
        gap = run["submit_to_complete_ms"] - run["submit_to_first_token_ms"]
        assert gap > 0.5 * (words - 1) * 40
    record("openai_fake_llm_40ms_per_word", summarise(runs))
