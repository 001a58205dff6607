"""Issue 10 item 5: one writer at a time per data folder; another one is told who holds it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from api.api_support import LiveServer

from assistant.api import create_app
from assistant.service import Assistant
from assistant.writelock import StoreBusy
from tests.conftest import run_cli

pytestmark = pytest.mark.integration
_HOLD = """
import sys, time
from pathlib import Path
from assistant.writelock import write_lock
with write_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the write lock of the test's data folder."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(tmp_path / "data")], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait(timeout=30)


def test_a_second_writer_is_refused_with_the_holders_pid(
    holder: subprocess.Popen[str], corpus: Path, make_assistant: Callable[..., Assistant]
) -> None:
    assistant = make_assistant(corpus={"dir": corpus})
    with pytest.raises(StoreBusy, match=f"pid {holder.pid}"):
        assistant.ingest()
    with pytest.raises(StoreBusy, match=f"pid {holder.pid}"):
        assistant.ingest_uploads([("a.txt", b"The ferry left Cork at noon.\n")])
    assert assistant.documents() == []
    holder.kill()
    holder.wait(timeout=30)
    assert assistant.ingest().articles == 2, "a killed holder's lock goes with it"


def test_the_api_answers_409_while_another_process_writes(
    holder: subprocess.Popen[str], make_assistant: Callable[..., Assistant]
) -> None:
    assistant = make_assistant()
    with LiveServer(create_app(assistant, assistant.settings)) as live, live.client() as http:
        files = [("files", ("a.txt", b"The ferry left Cork at noon.\n", "text/plain"))]
        upload = http.post("/api/v1/documents", files=files)
        delete = http.delete("/api/v1/documents/0123456789abcdef")
    for response in (upload, delete):
        assert response.status_code == 409, response.text
        error = response.json()["error"]
        assert error["code"] == "store_busy" and f"pid {holder.pid}" in error["message"]


def test_the_cli_exits_non_zero_naming_the_holder(
    holder: subprocess.Popen[str], corpus: Path
) -> None:
    result = run_cli("ingest", env={"ASSISTANT_CORPUS_DIR": str(corpus)})
    assert result.returncode == 1
    assert f"pid {holder.pid}" in result.stderr and "writing to the store" in result.stderr


def test_a_ui_upload_while_another_process_writes_says_so_for_each_file(
    holder: subprocess.Popen[str], make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    from assistant.ui.handlers import CorpusHandlers

    upload = tmp_path / "ferry.txt"
    upload.write_text("The ferry left Cork at noon.\n")
    handlers = CorpusHandlers(make_assistant(), max_upload_bytes=1_000_000)
    report, listing = handlers.upload([str(upload)])
    assert "ferry.txt" in report and f"pid {holder.pid}" in report and "try again" in report
    assert "ferry.txt" not in listing  # nothing was written
