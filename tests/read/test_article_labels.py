"""One article, one label per name: spaCy's labels voted over the article's mentions."""

from __future__ import annotations

from assistant.language import Annotation, Mention, Sentence
from assistant.read.evidence import with_article_labels


def labelled(text: str, spans: list[tuple[str, str]]) -> tuple[str, Annotation]:
    """``text`` with each (written name, label) in ``spans`` as a mention, in order."""
    mentions, at = [], 0
    for name, label in spans:
        start = text.index(name, at)
        mentions.append(Mention(start, start + len(name), label))
        at = start + len(name)
    annotation = Annotation(
        sentences=(Sentence(0, len(text), frozenset()),), mentions=tuple(mentions)
    )
    return text, annotation


def labels(text: str, annotation: Annotation) -> list[tuple[str, str]]:
    voted = with_article_labels(text, annotation)
    return [(text[m.start : m.end], m.label) for m in voted.mentions]


def test_a_name_takes_the_label_most_of_its_mentions_have() -> None:
    text, annotation = labelled(
        "Marta Vell spoke. Later Marta Vell left. Marta Vell returned.",
        [("Marta Vell", "ORG"), ("Marta Vell", "PERSON"), ("Marta Vell", "PERSON")],
    )
    assert labels(text, annotation) == [("Marta Vell", "PERSON")] * 3


def test_a_full_name_whose_surname_stands_alone_as_a_person_is_a_person() -> None:
    text, annotation = labelled(
        "Coach Steffi Jones took over. Jones said she was proud.",
        [("Steffi Jones", "ORG"), ("Jones", "PERSON")],
    )
    assert labels(text, annotation) == [("Steffi Jones", "PERSON"), ("Jones", "PERSON")]


def test_a_tie_a_single_mention_and_figures_keep_their_labels() -> None:
    text, annotation = labelled(
        "Kellbrook and Kellbrook met in 2016; 2016 was a year. Dunmore spoke.",
        [
            ("Kellbrook", "ORG"),
            ("Kellbrook", "GPE"),
            ("2016", "DATE"),
            ("2016", "CARDINAL"),
            ("Dunmore", "ORG"),
        ],
    )
    assert labels(text, annotation) == [
        ("Kellbrook", "ORG"),
        ("Kellbrook", "GPE"),
        ("2016", "DATE"),
        ("2016", "CARDINAL"),
        ("Dunmore", "ORG"),
    ]
    assert with_article_labels(text, annotation) is annotation


def test_a_county_written_co_is_a_place_whatever_spacy_took_it_for() -> None:
    text, annotation = labelled(
        "A woman was arrested in Co Antrim. The Co-operative Bank said nothing.",
        [("Co Antrim", "PERSON"), ("Co-operative Bank", "ORG")],
    )
    assert labels(text, annotation) == [("Co Antrim", "GPE"), ("Co-operative Bank", "ORG")]
