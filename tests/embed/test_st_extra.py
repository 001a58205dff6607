"""The `st` extra (issue 13 item 13): what its install brings is the CPU build of torch and no
CUDA package, and the sentence-transformers backend it enables embeds like the default int8
ONNX model. The extra's packages are installed for this test only, into a folder of its own,
exactly as the resolver picks them for `pip install -e '.[st]'`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ["Who is the governor of the Sumy region?", "The ferry port of Cork reopened."]
_EMBED = """
import json, sys
import torch
from assistant.embed.sentence_transformers import SentenceTransformerEmbedder
vectors = SentenceTransformerEmbedder().embed(json.loads(sys.argv[1]))
print(json.dumps({"cuda": torch.version.cuda, "vectors": vectors.tolist()}))
"""


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True, timeout=900)


def test_the_st_extra_brings_cpu_torch_and_embeds_like_the_default(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    report = tmp_path / "report.json"
    _pip("install", "--dry-run", "--quiet", "--report", str(report), "-e", f"{ROOT}[st]")
    picked = {
        item["metadata"]["name"].lower(): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    assert picked["torch"].endswith("+cpu"), picked
    assert not [name for name in picked if name.startswith("nvidia")], picked
    target = tmp_path / "st"
    wanted = [f"{name}=={version}" for name, version in picked.items() if name != "assistant"]
    _pip("install", "--quiet", "--no-deps", "--target", str(target), *wanted)

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-c", _EMBED, json.dumps(TEXTS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["cuda"] is None  # the CPU build
    reference = np.asarray(result["vectors"], dtype=np.float32)
    cosines = (reference * embedder.embed(TEXTS)).sum(axis=1)
    assert (cosines > 0.98).all(), cosines  # int8 ONNX against the fp32 weights
