"""Run the service's blocking calls (embedding, Chroma, BM25) off the event loop.

Answers are CPU-bound, so at most ``slots`` of them run at once; the rest wait their turn in
order instead of all slowing down together. Health checks and listings never wait for a slot.
The thread bridge itself is ``assistant.threads``, shared with ``Assistant.astream``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar

import anyio

from assistant.threads import iterate_on_thread, run_on_thread

T = TypeVar("T")


class AnswerSlots:
    """A bound on the answers computed at once, shared by every route of one app."""

    def __init__(self, slots: int) -> None:
        self.limiter = anyio.CapacityLimiter(slots)

    async def call(self, func: Callable[[], T]) -> T:
        """``func()`` in a worker thread, once a slot is free."""
        return await run_on_thread(func, self.limiter)

    def iterate(self, start: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
        """The items of the iterator ``start()`` returns, each produced in a worker thread,
        holding a slot throughout; closed if the consumer stops early."""
        return iterate_on_thread(start, self.limiter)


async def in_thread(func: Callable[[], T]) -> T:
    """``func()`` in a worker thread, without taking an answer slot (cheap reads, ingest)."""
    return await run_on_thread(func)
