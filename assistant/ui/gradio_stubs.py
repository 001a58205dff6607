"""Importing gradio without its type-stub writer.

Each time gradio is imported, its component metaclass calls
``gradio.component_meta.create_or_modify_pyi`` for each of its ~80 component classes. That
function reads the class's source, parses it, renders a stub from a template, and compares it
with (or writes it to) a ``.pyi`` file beside the source in site-packages. The stubs are for
gradio's own developers and their type checkers. Here this took about 0.85 s of the 1.8 s that
``import gradio`` takes, which is most of what the UI adds to ``serve``'s start.

``skip_stub_writing()`` turns that function into a no-op before gradio's components are
defined. Nothing else about gradio changes, and no stub in site-packages is written or
removed. If a gradio release renames the function, nothing is patched and the import is only
as slow as before.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_MODULE = "gradio.component_meta"
_FUNCTION = "create_or_modify_pyi"


def _no_stub(*args: Any, **kwargs: Any) -> None:
    """Write no type stub (see the module's docstring)."""


def _patch(module: ModuleType) -> None:
    if hasattr(module, _FUNCTION):
        setattr(module, _FUNCTION, _no_stub)


class _StubSkipper(importlib.abc.MetaPathFinder):
    """Finds ``gradio.component_meta`` as the normal path finder does, and patches it as soon
    as it has run (before any component class is defined)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _patch(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def skip_stub_writing() -> None:
    """Make gradio write no type stubs when it is imported (idempotent)."""
    loaded = sys.modules.get(_MODULE)
    if loaded is not None:
        _patch(loaded)  # already imported: only later component classes are spared
        return
    if not any(isinstance(finder, _StubSkipper) for finder in sys.meta_path):
        sys.meta_path.insert(0, _StubSkipper())
