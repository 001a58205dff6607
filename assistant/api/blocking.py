"""Run the service's blocking calls (embedding, Chroma, BM25) off the event loop.

Answers are CPU-bound, so at most ``slots`` of them run at once; the rest wait their turn in
order instead of all slowing down together. Health checks and listings never wait for a slot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar, cast

import anyio
from anyio import to_thread

T = TypeVar("T")


class AnswerSlots:
    """A bound on the answers computed at once, shared by every route of one app."""

    def __init__(self, slots: int) -> None:
        self.limiter = anyio.CapacityLimiter(slots)

    async def call(self, func: Callable[[], T]) -> T:
        """``func()`` in a worker thread, once a slot is free."""
        async with self.limiter:
            return await to_thread.run_sync(func)

    async def iterate(self, start: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
        """The items of the iterator ``start()`` returns, each produced in a worker thread.

        The slot is held for the whole iteration. If the consumer stops early (the client
        went away) the iterator is closed, so the service's generator runs its cleanup.
        """
        async with self.limiter:
            iterator = await to_thread.run_sync(start)
            try:
                while True:
                    item = await to_thread.run_sync(_next, iterator)
                    if item is _DONE:
                        return
                    yield cast(T, item)
            finally:
                close = getattr(iterator, "close", None)
                if close is not None:
                    # Shielded: on a client disconnect this runs inside a cancelled scope.
                    with anyio.CancelScope(shield=True):
                        await to_thread.run_sync(close)


_DONE = object()


def _next(iterator: Iterator[T]) -> T | object:
    # StopIteration cannot cross a thread boundary into a coroutine; a sentinel can.
    return next(iterator, _DONE)


async def in_thread(func: Callable[[], T]) -> T:
    """``func()`` in a worker thread, without taking an answer slot (cheap reads, ingest)."""
    return await to_thread.run_sync(func)
