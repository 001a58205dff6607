"""The `assistant` command as a new user runs it: a real process, a fresh data folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.integration

ASSISTANT = [sys.executable, "-m", "assistant.cli"]


def _run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env_extra)


def test_first_ask_ingests_the_bundled_corpus_and_prints_json() -> None:
    result = _run("ask", "--json", "Who is the Kremlin spokesperson?")
    assert result.returncode == 0, result.stderr
    assert "ingesting" in result.stderr and "chunks added: 42" in result.stderr
    answer = json.loads(result.stdout)
    assert "Peskov" in answer["answer"] and answer["citations"]
    again = _run("ask", "Who is the Kremlin spokesperson?")
    assert "ingesting" not in again.stderr
    assert "Sources:" in again.stdout and "[1]" in again.stdout
    assert "003_f2a3d905b203a98f.txt" in again.stdout


def test_ingest_reports_bad_files_and_exits_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ok.txt").write_text("The council approved the new budget on Monday.\n")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    result = _run("ingest", str(folder))
    assert result.returncode == 1
    assert "broken.txt" in result.stderr and "skipped" in result.stderr
    assert "Articles: 1" in result.stderr
    rerun = _run("ingest", str(folder / "ok.txt"))
    assert rerun.returncode == 0
    assert "Nothing changed" in rerun.stderr


def test_invalid_setting_stops_with_a_clear_message() -> None:
    result = _run("ask", "Anything?", env_extra={"ASSISTANT_RETRIEVAL_TOP_K": "0"})
    assert result.returncode == 2
    assert "ASSISTANT_RETRIEVAL_TOP_K" in result.stderr


def test_help_is_instant_because_nothing_heavy_is_imported() -> None:
    code = (
        "import sys, assistant.cli; "
        "heavy = [m for m in ('chromadb', 'onnxruntime', 'gradio', 'openai', 'torch') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_documents_of_an_empty_store_says_so_and_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "nothing-here"
    result = _run("documents", env_extra={"ASSISTANT_DATA_DIR": str(data)})
    assert result.returncode == 0
    assert result.stdout == ""  # programs reading the listing see an empty one
    assert "No articles are stored yet" in result.stderr
    assert not data.exists()
