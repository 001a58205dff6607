"""The OpenAI-compatible client, built once from the LLM settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.settings import LLMSettings

if TYPE_CHECKING:
    import openai


class LLMConfigError(RuntimeError):
    """The LLM backend cannot be used as configured; the message names the setting to fix."""


def make_client(llm: LLMSettings) -> openai.OpenAI:
    """An ``openai.OpenAI`` client; unset key and URL fall back to OPENAI_API_KEY / _BASE_URL."""
    import openai

    try:
        return openai.OpenAI(
            base_url=llm.base_url,
            api_key=llm.api_key.get_secret_value() if llm.api_key else None,
            timeout=llm.timeout,
            max_retries=0,  # retries are ours: bounded by the per-question deadline
        )
    except openai.OpenAIError as exc:
        raise LLMConfigError(
            f"The openai backend is not configured: {exc}. Set OPENAI_API_KEY or "
            "ASSISTANT_LLM_API_KEY (and ASSISTANT_LLM_BASE_URL for a local server)."
        ) from None
