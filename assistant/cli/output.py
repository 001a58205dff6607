"""Output for people and for programs: a terminal gets colour and wrapping at its width; a
pipe or a file gets plain text whose lines are never wrapped (Rich would otherwise cut them
at 80 columns), so each printed line stays one line for ``grep``, ``cut`` and ``jq``."""

from __future__ import annotations

from typing import Any

from rich.console import Console


class Output(Console):
    """A Rich console that soft-wraps (never breaks a line) when it does not write to a
    terminal. Rich already leaves out colours and styles there."""

    def print(self, *objects: Any, soft_wrap: bool | None = None, **kwargs: Any) -> None:
        if soft_wrap is None and not self.is_terminal:
            soft_wrap = True
        super().print(*objects, soft_wrap=soft_wrap, **kwargs)


def tsv_field(value: object) -> str:
    """A value as one field of a tab-separated line: no tab or line break inside."""
    return " ".join(str(value if value is not None else "").split())
