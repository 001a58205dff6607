"""Sentence boundaries with exact offsets, token counting, and the word normalisation used
by lexical matching. Pure functions shared by ingestion, retrieval and citation checks."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import tiktoken

from assistant.types import Span

# A sentence ends at . ! ? (or an ellipsis), optionally followed by closing quotes or brackets,
# then whitespace and something that can open a sentence.
_BOUNDARY = re.compile(r"""[.!?…]+["'’”)\]]*(?=\s+["'‘“(\[]?[A-Z0-9])""")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "lt",
        "col",
        "capt",
        "sgt",
        "maj",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "est",
        "dept",
        "univ",
    ]
)
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "now",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "would",
        "could",
        "might",
        "must",
        "shall",
        "may",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "s",
        "t",
        "don",
        "also",
        "said",
        "says",
        "say",
        "according",
    ]
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as spans into ``text``, whitespace trimmed.

    Line breaks always end a sentence (captions and headings often lack a full stop).
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line_start, line_end in _lines(text, start, end):
        spans.extend(_split_line(text, line_start, line_end))
    return spans


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline == -1 else newline
        yield pos, line_end
        pos = line_end + 1


def _split_line(text: str, start: int, end: int) -> list[Span]:
    line = text[start:end]
    cuts = [0]
    for match in _BOUNDARY.finditer(line):
        if not _is_abbreviation(line, match.start()):
            cuts.append(match.end())
    cuts.append(len(line))
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = line[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            s = start + a + lead
            spans.append(Span(start=s, end=s + len(stripped)))
    return spans


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    before = line[:dot]
    word = re.search(r"[A-Za-z.]+$", before)
    if not word:
        return False
    token = word.group(0)
    return token.lower().rstrip(".") in _ABBREVIATIONS or bool(_INITIALS.search(token))


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    # cl100k_base cannot be downloaded here; llama-index ships it in a cache folder.
    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin and "TIKTOKEN_CACHE_DIR" not in os.environ:
        cache = Path(spec.origin).parent / "_static" / "tiktoken_cache"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in cl100k_base (the budget unit of chunks, prompts and history)."""
    return len(_encoding().encode(text, disallowed_special=()))


def words(text: str) -> list[str]:
    """Lower-cased word tokens, possessives dropped (Russia's -> russia)."""
    return [_normalise(w) for w in _WORD.findall(text)]


def content_terms(text: str) -> list[str]:
    """Words that carry meaning: no stopwords, light plural stemming."""
    return [_stem(w) for w in words(text) if w not in _STOPWORDS and len(w) > 1]


def _normalise(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def _stem(word: str) -> str:
    if len(word) > 5 and word.endswith(("our", "ours")):
        # British and American spellings meet: neighbours ~ neighbors, armour ~ armor.
        word = word.replace("our", "or")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
