"""Bring the store in line with a set of article files.

An article whose stored hash matches is skipped before any parsing. A new or changed one is
annotated by spaCy (in batches across articles), chunked on its sentences, embedded, and
written in an order that converges when interrupted: new chunks first, then the stale ones
deleted, then the article record with its hash, last. Chunk ids derive from the article's
version, so readers take only the chunks of the recorded version (``is_current``), and every
run first repairs what a crash left half-written, from the stored texts.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embed.base import Embedder
from assistant.ingest.chunk import chunk_article, version_chunk_id
from assistant.ingest.read import ArticleFile, ArticleReadError, Skipped, discover, read_article
from assistant.language import Annotation, Annotator
from assistant.settings import ChunkSettings
from assistant.store import UPLOAD, ChunkStore, StoredArticle
from assistant.types import Article, Passage

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` while articles are processed."""

_ARTICLE_BATCH = 32  # articles annotated and embedded together


class IngestRefused(ValueError):
    """The run would lose articles; nothing was changed, and the message says why."""


@dataclass
class IngestReport:
    """What one ingest run did."""

    articles: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    updated_articles: list[str] = field(default_factory=list)
    reembedded_articles: list[str] = field(default_factory=list)
    """Stored articles written again from their stored text (a rebuild, or a repair)."""
    pruned_articles: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.skipped)

    @property
    def wrote_nothing(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.pruned_articles
            or self.updated_articles
            or self.reembedded_articles
        )


@dataclass(frozen=True)
class _Incoming:
    article: Article
    origin: str  # the file's absolute path, or UPLOAD
    path: Path  # what a skip is reported under


@dataclass
class _Plan:
    article: Article
    annotation: Annotation
    origin: str
    new: list[Passage]
    stale: list[str]
    kept: int


def ingest_paths(
    paths: Iterable[Path],
    store: ChunkStore,
    embedder: Embedder,
    annotator: Annotator,
    chunking: ChunkSettings,
    *,
    prune: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the article files under ``paths``; with ``prune``, drop stored articles not found
    (``IngestRefused`` when a path named is missing, unreadable or holds no article); with
    ``rebuild``, drop every chunk and embed every stored article again as well."""
    paths = list(paths)
    files, skipped = discover(paths)
    report = IngestReport(skipped=list(skipped))
    incoming = _read_all(files, report)
    present = None
    if prune:
        _check_prune(paths, files, incoming, skipped)
        present = {file.source for file in files}
    stages = _Stages(store, embedder, annotator, chunking)
    return _apply(incoming, stages, report, present=present, rebuild=rebuild, progress=progress)


def ingest_articles(
    articles: list[Article],
    store: ChunkStore,
    embedder: Embedder,
    annotator: Annotator,
    chunking: ChunkSettings,
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest articles already read (uploads); an upload replaces an earlier upload of its name."""
    stages = _Stages(store, embedder, annotator, chunking)
    incoming = [_Incoming(a, UPLOAD, Path(a.source)) for a in articles]
    return _apply(incoming, stages, IngestReport(), present=None, rebuild=False, progress=progress)


def _check_prune(
    paths: list[Path], files: list[ArticleFile], incoming: list[_Incoming], skipped: list[Skipped]
) -> None:
    """Refuse a prune that would take articles for gone because a path named was mistyped,
    could not be read, or holds no article."""
    problems = [f"{s.path}: {s.reason}" for s in skipped if s.unlisted]
    read = {item.path for item in incoming}
    for root in paths:
        if root.exists() and not any(f.root == root and f.path in read for f in files):
            problems.append(f"{root}: holds no article that could be read")
    if problems:
        raise IngestRefused(
            "Not pruning, and nothing was changed: --prune removes every stored article not "
            "found under the paths named, and " + "; ".join(problems) + ". Check the paths."
        )


@dataclass(frozen=True)
class _Stages:
    store: ChunkStore
    embedder: Embedder
    annotator: Annotator
    chunking: ChunkSettings


def _read_all(files: list[ArticleFile], report: IngestReport) -> list[_Incoming]:
    incoming = []
    for file in files:
        try:
            incoming.append(_Incoming(read_article(file), file.origin, file.path))
        except ArticleReadError as exc:
            report.skipped.append(Skipped(file.path, str(exc)))
    return incoming


def _apply(
    incoming: list[_Incoming],
    stages: _Stages,
    report: IngestReport,
    *,
    present: set[str] | None,
    rebuild: bool,
    progress: Progress | None,
) -> IngestReport:
    """Write what changed, repair what a crash left half-written, and prune what is not
    ``present`` (when given)."""
    store = stages.store
    if rebuild:
        store.reset_chunks()
    stored = store.stored_articles()
    incoming = _admitted(incoming, stored, report)
    spans = store.chunk_spans()
    broken = _half_written(stored, spans)
    written = {
        i.article.source
        for i in incoming
        if i.article.source in broken or _needs_writing(i.article, stored.get(i.article.source))
    }
    changed = [i for i in incoming if i.article.source in written]
    report.articles = len(incoming)
    report.unchanged += sum(
        len(store.lexical.chunk_ids(i.article.source))
        for i in incoming
        if i.article.source not in written
    )
    for orphan in sorted(set(spans) - set(stored) - written):
        report.removed += store.delete_article(orphan)  # chunks of an article never recorded
    _write_incoming(changed, stages, report, progress)
    _write_stored(sorted(broken - written), stored, stages, report)
    if present is not None:
        for source in sorted(set(stored) - present):
            report.removed += store.delete_article(source)
            report.pruned_articles.append(source)
    return report


def _admitted(
    incoming: list[_Incoming], stored: dict[str, StoredArticle], report: IngestReport
) -> list[_Incoming]:
    """The articles that may be written: one per source name, and none that would replace an
    article of that name from another file (without --prune nothing is removed)."""
    admitted: dict[str, _Incoming] = {}
    for item in incoming:
        source = item.article.source
        reason: str | None
        if source in admitted:
            reason = f"another file is already named {source}; rename one of them"
        else:
            reason = _collision(item, stored.get(source))
        if reason:
            report.skipped.append(Skipped(item.path, reason))
        else:
            admitted[source] = item
    return list(admitted.values())


def _collision(item: _Incoming, record: StoredArticle | None) -> str | None:
    if record is None or not record.origin or record.origin == item.origin:
        return None
    if record.sha256 == item.article.sha256:
        return None  # the same text: the same article, e.g. a folder moved elsewhere
    stored = "an upload" if record.origin == UPLOAD else "another file"
    if item.origin != UPLOAD and record.origin != UPLOAD:
        stored = record.origin  # both are local files: say which
    return (
        f"an article named {item.article.source} is already stored from {stored}; it was not "
        "replaced. Rename this file, or delete that article first"
    )


def _needs_writing(article: Article, record: StoredArticle | None) -> bool:
    return record is None or record.sha256 != article.sha256 or not record.annotated


def _half_written(
    stored: dict[str, StoredArticle], spans: dict[str, list[tuple[str, int, int]]]
) -> set[str]:
    """Stored articles whose chunks are not exactly those of the recorded version: a rebuild
    or a replacement was cut short."""
    broken = {source for source, record in stored.items() if not record.complete}
    for source, record in stored.items():
        chunks = spans.get(source, [])
        if not chunks or any(
            chunk != version_chunk_id(source, record.sha256, start, end)
            for chunk, start, end in chunks
        ):
            broken.add(source)
    return broken


def _write_incoming(
    changed: list[_Incoming], stages: _Stages, report: IngestReport, progress: Progress | None
) -> None:
    for first in range(0, len(changed), _ARTICLE_BATCH):
        batch = changed[first : first + _ARTICLE_BATCH]
        notes = stages.annotator.annotate_many(
            [(i.article.text, i.article.body_start) for i in batch]
        )
        plans = [_plan(i.article, n, i.origin, stages) for i, n in zip(batch, notes, strict=True)]
        _write_batch(plans, stages, report)
        report.updated_articles.extend(i.article.source for i in batch)
        if progress:
            progress(first + len(batch), len(changed), batch[-1].article.source)


def _write_stored(
    sources: list[str], stored: dict[str, StoredArticle], stages: _Stages, report: IngestReport
) -> None:
    """Embed stored articles again from their stored text and annotations."""
    for first in range(0, len(sources), _ARTICLE_BATCH):
        found = stages.store.annotated(
            sources[first : first + _ARTICLE_BATCH],
            lambda article: stages.annotator.annotate(article.text, article.body_start),
        )
        plans = [
            _plan(article, notes, stored[source].origin, stages)
            for source, (article, notes) in found.items()
        ]
        _write_batch(plans, stages, report)
        report.reembedded_articles.extend(found)


def _write_batch(plans: list[_Plan], stages: _Stages, report: IngestReport) -> None:
    """Embed a batch of articles' new chunks together, then write each article."""
    new = [chunk for plan in plans for chunk in plan.new]
    vectors = stages.embedder.embed([chunk.text for chunk in new])
    offset = 0
    for plan in plans:
        count = len(plan.new)
        stages.store.add_chunks(plan.new, vectors[offset : offset + count], plan.annotation)
        offset += count
        _fault_point("after_add_chunks")
        stages.store.delete_chunks(plan.stale)
        _fault_point("after_delete_chunks")
        stages.store.put_article(plan.article, plan.annotation, origin=plan.origin)
        _fault_point("after_put_article")
        report.added += count
        report.removed += len(plan.stale)
        report.unchanged += plan.kept


def _plan(article: Article, annotation: Annotation, origin: str, stages: _Stages) -> _Plan:
    chunks = chunk_article(
        article,
        annotation,
        max_tokens=stages.chunking.tokens,
        overlap_tokens=stages.chunking.overlap,
    )
    complete, anywhere = stages.store.chunk_ids_of(article.source)
    expected = {chunk.id for chunk in chunks}
    return _Plan(
        article=article,
        annotation=annotation,
        origin=origin,
        new=[chunk for chunk in chunks if chunk.id not in complete],
        stale=sorted(anywhere - expected),
        kept=len(expected & complete),
    )


def _fault_point(name: str) -> None:
    """Die like ``kill -9`` here when ASSISTANT_FAULT_AT names this point: the hook the
    crash tests (tests/ingest/test_safety_crash.py) kill ingest with. Read from the
    environment on purpose: it is no setting, and costs one lookup per article."""
    if os.environ.get("ASSISTANT_FAULT_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
