"""The offline answer end to end: cited spans, declining, the Answer payload."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant import Answer
from assistant.answer import CANNOT_ANSWER_PHRASE
from assistant.answer.base import NEAR_MISS_PREFIX
from assistant.cite import cited_sentences, extract, neutralise
from assistant.evaluate.metrics import answer_is_correct
from assistant.language import opening_case
from assistant.service import Assistant
from assistant.settings import load_settings

pytestmark = pytest.mark.integration

DEV = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "dev.jsonl"
DEV_ITEMS = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
ANSWERABLE = [i for i in DEV_ITEMS if i["answers"]]
UNANSWERABLE = [i for i in DEV_ITEMS if not i["answers"]]


@pytest.mark.parametrize("item", DEV_ITEMS, ids=lambda i: i["id"])
def test_every_citation_is_the_exact_article_span(seeded: Assistant, item: dict) -> None:
    answer = seeded.ask(item["question"])
    for citation in answer.citations:
        article = seeded.article(citation.source)
        assert article is not None
        assert article.text[citation.start : citation.end] == citation.text
        file_text = (seeded.settings.corpus.dir / citation.source).read_text(encoding="utf-8")
        assert file_text[citation.start : citation.end] == citation.text


@pytest.mark.parametrize("item", DEV_ITEMS, ids=lambda i: i["id"])
def test_each_marked_sentence_is_contained_in_its_cited_span(seeded: Assistant, item: dict) -> None:
    answer = seeded.ask(item["question"])
    text = answer.answer
    if answer.abstained:
        # A decline says so, and may quote what the articles do say, cited.
        preamble = f"{CANNOT_ANSWER_PHRASE} {NEAR_MISS_PREFIX} "
        if not answer.citations:
            assert text == CANNOT_ANSWER_PHRASE
            return
        assert text.startswith(preamble)
        text = text.removeprefix(preamble)
    by_marker = {c.marker: c for c in answer.citations}
    assert set(extract(text)) == set(by_marker)
    for sentence in cited_sentences(text):
        assert sentence.markers, f"unmarked sentence: {sentence.text}"
        said = sentence.text.rstrip(".")  # a stop may be added after an unterminated caption
        # The answer quotes each span as ``neutralise`` writes it (its brackets made inert).
        cited = " ".join(neutralise(by_marker[m].text) for m in sentence.markers)
        short = answer.short_answer
        if short is not None and said == opening_case(short, capital=True):
            # The answer opens with its short answer, first word capitalised ("Almost 50 km
            # [1]."); several are joined: "X, Y and Z".
            assert all(part in cited for part in re.split(r", | and ", short))
            continue
        assert said in cited


def test_answers_are_short(seeded: Assistant) -> None:
    for item in ANSWERABLE:
        answer = seeded.ask(item["question"])
        assert 1 <= len(cited_sentences(answer.answer)) <= 3
        assert len(answer.answer.split()) <= 100  # 80-word budget; one long sentence may pass


def test_most_dev_questions_are_answered_correctly(seeded: Assistant) -> None:
    correct = [
        i["id"]
        for i in ANSWERABLE
        if answer_is_correct(seeded.ask(i["question"]), i["answers"], require_all=False)
    ]
    # 20 of 24 with the spaCy reader (22 of 24 with the old sentence quoter, tuned on these).
    assert len(correct) >= 0.8 * len(ANSWERABLE), correct


def test_questions_the_articles_do_not_answer_are_declined(seeded: Assistant) -> None:
    declined = [i["id"] for i in UNANSWERABLE if seeded.ask(i["question"]).abstained]
    # The threshold favours answering (see benchmarks/train_reader.py): half is the floor here.
    assert len(declined) >= 0.5 * len(UNANSWERABLE), declined
    for question in ("What did Emmanuel Macron say about the offensive?", "Who won the World Cup?"):
        assert seeded.ask(question).abstained, question
    far_off = seeded.ask("What is the boiling point of mercury?")
    assert far_off.abstained
    assert far_off.answer == CANNOT_ANSWER_PHRASE
    assert far_off.citations == []


def test_spun_article_answers_plain_questions(seeded: Assistant) -> None:
    answer = seeded.ask("Who is the head of Russia's administration in occupied Kharkiv?")
    assert not answer.abstained
    assert "Ganchev" in answer.answer
    assert answer.citations[0].source == "003_f2a3d905b203a98f.txt"


def test_answer_json_shape(seeded: Assistant) -> None:
    answer = seeded.ask("How much in new weapons did Washington announce for Ukraine?")
    payload = json.loads(answer.model_dump_json())
    assert set(payload) == {
        "question",
        "standalone_question",
        "answer",
        "short_answer",
        "abstained",
        "citations",
        "backend",
        "fallback",
        "warning",
        "prompt_hash",
        "settings_hash",
        "timings_ms",
        "filters",
        "conflicts",
        "as_of",
    }
    assert payload["abstained"] is False and payload["backend"] == "extractive"
    assert payload["filters"] is None
    assert payload["conflicts"] == [] and payload["as_of"] is None
    assert "675 million" in payload["answer"]
    citation = payload["citations"][0]
    assert set(citation) == {
        "marker",
        "source",
        "title",
        "date",
        "outlet",
        "url",
        "start",
        "end",
        "text",
        "score",
        "story_outlets",
        "dates",
    }
    assert payload["short_answer"] and payload["short_answer"] in payload["answer"]
    assert isinstance(citation["start"], int) and isinstance(citation["score"], float)
    assert citation["marker"] == 1
    assert {"analyse", "retrieve", "read", "answer", "total"} <= set(payload["timings_ms"])
    assert Answer.model_validate(payload) == answer


def test_stream_ends_with_the_answer_it_streamed(seeded: Assistant) -> None:
    events = list(seeded.stream("Who is the Kremlin spokesperson?"))
    final = events[-1].answer
    assert final is not None and all(e.answer is None for e in events[:-1])
    assert "".join(e.delta or "" for e in events[:-1]) == final.answer


def test_model_loads_once_per_assistant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.embed import minilm_onnx

    loads = []
    original = minilm_onnx.MiniLMOnnxEmbedder.__init__

    def counting(self: minilm_onnx.MiniLMOnnxEmbedder, **kwargs: object) -> None:
        loads.append(1)
        original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(minilm_onnx.MiniLMOnnxEmbedder, "__init__", counting)
    assistant = Assistant.from_settings(load_settings(data={"dir": tmp_path / "d"}))
    assistant.ingest()
    for question in ("Who is Peskov?", "What did Austin say?", "Who visited Kyiv?"):
        assistant.ask(question)
    assert len(loads) == 1
