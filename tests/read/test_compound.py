"""Compound questions: two questions asked in one are split by the parse, each part answered
with its own cited fact, and a part the articles do not answer is said to be unanswered."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.language import Annotator
from assistant.read import Reading
from assistant.read.compound import Asked, joined, split_parts
from assistant.types import Passage
from tests.filter_articles import news_article, news_assistant

ELECTION = {
    "vote.md": news_article(
        "Marlow elects a new mayor",
        "2017-03-06",
        "DW",
        "Ilse Varnholt won the Marlow mayoral election on Sunday with 58 percent of the vote. "
        "Her rival, Gerd Obermann, conceded on Sunday night. He said he would keep his seat "
        "on the city council and work with the new mayor. The city's election office said "
        "turnout was 41 percent, the lowest since Marlow began electing its mayors directly.",
    ),
    "harbour.md": news_article(
        "Marlow harbour reopens",
        "2017-03-07",
        "DW",
        "The harbour of Marlow reopened to ferries on Tuesday after a week of storms.",
    ),
}


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "What share of the vote did Varnholt get, and what was the turnout?",
            ["What share of the vote did Varnholt get?", "What was the turnout?"],
        ),
        (
            "How many ships did the navy have, and roughly how many did he want?",
            ["How many ships did the navy have?", "Roughly how many did he want?"],
        ),
        (
            "Which city might the army target next, and why?",
            ["Which city might the army target next?", "Why?"],
        ),
        ("Who won the election and the by-election?", None),
        ("Which ministers and officials attended the summit?", None),
        ("How many people were killed and wounded in the attack?", None),
    ],
)
def test_a_question_is_split_where_a_second_question_opens(
    annotator: Annotator, question: str, parts: list[str] | None
) -> None:
    found = split_parts(annotator.parse(question))
    assert [p.question for p in found] == (parts or [question])


def _reading(text: str, value: str | None, *, abstained: bool = False) -> Reading:
    passage = Passage(id=text, source="a.md", title="A", start=0, end=len(text), text=text)
    return Reading(abstained=abstained, short_answer=value, passages=[passage])


@pytest.mark.integration
def test_two_wh_phrases_of_one_verb_are_two_questions(annotator: Annotator) -> None:
    question = "Which CitiFX strategist and which AxiTrader strategist did DW quote on the rise?"
    found = split_parts(annotator.parse(question))
    assert [p.question for p in found] == [
        "Which CitiFX strategist did DW quote on the rise?",
        "Which AxiTrader strategist did DW quote on the rise?",
    ]


@pytest.mark.integration
def test_a_second_wh_phrase_parsed_as_an_object_is_still_a_question(annotator: Annotator) -> None:
    # spaCy takes the second "which" for the object of "spoke", not the determiner of its noun.
    question = (
        "Which Ghana National Fire Service spokesman and which tourism minister spoke about "
        "the tree that killed swimmers at the waterfalls?"
    )
    found = split_parts(annotator.parse(question))
    assert [p.question for p in found] == [
        "Which Ghana National Fire Service spokesman spoke about the tree that killed swimmers "
        "at the waterfalls?",
        "Which tourism minister spoke about the tree that killed swimmers at the waterfalls?",
    ]


def test_each_answered_part_cites_its_own_passage_and_a_repeated_fact_is_not_an_answer() -> None:
    first = _reading("She won 58 percent.", "58 percent")
    second = _reading("She won 58 percent.", "58 percent")
    third = _reading("Turnout was 41 percent.", "41 percent")
    asked = [Asked("Share?"), Asked("Share again?"), Asked("Turnout?")]
    reading = joined(asked, [first, second, third])
    assert reading.short_answer == "58 percent; 41 percent"
    assert [p.text for p in reading.passages] == ["She won 58 percent.", "Turnout was 41 percent."]
    assert [(p.value, p.marker, p.declined) for p in reading.parts] == [
        ("58 percent", 1, False),
        (None, None, True),
        ("41 percent", 2, False),
    ]
    text = ExtractiveAnswerer(max_sentences=3, max_words=80).compose(reading)
    assert text.startswith('58 percent [1]; the articles do not answer "Share again?"; 41 percent')


def test_parts_answered_by_quoted_statements_keep_their_passages() -> None:
    """Parts with no short fact ("why?") are not one fact answering two parts."""
    first = _reading("The army gave no reason.", None)
    second = _reading("Officials said the city was next.", None)
    reading = joined([Asked("Why?"), Asked("Which city?")], [first, second])
    assert not reading.abstained and reading.short_answer is None
    assert [p.text for p in reading.passages] == [
        "The army gave no reason.",
        "Officials said the city was next.",
    ]
    assert not any(p.declined for p in reading.parts)
    assert "do not answer" not in ExtractiveAnswerer(max_sentences=3, max_words=80).compose(reading)


def test_when_every_part_is_declined_the_question_is() -> None:
    declined = _reading("Something else.", None, abstained=True)
    assert joined([Asked("A?"), Asked("B?")], [declined, declined]).abstained


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "What share of voters backed it in Crimea itself and in Sevastopol?",
            [
                ("What share of voters backed it in Crimea itself?", "in Crimea itself"),
                ("What share of voters backed it in Sevastopol?", "in Sevastopol"),
            ],
        ),
        (
            "What was the turnout in 2012 and in 2017?",
            [
                ("What was the turnout in 2012?", "in 2012"),
                ("What was the turnout in 2017?", "in 2017"),
            ],
        ),
        # One phrase naming two places is one question about both.
        (
            "How many were killed in Mosul and Raqqa?",
            [("How many were killed in Mosul and Raqqa?", None)],
        ),
        # A figure asked of each of two names: "each", or a plural noun of figures.
        (
            "How many shared bikes had Mobike and ofo each put on the streets?",
            [
                ("How many shared bikes had Mobike put on the streets?", "Mobike"),
                ("How many shared bikes had ofo put on the streets?", "ofo"),
            ],
        ),
        (
            "What shares of the vote did Nathalie Arthaud and Jacques Cheminade win in 2012?",
            [
                ("What shares of the vote did Nathalie Arthaud win in 2012?", "Nathalie Arthaud"),
                ("What shares of the vote did Jacques Cheminade win in 2012?", "Jacques Cheminade"),
            ],
        ),
        # A figure of both together, not of each.
        (
            "How many people did the storms kill in Texas and Oklahoma?",
            [("How many people did the storms kill in Texas and Oklahoma?", None)],
        ),
        # spaCy reads "win" as a noun joined to "Socialists": no name, no split.
        (
            "What shares of the vote did the Socialists and the Greens win?",
            [("What shares of the vote did the Socialists and the Greens win?", None)],
        ),
        # Names asked for, not a figure of each name.
        (
            "Which two cities did Merkel and Macron visit?",
            [("Which two cities did Merkel and Macron visit?", None)],
        ),
        # Who holds each of two roles: one question per role, asked of one.
        (
            "Who are the culture minister and the head of the zoo who spoke after the hippo died?",
            [
                (
                    "Who is the culture minister who spoke after the hippo died?",
                    "the culture minister",
                ),
                (
                    "Who is the head of the zoo who spoke after the hippo died?",
                    "the head of the zoo",
                ),
            ],
        ),
        (
            "Who were the captain and the coach of the team?",
            [
                ("Who was the captain? (the coach of the team)", "the captain"),
                ("Who was the coach of the team?", "the coach of the team"),
            ],
        ),
        # One person's two titles.
        (
            "Who is the founder and chief executive of the company?",
            [("Who is the founder and chief executive of the company?", None)],
        ),
    ],
)
def test_a_question_asked_of_each_of_two_coordinated_things_is_asked_of_each(
    annotator: Annotator, question: str, parts: list[tuple[str, str | None]]
) -> None:
    found = split_parts(annotator.parse(question))
    assert [(p.question, p.phrase) for p in found] == parts


def test_the_answer_names_the_phrase_of_each_part() -> None:
    first = _reading("It was 96.7% in Crimea and 95.6% in Sevastopol.", "96.7%")
    second = _reading("It was 96.7% in Crimea and 95.6% in Sevastopol.", "95.6%")
    asked = [Asked("In Crimea?", "in Crimea"), Asked("In Sevastopol?", "in Sevastopol")]
    reading = joined(asked, [first, second])
    text = ExtractiveAnswerer(max_sentences=3, max_words=80).compose(reading)
    assert text.startswith("In Crimea: 96.7% [1]; in Sevastopol: 95.6% [1]. ")


@pytest.mark.integration
def test_a_compound_question_gets_both_facts_each_cited(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> None:
    assistant = news_assistant(tmp_path, embedder, annotator, ELECTION)
    answer = assistant.ask(
        "In the Marlow mayoral election, what share of the vote did Varnholt get, "
        "and what was the turnout?"
    )
    assert not answer.abstained
    # The share is a figure the question asks for; "the turnout" names no kind of answer, so
    # its part is answered by quoting the sentence that gives it.
    assert answer.short_answer == "58 percent"
    assert answer.answer.startswith("58 percent [1]. ")
    cited = [c.text for c in answer.citations]
    assert any("58 percent of the vote" in t for t in cited)
    assert any("turnout was 41 percent" in t for t in cited)
    assert not any("harbour" in t for t in cited)
    alone = assistant.ask(
        "In the Marlow mayoral election, what share of the vote did Varnholt get?"
    )
    assert not any("turnout" in c.text for c in alone.citations)  # the second part's
