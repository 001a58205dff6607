"""Prompt templates live as files in ``prompts/``; this is their one loader.

A template starts with a header line ``variables: a, b, c`` and uses ``{{a}}`` placeholders.
Loading fails when the header and the placeholders disagree, so a broken template stops
start-up rather than a request. ``render`` rejects missing or unknown values.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.resources import prompts_dir

_HEADER = re.compile(r"\Avariables:[ \t]*(.*)\n(?:---\n)?")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class PromptError(ValueError):
    """A template is malformed or rendered with the wrong values."""


@dataclass(frozen=True)
class Prompt:
    """A loaded template: its name, declared variables, body and content hash."""

    name: str
    variables: frozenset[str]
    body: str

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()[:12]

    def render(self, **values: str) -> str:
        given = set(values)
        if given != self.variables:
            missing = sorted(self.variables - given)
            unknown = sorted(given - self.variables)
            raise PromptError(f"prompt {self.name!r}: missing {missing}, unknown {unknown}")
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.body)


def load_prompt(
    name: str, folder: Path | None = None, *, variables: frozenset[str] | None = None
) -> Prompt:
    """Load ``prompts/<name>.txt`` and check its variables against its placeholders.

    ``variables``: what the calling code will fill in; a template that declares others (or
    fewer) is rejected now, at start-up, rather than when the first question is rendered.
    """
    path = (folder or prompts_dir()) / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"prompt {name!r} cannot be read from {path}: {exc.strerror}") from None
    header = _HEADER.match(text)
    if not header:
        raise PromptError(f"{path}: the first line must be 'variables: name, ...'")
    declared = frozenset(v.strip() for v in header.group(1).split(",") if v.strip())
    body = text[header.end() :]
    used = frozenset(_PLACEHOLDER.findall(body))
    if used != declared:
        raise PromptError(
            f"{path}: declared {sorted(declared)} but the text uses {sorted(used)}; "
            "make the 'variables:' line match the {{placeholders}}"
        )
    if variables is not None and declared != variables:
        raise PromptError(
            f"{path}: the code fills in {sorted(variables)} but the template declares "
            f"{sorted(declared)}; missing {sorted(variables - declared)}, "
            f"unknown {sorted(declared - variables)}"
        )
    return Prompt(name=name, variables=declared, body=body)
