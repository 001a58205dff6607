"""The support judges: the deterministic check, and the LLM judge over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from assistant import cite
from assistant.evaluate.judge import (
    DeterministicJudge,
    LLMJudge,
    make_judge,
    parse_verdict,
)
from assistant.evaluate.metrics import citation_precision, citation_recall
from assistant.prompts import load_prompt
from assistant.settings import LLMSettings, load_settings

SPAN = "Blinken visited Kyiv on Thursday."
CLAIM = "Blinken visited Kyiv."


@pytest.mark.unit
@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("SUPPORTED", True),
        ("supported.", True),
        ("**UNSUPPORTED**", False),
        ("Unsupported", False),
        ("  SUPPORTED\n", True),
        ("I think so", None),
        ("", None),
    ],
)
def test_parse_verdict(reply: str, verdict: bool | None) -> None:
    assert parse_verdict(reply) is verdict


@pytest.mark.unit
def test_deterministic_judge_is_the_assistant_s_own_support_check() -> None:
    judge = DeterministicJudge()
    assert judge(CLAIM, [SPAN]) is cite.is_supported(CLAIM, [SPAN]) is True
    assert judge("Blinken visited Odesa on Monday.", [SPAN]) is False
    assert judge.name == "deterministic"


@pytest.mark.unit
def test_the_judge_prompt_declares_what_the_judge_fills_in() -> None:
    prompt = load_prompt("judge")
    assert prompt.variables == {"sentence", "evidence"}


def llm(server_url: str) -> LLMSettings:
    return LLMSettings(model="judge-model", base_url=server_url, timeout=5)


@pytest.mark.integration
def test_llm_judge_asks_the_server_with_the_judge_prompt(judge_llm: Any) -> None:
    judge_llm.reply("SUPPORTED")
    judge_llm.reply("UNSUPPORTED")
    judge = LLMJudge(llm(judge_llm.base_url))
    assert judge(CLAIM, [SPAN, "Another span."]) is True
    # A claim the deterministic check would accept: the LLM's verdict is the one used.
    assert judge(CLAIM, [SPAN]) is False
    first = judge_llm.requests[0]
    assert first.path == "/v1/chat/completions" and first.body["model"] == "judge-model"
    content = first.body["messages"][0]["content"]
    assert f"<claim>\n{CLAIM}\n</claim>" in content
    assert f"[1] {SPAN}\n\n[2] Another span." in content
    assert "untrusted data" in content
    assert judge.failures == 0 and judge.name == "llm:judge-model"


@pytest.mark.integration
def test_llm_judge_asks_once_per_claim_and_evidence(judge_llm: Any) -> None:
    judge_llm.reply("SUPPORTED")
    judge = LLMJudge(llm(judge_llm.base_url))
    assert judge(CLAIM, [SPAN]) and judge(CLAIM, [SPAN])
    assert len(judge_llm.requests) == 1


@pytest.mark.integration
def test_llm_judge_falls_back_to_the_deterministic_check_and_counts_it(judge_llm: Any) -> None:
    judge_llm.fail(500)
    judge_llm.reply("Maybe; it is hard to say.")
    judge = LLMJudge(llm(judge_llm.base_url))
    assert judge(CLAIM, [SPAN]) is True  # server error: deterministic says supported
    assert judge("Zelensky toured Odesa on Monday.", [SPAN]) is False  # unreadable: deterministic
    assert judge.failures == 2 and len(judge_llm.requests) == 2


@pytest.mark.integration
def test_alce_metrics_with_the_llm_judge(judge_llm: Any) -> None:
    # Sentence 1 cites [1][2]: jointly supported; [1] alone yes, [2] alone no, [1] without
    # [2] still supports, so [2] is irrelevant. Sentence 2 cites [2] and is unsupported.
    # Asked in this order: s1 with [1][2], s2 with [2], s1 with [1], s1 with [2].
    for verdict in ("SUPPORTED", "UNSUPPORTED", "SUPPORTED", "UNSUPPORTED"):
        judge_llm.reply(verdict)
    judge = LLMJudge(llm(judge_llm.base_url))
    cited = {1: SPAN, 2: "The weather was cold."}
    answer = "Blinken visited Kyiv. [1][2] It rained all day. [2]"
    assert citation_recall(answer, cited, judge) == 0.5
    assert citation_precision(answer, cited, judge) == pytest.approx(1 / 3)
    assert judge.failures == 0 and len(judge_llm.requests) == 4


@pytest.mark.integration
def test_make_judge_follows_the_answer_backend(judge_llm: Any) -> None:
    assert isinstance(make_judge(load_settings()), DeterministicJudge)
    settings = load_settings(
        answer={"backend": "openai"}, llm={"base_url": judge_llm.base_url, "model": "m"}
    )
    judge = make_judge(settings)
    assert isinstance(judge, LLMJudge) and judge.name == "llm:m"
