"""Each metric on hand-made cases, including the ones where it must score 0."""

from __future__ import annotations

import pytest

from assistant.evaluate import metrics as m
from assistant.evaluate.judge import DeterministicJudge
from assistant.types import Answer, Citation, Passage

pytestmark = pytest.mark.unit

SENTENCES = [
    "Blinken visited Kyiv on Thursday.",
    "He announced $2.2 billion in military financing.",
    "Washington also announced $675 million of new weapons.",
    "The weather was cold.",
]
ARTICLE = " ".join(SENTENCES)
judge = DeterministicJudge()


def at(number: int) -> tuple[int, int]:
    """Offsets of the article's sentence ``number`` (from 1)."""
    start = ARTICLE.index(SENTENCES[number - 1])
    return start, start + len(SENTENCES[number - 1])


def sentence(number: int) -> str:
    return SENTENCES[number - 1]


def passage(start: int, end: int, source: str = "a.txt", text: str | None = None) -> Passage:
    return Passage(
        id=f"{source}:{start}",
        source=source,
        title="A",
        start=start,
        end=end,
        text=ARTICLE[start:end] if text is None else text,
    )


def span_of(quote: str, source: str = "a.txt") -> list[m.SourceSpan]:
    return m.quote_spans(source, ARTICLE, quote)


# -- answers --------------------------------------------------------------------------------


def test_answer_tokens_drop_markers_and_fold_numbers_and_quotes() -> None:
    assert m.answer_tokens("Kup’yans’k [1][2] lost 50,000 men, $2.2 billion.") == [
        "kup",
        "yans",
        "k",
        "lost",
        "50000",
        "men",
        "2.2",
        "billion",
    ]


def test_alias_found_as_a_contiguous_run_of_tokens() -> None:
    assert m.contains_alias("He announced $2.2 billion [1].", "2.2 billion")
    assert m.contains_alias("More than 50,000 soldiers.", "50,000")
    assert m.contains_alias("Kup’yans’k is the aim.", "Kup'yans'k")
    # The thing named in the plural is still the thing named.
    assert m.contains_alias("It would end Community Development Block Grants.", "Block Grant")
    assert m.contains_alias("Two new branches.", "branch")


@pytest.mark.parametrize(
    ("answer", "alias"),
    [
        ("The 14th floor.", "14"),  # a different token
        ("About $2.2 billion.", "2 billion"),  # 2.2 is not 2
        ("Billion 2.2 dollars.", "2.2 billion"),  # order matters
        ("Cited [14] once.", "14"),  # markers are not answer text
        ("Anything at all.", ""),  # an empty alias matches nothing
        ("Block Grants are cut.", "Grants Block"),  # only the last word may be plural
        ("He is 50s.", "50"),  # a figure has no plural
        ("The USS ship.", "US"),  # nor has a word of two letters
    ],
)
def test_alias_not_found(answer: str, alias: str) -> None:
    assert not m.contains_alias(answer, alias)


def test_correct_needs_one_alias_or_all_of_them() -> None:
    text = "Kherson in the south and Kharkiv in the east. [1]"
    cited = ["Troops advanced in Kherson in the south and Kharkiv in the east."]
    assert m.is_correct(text, cited, ["Odesa", "Kharkiv"], require_all=False)
    assert m.is_correct(text, cited, ["Kherson", "Kharkiv"], require_all=True)


@pytest.mark.parametrize(
    ("stated", "cited", "aliases", "require_all"),
    [
        ("Kharkiv. [1]", ["Kharkiv fell."], ["Kherson", "Kharkiv"], True),  # one of two required
        ("Kharkiv. [1]", ["Kharkiv fell."], ["Odesa"], False),  # wrong answer
        ("Kharkiv. [1]", ["Kharkiv fell."], [], False),  # nothing to match
        ("Kharkiv. [1]", ["Odesa fell."], ["Kharkiv"], False),  # stated but not in the source
        ("Odesa", ["Odesa and Kharkiv fell."], ["Kharkiv"], False),  # the short answer is wrong
    ],
)
def test_incorrect_answers_score_zero(
    stated: str, cited: list[str], aliases: list[str], require_all: bool
) -> None:
    assert not m.is_correct(stated, cited, aliases, require_all=require_all)


def test_a_decline_is_never_correct() -> None:
    declined = Answer(
        question="q",
        standalone_question="q",
        answer="The articles do not say.",
        abstained=True,
        backend="extractive",
        settings_hash="x",
    )
    assert not m.answer_is_correct(declined, ["say"], require_all=False)


def test_answer_words_ignore_markers() -> None:
    assert m.answer_words("Blinken visited Kyiv. [1] He spoke [2][3].") == 5
    assert m.answer_words("") == 0


# -- retrieval ------------------------------------------------------------------------------


def test_quote_spans_finds_every_occurrence_and_nothing_for_a_missing_quote() -> None:
    text = "A caption. Body. A caption."
    assert [(s.start, s.end) for s in m.quote_spans("x", text, "A caption.")] == [(0, 10), (17, 27)]
    assert m.quote_spans("x", text, "not there") == []
    assert m.quote_spans("x", text, "") == []


def test_span_covered_by_one_passage_or_by_adjacent_ones() -> None:
    span = span_of("Thursday. He announced")[0]
    assert m.is_covered(span, [passage(0, at(2)[1])])
    assert m.is_covered(span, [passage(at(2)[0], at(4)[1]), passage(0, at(1)[1] + 3)])


@pytest.mark.parametrize(
    "passages",
    [
        [],
        [passage(0, at(1)[1] - 4)],  # ends inside the quote
        [passage(0, at(1)[1]), passage(at(2)[0] + 3, at(3)[1])],  # a gap
        [passage(0, len(ARTICLE), source="b.txt")],  # the right place, another article
    ],
)
def test_span_not_covered(passages: list[Passage]) -> None:
    assert not m.is_covered(span_of("Thursday. He announced")[0], passages)


def test_support_recall_counts_quotes_found() -> None:
    support = [span_of("$2.2 billion"), span_of("$675 million")]
    assert m.support_recall(support, [passage(*at(2)), passage(*at(3))]) == 1.0
    assert m.support_recall(support, [passage(*at(2))]) == 0.5


def test_support_recall_is_zero_when_nothing_or_the_wrong_source_is_retrieved() -> None:
    support = [span_of("$2.2 billion")]
    assert m.support_recall(support, []) == 0.0
    assert m.support_recall(support, [passage(0, len(ARTICLE), source="b.txt")]) == 0.0
    assert m.support_recall([], [passage(0, len(ARTICLE))]) == 0.0


def test_reciprocal_rank_of_the_first_passage_holding_support() -> None:
    support = [span_of("$675 million")]
    ranked = [passage(*at(1)), passage(*at(4)), passage(*at(3))]
    assert m.reciprocal_rank(support, ranked) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(support, ranked[2:]) == 1.0
    assert m.reciprocal_rank(support, ranked[:2]) == 0.0
    assert m.reciprocal_rank([], ranked) == 0.0


# -- declining ------------------------------------------------------------------------------


def test_decline_precision_and_recall() -> None:
    abstained = [True, True, False, False]
    unanswerable = [True, False, True, False]
    assert m.decline_precision(abstained, unanswerable) == 0.5
    assert m.decline_recall(abstained, unanswerable) == 0.5


def test_declines_of_answerable_items_only_score_zero() -> None:
    assert m.decline_precision([True, False], [False, True]) == 0.0
    assert m.decline_recall([True, False], [False, True]) == 0.0


def test_no_declines_scores_zero_precision_when_something_should_have_been_declined() -> None:
    assert m.decline_precision([False, False], [True, False]) == 0.0
    assert m.decline_recall([False, False], [True, False]) == 0.0


def test_decline_metrics_are_not_applicable_without_unanswerable_items() -> None:
    assert m.decline_precision([False], [False]) is None
    assert m.decline_recall([True], [False]) is None


# -- citations ------------------------------------------------------------------------------


def cite_at(start: int, end: int, source: str = "a.txt", text: str | None = None) -> Citation:
    return Citation(
        marker=1,
        source=source,
        title="A",
        start=start,
        end=end,
        text=ARTICLE[start:end] if text is None else text,
        score=1.0,
    )


def texts(source: str) -> str | None:
    return ARTICLE if source == "a.txt" else None


def test_intact_citations_quote_the_article_at_their_offsets() -> None:
    assert m.intact_citations([cite_at(*at(1)), cite_at(*at(2))], texts) == 2


@pytest.mark.parametrize(
    "broken",
    [
        cite_at(1, at(1)[1] + 1, text=sentence(1)),  # offsets shifted by one
        cite_at(*at(1), source="gone.txt"),  # article not in the store
        cite_at(len(ARTICLE) - 5, len(ARTICLE) + 9, text="cold.beyond end"),  # past the end
        cite_at(*at(1), text="Blinken visited Kyiv on Friday."),  # text altered
    ],
)
def test_broken_citations_are_not_intact(broken: Citation) -> None:
    assert m.intact_citations([broken], texts) == 0


def test_citation_recall_supported_sentences() -> None:
    cited = {1: sentence(1), 2: sentence(2)}
    answer = "Blinken visited Kyiv on Thursday. [1] He announced $2.2 billion. [2]"
    assert m.citation_recall(answer, cited, judge) == 1.0
    assert m.citation_recall("Blinken visited Kyiv. [1] It was cold. [1]", cited, judge) == 0.5


@pytest.mark.parametrize(
    "answer",
    [
        "Blinken visited Kyiv on Thursday.",  # no marker
        "Blinken visited Kyiv on Thursday. [7]",  # a marker that cites nothing
        "The weather was cold. [1]",  # cites an unrelated span
        "He announced $3 billion. [2]",  # a number the span does not state
        "",  # no sentence at all
    ],
)
def test_citation_recall_zero(answer: str) -> None:
    cited = {1: sentence(1), 2: sentence(2)}
    assert m.citation_recall(answer, cited, judge) == 0.0


def test_citation_precision_counts_needed_or_sufficient_citations() -> None:
    cited = {1: sentence(1), 2: sentence(2), 3: sentence(4)}
    # [3] (the weather) is irrelevant: [1] alone supports the sentence.
    assert m.citation_precision("Blinken visited Kyiv on Thursday. [1][3]", cited, judge) == 0.5
    # Each span holds half the facts, so each citation is needed.
    joint = "Blinken visited Kyiv on Thursday and announced $2.2 billion military financing."
    assert m.citation_precision(f"{joint} [1][2]", cited, judge) == 1.0


@pytest.mark.parametrize(
    "answer",
    [
        "Blinken visited Kyiv on Thursday.",  # no citation at all
        "The talks failed in Geneva. [1][2]",  # citations of an unsupported sentence
        "Blinken visited Kyiv on Thursday. [9]",  # an unknown marker is no citation
    ],
)
def test_citation_precision_zero(answer: str) -> None:
    cited = {1: sentence(1), 2: sentence(2)}
    assert m.citation_precision(answer, cited, judge) == 0.0


# -- latency --------------------------------------------------------------------------------


def test_percentile_interpolates_and_handles_no_values() -> None:
    assert m.percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert m.percentile([5.0], 95) == 5.0
    assert m.percentile([1.0, 2.0, 3.0, 4.0, 100.0], 95) == pytest.approx(80.8)
    assert m.percentile([], 50) is None
    assert m.mean([]) is None
    assert m.mean([0.0, 0.0]) == 0.0
