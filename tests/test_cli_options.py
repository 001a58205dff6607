"""The CLI's usual flags and output for programs (issue 13 items 11 and 12): --version, the
store options on every command, `ui --host/--port`, `~` in paths, warnings for a misspelled
variable or an unreadable settings file, a TOML error in one line; unwrapped plain lines when
piped, `documents --json` as JSON Lines, `--json true`, `/help` in chat.

Real processes over a one-article corpus of their own (quick to ingest)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.options import normalise_flags
from assistant.settings import load_settings, settings_warnings

ASSISTANT = [sys.executable, "-m", "assistant.cli"]
LONG_TITLE = (
    "Harbour lighthouse in Port Elwin reopens after a two-year restoration that cost the town "
    "3.4 million euros"
)
ARTICLE = (
    f"# {LONG_TITLE}\n\n"
    "The old harbour lighthouse in Port Elwin reopened on Saturday after a two-year "
    "restoration costing 3.4 million euros. The keeper, Mara Olsen, lit the lamp at dusk in "
    "front of about four hundred residents.\n"
)
QUESTION = "Who lit the lamp?"
STORE_OPTIONS = ("--data-dir", "--corpus", "--collection")


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The command as a program runs it: output to pipes, no COLUMNS to hint a width."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [*ASSISTANT, *args],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        input=stdin,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus folder, home folder): one article, ingested into ~/store, collection 'lights'."""
    root = tmp_path_factory.mktemp("cli-options")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "lighthouse.txt").write_text(ARTICLE, encoding="utf-8")
    home = root / "home"
    home.mkdir()
    ingested = run("ingest", *store_args((corpus, home)), env={"HOME": str(home)})
    assert ingested.returncode == 0, ingested.stderr
    return corpus, home


def store_args(store: tuple[Path, Path]) -> list[str]:
    corpus, _ = store
    return ["--data-dir", "~/store", "--corpus", str(corpus), "--collection", "lights"]


def home_env(store: tuple[Path, Path]) -> dict[str, str]:
    return {"HOME": str(store[1])}


# -- item 11: flags and settings ------------------------------------------------------------


@pytest.mark.integration
def test_version_is_the_installed_version() -> None:
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"assistant {version('assistant')}"


@pytest.mark.unit
def test_every_command_takes_the_store_options_and_ui_takes_host_and_port() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    names = sorted(group.commands)
    assert {"ask", "chat", "documents", "eval", "ingest", "serve", "ui"} <= set(names)
    for name in names:
        options = {opt for param in group.commands[name].params for opt in param.opts}
        assert set(STORE_OPTIONS) <= options, name
    ui = {opt for param in group.commands["ui"].params for opt in param.opts}
    assert {"--host", "--port"} <= ui
    shown = CliRunner().invoke(app, ["ui", "--help"], env={"COLUMNS": "200"})
    assert "--host" in shown.output and "--data-dir" in shown.output


@pytest.mark.integration
def test_the_store_options_choose_folder_corpus_and_collection(store: tuple[Path, Path]) -> None:
    _, home = store
    first = run("ask", "--json", "true", *store_args(store), QUESTION, env=home_env(store))
    assert first.returncode == 0, first.stderr
    assert "Mara Olsen" in json.loads(first.stdout)["answer"]
    assert (home / "store").is_dir() and not Path("~").exists()  # "~" was the home folder
    listed = run("documents", "--json", *store_args(store), env=home_env(store))
    assert [json.loads(line)["source"] for line in listed.stdout.splitlines()] == ["lighthouse.txt"]
    other = run("documents", "--data-dir", "~/store", "--collection", "other", env=home_env(store))
    assert other.returncode == 0 and other.stdout == ""


@pytest.mark.unit
def test_a_tilde_in_a_path_setting_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "assistant.toml").write_text('[corpus]\ndir = "~/articles"\n')
    monkeypatch.setenv("ASSISTANT_CONFIG", "~/assistant.toml")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", "~/store")
    settings = load_settings()
    assert settings.data.dir == tmp_path / "store"
    assert settings.corpus.dir == tmp_path / "articles"
    assert load_settings(data={"dir": "~/elsewhere"}).data.dir == tmp_path / "elsewhere"


@pytest.mark.unit
def test_a_misspelled_variable_is_named_with_the_closest_setting() -> None:
    warnings = settings_warnings(
        {"ASSISTANT_DTA_DIR": "/x", "ASSISTANT_RETRIEVAL_TOPK": "3", "ASSISTANT_LLM_MODEL": "m"}
    )
    assert warnings == [
        "ASSISTANT_DTA_DIR is not a setting of the assistant; did you mean ASSISTANT_DATA_DIR?",
        "ASSISTANT_RETRIEVAL_TOPK is not a setting of the assistant; did you mean "
        "ASSISTANT_RETRIEVAL_TOP_K?",
    ]
    assert settings_warnings({"ASSISTANT_CONFIG": "", "ASSISTANT_FAULT_AT": "x"}) == []


@pytest.mark.integration
def test_warnings_for_a_misspelled_variable_and_an_unreadable_config(
    store: tuple[Path, Path], tmp_path: Path
) -> None:
    env = {**home_env(store), "ASSISTANT_DTA_DIR": "/tmp/x", "ASSISTANT_CONFIG": str(tmp_path)}
    result = run("documents", *store_args(store), env=env)
    assert result.returncode == 0, result.stderr
    assert "lighthouse.txt" in result.stdout
    lines = result.stderr.splitlines()
    assert any("ASSISTANT_DTA_DIR" in line and "ASSISTANT_DATA_DIR" in line for line in lines)
    assert any(f"ASSISTANT_CONFIG={tmp_path}" in line and "cannot read" in line for line in lines)
    missing = run("documents", *store_args(store), env={"ASSISTANT_CONFIG": "/nowhere/a.toml"})
    assert "/nowhere/a.toml does not exist" in missing.stderr


@pytest.mark.integration
def test_a_toml_syntax_error_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "assistant.toml"
    config.write_text('[answer]\nbackend = "extractive"\nmax_words = \n')
    result = run("documents", env={"ASSISTANT_CONFIG": str(config)})
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert str(config) in line and "line 3" in line and "Traceback" not in result.stderr


@pytest.mark.integration
def test_ui_host_and_port_are_options(store: tuple[Path, Path]) -> None:
    exposed = run("ui", "--host", "0.0.0.0", *store_args(store), env=home_env(store))
    assert exposed.returncode == 2 and "on 0.0.0.0 without a login" in exposed.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run("ui", "--port", str(port), *store_args(store), env=home_env(store))
    assert busy.returncode == 2
    assert f"Cannot serve on 127.0.0.1:{port}" in busy.stderr and "--port" in busy.stderr


# -- item 12: output for programs -----------------------------------------------------------


@pytest.mark.integration
def test_piped_documents_are_one_unwrapped_line_per_article(store: tuple[Path, Path]) -> None:
    result = run("documents", *store_args(store), env=home_env(store))
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    article_id, date, chunks, source, outlet, title, url, story, outlets, copy_of = line.split("\t")
    assert (source, title, date, outlet, url) == ("lighthouse.txt", LONG_TITLE, "", "", "")
    assert int(story) >= 1 and (outlets, copy_of) == ("", "")  # a story of its own
    assert len(article_id) == 16 and int(chunks) >= 1 and len(line) > 100
    as_json = run("documents", "--json", *store_args(store), env=home_env(store))
    [record] = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert record["title"] == LONG_TITLE and record["chunks"] == int(chunks)
    assert {"source", "title", "date", "outlet", "url", "chunks"} <= set(record)


@pytest.mark.integration
def test_a_piped_answer_is_not_wrapped_at_80_columns(store: tuple[Path, Path]) -> None:
    result = run("ask", "--json", "false", *store_args(store), QUESTION, env=home_env(store))
    assert result.returncode == 0, result.stderr
    answer_line = next(line for line in result.stdout.splitlines() if "Mara Olsen" in line)
    assert len(answer_line) > 80 and "lit the lamp at dusk" in answer_line
    assert "\x1b[" not in result.stdout and "Sources:" in result.stdout
    assert any(LONG_TITLE in line for line in result.stdout.splitlines())


@pytest.mark.unit
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ask", "--json", "true", "Who?"], ["ask", "--json", "Who?"]),
        (["ask", "--json", "Who?"], ["ask", "--json", "Who?"]),
        (["ask", "Who?", "--json=yes"], ["ask", "Who?", "--json"]),
        (["ask", "--json", "False", "Who?"], ["ask", "Who?"]),
        (["chat", "--show-rewrite", "false"], ["chat", "--hide-rewrite"]),
        (["ingest", "--prune", "true", "news"], ["ingest", "--prune", "news"]),
        (["ask", "--top-k", "1", "true"], ["ask", "--top-k", "1", "true"]),
        (["ask", "--", "--json", "true"], ["ask", "--", "--json", "true"]),
    ],
)
def test_boolean_flags_take_a_written_value(args: list[str], expected: list[str]) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert normalise_flags(group, args) == expected


@pytest.mark.integration
def test_chat_help_lists_the_commands(store: tuple[Path, Path]) -> None:
    result = run("chat", *store_args(store), env=home_env(store), stdin="/help\n/bogus\n")
    assert result.returncode == 0, result.stderr
    for command in ("/help", "/new", "/history", "/quit"):
        assert any(line.strip().startswith(command) for line in result.stdout.splitlines())
    assert "Unknown command /bogus. Commands: /help, /new, /history, /quit." in result.stdout
