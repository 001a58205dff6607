"""Text embedders behind one interface; ``make_embedder`` picks one from the settings."""

from __future__ import annotations

import threading
from collections.abc import Callable

from assistant.embed.base import Embedder, EmbeddingError, Vectors
from assistant.settings import Settings

__all__ = ["Embedder", "EmbeddingError", "LazyEmbedder", "make_embedder"]


class LazyEmbedder:
    """An embedder loaded on first use (or ``load``), from any thread, once."""

    def __init__(self, model_id: str, factory: Callable[[], Embedder]) -> None:
        self._model_id = model_id
        self._factory = factory
        self._loaded: Embedder | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._model_id

    def load(self) -> Embedder:
        with self._lock:
            if self._loaded is None:
                self._loaded = self._factory()
                if self._loaded.model_id != self._model_id:
                    raise EmbeddingError(f"{self._loaded.model_id} is not {self._model_id}")
            return self._loaded

    def embed(self, texts: list[str]) -> Vectors:
        return self.load().embed(texts)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name. A local model is loaded on first use (heavy imports
    happen only then), so commands that embed nothing never load it."""
    backend = settings.embedding.backend
    batch_size = settings.embedding.batch_size
    if backend == "minilm-onnx":

        def onnx() -> Embedder:
            from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder

            return MiniLMOnnxEmbedder(batch_size=batch_size)

        return LazyEmbedder("all-MiniLM-L6-v2-int8-onnx", onnx)
    if backend == "sentence-transformers":

        def torch() -> Embedder:
            from assistant.embed.sentence_transformers import SentenceTransformerEmbedder

            return SentenceTransformerEmbedder(batch_size=batch_size)

        return LazyEmbedder("all-MiniLM-L6-v2-fp32", torch)
    from assistant.embed.openai_api import OpenAIEmbedder

    return OpenAIEmbedder(
        model=settings.embedding.openai_model,
        base_url=settings.llm.base_url,
        api_key=settings.llm.api_key.get_secret_value() if settings.llm.api_key else None,
        timeout=settings.llm.timeout,
    )
