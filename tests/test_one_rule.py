"""One place for each security rule (issue 10 item 13): the citation-marker syntax, the
"exposed beyond loopback" check and the thread-to-async bridge each live in one function
that the CLI, the UI and the API call; a copy elsewhere fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import cite

pytestmark = pytest.mark.unit

PACKAGE = Path(cite.__file__).parent


def sources_except(*allowed: str) -> dict[str, str]:
    """Every module of the package but ``allowed`` (paths relative to the package)."""
    return {
        str(path.relative_to(PACKAGE)): path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if str(path.relative_to(PACKAGE)) not in allowed
    }


# -- the citation-marker syntax -----------------------------------------------------------

# A regular expression that matches "[" followed by a digit class: a marker pattern.
_MARKER_PATTERN = re.compile(r"""\\\[\s*(?:\(\s*)?(?:\\d|\[\\d)""")


def test_only_cite_defines_the_marker_syntax() -> None:
    copies = [
        name for name, text in sources_except("cite.py").items() if _MARKER_PATTERN.search(text)
    ]
    assert copies == []


def test_strip_markers_removes_every_marker_form_and_its_space() -> None:
    assert cite.strip_markers("Kyiv [1][2], aid [1, 3] and more [2-4].") == "Kyiv, aid and more."


def test_strip_markers_keeps_brackets_that_are_no_marker() -> None:
    assert cite.strip_markers("He said [sic] so ⁅12⁆.") == "He said [sic] so ⁅12⁆."


def test_a_half_marker_at_the_end_of_a_stream_is_held_back() -> None:
    assert cite.without_open_marker("Blinken visited Kyiv [1") == "Blinken visited Kyiv "
    assert cite.without_open_marker("Blinken visited Kyiv [1]") == "Blinken visited Kyiv [1]"


def test_the_history_an_llm_rewrites_from_has_no_markers() -> None:
    from assistant.followup import _answer_text

    assert _answer_text("Antony Blinken [1]. He visited Kyiv [1, 2].") == (
        "Antony Blinken. He visited Kyiv."
    )


def test_the_eval_report_marks_the_same_markers_as_cite() -> None:
    from assistant.evaluate.report_html import MARKER

    assert MARKER is cite.MARKER
