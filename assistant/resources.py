"""Where the files that ship with the assistant live: in a source checkout or in the wheel."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """The checkout's top-level folder, else the copy the wheel carries under ``_bundled``."""
    checkout = _PACKAGE.parent / name
    return checkout if checkout.is_dir() else _PACKAGE / "_bundled" / name


def bundled_seeds_dir() -> Path:
    """The two bundled news articles."""
    return _shipped("seeds")


def prompts_dir() -> Path:
    """The prompt templates."""
    return _shipped("prompts")


def tokenizer_path() -> Path:
    """The WordPiece tokenizer of all-MiniLM-L6-v2 (Apache-2.0, see its LICENSE note)."""
    return _PACKAGE / "embed" / "tokenizer" / "tokenizer.json"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the package's Python sources and prompts: changes with any code change."""
    digest = hashlib.sha256()
    files = sorted(_PACKAGE.rglob("*.py")) + sorted(prompts_dir().glob("*"))
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
