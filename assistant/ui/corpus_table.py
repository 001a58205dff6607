"""The corpus view's table: search, sort and paging over the indexed articles, and its HTML.

Plain functions over ``ArticleInfo`` lists, no gradio: a browser tab keeps its ``TableQuery``
(search words, sort, page), ``table_page`` picks the rows to show out of the whole corpus (a
few milliseconds for thousands of articles), and ``table_html`` renders them with the
buttons the corpus tab listens to (``data-action`` = ``sort``, ``reingest`` or ``delete``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from assistant.types import ArticleInfo
from assistant.ui.render import escape_text

SortKey = Literal["date", "outlet", "title", "chunks"]
SORT_KEYS: tuple[SortKey, ...] = get_args(SortKey)
PER_PAGE = 50
"""Articles shown on a page."""

SORT_CHOICES: tuple[tuple[str, str], ...] = (
    ("Newest first", "date-desc"),
    ("Oldest first", "date-asc"),
    ("Outlet A–Z", "outlet-asc"),
    ("Outlet Z–A", "outlet-desc"),
    ("Title A–Z", "title-asc"),
    ("Title Z–A", "title-desc"),
    ("Most chunks", "chunks-desc"),
    ("Fewest chunks", "chunks-asc"),
)
"""The sort control's (label, value) pairs; a value is ``sort_value(key, descending)``."""
DEFAULT_SORT = "date-desc"
_FIRST_DESCENDING: frozenset[SortKey] = frozenset({"date", "chunks"})
"""Columns whose first click sorts from the largest (newest, most chunks)."""
_COLUMNS: tuple[tuple[str, SortKey | None, str], ...] = (
    ("Title", "title", "title"),
    ("Outlet", "outlet", "outlet"),
    ("Date", "date", "date"),
    ("Story", None, "story"),
    ("Chunks", "chunks", "num"),
    ("File", None, "file"),
    ("Actions", None, "actions"),
)
"""(heading, the sort key its heading button sets, the cells' class)."""


@dataclass(frozen=True)
class TableQuery:
    """What one browser tab asks of the table."""

    search: str = ""
    """Words that must all occur in an article's title, outlet or file name (any case)."""
    sort: SortKey = "date"
    descending: bool = True
    page: int = 1
    """1-based; out-of-range pages are brought within range."""
    per_page: int = PER_PAGE

    @classmethod
    def of(cls, search: str | None, sort: str | None, page: float | None) -> TableQuery:
        """The query the corpus tab's controls describe (bad values give the defaults)."""
        key, descending = parse_sort(sort)
        return cls(
            search=(search or "").strip(),
            sort=key,
            descending=descending,
            page=int(page or 1),
        )

    @property
    def sort_value(self) -> str:
        return sort_value(self.sort, self.descending)


@dataclass(frozen=True)
class TablePage:
    """The rows of one page, and what the summary and the pager say about them."""

    query: TableQuery
    """The query, its page brought within range."""
    rows: list[ArticleInfo]
    matching: int
    """Articles that match the search (all of them when there is none)."""
    total: int
    """Articles in the corpus."""
    chunks: int
    """Chunks in the corpus."""
    titles: dict[str, str] = field(default_factory=dict)
    """Titles of the articles that the rows' ``copy_of`` name, by source."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.matching // self.query.per_page))

    @property
    def first(self) -> int:
        """1-based position of the first row shown among the matches (0: none)."""
        return (self.query.page - 1) * self.query.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages


def sort_value(key: SortKey, descending: bool) -> str:
    return f"{key}-{'desc' if descending else 'asc'}"


def parse_sort(value: str | None) -> tuple[SortKey, bool]:
    """(key, descending) of a sort control value such as ``"title-asc"``; newest first for
    anything else."""
    key, _, direction = (value or "").partition("-")
    for known in SORT_KEYS:
        if key == known and direction in ("asc", "desc"):
            return known, direction == "desc"
    return "date", True


def toggled_sort(current: str | None, key: str) -> str:
    """The sort after clicking the heading of ``key``: the other direction of the same column,
    or a new column in its natural direction (newest, most chunks, A–Z)."""
    now, descending = parse_sort(current)
    if key not in SORT_KEYS:
        return sort_value(now, descending)
    chosen: SortKey = next(k for k in SORT_KEYS if k == key)
    if chosen == now:
        return sort_value(now, not descending)
    return sort_value(chosen, chosen in _FIRST_DESCENDING)


def search_terms(search: str) -> list[str]:
    return search.casefold().split()


def matches(info: ArticleInfo, terms: Sequence[str]) -> bool:
    """Whether every term occurs in the article's title, outlet or file name."""
    if not terms:
        return True
    haystack = "\n".join((info.title, info.outlet or "", info.source)).casefold()
    return all(term in haystack for term in terms)


_LEADING = re.compile(r"^[\W_]+")


def _sort_value(key: SortKey) -> Callable[[ArticleInfo], str | int | None]:
    if key == "date":
        return lambda info: info.date or None
    if key == "outlet":
        return lambda info: info.outlet.casefold() if info.outlet else None
    if key == "title":  # by its first word: "#MyFreedomDay" and "'Newcomer'" under M and N
        return lambda info: _LEADING.sub("", info.title.casefold()) or None
    return lambda info: info.chunks


def sort_infos(infos: Sequence[ArticleInfo], key: SortKey, descending: bool) -> list[ArticleInfo]:
    """Sorted by ``key`` either way; articles without that value (undated, no outlet) last
    either way; ties by file name."""
    value = _sort_value(key)
    known = sorted((i for i in infos if value(i) is not None), key=lambda i: i.source)
    known.sort(key=value, reverse=descending)  # type: ignore[arg-type]
    unknown = sorted((i for i in infos if value(i) is None), key=lambda i: i.source)
    return known + unknown


def table_page(infos: Sequence[ArticleInfo], query: TableQuery) -> TablePage:
    """The page ``query`` asks for out of the whole corpus ``infos``."""
    terms = search_terms(query.search)
    found = [info for info in infos if matches(info, terms)]
    per_page = max(1, query.per_page)
    pages = max(1, -(-len(found) // per_page))
    page = min(max(1, query.page), pages)
    query = replace(query, page=page, per_page=per_page)
    start = (page - 1) * per_page
    rows = sort_infos(found, query.sort, query.descending)[start : start + per_page]
    copied = {row.copy_of for row in rows if row.copy_of}
    titles = {info.source: info.title for info in infos if info.source in copied}
    return TablePage(
        query=query,
        rows=rows,
        matching=len(found),
        total=len(infos),
        chunks=sum(info.chunks for info in infos),
        titles=titles,
    )


# -- HTML -----------------------------------------------------------------------------------


def count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def table_html(page: TablePage, uploaded: Collection[str] = ()) -> str:
    """The summary line, the table of the page's rows, and the position among the matches;
    the articles named in ``uploaded`` (sources) are marked as uploads, which have no file."""
    if not page.total:
        return (
            '<div class="corpus-empty">No articles are indexed yet. Add .txt, .md or .html '
            "files with <b>Add articles</b> above, or run <code>assistant ingest</code>.</div>"
        )
    summary = f"{count(page.total, 'article')} · {count(page.chunks, 'chunk')}"
    if page.query.search:
        summary = (
            f"{page.matching:,} of {page.total:,} articles match “{escape_text(page.query.search)}”"
        )
    head = f'<div class="corpus-summary" role="status">{summary}</div>'
    if not page.rows:
        return head + (
            f'<div class="corpus-empty corpus-no-match">No article matches '
            f"“{escape_text(page.query.search)}”. The search looks in titles, outlets and "
            "file names; every word must occur.</div>"
        )
    rows = "".join(_row(info, page.titles, info.source in uploaded) for info in page.rows)
    return (
        f'{head}<div class="corpus-scroll"><table class="corpus-table">'
        f"<thead><tr>{_headings(page.query)}</tr></thead><tbody>{rows}</tbody></table></div>"
        f'<div class="corpus-position">{position_text(page)}</div>'
    )


def position_text(page: TablePage) -> str:
    """Where the page is: "Articles 51–100 of 3,788 · page 2 of 76"."""
    if not page.rows:
        return "No articles"
    return (
        f"Articles {page.first:,}–{page.last:,} of {page.matching:,} · "
        f"page {page.query.page:,} of {page.pages:,}"
    )


def _headings(query: TableQuery) -> str:
    cells = []
    for heading, key, kind in _COLUMNS:
        if key is None:
            label = (
                f'<span class="corpus-sr-only">{heading}</span>' if kind == "actions" else heading
            )
            cells.append(f'<th scope="col" class="{kind}">{label}</th>')
            continue
        active = key == query.sort
        order = ("descending" if query.descending else "ascending") if active else "none"
        arrow = ("↓" if query.descending else "↑") if active else ""
        cells.append(
            f'<th scope="col" class="{kind}" aria-sort="{order}">'
            f'<button type="button" class="corpus-sort" data-action="sort" data-key="{key}" '
            f'title="Sort by {heading.lower()}">{heading}'
            f'<span class="corpus-arrow" aria-hidden="true">{arrow}</span></button></th>'
        )
    return "".join(cells)


def _row(info: ArticleInfo, titles: Mapping[str, str], uploaded: bool) -> str:
    source = escape_text(info.source)
    title = escape_text(info.title)
    date = escape_text(info.date) if info.date else '<span class="muted">undated</span>'
    outlet = escape_text(info.outlet) if info.outlet else '<span class="muted">—</span>'
    tag = (
        ' <span class="corpus-tag" title="Uploaded in the browser: there is no file to read '
        'again">uploaded</span>'
        if uploaded
        else ""
    )
    ident = escape_text(info.id)
    return (
        f'<tr data-source="{source}" data-id="{ident}">'
        f'<td class="title" data-label="Title">{title}</td>'
        f'<td class="outlet" data-label="Outlet">{outlet}</td>'
        f'<td class="date" data-label="Date">{date}</td>'
        f'<td class="story" data-label="Story">{story_html(info, titles)}</td>'
        f'<td class="num" data-label="Chunks">{info.chunks}</td>'
        f'<td class="file" data-label="File">{source}{tag}</td>'
        f'<td class="actions">'
        f'<button type="button" class="corpus-action" data-action="reingest" data-id="{ident}" '
        f'aria-label="Re-ingest {title}">Re-ingest</button>'
        f'<button type="button" class="corpus-action corpus-delete" data-action="delete" '
        f'data-id="{ident}" aria-label="Delete {title}">Delete</button></td></tr>'
    )


def story_html(info: ArticleInfo, titles: Mapping[str, str]) -> str:
    """What the article's story says of it: a copy of which article, how many outlets (or
    articles) carry it, or a dash when it stands alone or stories are not grouped yet."""
    parts = []
    if info.copy_of:
        original = titles.get(info.copy_of, info.copy_of)
        parts.append(
            f'<span class="corpus-copy" title="{escape_text(info.copy_of)}">copy of '
            f"<i>{escape_text(original)}</i></span>"
        )
    outlets = list(dict.fromkeys(info.story_outlets))
    if len(outlets) > 1:
        names = ", ".join(outlets[:3]) + (f" +{len(outlets) - 3}" if len(outlets) > 3 else "")
        parts.append(
            f'<span class="corpus-story" title="{escape_text(", ".join(outlets))}">'
            f"{len(outlets)} outlets</span>"
            f'<span class="corpus-outlets">{escape_text(names)}</span>'
        )
    elif info.story_size > 1:
        parts.append(f'<span class="corpus-story">{count(info.story_size, "article")}</span>')
    if not parts:
        return '<span class="muted" title="No other article carries this story">—</span>'
    return "".join(parts)
