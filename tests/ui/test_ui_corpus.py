"""Corpus tab pieces: the article table, upload screening, the per-file upload report."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest import IngestReport, Skipped
from assistant.types import ArticleInfo
from assistant.ui.corpus import Rejected, documents_html, upload_problem, upload_report_html

pytestmark = pytest.mark.unit

MB = 1_000_000


def info(source: str, title: str, date: str | None, chunks: int = 3) -> ArticleInfo:
    return ArticleInfo(id=source, source=source, title=title, date=date, chunks=chunks)


@pytest.mark.parametrize("name", ["a.txt", "b.md", "c.html", "D.HTM", "e.markdown"])
def test_supported_types_pass(name: str) -> None:
    assert upload_problem(name, 10, MB) is None


@pytest.mark.parametrize("name", ["report.pdf", "archive.zip", "noextension"])
def test_other_types_are_refused_with_the_allowed_list(name: str) -> None:
    problem = upload_problem(name, 10, MB)
    assert problem and "unsupported file type" in problem and ".txt" in problem


def test_files_over_the_limit_are_refused_with_both_sizes() -> None:
    assert upload_problem("big.txt", 5 * MB + 1, 5 * MB) == (
        "is 5.0 MB, more than the 5.0 MB limit"
    )
    assert upload_problem("ok.txt", 5 * MB, 5 * MB) is None


def test_table_lists_title_date_chunks_file_newest_first() -> None:
    html = documents_html(
        [
            info("old.txt", "Old", "2021-01-01", 2),
            info("undated.txt", "Undated", None, 1),
            info("new.txt", "New", "2022-09-09", 7),
        ]
    )
    assert "3 articles · 10 chunks" in html
    assert html.index("New") < html.index("Old") < html.index("Undated")
    assert (
        '<td class="num" data-label="Chunks">7</td><td class="file" data-label="File">new.txt'
        in html
    )


def test_table_escapes_titles_and_names() -> None:
    html = documents_html([info("<x>.txt", "<script>alert(1)</script>", None)])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;x&gt;.txt" in html


def test_empty_corpus_says_how_to_add_articles() -> None:
    assert "No articles are indexed yet" in documents_html([])


def test_report_has_one_line_per_file() -> None:
    report = IngestReport(
        updated_articles=["new.txt"],
        skipped=[Skipped(Path("empty.txt"), "is empty")],
    )
    html = upload_report_html(
        ["new.txt", "same.txt", "empty.txt"],
        report,
        [Rejected("slides.pdf", "unsupported file type .pdf")],
        {"new.txt": 4, "same.txt": 2},
    )
    assert html.count("<li") == 4
    assert "upload-ok" in html and "indexed, 4 chunks" in html
    assert "already indexed, unchanged" in html
    assert 'empty.txt</span> <span class="upload-message">is empty' in html
    assert "slides.pdf" in html and "unsupported file type .pdf" in html


def test_report_with_only_refused_files() -> None:
    html = upload_report_html([], None, [Rejected("<b>.pdf", "too big")], {})
    assert html.count("upload-error") == 1 and "&lt;b&gt;.pdf" in html
