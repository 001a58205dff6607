"""The "Copy with sources" control of an answer: the text it copies is the answer as an
OpenAI client shows it (``assistant.api.openai_content``): the answer with its ``[n]``
markers, then the numbered Sources list (outlet, title, date, quoted span).

The text travels in the answer's HTML, in an element the page hides; ``assets/ui.js`` copies
it to the clipboard when the button is clicked (the chat's sanitiser keeps classes, so the
button finds its text by class).
"""

from __future__ import annotations

import html

from assistant.api.openai_content import message_content
from assistant.types import Answer

COPY_LABEL = "Copy with sources"


def copy_text(answer: Answer) -> str:
    """What copying ``answer`` puts on the clipboard."""
    return message_content(answer.answer, answer.citations, sources=True, filters=answer.filters)


def copy_html(answer: Answer) -> str:
    """The copy button of an answer, with the (hidden) text it copies."""
    # Brackets as character references: no "[n]" marker appears in the answer's HTML as text
    # (the element's text, which is copied, has them as they are).
    text = html.escape(copy_text(answer), quote=True).replace("[", "&#91;").replace("]", "&#93;")
    return (
        '<div class="qa-actions">'
        f'<button type="button" class="qa-copy" title="Copy the answer with its sources">'
        f"{COPY_LABEL}</button>"
        f'<pre class="qa-copy-text">{text}</pre></div>'
    )
