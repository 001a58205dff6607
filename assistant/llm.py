"""Chat completions from any OpenAI-compatible server: streaming, retries within a deadline,
and errors that name the setting to fix.

The ``openai`` client does the HTTP; its own retries are off so that ours (timeouts, 429 and
5xx, with exponential backoff or the server's Retry-After) stop at the question's deadline.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from queue import Empty, Queue
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.settings import LLMSettings

if TYPE_CHECKING:
    import openai

Message = dict[str, str]
T = TypeVar("T")
_REWRITE_SHARE = 0.25
_BACKOFF_CAP = 8.0  # seconds; longer waits rarely help an interactive question
# Local servers (Ollama, llama.cpp, vLLM without --api-key) ignore the key, but the client
# insists on one.
_UNUSED_KEY = "unused"


class LLMError(RuntimeError):
    """The LLM could not be used; the message says which setting to check."""


class LLMConfigError(LLMError):
    """The LLM backend cannot be used as configured; the message names the setting to fix."""


class LLMUnavailable(LLMError):
    """A request failed (unreachable, refused, rate limited, cut off or out of time)."""


@dataclass(frozen=True)
class Deadline:
    """A point in time (monotonic clock) by which an exchange with the LLM must be over."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(at=time.monotonic() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())


def rewrite_budget(llm: LLMSettings) -> float:
    """Seconds a follow-up's rewrite may take out of the question's deadline: one short
    request, so a quarter of the deadline at most (and never more than one timeout)."""
    return min(llm.timeout, llm.deadline * _REWRITE_SHARE)


def make_client(llm: LLMSettings) -> openai.OpenAI:
    """An ``openai.OpenAI`` client; unset key and URL fall back to OPENAI_API_KEY / _BASE_URL."""
    import os

    import openai

    api_key = llm.api_key.get_secret_value() if llm.api_key else None
    if not api_key and not os.environ.get("OPENAI_API_KEY"):
        if not (llm.base_url or os.environ.get("OPENAI_BASE_URL")):
            raise LLMConfigError(
                "The openai backend has no API key: set OPENAI_API_KEY (or "
                "ASSISTANT_LLM_API_KEY), or point ASSISTANT_LLM_BASE_URL at a local "
                "OpenAI-compatible server."
            )
        api_key = _UNUSED_KEY
    try:
        return openai.OpenAI(
            base_url=llm.base_url,
            api_key=api_key,
            timeout=llm.timeout,
            max_retries=0,  # retries are ours: bounded by the per-question deadline
        )
    except openai.OpenAIError as exc:
        raise LLMConfigError(
            f"The openai backend is not configured: {exc}. Set OPENAI_API_KEY or "
            "ASSISTANT_LLM_API_KEY (and ASSISTANT_LLM_BASE_URL for a local server)."
        ) from None


class ChatClient:
    """Chat completions with the project's retry policy; one per LLM configuration."""

    def __init__(self, llm: LLMSettings, *, backoff: float = 0.5) -> None:
        """``backoff``: seconds before the first retry, doubled for each next one."""
        self.settings = llm
        self._client = make_client(llm)
        self._backoff = backoff

    @property
    def base_url(self) -> str:
        return str(self._client.base_url)

    def stream(self, messages: list[Message], *, deadline: Deadline) -> Iterator[str]:
        """The reply's text as it arrives; raises ``LLMUnavailable`` if it cannot be finished."""
        response = self._open(messages, deadline, stream=True)
        received = 0
        finished = False
        try:
            for chunk in _before(deadline, response):
                for choice in chunk.choices:
                    finished = finished or choice.finish_reason is not None
                    if choice.delta and choice.delta.content:
                        received += len(choice.delta.content)
                        yield choice.delta.content
        except _Expired:
            raise self._out_of_time() from None
        except _transport_errors() as exc:
            raise LLMUnavailable(
                f"The reply from {self.base_url} was cut off after {received} characters "
                f"({type(exc).__name__})."
            ) from exc
        finally:
            response.close()
        if not finished:
            raise LLMUnavailable(
                f"The reply from {self.base_url} ended before it was complete "
                f"(after {received} characters, no finish reason)."
            )

    def complete(
        self, messages: list[Message], *, deadline: Deadline, attempts: int | None = None
    ) -> str:
        """The whole reply text at once (for short exchanges such as a follow-up rewrite)."""
        response = self._open(messages, deadline, stream=False, attempts=attempts)
        if not response.choices:
            raise LLMUnavailable(f"The reply from {self.base_url} had no choices.")
        return response.choices[0].message.content or ""

    def _open(
        self,
        messages: list[Message],
        deadline: Deadline,
        *,
        stream: bool,
        attempts: int | None = None,
    ) -> Any:
        """Send the request, retrying what is worth retrying while the deadline allows."""
        import openai

        tries = attempts if attempts is not None else self.settings.max_retries + 1
        for attempt in range(1, tries + 1):
            if deadline.remaining() <= 0:
                raise self._out_of_time()
            try:
                return self._client.chat.completions.create(
                    model=self.settings.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=self.settings.temperature,
                    stream=stream,
                    timeout=min(self.settings.timeout, deadline.remaining()),
                )
            except openai.OpenAIError as exc:
                if isinstance(exc, openai.APITimeoutError) and deadline.remaining() < 0.05:
                    raise self._out_of_time() from exc  # its timeout was what was left
                wait = self._retry_wait(exc, attempt)
                if wait is None or attempt == tries:
                    raise self._describe(exc, attempt) from exc
                if wait >= deadline.remaining():
                    raise self._out_of_time(after=self._describe(exc, attempt)) from exc
                time.sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")

    def _retry_wait(self, exc: Exception, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when retrying cannot help."""
        import openai

        if isinstance(exc, openai.APITimeoutError):
            return self._backoff_for(attempt)
        if isinstance(exc, openai.APIStatusError) and (
            exc.status_code == 429 or exc.status_code >= 500
        ):
            retry_after = _retry_after(exc.response.headers.get("retry-after"))
            return retry_after if retry_after is not None else self._backoff_for(attempt)
        return None

    def _backoff_for(self, attempt: int) -> float:
        return min(self._backoff * 2 ** (attempt - 1), _BACKOFF_CAP)

    def _describe(self, exc: Exception, attempts: int) -> LLMError:
        """The failure in words, naming the setting most likely to fix it."""
        import openai

        url, tried = self.base_url, f"after {attempts} attempt{'s' if attempts > 1 else ''}"
        if isinstance(exc, openai.APITimeoutError):
            return LLMUnavailable(
                f"No reply from {url} within ASSISTANT_LLM_TIMEOUT={self.settings.timeout:g}s "
                f"({tried})."
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMUnavailable(
                f"Cannot connect to the LLM server at {url}: check ASSISTANT_LLM_BASE_URL "
                "(or OPENAI_BASE_URL) and that the server is running."
            )
        if not isinstance(exc, openai.APIStatusError):
            return LLMUnavailable(f"The LLM request to {url} failed: {exc}")
        return _describe_status(exc.status_code, url, self.settings.model, tried, exc.message)

    def _out_of_time(self, after: LLMError | None = None) -> LLMUnavailable:
        reason = f" Last error: {after}" if after else ""
        return LLMUnavailable(
            f"No complete reply from {self.base_url} within the question's deadline "
            f"(ASSISTANT_LLM_DEADLINE={self.settings.deadline:g}s).{reason}"
        )


def _describe_status(status: int, url: str, model: str, tried: str, detail: str) -> LLMError:
    if status in (401, 403):
        return LLMConfigError(
            f"The LLM server at {url} refused the API key (HTTP {status}): set OPENAI_API_KEY "
            "or ASSISTANT_LLM_API_KEY to a valid key."
        )
    if status == 404:
        return LLMConfigError(
            f"Model {model!r} or the chat endpoint was not found at {url} (HTTP 404): check "
            "ASSISTANT_LLM_MODEL and ASSISTANT_LLM_BASE_URL (it usually ends in /v1)."
        )
    if status == 429:
        return LLMUnavailable(
            f"The LLM server at {url} is rate limiting requests (HTTP 429, {tried}): wait, or "
            "raise ASSISTANT_LLM_MAX_RETRIES or ASSISTANT_LLM_DEADLINE."
        )
    if status >= 500:
        return LLMUnavailable(f"The LLM server at {url} failed (HTTP {status}, {tried}).")
    return LLMUnavailable(
        f"The LLM server at {url} rejected the request (HTTP {status}: {detail}). If the "
        "prompt is too long for the model, lower ASSISTANT_LLM_CONTEXT_TOKENS."
    )


class _Expired(Exception):
    """The deadline passed while waiting for the next piece of a stream."""


def _before(deadline: Deadline, items: Iterable[T]) -> Iterator[T]:
    """``items`` read on a worker thread, so that a server that stalls mid-stream cannot hold
    the caller past the deadline (closing a response does not wake a blocked socket read)."""
    queue: Queue[tuple[str, Any]] = Queue()

    def pump() -> None:
        try:
            for item in items:
                queue.put(("item", item))
            queue.put(("end", None))
        except BaseException as exc:  # handed to the caller's thread, re-raised there
            queue.put(("error", exc))

    threading.Thread(target=pump, daemon=True, name="llm-stream").start()
    while True:
        try:
            kind, value = queue.get(timeout=deadline.remaining())
        except Empty:
            raise _Expired from None
        if kind == "end":
            return
        if kind == "error":
            raise value
        yield value


def _retry_after(header: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds (the form LLM servers send)."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None


def _transport_errors() -> tuple[type[BaseException], ...]:
    # While a stream is read, the openai package lets its HTTP library's errors through
    # unwrapped (httpx in openai 1.x, httpx2 later), so catch whichever is installed.
    import openai

    errors: list[type[BaseException]] = [openai.OpenAIError, OSError]
    for name in ("httpx2", "httpx"):
        try:
            errors.append(importlib.import_module(name).HTTPError)
        except ImportError:
            continue
    return tuple(errors)
