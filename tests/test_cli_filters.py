"""`assistant ask` and `assistant chat` with --outlet/--since/--until (issue 12 item 4): real
processes over the articles of ``filter_articles``, which the first command ingests."""

from __future__ import annotations

import json
import subprocess

import pytest
from filter_articles import QUESTION, SOURCE_OUTLET, write_articles

from tests.conftest import run_cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The store options of a data folder over the filter articles."""
    root = tmp_path_factory.mktemp("cli-filters")
    corpus = write_articles(root / "corpus")
    return ["--data-dir", str(root / "data"), "--corpus", str(corpus)]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={"COLUMNS": "200"}, stdin=stdin)


def test_ask_with_outlet_and_dates_cites_only_within_them(store: list[str]) -> None:
    result = run(
        "ask", *store, "--json", "--outlet", "reuters", "--since", "2017-03-01",
        "--until", "2017-03-31", QUESTION,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "15" in answer["answer"]
    assert {SOURCE_OUTLET[c["source"]] for c in answer["citations"]} == {"Reuters"}
    assert answer["filters"] == {
        "outlets": ["Reuters"],
        "since": "2017-03-01",
        "until": "2017-03-31",
        "period": None,
    }
    plain = run(
        "ask", *store, "--outlet", "DW", "--outlet", "TASS", "--until", "March 2017", QUESTION
    )
    assert plain.returncode == 0, plain.stderr
    assert (
        "(searched only articles from DW or TASS published on or before 2017-03-31)" in plain.stdout
    )
    assert "TASS — Fire at Port Elmsworth harbour kills 12" in plain.stdout


def test_unknown_outlet_and_bad_dates_exit_2_saying_why(store: list[str]) -> None:
    unknown = run("ask", *store, "--outlet", "Pravda", QUESTION)
    assert unknown.returncode == 2
    assert "No article is from 'Pravda'. Known outlets: BBC, DW, Reuters, TASS." in unknown.stderr
    assert not unknown.stdout
    bad = run("ask", *store, "--since", "someday", QUESTION)
    assert bad.returncode == 2 and "--since: 'someday' is not a date" in bad.stderr
    wrong_way = run("chat", *store, "--since", "2017-05-01", "--until", "2017-04-01", stdin="")
    assert wrong_way.returncode == 2 and "--until: since (2017-05-01) is after" in wrong_way.stderr
    chat_unknown = run("chat", *store, "--outlet", "Pravda", stdin="/quit\n")
    assert chat_unknown.returncode == 2 and "Known outlets: BBC" in chat_unknown.stderr


def test_chat_applies_its_filter_to_every_question(store: list[str]) -> None:
    result = run("chat", *store, "--outlet", "tass", stdin=f"{QUESTION}\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Searching only articles from TASS." in result.stdout
    assert "12" in result.stdout and "tass_fire.md" in result.stdout
    assert "reuters_fire.md" not in result.stdout and "dw_fire.md" not in result.stdout


def test_ask_names_the_period_its_question_names(store: list[str]) -> None:
    # The newest article is DW's of 2 April 2017; April is searched with a week after it.
    question = QUESTION.rstrip("?") + " in April 2017?"
    result = run("ask", *store, "--json", question)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "17" in answer["answer"]
    assert {SOURCE_OUTLET[c["source"]] for c in answer["citations"]} == {"DW"}
    assert answer["filters"] == {
        "outlets": [],
        "since": "2017-04-01",
        "until": "2017-05-07",
        "period": "April 2017",
    }
    plain = run("ask", *store, question)
    assert plain.returncode == 0, plain.stderr
    assert (
        "(searched only articles of April 2017, published 2017-04-01 to 2017-05-07)" in plain.stdout
    )
