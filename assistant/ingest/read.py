"""Find article files under the given paths and read each into an ``Article`` (or say why not)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

from assistant.ingest.html import html_to_text
from assistant.ingest.metadata import read_metadata
from assistant.types import Article

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
MAX_FILE_BYTES = 20_000_000
"""Largest file read (an HTML page's markup may be many times its text)."""
MAX_ARTICLE_CHARS = 200_000
"""Longest article text ingested: seven times the longest of the 3,788 articles of the news
corpus (a 29,000-character speech transcript), and about 10 seconds of spaCy and embedding
on one core. Ingest runs at the models' speed, so a longer text would hold the store for
minutes; it is refused with a message saying to split it."""


@dataclass(frozen=True)
class ArticleFile:
    """A file to ingest, the source name it will be known by, and the path named that led to
    it (``root``; ``None`` when not known)."""

    path: Path
    source: str
    root: Path | None = None
    size: int | None = None
    mtime_ns: int | None = None
    """The file's size and modification time when found (ingest skips a file whose record
    matches them without reading it)."""

    @property
    def origin(self) -> str:
        """Where the article comes from: the file's absolute path."""
        return str(self.path.absolute())


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and why (``unlisted``: a folder that could not be read)."""

    path: Path
    reason: str
    unlisted: bool = False


class ArticleReadError(ValueError):
    """The file cannot be ingested; the message says why."""


def discover(paths: Iterable[Path]) -> tuple[list[ArticleFile], list[Skipped]]:
    """Article files under ``paths`` (files or folders, searched recursively), sorted by source.

    A file inside a folder is named by its path relative to that folder; a file given
    directly by its name. Hidden files and folders are passed over.
    """
    found: dict[str, ArticleFile] = {}
    skipped: list[Skipped] = []
    for root in paths:
        for item in _walk(root, skipped):
            if item.source in found and found[item.source].path != item.path:
                skipped.append(Skipped(item.path, f"another file is already named {item.source}"))
                continue
            found[item.source] = item
    return sorted(found.values(), key=lambda f: f.source), skipped


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[ArticleFile]:
    if not root.exists():
        skipped.append(Skipped(root, "no such file or folder", unlisted=True))
        return
    if root.is_file():
        problem = unsupported_type(root.name)
        if problem is None:
            yield _found(root, root.name, root)
        else:
            skipped.append(Skipped(root, problem))
        return
    for path in _files_under(root, skipped):
        problem = unsupported_type(path.name)
        if problem is None:
            yield _found(path, path.relative_to(root).as_posix(), root)
        else:
            skipped.append(Skipped(path, problem))


def _found(path: Path, source: str, root: Path) -> ArticleFile:
    try:
        stat = path.stat()
    except OSError:
        return ArticleFile(path, source, root)  # reading it will say what is wrong
    return ArticleFile(path, source, root, stat.st_size, stat.st_mtime_ns)


def _files_under(root: Path, skipped: list[Skipped]) -> list[Path]:
    """Every file below ``root`` but hidden ones, sorted; a folder that cannot be listed is
    reported (a prune must not take its articles for gone)."""

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        skipped.append(Skipped(where, f"cannot be read: {exc.strerror or exc}", unlisted=True))

    found: list[Path] = []
    for folder, folders, names in os.walk(root, onerror=unlisted):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(folder) / name for name in names if not name.startswith("."))
    return sorted(path for path in found if path.is_file())


def unsupported_type(name: str) -> str | None:
    """The one rule for accepted article files (folders, the CLI, the UI and the API): why a
    file of this name is not ingested, or None when its type is accepted."""
    suffix = PurePath(name).suffix
    if suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {suffix or '(none)'!r}; supported: {kinds}"


def read_article(file: ArticleFile) -> Article:
    """Read and decode one article; raises ``ArticleReadError`` with a reason a user can act on."""
    try:
        raw = file.path.read_bytes()
    except OSError as exc:
        raise ArticleReadError(f"cannot be read: {exc.strerror or exc}") from None
    return parse_article(raw, file.source)


def parse_article(raw: bytes, source: str) -> Article:
    """Decode the bytes of an article named ``source`` (used for files and uploads alike)."""
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleReadError(f"is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if not raw.strip():
        raise ArticleReadError("is empty")
    if len(raw) > MAX_ARTICLE_CHARS * 4 and not source.lower().endswith((".html", ".htm")):
        raise _too_long(len(raw), "bytes")  # more than UTF-8 spends on the longest text allowed
    if b"\x00" in raw[:8192]:
        raise ArticleReadError("looks binary (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleReadError(
            f"is not valid UTF-8 (byte {exc.start}); convert it, e.g. `iconv -t UTF-8`"
        ) from None
    text = text.removeprefix("\ufeff")
    if source.lower().endswith((".html", ".htm")):
        text = html_to_text(text)
        if not text.strip():
            raise ArticleReadError("has no readable text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise _too_long(len(text), "characters")
    meta = read_metadata(text, fallback_title=Path(source).stem)
    if not text[meta.body_start :].strip():
        raise ArticleReadError("has no text after its front matter, date marker or title")
    return Article(
        source=source,
        title=meta.title,
        date=meta.date,
        outlet=meta.outlet,
        url=meta.url,
        author=meta.author,
        text=text,
        body_start=meta.body_start,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def _too_long(size: int, unit: str) -> ArticleReadError:
    return ArticleReadError(
        f"is too long for one article ({size:,} {unit}; at most {MAX_ARTICLE_CHARS:,} "
        "characters): split it into parts, one article each"
    )
