"""The corpus view's table: search, sort each column both ways, paging bounds, empty results,
the story column, and that it stays fast at the size of a real corpus."""

from __future__ import annotations

import time

import pytest

from assistant.types import ArticleInfo
from assistant.ui.corpus_table import (
    PER_PAGE,
    SORT_CHOICES,
    SORT_KEYS,
    TableQuery,
    parse_sort,
    position_text,
    sort_infos,
    story_html,
    table_html,
    table_page,
    toggled_sort,
)

pytestmark = pytest.mark.unit


def info(
    source: str,
    title: str = "",
    date: str | None = None,
    outlet: str | None = None,
    chunks: int = 1,
    **story: object,
) -> ArticleInfo:
    return ArticleInfo(
        id=f"id-{source}",
        source=source,
        title=title or source,
        date=date,
        outlet=outlet,
        chunks=chunks,
        **story,  # type: ignore[arg-type]
    )


CORPUS = [
    info("a.md", "Senate confirms DeVos", "2017-02-07", "ABC News", 4),
    info("b.md", "Tornadoes hit Louisiana", "2017-02-08", "Reuters", 2),
    info("c.md", "Iran's leader mocks Trump", None, "CNN", 7),
    info("d.md", "EU tells Britain to pay", "2017-02-01", None, 1),
    info("e.md", "apples and DeVos", "2017-02-09", "abc news", 3),
]


def sources(query: TableQuery, corpus: list[ArticleInfo] = CORPUS) -> list[str]:
    return [row.source for row in table_page(corpus, query).rows]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("devos", ["e.md", "a.md"]),  # title, any case; newest first
        ("ABC NEWS", ["e.md", "a.md"]),  # outlet
        ("reuters", ["b.md"]),
        ("c.md", ["c.md"]),  # file name
        ("devos abc senate", ["a.md"]),  # every word, wherever it occurs
        ("  ", ["e.md", "b.md", "a.md", "d.md", "c.md"]),  # blank: everything
    ],
)
def test_search_looks_in_title_outlet_and_file_name(search: str, expected: list[str]) -> None:
    assert sources(TableQuery(search=search)) == expected


def test_a_search_with_no_match_says_so_and_shows_no_table() -> None:
    page = table_page(CORPUS, TableQuery(search="<zebra>"))
    assert page.rows == [] and page.matching == 0 and page.total == 5 and page.pages == 1
    html = table_html(page)
    assert "No article matches “&lt;zebra&gt;”" in html and "<table" not in html
    assert "0 of 5 articles match" in html
    assert position_text(page) == "No articles"


def test_an_empty_corpus_says_how_to_add_articles() -> None:
    page = table_page([], TableQuery(search="x", page=3))
    assert page.query.page == 1 and page.pages == 1 and not page.has_next
    assert "No articles are indexed yet" in table_html(page)


SORTED = {
    ("date", False): ["d.md", "a.md", "b.md", "e.md", "c.md"],  # undated last
    ("date", True): ["e.md", "b.md", "a.md", "d.md", "c.md"],  # undated last too
    ("outlet", False): ["a.md", "e.md", "c.md", "b.md", "d.md"],  # any case; ties by file
    ("outlet", True): ["b.md", "c.md", "a.md", "e.md", "d.md"],  # no outlet last
    ("title", False): ["e.md", "d.md", "c.md", "a.md", "b.md"],
    ("title", True): ["b.md", "a.md", "c.md", "d.md", "e.md"],
    ("chunks", False): ["d.md", "b.md", "e.md", "a.md", "c.md"],
    ("chunks", True): ["c.md", "a.md", "e.md", "b.md", "d.md"],
}


@pytest.mark.parametrize(("key", "descending"), list(SORTED))
def test_each_column_sorts_both_ways(key: str, descending: bool) -> None:
    assert (key, descending) in {parse_sort(value) for _, value in SORT_CHOICES}
    query = TableQuery.of("", f"{key}-{'desc' if descending else 'asc'}", 1)
    assert (query.sort, query.descending) == (key, descending)
    assert sources(query) == SORTED[key, descending]


def test_every_sort_key_is_offered_both_ways() -> None:
    assert {parse_sort(value) for _, value in SORT_CHOICES} == {
        (key, descending) for key in SORT_KEYS for descending in (True, False)
    }


@pytest.mark.parametrize("value", [None, "", "size-asc", "date", "title-up", "-desc"])
def test_an_unknown_sort_is_newest_first(value: str | None) -> None:
    assert parse_sort(value) == ("date", True)


def test_clicking_a_heading_sorts_by_it_then_the_other_way() -> None:
    assert toggled_sort("date-desc", "title") == "title-asc"
    assert toggled_sort("title-asc", "title") == "title-desc"
    assert toggled_sort("title-desc", "chunks") == "chunks-desc"  # most first
    assert toggled_sort("chunks-desc", "date") == "date-desc"  # newest first
    assert toggled_sort("date-desc", "date") == "date-asc"
    assert toggled_sort("outlet-asc", "story") == "outlet-asc"  # not a sortable column


def test_titles_sort_by_their_first_word() -> None:
    quoted = [info("1", "#MyFreedomDay"), info("2", "'Newcomer' mocked"), info("3", "Lamb")]
    assert [i.title for i in sort_infos(quoted, "title", False)] == [
        "Lamb",
        "#MyFreedomDay",
        "'Newcomer' mocked",
    ]


def test_ties_and_equal_values_keep_file_name_order() -> None:
    same = [info(name, "Same", "2020-01-01", "X", 2) for name in ("c", "a", "b")]
    for key in SORT_KEYS:
        for descending in (True, False):
            assert [i.source for i in sort_infos(same, key, descending)] == ["a", "b", "c"]


MANY = [
    info(f"{n:04d}.md", f"Article {n}", f"2017-01-{n % 28 + 1:02d}", chunks=n % 5 + 1)
    for n in range(123)
]


def test_pages_of_fifty_cover_every_article_once() -> None:
    seen: list[str] = []
    for number in (1, 2, 3):
        page = table_page(MANY, TableQuery(sort="title", descending=False, page=number))
        seen += [row.source for row in page.rows]
        assert page.pages == 3 and page.query.page == number
    assert len(seen) == len(set(seen)) == 123
    assert [len(table_page(MANY, TableQuery(page=n)).rows) for n in (1, 2, 3)] == [50, 50, 23]


def test_paging_is_kept_within_bounds() -> None:
    first = table_page(MANY, TableQuery(page=0))
    assert first.query.page == 1 and not first.has_previous and first.has_next
    assert (first.first, first.last) == (1, 50)
    last = table_page(MANY, TableQuery(page=99))
    assert last.query.page == 3 and last.has_previous and not last.has_next
    assert (last.first, last.last) == (101, 123)
    assert position_text(last) == "Articles 101–123 of 123 · page 3 of 3"
    assert TableQuery.of(None, None, None).page == 1
    exact = table_page(MANY[:PER_PAGE], TableQuery(page=2))
    assert exact.pages == 1 and exact.query.page == 1 and not exact.has_next


def test_a_search_counts_its_matches_and_pages_over_them() -> None:
    reports = [info(f"r{n:03d}.md", f"Report {n}") for n in range(61)]
    page = table_page(MANY + reports, TableQuery(search="REPORT", page=2, per_page=10))
    assert page.matching == 61 and page.pages == 7 and len(page.rows) == 10
    assert all(row.title.startswith("Report") for row in page.rows)
    assert position_text(page) == "Articles 11–20 of 61 · page 2 of 7"
    assert "61 of 184 articles match “REPORT”" in table_html(page)


def test_rows_show_title_outlet_date_story_chunks_file_and_actions() -> None:
    page = table_page(CORPUS, TableQuery(search="tornadoes"))
    html = table_html(page)
    assert '<tr data-source="b.md" data-id="id-b.md">' in html
    for cell in ("Tornadoes hit Louisiana", "Reuters", "2017-02-08", ">2<", "b.md"):
        assert cell in html
    assert 'data-action="reingest" data-id="id-b.md"' in html
    assert 'data-action="delete" data-id="id-b.md"' in html
    assert 'aria-label="Delete Tornadoes hit Louisiana"' in html
    assert '<td class="num" data-label="Chunks">2</td>' in html
    assert "uploaded" not in html
    assert "uploaded</span>" in table_html(page, uploaded={"b.md"})


def test_the_sorted_column_is_marked_for_everyone() -> None:
    html = table_html(table_page(CORPUS, TableQuery(sort="title", descending=False)))
    assert '<th scope="col" class="title" aria-sort="ascending">' in html
    assert '<th scope="col" class="date" aria-sort="none">' in html
    assert 'data-action="sort" data-key="chunks"' in html


def test_missing_values_render_as_such() -> None:
    html = table_html(table_page(CORPUS, TableQuery(search="c.md d.md")))
    assert html  # no row has both
    undated = table_html(table_page(CORPUS, TableQuery(search="iran")))
    assert '<span class="muted">undated</span>' in undated
    no_outlet = table_html(table_page(CORPUS, TableQuery(search="britain")))
    assert '<td class="outlet" data-label="Outlet"><span class="muted">—</span>' in no_outlet


def test_story_column_names_outlets_copies_or_nothing() -> None:
    alone = info("x.md")
    assert "—" in story_html(alone, {})  # not grouped yet, or a story of its own
    told = info("y.md", story=3, story_size=4, story_outlets=["CNN", "Reuters", "AP", "BBC"])
    html = story_html(told, {})
    assert (
        "4 outlets" in html
        and "CNN, Reuters, AP +1" in html
        and 'title="CNN, Reuters, AP, BBC"' in html
    )
    one_outlet = info("z.md", story=3, story_size=2, story_outlets=["CNN"])
    assert "2 articles" in story_html(one_outlet, {})
    copy = info("w.md", copy_of="y.md", story=3, story_size=2, story_outlets=["CNN", "<b>"])
    html = story_html(copy, {"y.md": "The <original>"})
    assert "copy of <i>The &lt;original&gt;</i>" in html and "2 outlets" in html
    assert "&lt;b&gt;" in html
    assert "copy of <i>gone.md</i>" in story_html(info("v.md", copy_of="gone.md"), {})


def test_a_copy_shows_the_title_of_the_article_it_copies() -> None:
    corpus = [*CORPUS, info("f.md", "Senate confirms DeVos (wire)", "2017-02-07", copy_of="a.md")]
    page = table_page(corpus, TableQuery(search="wire"))
    assert page.titles == {"a.md": "Senate confirms DeVos"}
    assert "copy of <i>Senate confirms DeVos</i>" in table_html(page)


def test_titles_and_names_are_escaped() -> None:
    hostile = info('<x>".md', "<script>alert(1)</script>", outlet="<img src=x>")
    html = table_html(table_page([hostile], TableQuery()))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and 'data-source="&lt;x&gt;&quot;.md"' in html


def test_a_real_sized_corpus_is_searched_sorted_and_paged_in_milliseconds() -> None:
    corpus = [
        info(
            f"{n:04d}-story-{n}.md",
            f"Headline number {n} about {'trade' if n % 7 else 'elections'}",
            f"20{10 + n % 9}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            ["ABC News", "Reuters", "CNN", "Fox News"][n % 4],
            n % 30 + 1,
        )
        for n in range(3_788)
    ]
    started = time.perf_counter()
    for query in (
        TableQuery(),
        TableQuery(search="elections reuters", sort="title", descending=False),
        TableQuery(sort="outlet", page=40),
        TableQuery(sort="chunks", page=76),
    ):
        page = table_page(corpus, query)
        table_html(page)
        assert page.rows
    per_view = (time.perf_counter() - started) / 4
    assert per_view < 0.25, f"{per_view * 1000:.0f} ms per view"
