"""Issue 10 item 1: a prune never runs when a path named is missing, unreadable or empty."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.ingest import IngestRefused
from assistant.service import Assistant
from tests.conftest import DATED, SPUN, run_cli

pytestmark = pytest.mark.integration


def _sources(assistant: Assistant) -> list[str]:
    return [d.source for d in assistant.documents()]


@pytest.mark.parametrize("named", ["missing", "empty", "only-bad"])
def test_prune_with_a_path_holding_no_article_changes_nothing(
    named: str, tmp_path: Path, corpus: Path, make_assistant: Callable[..., Assistant]
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    folder = tmp_path / named
    if named != "missing":
        folder.mkdir()
    if named == "only-bad":
        (folder / "empty.txt").write_bytes(b"")
    with pytest.raises(IngestRefused, match=f"Not pruning, and nothing was changed.*{named}"):
        assistant.ingest([folder], prune=True)
    assert _sources(assistant) == [DATED, SPUN]


def test_prune_with_a_folder_that_cannot_be_listed_changes_nothing(
    tmp_path: Path,
    corpus: Path,
    make_assistant: Callable[..., Assistant],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    (corpus / "locked").mkdir()
    real_walk = os.walk

    def walk(top: str, onerror: Callable[[OSError], None]) -> Iterator[Any]:
        # Tests run as root, where chmod 000 does not lock a folder: fail its listing here.
        for entry in real_walk(top, onerror=onerror):
            if Path(entry[0]).name == "locked":
                onerror(PermissionError(13, "Permission denied", entry[0]))
                continue
            yield entry

    monkeypatch.setattr("assistant.ingest.read.os.walk", walk)
    (corpus / SPUN).rename(corpus / "locked" / SPUN)
    with pytest.raises(IngestRefused, match="locked: cannot be read"):
        assistant.ingest(prune=True)
    assert _sources(assistant) == [DATED, SPUN]


def test_prune_keeps_a_file_that_is_present_but_unreadable(
    corpus: Path, make_assistant: Callable[..., Assistant]
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    assistant.ingest()
    (corpus / SPUN).write_bytes(b"\x89PNG\x00\x00binary now")
    report = assistant.ingest(prune=True)
    assert report.pruned_articles == [] and _sources(assistant) == [DATED, SPUN]


def test_cli_prune_of_a_mistyped_path_says_so_and_exits_non_zero(
    tmp_path: Path, corpus: Path
) -> None:
    env = {"ASSISTANT_CORPUS_DIR": str(corpus)}
    first = run_cli("ingest", env=env)
    assert first.returncode == 0, first.stderr
    typo = run_cli("ingest", str(tmp_path / "nwes"), "--prune", env=env)
    assert typo.returncode == 1
    assert "Not pruning" in typo.stderr and "nwes" in typo.stderr
    listed = run_cli("documents", env=env)
    assert DATED in listed.stdout and SPUN in listed.stdout
