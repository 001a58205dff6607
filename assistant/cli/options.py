"""What every command accepts: ``--data-dir``, ``--corpus`` and ``--collection`` (added to each
command by ``with_store_options``), and boolean flags written the way people type them.

Command-line values override the environment and the TOML file: they are kept here as
nested settings overrides, which ``common.settings_or_exit`` passes to ``load_settings``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup, TyperOption

_overrides: dict[str, dict[str, Any]] = {}

STORE_PANEL = "Store (every command)"
_STORE_OPTIONS = {
    "data_dir": (
        Path | None,
        typer.Option(
            "--data-dir",
            help="Folder of the store (default: ASSISTANT_DATA_DIR, else the user data folder).",
            show_default=False,
            rich_help_panel=STORE_PANEL,
        ),
        ("data", "dir"),
    ),
    "corpus": (
        Path | None,
        typer.Option(
            "--corpus",
            help="Folder of articles ingested by default (default: ASSISTANT_CORPUS_DIR).",
            show_default=False,
            rich_help_panel=STORE_PANEL,
        ),
        ("corpus", "dir"),
    ),
    "collection": (
        str | None,
        typer.Option(
            "--collection",
            help="Name of the collection in the store (default: ASSISTANT_DATA_COLLECTION, "
            "'articles').",
            show_default=False,
            rich_help_panel=STORE_PANEL,
        ),
        ("data", "collection"),
    ),
}
TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})


def override(stage: str, **fields: Any) -> None:
    """Set settings from the command line (``None`` values are left out)."""
    given = {name: value for name, value in fields.items() if value is not None}
    if given:
        _overrides.setdefault(stage, {}).update(given)


def overrides() -> dict[str, dict[str, Any]]:
    """The settings given on the command line, as nested overrides for ``load_settings``."""
    return {stage: dict(fields) for stage, fields in _overrides.items()}


def with_store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` with ``--data-dir``, ``--corpus`` and ``--collection`` added; their values
    become settings overrides before it runs."""
    signature = inspect.signature(command, eval_str=True)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for name, (_, _, (stage, field)) in _STORE_OPTIONS.items():
            override(stage, **{field: kwargs.pop(name, None)})
        return command(*args, **kwargs)

    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[kind, option]
        )
        for name, (kind, option, _) in _STORE_OPTIONS.items()
    ]
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *added]
    )
    wrapper.__annotations__ = {
        **{name: p.annotation for name, p in signature.parameters.items()},
        **{p.name: p.annotation for p in added},
        "return": signature.return_annotation,
    }
    return wrapper


def normalise_flags(group: TyperGroup, args: Sequence[str]) -> list[str]:
    """``args`` with a boolean flag given a value written as a flag: ``--json true`` and
    ``--json=yes`` become ``--json``; ``--json false`` drops it (or becomes ``--no-json``
    where the flag has that form). Only the options of the command named in ``args``."""
    out = list(args)
    position = next((i for i, arg in enumerate(out) if arg in group.commands), None)
    if position is None:
        return out
    flags = _boolean_flags(group.commands[out[position]])
    result = out[: position + 1]
    rest = out[position + 1 :]
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            result += [arg, *rest]
            break
        name, equals, value = arg.partition("=")
        if name not in flags:
            result.append(arg)
            continue
        if not equals and rest and rest[0].lower() in TRUE_WORDS | FALSE_WORDS:
            value = rest.pop(0)
        elif not equals:
            result.append(arg)
            continue
        if value.lower() in TRUE_WORDS:
            result.append(name)
        elif value.lower() in FALSE_WORDS:
            if flags[name]:
                result.append(flags[name])
        else:
            result.append(arg)  # click reports the stray value
    return result


def _boolean_flags(command: Any) -> dict[str, str]:
    """Each on-form of a command's boolean flags, with its off-form ('' when none)."""
    flags = {}
    for param in command.params:
        if isinstance(param, TyperOption) and param.is_flag and param.is_bool_flag:
            off = param.secondary_opts[0] if param.secondary_opts else ""
            for name in param.opts:
                flags[name] = off
    return flags
