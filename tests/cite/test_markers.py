"""Every marker format an answer may use, one line each: parse, validate, attribute."""

from __future__ import annotations

import pytest

from assistant.cite import (
    cited_sentences,
    extract,
    parse_marker,
    strip_foreign_links,
    to_citations,
    unsupported_sentences,
    validate,
)
from assistant.types import Passage

pytestmark = pytest.mark.unit


def markers(answer: str) -> list[tuple[int, ...]]:
    return [s.markers for s in cited_sentences(answer)]


def test_adjacent_markers() -> None:
    assert extract("Kyiv [1][2].") == [1, 2]


def test_comma_list() -> None:
    assert validate("Kyiv [1, 2].", 3) == "Kyiv [1][2]."


def test_range() -> None:
    assert validate("Kyiv [1-3].", 3) == "Kyiv [1][2][3]."


def test_en_dash_range() -> None:
    assert parse_marker("1–3") == [1, 2, 3]


def test_mixed_list_and_range() -> None:
    assert parse_marker("1, 3-4") == [1, 3, 4]


def test_reversed_range_names_nothing() -> None:
    assert parse_marker("3-1") == []


def test_huge_range_names_nothing() -> None:
    assert parse_marker("1-100000") == []


def test_no_marker() -> None:
    assert extract("Blinken visited Kyiv.") == [] and validate("Kyiv.", 3) == "Kyiv."


def test_unknown_number_is_removed() -> None:
    assert validate("Kyiv [1][9].", 3) == "Kyiv [1]."


def test_unknown_number_inside_a_list_is_removed() -> None:
    assert validate("Kyiv [2, 9].", 3) == "Kyiv [2]."


def test_zero_is_unknown() -> None:
    assert validate("Kyiv [0].", 3) == "Kyiv."


def test_repeated_number_in_one_marker_counts_once() -> None:
    assert validate("Kyiv [2, 2].", 3) == "Kyiv [2]."


def test_spaces_inside_brackets_are_not_a_marker() -> None:
    assert extract("Kyiv [ 1 ].") == []


def test_footnote_style_is_not_a_marker() -> None:
    assert extract("Kyiv.[^1]") == []


def test_a_year_in_brackets_is_removed_as_unknown() -> None:
    assert validate("Annexed in [2014].", 3) == "Annexed in."


def test_marker_inside_a_quote_belongs_to_its_sentence() -> None:
    assert markers("He called it “very encouraging [2].” Then he left [1].") == [(2,), (1,)]


def test_marker_after_a_closing_quote_belongs_to_the_quote() -> None:
    assert markers("He called it “very encouraging.” [2] Then he left [1].") == [(2,), (1,)]


def test_marker_after_the_full_stop_belongs_to_that_sentence() -> None:
    assert markers("Blinken visited Kyiv. [1] He announced aid. [2]") == [(1,), (2,)]


def test_markers_mid_sentence_all_belong_to_it() -> None:
    assert markers("Blinken visited Kyiv [1] and announced aid [2].") == [(1, 2)]


def test_a_sentence_without_marker_has_none() -> None:
    assert markers("Blinken visited Kyiv [1]. He smiled.") == [(1,), ()]


def test_marker_text_is_not_part_of_the_sentence() -> None:
    assert [s.text for s in cited_sentences("Blinken visited Kyiv [1].")] == [
        "Blinken visited Kyiv."
    ]


PASSAGES = [
    Passage(
        id="a:0",
        source="a.txt",
        title="A",
        start=0,
        end=33,
        text="Blinken visited Kyiv on Thursday.",
    ),
    Passage(
        id="a:34",
        source="a.txt",
        title="A",
        start=34,
        end=60,
        text="He pledged $2.2 billion in aid.",
    ),
]


def test_citations_carry_the_passage_span() -> None:
    (citation,) = to_citations("Blinken visited Kyiv [2].", PASSAGES)
    assert (citation.marker, citation.start, citation.end) == (2, 34, 60)


def test_a_number_missing_from_the_evidence_is_unsupported() -> None:
    assert unsupported_sentences("He pledged $3 billion in aid [2].", PASSAGES) == [
        "He pledged $3 billion in aid."
    ]


def test_a_sentence_citing_the_wrong_passage_is_unsupported() -> None:
    assert unsupported_sentences("Blinken visited Kyiv on Thursday [2].", PASSAGES) != []


def test_a_link_not_in_the_sources_keeps_only_its_words() -> None:
    assert strip_foreign_links("See [Kyiv](http://evil.example).", PASSAGES) == "See Kyiv."


def test_an_image_is_removed() -> None:
    assert strip_foreign_links("![x](http://evil.example/x.png)Kyiv.", PASSAGES) == "Kyiv."
