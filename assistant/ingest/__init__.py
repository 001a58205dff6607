"""Ingestion: read article files, find their metadata, chunk them, and sync the store."""

from assistant.ingest.read import (
    SUPPORTED_SUFFIXES,
    ArticleReadError,
    Skipped,
    parse_article,
    unsupported_type,
)
from assistant.ingest.sync import (
    IngestRefused,
    IngestReport,
    Progress,
    Throughput,
    ingest_articles,
    ingest_paths,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ArticleReadError",
    "IngestRefused",
    "IngestReport",
    "Progress",
    "Throughput",
    "Skipped",
    "ingest_articles",
    "ingest_paths",
    "parse_article",
    "unsupported_type",
]
