"""The answer backend as each browser tab's own choice, over one shared service.

A tab that picks another backend than the service's gets a view of the service with that
backend: the store, retriever, evidence finder and conversations are the service's own (read
through on every use, so uploads and rebuilds show at once); only the answerer, the follow-up
rewriter and the settings naming them are the view's. No tab's choice changes another's.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Literal

from assistant.service import Assistant

if TYPE_CHECKING:
    from assistant.settings import Settings

Backend = Literal["extractive", "openai"]


class _BackendView(Assistant):
    """``base`` answering with ``backend``; everything else is read from ``base``."""

    def __init__(self, base: Assistant, backend: Backend) -> None:
        # No super().__init__: the stages are the base's, not new ones.
        self._base = base
        self.origin: Settings = base.settings
        self.settings = base.settings
        self.set_answer_backend(backend)  # raises when the backend cannot start

    def __getattr__(self, name: str) -> Any:
        # Only reached for what the view does not set itself: the base's stages and state.
        if name == "_base":
            raise AttributeError(name)
        return getattr(self._base, name)


class Backends:
    """The service as each backend answers: the service itself for its own backend, a view
    (built on first use, then kept) for the other."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._views: dict[Backend, _BackendView] = {}
        self._lock = threading.Lock()

    def default(self) -> Backend:
        """The service's backend: what a tab answers with until it picks another."""
        return self.assistant.settings.answer.backend

    def get(self, backend: Backend | None) -> Assistant:
        """The service answering with ``backend`` (None: the service's own); raises when
        that backend cannot start (no LLM URL or key, for example)."""
        if backend is None or backend == self.default():
            return self.assistant
        with self._lock:
            view = self._views.get(backend)
            if view is None or view.origin is not self.assistant.settings:
                view = self._views[backend] = _BackendView(self.assistant, backend)
            return view
