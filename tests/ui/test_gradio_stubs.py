"""gradio imported through assistant.ui writes no type stubs (the slow half of its import)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_gradio_imported_after_the_ui_package_writes_no_stubs() -> None:
    out = _run(
        "import assistant.ui, gradio, gradio.component_meta as m;"
        "print(m.create_or_modify_pyi.__module__, len(gradio.Blocks.__mro__) > 1)"
    )
    assert out == "assistant.ui.gradio_stubs True"


def test_gradio_imported_first_is_patched_for_later_components() -> None:
    out = _run(
        "import gradio, gradio.component_meta as m;"
        "from assistant.ui.gradio_stubs import skip_stub_writing;"
        "skip_stub_writing(); skip_stub_writing();"
        "print(m.create_or_modify_pyi.__module__)"
    )
    assert out == "assistant.ui.gradio_stubs"


def test_without_the_ui_package_gradio_is_untouched() -> None:
    out = _run("import gradio.component_meta as m; print(m.create_or_modify_pyi.__module__)")
    assert out == "gradio.component_meta"
