"""The chat tab: the conversation beside the evidence panel, and what its events call.

Layout and wiring only. A question shows at once (no queue), its answer streams through the
queue under the concurrency limit, and the Stop button (shown while a slow backend streams)
cancels it. Questions sent while an answer streams are all taken and answered in order.
Every event calls a method of ``ChatHandlers``.
"""

# No `from __future__ import annotations` here: gradio reads the annotation of an event
# handler's `gr.SelectData` parameter at runtime, and gradio is imported inside the functions.
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.ui.evidence import evidence_panel_html
from assistant.ui.handlers import ChatHandlers
from assistant.ui.state import ChatState

if TYPE_CHECKING:
    import gradio as gr

    from assistant.ui.conversations_panel import ConversationsPanel

PLACEHOLDER = (
    "<div style='text-align:center'><h2 style='margin-bottom:4px;font-size:1.17em'>"
    "Ask about the articles</h2>"
    "<p style='opacity:.75;margin-top:0'>Answers quote the articles with numbered sources; "
    "when the articles do not say, the assistant says so.</p></div>"
)
PRIVATE: dict[str, Any] = {"api_visibility": "private"}
"""The UI's events are not a public API (`assistant serve` is)."""


@dataclass
class ChatParts:
    """The components of the chat tab that events read or write."""

    state: "gr.State"
    chatbot: "gr.Chatbot"
    question: "gr.Textbox"
    new_chat: "gr.Button"
    stop: "gr.Button"
    evidence: "gr.HTML"
    outlets: "gr.Dropdown"
    since: "gr.Textbox"
    until: "gr.Textbox"


def chat_tab(
    chat: ChatHandlers,
    depth: "gr.State",
    backend: "gr.State",
    examples: tuple[str, ...],
    slow: Callable[[Any], bool],
    conversations: "ConversationsPanel | None" = None,
) -> "gr.Dropdown":
    """Lay out the chat tab and wire its events; ``backend`` holds the tab's answer backend,
    and ``slow(backend)`` says whether its answers stream slowly enough (an LLM) to offer a
    Stop button; ``conversations``: the saved conversations' controls, above the chat.
    Returns the outlet control, whose choices the page refreshes on load."""
    if conversations is not None:
        conversations.layout()
    parts = _layout(examples, chat.outlets())
    answers = _wire(chat, parts, depth, backend, slow)
    if conversations is not None:
        asked = [parts.state, depth, backend, parts.outlets, parts.since, parts.until]
        conversations.wire(parts, answers, asked, slow, backend)
    return parts.outlets


def _layout(examples: tuple[str, ...], outlets: list[str]) -> ChatParts:
    import gradio as gr

    state = gr.State(ChatState())
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
            chatbot = gr.Chatbot(
                elem_id="chat",
                show_label=False,
                height="calc(100vh - 310px)",
                min_height=420,
                render_markdown=False,  # messages are HTML built (and escaped) by render.py
                sanitize_html=True,
                latex_delimiters=[],
                allow_tags=False,
                buttons=[],
                feedback_options=("Like", "Dislike"),  # saved by conversations_panel
                placeholder=PLACEHOLDER,
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
                stop = gr.Button(
                    "Stop", elem_id="stop", visible=False, size="md", scale=1, min_width=90
                )
                new_chat = gr.Button(
                    "New chat", elem_id="new-chat", size="md", scale=1, min_width=110
                )
            # Applied to each question asked; empty: every article is searched.
            with gr.Row(elem_id="filter-row", elem_classes=["filter-row"]):
                outlet = gr.Dropdown(
                    choices=outlets,
                    value=[],
                    multiselect=True,
                    label="Outlets",
                    info="Search only these (empty: all).",
                    elem_id="filter-outlets",
                    scale=3,
                )
                since = gr.Textbox(
                    label="Since",
                    placeholder="2017-03-01",
                    max_lines=1,
                    elem_id="filter-since",
                    scale=1,
                    min_width=120,
                )
                until = gr.Textbox(
                    label="Until",
                    placeholder="2017-03-31",
                    max_lines=1,
                    elem_id="filter-until",
                    scale=1,
                    min_width=120,
                )
        with gr.Column(scale=2, min_width=340, elem_id="evidence-col"):
            # The live region announcing each change of the panel (filled by ui.js).
            gr.HTML(
                '<h2 class="ev-title-bar">Evidence</h2><div id="evidence-status" '
                'class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>',
                js_on_load=None,
            )
            evidence = gr.HTML(evidence_panel_html([]), elem_id="evidence-panel", js_on_load=None)
    return ChatParts(state, chatbot, question, new_chat, stop, evidence, outlet, since, until)


def _stop_button(state: ChatState) -> Any:
    import gradio as gr

    return gr.update() if state.answering is not None else gr.update(visible=False)


def _wire(
    chat: ChatHandlers,
    p: ChatParts,
    depth: "gr.State",
    backend: "gr.State",
    slow: Callable[[Any], bool],
) -> list[Any]:
    """Wire the events; returns the answer steps."""
    import gradio as gr

    # Every question sent is taken, even while an answer streams (trigger_mode "multiple":
    # gradio's default drops a trigger while the same event is pending); the handlers answer
    # a tab's questions one after another, in the order sent.
    asked = [p.state, depth, backend, p.outlets, p.since, p.until]
    every: dict[str, Any] = {"trigger_mode": "multiple", **PRIVATE}

    def pick_example(
        state: ChatState,
        depth: float | None,
        backend: Any,
        outlets: Any,
        since: str | None,
        until: str | None,
        event: gr.SelectData,
    ) -> tuple[str, Any, ChatState]:
        text = str(event.value.get("text", ""))
        return chat.add_question(text, state, depth, backend, outlets, since, until)

    shown = [
        p.question.submit(
            chat.add_question,
            [p.question, *asked],
            [p.question, p.chatbot, p.state],
            queue=False,
            **every,
        ),
        p.chatbot.example_select(
            pick_example, asked, [p.question, p.chatbot, p.state], queue=False, **every
        ),
    ]
    view = [p.chatbot, p.evidence, p.state]
    answers = []
    for dependency in shown:
        answer = dependency.then(
            lambda b: gr.update(visible=slow(b)), [backend], p.stop, queue=False, **every
        ).then(
            chat.stream_answer,
            asked,
            view,
            show_progress="minimal",
            **every,
        )
        # A failed step (e.g. a full queue) must not leave the question waiting forever.
        answer.failure(chat.abandon, [p.state], view, queue=False, **every)
        # Stop stays while another step still answers this tab's questions.
        answer.then(_stop_button, [p.state], p.stop, queue=False, **every)
        answers.append(answer)
    p.stop.click(chat.stop_answer, [p.state], view, cancels=answers, queue=False, **PRIVATE).then(
        lambda: gr.update(visible=False), None, p.stop, queue=False, **PRIVATE
    )
    for trigger in (p.new_chat.click, p.chatbot.clear):
        trigger(chat.new_chat, [p.state], [p.question, *view[:2], p.state], queue=False, **PRIVATE)
    return answers
