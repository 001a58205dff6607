"""The gradio page: a chat column beside an evidence panel, a corpus tab, a settings tab.

Layout and event wiring only; every event calls a handler in ``handlers`` (which calls the
``Assistant``). The page's CSS and the chip-click script travel inside the Blocks (in the
``head`` of an HTML component), so the page looks and works the same when another app mounts
it with ``gradio.mount_gradio_app`` as when ``launch`` serves it.
"""

# No `from __future__ import annotations` here: gradio reads the annotation of an event
# handler's `gr.SelectData` parameter at runtime, and gradio is imported inside the functions.
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from assistant.resources import bundled_seeds_dir
from assistant.ui.corpus import UPLOAD_SUFFIXES
from assistant.ui.evidence import evidence_panel_html
from assistant.ui.handlers import ChatHandlers, CorpusHandlers, SettingsHandlers
from assistant.ui.state import ChatState

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
_PLACEHOLDER = (
    "<div style='text-align:center'><h3 style='margin-bottom:4px'>Ask about the articles</h3>"
    "<p style='opacity:.75;margin-top:0'>Answers quote the articles with numbered sources; "
    "when the articles do not say, the assistant says so.</p></div>"
)


@cache
def page_head() -> str:
    """The page's stylesheet and chip-click script, for the document head."""
    assets = files("assistant.ui") / "assets"
    css = (assets / "ui.css").read_text(encoding="utf-8")
    script = (assets / "ui.js").read_text(encoding="utf-8")
    return f"<style>{css}</style><script>{script}</script>"


def build_ui(assistant: "Assistant") -> "gr.Blocks":
    """The whole page over ``assistant``, with the queue bounded by ``settings.ui``."""
    import gradio as gr

    ui = assistant.settings.ui
    chat = ChatHandlers(assistant)
    corpus = CorpusHandlers(assistant, max_upload_bytes=int(ui.max_upload_mb * 1_000_000))
    prefs = SettingsHandlers(assistant)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.HTML(_HEADER, head=page_head(), js_on_load=None, elem_id="app-header")
        depth = gr.State(assistant.settings.retrieval.top_k)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"):
                _chat_tab(chat, depth, _examples(assistant))
            with gr.Tab("Corpus", id="corpus-tab") as corpus_tab:
                documents = _corpus_tab(corpus, ui.max_upload_mb)
            with gr.Tab("Settings", id="settings-tab"):
                backend, status = _settings_tab(prefs, depth)
        corpus_tab.select(corpus.documents, None, documents, api_visibility="private")
        # Other tabs may have uploaded articles or switched the backend since this page was
        # built: show the service as it is now.
        demo.load(
            lambda: (corpus.documents(), prefs.backend(), prefs.status()),
            None,
            [documents, backend, status],
            api_visibility="private",
        )
    demo.queue(default_concurrency_limit=ui.concurrency, max_size=ui.max_queue, api_open=False)
    return demo


def _chat_tab(chat: ChatHandlers, depth: "gr.State", examples: tuple[str, ...]) -> None:
    """The chat column beside the evidence panel."""
    import gradio as gr

    state = gr.State(ChatState())
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
            chatbot = gr.Chatbot(
                elem_id="chat",
                show_label=False,
                height="calc(100vh - 260px)",
                min_height=420,
                render_markdown=False,  # messages are HTML built (and escaped) by render.py
                sanitize_html=True,
                latex_delimiters=[],
                allow_tags=False,
                buttons=[],
                feedback_options=None,
                placeholder=_PLACEHOLDER,
                examples=[{"text": q} for q in examples] or None,
                group_consecutive_messages=False,
            )
            with gr.Row(elem_id="question-row"):
                question = gr.Textbox(
                    elem_id="question",
                    show_label=False,
                    placeholder="Ask a question about the articles…",
                    submit_btn=True,
                    autofocus=True,
                    max_lines=6,
                    scale=8,
                )
                new_chat = gr.Button(
                    "New chat", elem_id="new-chat", size="md", scale=1, min_width=110
                )
        with gr.Column(scale=2, min_width=340, elem_id="evidence-col"):
            gr.HTML('<div class="ev-title-bar">Evidence</div>', js_on_load=None)
            evidence = gr.HTML(evidence_panel_html([]), elem_id="evidence-panel", js_on_load=None)

    def pick_example(state_: ChatState, event: gr.SelectData) -> tuple[str, Any, ChatState]:
        return chat.add_question(str(event.value.get("text", "")), state_)

    shown = [
        question.submit(
            chat.add_question,
            [question, state],
            [question, chatbot, state],
            queue=False,
            api_visibility="private",
        ),
        chatbot.example_select(
            pick_example, [state], [question, chatbot, state], queue=False, api_visibility="private"
        ),
    ]
    for dependency in shown:
        dependency.then(
            chat.stream_answer,
            [state, depth],
            [chatbot, evidence, state],
            show_progress="minimal",
            api_visibility="private",
        )
    for trigger in (new_chat.click, chatbot.clear):
        trigger(
            chat.new_chat,
            [state],
            [question, chatbot, evidence, state],
            queue=False,
            api_visibility="private",
        )


def _examples(assistant: "Assistant") -> tuple[str, ...]:
    bundled = assistant.settings.corpus.dir.resolve() == bundled_seeds_dir().resolve()
    return BUNDLED_EXAMPLES if bundled else ()


def _corpus_tab(corpus: CorpusHandlers, max_upload_mb: float) -> "gr.HTML":
    """The article table and the upload; returns the table."""
    import gradio as gr

    gr.HTML(
        '<p class="tab-intro">The articles the assistant answers from. Uploaded files are '
        "split into chunks and embedded here, on this machine.</p>",
        js_on_load=None,
    )
    documents = gr.HTML(corpus.documents(), elem_id="corpus-documents", js_on_load=None)
    kinds = ", ".join(UPLOAD_SUFFIXES)
    uploads = gr.File(
        label=f"Add articles ({kinds}; at most {max_upload_mb:g} MB each)",
        file_count="multiple",
        file_types=list(UPLOAD_SUFFIXES),
        elem_id="upload-files",
    )
    add = gr.Button("Add to corpus", variant="primary", elem_id="upload-button")
    report = gr.HTML("", elem_id="upload-report", js_on_load=None)

    # gradio hands its progress tracker to the parameter whose default is a gr.Progress.
    def upload(
        paths: list[str] | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, str, None]:
        html, listing = corpus.upload(paths, lambda done, what: progress(done, desc=what))
        return html, listing, None

    add.click(
        upload,
        [uploads],
        [report, documents, uploads],
        concurrency_limit=1,  # ingestion holds the store's write lock anyway
        api_visibility="private",
    )
    return documents


def _settings_tab(prefs: SettingsHandlers, depth: "gr.State") -> "tuple[gr.Radio, gr.HTML]":
    """Answer backend (service-wide) and retrieval depth (this tab's); returns the backend
    radio and its status line."""
    import gradio as gr

    gr.HTML(
        '<p class="tab-intro">Changes apply to the next question, without a restart. The '
        "answer backend is shared by everyone using this server; the retrieval depth is yours."
        "</p>",
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
    backend.input(prefs.set_backend, [backend], [backend, status], api_visibility="private")
    slider.input(lambda k: k, [slider], [depth], queue=False, api_visibility="private")
    return backend, status
