"""Issue 10 item 4: ``kill -9`` at every stage of replacing an article, then a restart.

A subprocess ingests (or uploads) an article, then a changed version of it, and kills itself
at an injected point (``ASSISTANT_FAULT_AT``). Afterwards every citation's text is exactly
``article.text[start:end]`` (even when an LLM quotes a chunk of the other version), and the
next ingest converges on the stored version's chunks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from llm.fake_openai import FakeOpenAI, fake_openai, fake_server, llm_settings

from assistant.ingest.chunk import chunk_article
from assistant.service import Assistant
from assistant.types import Answer

pytestmark = pytest.mark.integration
__all__ = ["fake_openai", "fake_server"]  # fixtures

OLD = "# Harbour news\n\nMayor Anna Berg opened the new bridge in Cork on Monday.\n"
NEW = (
    "# Harbour news\n\nA storm closed the ferry port of Cork on Sunday night. Harbour master "
    "Liam Walsh said the ferry port would reopen on Wednesday. Mayor Anna Berg opened the new "
    "bridge in Cork on Monday.\n"
)
QUOTE = "Harbour master Liam Walsh said the ferry port would reopen on Wednesday [1][2][3]."
POINTS = ["after_add_vectors", "after_record", "after_remove_stale"]
_WRITE = """
import sys
from pathlib import Path
from assistant import Assistant
assistant = Assistant.from_settings()
if sys.argv[1] == "upload":
    assistant.ingest_uploads([("harbour.md", Path(sys.argv[2]).read_bytes())])
else:
    assistant.ingest()
"""


def _write(how: str, text: str, tmp_path: Path, fault: str | None = None) -> int:
    source = tmp_path / "upload.md"
    source.write_text(text, encoding="utf-8")
    if how == "ingest":
        (tmp_path / "corpus" / "harbour.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(tmp_path / "corpus")}
    env.pop("ASSISTANT_FAULT_AT", None)
    if fault:
        env["ASSISTANT_FAULT_AT"] = fault
    done = subprocess.run(
        [sys.executable, "-c", _WRITE, how, str(source)], env=env, timeout=300, check=False
    )
    return done.returncode


def _assert_spans_exact(assistant: Assistant, answer: Answer) -> None:
    for citation in answer.citations:
        article = assistant.article(citation.source)
        assert article is not None
        assert citation.text == article.text[citation.start : citation.end], citation


def _expected_chunks(assistant: Assistant, source: str) -> set[str]:
    article = assistant.article(source)
    assert article is not None
    notes = assistant.annotator.annotate(article.text, article.body_start)
    return {c.id for c in chunk_article(article, notes, max_tokens=160, overlap_tokens=32)}


@pytest.mark.parametrize("how", ["ingest", "upload"])
@pytest.mark.parametrize("point", POINTS)
def test_a_replacement_killed_at_any_point_never_serves_wrong_spans(
    point: str,
    how: str,
    tmp_path: Path,
    make_assistant: Callable[..., Assistant],
    fake_openai: FakeOpenAI,
) -> None:
    (tmp_path / "corpus").mkdir()
    assert _write(how, OLD, tmp_path) == 0
    assert _write(how, NEW, tmp_path, fault=point) == -signal.SIGKILL

    assistant = make_assistant(
        corpus={"dir": tmp_path / "corpus"},
        answer={"backend": "openai"},
        llm=llm_settings(fake_openai),
    )
    fake_openai.reply(QUOTE)  # an LLM quoting whichever version's chunk it was given
    _assert_spans_exact(assistant, assistant.ask("When will the ferry port of Cork reopen?"))
    fake_openai.reply("Mayor Anna Berg opened the new bridge in Cork on Monday [1].")
    _assert_spans_exact(assistant, assistant.ask("Who opened the new bridge in Cork?"))

    # The next ingest repairs it: from the file, or (an upload) from the stored text.
    assistant.ingest([tmp_path / "corpus"] if how == "ingest" else [tmp_path / "none"])
    stored = assistant.store.chunk_ids_by_source()["harbour.md"]
    assert stored == _expected_chunks(assistant, "harbour.md")
    assert assistant.store.vector_ids() == stored  # no vector left behind
    again = assistant.ingest([tmp_path / "corpus"])
    assert not again.updated_articles and not again.reembedded_articles
