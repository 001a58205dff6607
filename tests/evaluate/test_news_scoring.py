"""The scoring of the news kinds (conflict, temporal, outlet, story) on hand-built answers,
each rule with the cases where it must fail; the per-kind summary and the runner's filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, cast

import pytest

from assistant.evaluate import DatasetError, DeterministicJudge, EvalItem, EvalRunner, load_dataset
from assistant.evaluate import metrics as m
from assistant.evaluate.gate import baseline_of
from assistant.evaluate.report import render_markdown
from assistant.evaluate.report_html import render_html
from assistant.evaluate.results import summarise_kinds
from assistant.evaluate.scoring import kind_checks, score_item
from assistant.types import Answer, Citation, Conflict, ConflictValue, Filters, Passage

pytestmark = pytest.mark.unit

BBC = "A suicide attack in a popular shrine in southern Pakistan has killed at least 72 people."
ABC = "An Islamic State suicide bomber struck a shrine, killing at least 75 people."
LATER = "At least 80 people were killed when a suicide attacker targeted a shrine in Sehwan."


def cite(
    marker: int,
    text: str,
    outlet: str | None = None,
    *,
    story: list[str] | None = None,
    date: str | None = None,
) -> Citation:
    return Citation(
        marker=marker,
        source=f"{marker}.md",
        title="T",
        date=date,
        outlet=outlet,
        start=0,
        end=len(text),
        text=text,
        score=0.5,
        story_outlets=story or [],
    )


def answer(
    text: str,
    citations: list[Citation],
    *,
    short: str | None = None,
    abstained: bool = False,
    **fields: Any,
) -> Answer:
    return Answer(
        question="q",
        standalone_question="q",
        answer=text,
        short_answer=short,
        abstained=abstained,
        citations=citations,
        backend="test",
        settings_hash="h",
        **fields,
    )


def item(**fields: Any) -> EvalItem:
    return EvalItem.model_validate({"id": "x", "question": "q", **fields})


def correct(the_item: EvalItem, the_answer: Answer) -> bool:
    return all(kind_checks(the_item, the_answer).values())


# -- conflict -------------------------------------------------------------------------------

CONFLICT = item(kind="conflict", values=[["75"], ["72", "seventy-two"]])


def test_conflict_is_right_when_every_value_is_stated_and_cited() -> None:
    both = answer(
        "ABC News put the toll at 75 [1]; the BBC, citing police, at 72 [2].",
        [cite(1, ABC, "ABC News"), cite(2, BBC, "BBC")],
    )
    assert CONFLICT.answerable and correct(CONFLICT, both)


def test_conflict_is_wrong_when_a_value_is_missing_or_uncited() -> None:
    one = answer("At least 75 people were killed [1].", [cite(1, ABC, "ABC News")])
    assert kind_checks(CONFLICT, one) == {"value '75'": True, "value '72'": False}
    assert not correct(CONFLICT, one)
    # 72 is stated, but no cited span holds it
    uncited = answer("Reports give 75 [1] and 72 [1].", [cite(1, ABC, "ABC News")])
    assert not correct(CONFLICT, uncited)
    # "72" inside "172" is not the value
    near = answer("Reports give 75 [1] and 172 [2].", [cite(1, ABC), cite(2, "It killed 172.")])
    assert not correct(CONFLICT, near)
    declined = answer("Both 75 [1] and 72 [2].", [cite(1, ABC), cite(2, BBC)], abstained=True)
    assert not correct(CONFLICT, declined)


def test_conflicts_reported_is_recorded_apart_from_correctness() -> None:
    flagged = answer(
        "75 [1] or 72 [2].",
        [cite(1, ABC), cite(2, BBC)],
        conflicts=[
            Conflict(
                claim="the death toll",
                values=[
                    ConflictValue(value="75", citations=[1]),
                    ConflictValue(value="72", citations=[2]),
                ],
            )
        ],
    )
    plain = answer("75 [1] or 72 [2].", [cite(1, ABC), cite(2, BBC)])
    judge = DeterministicJudge()
    kwargs: dict[str, Any] = {"latency_ms": 1.0, "article_text": lambda s: None, "judge": judge}
    got = score_item(CONFLICT, flagged, [], **kwargs)
    assert got.verdict == "pass" and got.conflicts_reported is True and got.conflicts
    assert score_item(CONFLICT, plain, [], **kwargs).conflicts_reported is False
    lacking = score_item(CONFLICT, answer("75 [1].", [cite(1, ABC)]), [], **kwargs)
    assert lacking.verdict == "fail" and "does not state and cite '72'" in (lacking.reason or "")


# -- temporal -------------------------------------------------------------------------------

TEMPORAL = item(kind="temporal", answers=["80"], as_of="2017-02-23")


@pytest.mark.parametrize(
    "said",
    [
        "As of 23 February 2017, at least 80 people had been killed [1].",
        "As of February 23, 2017, at least 80 people had been killed [1].",
        "At least 80 people had been killed (2017-02-23) [1].",
        "On the 23rd of February 2017 the toll stood at 80 [1].",
        "By Feb. 23, 2017, 80 had died [1].",
    ],
)
def test_temporal_is_right_with_the_latest_value_and_its_date(said: str) -> None:
    assert correct(TEMPORAL, answer(said, [cite(1, LATER, "Al Jazeera")]))


@pytest.mark.parametrize(
    "said",
    [
        "At least 80 people had been killed [1].",  # no date
        "As of 3 February 2017, at least 80 people had been killed [1].",  # another day
        "As of 23 February 2016, at least 80 people had been killed [1].",  # another year
        "As of 23 February 2017, at least 75 people had been killed [1].",  # an older value
    ],
)
def test_temporal_is_wrong_without_the_date_or_the_latest_value(said: str) -> None:
    cited = [cite(1, LATER + " " + ABC, "Al Jazeera")]
    assert not correct(TEMPORAL, answer(said, cited))


def test_date_forms_cover_the_common_ways_and_match_whole_dates() -> None:
    day = dt.date(2017, 3, 2)
    assert {"2017-03-02", "2 March 2017", "March 2, 2017", "2nd March 2017", "Mar 2, 2017"} <= set(
        m.date_forms(day)
    )
    assert m.states_date("Sunday, 2 March 2017.", day)
    assert not m.states_date("On 12 March 2017.", day)
    assert not m.states_date("On 2 March.", day)
    assert "11th March 2017" in m.date_forms(dt.date(2017, 3, 11))
    assert "1st March 2017" in m.date_forms(dt.date(2017, 3, 1))


# -- outlet ---------------------------------------------------------------------------------

OUTLET = item(kind="outlet", answers=["80"], outlet="Al Jazeera")


def test_outlet_is_right_only_when_every_citation_is_from_the_outlet() -> None:
    only = answer("80 [1][2].", [cite(1, LATER, "Al Jazeera"), cite(2, LATER, "al jazeera")])
    assert correct(OUTLET, only)
    mixed = answer("80 [1][2].", [cite(1, LATER, "Al Jazeera"), cite(2, BBC, "BBC")])
    assert kind_checks(OUTLET, mixed) == {"answer": True, "outlet only": False}
    assert m.foreign_outlets(mixed.citations, "Al Jazeera") == ["BBC"]
    unknown = answer("80 [1].", [cite(1, LATER, None)])
    assert not correct(OUTLET, unknown)
    wrong_value = answer("75 [1].", [cite(1, ABC, "Al Jazeera")])
    assert not correct(OUTLET, wrong_value)


# -- story ----------------------------------------------------------------------------------

STORY = item(kind="story", answers=["75"], outlets=["ABC News", "CNN"])


def test_story_is_right_when_the_cited_story_outlets_include_every_outlet() -> None:
    grouped = answer("75 [1].", [cite(1, ABC, "ABC News", story=["ABC News", "CNN", "BBC"])])
    assert correct(STORY, grouped)
    split = answer(
        "75 [1][2].",
        [cite(1, ABC, "ABC News", story=["ABC News"]), cite(2, ABC, "CNN", story=["cnn"])],
    )
    assert correct(STORY, split)


def test_story_is_wrong_without_the_grouping_or_the_answer() -> None:
    # Citing both outlets is not enough: the grouping (story_outlets) must say so.
    ungrouped = answer("75 [1][2].", [cite(1, ABC, "ABC News"), cite(2, ABC, "CNN")])
    assert kind_checks(STORY, ungrouped) == {"answer": True, "story outlets": False}
    partial = answer("75 [1].", [cite(1, ABC, "ABC News", story=["ABC News", "BBC"])])
    assert m.missing_story_outlets(partial.citations, STORY.outlets or []) == ["CNN"]
    assert not correct(STORY, partial)
    wrong = answer("72 [1].", [cite(1, BBC, "BBC", story=["ABC News", "CNN"])])
    assert not correct(STORY, wrong)


# -- the dataset fields, the summary and the runner ------------------------------------------


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"kind": "conflict", "values": [["75"]]}, "conflict item needs values"),
        ({"kind": "conflict", "answers": ["75"]}, "conflict item needs values"),
        ({"kind": "temporal", "answers": ["80"]}, "temporal item needs answers and as_of"),
        ({"kind": "outlet", "answers": ["80"]}, "outlet item needs answers and outlet"),
        ({"kind": "story", "answers": ["75"], "outlets": ["CNN"]}, "story item needs"),
        ({"kind": "temporal", "answers": ["80"], "as_of": "soon"}, "as_of"),
    ],
)
def test_news_items_must_carry_the_fields_of_their_kind(
    tmp_path: Path, fields: dict[str, Any], problem: str
) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"id": "x", "question": "q", **fields}) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=problem):
        load_dataset(path)


def test_per_kind_summary_and_report(make_outcome: Any, make_run: Any) -> None:
    items = [
        make_outcome("t1", kind="temporal", checks={"answer": True, "date stated": True}),
        make_outcome("t2", "fail", kind="temporal", checks={"answer": True, "date stated": False}),
        make_outcome(
            "c1",
            "fail",
            kind="conflict",
            checks={"value '75'": True, "value '72'": False},
            conflicts_reported=False,
        ),
        make_outcome("f1", kind="factoid", checks={"answer": True}),
    ]
    kinds = summarise_kinds(items)
    assert list(kinds) == ["temporal", "conflict", "factoid"]
    assert kinds["temporal"].accuracy == 0.5 and kinds["temporal"].checks == {
        "answer": 1.0,
        "date stated": 0.5,
    }
    assert kinds["conflict"].accuracy == 0.0 and kinds["conflict"].checks == {"every value": 0.0}
    assert kinds["conflict"].conflicts_reported == 0.0
    assert kinds["factoid"].accuracy == 1.0 and kinds["factoid"].checks == {}
    markdown = render_markdown(make_run(items), None, None)
    assert "| temporal | 2 | 1 / 2 | 0.500 |  |  | answer 1.000; date stated 0.500 |" in markdown
    assert "conflicts reported 0.000" in markdown
    # Against a baseline in which both temporal items failed: the change per kind.
    before = make_run([i.model_copy(update={"verdict": "fail"}) for i in items])
    baseline = baseline_of(before)
    assert baseline.kinds == {"temporal": 0.0, "conflict": 0.0, "factoid": 0.0}
    markdown = render_markdown(make_run(items), baseline, None)
    assert "| temporal | 2 | 1 / 2 | 0.500 | 0.000 | +0.500 | answer 1.000;" in markdown
    assert "| factoid | 1 | 1 / 1 | 1.000 | 0.000 | +1.000 |  |" in markdown
    page = render_html(make_run(items), baseline, None)
    assert "<td class='n'>0.500</td><td class='n'>0.000</td><td class='n'>+0.500</td>" in page


class _Recorder:
    """Just enough of an Assistant for the runner, recording the filters it is given."""

    def __init__(self) -> None:
        self.asked: list[Filters | None] = []
        self.retrieved: list[Filters | None] = []

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        self.asked.append(filters)
        return answer("80 [1].", [cite(1, LATER, "TASS")])

    def retrieve(self, question: str, filters: Filters | None = None) -> list[Passage]:
        self.retrieved.append(filters)
        return []

    def article(self, source: str) -> None:
        return None


def test_the_runner_asks_and_retrieves_under_the_items_filters() -> None:
    recorder = _Recorder()
    runner = EvalRunner(cast(Any, recorder), DeterministicJudge())
    filtered = item(
        kind="outlet",
        answers=["80"],
        outlet="TASS",
        filters={"outlets": ["TASS"], "since": "February 2017", "until": "2017-03-31"},
    )
    got = runner.run_item(filtered)
    wanted = Filters(outlets=["TASS"], since=dt.date(2017, 2, 1), until=dt.date(2017, 3, 31))
    assert recorder.asked == [wanted] and recorder.retrieved == [wanted]
    assert got.verdict == "pass"
    runner.run_item(item(answers=["80"]))
    assert recorder.asked[-1] is None and recorder.retrieved[-1] is None
