"""The timeline tab: a topic box and the dated developments of that story, oldest first, each
with its citation (outlet, title, date, file, the exact characters) and the article text
around it.

``TimelineHandlers`` calls ``Assistant.timeline`` and renders HTML (no gradio there, so it is
tested without a browser); ``timeline_tab`` lays the tab out and wires it. Every piece of text
from a user or an article goes through ``escape_text``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from assistant.filters import read_filters
from assistant.timeline import empty_text
from assistant.types import Article, Timeline, TimelineEntry
from assistant.ui.chat_tab import PRIVATE
from assistant.ui.evidence import excerpt
from assistant.ui.render import escape_text

if TYPE_CHECKING:
    import gradio as gr

    from assistant.service import Assistant

log = logging.getLogger(__name__)

INTRO = (
    '<p class="tab-intro">Name a story to see how it developed: one dated sentence per '
    "article, oldest first, each citing the exact words it quotes. Reports that say the same "
    "are shown once, with the other outlets named.</p>"
)
EMPTY_VIEW_TEXT = "Enter a topic, e.g. a place, a person or an event, and press Show timeline."
_STYLE = """<style>
.tl-list { list-style: none; margin: 0; padding: 0; }
.tl-entry { display: grid; grid-template-columns: 7.5em 1fr; gap: 4px 14px; padding: 10px 0;
  border-bottom: 1px solid var(--border-color-primary); }
.tl-date { font-weight: 600; font-variant-numeric: tabular-nums; }
.tl-date--unknown { color: var(--body-text-color-subdued); font-weight: 400; }
.tl-text { line-height: 1.55; }
.tl-marker { font-size: 0.8em; font-weight: 600; color: var(--qa-accent); }
.tl-cite, .tl-also, .tl-scope { grid-column: 2; font-size: 0.85rem;
  color: var(--body-text-color-subdued); }
.tl-context { grid-column: 2; font-size: 0.85rem; }
.tl-context mark { background: var(--qa-mark); color: var(--qa-mark-text); padding: 0 2px; }
.tl-title { font-weight: 600; margin: 4px 0 8px; }
.tl-empty, .tl-error { padding: 10px 12px; border-radius: 8px;
  background: var(--qa-declined-soft); }
.tl-error { background: var(--qa-error-soft); color: var(--qa-error); }
</style>"""


class TimelineHandlers:
    """The timeline tab's one event: a topic and filters in, the timeline's HTML out."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def show(
        self,
        topic: str | None,
        outlets: list[str] | str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> str:
        """The timeline of ``topic`` within the filters, as HTML; a message instead for a
        blank or over-long topic, a bad filter, or a failure."""
        topic = (topic or "").strip()
        if not topic:
            return _view(f'<div class="tl-empty" role="note">{EMPTY_VIEW_TEXT}</div>')
        limit = self.assistant.settings.api.max_question_chars
        if len(topic) > limit:
            return error_html(
                f"This topic is {len(topic):,} characters long; at most {limit:,} are allowed."
            )
        try:
            filters = self.assistant.resolve_filters(read_filters(outlets, since, until))
        except ValueError as exc:  # a date that cannot be read, an unknown outlet
            return error_html(str(exc))
        try:
            found = self.assistant.timeline(topic, filters=filters)
        except Exception as exc:  # shown in the tab, never a stuck spinner
            log.exception("the timeline of %r failed", topic)
            return error_html(f"{type(exc).__name__}: {exc}")
        return timeline_html(found, self._articles(found))

    def outlets(self) -> list[str]:
        return self.assistant.outlets()

    def _articles(self, found: Timeline) -> dict[str, Article | None]:
        sources = dict.fromkeys(e.citation.source for e in found.entries)
        return {source: self.assistant.article(source) for source in sources}


def timeline_html(found: Timeline, articles: dict[str, Article | None] | None = None) -> str:
    """The entries, oldest first, each with its date, sentence and marker, the citation, the
    other outlets that say the same, and (with ``articles``) the text around the span."""
    scope = (
        f'<div class="tl-scope" role="note">Searched only articles '
        f"{escape_text(found.filters.describe())}.</div>"
        if found.filters
        else ""
    )
    if not found.entries:
        message = escape_text(empty_text(found))
        return _view(f'<div class="tl-empty" role="note">{message}</div>{scope}')
    items = "".join(_entry_html(e, (articles or {}).get(e.citation.source)) for e in found.entries)
    count = len(found.entries)
    title = (
        f'<div class="tl-title">Timeline of “{escape_text(found.topic)}”: {count} '
        f"development{'s' if count != 1 else ''}</div>"
    )
    return _view(f'{title}{scope}<ol class="tl-list">{items}</ol>')


def error_html(message: str) -> str:
    return _view(f'<div class="tl-error" role="alert">{escape_text(message)}</div>')


def _view(body: str) -> str:
    return f'<div class="tl-view">{body}</div>'


def _entry_html(entry: TimelineEntry, article: Article | None) -> str:
    c = entry.citation
    date = (
        f'<div class="tl-date">{escape_text(entry.date)}</div>'
        if entry.date
        else '<div class="tl-date tl-date--unknown">date unknown</div>'
    )
    text = escape_text(entry.text.removesuffix(f" [{c.marker}]"))
    marker = f' <span class="tl-marker">[{c.marker}]</span>'
    outlet = f"{escape_text(c.outlet)} — " if c.outlet else ""
    cite = (
        f'<div class="tl-cite">[{c.marker}] {outlet}{escape_text(c.title)} — '
        f"{escape_text(c.source)} (chars {c.start}–{c.end})</div>"
    )
    also = (
        f'<div class="tl-also">Also reported by {escape_text(", ".join(entry.also))}</div>'
        if entry.also
        else ""
    )
    return (
        f'<li class="tl-entry" data-marker="{c.marker}">{date}'
        f'<div class="tl-text">{text}{marker}</div>{cite}{also}{_context(entry, article)}</li>'
    )


def _context(entry: TimelineEntry, article: Article | None) -> str:
    """The article text around the cited span, folded away; nothing when the article is gone
    or changed."""
    c = entry.citation
    if article is None or article.text[c.start : c.end] != c.text:
        return ""
    part = excerpt(article.text, c.start, c.end, floor=article.body_start)
    before = ("… " if part.clipped_start else "") + escape_text(part.before)
    after = escape_text(part.after) + (" …" if part.clipped_end else "")
    return (
        '<details class="tl-context"><summary>In the article</summary>'
        f"<p>{before} <mark>{escape_text(part.cited)}</mark> {after}</p></details>"
    )


def timeline_tab(assistant: Assistant, tab: gr.Tab) -> None:
    """Lay out the timeline tab inside ``tab`` and wire it; the outlet choices are refreshed
    when the tab is opened (uploads may bring new outlets)."""
    import gradio as gr

    handlers = TimelineHandlers(assistant)
    gr.HTML(_STYLE + INTRO, js_on_load=None)
    with gr.Row(elem_id="timeline-row"):
        topic = gr.Textbox(
            elem_id="timeline-topic",
            show_label=False,
            placeholder="A story: a place, a person, an event…",
            max_lines=1,
            scale=6,
        )
        show = gr.Button("Show timeline", variant="primary", elem_id="timeline-button", scale=1)
    with gr.Row(elem_classes=["filter-row"]):
        outlets = gr.Dropdown(
            choices=handlers.outlets(),
            value=[],
            multiselect=True,
            label="Outlets",
            info="Only these (empty: all).",
            elem_id="timeline-outlets",
            scale=3,
        )
        since = gr.Textbox(
            label="Since", placeholder="2017-03-01", max_lines=1, elem_id="timeline-since", scale=1
        )
        until = gr.Textbox(
            label="Until", placeholder="2017-03-31", max_lines=1, elem_id="timeline-until", scale=1
        )
    view = gr.HTML(handlers.show(""), elem_id="timeline-view", js_on_load=None)
    for trigger in (show.click, topic.submit):
        trigger(handlers.show, [topic, outlets, since, until], view, **PRIVATE)
    tab.select(lambda: gr.update(choices=handlers.outlets()), None, outlets, queue=False, **PRIVATE)
