"""One place for each security rule (issue 10 item 13): the citation-marker syntax, the
"exposed beyond loopback" check and the thread-to-async bridge each live in one function
that the CLI, the UI and the API call; a copy elsewhere fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import cite
from assistant.net import exposure_problems
from assistant.threads import iterate_on_thread

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


# -- the "exposed beyond loopback" check --------------------------------------------------


def test_only_net_decides_what_is_loopback() -> None:
    callers = [
        name
        for name, text in sources_except("net.py", "api/__init__.py").items()
        if "is_loopback(" in text
    ]
    assert callers == []


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "[::1]"])
def test_loopback_is_never_exposed(host: str) -> None:
    assert exposure_problems(host, api_token=False, ui_login=False) == []


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "news.lan"])
def test_beyond_loopback_each_unguarded_surface_is_named(host: str) -> None:
    api, ui = exposure_problems(host, api_token=False, ui_login=False)
    assert "ASSISTANT_API_TOKEN" in api and "ASSISTANT_UI_PASSWORD" in ui
    assert exposure_problems(host, api_token=True, ui_login=True) == []
    assert exposure_problems(host, api_token=True) == []  # no UI served


def test_the_api_the_ui_and_serve_apply_the_same_rule(tmp_path: Path) -> None:
    from assistant.api import ExposureError, check_exposure
    from assistant.settings import UISettings, load_settings
    from assistant.ui.launch import LoginSettingsError
    from assistant.ui.launch import check_exposure as check_ui

    with pytest.raises(ExposureError) as api:
        check_exposure(load_settings(data={"dir": tmp_path}, api={"host": "0.0.0.0"}))
    with pytest.raises(LoginSettingsError) as ui:
        check_ui(UISettings(host="0.0.0.0"))
    expected = exposure_problems("0.0.0.0", api_token=False, ui_login=False)
    assert [str(api.value), str(ui.value)] == expected


# -- the thread-to-async bridge -----------------------------------------------------------


def test_only_threads_moves_blocking_work_to_threads() -> None:
    bridges = [
        name
        for name, text in sources_except("threads.py").items()
        if re.search(
            r"to_thread|run_in_executor|call_soon_threadsafe|run_coroutine_threadsafe", text
        )
    ]
    assert bridges == []


def test_the_bridge_closes_an_iterator_the_consumer_leaves() -> None:
    import anyio

    closed: list[bool] = []

    def numbers() -> Iterator[int]:
        try:
            yield from range(10)
        finally:
            closed.append(True)

    async def first_two() -> list[int]:
        seen = []
        events = iterate_on_thread(numbers, anyio.CapacityLimiter(1))
        async for n in events:
            seen.append(n)
            if len(seen) == 2:
                break
        await events.aclose()
        assert closed == [True]  # at once, not at the loop's shutdown
        return seen

    assert anyio.run(first_two) == [0, 1]


def test_the_bridge_hands_over_a_failure() -> None:
    import anyio

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("boom")

    async def drain() -> list[int]:
        return [n async for n in iterate_on_thread(failing)]

    with pytest.raises(ValueError, match="boom"):
        anyio.run(drain)
