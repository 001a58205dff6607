"""A one-shot question's search, started in a forked process while this one parses it.

A cold ``assistant ask`` spends most of its time loading: spaCy (to parse the question) and,
for the search, Chroma and the embedding model. Imports hold Python's interpreter lock, so
threads load them one after the other; a forked process loads the search side on the other
core while this process loads spaCy. The child embeds the question and runs the dense search
at once, waits for the question's lemmas (which need the parse), runs the lexical search and
the fusion, and sends the chunks back. This process never loads Chroma or the model.

Only on Linux (fork is the start method there), and only for a store that already holds
chunks; if the child fails, the search runs here as usual.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import sys
from multiprocessing.connection import Connection
from typing import Any

from assistant.filters import scope
from assistant.retrieve import HybridRetriever
from assistant.settings import Settings
from assistant.types import Filters, Passage

log = logging.getLogger(__name__)

_WAIT_S = 120.0  # longest wait for the child's answer before searching here instead


class ForkedSearch:
    """The search of one question, running in a child process."""

    def __init__(self, process: Any, conn: Connection) -> None:
        self._process = process
        self._conn = conn
        self._used = False

    @classmethod
    def start(
        cls, settings: Settings, question: str, filters: Filters | None, k: int | None
    ) -> ForkedSearch | None:
        """Fork the child (None where fork is not the way to start processes)."""
        if not sys.platform.startswith("linux"):
            return None
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_child, args=(settings, question, filters, k, theirs), daemon=True
        )
        process.start()
        theirs.close()
        return cls(process, ours)

    def retrieve(
        self, question: str, lemmas: list[str], k: int | None, filters: Filters | None
    ) -> list[Passage] | None:
        """The child's chunks for this search; None when it cannot give them (then search
        here). Answers once."""
        if self._used:
            return None
        self._used = True
        try:
            self._conn.send((question, lemmas, k, filters))
            if not self._conn.poll(_WAIT_S):
                raise TimeoutError(f"no answer in {_WAIT_S:.0f} s")
            status, payload = self._conn.recv()
        except (OSError, EOFError, TimeoutError) as exc:
            log.info("forked search failed (%s); searching here", exc)
            return None
        finally:
            self.close()
        if status != "ok":
            log.info("forked search failed (%s); searching here", payload)
            return None
        return [Passage.model_validate(p) for p in payload]

    def close(self) -> None:
        self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()


def _child(
    settings: Settings,
    question: str,
    filters: Filters | None,
    k: int | None,
    conn: Connection,
) -> None:
    """Load the search side, search, and answer the parent's request."""
    try:
        from assistant.embed import make_embedder
        from assistant.store import ChunkStore

        embedder = make_embedder(settings)
        store = ChunkStore(settings.data, model_id=embedder.model_id)
        retriever = HybridRetriever(store, embedder, settings.retrieval)
        scoped = scope(question, filters, store.outlets())
        retriever.dense(scoped.question, retriever.depth(k), scoped.filters)
        asked, lemmas, asked_k, asked_filters = conn.recv()
        found = retriever.retrieve(asked, lemmas, k=asked_k, filters=asked_filters)
        conn.send(("ok", [p.model_dump() for p in found]))
    except EOFError:
        pass  # the parent went on without us
    except Exception as exc:  # noqa: BLE001 - any failure: the parent searches itself
        with contextlib.suppress(OSError):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
