"""The catalog: one SQLite file beside the vectors that holds every article (text, metadata,
annotations, hash, file size and time), every chunk (its article and offsets, its lemmas) and
the FTS5 index over those lemmas.

It is the store's record of truth. A chunk exists when its row is here: its vector is added
to Chroma first, and the row with its article's record is written in one transaction, so a
reader sees an article's old version or its new one, never half of each. Vector ids that may
be in Chroma without a row (a write cut short, or stale chunks awaiting removal) are kept in
``pending`` until Chroma has forgotten them, so repairing a crash never scans the store.

Texts, annotations and chunk lemmas are stored zlib-compressed; SQLite in WAL mode lets every
process that reads the same data folder see each write at once, with no rebuild.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.language import ANNOTATION_VERSION, Annotation
from assistant.types import Article, ArticleInfo, Passage, article_id

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT,
    outlet TEXT,
    url TEXT,
    author TEXT,
    body_start INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    origin TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    text BLOB NOT NULL,
    annotation BLOB NOT NULL,
    annotation_version TEXT NOT NULL,
    complete INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article INTEGER NOT NULL REFERENCES articles(id),
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    terms BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks(article);
CREATE INDEX IF NOT EXISTS articles_by_outlet ON articles(outlet);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(
    terms, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS term_stats USING fts5vocab(chunk_terms, 'row');
CREATE TABLE IF NOT EXISTS pending (chunk_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS stories (
    article INTEGER PRIMARY KEY REFERENCES articles(id),
    sha256 TEXT NOT NULL,
    story INTEGER NOT NULL,
    copy_of INTEGER,
    vector BLOB NOT NULL,
    minhash BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_by_story ON stories(story);
CREATE TABLE IF NOT EXISTS roles (
    role TEXT NOT NULL,
    label TEXT NOT NULL,
    article INTEGER NOT NULL REFERENCES articles(id),
    n INTEGER NOT NULL,
    PRIMARY KEY (role, label, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS roles_by_article ON roles(article);
CREATE TABLE IF NOT EXISTS roles_read (
    article INTEGER PRIMARY KEY REFERENCES articles(id),
    sha256 TEXT NOT NULL
);
"""

_RECORD = "source, sha256, origin, size, mtime_ns, annotation_version, complete"
_ARTICLE = "source, title, date, outlet, url, author, body_start, sha256, text"
_ARTICLE_OF_CHUNK = ", ".join(f"a.{name}" for name in _ARTICLE.split(", "))


def catalog_file(data_dir: Path, collection: str) -> Path:
    """Where a collection's catalog is."""
    return data_dir / f"{collection}.sqlite"


@dataclass(frozen=True)
class StoredArticle:
    """What ingest needs to know of a stored article record."""

    sha256: str
    origin: str
    """The file it was read from (absolute path), or ``UPLOAD``; empty when not recorded."""
    annotated: bool
    """Its annotations come from this pipeline version."""
    complete: bool
    """Its chunks were all written (false from the start of a rebuild until it is re-embedded)."""
    size: int | None = None
    mtime_ns: int | None = None
    """The file's size and modification time when it was read (None for uploads)."""

    def same_file(self, origin: str, size: int | None, mtime_ns: int | None) -> bool:
        """Whether a file seen now is the one recorded, untouched, and fully written: ingest
        skips it without reading it."""
        return (
            self.complete
            and self.annotated
            and size is not None
            and (self.origin, self.size, self.mtime_ns) == (origin, size, mtime_ns)
        )


@dataclass(frozen=True)
class StoryRow:
    """An article's place in the story grouping, with the signatures it was grouped by."""

    article: int
    source: str
    outlet: str | None
    date: str | None
    story: int
    copy_of: int | None
    vector: bytes
    minhash: bytes


@dataclass(frozen=True)
class StoryGroup:
    """A story carried by more than one article."""

    story: int
    sources: list[str]
    outlets: list[str]
    copies: int
    """Members that copy another member (wire copy, re-spun or updated versions)."""

    @property
    def size(self) -> int:
        return len(self.sources)

    @property
    def independent(self) -> int:
        """Members that are not copies of another: the independent reports."""
        return self.size - self.copies


@dataclass(frozen=True)
class ArticleWrite:
    """One article to record with its chunks, in one transaction with the others of a batch."""

    article: Article
    annotation: Annotation
    origin: str
    chunks: list[tuple[Passage, list[str]]]
    """Every chunk of this version with its lemmas (rows already stored are kept)."""
    size: int | None = None
    mtime_ns: int | None = None
    roles: Counter[tuple[str, str]] | None = None
    """(noun, entity label) pairs the article writes (``assistant.roles``); None
    leaves the article to be counted later."""


class Catalog:
    """Articles, chunks and their lemma index in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # The write-ahead log shrinks back to this size after a checkpoint (a large ingest
        # would otherwise leave it as large as its biggest transaction).
        self._db.execute("PRAGMA journal_size_limit=16777216")
        self._db.executescript(_SCHEMA)
        self.lock = threading.RLock()
        self._chunk_count: tuple[tuple[int, int], int] | None = None
        self._outlets: tuple[tuple[int, int], list[str]] | None = None
        self._dates: tuple[tuple[int, int], tuple[str, str] | None] | None = None
        self.writes = 0
        """Writes made through this connection (SQLite's ``data_version`` counts only other
        connections' writes)."""

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, for one query at a time from any thread."""
        with self.lock:
            yield self._db

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self.lock, self._db:
            self.writes += 1
            yield self._db

    # -- settings of the store ------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.reading() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- writing --------------------------------------------------------------------------

    def stage(self, chunk_ids: Iterable[str]) -> None:
        """Note vector ids about to be added to Chroma, so that a crash before ``record``
        leaves nothing behind that ``pending`` does not name."""
        with self._writing() as db:
            db.executemany(
                "INSERT OR IGNORE INTO pending (chunk_id) VALUES (?)", [(i,) for i in chunk_ids]
            )

    def record(self, writes: list[ArticleWrite]) -> list[str]:
        """Record articles with their chunks in one transaction; returns the ids of chunks that
        are no longer any article's (their vectors are to be removed, then ``forget``)."""
        stale: list[str] = []
        with self._writing() as db:
            for write in writes:
                stale.extend(self._record_one(db, write))
            db.executemany(
                "DELETE FROM pending WHERE chunk_id = ?",
                [(chunk.id,) for write in writes for chunk, _ in write.chunks],
            )
            db.executemany(
                "INSERT OR IGNORE INTO pending (chunk_id) VALUES (?)", [(i,) for i in stale]
            )
        return stale

    def _record_one(self, db: sqlite3.Connection, write: ArticleWrite) -> list[str]:
        article = write.article
        db.execute(
            "INSERT INTO articles (source, doc_id, title, date, outlet, url, author, "
            "body_start, sha256, origin, size, mtime_ns, text, annotation, annotation_version,"
            " complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
            "ON CONFLICT(source) DO UPDATE SET title = excluded.title, date = excluded.date, "
            "outlet = excluded.outlet, url = excluded.url, author = excluded.author, "
            "body_start = excluded.body_start, sha256 = excluded.sha256, "
            "origin = excluded.origin, size = excluded.size, mtime_ns = excluded.mtime_ns, "
            "text = excluded.text, annotation = excluded.annotation, "
            "annotation_version = excluded.annotation_version, complete = 1",
            (
                article.source,
                article.id,
                article.title,
                article.date,
                article.outlet,
                article.url,
                article.author,
                article.body_start,
                article.sha256,
                write.origin,
                write.size,
                write.mtime_ns,
                _pack(article.text),
                _pack(write.annotation.dumps()),
                write.annotation.version,
            ),
        )
        key = db.execute("SELECT id FROM articles WHERE source = ?", (article.source,))
        row_id = int(key.fetchone()[0])
        db.execute("DELETE FROM roles_read WHERE article = ?", (row_id,))
        if write.roles is not None:
            _write_roles(db, row_id, article.sha256, write.roles)
        wanted = {chunk.id for chunk, _ in write.chunks}
        stored = db.execute(
            "SELECT rowid, id, terms FROM chunks WHERE article = ?", (row_id,)
        ).fetchall()
        stale = [(rowid, cid, terms) for rowid, cid, terms in stored if cid not in wanted]
        _drop_chunk_rows(db, stale)
        kept = {cid for _, cid, _ in stored} & wanted
        for chunk, lemmas in write.chunks:
            if chunk.id in kept:
                continue
            terms = " ".join(lemmas)
            cursor = db.execute(
                "INSERT INTO chunks (id, article, char_start, char_end, terms) "
                "VALUES (?, ?, ?, ?, ?)",
                (chunk.id, row_id, chunk.start, chunk.end, _pack(terms)),
            )
            db.execute(
                "INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", (cursor.lastrowid, terms)
            )
        return [cid for _, cid, _ in stale]

    def touch(self, source: str, size: int, mtime_ns: int) -> None:
        """Record a file's new size and time when its text is unchanged."""
        with self._writing() as db:
            db.execute(
                "UPDATE articles SET size = ?, mtime_ns = ? WHERE source = ?",
                (size, mtime_ns, source),
            )

    def delete_article(self, source: str) -> list[str]:
        """Remove an article and its chunks in one transaction; returns the chunk ids, whose
        vectors are to be removed (they wait in ``pending`` until then)."""
        with self._writing() as db:
            row = db.execute("SELECT id FROM articles WHERE source = ?", (source,)).fetchone()
            if row is None:
                return []
            stale = db.execute(
                "SELECT rowid, id, terms FROM chunks WHERE article = ?", (row[0],)
            ).fetchall()
            _drop_chunk_rows(db, stale)
            db.execute("DELETE FROM stories WHERE article = ?", (row[0],))
            db.execute("DELETE FROM roles WHERE article = ?", (row[0],))
            db.execute("DELETE FROM roles_read WHERE article = ?", (row[0],))
            db.execute("DELETE FROM articles WHERE id = ?", (row[0],))
            ids = [cid for _, cid, _ in stale]
            db.executemany(
                "INSERT OR IGNORE INTO pending (chunk_id) VALUES (?)", [(i,) for i in ids]
            )
        return ids

    def pending(self) -> list[str]:
        """Vector ids that may be in Chroma but belong to no chunk (to be removed)."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT chunk_id FROM pending WHERE chunk_id NOT IN (SELECT id FROM chunks)"
            ).fetchall()
        return [row[0] for row in rows]

    def forget(self, chunk_ids: Iterable[str] | None = None) -> None:
        """Clear ``pending`` of ids whose vectors are gone (all of them when None)."""
        with self._writing() as db:
            if chunk_ids is None:
                db.execute("DELETE FROM pending")
            else:
                db.executemany("DELETE FROM pending WHERE chunk_id = ?", [(i,) for i in chunk_ids])

    def reset_chunks(self) -> None:
        """Drop every chunk and mark every article incomplete (a rebuild re-embeds them from
        their stored texts); the caller drops the vectors."""
        with self._writing() as db:
            db.execute("UPDATE articles SET complete = 0")
            db.execute("DELETE FROM chunks")
            db.execute("DELETE FROM stories")  # grouped by the vectors being dropped
            db.execute("INSERT INTO chunk_terms (chunk_terms) VALUES ('delete-all')")
            db.execute("DELETE FROM pending")

    # -- reading --------------------------------------------------------------------------

    def records(self, sources: Iterable[str] | None = None) -> dict[str, StoredArticle]:
        """The record of every stored article (or of those named), by source; no texts are
        read."""
        rows = self._per_article(f"SELECT {_RECORD} FROM articles a", sources)
        return {
            source: StoredArticle(
                sha256=sha,
                origin=origin,
                annotated=version == ANNOTATION_VERSION,
                complete=bool(complete),
                size=size,
                mtime_ns=mtime,
            )
            for source, sha, origin, size, mtime, version, complete in rows
        }

    def _rows_in(self, select: str, column: str, values: Iterable[str | int]) -> list[Any]:
        """The rows of ``select`` whose ``column`` is one of ``values``."""
        wanted = list(dict.fromkeys(values))
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        with self.reading() as db:
            return db.execute(f"{select} WHERE {column} IN ({marks})", wanted).fetchall()

    def _per_article(
        self, select: str, sources: Iterable[str] | None, group: str = ""
    ) -> list[Any]:
        """The rows of a query over ``articles a`` for every article, or for those named (one
        indexed lookup each, so the cost does not grow with the corpus)."""
        with self.reading() as db:
            if sources is None:
                return db.execute(f"{select} {group}").fetchall()
            return [
                row
                for source in dict.fromkeys(sources)
                for row in db.execute(f"{select} WHERE a.source = ? {group}", (source,))
            ]

    def unannotated(self) -> int:
        """How many stored articles carry annotations of another pipeline version: the next
        ingest reads them again with spaCy (their vectors are kept)."""
        with self.reading() as db:
            row = db.execute(
                "SELECT count(*) FROM articles WHERE annotation_version != ?",
                (ANNOTATION_VERSION,),
            ).fetchone()
        return int(row[0])

    def incomplete(self) -> list[str]:
        """Sources of articles whose chunks are not all written (a rebuild cut short)."""
        with self.reading() as db:
            rows = db.execute("SELECT source FROM articles WHERE complete = 0").fetchall()
        return sorted(row[0] for row in rows)

    def article(self, source: str) -> Article | None:
        with self.reading() as db:
            row = db.execute(
                f"SELECT {_ARTICLE} FROM articles WHERE source = ?", (source,)
            ).fetchone()
        return _article(row) if row else None

    def annotated(self, sources: list[str]) -> dict[str, tuple[Article, Annotation | None]]:
        """Articles with their stored annotations (None when made by an older pipeline)."""
        rows = self._rows_in(
            f"SELECT {_ARTICLE}, annotation, annotation_version FROM articles", "source", sources
        )
        found: dict[str, tuple[Article, Annotation | None]] = {}
        for row in rows:
            *fields, packed, version = row
            current = version == ANNOTATION_VERSION
            notes = Annotation.loads(_unpack(packed)) if current else None
            found[row[0]] = (_article(tuple(fields)), notes)
        return found

    def source_of(self, document_id: str) -> str | None:
        with self.reading() as db:
            row = db.execute(
                "SELECT source FROM articles WHERE doc_id = ?", (document_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def infos(self) -> list[ArticleInfo]:
        """Every stored article with its chunk count and story, sorted by source."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT a.doc_id, a.source, a.title, a.date, a.outlet, a.url, "
                "(SELECT count(*) FROM chunks WHERE chunks.article = a.id), s.story, o.source "
                "FROM articles a LEFT JOIN stories s ON s.article = a.id "
                "LEFT JOIN articles o ON o.id = s.copy_of ORDER BY a.source"
            ).fetchall()
        groups = self.story_groups({row[7] for row in rows if row[7] is not None})
        return [
            ArticleInfo(
                id=doc_id,
                source=source,
                title=title,
                date=date or None,
                outlet=outlet or None,
                url=url or None,
                chunks=count,
                story=story,
                story_size=groups[story].size if story in groups else 1,
                story_outlets=groups[story].outlets if story in groups else [],
                copy_of=copy_of,
            )
            for doc_id, source, title, date, outlet, url, count, story, copy_of in rows
        ]

    def outlets(self) -> list[str]:
        """The distinct outlets of the stored articles (as written in their front matter),
        sorted case-insensitively."""
        version = self.version()
        if self._outlets is None or self._outlets[0] != version:
            with self.reading() as db:
                rows = db.execute(
                    "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != ''"
                ).fetchall()
            self._outlets = (version, sorted((str(row[0]) for row in rows), key=str.casefold))
        return list(self._outlets[1])

    def date_range(self) -> tuple[str, str] | None:
        """The ISO dates of the oldest and newest dated article; None when none has a date."""
        version = self.version()
        if self._dates is None or self._dates[0] != version:
            with self.reading() as db:
                low, high = db.execute(
                    "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM articles "
                    "WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
                ).fetchone()
            self._dates = (version, (str(low), str(high)) if low and high else None)
        return self._dates[1]

    # -- stories ----------------------------------------------------------------------------

    def regroup_under(self, rule: str) -> bool:
        """Drop every story when they were grouped under another ``rule`` (thresholds), so
        that all articles are grouped again, and record ``rule``, in one transaction; False
        when the stories are already of ``rule``."""
        return self._redo_under("story_rule", rule, ("stories",))

    def ungrouped(self) -> list[str]:
        """Sources of fully written articles not yet grouped into a story (or changed since),
        oldest first."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT a.source FROM articles a LEFT JOIN stories s ON s.article = a.id "
                "WHERE a.complete = 1 AND (s.article IS NULL OR s.sha256 != a.sha256) "
                "ORDER BY coalesce(a.date, '9999'), a.source"
            ).fetchall()
        return [row[0] for row in rows]

    def recount_roles_under(self, rule: str) -> bool:
        """Forget every article's role counts when they were counted under another ``rule``,
        so that all are counted again, and record ``rule``, in one transaction; False when
        the counts are already of ``rule``."""
        return self._redo_under("roles_rule", rule, ("roles", "roles_read"))

    def _redo_under(self, key: str, rule: str, tables: tuple[str, ...]) -> bool:
        """Empty ``tables`` (work derived from the articles) and record ``rule`` under the
        meta ``key``, in one transaction, unless ``key`` already holds ``rule``."""
        if self.get_meta(key) == rule:
            return False  # the usual case, read without a write
        with self._writing() as db:
            for table in tables:
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, rule))
        return True

    def roles_unread(self) -> list[str]:
        """Sources of stored articles (with annotations of this pipeline) whose roles are not
        counted, or were counted from an older text."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT a.source FROM articles a LEFT JOIN roles_read r ON r.article = a.id "
                "WHERE a.annotation_version = ? AND (r.article IS NULL OR r.sha256 != a.sha256) "
                "ORDER BY a.source",
                (ANNOTATION_VERSION,),
            ).fetchall()
        return [row[0] for row in rows]

    def record_roles(self, counted: dict[str, tuple[str, Counter[tuple[str, str]]]]) -> None:
        """Store the role counts of articles (source -> (sha256 they were read from, counts))
        in one transaction; an article changed since is left for the next count."""
        with self._writing() as db:
            for source, (sha256, roles) in counted.items():
                row = db.execute(
                    "SELECT id FROM articles WHERE source = ? AND sha256 = ?", (source, sha256)
                ).fetchone()
                if row is not None:
                    _write_roles(db, int(row[0]), sha256, roles)

    def role_labels(self, role: str) -> Counter[str]:
        """How often the articles write a name of each entity label by the noun ``role``."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT label, sum(n) FROM roles WHERE role = ? GROUP BY label", (role,)
            ).fetchall()
        return Counter({str(label): int(n) for label, n in rows})

    def titled(self, word: str) -> bool:
        """Whether some stored article's title writes ``word`` (lower case) as a word of its
        own: titles are metadata, not indexed text, yet they name what the article is about."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT title FROM articles WHERE instr(lower(title), ?) > 0", (word,)
            ).fetchall()
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        return any(pattern.search(str(title).lower()) for (title,) in rows)

    def story_rows(self, article_ids: Iterable[int]) -> list[StoryRow]:
        """The story records of these articles (by catalog row id) that have one."""
        rows = self._rows_in(
            "SELECT s.article, a.source, a.outlet, a.date, s.story, s.copy_of, s.vector, "
            "s.minhash FROM stories s JOIN articles a ON a.id = s.article",
            "s.article",
            list(article_ids),
        )
        return [StoryRow(*row) for row in rows]

    def article_keys(self, sources: Iterable[str]) -> dict[str, tuple[int, str, str | None]]:
        """Row id, hash and date of the articles named, by source."""
        rows = self._rows_in("SELECT source, id, sha256, date FROM articles", "source", sources)
        return {source: (int(key), sha, date) for source, key, sha, date in rows}

    def articles_of_chunks(self, chunk_ids: Iterable[str]) -> dict[str, int]:
        """The catalog row id of each chunk's article, by chunk id."""
        rows = self._rows_in("SELECT id, article FROM chunks", "id", chunk_ids)
        return {chunk_id: int(article) for chunk_id, article in rows}

    def record_stories(self, rows: list[tuple[int, str, int, int | None, bytes, bytes]]) -> None:
        """Record (article, sha256, story, copy_of, vector, minhash) rows in one transaction."""
        with self._writing() as db:
            db.executemany(
                "INSERT OR REPLACE INTO stories (article, sha256, story, copy_of, vector, "
                "minhash) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def merge_stories(self, into: int, stories: Iterable[int]) -> None:
        """Make the articles of ``stories`` members of story ``into``."""
        with self._writing() as db:
            db.executemany(
                "UPDATE stories SET story = ? WHERE story = ?", [(into, s) for s in stories]
            )

    def story_groups(self, stories: Iterable[int]) -> dict[int, StoryGroup]:
        """Size, outlets and copies of the stories named that have more than one article."""
        rows = self._rows_in(
            "SELECT s.story, a.source, a.outlet, s.copy_of FROM stories s "
            "JOIN articles a ON a.id = s.article",
            "s.story",
            list(stories),
        )
        members: dict[int, list[tuple[str, str | None, int | None]]] = {}
        for story, source, outlet, copy_of in rows:
            members.setdefault(int(story), []).append((source, outlet, copy_of))
        return {
            story: StoryGroup(
                story=story,
                sources=sorted(source for source, _, _ in found),
                outlets=sorted({o for _, o, _ in found if o}, key=str.casefold),
                copies=sum(copy_of is not None for _, _, copy_of in found),
            )
            for story, found in members.items()
            if len(found) > 1
        }

    def stories_of(self, sources: Iterable[str]) -> dict[str, StoryGroup]:
        """The story of each article named, by source, for those in a story of two or more."""
        rows = self._rows_in(
            "SELECT a.source, s.story FROM stories s JOIN articles a ON a.id = s.article",
            "a.source",
            sources,
        )
        groups = self.story_groups({int(story) for _, story in rows})
        return {source: groups[story] for source, story in rows if story in groups}

    def copy_sources(self, sources: Iterable[str]) -> dict[str, str]:
        """For each article named that copies another, the source of the one it copies."""
        rows = self._rows_in(
            "SELECT a.source, o.source FROM stories s JOIN articles a ON a.id = s.article "
            "JOIN articles o ON o.id = s.copy_of",
            "a.source",
            sources,
        )
        return dict(rows)

    def chunks(self, ids: list[str]) -> list[Passage]:
        """The chunks with these ids, in the order given (ids not recorded are left out)."""
        rows = self._rows_in(
            f"SELECT c.id, c.char_start, c.char_end, {_ARTICLE_OF_CHUNK} "
            "FROM chunks c JOIN articles a ON a.id = c.article",
            "c.id",
            ids,
        )
        articles: dict[str, Article] = {}
        found: dict[str, Passage] = {}
        for chunk_id, start, end, *fields in rows:
            article = articles.get(fields[0]) or articles.setdefault(
                fields[0], _article(tuple(fields))
            )
            found[chunk_id] = article.passage(start, end, id=chunk_id)
        return [found[i] for i in ids if i in found]

    def chunk_ids(self, source: str) -> set[str]:
        with self.reading() as db:
            rows = db.execute(
                "SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article WHERE a.source = ?",
                (source,),
            ).fetchall()
        return {row[0] for row in rows}

    def chunk_ids_of(self, sources: Iterable[str]) -> dict[str, list[str]]:
        """The chunk ids of each article named, by source."""
        rows = self._rows_in(
            "SELECT a.source, c.id FROM chunks c JOIN articles a ON a.id = c.article",
            "a.source",
            sources,
        )
        grouped: dict[str, list[str]] = {}
        for source, chunk_id in rows:
            grouped.setdefault(source, []).append(chunk_id)
        return grouped

    def chunk_ids_by_source(self) -> dict[str, set[str]]:
        """Every recorded chunk id, grouped by article source."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT a.source, c.id FROM chunks c JOIN articles a ON a.id = c.article"
            ).fetchall()
        grouped: dict[str, set[str]] = {}
        for source, chunk_id in rows:
            grouped.setdefault(source, set()).add(chunk_id)
        return grouped

    def chunk_counts(self, sources: Iterable[str] | None = None) -> dict[str, int]:
        """How many chunks each stored article (or each of those named) has, by source."""
        rows = self._per_article(
            "SELECT a.source, count(c.rowid) FROM articles a LEFT JOIN chunks c "
            "ON c.article = a.id",
            sources,
            "GROUP BY a.id",
        )
        return {source: int(count) for source, count in rows}

    def chunk_count(self) -> int:
        """How many chunks are stored (counted again only after a write, by any process)."""
        version = self.version()
        if self._chunk_count is None or self._chunk_count[0] != version:
            with self.reading() as db:
                count = int(db.execute("SELECT count(*) FROM chunks").fetchone()[0])
            self._chunk_count = (version, count)
        return self._chunk_count[1]

    def version(self) -> tuple[int, int]:
        """Changes whenever any process writes to the catalog (for caches of what it holds)."""
        with self.reading() as db:
            return int(db.execute("PRAGMA data_version").fetchone()[0]), self.writes

    def close(self) -> None:
        with self.lock:
            self._db.close()


def _write_roles(
    db: sqlite3.Connection, article: int, sha256: str, roles: Counter[tuple[str, str]]
) -> None:
    db.execute("DELETE FROM roles WHERE article = ?", (article,))
    db.executemany(
        "INSERT INTO roles (role, label, article, n) VALUES (?, ?, ?, ?)",
        [(role, label, article, n) for (role, label), n in roles.items()],
    )
    db.execute(
        "INSERT OR REPLACE INTO roles_read (article, sha256) VALUES (?, ?)", (article, sha256)
    )


def _drop_chunk_rows(db: sqlite3.Connection, rows: list[tuple[int, str, bytes]]) -> None:
    """Delete chunk rows and their entries in the FTS5 index. The index keeps no copy of what
    it indexed (contentless), so it is told the terms to forget: the row's own, stored
    compressed beside it."""
    db.executemany(
        "INSERT INTO chunk_terms (chunk_terms, rowid, terms) VALUES ('delete', ?, ?)",
        [(rowid, _unpack(terms)) for rowid, _, terms in rows],
    )
    db.executemany("DELETE FROM chunks WHERE rowid = ?", [(rowid,) for rowid, _, _ in rows])


def _article(row: tuple[object, ...]) -> Article:
    source, title, date, outlet, url, author, body_start, sha256, text = row
    return Article(
        source=str(source),
        title=str(title),
        date=str(date) if date else None,
        outlet=str(outlet) if outlet else None,
        url=str(url) if url else None,
        author=str(author) if author else None,
        text=_unpack(text),
        body_start=int(str(body_start)),
        sha256=str(sha256),
    )


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode(), 6)


def _unpack(blob: object) -> str:
    assert isinstance(blob, bytes)
    return zlib.decompress(blob).decode()


__all__ = ["ArticleWrite", "Catalog", "StoredArticle", "StoryGroup", "StoryRow", "article_id"]
