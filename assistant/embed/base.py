"""The embedding interface every backend implements."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class EmbeddingError(RuntimeError):
    """The embedding model could not be loaded or run; the message says what to do."""


class Embedder(Protocol):
    """Turns texts into unit-length vectors; the same model for passages and questions."""

    @property
    def model_id(self) -> str:
        """Names the model; a collection built with one model is never queried with another."""
        ...

    def embed(self, texts: list[str]) -> Vectors:
        """One L2-normalised row per text."""
        ...


def normalise(vectors: Vectors) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
