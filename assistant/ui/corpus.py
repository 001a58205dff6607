"""The corpus tab's pieces: the article table, the screening of uploads, the upload report.

Pure functions. Uploads are screened here (type and size) before the service sees their bytes,
so that one bad file is reported by name while the others are still ingested.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.ingest import SUPPORTED_SUFFIXES, IngestReport, unsupported_type
from assistant.types import ArticleInfo
from assistant.ui.render import escape_text

UPLOAD_SUFFIXES = tuple(sorted(SUPPORTED_SUFFIXES))
"""File types the upload accepts: the ones ingestion reads."""


@dataclass(frozen=True)
class Rejected:
    """An uploaded file that was not ingested, and why."""

    name: str
    reason: str


def upload_problem(name: str, size: int, max_bytes: int) -> str | None:
    """Why an upload named ``name`` of ``size`` bytes is refused, or None when it may go in."""
    problem = unsupported_type(name)
    if problem is not None:
        return problem
    if size > max_bytes:
        return f"is {_size(size)}, more than the {_size(max_bytes)} limit"
    return None


def _size(size: int) -> str:
    if size < 100_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def documents_html(infos: Sequence[ArticleInfo]) -> str:
    """The indexed articles as a table: title, date, chunk count, file."""
    if not infos:
        return (
            '<div class="corpus-empty">No articles are indexed yet. Upload .txt, .md or .html '
            "files below, or run <code>assistant ingest</code>.</div>"
        )
    chunks = sum(info.chunks for info in infos)
    # Newest first; undated articles last; ties by file name (the sorts are stable).
    ordered = sorted(infos, key=lambda info: info.source)
    ordered.sort(key=lambda info: info.date or "", reverse=True)
    rows = "".join(_row(info) for info in ordered)
    return (
        f'<div class="corpus-summary">{_count(len(infos), "article")} · {_count(chunks, "chunk")}'
        "</div>"
        '<table class="corpus-table"><thead><tr><th>Title</th><th>Date</th>'
        '<th class="num">Chunks</th><th>File</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _row(info: ArticleInfo) -> str:
    date = escape_text(info.date) if info.date else '<span class="muted">undated</span>'
    return (
        f'<tr data-source="{escape_text(info.source)}"><td class="title">'
        f"{escape_text(info.title)}</td><td>{date}</td>"
        f'<td class="num">{info.chunks}</td><td class="file">{escape_text(info.source)}</td></tr>'
    )


def upload_report_html(
    accepted: Sequence[str],
    report: IngestReport | None,
    rejected: Sequence[Rejected],
    chunks: Mapping[str, int],
) -> str:
    """One line per uploaded file: indexed (with its chunk count), unchanged, or refused with
    the reason. ``chunks`` maps a file name to the chunks now stored for it."""
    problems = list(rejected) + [
        Rejected(skipped.path.name, skipped.reason)
        for skipped in (report.skipped if report else [])
    ]
    refused = {problem.name for problem in problems}
    updated = set(report.updated_articles) if report else set()
    lines = [
        _line("ok", name, f"indexed, {_count(chunks.get(name, 0), 'chunk')}")
        for name in accepted
        if name in updated
    ]
    lines += [
        _line("same", name, "already indexed, unchanged")
        for name in accepted
        if name not in updated and name not in refused
    ]
    lines += [_line("error", p.name, p.reason) for p in problems]
    if not lines:
        return ""
    return f'<ul class="upload-report">{"".join(lines)}</ul>'


def _line(kind: str, name: str, message: str) -> str:
    icon = {"ok": "✓", "same": "=", "error": "✕"}[kind]
    return (
        f'<li class="upload-{kind}"><span class="upload-icon" aria-hidden="true">{icon}</span>'
        f'<span class="upload-name">{escape_text(name)}</span> '
        f'<span class="upload-message">{escape_text(message)}</span></li>'
    )
