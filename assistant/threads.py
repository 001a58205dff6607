"""The one bridge from the service's blocking calls to async code: run them on worker
threads so the event loop stays free (the HTTP API, ``Assistant.astream``, and through it
``ChatSession.astream``)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import nullcontext
from typing import TypeVar, cast

import anyio
from anyio import to_thread

T = TypeVar("T")


async def run_on_thread(func: Callable[[], T], limiter: anyio.CapacityLimiter | None = None) -> T:
    """``func()`` on a worker thread (once ``limiter`` has a slot, when one is given)."""
    if limiter is None:
        return await to_thread.run_sync(func)
    async with limiter:
        return await to_thread.run_sync(func)


async def iterate_on_thread(
    start: Callable[[], Iterator[T]], limiter: anyio.CapacityLimiter | None = None
) -> AsyncGenerator[T, None]:
    """The items of the iterator ``start()`` returns, each produced on a worker thread.

    With a ``limiter``, its slot is held for the whole iteration. If the consumer stops early
    (a client went away) and closes this generator, the iterator is closed too, so a
    generator runs its cleanup (and an LLM request it holds is closed). One generator, not
    nested ones: closing it closes the iterator at once, never later at the loop's shutdown.
    """
    async with limiter if limiter is not None else nullcontext():
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
