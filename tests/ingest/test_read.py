"""Reading articles: metadata, HTML, and files that must be reported and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.read import (
    MAX_ARTICLE_CHARS,
    ArticleFile,
    ArticleReadError,
    discover,
    parse_article,
    read_article,
)
from tests.conftest import DATED, SEEDS, SPUN

pytestmark = pytest.mark.unit


def test_date_marker_on_the_first_line_becomes_the_date() -> None:
    article = read_article(ArticleFile(SEEDS / DATED, DATED))
    assert article.date == "2022-09-09"
    assert article.text[article.body_start :].startswith("Ukrainian soldiers are being welcomed")
    assert article.title.startswith("Ukrainian soldiers are being welcomed as heroes")


def test_article_without_marker_has_no_date_and_keeps_all_text() -> None:
    article = read_article(ArticleFile(SEEDS / SPUN, SPUN))
    assert article.date is None
    assert article.body_start == 0
    assert article.text == (SEEDS / SPUN).read_text(encoding="utf-8")


def test_first_heading_is_the_title() -> None:
    article = parse_article(b"date 2024-01-02\n# Big news today\n\nSomething happened.", "a.md")
    assert (article.title, article.date) == ("Big news today", "2024-01-02")


def test_long_first_sentence_title_is_shortened() -> None:
    article = parse_article(("word " * 60).strip().encode() + b".", "a.txt")
    assert len(article.title) <= 121
    assert article.title.endswith("…")


def test_html_is_reduced_to_text_without_scripts() -> None:
    markup = (
        b"<html><head><title>T</title><script>alert(1)</script></head>"
        b"<body><h1>Headline here</h1><p>First para.</p><p>Second &amp; last.</p></body></html>"
    )
    article = parse_article(markup, "page.html")
    assert "alert" not in article.text
    assert article.title == "Headline here"
    assert "First para." in article.text and "Second & last." in article.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("caf\u00e9".encode("latin-1") + b" au lait.", "not valid UTF-8"),
        (b"date 2022-01-01   \n", "no text after its front matter, date marker or title"),
    ],
)
def test_bad_content_is_refused_with_a_reason(content: bytes, reason: str) -> None:
    with pytest.raises(ArticleReadError, match=reason):
        parse_article(content, "bad.txt")


def test_an_over_long_text_is_refused_saying_to_split_it() -> None:
    words = ("word " * (MAX_ARTICLE_CHARS // 5 + 10)).encode()
    with pytest.raises(ArticleReadError, match=r"too long .* split it into parts"):
        parse_article(words, "long.txt")
    with pytest.raises(ArticleReadError, match=r"bytes"):  # refused before decoding
        parse_article(words * 5, "longer.txt")
    # HTML is measured by its text, not its markup.
    markup = b"<p>" + b"<span></span>" * MAX_ARTICLE_CHARS + b"A short article.</p>"
    assert parse_article(markup, "page.html").text.strip() == "A short article."
    assert parse_article(words[: MAX_ARTICLE_CHARS - 10], "long.txt").text


def test_a_file_that_vanished_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ArticleReadError, match="cannot be read"):
        read_article(ArticleFile(tmp_path / "gone.txt", "gone.txt"))


def test_discover_names_files_relative_to_the_folder_and_skips_other_types(
    tmp_path: Path,
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("A.")
    (tmp_path / "b.txt").write_text("B.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff")
    (tmp_path / ".hidden.txt").write_text("H.")
    files, skipped = discover([tmp_path, tmp_path / "missing"])
    assert [f.source for f in files] == ["b.txt", "sub/a.md"]
    reasons = {p.name: r for p, r in ((s.path, s.reason) for s in skipped)}
    assert "unsupported file type '.jpg'" in reasons["photo.jpg"]
    assert reasons["missing"] == "no such file or folder"


def test_one_rule_says_which_files_are_articles() -> None:
    from assistant.ingest import unsupported_type

    assert unsupported_type("world/kyiv.MD") is None and unsupported_type("a.htm") is None
    problem = unsupported_type("slides.pdf")
    assert problem is not None and "'.pdf'" in problem and ".txt" in problem
    assert "(none)" in (unsupported_type("README") or "")
