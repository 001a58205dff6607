"""The gradio page: a chat column beside an evidence panel, a corpus tab, a settings tab.

Layout and event wiring only; every event calls a handler in ``handlers`` (which calls the
``Assistant``). The page's CSS and the chip-click script travel inside the Blocks (in the
``head`` of an HTML component), so the page looks and works the same when another app mounts
it with ``gradio.mount_gradio_app`` as when ``launch`` serves it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from assistant.resources import bundled_seeds_dir
from assistant.ui.backends import Backend, Backends
from assistant.ui.chat_tab import PRIVATE, chat_tab
from assistant.ui.conversations_panel import ConversationsPanel
from assistant.ui.corpus import corpus_tab as corpus_view
from assistant.ui.handlers import ChatHandlers, CorpusHandlers, SettingsHandlers
from assistant.ui.ingest_job import IngestJob, IngestPanel
from assistant.ui.timeline_tab import timeline_tab

if TYPE_CHECKING:
    import gradio as gr

    from assistant.service import Assistant

TITLE = "News assistant"
BUNDLED_EXAMPLES = (
    "Who is the head of Russia's administration in occupied Kharkiv?",
    "What did Zelensky say about the liberated settlements?",
    "Which town did Ukrainian troops capture?",
    "How much new military aid did Washington announce?",
)
"""Questions the bundled articles answer well; shown only over the bundled corpus."""
_HEADER = (
    '<div class="app-header"><div class="app-mark" aria-hidden="true">“</div><div>'
    f"<h1>{TITLE}</h1><p>Answers from your news articles, offline. Every sentence cites the "
    "exact words it comes from: click a number to see them.</p></div></div>"
)


@cache
def page_head() -> str:
    """The page's stylesheet and chip-click script, for the document head."""
    assets = files("assistant.ui") / "assets"
    css = (assets / "ui.css").read_text(encoding="utf-8")
    script = (assets / "ui.js").read_text(encoding="utf-8")
    return f"<style>{css}</style><script>{script}</script>"


def build_ui(assistant: Assistant) -> gr.Blocks:
    """The whole page over ``assistant``, with the queue bounded by ``settings.ui``."""
    import gradio as gr

    ui = assistant.settings.ui
    backends = Backends(assistant)
    chat = ChatHandlers(assistant, backends=backends)
    corpus = CorpusHandlers(assistant, max_upload_bytes=int(ui.max_upload_mb * 1_000_000))
    prefs = SettingsHandlers(assistant, backends)
    conversations = ConversationsPanel(chat, assistant.settings.data.dir)
    # Uploaded files are only needed until they are ingested; drop copies older than an hour.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(_HEADER, head=page_head(), js_on_load=None, elem_id="app-header")
        ingest = IngestPanel(IngestJob(assistant))  # a folder ingested in the background
        ingest.banner()
        depth = gr.State(assistant.settings.retrieval.top_k)
        # This tab's answer backend; None: the service's. Never the service's own switch.
        choice = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab") as chat_tab_item:
                outlets = chat_tab(
                    chat, depth, choice, _examples(assistant), prefs.streams, conversations
                )
            with gr.Tab("Timeline", id="timeline-tab") as timeline_item:
                timeline_tab(assistant, timeline_item)
            with gr.Tab("Corpus", id="corpus-tab") as corpus_tab:
                articles = corpus_view(corpus, ui.max_upload_mb)
                ingest.panel(articles.refresh, articles.inputs, articles.outputs)
            with gr.Tab("Settings", id="settings-tab"):
                backend, status = _settings_tab(prefs, depth, choice)
        conversations.on_load(demo)
        corpus_tab.select(articles.refresh, articles.inputs, articles.outputs, **PRIVATE)
        # Articles uploaded in the corpus tab may bring outlets of their own.
        chat_tab_item.select(
            lambda: gr.update(choices=chat.outlets()), None, outlets, queue=False, **PRIVATE
        )
        # Other tabs may have uploaded articles since this page was built: show the corpus
        # and its outlets as they are now, and the backend this (fresh) tab answers with.
        demo.load(articles.refresh, articles.inputs, articles.outputs, **PRIVATE)
        demo.load(
            lambda: (prefs.backend(), prefs.status(), gr.update(choices=chat.outlets())),
            None,
            [backend, status, outlets],
            **PRIVATE,
        )
    demo.queue(default_concurrency_limit=ui.concurrency, max_size=ui.max_queue, api_open=False)
    return demo


def _examples(assistant: Assistant) -> tuple[str, ...]:
    bundled = assistant.settings.corpus.dir.resolve() == bundled_seeds_dir().resolve()
    return BUNDLED_EXAMPLES if bundled else ()


def _settings_tab(
    prefs: SettingsHandlers, depth: gr.State, choice: gr.State
) -> tuple[gr.Radio, gr.HTML]:
    """Answer backend and retrieval depth, both this tab's own; returns the backend radio and
    its status line."""
    import gradio as gr

    gr.HTML(
        '<p class="tab-intro">Changes apply to your next question, without a restart, and '
        "only to this browser tab: other people using this server keep their own.</p>",
        js_on_load=None,
    )
    backend = gr.Radio(
        ["extractive", "openai"],
        value=prefs.backend(),
        label="Answer backend",
        info="extractive: offline, quotes evidence sentences. openai: an OpenAI-compatible "
        "LLM (ASSISTANT_LLM_* settings).",
        elem_id="backend",
    )
    status = gr.HTML(prefs.status(), elem_id="settings-status", js_on_load=None)
    slider = gr.Slider(
        1,
        20,
        step=1,
        value=depth.value,
        label="Retrieval depth",
        info="Passages retrieved for each question: more finds more evidence, a little slower.",
        elem_id="depth",
    )

    def pick(backend: Backend, current: Backend | None) -> tuple[Backend, str, Backend]:
        shown, line = prefs.set_backend(backend, current)
        return shown, line, shown

    backend.input(pick, [backend, choice], [backend, status, choice], **PRIVATE)
    depth_line = gr.HTML(prefs.depth_status(depth.value), elem_id="depth-status", js_on_load=None)

    def set_depth(k: float) -> tuple[float, str]:
        return k, prefs.depth_status(k)

    # .change, not .input: the slider's reset button must reach the state too. The line under
    # the slider confirms the depth once this tab's state holds it.
    slider.change(set_depth, [slider], [depth, depth_line], queue=False, **PRIVATE)
    return backend, status
