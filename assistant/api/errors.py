"""One error shape for every 4xx/5xx the API sends, in the OpenAI format so that the ``openai``
client (and people reading curl output) get the message: ``{"error": {"message", "type",
"code", "param"}}``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from assistant.store import StoreError

log = logging.getLogger(__name__)

_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    405: "invalid_request_error",
    409: "invalid_request_error",
    413: "request_too_large",
    415: "invalid_request_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
    500: "api_error",
    503: "service_unavailable",
}


class ErrorDetail(BaseModel):
    """What went wrong and where."""

    message: str = Field(description="A sentence saying what is wrong and how to fix it.")
    type: str = Field(description="Error class, e.g. invalid_request_error, not_found_error.")
    code: str | None = Field(default=None, description="Machine-readable reason, if any.")
    param: str | None = Field(default=None, description="The request field at fault, if any.")


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class APIError(Exception):
    """Raised by a route to answer with ``status`` and an ``ErrorBody``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.headers = headers


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    detail = ErrorDetail(
        message=_encodable(message),
        type=_TYPES.get(status, "api_error"),
        code=code,
        param=_encodable(param) if param is not None else None,
    )
    return JSONResponse(
        ErrorBody(error=detail).model_dump(mode="json"), status_code=status, headers=headers
    )


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (from a client's ``"\\ud800"``) replaced: an error message
    that quotes the client must still be valid UTF-8, or the error itself becomes a 500."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def error_json(exc: Exception) -> str:
    """The error body for a failure after a stream has started (sent as an event)."""
    detail = ErrorDetail(
        message=f"The answer failed: {exc}", type="api_error", code="answer_failed"
    )
    return ErrorBody(error=detail).model_dump_json()


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting the error body for ``statuses``."""
    return {status: {"model": ErrorBody} for status in statuses}


def install_error_handlers(app: FastAPI) -> None:
    """Turn API errors, HTTP errors and validation errors into ``ErrorBody`` responses."""
    app.add_exception_handler(APIError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    # The last resort: a bug still answers in the documented shape, never a plain-text page.
    app.add_exception_handler(Exception, _internal_error)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, APIError)
    return error_response(
        exc.status, exc.message, code=exc.code, param=exc.param, headers=exc.headers
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    code = "body_too_large" if exc.status_code == 413 else None
    return error_response(exc.status_code, message, code=code, headers=exc.headers)


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    """503 with the store's own message (e.g. the Chroma server cannot be reached)."""
    log.error("the store failed on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, str(exc), code="store_unavailable")


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500,
        "The server failed to answer this request; the error is in its log.",
        code="internal_error",
        # The server drops the connection after an unhandled error: tell the client first,
        # so that it does not send its next request down a closing connection.
        headers={"Connection": "close"},
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 naming the first invalid field in plain words (all of them are in the message)."""
    assert isinstance(exc, RequestValidationError)
    problems = [_describe(error) for error in exc.errors()]
    first = exc.errors()[0] if exc.errors() else {}
    return error_response(
        422,
        "; ".join(problems) or "The request is invalid.",
        code="validation_error",
        param=_param(first.get("loc", ())),
    )


def _describe(error: dict[str, Any]) -> str:
    where = _param(error.get("loc", ()))
    message = str(error.get("msg", "is invalid"))
    return f"{where}: {message}" if where else message


def _param(loc: Any) -> str | None:
    # Drop the "body"/"query"/"path" prefix FastAPI adds; the field path is what users wrote.
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "header"}]
    return ".".join(parts) or None
