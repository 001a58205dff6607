"""Bring the store in line with a set of article files.

Chunk ids derive from content, so the work is a set difference per article: chunks whose id
is not stored are embedded and added, stored ids no longer produced are deleted. Re-running
after an interruption therefore converges, and an unchanged corpus writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embed.base import Embedder
from assistant.ingest.chunk import chunk_article
from assistant.ingest.read import ArticleFile, ArticleReadError, Skipped, discover, read_article
from assistant.settings import ChunkSettings
from assistant.store import ChunkStore
from assistant.types import Article, Passage

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` while chunks are embedded."""


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
        return not (self.added or self.removed or self.pruned_articles)


@dataclass
class _Plan:
    article: Article
    new: list[Passage]
    stale: list[str]
    kept: int


def ingest_paths(
    paths: Iterable[Path],
    store: ChunkStore,
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    prune: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the article files under ``paths``; with ``prune``, drop stored articles not found."""
    files, skipped = discover(paths)
    report = IngestReport(skipped=list(skipped))
    articles = _read_all(files, report)
    return _apply(articles, store, embedder, chunking, report, prune=prune, progress=progress)


def ingest_articles(
    articles: list[Article],
    store: ChunkStore,
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest articles already read (uploads)."""
    report = IngestReport()
    return _apply(articles, store, embedder, chunking, report, prune=False, progress=progress)


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
    store: ChunkStore,
    embedder: Embedder,
    chunking: ChunkSettings,
    report: IngestReport,
    *,
    prune: bool,
    progress: Progress | None,
) -> IngestReport:
    stored = store.chunk_ids_by_source()
    hashes = store.article_hashes()
    plans = [
        _plan(a, stored.get(a.source, set()), hashes.get(a.source), chunking) for a in articles
    ]
    total = sum(len(p.new) for p in plans)
    done = 0
    for plan in plans:
        if plan.new or plan.stale or hashes.get(plan.article.source) != plan.article.sha256:
            # Add before deleting, so an interrupted run never leaves an article with no chunks.
            vectors = embedder.embed([chunk.text for chunk in plan.new])
            store.add(plan.article, plan.new, vectors)
            store.delete_chunks(plan.stale)
            report.updated_articles.append(plan.article.source)
        done += len(plan.new)
        if progress and plan.new:
            progress(done, total, plan.article.source)
        report.added += len(plan.new)
        report.removed += len(plan.stale)
        report.unchanged += plan.kept
    report.articles = len(articles)
    if prune:
        present = {a.source for a in articles}
        for source in sorted((set(stored) | set(hashes)) - present):
            report.removed += store.delete_article(source)
            report.pruned_articles.append(source)
    return report


def _plan(
    article: Article, stored_ids: set[str], stored_hash: str | None, chunking: ChunkSettings
) -> _Plan:
    chunks = chunk_article(article, max_tokens=chunking.tokens, overlap_tokens=chunking.overlap)
    expected = {chunk.id for chunk in chunks}
    return _Plan(
        article=article,
        new=[chunk for chunk in chunks if chunk.id not in stored_ids],
        stale=sorted(stored_ids - expected),
        kept=len(expected & stored_ids),
    )
