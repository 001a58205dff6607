"""Group articles that carry the same story, at ingest.

News repeats itself: wire copy runs word for word in several outlets, sites re-spin other
outlets' stories, and an outlet updates its own report through the day. Each article is
grouped once, after its chunks are written, from two signatures recorded in the catalog:

* a MinHash of its word 3-shingles (``datasketch``): a high estimated Jaccard similarity
  means a *copy* (the same text, give or take an edit);
* the mean of its stored chunk vectors: a high cosine similarity between articles published
  at most a day apart means the *same event* reported again.

Candidates come from the vector index (the articles owning the chunks nearest to the
article's mean vector), so grouping costs a few lookups per article at any corpus size.
An article joins the stories it is linked to (merging them, when several) if they began
within two windows of it; otherwise it starts a story. A copy also records which article it
copies: copies are one report, not corroboration.

Thresholds were set on a hand-checked sample of the development corpus; docs/stories.md
has the figures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from assistant.catalog import Catalog, StoryRow
from assistant.store import ChunkStore
from assistant.types import iso_day

if TYPE_CHECKING:  # datasketch is imported when articles are grouped (it takes 0.25 s)
    from datasketch import MinHash

COPY_JACCARD = 0.3
"""Estimated Jaccard similarity of word 3-shingles from which one article copies another."""
SAME_EVENT_COSINE = 0.88
"""Cosine similarity of mean chunk vectors from which two articles report the same event."""
SHARED_JACCARD = 0.15
SHARED_COSINE = 0.8
"""Two articles that share this much wording (estimated Jaccard similarity of word
3-shingles) and are at least this similar in topic report the same event: one rewrite of
the same wire copy or statement, below the cosine of ``SAME_EVENT_COSINE``."""
EVENT_DAYS = 1
"""How far apart (in days) two reports of one event, or a story's first and latest, may be."""
_NEIGHBOUR_CHUNKS = 24  # chunks of other articles looked up per article to find candidates
_OWN_CHUNKS = 64  # at most this many of an article's own chunks are looked past
_PERMUTATIONS = 64
_SCHEME = "affine32"  # named, so signatures stored today stay comparable with later ones
_SHINGLE = 3
_BATCH = 64
_WORD = re.compile(r"\w+")

RULE = (
    f"copy jaccard {COPY_JACCARD}; event cosine {SAME_EVENT_COSINE} within {EVENT_DAYS} day; "
    f"shared jaccard {SHARED_JACCARD} at cosine {SHARED_COSINE}; past own chunks"
)
"""The grouping rule a store's stories were made under: when it changes, all are regrouped."""

GroupProgress = Callable[[int, int], None]
"""Called with (articles grouped, articles to group)."""


@dataclass(frozen=True)
class _Signed:
    article: int
    source: str
    sha256: str
    date: dt.date | None
    vector: np.ndarray
    minhash: MinHash
    chunks: int


def regroup_due(catalog: Catalog) -> int:
    """How many stored articles the next ingest groups again because their stories were
    made under another ``RULE`` (0 when none): long work, to announce before it starts."""
    if catalog.get_meta("story_rule") == RULE:
        return 0
    with catalog.reading() as db:
        return int(db.execute("SELECT count(*) FROM stories").fetchone()[0])


def group_stories(store: ChunkStore, progress: GroupProgress | None = None) -> int:
    """Group every article not grouped yet (or changed since), or every article when the
    stories were grouped under another ``RULE``; returns how many were. Interrupted, the next
    run carries on where this one stopped."""
    catalog = store.catalog
    catalog.regroup_under(RULE)
    sources = catalog.ungrouped()
    for first in range(0, len(sources), _BATCH):
        batch = _signed(store, sources[first : first + _BATCH])
        _group_batch(store, batch)
        if progress:
            progress(min(first + _BATCH, len(sources)), len(sources))
    return len(sources)


def _signed(store: ChunkStore, sources: list[str]) -> list[_Signed]:
    catalog = store.catalog
    keys = catalog.article_keys(sources)
    chunk_ids = catalog.chunk_ids_of(sources)
    vectors = store.vectors([i for ids in chunk_ids.values() for i in ids])
    signed = []
    for source in sources:
        ids = [i for i in chunk_ids.get(source, []) if i in vectors]
        article = catalog.article(source)
        if source not in keys or article is None or not ids:
            continue
        mean = np.mean([vectors[i] for i in ids], axis=0)
        key, sha, date = keys[source]
        signed.append(
            _Signed(
                article=key,
                source=source,
                sha256=sha,
                date=iso_day(date),
                vector=(mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32),
                minhash=shingle_minhash(article.text[article.body_start :]),
                chunks=len(ids),
            )
        )
    return signed


def shingle_minhash(text: str) -> MinHash:
    """The MinHash of a text's word 3-shingles (lower-cased)."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - 2))}
    from datasketch import MinHash

    minhash = MinHash(num_perm=_PERMUTATIONS, scheme=_SCHEME)
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


def _group_batch(store: ChunkStore, batch: list[_Signed]) -> None:
    catalog = store.catalog
    # An article's own chunks are among those nearest its mean (a long one's fill most of
    # them): look past them, so that it meets as many other articles as a short one does.
    own = min(max((item.chunks for item in batch), default=0), _OWN_CHUNKS)
    neighbours = store.nearest_ids([item.vector for item in batch], _NEIGHBOUR_CHUNKS + own)
    owners = catalog.articles_of_chunks({i for ids in neighbours for i in ids})
    candidate_ids = {owners[i] for ids in neighbours for i in ids if i in owners}
    known = {row.article: _Known.of(row) for row in catalog.story_rows(candidate_ids)}
    starts = _story_starts(catalog, {k.story for k in known.values()})
    story_of: dict[int, int] = {}
    copies: dict[int, int | None] = {}
    for item, ids in zip(batch, neighbours, strict=True):
        candidates = [known[owners[i]] for i in ids if owners.get(i) in known]
        story, copies[item.article], merged = _place(item, candidates, starts)
        if merged:
            catalog.merge_stories(story, merged)
            story_of = {a: story if s in merged else s for a, s in story_of.items()}
            known = {
                key: replace(k, story=story) if k.story in merged else k for key, k in known.items()
            }
        starts.setdefault(story, item.date)
        story_of[item.article] = story
        known[item.article] = _Known(item.article, item.date, story, item.vector, item.minhash)
    rows = [
        (
            item.article,
            item.sha256,
            story_of[item.article],
            copies[item.article],
            item.vector.astype(np.float16).tobytes(),
            item.minhash.hashvalues.astype(np.uint64).tobytes(),
        )
        for item in batch
    ]
    catalog.record_stories(rows)


@dataclass(frozen=True)
class _Known:
    article: int
    date: dt.date | None
    story: int
    vector: np.ndarray
    minhash: MinHash

    @classmethod
    def of(cls, row: StoryRow) -> _Known:
        from datasketch import MinHash

        values = np.frombuffer(row.minhash, dtype=np.uint64)
        return cls(
            row.article,
            iso_day(row.date),
            row.story,
            np.frombuffer(row.vector, dtype=np.float16).astype(np.float32),
            MinHash(num_perm=len(values), hashvalues=values, scheme=_SCHEME),
        )


def _place(
    item: _Signed, candidates: list[_Known], starts: dict[int, dt.date | None]
) -> tuple[int, int | None, set[int]]:
    """The story an article joins (its own row id when it starts one), the article it
    copies, if any, and the other stories it links, which merge into the one it joins."""
    best: tuple[float, _Known] | None = None
    copy: tuple[float, _Known] | None = None
    linked: set[int] = set()
    for other in {c.article: c for c in candidates if c.article != item.article}.values():
        similarity = float(item.vector @ other.vector)
        jaccard = item.minhash.jaccard(other.minhash)
        copied = jaccard >= COPY_JACCARD
        shared = jaccard >= SHARED_JACCARD and similarity >= SHARED_COSINE
        same_event = (similarity >= SAME_EVENT_COSINE or shared) and _within(item.date, other.date)
        if not (copied or same_event) or not _within(item.date, starts.get(other.story), 2):
            continue
        linked.add(other.story)
        if best is None or similarity > best[0]:
            best = (similarity, other)
        if copied and (copy is None or jaccard > copy[0]):
            copy = (jaccard, other)
    if not linked:
        return item.article, None, set()
    # Linked to several stories: they are one, numbered by the one that began first.
    story = min(linked, key=lambda s: (starts.get(s) or dt.date.max, s))
    return story, copy[1].article if copy else None, linked - {story}


def _within(a: dt.date | None, b: dt.date | None, windows: int = 1) -> bool:
    """Whether two dates are within the event window (an unknown date is within any)."""
    return a is None or b is None or abs((a - b).days) <= EVENT_DAYS * windows


def _story_starts(catalog: Catalog, stories: set[int]) -> dict[int, dt.date | None]:
    """The date each story began: the date of its first article (stories are numbered by it)."""
    keys = catalog.story_rows(stories)
    return {row.article: iso_day(row.date) for row in keys}
