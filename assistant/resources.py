"""Where the files that ship with the assistant live: in a source checkout or in the wheel."""

from __future__ import annotations

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
