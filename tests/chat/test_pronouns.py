"""Whether the articles write a person "he" or "she", counted from spaCy's stored parse,
and what it does to a follow-up's pronouns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.language import Annotator
from assistant.pronouns import contradicts, pronouns_for
from assistant.service import Assistant
from assistant.types import Turn

pytestmark = pytest.mark.integration

MEETING = (
    "German Chancellor Angela Merkel met President Donald Trump at the White House on Friday.\n"
    "Merkel said she wanted closer trade ties between the two countries.\n"
    "Trump said he would review the trade deals he had criticised.\n"
    "Merkel added that she had asked for a fair deal.\n"
    "Trump has called her country's welcoming of refugees a catastrophic mistake.\n"
)


def test_the_pronoun_after_each_mention_says_how_the_articles_write_a_person(
    annotator: Annotator,
) -> None:
    articles = [(MEETING, annotator.annotate(MEETING))]
    merkel = pronouns_for("Angela Merkel", articles)
    trump = pronouns_for("Donald Trump", articles)
    assert merkel["Fem"] >= 2 and merkel["Masc"] == 0
    assert trump["Masc"] >= 1 and trump["Fem"] == 0
    assert contradicts(merkel, "Masc") and not contradicts(merkel, "Fem")
    # An article that does not write the whole name says nothing of another Merkel.
    assert pronouns_for("Ralf Merkel", articles) == {}


def test_he_is_not_someone_the_articles_write_as_she(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    text = f"---\ntitle: Merkel meets Trump\ndate: 2017-03-17\n---\n\n{MEETING}"
    (folder / "meeting.md").write_text(text, encoding="utf-8")
    assistant = make_assistant()
    assert not assistant.ingest([folder]).skipped
    turn = Turn(
        question="Which German chancellor met Donald Trump at the White House?",
        answer="Angela Merkel [1]. German Chancellor Angela Merkel met President Donald Trump "
        "at the White House on Friday. [1]",
        short_answer="Angela Merkel",
    )
    rewritten = assistant.rewrite("What has he called her country's welcoming of refugees?", [turn])
    assert rewritten.startswith(
        "What has Donald Trump called Angela Merkel's country's welcoming of refugees?"
    )
