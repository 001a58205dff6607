"""What one request or one client may take: body size, valid text, conversations and turns.

Every refusal is answered with the API's JSON error body, on every route (the mounted UI
included), so that no limit depends on a framework's own error page.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import APIError, error_response

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.service import Assistant

MAX_SESSIONS = 400
"""Conversations one adapter (the API, or the UI) keeps at once. Two adapters together stay
under the service registry's 1000, so the registry never evicts anyone's conversation to make
room: when this is full, new ones are refused (429) until idle ones expire."""
SESSION_IDLE_SECONDS = 3600.0
"""A conversation unused this long is forgotten, freeing its place."""
MAX_TURNS = 100
"""Questions in one conversation; after that, a new conversation (history is trimmed to a
token budget anyway, so older turns no longer shape answers)."""


class _BodyTooLarge(Exception):
    """Raised inside ``receive`` once a streamed body passes the limit."""


class BodyLimit:
    """Reject request bodies over ``max_bytes`` with 413, on every path.

    A declared Content-Length over the limit is refused before any byte is read; a chunked
    body is counted as it arrives and refused once it passes the limit. Whatever the inner
    app (FastAPI or the mounted gradio app) answers to the aborted read is replaced by the 413.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refusal()(scope, receive, send)
            return
        received = 0
        tripped = started = False

        async def counted() -> Message:
            nonlocal received, tripped
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                tripped = True
                raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if tripped:  # the inner app's answer to the failed read is not sent
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except _BodyTooLarge:
            pass
        except Exception:
            if not tripped:
                raise
        if tripped and not started:
            await self._refusal()(scope, receive, send)

    def _refusal(self) -> ASGIApp:
        return error_response(
            413,
            f"The request body is larger than the limit of {self.max_bytes} bytes.",
            code="body_too_large",
        )


class ValidText:
    """Reject JSON bodies holding a lone surrogate (``"\\ud800"``) with 422.

    JSON may escape half of a UTF-16 pair; Python then holds a string that cannot be encoded,
    and whatever touches it later (a tokenizer, a log line, the response) fails with a 500.
    The body is already in memory under ``BodyLimit``; it is handed on unchanged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not Headers(scope=scope).get("content-type", "").startswith(
            "application/json"
        ):
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if _has_lone_surrogate(body):
            refusal = error_response(
                422,
                "The JSON holds a lone surrogate escape (like \\ud800), which is not text.",
                code="invalid_characters",
            )
            await refusal(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _has_lone_surrogate(body: bytes) -> bool:
    if b"\\u" not in body:  # no escape at all: nothing to check, and nothing to parse
        return False
    try:
        document = json.loads(body)
    except ValueError:  # not JSON: the route's own validation says so
        return False
    return any(_lone(text) for text in _strings(document))


def _strings(value: Any) -> Any:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _lone(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class SessionQuota:
    """The conversations one adapter created, in the service's registry, kept within limits.

    New conversations are refused (``SessionsFull``) rather than evicting anyone's, after
    those idle for ``idle_seconds`` are forgotten; a conversation takes at most ``max_turns``
    questions.
    """

    def __init__(
        self,
        assistant: Assistant,
        *,
        max_sessions: int = MAX_SESSIONS,
        idle_seconds: float = SESSION_IDLE_SECONDS,
        max_turns: int = MAX_TURNS,
    ) -> None:
        self._assistant = assistant
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self.max_turns = max_turns
        self._last_used: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def create(self) -> ChatSession:
        """A new conversation; raises ``APIError`` 429 when the adapter holds its maximum."""
        with self._lock:
            self._expire(time.monotonic())
            if len(self._last_used) >= self.max_sessions:
                raise APIError(
                    429,
                    "too_many_sessions",
                    f"The server holds its maximum of {self.max_sessions} conversations. "
                    "Delete one you no longer need, or try again later (conversations idle "
                    f"for {self.idle_seconds / 60:g} minutes are forgotten).",
                    headers={"Retry-After": "60"},
                )
            session = self._assistant.sessions.create()
            self._last_used[session.id] = time.monotonic()
            return session

    def get(self, session_id: str) -> ChatSession | None:
        """The conversation with this id, if it exists and has not expired."""
        with self._lock:
            self._expire(time.monotonic())
            session = self._assistant.sessions.get(session_id)
            if session is not None and session_id in self._last_used:
                self._last_used[session_id] = time.monotonic()
                self._last_used.move_to_end(session_id)
            return session

    def delete(self, session_id: str) -> bool:
        with self._lock:
            self._last_used.pop(session_id, None)
            return self._assistant.sessions.delete(session_id)

    def check_turns(self, session: ChatSession, *, param: str = "session_id") -> None:
        """409 when the conversation already holds ``max_turns`` questions."""
        if len(session.turns) >= self.max_turns:
            raise APIError(
                409,
                "session_full",
                f"This conversation has reached its {self.max_turns} questions; start a new "
                "one (POST /api/v1/sessions).",
                param=param,
            )

    def _expire(self, now: float) -> None:
        while self._last_used:
            session_id, used = next(iter(self._last_used.items()))
            if now - used < self.idle_seconds:
                return
            del self._last_used[session_id]
            self._assistant.sessions.delete(session_id)


MAX_HEADER_BYTES = 32 * 1024
"""Largest request head (request line and headers); h11 answers 431/400 beyond it."""
HEADER_SECONDS = 10.0
"""Time a client has to send a request's head, from its first byte (slowloris)."""
REQUEST_SECONDS = 120.0
"""Time a client has to send a whole request, head and body (10 MB at about 1 Mbit/s)."""
KEEP_ALIVE_SECONDS = 5
"""An idle kept-alive connection is closed after this."""
MAX_CONNECTIONS = 200
"""Connections and requests at once; beyond, uvicorn answers 503 at once."""


def server_options() -> dict[str, Any]:
    """uvicorn options bounding what one client can hold: the head size, slow clients,
    idle connections and concurrent connections."""
    return {
        "http": SlowClientGuard,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "limit_concurrency": MAX_CONNECTIONS,
    }


def _h11_protocol() -> type:
    # uvicorn's h11 protocol, imported here: the module is only needed to serve.
    from uvicorn.protocols.http.h11_impl import H11Protocol

    return H11Protocol


class SlowClientGuard(_h11_protocol()):  # type: ignore[misc]  # a class made at import time
    """uvicorn's h11 protocol, refusing oversized heads and closing slow connections.

    uvicorn bounds the idle time between requests but not the time to send one, so a client
    dribbling a header a byte at a time holds its connection forever. Here the head must
    arrive within ``header_seconds`` of its first byte, and the whole request within
    ``request_seconds``; then the connection is closed (the handler, if started, sees a
    disconnect).
    """

    header_seconds = HEADER_SECONDS
    request_seconds = REQUEST_SECONDS
    max_head_bytes = MAX_HEADER_BYTES

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._deadline: Any = None
        self._arm(self.header_seconds)

    def data_received(self, data: bytes) -> None:
        import h11

        head_pending = self.conn.their_state is h11.IDLE
        if head_pending and self._head_too_large(data):
            self._refuse_head()
            return
        if self._deadline is None and head_pending:
            self._arm(self.header_seconds)  # the next request on a kept-alive connection
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.SEND_BODY and head_pending:
            self._arm(self.request_seconds - self.header_seconds)
        elif state is not h11.IDLE and state is not h11.SEND_BODY:
            self._disarm()

    def _head_too_large(self, data: bytes) -> bool:
        # h11's own limit only counts a head that arrives in pieces; one that arrives whole
        # in a single read is measured here, before h11 parses it.
        buffered = self.conn.trailing_data[0] + data
        end = buffered.find(b"\r\n\r\n")
        return (end if end >= 0 else len(buffered)) > self.max_head_bytes

    def _refuse_head(self) -> None:
        from assistant.api.errors import ErrorBody, ErrorDetail

        detail = ErrorDetail(
            message=f"The request line and headers are over {self.max_head_bytes} bytes.",
            type="invalid_request_error",
            code="headers_too_large",
        )
        body = ErrorBody(error=detail).model_dump_json().encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: application/json\r\nconnection: close\r\n"
            + f"content-length: {len(body)}\r\n\r\n".encode()
            + body
        )
        self._disarm()
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(max(seconds, 0.1), self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()
