"""Bring the store in line with a set of article files.

A file whose size and modification time match its record is skipped without being read; one
whose hash matches is skipped before any parsing. New and changed articles go through the
pipeline in batches across articles: spaCy annotates them, they are chunked on its sentences,
their new chunks embedded together, and the batch is written by a writer thread while the next
one is annotated and embedded. The store writes vectors first and the catalog records in one
transaction (``ChunkStore.write``), so a run cut short anywhere converges when run again: every
run first removes vectors a crash left behind and re-embeds articles left incomplete, from the
stored texts.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embed.base import Embedder
from assistant.ingest.chunk import chunk_article
from assistant.ingest.read import ArticleFile, ArticleReadError, Skipped, discover, read_article
from assistant.ingest.stories import group_stories
from assistant.language import Annotation, Annotator
from assistant.roles import count_roles
from assistant.settings import ChunkSettings
from assistant.store import UPLOAD, ArticleVersion, ChunkStore, StoredArticle
from assistant.text import count_tokens
from assistant.types import Article

_ARTICLE_BATCH = 64  # articles annotated, embedded and written together


@dataclass(frozen=True)
class Throughput:
    """How far an ingest run has come, for progress displays."""

    done: int
    total: int
    label: str
    seconds: float
    tokens: int
    """Tokens of the article texts written so far."""

    @property
    def articles_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[Throughput], None]
"""Called after each batch of articles is written."""


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
    grouped: int = 0
    """Articles placed in stories (new and changed ones, and any left from an earlier run)."""

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
    size: int | None = None
    mtime_ns: int | None = None


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
    stored = store.stored_articles()
    untouched = [] if rebuild else [f for f in files if _untouched(f, stored.get(f.source))]
    untouched_paths = {file.path for file in untouched}
    incoming = _read_all([f for f in files if f.path not in untouched_paths], report)
    present = None
    if prune:
        _check_prune(paths, files, {i.path for i in incoming} | untouched_paths, skipped)
        present = {file.source for file in files}
    stages = _Stages(store, embedder, annotator, chunking)
    if rebuild:
        store.reset_chunks()
        stored = store.stored_articles()
    elif untouched:
        counts = store.catalog.chunk_counts()
        report.articles += len(untouched)
        report.unchanged += sum(counts.get(file.source, 0) for file in untouched)
    return _apply(incoming, stages, report, stored, present=present, progress=progress)


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
    stored = store.stored_articles(a.source for a in articles)  # not the whole corpus's
    return _apply(incoming, stages, IngestReport(), stored, present=None, progress=progress)


def _untouched(file: ArticleFile, record: StoredArticle | None) -> bool:
    return record is not None and record.same_file(file.origin, file.size, file.mtime_ns)


def _check_prune(
    paths: list[Path], files: list[ArticleFile], read: set[Path], skipped: list[Skipped]
) -> None:
    """Refuse a prune that would take articles for gone because a path named was mistyped,
    could not be read, or holds no article."""
    problems = [f"{s.path}: {s.reason}" for s in skipped if s.unlisted]
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
            article = read_article(file)
        except ArticleReadError as exc:
            report.skipped.append(Skipped(file.path, str(exc)))
            continue
        incoming.append(_Incoming(article, file.origin, file.path, file.size, file.mtime_ns))
    return incoming


def _apply(
    incoming: list[_Incoming],
    stages: _Stages,
    report: IngestReport,
    stored: dict[str, StoredArticle],
    *,
    present: set[str] | None,
    progress: Progress | None,
) -> IngestReport:
    """Repair what a crash left half-written, write what changed, and prune what is not
    ``present`` (when given)."""
    store = stages.store
    incomplete = set(store.repair())
    stored.update(store.stored_articles(incomplete - set(stored)))
    incoming = _admitted(incoming, stored, report)
    changed = [
        i
        for i in incoming
        if i.article.source in incomplete or _needs_writing(i.article, stored.get(i.article.source))
    ]
    written = {i.article.source for i in changed}
    counts = store.catalog.chunk_counts(
        i.article.source for i in incoming if i.article.source not in written
    )
    for item in incoming:
        if item.article.source in written:
            continue
        report.unchanged += counts.get(item.article.source, 0)
        if item.size is not None and item.mtime_ns is not None:
            store.touch(item.article.source, item.size, item.mtime_ns)
    report.articles += len(incoming)
    batches = _batches(changed, stages)
    stored_again = sorted(incomplete - written)
    batches_again = _stored_batches(stored_again, stored, stages)
    _write_all(batches, len(changed), stages, report, progress, report.updated_articles)
    _write_all(batches_again, len(stored_again), stages, report, None, report.reembedded_articles)
    if present is not None:
        for source in sorted(set(stored) - present):
            report.removed += store.delete_article(source)
            report.pruned_articles.append(source)
    report.grouped = group_stories(store)
    count_roles(store.catalog)
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


def _batches(changed: list[_Incoming], stages: _Stages) -> Iterator[list[ArticleVersion]]:
    """New and changed articles, annotated, chunked and embedded a batch at a time."""
    for first in range(0, len(changed), _ARTICLE_BATCH):
        batch = changed[first : first + _ARTICLE_BATCH]
        notes = stages.annotator.annotate_many(
            [(i.article.text, i.article.body_start) for i in batch]
        )
        items = [
            (i.article, n, i.origin, i.size, i.mtime_ns) for i, n in zip(batch, notes, strict=True)
        ]
        yield _embedded(items, stages)


def _stored_batches(
    sources: list[str], stored: dict[str, StoredArticle], stages: _Stages
) -> Iterator[list[ArticleVersion]]:
    """Stored articles embedded again from their stored texts and annotations (a rebuild, or
    a write cut short)."""
    for first in range(0, len(sources), _ARTICLE_BATCH):
        found = stages.store.annotated(
            sources[first : first + _ARTICLE_BATCH],
            lambda article: stages.annotator.annotate(article.text, article.body_start),
        )
        yield _embedded(
            [
                (article, notes, stored[s].origin, stored[s].size, stored[s].mtime_ns)
                for s, (article, notes) in found.items()
            ],
            stages,
        )


def _embedded(
    items: list[tuple[Article, Annotation, str, int | None, int | None]], stages: _Stages
) -> list[ArticleVersion]:
    """Chunk a batch of articles and embed the chunks not stored yet, all together."""
    planned = []
    for article, annotation, origin, size, mtime_ns in items:
        chunks = chunk_article(
            article,
            annotation,
            max_tokens=stages.chunking.tokens,
            overlap_tokens=stages.chunking.overlap,
        )
        stored = stages.store.chunk_ids_of(article.source)
        new = [chunk for chunk in chunks if chunk.id not in stored]
        planned.append((article, annotation, origin, size, mtime_ns, chunks, new))
    vectors = stages.embedder.embed([chunk.text for plan in planned for chunk in plan[6]])
    versions, offset = [], 0
    for article, annotation, origin, size, mtime_ns, chunks, new in planned:
        versions.append(
            ArticleVersion(
                article=article,
                annotation=annotation,
                origin=origin,
                chunks=chunks,
                new=new,
                vectors=vectors[offset : offset + len(new)],
                size=size,
                mtime_ns=mtime_ns,
            )
        )
        offset += len(new)
    return versions


def _write_all(
    batches: Iterator[list[ArticleVersion]],
    total: int,
    stages: _Stages,
    report: IngestReport,
    progress: Progress | None,
    written: list[str],
) -> None:
    """Write each batch on a writer thread while the next is prepared; one write is in
    flight at a time, in order, and its errors are raised here."""
    started, done, tokens = time.perf_counter(), 0, 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer:
        in_flight: Future[tuple[list[ArticleVersion], int]] | None = None

        def finish(future: Future[tuple[list[ArticleVersion], int]]) -> None:
            nonlocal done, tokens
            versions, batch_tokens = future.result()
            written.extend(v.article.source for v in versions)
            done += len(versions)
            tokens += batch_tokens
            if progress and versions:
                elapsed = time.perf_counter() - started
                label = versions[-1].article.source
                progress(Throughput(done, total, label, elapsed, tokens))

        for versions in batches:
            if in_flight is not None:
                finish(in_flight)
            in_flight = writer.submit(_write, versions, stages.store, report)
        if in_flight is not None:
            finish(in_flight)


def _write(
    versions: list[ArticleVersion], store: ChunkStore, report: IngestReport
) -> tuple[list[ArticleVersion], int]:
    """Write one batch (on the writer thread); returns it with its texts' token count."""
    added, removed = store.write(versions, checkpoint=_fault_point)
    report.added += added
    report.removed += removed
    report.unchanged += sum(len(v.chunks) - len(v.new) for v in versions)
    return versions, sum(count_tokens(v.article.text) for v in versions)


def _fault_point(name: str) -> None:
    """Die like ``kill -9`` here when ASSISTANT_FAULT_AT names this point: the hook the
    crash tests (tests/ingest/test_safety_crash.py) kill ingest with. Read from the
    environment on purpose: it is no setting, and costs one lookup per article."""
    if os.environ.get("ASSISTANT_FAULT_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
