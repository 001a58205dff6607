"""Token counting (the budget unit of chunks, prompts and history) and the word matching used
where no annotations exist (an answer an LLM wrote, checked against the spans it cites)."""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path

import tiktoken

from assistant.language import sentence_spans as _sentence_spans
from assistant.types import Span

_WORD = re.compile(r"\w+(?:['’]\w+)?")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` (spaCy's sentencizer) as spans into ``text``."""
    end = len(text) if end is None else end
    return [Span(start=start + a, end=start + b) for a, b in _sentence_spans(text[start:end])]


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    # cl100k_base cannot be downloaded here; llama-index ships it in a cache folder.
    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin and "TIKTOKEN_CACHE_DIR" not in os.environ:
        cache = Path(spec.origin).parent / "_static" / "tiktoken_cache"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in cl100k_base."""
    return len(_encoding().encode(text, disallowed_special=()))


def truncate_tokens(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` tokens of cl100k_base."""
    tokens = _encoding().encode(text, disallowed_special=())
    if len(tokens) <= limit:
        return text
    prefix = _encoding().decode(tokens[:limit])
    # A token may end inside a character (decoded as U+FFFD): keep only what ``text`` holds.
    while prefix and not text.startswith(prefix):
        prefix = prefix[:-1]
    return prefix


def content_terms(text: str) -> list[str]:
    """Lower-cased words that carry meaning: spaCy's English stop words and possessive 's
    dropped. Used to check an answer's words against the text it cites."""
    from assistant.language import stop_words

    found = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word.removesuffix("'s")
        if word not in stop_words() and (len(word) > 1 or word.isdigit()):
            found.append(word)
    return found
