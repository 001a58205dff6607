"""The request-body size limit, answered with the API's JSON error body.

Starlette's own limiter answers in plain text whenever Content-Length is too large; this one
says what the limit is, in the same ``{"error": ...}`` shape as every other API error.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response


class BodyLimit:
    """Reject request bodies over ``max_bytes`` on paths under ``prefixes`` with 413.

    A declared Content-Length over the limit is refused before any byte is read; a chunked
    body is counted as it arrives and refused once it passes the limit.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, prefixes: tuple[str, ...]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse()(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _refuse(self) -> ASGIApp:
        return error_response(413, self.message, code="body_too_large")

    @property
    def message(self) -> str:
        return f"The request body is larger than the limit of {self.max_bytes} bytes."

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # FastAPI re-raises HTTPExceptions met while reading the body, so this reaches
                # the API's handler and becomes the same JSON 413.
                raise HTTPException(413, self.message)
            return message

        return counted
