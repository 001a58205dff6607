"""The fake OpenAI-compatible server (tests/llm/fake_openai.py) for answerer tests."""

from __future__ import annotations

from llm.fake_openai import fake_openai, fake_server

__all__ = ["fake_openai", "fake_server"]  # fixtures, found by pytest through this module
