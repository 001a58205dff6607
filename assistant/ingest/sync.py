"""Bring the store in line with a set of article files.

An article whose stored hash matches is skipped before any parsing. A new or changed one is
annotated by spaCy (in batches across articles), chunked on its sentences, embedded, and
written in an order that converges when interrupted: new chunks first, then the stale ones
deleted, then the article record with its hash, last. Chunk ids derive from content, so a
re-run after an interruption keeps what was already written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embed.base import Embedder
from assistant.ingest.chunk import chunk_article
from assistant.ingest.read import ArticleFile, ArticleReadError, Skipped, discover, read_article
from assistant.language import Annotation, Annotator
from assistant.settings import ChunkSettings
from assistant.store import ChunkStore
from assistant.types import Article, Passage

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` while articles are processed."""

_ARTICLE_BATCH = 32  # articles annotated and embedded together


@dataclass
class IngestReport:
    """What one ingest run did."""

    articles: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    updated_articles: list[str] = field(default_factory=list)
    pruned_articles: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.skipped)

    @property
    def wrote_nothing(self) -> bool:
        return not (self.added or self.removed or self.pruned_articles or self.updated_articles)


@dataclass
class _Plan:
    article: Article
    annotation: Annotation
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
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the article files under ``paths``; with ``prune``, drop stored articles not found."""
    files, skipped = discover(paths)
    report = IngestReport(skipped=list(skipped))
    articles = _read_all(files, report)
    stages = _Stages(store, embedder, annotator, chunking)
    return _apply(articles, stages, report, prune=prune, progress=progress)


def ingest_articles(
    articles: list[Article],
    store: ChunkStore,
    embedder: Embedder,
    annotator: Annotator,
    chunking: ChunkSettings,
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest articles already read (uploads)."""
    stages = _Stages(store, embedder, annotator, chunking)
    return _apply(articles, stages, IngestReport(), prune=False, progress=progress)


@dataclass(frozen=True)
class _Stages:
    store: ChunkStore
    embedder: Embedder
    annotator: Annotator
    chunking: ChunkSettings


def _read_all(files: list[ArticleFile], report: IngestReport) -> list[Article]:
    articles = []
    for file in files:
        try:
            articles.append(read_article(file))
        except ArticleReadError as exc:
            report.skipped.append(Skipped(file.path, str(exc)))
    return articles


def _apply(
    articles: list[Article],
    stages: _Stages,
    report: IngestReport,
    *,
    prune: bool,
    progress: Progress | None,
) -> IngestReport:
    store = stages.store
    hashes = store.article_hashes()
    changed = [a for a in articles if hashes.get(a.source) != a.sha256]
    redo = {a.source for a in changed}
    report.articles = len(articles)
    report.unchanged += sum(
        len(store.lexical.chunk_ids(a.source)) for a in articles if a.source not in redo
    )
    for first in range(0, len(changed), _ARTICLE_BATCH):
        batch = changed[first : first + _ARTICLE_BATCH]
        _write_batch(batch, stages, report)
        if progress:
            progress(first + len(batch), len(changed), batch[-1].source)
    if prune:
        present = {a.source for a in articles}
        stored = set(hashes) | set(store.chunk_ids_by_source())
        for source in sorted(stored - present):
            report.removed += store.delete_article(source)
            report.pruned_articles.append(source)
    return report


def _write_batch(batch: list[Article], stages: _Stages, report: IngestReport) -> None:
    """Annotate, chunk and embed a batch of articles together, then write each one."""
    annotations = stages.annotator.annotate_many([(a.text, a.body_start) for a in batch])
    plans = [_plan(a, n, stages) for a, n in zip(batch, annotations, strict=True)]
    new = [chunk for plan in plans for chunk in plan.new]
    vectors = stages.embedder.embed([chunk.text for chunk in new])
    offset = 0
    for plan in plans:
        count = len(plan.new)
        stages.store.add_chunks(plan.new, vectors[offset : offset + count], plan.annotation)
        offset += count
        stages.store.delete_chunks(plan.stale)
        stages.store.put_article(plan.article, plan.annotation)
        report.updated_articles.append(plan.article.source)
        report.added += count
        report.removed += len(plan.stale)
        report.unchanged += plan.kept


def _plan(article: Article, annotation: Annotation, stages: _Stages) -> _Plan:
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
        new=[chunk for chunk in chunks if chunk.id not in complete],
        stale=sorted(anywhere - expected),
        kept=len(expected & complete),
    )
