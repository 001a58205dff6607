"""One writer at a time per data folder: ingest, upload and delete hold ``write.lock`` there.

The lock is ``flock`` on the file, so it goes with the process that holds it, even a killed
one; the file names the holder's pid for the message another writer gets. Readers never take
it (a replacement is atomic for them, see ``assistant.ingest.chunk.is_current``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

LOCK_FILE = "write.lock"


class StoreBusy(RuntimeError):
    """Another process is writing to the store; the message names its pid."""


@contextlib.contextmanager
def write_lock(folder: Path) -> Iterator[None]:
    """Hold the data folder's write lock, or raise ``StoreBusy`` at once if another has it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip() or "unknown"
            raise StoreBusy(
                f"Another process (pid {holder}) is writing to the store in {folder}; "
                "try again when it has finished."
            ) from None
        try:
            _record(handle, str(os.getpid()))
            yield
        finally:
            _record(handle, "")
            fcntl.flock(handle, fcntl.LOCK_UN)


def _record(handle: TextIO, text: str) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(text)
    handle.flush()
