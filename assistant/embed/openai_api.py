"""Embeddings from an OpenAI-compatible ``/v1/embeddings`` endpoint."""

from __future__ import annotations

import numpy as np

from assistant.embed.base import EmbeddingError, Vectors, normalise


class OpenAIEmbedder:
    """Embeds through the openai client; honours OPENAI_API_KEY and OPENAI_BASE_URL."""

    def __init__(
        self, *, model: str, base_url: str | None, api_key: str | None, timeout: float
    ) -> None:
        import openai

        try:
            self._client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout)
        except openai.OpenAIError as exc:
            raise EmbeddingError(
                f"{exc} Set OPENAI_API_KEY (or ASSISTANT_LLM_API_KEY) for the openai backend."
            ) from None
        self._model = model

    @property
    def model_id(self) -> str:
        return f"openai:{self._model}"

    def embed(self, texts: list[str]) -> Vectors:
        import openai

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        try:
            response = self._client.embeddings.create(model=self._model, input=texts)
        except openai.OpenAIError as exc:
            raise EmbeddingError(
                f"The embeddings endpoint failed: {exc}. Check ASSISTANT_EMBEDDING_OPENAI_MODEL "
                "and ASSISTANT_LLM_BASE_URL."
            ) from None
        rows = sorted(response.data, key=lambda item: item.index)
        return normalise(np.array([row.embedding for row in rows], dtype=np.float32))
