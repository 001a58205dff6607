"""The runner with an LLM configured: answers by the openai backend, support judged by the LLM.

The LLM is a local OpenAI-compatible server (real HTTP, streamed answers); everything else is
real: the seeded Chroma store, the embedding model, the citation checks.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.evaluate import EvalItem, EvalRunner, LLMJudge, make_judge
from assistant.service import Assistant
from assistant.settings import load_settings

pytestmark = pytest.mark.integration

_PASSAGE = re.compile(r'<passage number="(\d+)"[^>]*>\n(.*?)\n</passage>', re.DOTALL)


def scripted_llm(body: dict[str, Any]) -> str:
    """Answer from whichever numbered passage names Peskov; judge every claim as supported."""
    prompt = body["messages"][-1]["content"]
    if "<claim>" in prompt:
        return "SUPPORTED"
    for number, text in _PASSAGE.findall(prompt):
        if "Peskov" in text:
            return f"The Kremlin spokesperson is Dmitry Peskov [{number}]."
    return "The articles do not say."


def test_eval_with_an_llm_answers_and_judges_through_it(
    seeded: Assistant, embedder: MiniLMOnnxEmbedder, judge_llm: Any, tmp_path: Path
) -> None:
    shutil.copytree(seeded.settings.data.dir, tmp_path / "llm-data")
    settings = load_settings(
        data={"dir": tmp_path / "llm-data"},
        answer={"backend": "openai"},
        llm={"base_url": judge_llm.base_url, "model": "fake-model", "timeout": 10},
    )
    assistant = Assistant(settings, embedder=embedder)
    judge_llm.responder = scripted_llm
    judge = make_judge(settings)
    assert isinstance(judge, LLMJudge)
    item = EvalItem(id="peskov", question="Who is the Kremlin spokesperson?", answers=["Peskov"])

    run = EvalRunner(assistant, judge).run([item], dataset="inline")

    (outcome,) = run.items
    assert run.answer_backend == "openai" and run.judge == "llm:fake-model"
    assert outcome.verdict == "pass" and outcome.answer.startswith("The Kremlin spokesperson is")
    assert len(outcome.citations) == 1 and "Peskov" in outcome.citations[0].text
    assert outcome.citations_intact == 1
    assert outcome.citation_recall == 1.0 and outcome.citation_precision == 1.0
    claims = [r.body for r in judge_llm.requests if "<claim>" in r.prompt]
    assert len(claims) == 1 and judge.failures == 0  # asked once, cached for precision
    assert "The Kremlin spokesperson is Dmitry Peskov" in claims[0]["messages"][-1]["content"]
    assert any(r.body.get("stream") for r in judge_llm.requests)  # the answer was streamed
