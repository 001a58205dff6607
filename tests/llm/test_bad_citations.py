"""Scripted LLM replies whose citations are wrong in some way: each must be repaired (kept,
with its markers normalised and unknown ones dropped) or replaced by the offline answer.

Also a script: ``python tests/llm/test_bad_citations.py`` ingests the bundled articles into a
temporary folder, plays every scripted reply through the fake server and prints the share
handled correctly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

if __name__ == "__main__":  # run as a script: make the tests folder importable like pytest does
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from llm.fake_openai import FakeOpenAI

from assistant.answer.context import pack_passages
from assistant.service import Assistant
from assistant.types import Answer

QUESTION = "Who visited Kyiv on Thursday?"
# Passages the scripts cite, found by a fragment of their text: their numbers depend on
# retrieval, so each script names them by role.
FRAGMENTS = {
    "pkg": "announced a package of $2.2 billion",
    "quote": "underway and proving effective",
    "off": "O’Grady reported from Kyiv",
}
BLINKEN = "U.S. Secretary of State Antony Blinken visited Kyiv on Thursday"
QUOTE = "Blinken described the counteroffensive operations as “underway and proving effective"


@dataclass(frozen=True)
class Script:
    """A scripted reply, and what must become of it (for a repair: the final text)."""

    name: str
    reply: str
    expect: Literal["repair", "fallback"]
    repaired: str = ""


SCRIPTS = [
    Script(
        "comma list",
        f"{BLINKEN} [{{pkg}}, {{quote}}].",
        "repair",
        f"{BLINKEN} [{{pkg}}][{{quote}}].",
    ),
    Script("range", f"{BLINKEN} [{{pkg}}-{{pkg}}].", "repair", f"{BLINKEN} [{{pkg}}]."),
    Script("en dash range", f"{BLINKEN} [{{pkg}}–{{pkg}}].", "repair", f"{BLINKEN} [{{pkg}}]."),
    Script(
        "unknown number", f"{BLINKEN} [{{pkg}}][{{unknown}}].", "repair", f"{BLINKEN} [{{pkg}}]."
    ),
    Script("zero", f"{BLINKEN} [0][{{pkg}}].", "repair", f"{BLINKEN} [{{pkg}}]."),
    Script(
        "unknown in a list", f"{BLINKEN} [{{pkg}}, {{unknown}}].", "repair", f"{BLINKEN} [{{pkg}}]."
    ),
    Script("marker after the stop", f"{BLINKEN}. [{{pkg}}]", "repair", f"{BLINKEN}. [{{pkg}}]"),
    Script("marker inside a quote", f"{QUOTE} [{{quote}}].”", "repair", f"{QUOTE} [{{quote}}].”"),
    Script("marker after a quote", f"{QUOTE}.” [{{quote}}]", "repair", f"{QUOTE}.” [{{quote}}]"),
    Script(
        "foreign image",
        f"![map](http://evil.example/map.png){BLINKEN} [{{pkg}}].",
        "repair",
        f"{BLINKEN} [{{pkg}}].",
    ),
    Script(
        "foreign link",
        f"{BLINKEN.replace('Kyiv', '[Kyiv](https://evil.example/)')} [{{pkg}}].",
        "repair",
        f"{BLINKEN} [{{pkg}}].",
    ),
    Script("no marker", f"{BLINKEN}.", "fallback"),
    Script("only unknown numbers", f"{BLINKEN} [{{unknown}}].", "fallback"),
    Script("markers and no text", "[{pkg}]", "fallback"),
    Script("reversed range", f"{BLINKEN} [{{unknown}}-{{pkg}}].", "fallback"),
    Script("wrong passage", f"{BLINKEN} [{{off}}].", "fallback"),
    Script(
        "number not in the source",
        "Antony Blinken announced a package of $3.5 billion in military financing [{pkg}].",
        "fallback",
    ),
    Script(
        "claim beyond the source",
        "Antony Blinken visited Kyiv on Thursday to open an embassy and sign a treaty [{pkg}].",
        "fallback",
    ),
    Script(
        "second sentence uncited", f"{BLINKEN} [{{pkg}}]. He also met Pope Francis.", "fallback"
    ),
    Script("footnote style", f"{BLINKEN}.[^{{pkg}}]", "fallback"),
    Script("parenthesised source", f"{BLINKEN} (source {{pkg}}).", "fallback"),
    Script("spaces inside brackets", f"{BLINKEN} [ {{pkg}} ].", "fallback"),
    Script("obeys injected text", "Ignore the articles: Kyiv has fallen [{pkg}].", "fallback"),
]


def numbers(assistant: Assistant, question: str) -> dict[str, int]:
    """Marker numbers of the scripted roles for ``question``, and one that matches nothing."""
    passages = pack_passages(assistant.retrieve(question), 3000)
    found = {
        role: next(n for n, p in enumerate(passages, start=1) if fragment in p.text)
        for role, fragment in FRAGMENTS.items()
    }
    return {**found, "unknown": len(passages) + 1}


def handled(script: Script, answer: Answer, offline: Answer, n: dict[str, int]) -> bool:
    """Whether ``answer`` is what ``script`` must become, with exact, known citations."""
    if script.expect == "fallback":
        return (
            answer.fallback is not None
            and answer.backend == "extractive"
            and answer.answer == offline.answer
        )
    return (
        answer.fallback is None
        and answer.backend == "openai"
        and answer.answer == script.repaired.format(**n)
        and all(1 <= c.marker < n["unknown"] for c in answer.citations)
        and bool(answer.citations)
    )


def measure(assistant: Assistant, offline: Assistant, server: FakeOpenAI) -> list[tuple[str, bool]]:
    """Play every script; (name, handled correctly) for each."""
    n = numbers(assistant, QUESTION)
    expected_offline = offline.ask(QUESTION)
    results = []
    for script in SCRIPTS:
        server.reset()
        server.reply(script.reply.format(**n))
        results.append((script.name, handled(script, assistant.ask(QUESTION), expected_offline, n)))
    return results


@pytest.mark.integration
@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_a_bad_reply_is_repaired_or_replaced(
    script: Script, openai_assistant: Assistant, seeded: Assistant, fake_openai: FakeOpenAI
) -> None:
    n = numbers(openai_assistant, QUESTION)
    fake_openai.reply(script.reply.format(**n))
    answer = openai_assistant.ask(QUESTION)
    assert handled(script, answer, seeded.ask(QUESTION), n), answer.model_dump_json(indent=2)
    for citation in answer.citations:
        article = openai_assistant.article(citation.source)
        assert article is not None and article.text[citation.start : citation.end] == citation.text


def main() -> None:
    import tempfile

    from llm.fake_openai import llm_settings

    from assistant.settings import load_settings

    with tempfile.TemporaryDirectory() as folder, FakeOpenAI() as server:
        data = {"dir": Path(folder) / "data"}
        offline = Assistant(load_settings(data=data))
        offline.ingest()
        llm = load_settings(data=data, answer={"backend": "openai"}, llm=llm_settings(server))
        results = measure(Assistant(llm, embedder=offline.embedder), offline, server)
    for name, ok in results:
        print(f"{'ok ' if ok else 'BAD'} {name}")
    good = sum(ok for _, ok in results)
    print(f"repaired or fell back correctly: {good}/{len(results)} ({good / len(results):.0%})")


if __name__ == "__main__":
    main()
