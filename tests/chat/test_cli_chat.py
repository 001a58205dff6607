"""`assistant chat` as a user runs it: a real process reading questions from its input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from llm.fake_openai import FakeOpenAI

from assistant.answer import CANNOT_ANSWER_PHRASE
from tests.conftest import run_cli

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the module: the first chat ingests the bundled articles into it."""
    return tmp_path_factory.mktemp("chat-cli") / "data"


def chat(lines: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"ASSISTANT_DATA_DIR": str(data_dir), "COLUMNS": "200", **env}
    return run_cli("chat", env=environment, stdin="\n".join(lines) + "\n")


def test_a_conversation_with_sources_history_and_a_new_start(data_dir: Path) -> None:
    result = chat(
        [
            "Who visited Kyiv on Thursday?",
            "How much military financing did he announce?",
            "/history",
            "/new",
            "/history",
            "/quit",
            "never asked",
        ],
        data_dir,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    understood = next(line for line in out.splitlines() if "(understood as: " in line)
    assert "How much military financing did" in understood
    assert "Blinken announce?" in understood
    assert "2.2 billion" in out and out.count("Sources:") == 2
    assert "[1] " in out and "000_05a6c317fb3580cc.txt (chars " in out
    assert "1. Who visited Kyiv on Thursday?" in out
    assert "2. How much military financing did he announce?" in out
    assert out.rstrip().endswith("You:") and "No questions yet." in out


def test_end_of_input_leaves_cleanly(data_dir: Path) -> None:
    result = chat(["Who is the Kremlin spokesperson?"], data_dir)
    assert result.returncode == 0, result.stderr
    assert "Peskov" in result.stdout


def test_a_misconfigured_llm_is_reported_and_answers_stay_offline(data_dir: Path) -> None:
    result = chat(["Who is the Kremlin spokesperson?"], data_dir, ASSISTANT_ANSWER_BACKEND="openai")
    assert result.returncode == 0, result.stderr
    assert "The LLM backend is not available" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr
    assert "Peskov" in result.stdout and "(offline answer used: llm failed:" in result.stdout


def test_the_chat_asks_the_llm_to_rewrite_follow_ups(
    data_dir: Path, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    fake_openai.reply("How much military financing did Antony Blinken announce?")
    fake_openai.reply(CANNOT_ANSWER_PHRASE)
    result = chat(
        ["Who visited Kyiv on Thursday?", "How much did he announce?"],
        data_dir,
        ASSISTANT_ANSWER_BACKEND="openai",
        ASSISTANT_LLM_BASE_URL=fake_openai.base_url,
        ASSISTANT_LLM_MODEL="fake-model",
    )
    assert result.returncode == 0, result.stderr
    assert "(understood as: How much military financing did Antony Blinken announce?)" in (
        result.stdout
    )
    assert result.stdout.count(CANNOT_ANSWER_PHRASE) == 2
    assert [r.body["stream"] for r in fake_openai.requests] == [True, False, True]
