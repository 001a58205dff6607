"""Question answering over news articles, offline, with citations to exact source spans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.settings import Settings, load_settings
from assistant.types import Answer, Article, ArticleInfo, Citation, Filters, Passage, Turn

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.service import Assistant, StreamEvent

__all__ = [
    "Answer",
    "Article",
    "ArticleInfo",
    "Assistant",
    "ChatSession",
    "Citation",
    "Filters",
    "Passage",
    "Settings",
    "StreamEvent",
    "Turn",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    # The service pulls in onnxruntime and chromadb; import it only when asked for, so that
    # `assistant --help` and `import assistant.types` stay instant.
    if name in {"Assistant", "StreamEvent"}:
        from assistant import service

        return getattr(service, name)
    if name == "ChatSession":
        from assistant.chat import ChatSession

        return ChatSession
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
