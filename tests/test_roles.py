"""Role counts: which entity labels the articles write by a noun ("spokesman Mark Toner"),
read from the real spaCy annotation, stored per article at ingest, summed over the corpus,
dropped with their article, and counted for stores written before they existed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.language import Annotator
from assistant.roles import ROLES_VERSION, count_roles, role_labels
from assistant.service import Assistant

pytestmark = pytest.mark.integration

TEXT = (
    "State Department spokesman Mark Toner said the talks would go on. "
    "Emil Michael, an Uber executive, left the company in June. "
    "The region's governor, Dmytro Zhyvytskyi, said two people were hurt. "
    "In Kabul, officials said the road was closed."
)


def test_the_nouns_written_by_names_and_their_labels(annotator: Annotator) -> None:
    found = role_labels(TEXT, annotator.annotate(TEXT))
    assert found[("spokesman", "PERSON")] == 1  # a title before the name
    assert found[("executive", "PERSON")] == 1  # an apposition after it
    assert found[("governor", "PERSON")] == 1  # an apposition before it
    # "officials said" is the clause's subject, not a description of Kabul.
    assert not any(role == "official" for role, _ in found)


def test_a_noun_a_relative_who_follows_names_a_person(annotator: Annotator) -> None:
    text = (
        "The lawmaker who proposed the bill spoke on Monday. "
        "The bill, which passed, goes to the Senate. "
        "Police found the dancer, whom they had sought for weeks."
    )
    found = role_labels(text, annotator.annotate(text))
    assert found[("lawmaker", "PERSON")] == 1
    assert found[("dancer", "PERSON")] == 1
    assert not any(role == "bill" for role, _ in found)  # "which" is said of things


def _article(folder: Path, name: str, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"# {name}\n\n{body}\n", encoding="utf-8")


def test_counts_follow_the_articles_of_the_store(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    folder = tmp_path / "articles"
    _article(folder, "one.md", "White House spokesman Sean Spicer spoke on Monday.")
    _article(folder, "two.md", "Mark Toner, the State Department spokesman, said so.")
    assistant = make_assistant(corpus={"dir": folder})
    assistant.ingest()
    catalog = assistant.store.catalog
    assert catalog.role_labels("spokesman")["PERSON"] == 2
    assert count_roles(catalog) == 0  # ingest counted them as it wrote them
    assistant.ingest([folder / "two.md"], prune=True)  # keep two.md only
    assert catalog.role_labels("spokesman")["PERSON"] == 1


def _people_by_a_role(tmp_path: Path, sentence: str) -> Path:
    """A folder of five articles, each one ``sentence`` naming another person (``{name}``):
    the articles write people's names by the role it holds."""
    folder = tmp_path / "articles"
    people = ["Emil Michael", "Mia Lorne", "Paul Kern", "Anna Roth", "Omar Field"]
    for number, name in enumerate(people):
        _article(folder, f"{number}.md", sentence.format(name=name))
    return folder


def test_a_store_written_without_counts_is_counted_from_what_it_holds(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    folder = tmp_path / "articles"
    _article(folder, "one.md", "Uber executive Emil Michael left in June.")
    assistant = make_assistant(corpus={"dir": folder})
    assistant.ingest()
    catalog = assistant.store.catalog
    with catalog._writing() as db:  # as a store of an earlier version left it
        db.execute("DELETE FROM roles")
        db.execute("DELETE FROM roles_read")
        db.execute("DELETE FROM meta WHERE key = 'roles_rule'")
    assert catalog.role_labels("executive") == {}
    assert count_roles(catalog) == 1
    assert catalog.role_labels("executive") == {"PERSON": 1}
    assert catalog.get_meta("roles_rule") == ROLES_VERSION
    assert count_roles(catalog) == 0


def test_the_reader_knows_what_the_role_asked_about_introduces(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    folder = tmp_path / "articles"
    _article(folder, "one.md", "White House spokesman Sean Spicer spoke on Monday.")
    assistant = make_assistant(corpus={"dir": folder})
    assistant.ingest()
    asked = assistant.reader.analyse("Which White House spokesman spoke on Monday?")
    # One name by the noun is evidence, shrunk towards none: 1 / (1 + 4).
    assert asked.role_labels == {"PERSON": pytest.approx(0.2)}
    assert assistant.reader.analyse("Which city did he visit?").role_labels == {}


def test_a_role_the_articles_write_with_people_asks_for_a_person(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    folder = _people_by_a_role(tmp_path, "Uber executive {name} left the company in June.")
    _article(folder, "board.md", "The board, Acme Holdings, met in May.")
    assistant = make_assistant(corpus={"dir": folder})
    assistant.ingest()
    # Five people by "executive" (5 / (5 + 4)): a person is preferred among the names.
    assert assistant.reader.analyse("Which Uber executive left in June?").primary == "PERSON"
    # Not when the role is written with few names, nor when a time is asked for.
    assert assistant.reader.analyse("Which board member met in May?").primary is None
    assert assistant.reader.analyse("When did the executive leave Uber?").primary is None


def test_a_noun_whose_value_a_figure_gives_is_counted_with_the_figure(
    annotator: Annotator,
) -> None:
    text = (
        "Turnout was 81 percent, officials said. The stamp has a face value of 100 rubles. "
        "Sweden saw an 81% turnout. There were two reasons for the delay."
    )
    found = role_labels(text, annotator.annotate(text))
    assert found[("turnout", "PERCENT")] == 2
    assert found[("value", "MONEY")] == 1
    # "two reasons" counts reasons; two is not the value of a reason.
    assert not any(role == "reason" for role, _ in found)


def test_what_is_the_x_asks_for_a_figure_when_the_articles_write_one_by_it(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    folder = tmp_path / "articles"
    for number, share in enumerate((64, 71, 77, 81, 69)):
        _article(
            folder,
            f"vote{number}.md",
            f"The election in region {number} had a turnout of {share} percent, officials said.",
        )
    _article(folder, "late.md", "The vote was delayed for two reasons, officials said.")
    assistant = make_assistant(corpus={"dir": folder})
    assistant.ingest()
    asked = assistant.reader.analyse("What was the turnout in the election?")
    assert asked.expects == frozenset({"PERCENT"}) and asked.head == "turnout"
    # The articles write no figure as the value of a reason: a statement is asked for.
    assert not assistant.reader.analyse("What was the reason for the delay?").expects


def test_a_place_does_not_answer_a_role_the_articles_write_with_people(
    tmp_path: Path, make_assistant: Callable[..., Assistant]
) -> None:
    folder = _people_by_a_role(tmp_path, "Judge {name} heard the case in court on Monday.")
    _article(
        folder,
        "couple.md",
        "A couple have been jailed over racist threats at a birthday party in the US state of"
        " Georgia. The judge said the pair's actions were motivated by hatred.",
    )
    assistant = make_assistant(corpus={"dir": folder})
    assistant.ingest()
    # The sentence names the state, not the judge: the articles write judges' names.
    answer = assistant.ask("Which judge jailed the couple over the racist threats?")
    assert answer.short_answer != "Georgia"
