"""The spaCy pipeline: exact sentence offsets, stored annotations, pinned model files."""

from __future__ import annotations

import re

import pytest

from assistant import language
from assistant.language import (
    APPOSITION_END,
    Annotation,
    Annotator,
    LanguageModelError,
    in_digits,
    opening_case,
    small_number,
)

pytestmark = pytest.mark.integration


def test_sentences_keep_exact_offsets_after_a_start(annotator: Annotator) -> None:
    text = "date 2022-01-01 He said no. Then he left.\nA caption without a stop\nLast one."
    annotation = annotator.annotate(text, start=16)
    assert [text[s.start : s.end] for s in annotation.sentences] == [
        "He said no.",
        "Then he left.",
        "A caption without a stop",
        "Last one.",
    ]


def test_entities_and_noun_phrases_point_at_their_words(annotator: Annotator) -> None:
    text = "The official, Dmytro Zhyvytskyi, said 14 people were wounded in Sumy."
    annotation = annotator.annotate(text)
    labelled = {(text[m.start : m.end], m.label) for m in annotation.mentions}
    assert ("Dmytro Zhyvytskyi", "PERSON") in labelled
    assert ("14", "CARDINAL") in labelled
    phrases = {m.root for m in annotation.mentions if m.label == "NP"}
    assert {"official", "people"} <= phrases
    lemmas = annotation.sentences[0].lemmas
    assert "wound" in lemmas and "the" not in lemmas


def test_each_entity_knows_the_verb_it_belongs_to(annotator: Annotator) -> None:
    text = "The blast killed 20 people and wounded 45 others, police said."
    verbs = {text[m.start : m.end]: m.verb for m in annotator.annotate(text).mentions}
    assert verbs["20"] == "kill"
    assert verbs["45"] == "wound"


def test_annotations_survive_the_store_format(annotator: Annotator) -> None:
    annotation = annotator.annotate("Kyiv is the capital. Blinken visited it.")
    assert Annotation.loads(annotation.dumps()) == annotation


def test_a_long_line_is_cut_into_pieces_and_offsets_still_hold(annotator: Annotator) -> None:
    text = ("Word after word without a stop " * 2000).strip()
    annotation = annotator.annotate(text)
    assert annotation.sentences
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in annotation.sentences)
    assert annotation.sentences[-1].end == len(text)


def test_a_changed_model_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(language.MODEL_FILES)
    files["ner/model"] = "0" * 64
    monkeypatch.setattr(language, "MODEL_FILES", files)
    with pytest.raises(LanguageModelError, match="sha256"):
        language.load_pipeline()


def test_markdown_image_syntax_does_not_end_a_sentence(annotator: Annotator) -> None:
    text = "The captain pinned ![tracker](http://x/p.png) to the board. Then he left."
    sentences = [text[s.start : s.end] for s in annotator.annotate(text).sentences]
    assert sentences == [
        "The captain pinned ![tracker](http://x/p.png) to the board.",
        "Then he left.",
    ]


def test_a_hyphen_standing_for_a_lost_space_is_read_as_one(annotator: Annotator) -> None:
    # Text taken from web pages writes a lost space or line break as a hyphen after
    # punctuation; the sentences still split there, and the text itself is unchanged.
    text = "He left to form his own party in 2006.-He has since won. At 78%,-turnout was high."
    annotation = annotator.annotate(text)
    sentences = [text[s.start : s.end] for s in annotation.sentences]
    assert sentences == [
        "He left to form his own party in 2006.",
        "He has since won.",
        ("At 78%,-turnout was high."),
    ]
    figures = {text[m.start : m.end]: m.label for m in annotation.mentions if m.label != "NP"}
    assert figures.get("2006") == "DATE" and figures.get("78%") == "PERCENT"


@pytest.mark.parametrize(
    ("question", "word", "lemma"),
    [
        ("How many servicemen in total were to take part?", "servicemen", "serviceman"),
        ("How many buses and news items were there?", "news", "news"),
        ("Where is the bus?", "bus", "bus"),
    ],
)
def test_a_question_s_nouns_get_the_lemma_of_spacy_s_noun_rules(
    annotator: Annotator, question: str, word: str, lemma: str
) -> None:
    token = next(t for t in annotator.parse(question) if t.text == word)
    assert token.lemma_ == lemma


def test_a_single_quoted_title_does_not_hide_the_noun_asked_about(annotator: Annotator) -> None:
    doc = annotator.parse("Which 'Black-ish' star said Michelle Obama wrote her a letter?")
    which = doc[0]
    assert which.dep_ == "det" and which.head.text == "star"
    assert len(doc.text) == len("Which 'Black-ish' star said Michelle Obama wrote her a letter?")


def test_apostrophes_are_not_quotations(annotator: Annotator) -> None:
    question = "Did Russia's envoy visit the Polks' home?"
    assert annotator.parse(question).text == question


def test_british_and_american_spellings_are_matched_as_one(annotator: Annotator) -> None:
    british = annotator.annotate("The organisation organised a defence of the centre.")
    american = annotator.annotate("The organization organized a defense of the center.")
    assert british.sentences[0].lemmas == american.sentences[0].lemmas
    assert language.spelling("colour") == "color" and language.spelling("kyiv") == "kyiv"
    assert language.spellings("defence") == ("defense", "defence")


def test_an_annotation_stored_before_spellings_were_joined_reads_in_one_spelling() -> None:
    stored = '{"v":"x","s":[[0,20,"defence organisation"]],"m":[[4,16,"NP","organisation",""]]}'
    annotation = Annotation.loads(stored)
    assert annotation.sentences[0].lemmas == frozenset({"defense", "organization"})
    assert annotation.mentions[0].root == "organization"


@pytest.mark.parametrize(
    ("after", "ends"),
    [
        (", said on Thursday", True),
        (" that makes arms", True),
        # A participle goes on describing the name ("Glocom, a company operating an arms
        # business"); a finite verb opens a clause of its own ("in Kabul, officials said").
        (" operating an arms business", True),
        (" said on Thursday", False),
        (" is based in Paris", False),
    ],
)
def test_what_may_follow_a_description_apposed_to_a_name(after: str, ends: bool) -> None:
    assert bool(re.match(APPOSITION_END, after)) is ends


@pytest.mark.parametrize(
    ("word", "number"),
    [("3", 3), ("three", 3), ("twelve", 12), ("Twenty", 20), ("few", 3), ("both", 2)],
)
def test_a_number_written_in_words_or_digits_is_read(word: str, number: int) -> None:
    assert small_number(word) == number


def test_words_that_are_no_number_are_not_read_as_one() -> None:
    assert small_number("first") is None and small_number("several") is None
    assert in_digits("at least eight people") == "at least 8 people"
    assert in_digits("thousands of people") == "thousands of people"
    assert in_digits("1.9 million square miles") == "1.9 million square miles"


def test_the_sentence_at_an_offset_is_the_one_that_holds_it(annotator: Annotator) -> None:
    text = "Merkel met Trump. She said no. Then she left."
    notes = annotator.annotate(text)
    assert len(notes.sentences) == 3
    assert notes.sentence_at(0) == 0
    assert notes.sentence_at(text.index("She")) == 1
    assert notes.sentence_at(text.index("left")) == 2
    assert notes.sentence_at(len(text) + 10) == 2  # past the end: the last sentence


@pytest.mark.parametrize(
    ("written", "inside", "opening"),
    [
        ("At least 75", "at least 75", "At least 75"),
        ("A dozen", "a dozen", "A dozen"),
        ("more than 700", "more than 700", "More than 700"),
        # A name, an acronym, a currency's letters and a figure stay as written.
        ("de Mistura", "de Mistura", "de Mistura"),
        ("US$5m", "US$5m", "US$5m"),
        ("Rs 500", "Rs 500", "Rs 500"),
        ("75", "75", "75"),
    ],
)
def test_a_word_english_writes_in_lower_case_takes_the_case_of_its_place(
    written: str, inside: str, opening: str
) -> None:
    assert opening_case(written, capital=False) == inside
    assert opening_case(inside, capital=True) == opening
