"""The app factory: the JSON API, the OpenAI-compatible endpoint and the probes, in one app."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse

from assistant.api import openapi
from assistant.api.auth import RequestOrigin, UILogin, bearer_dependency, check_exposure
from assistant.api.blocking import AnswerSlots, in_thread
from assistant.api.docs import install_docs
from assistant.api.documents import documents_router
from assistant.api.errors import install_error_handlers
from assistant.api.limits import BodyLimit, SessionQuota, ValidText
from assistant.api.openai_compat import openai_router
from assistant.api.questions import questions_router
from assistant.api.schemas import Health, Readiness
from assistant.api.timeline import timeline_router
from assistant.net import allowed_hosts

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.settings import Settings

log = logging.getLogger(__name__)

_DESCRIPTION = """Questions about news articles answered from the articles, with inline [n]
markers that point at exact character spans. `/api/v1` is the native API; `/v1` speaks the
OpenAI chat-completions protocol. See docs/api.md."""


def create_app(
    assistant: Assistant,
    settings: Settings,
    *,
    prepare_index: bool = False,
    answer_slots: int | None = None,
    ui_path: str | None = None,
) -> FastAPI:
    """The ASGI app serving ``assistant``.

    ``prepare_index``: ingest the corpus folder in the background when the index is empty
    (``/readyz`` answers 503 until done). ``answer_slots``: answers computed at once (default:
    the number of CPUs). ``ui_path``: where a UI will be mounted; with a token, it demands
    the token too. Raises ``ExposureError`` when ``settings.api.host`` is not loopback and no
    token is set.
    """
    check_exposure(settings)
    warmup = _Warmup(assistant, enabled=prepare_index)
    app = FastAPI(
        title="News assistant API",
        version=_version(),
        description=_DESCRIPTION,
        lifespan=warmup.lifespan,
        docs_url=None,  # install_docs: the same pages, their assets served from a package
        redoc_url=None,
    )
    install_docs(app)
    install_error_handlers(app)
    _guard(app, settings, ui_path)
    slots = AnswerSlots(answer_slots or os.cpu_count() or 2)
    guarded: dict[str, Any] = {}
    if settings.api.token is not None:
        guarded["dependencies"] = [
            Depends(bearer_dependency(settings.api.token.get_secret_value()))
        ]
    limit = settings.api.max_question_chars
    native = APIRouter()
    native.include_router(questions_router(assistant, limit, slots, SessionQuota(assistant)))
    native.include_router(documents_router(assistant))
    native.include_router(timeline_router(assistant, limit, slots))
    app.include_router(native, prefix="/api/v1", **guarded)
    sources = settings.api.openai_sources
    app.include_router(
        openai_router(assistant, limit, slots, sources=sources), prefix="/v1", **guarded
    )
    app.include_router(_probes(assistant, warmup))
    openapi.customise(app, limit)
    return app


def _guard(app: FastAPI, settings: Settings, ui_path: str | None) -> None:
    """The checks every request passes, outermost first: Host and Origin, the UI's login (with
    a token), the body size, valid text. (Each ``add_middleware`` wraps the ones before.)"""
    app.add_middleware(ValidText)
    app.add_middleware(BodyLimit, max_bytes=settings.api.max_body_bytes)
    if settings.api.token is not None and ui_path is not None:
        from assistant.ui.launch import login

        app.add_middleware(
            UILogin,
            prefix=ui_path,
            token=settings.api.token.get_secret_value(),
            login=login(settings.ui),
        )
    allowed = allowed_hosts(settings.api.host, settings.api.allowed_hosts)
    app.add_middleware(RequestOrigin, allowed=allowed)


def _probes(assistant: Assistant, warmup: _Warmup) -> APIRouter:
    # Unauthenticated on purpose: load balancers and orchestrators probe without credentials,
    # and the answers reveal only counts.
    router = APIRouter(tags=["probes"])

    @router.get("/healthz")
    async def healthz() -> Health:
        """Liveness: the process is up and answering."""
        return Health(status="ok")

    @router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
    async def readyz() -> Readiness | JSONResponse:
        """Readiness: the index is loaded and questions can be answered (503 until then)."""
        readiness = await in_thread(lambda: warmup.readiness(assistant))
        if readiness.status == "ready":
            return readiness
        return JSONResponse(readiness.model_dump(mode="json"), status_code=503)

    return router


class _Warmup:
    """Ingests the corpus and builds the lexical index in a thread, so the port opens at once."""

    def __init__(self, assistant: Assistant, *, enabled: bool) -> None:
        self._assistant = assistant
        self._enabled = enabled
        self._done = threading.Event()
        self._failure: str | None = None
        self._thread: threading.Thread | None = None

    @asynccontextmanager
    async def lifespan(self, app: FastAPI) -> AsyncIterator[None]:
        if self._enabled:
            log.info("preparing the index in the background; /readyz answers 503 until done")
            self._thread = threading.Thread(target=self._run, name="index-warmup", daemon=True)
            self._thread.start()
        else:
            self._done.set()
        yield
        if self._thread is not None and self._thread.is_alive():
            log.info("waiting for the corpus ingest to finish before stopping")
            await in_thread(self._thread.join)

    def _run(self) -> None:
        try:
            self._assistant.warm()
            report = self._assistant.ensure_ingested()
            if report is not None:
                log.info("ingested %d articles (%d chunks)", report.articles, report.added)
            log.info("the index is ready")
        except Exception as exc:  # reported by /readyz; the process stays up for diagnosis
            log.exception("preparing the index failed")
            self._failure = str(exc)
        finally:
            self._done.set()

    def readiness(self, assistant: Assistant) -> Readiness:
        """The readiness report (blocking: reads the store)."""
        if not self._done.is_set():
            return Readiness(
                status="starting", chunks=0, detail="Loading the models, or ingesting."
            )
        # Only the chunk count: it is O(1), and probes come every few seconds.
        chunks = assistant.store.count()
        if self._failure is not None:
            return Readiness(status="failed", chunks=chunks, detail=self._failure)
        if not chunks:
            detail = "The index is empty: upload articles (POST /api/v1/documents) or ingest them."
            return Readiness(status="empty", chunks=0, detail=detail)
        return Readiness(status="ready", chunks=chunks)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("assistant")
    except PackageNotFoundError:
        return "0"
