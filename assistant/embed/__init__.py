"""Text embedders behind one interface; ``make_embedder`` picks one from the settings."""

from __future__ import annotations

from assistant.embed.base import Embedder, EmbeddingError
from assistant.settings import Settings

__all__ = ["Embedder", "EmbeddingError", "make_embedder"]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name, loaded once; heavy imports happen only here."""
    backend = settings.embedding.backend
    if backend == "minilm-onnx":
        from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder

        return MiniLMOnnxEmbedder(batch_size=settings.embedding.batch_size)
    if backend == "sentence-transformers":
        from assistant.embed.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(batch_size=settings.embedding.batch_size)
    from assistant.embed.openai_api import OpenAIEmbedder

    return OpenAIEmbedder(
        model=settings.embedding.openai_model,
        base_url=settings.llm.base_url,
        api_key=settings.llm.api_key.get_secret_value() if settings.llm.api_key else None,
        timeout=settings.llm.timeout,
    )
