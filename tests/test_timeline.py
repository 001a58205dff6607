"""The timeline of a topic (issue 12 item 5) in the Python API and the CLI, over the articles
of ``timeline_articles`` in a real store: oldest first with unknown dates last, one cited
sentence per article with its exact span, a copied report collapsed into one entry naming
the other outlet, filters applied, an empty timeline for a topic the articles do not cover."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from timeline_articles import ARTICLES, FIRST, TOPIC, timeline_assistant, write_articles

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.filters import UnknownOutlet
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.timeline import DUPLICATE_JACCARD, Development, collapse, empty_text
from assistant.types import Article, Filters, Timeline
from tests.conftest import run_cli

pytestmark = pytest.mark.integration

PAIR = {"tass_dam.md", "reuters_dam.md"}  # one report on 9 March, Reuters' a copy of TASS'

D = dt.date


@pytest.fixture(scope="module")
def assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Assistant:
    return timeline_assistant(tmp_path_factory.mktemp("timeline"), embedder, annotator)


def sources(timeline: Timeline) -> list[str]:
    return [entry.citation.source for entry in timeline.entries]


def test_entries_are_oldest_first_with_unknown_dates_last(assistant: Assistant) -> None:
    timeline = assistant.timeline(TOPIC)
    assert timeline.topic == TOPIC and timeline.filters is None
    assert [e.date for e in timeline.entries] == ["2017-03-09", "2017-03-11", "2017-03-20", None]
    first, *rest = sources(timeline)
    assert first in PAIR
    assert rest == ["dw_dam.md", "bbc_dam.md", "undated_dam.txt"]
    assert "rte_budget.md" not in sources(timeline)  # the village, but not the dam


def test_a_copied_report_is_one_entry_naming_the_other_outlet(assistant: Assistant) -> None:
    first = assistant.timeline(TOPIC).entries[0]
    assert first.text.startswith(FIRST)
    assert len(first.also) == 1
    assert {first.citation.outlet, *first.also} == {"TASS", "Reuters"}
    assert first.citation.story_outlets == ["Reuters", "TASS"]
    later = assistant.timeline(TOPIC).entries[1:]
    assert all(not e.also and not e.citation.story_outlets for e in later)


def test_each_entry_is_one_sentence_citing_its_exact_span(assistant: Assistant) -> None:
    for number, entry in enumerate(assistant.timeline(TOPIC).entries, start=1):
        c = entry.citation
        article = assistant.article(c.source)
        assert article is not None
        assert c.marker == number and c.text == article.text[c.start : c.end]
        assert entry.text == f"{c.text} [{number}]"  # the marker after the final full stop
        assert c.text.endswith(".") and c.text.count(". ") == 0
        assert c.date == entry.date == article.date and c.title == article.title


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(outlets=["dw", "bbc"]), ["dw_dam.md", "bbc_dam.md"]),
        (Filters(since="2017-03-10"), ["dw_dam.md", "bbc_dam.md"]),
        (Filters(outlets=["TASS"], until="March 2017"), ["tass_dam.md"]),
    ],
)
def test_filters_restrict_the_articles(
    assistant: Assistant, filters: Filters, expected: list[str]
) -> None:
    timeline = assistant.timeline(TOPIC, filters=filters)
    assert sources(timeline) == expected
    assert timeline.filters == assistant.resolve_filters(filters)


def test_according_to_an_outlet_in_the_topic_restricts_to_it(assistant: Assistant) -> None:
    timeline = assistant.timeline(f"{TOPIC} according to DW")
    assert sources(timeline) == ["dw_dam.md"]
    assert timeline.filters == Filters(outlets=["DW"])


def test_a_period_in_the_topic_restricts_the_articles(assistant: Assistant) -> None:
    # 20 March 2017 and the week after it: the BBC's report of the rebuilding only.
    timeline = assistant.timeline(f"{TOPIC} on 20 March 2017")
    assert sources(timeline) == ["bbc_dam.md"]
    assert timeline.filters is not None and timeline.filters.period == "20 March 2017"
    assert (timeline.filters.since, timeline.filters.until) == (D(2017, 3, 20), D(2017, 3, 27))


def test_a_topic_the_articles_do_not_cover_gives_an_empty_timeline(assistant: Assistant) -> None:
    for topic in ("the Atlantis earthquake", "the price of bread"):
        timeline = assistant.timeline(topic)
        assert timeline.entries == []
        assert empty_text(timeline) == f"No article covers “{topic}”, so there is no timeline."
    outside = assistant.timeline(TOPIC, filters=Filters(outlets=["RTÉ"]))
    assert outside.entries == []
    assert empty_text(outside).startswith("No article from RTÉ covers “the Verrin dam”")


def test_max_entries_keeps_the_most_relevant_in_date_order(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = assistant.settings
    timeline = settings.timeline.model_copy(update={"max_entries": 2})
    monkeypatch.setattr(assistant, "settings", settings.model_copy(update={"timeline": timeline}))
    dates = [e.date for e in assistant.timeline(TOPIC).entries]
    assert len(dates) == 2 and dates == sorted(dates)  # all equally relevant: the oldest two


def test_a_blank_topic_or_an_unknown_outlet_is_refused(assistant: Assistant) -> None:
    with pytest.raises(ValueError, match="topic is empty"):
        assistant.timeline("  ")
    with pytest.raises(UnknownOutlet, match="Known outlets: BBC, DW, Reuters, RTÉ, TASS"):
        assistant.timeline(TOPIC, filters=Filters(outlets=["Pravda"]))


# -- collapsing, as a pure function -----------------------------------------------------------


def development(source: str, date: str | None, lemmas: str, outlet: str | None) -> Development:
    text = "A sentence."
    article = Article(source=source, title=source, date=date, outlet=outlet, text=text, sha256="")
    return Development(article, 0, len(text), frozenset(lemmas.split()), score=1.0)


def test_near_identical_sentences_collapse_into_the_earliest() -> None:
    later = development("b.md", "2017-03-02", "dam burst village flood ministry", "DW")
    earlier = development("a.md", "2017-03-01", "dam burst village flood governor", "TASS")
    other = development("c.md", "2017-03-03", "dam rebuild engineer cost euro", "BBC")
    kept = collapse([later, other, earlier])
    assert [k.article.source for k in kept] == ["a.md", "c.md"]
    assert kept[0].also() == ["DW"] and kept[1].also() == []
    assert DUPLICATE_JACCARD <= 4 / 6  # the overlap of the first two


def test_copies_and_same_day_story_members_collapse_but_not_other_days() -> None:
    original = development("a.md", "2017-03-01", "dam burst village", "TASS")
    copy = development("b.md", "2017-03-04", "river flood house water", "Reuters")
    same_day = development("c.md", "2017-03-01", "evacuate resident governor", "DW")
    next_day = development("d.md", "2017-03-02", "rescue team missing people", "BBC")
    unsourced = development("e.txt", None, "blame maintenance newspaper", None)
    kept = collapse(
        [original, copy, same_day, next_day, unsourced],
        copies={"b.md": "a.md"},
        stories={"a.md": 7, "b.md": 7, "c.md": 7, "d.md": 7, "e.txt": 7},
    )
    assert [k.article.source for k in kept] == ["a.md", "d.md", "e.txt"]
    assert kept[0].also() == ["DW", "Reuters"]  # dated order: the same day first
    ungrouped = collapse([original, same_day, copy])  # no grouping recorded
    assert [k.article.source for k in ungrouped] == ["a.md", "c.md", "b.md"]
    assert original.duplicates == []  # what was given is left as it was


def test_on_one_day_the_entry_quotes_the_original_not_its_copy() -> None:
    copy = development("a.md", "2017-03-01", "dam burst village flood", "Reuters")
    original = development("z.md", "2017-03-01", "dam burst village flood", "TASS")
    (kept,) = collapse([copy, original], copies={"a.md": "z.md"})
    assert kept.article.source == "z.md" and kept.also() == ["Reuters"]


# -- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The store options of a data folder over the timeline articles (the first command
    ingests them)."""
    root = tmp_path_factory.mktemp("cli-timeline")
    corpus = write_articles(root / "corpus")
    return ["--data-dir", str(root / "data"), "--corpus", str(corpus)]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={"COLUMNS": "200"})


def test_cli_prints_the_timeline_as_json_and_as_text(store: list[str]) -> None:
    result = run("timeline", *store, "--json", "--since", "2017-03-01", TOPIC)
    assert result.returncode == 0, result.stderr
    timeline = Timeline.model_validate_json(result.stdout)
    assert sources(timeline)[1:] == ["dw_dam.md", "bbc_dam.md"]  # dated only
    assert json.loads(result.stdout)["filters"]["since"] == "2017-03-01"
    for entry in timeline.entries:
        c = entry.citation
        assert ARTICLES[c.source].count(c.text) == 1
    plain = run("timeline", *store, "--outlet", "dw", "--outlet", "BBC", TOPIC)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert lines[0] == f"Timeline of “{TOPIC}”"
    assert "(searched only articles from DW or BBC)" in plain.stdout
    assert any(line.strip().startswith("2017-03-11") and "240 people" in line for line in lines)
    assert "[2] BBC — Verrin dam to be rebuilt before the spring floods — bbc_dam.md" in (
        plain.stdout
    )


def test_cli_says_when_the_articles_do_not_cover_the_topic(store: list[str]) -> None:
    result = run("timeline", *store, "the Atlantis earthquake")
    assert result.returncode == 0, result.stderr
    assert "No article covers “the Atlantis earthquake”, so there is no timeline." in result.stdout
    as_json = run("timeline", *store, "--json", "the Atlantis earthquake")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["entries"] == []
    assert "no timeline" in as_json.stderr
    unknown = run("timeline", *store, "--outlet", "Pravda", TOPIC)
    assert unknown.returncode == 2 and "Known outlets: BBC, DW" in unknown.stderr
    blank = run("timeline", *store, " ")
    assert blank.returncode == 2 and "The topic is empty" in blank.stderr
