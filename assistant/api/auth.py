"""Who may call: the bearer token (API and UI alike), the rule that a server reachable from
other machines has one, and the Host/Origin checks against DNS rebinding and cross-site writes."""

# No `from __future__ import annotations`: FastAPI reads the dependency's annotation at run
# time, and it names a local object.
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import APIError, error_response
from assistant.net import exposure_problems, host_allowed
from assistant.settings import Settings


class ExposureError(ValueError):
    """The API would listen beyond loopback without a token; the message says what to set."""


def check_exposure(settings: Settings) -> None:
    """Refuse to serve beyond loopback without ``api.token`` (raises ``ExposureError``)."""
    problems = exposure_problems(settings.api.host, api_token=settings.api.token is not None)
    if problems:
        raise ExposureError(problems[0])


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


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CROSS_SITE_FETCH = frozenset({"cross-site", "same-site"})


class RequestOrigin:
    """Refuse requests that name another host (DNS rebinding) and writes from other sites.

    ``Host`` must be one of ``allowed`` (see ``assistant.net.allowed_hosts``), else 400. A
    write (any method but GET, HEAD, OPTIONS), on every path, is refused with 403 when a
    browser says it comes from another origin: an ``Origin`` header other than this server's
    own, or no ``Origin`` and ``Sec-Fetch-Site: cross-site``. Browsers send ``Origin`` with
    every POST, PUT, PATCH and DELETE, so a page elsewhere cannot post a form or a multipart
    upload here; programs (curl, the OpenAI client) send neither header and are admitted.
    """

    def __init__(self, app: ASGIApp, *, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            await refusal(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        host = headers.get("host")
        if not host_allowed(host, self.allowed):
            return error_response(
                400,
                f"This server does not answer to the host name {host!r}. Use the address it "
                "is bound to, or add the name to ASSISTANT_API_ALLOWED_HOSTS.",
                code="invalid_host",
            )
        # A websocket handshake is a GET, but browsers let any page open one: check it too.
        writes = scope["type"] == "websocket" or scope["method"] not in _SAFE_METHODS
        if writes and not _same_origin(headers, host):
            return error_response(
                403,
                "Cross-site request refused: this server takes writes only from its own "
                "pages and from programs (which send no Origin header).",
                code="cross_origin_request",
            )
        return None


def _same_origin(headers: Headers, host: str | None) -> bool:
    origin = headers.get("origin")
    if origin is None:
        return headers.get("sec-fetch-site", "") not in _CROSS_SITE_FETCH
    scheme, _, authority = origin.partition("://")
    # "null" (sandboxed frames, file: pages) and anything but http(s) are never this server.
    return scheme in {"http", "https"} and host is not None and authority == host.lower()


UI_COOKIE = "assistant-ui"


class UILogin:
    """With an API token, the UI under ``prefix`` demands it too: a login form takes the token
    (or the UI login, when one is configured) and sets a cookie; scripts may send
    ``Authorization: Bearer <token>``. Every path under ``prefix`` is guarded, gradio's API
    routes included, so nothing of the UI is reachable without the token.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        prefix: str,
        token: str,
        login: tuple[str, str] | None = None,
    ) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")
        self.login_path = f"{self.prefix}/login"
        self._token = token.encode()
        self._login = login
        # The cookie proves the token was given without holding it; it changes with the token.
        self._cookie = hmac.new(self._token, b"assistant-ui-login", hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        guarded = path == self.prefix or path.startswith(f"{self.prefix}/")
        if scope["type"] not in {"http", "websocket"} or not guarded or self._admitted(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        request = Request(scope, receive)
        response: Response
        if path == self.login_path:
            response = await self._login_page(request)
        elif request.method in {"GET", "HEAD"} and "text/html" in request.headers.get("accept", ""):
            response = RedirectResponse(self.login_path, status_code=303)
        else:
            response = error_response(
                401,
                f"Log in at {self.login_path} first, or send 'Authorization: Bearer <token>'.",
                code="login_required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        await response(scope, receive, send)

    def _admitted(self, scope: Scope) -> bool:
        headers = Headers(scope=scope)
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and secrets.compare_digest(given.encode(), self._token):
            return True
        cookie = Request(scope).cookies.get(UI_COOKIE, "")
        return secrets.compare_digest(cookie.encode(), self._cookie.encode())

    async def _login_page(self, request: Request) -> Response:
        if request.method != "POST":
            return HTMLResponse(_login_form(self.login_path, self._login is not None, None))
        form = await request.form(max_files=0, max_fields=4)
        name, password = str(form.get("username", "")), str(form.get("password", ""))
        if not self._accepts(name, password):
            page = _login_form(self.login_path, self._login is not None, "That is not right.")
            return HTMLResponse(page, status_code=401)
        response = RedirectResponse(f"{self.prefix}/", status_code=303)
        response.set_cookie(
            UI_COOKIE, self._cookie, path=self.prefix, httponly=True, samesite="lax"
        )
        return response

    def _accepts(self, name: str, password: str) -> bool:
        token_ok = secrets.compare_digest(password.encode(), self._token)
        login_ok = self._login is not None and (
            secrets.compare_digest(name.encode(), self._login[0].encode())
            & secrets.compare_digest(password.encode(), self._login[1].encode())
        )
        return token_ok or login_ok


def _login_form(action: str, with_name: bool, problem: str | None) -> str:
    name = (
        '<label>Name <input name="username" autocomplete="username"></label>' if with_name else ""
    )
    label = "Password or API token" if with_name else "API token"
    error = f'<p role="alert">{problem}</p>' if problem else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in: news '
        'assistant</title><meta name="viewport" content="width=device-width"></head><body '
        'style="font-family:sans-serif;max-width:24rem;margin:4rem auto">'
        f"<h1>News assistant</h1>{error}"
        f'<form method="post" action="{action}" style="display:grid;gap:.75rem">{name}'
        f'<label>{label} <input name="password" type="password" required '
        'autocomplete="current-password" autofocus></label><button>Log in</button></form>'
        "</body></html>"
    )
