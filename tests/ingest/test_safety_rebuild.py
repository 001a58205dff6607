"""Issue 10 item 2: ``--rebuild`` re-embeds every stored article, and the model-switch message
that recommends it is safe to follow, even when the rebuild is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.embed.base import Embedder, Vectors
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.store import StoreError
from tests.conftest import DATED, SPUN

pytestmark = pytest.mark.integration
UPLOAD = ("bridge.md", b"# Bridge\n\nMayor Anna Berg opened the new bridge in Cork.\n")


class _OtherModel(Embedder):
    """The same vectors under another model id: a switch of embedding model."""

    model_id = "another-model"

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner

    def embed(self, texts: list[str]) -> Vectors:
        return self._inner.embed(texts)


def _sources(assistant: Assistant) -> list[str]:
    return sorted(d.source for d in assistant.documents())


def test_rebuild_keeps_every_stored_article(
    tmp_path: Path, corpus: Path, make_assistant: Callable[..., Assistant]
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    first = assistant.ingest()
    assistant.ingest_uploads([UPLOAD])
    other = tmp_path / "other"
    other.mkdir()
    (other / "ferry.txt").write_text("The ferry to Cobh resumed service on Tuesday.\n")
    report = assistant.ingest([other], rebuild=True)
    assert _sources(assistant) == sorted([DATED, SPUN, "bridge.md", "ferry.txt"])
    assert report.updated_articles == ["ferry.txt"]
    assert sorted(report.reembedded_articles) == sorted([DATED, SPUN, "bridge.md"])
    assert report.removed == 0 and report.added > first.added
    assert all(d.chunks for d in assistant.documents())
    answer = assistant.ask("Who opened the new bridge in Cork?")
    assert answer.short_answer == "Anna Berg"


def test_the_model_switch_message_is_safe_to_follow(
    corpus: Path, make_assistant: Callable[..., Assistant], embedder: Embedder
) -> None:
    make_assistant(corpus={"dir": corpus}).ingest()
    make_assistant().ingest_uploads([UPLOAD])
    settings = load_settings(data={"dir": corpus.parent / "data"})
    switched = _OtherModel(embedder)
    with pytest.raises(StoreError, match="--rebuild"):
        Assistant(settings, embedder=switched)
    report = Assistant(settings, embedder=switched, rebuild=True).ingest([corpus], rebuild=True)
    assert sorted(report.reembedded_articles) == ["bridge.md"]
    reopened = Assistant(settings, embedder=switched)
    assert _sources(reopened) == sorted([DATED, SPUN, "bridge.md"])
    assert reopened.ask("Who opened the new bridge in Cork?").short_answer == "Anna Berg"


def test_a_rebuild_killed_midway_is_finished_by_the_next_ingest(
    tmp_path: Path, corpus: Path, make_assistant: Callable[..., Assistant]
) -> None:
    make_assistant(corpus={"dir": corpus}).ingest_uploads([UPLOAD])
    make_assistant(corpus={"dir": corpus}).ingest()
    script = "from assistant import Assistant; Assistant.from_settings().ingest(rebuild=True)"
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus)}
    env["ASSISTANT_FAULT_AT"] = "after_record"  # killed after the first batch
    killed = subprocess.run([sys.executable, "-c", script], env=env, timeout=300, check=False)
    assert killed.returncode == -signal.SIGKILL
    assistant = make_assistant(corpus={"dir": corpus})
    assert _sources(assistant) == sorted([DATED, SPUN, "bridge.md"]), "no article lost"
    empty = tmp_path / "nothing"
    empty.mkdir()
    report = assistant.ingest([empty])
    assert report.reembedded_articles
    assert all(d.chunks for d in assistant.documents())
    assert assistant.ingest([empty]).wrote_nothing
