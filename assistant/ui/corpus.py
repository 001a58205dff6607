"""The corpus tab: the article table (search, sort, pages, delete and re-ingest per article),
the screening of uploads, the upload report, and the tab's gradio wiring.

Uploads are screened here (type and size) before the service sees their bytes, so that one bad
file is reported by name while the others are still ingested. ``CorpusView`` does what the
table's controls ask, over the ``Assistant``, and returns HTML and plain values; only
``corpus_tab`` imports gradio. Search, sort and paging themselves are ``corpus_table``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from assistant.ingest import SUPPORTED_SUFFIXES, IngestReport, unsupported_type
from assistant.store import UPLOAD
from assistant.types import ArticleInfo
from assistant.ui.corpus_table import (
    DEFAULT_SORT,
    SORT_CHOICES,
    TableQuery,
    count,
    table_html,
    table_page,
    toggled_sort,
)
from assistant.ui.render import escape_text
from assistant.writelock import StoreBusy

if TYPE_CHECKING:
    import gradio as gr

    from assistant.service import Assistant
    from assistant.ui.handlers import CorpusHandlers

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


def documents_html(infos: Sequence[ArticleInfo], uploaded: Collection[str] = ()) -> str:
    """The first page of the indexed articles, newest first (see ``corpus_table``)."""
    return table_html(table_page(infos, TableQuery()), uploaded)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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


# -- the article table's actions ----------------------------------------------------------


@dataclass(frozen=True)
class CorpusScreen:
    """What the table's part of the tab shows after an event."""

    html: str
    page: int
    """The page shown (brought within range)."""
    sort: str
    """The sort control's value."""
    has_previous: bool
    has_next: bool


class CorpusView:
    """The article table's events over the service: plain values in and out (no gradio)."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def screen(self, search: str | None, sort: str | None, page: float | None) -> CorpusScreen:
        """The page of the table the controls ask for."""
        shown = table_page(self.assistant.documents(), TableQuery.of(search, sort, page))
        records = self.assistant.store.stored_articles(row.source for row in shown.rows)
        uploaded = {source for source, record in records.items() if record.origin == UPLOAD}
        return CorpusScreen(
            html=table_html(shown, uploaded),
            page=shown.query.page,
            sort=shown.query.sort_value,
            has_previous=shown.has_previous,
            has_next=shown.has_next,
        )

    def loading(self) -> CorpusScreen:
        """What the table shows until the page has loaded and its first ``screen`` replaces
        it. Reading every article's row to build the page would hold up ``serve``'s start
        (0.3 s at 3,788 articles, 2.4 s at 100,000)."""
        query = TableQuery.of("", DEFAULT_SORT, 1)
        return CorpusScreen(
            html='<p class="corpus-loading">Loading the articles…</p>',
            page=query.page,
            sort=query.sort_value,
            has_previous=False,
            has_next=False,
        )

    def sorted_by(self, current: str | None, key: str) -> str:
        """The sort after a click on the heading of ``key``."""
        return toggled_sort(current, key)

    def _info(self, document_id: str) -> ArticleInfo | None:
        return next((i for i in self.assistant.documents() if i.id == document_id), None)

    def delete_question(self, document_id: str) -> str | None:
        """What the confirmation asks before deleting the article; None when it is gone."""
        info = self._info(document_id)
        if info is None:
            return None
        return (
            f'<div class="corpus-confirm-text" role="alert">Delete <b>{escape_text(info.title)}'
            f"</b> ({escape_text(info.source)}, {count(info.chunks, 'chunk')}) from the index? "
            "Only this article is removed; its file, if it has one, is left alone.</div>"
        )

    def delete(self, document_id: str) -> str:
        """Delete one article; the status line saying what happened."""
        info = self._info(document_id)
        if info is None:
            return _status("error", "That article is no longer indexed.")
        origin = self._origin(info.source)
        try:
            deleted = self.assistant.delete_document(document_id)
        except StoreBusy as exc:
            return _status("error", f"{info.source} was not deleted: {exc}")
        if not deleted:
            return _status("error", "That article is no longer indexed.")
        message = f"Deleted “{info.title}” ({info.source})."
        if origin and origin != UPLOAD and Path(origin).is_file():
            message += f" Its file {origin} is still there: ingesting its folder adds it again."
        return _status("ok", message)

    def reingest(self, document_id: str) -> str:
        """Read one article again from the file it came from (``ingest_paths`` over that one
        file); the status line saying what happened, or why it cannot be done."""
        info = self._info(document_id)
        if info is None:
            return _status("error", "That article is no longer indexed.")
        source = info.source
        origin = self._origin(source)
        if origin == UPLOAD:
            return _status(
                "error",
                f"{source} was uploaded in the browser, so there is no file to read it again "
                "from. Upload the file again to replace it.",
            )
        if not origin:
            return _status(
                "error",
                f"The file {source} was read from is not recorded; run `assistant ingest` over "
                "its folder to read it again.",
            )
        path = Path(origin)
        if not path.is_file():
            return _status(
                "error",
                f"{source} was read from {origin}, which no longer exists; the stored article "
                "is kept (delete it here if it is gone for good).",
            )
        if len(PurePosixPath(source).parts) > 1:
            # Named by its path within a folder: alone, the file would be another article.
            root = path.parents[len(PurePosixPath(source).parts) - 2]
            return _status(
                "error",
                f"{source} was read as part of the folder {root}; re-ingest that folder "
                f"(`assistant ingest {root}`) to read it again.",
            )
        try:
            report = self.assistant.ingest([path])
        except StoreBusy as exc:
            return _status("error", f"{source} was not read again: {exc}")
        if report.skipped:
            reasons = "; ".join(skipped.reason for skipped in report.skipped)
            return _status(
                "error",
                f"{source} could not be read again ({reasons}); the stored version is kept.",
            )
        if source in report.updated_articles:
            chunks = self.assistant.store.catalog.chunk_counts([source]).get(source, 0)
            return _status("ok", f"Read {source} again from {origin}: {count(chunks, 'chunk')}.")
        return _status(
            "same", f"{source} is unchanged since it was indexed ({origin}); nothing to do."
        )

    def _origin(self, source: str) -> str | None:
        record = self.assistant.store.stored_articles([source]).get(source)
        return record.origin if record else None


def _status(kind: str, message: str) -> str:
    return (
        f'<div class="corpus-status corpus-status--{kind}" role="status">{escape_text(message)}'
        "</div>"
    )


# -- gradio wiring --------------------------------------------------------------------------

_BRIDGE = """
element.addEventListener('click', (event) => {
  const button = event.target.closest && event.target.closest('button[data-action]');
  if (!button || !element.contains(button)) return;
  event.preventDefault();
  const action = button.dataset.action;
  trigger('click', {action: action, id: button.dataset.id || '', key: button.dataset.key || ''});
  if (action !== 'delete') return;
  // The confirmation appears at the bottom of the window: give it the focus once it is there.
  let tries = 0;
  const timer = setInterval(() => {
    const confirm = document.getElementById('corpus-confirm-delete');
    if ((confirm && confirm.offsetParent !== null) || ++tries > 50) {
      clearInterval(timer);
      if (confirm) confirm.focus();
    }
  }, 100);
});
"""
"""The table's buttons report their action (sort, delete, re-ingest) as the table's click."""


@dataclass(frozen=True)
class CorpusTab:
    """The corpus tab's refresh, for the events outside it (tab selection, page load)."""

    refresh: Callable[..., tuple[Any, ...]]
    inputs: list[gr.components.Component]
    outputs: list[gr.components.Component]


def corpus_tab(handlers: CorpusHandlers, max_upload_mb: float) -> CorpusTab:
    """The tab's content: the upload at the top, then search and sort, the table and its
    pages, and the delete confirmation; returns how to refresh the table."""
    import gradio as gr

    from assistant.ui.chat_tab import PRIVATE

    view = CorpusView(handlers.assistant)
    first = view.loading()  # each page load shows the table (``build_ui``'s demo.load)
    gr.HTML(
        '<p class="tab-intro">The articles the assistant answers from. Uploaded files are '
        "split into chunks and embedded here, on this machine.</p>",
        js_on_load=None,
    )
    with gr.Accordion("Add articles", open=True, elem_id="corpus-upload"):
        kinds = ", ".join(UPLOAD_SUFFIXES)
        uploads = gr.File(
            label=f"Articles to add ({kinds}; at most {max_upload_mb:g} MB each)",
            file_count="multiple",
            file_types=list(UPLOAD_SUFFIXES),
            elem_id="upload-files",
            height=140,
        )
        add = gr.Button("Add to corpus", variant="primary", elem_id="upload-button")
        report = gr.HTML("", elem_id="upload-report", js_on_load=None)
    with gr.Row(elem_id="corpus-controls", equal_height=True):
        search = gr.Textbox(
            label="Search titles, outlets and file names",
            placeholder="e.g. DeVos, Reuters, 0042",
            elem_id="corpus-search",
            scale=3,
            min_width=200,
            max_lines=1,
        )
        sort = gr.Dropdown(
            choices=list(SORT_CHOICES),
            value=first.sort,
            label="Sort",
            elem_id="corpus-sort",
            scale=1,
            min_width=160,
        )
    status = gr.HTML("", elem_id="corpus-status", js_on_load=None)
    documents = gr.HTML(
        first.html,
        elem_id="corpus-documents",
        js_on_load=_BRIDGE,
        head=f"<style>{corpus_css()}</style>",
    )
    page = gr.State(first.page)
    with gr.Row(elem_id="corpus-pager"):
        previous = gr.Button(
            "← Previous", elem_id="corpus-previous", interactive=first.has_previous, size="sm"
        )
        following = gr.Button(
            "Next →", elem_id="corpus-next", interactive=first.has_next, size="sm"
        )
    pending = gr.State("")
    with gr.Column(visible=False, elem_id="corpus-confirm") as confirm:
        question = gr.HTML("", js_on_load=None)
        with gr.Row():
            yes = gr.Button("Delete article", variant="stop", elem_id="corpus-confirm-delete")
            no = gr.Button("Cancel", elem_id="corpus-cancel")

    table = [documents, page, sort, previous, following]

    def shown(screen: CorpusScreen) -> tuple[Any, ...]:
        return (
            screen.html,
            screen.page,
            screen.sort,
            gr.update(interactive=screen.has_previous),
            gr.update(interactive=screen.has_next),
        )

    def refresh(search_text: str, sort_value: str, number: float) -> tuple[Any, ...]:
        return shown(view.screen(search_text, sort_value, number))

    def turn(step: int) -> Callable[[str, str, float], tuple[Any, ...]]:
        return lambda text, value, number: refresh(text, value, (number or 1) + step)

    def act(
        search_text: str, sort_value: str, number: float, event: gr.EventData
    ) -> tuple[Any, ...]:
        data = getattr(event, "_data", None) or {}
        action, ident = data.get("action"), str(data.get("id") or "")
        keep = gr.update()
        if action == "sort":
            sort_value = view.sorted_by(sort_value, str(data.get("key") or ""))
            return (*refresh(search_text, sort_value, 1), keep, keep, keep, keep)
        if action == "delete":
            asked = view.delete_question(ident)
            if asked is None:
                gone = _status("error", "That article is no longer indexed.")
                return (*refresh(search_text, sort_value, number), gone, keep, keep, keep)
            return (*[keep] * len(table), "", gr.update(visible=True), asked, ident)
        if action == "reingest":
            done = view.reingest(ident)
            return (*refresh(search_text, sort_value, number), done, keep, keep, keep)
        return (*[keep] * len(table), keep, keep, keep, keep)

    # gradio finds the event's data by this annotation, which it cannot resolve from a string.
    act.__annotations__["event"] = gr.EventData

    def delete(ident: str, search_text: str, sort_value: str, number: float) -> tuple[Any, ...]:
        done = view.delete(ident) if ident else ""
        return (*refresh(search_text, sort_value, number), done, gr.update(visible=False), "")

    def upload(
        paths: list[str] | None,
        search_text: str,
        sort_value: str,
        number: float,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        # gradio hands its progress tracker to the parameter whose default is a gr.Progress.
        html, _ = handlers.upload(paths, lambda done, what: progress(done, desc=what))
        return (html, None, *refresh(search_text, sort_value, number))

    controls = [search, sort, page]
    quiet: dict[str, Any] = {"show_progress": "hidden", **PRIVATE}
    # .change, not .input: a pasted or filled-in search counts too (nothing else sets it).
    search.change(
        lambda text, value: refresh(text, value, 1),
        [search, sort],
        table,
        trigger_mode="always_last",
        **quiet,
    )
    search.submit(lambda text, value: refresh(text, value, 1), [search, sort], table, **quiet)
    sort.input(lambda text, value: refresh(text, value, 1), [search, sort], table, **quiet)
    previous.click(turn(-1), controls, table, **quiet)
    following.click(turn(+1), controls, table, **quiet)
    documents.click(
        act, controls, [*table, status, confirm, question, pending], concurrency_limit=1, **PRIVATE
    )
    yes.click(
        delete,
        [pending, *controls],
        [*table, status, confirm, pending],
        concurrency_limit=1,
        **PRIVATE,
    )
    no.click(lambda: (gr.update(visible=False), ""), None, [confirm, pending], **quiet)
    add.click(
        upload,
        [uploads, *controls],
        [report, uploads, *table],
        concurrency_limit=1,  # ingestion holds the store's write lock anyway
        **PRIVATE,
    )
    return CorpusTab(refresh=refresh, inputs=controls, outputs=table)


def corpus_css() -> str:
    """The corpus view's stylesheet (the table's columns, its phone layout, the pager)."""
    from importlib.resources import files

    return (files("assistant.ui") / "assets" / "corpus.css").read_text(encoding="utf-8")
