"""Optional bearer-token auth, and the rule that an API reachable from other machines has one."""

# No `from __future__ import annotations`: FastAPI reads the dependency's annotation at run
# time, and it names a local object.
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.errors import APIError
from assistant.net import is_loopback
from assistant.settings import Settings


class ExposureError(ValueError):
    """The API would listen beyond loopback without a token; the message says what to set."""


def check_exposure(settings: Settings) -> None:
    """Refuse to serve beyond loopback without ``api.token`` (raises ``ExposureError``)."""
    if settings.api.token is None and not is_loopback(settings.api.host):
        raise ExposureError(
            f"Refusing to listen on {settings.api.host} without an API token: anyone who can "
            "reach this address could read and change the corpus. Set ASSISTANT_API_TOKEN "
            "(clients then send 'Authorization: Bearer <token>'), or bind 127.0.0.1."
        )


def bearer_dependency(
    token: str,
) -> Callable[[HTTPAuthorizationCredentials | None], Awaitable[None]]:
    """A dependency that admits only requests carrying ``Authorization: Bearer <token>``."""
    # HTTPBearer documents the scheme in the OpenAPI schema; auto_error=False so that a
    # missing header gets our 401 with the standard error body rather than FastAPI's 403.
    scheme = HTTPBearer(auto_error=False, description="The token in ASSISTANT_API_TOKEN.")
    expected = token.encode()

    async def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(scheme)],
    ) -> None:
        given = credentials.credentials.encode() if credentials else b""
        # compare_digest: the time taken must not reveal how much of the token matched.
        if not credentials or not secrets.compare_digest(given, expected):
            raise APIError(
                401,
                "invalid_api_key" if credentials else "missing_api_key",
                "Send the API token as 'Authorization: Bearer <token>'."
                if not credentials
                else "The bearer token is not valid.",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return require_token
