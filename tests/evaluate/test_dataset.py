"""The bundled dataset is well-formed and true to the articles; the loader rejects bad files."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from assistant.evaluate import DatasetError, evals_dir, load_dataset, missing_quotes
from assistant.evaluate.metrics import contains_alias
from assistant.resources import bundled_seeds_dir
from assistant.text import content_terms

pytestmark = pytest.mark.unit

SEEDS = evals_dir() / "datasets" / "seeds.jsonl"
DEV = evals_dir() / "datasets" / "dev.jsonl"


def article_on_disk(source: str) -> str | None:
    path = bundled_seeds_dir() / source
    return path.read_text(encoding="utf-8") if path.is_file() else None


def test_every_support_quote_is_an_exact_substring_of_its_article() -> None:
    items = load_dataset(SEEDS)
    quotes = [s for item in items for s in item.support]
    assert len(quotes) >= 90
    assert missing_quotes(items, article_on_disk) == []


def test_missing_quotes_names_the_item_and_the_problem() -> None:
    items = load_dataset(SEEDS)[:1]
    item = items[0].model_copy(deep=True)
    item.support[0].quote = item.support[0].quote.replace("Balakliia", "Balakliya")
    problems = missing_quotes([item], article_on_disk)
    assert len(problems) == 1 and problems[0].startswith(f"{item.id}: quote not in")
    assert missing_quotes(items, lambda source: None) == [
        f"{items[0].id}: no article named {items[0].support[0].source!r}"
    ]


def test_the_bundled_dataset_covers_every_kind_with_enough_items() -> None:
    items = load_dataset(SEEDS)
    kinds = Counter(item.kind for item in items)
    assert len(items) >= 80
    assert kinds["factoid"] >= 15 and kinds["numeric"] >= 10 and kinds["paraphrase"] >= 10
    assert kinds["multi-passage"] >= 8 and kinds["unanswerable"] >= 10
    assert kinds["follow-up"] >= 8
    assert sum(1 for item in items if item.all) >= 4
    sources = {s.source for item in items for s in item.support}
    assert sources == {"000_05a6c317fb3580cc.txt", "003_f2a3d905b203a98f.txt"}


def test_items_are_consistent_with_their_kind() -> None:
    for item in load_dataset(SEEDS):
        assert item.scored, item.id
        if item.kind == "unanswerable":
            assert item.answers == [] and item.support == [], item.id
        elif item.answerable:
            assert item.support, f"{item.id}: an answerable item needs its support"
        if item.kind == "follow-up":
            # two or three turns in all: one or two earlier questions, then this one
            assert 1 <= len(item.turns) <= 2, item.id
        else:
            assert not item.turns, item.id
        if item.kind == "multi-passage":
            assert len(item.support) >= 2, item.id


def test_held_out_from_the_dev_set_the_decline_threshold_is_calibrated_on() -> None:
    seeds = load_dataset(SEEDS)
    dev = load_dataset(DEV)
    for item in seeds:
        mine = set(content_terms(item.question))
        for other in dev:
            theirs = set(content_terms(other.question))
            overlap = len(mine & theirs) / len(mine | theirs)
            assert overlap < 0.7, f"{item.id} nearly repeats {other.id}: {other.question}"


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "items.jsonl"
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_only_id_and_question_are_required_and_unknown_fields_are_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"id": "q1", "question": "Who visited Kyiv?", "asked_by": "someone"},
        "",
        {"id": "q2", "question": "And then?", "turns": ["Who visited Kyiv?"], "answers": []},
    )
    first, second = load_dataset(path)
    assert not first.scored and not first.answerable and not first.unanswerable
    assert second.unanswerable and second.turns == ["Who visited Kyiv?"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["{not json"], ":1: not JSON"),
        ([["a list"]], ":1: each line must be a JSON object"),
        ([{"id": "q1"}], ":1: question: Field required"),
        ([{"id": "q1", "question": ""}], ":1: question: String should have at least 1"),
        ([{"id": "q1", "question": "A?", "kind": "trivia"}], ":1: kind: Input should be"),
        (
            [{"id": "q1", "question": "A?", "support": [{"source": "a.txt"}]}],
            ":1: support.0.quote: Field required",
        ),
        (
            [{"id": "q1", "question": "A?"}, {"id": "q1", "question": "B?"}],
            ":2: id 'q1' already used on line 1",
        ),
        ([""], "holds no items"),
    ],
)
def test_bad_datasets_are_rejected_with_the_line_and_the_problem(
    tmp_path: Path, lines: list[object], message: str
) -> None:
    with pytest.raises(DatasetError) as caught:
        load_dataset(write(tmp_path, *lines))
    assert message in str(caught.value)


def test_unreadable_dataset(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="cannot be read"):
        load_dataset(tmp_path / "missing.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_dataset(binary)


NEWS_CORPUS = Path(os.environ.get("ASSISTANT_NEWS_CORPUS", ".cache/news-corpus"))


def front_matter(source: str) -> dict[str, str]:
    lines = (NEWS_CORPUS / source).read_text(encoding="utf-8").split("---", 2)[1].splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


@pytest.mark.parametrize("name", ["news-dev", "news-test"])
def test_news_kinds_are_true_to_the_outlets_and_dates_of_their_articles(name: str) -> None:
    """Conflict values come from two or more outlets, a temporal item's as_of is its newest
    article's date, an outlet item quotes only that outlet and the subset lists every article."""
    if not NEWS_CORPUS.is_dir():
        pytest.skip(f"{NEWS_CORPUS} is not built (scripts/news-corpus)")
    items = load_dataset(evals_dir() / "datasets" / f"{name}.jsonl")
    subset = set((evals_dir() / "corpus" / "news-subset.txt").read_text().split())
    kinds = Counter(item.kind for item in items)
    least = 15 if name == "news-dev" else 8
    assert min(kinds[k] for k in ("conflict", "temporal", "outlet", "story")) >= least
    for item in items:
        assert {s.source for s in item.support} <= subset, item.id
        if item.kind not in ("conflict", "temporal", "outlet", "story"):
            continue
        meta = [front_matter(s.source) for s in item.support]
        outlets = {m["outlet"] for m in meta}
        if item.kind == "conflict":
            assert len(outlets) >= 2 and item.values, item.id
            for aliases in item.values:
                assert any(contains_alias(s.quote, a) for s in item.support for a in aliases), (
                    f"{item.id}: no quote holds {aliases}"
                )
        elif item.kind == "temporal":
            assert item.as_of and max(m["date"] for m in meta) == item.as_of.isoformat(), item.id
        elif item.kind == "outlet":
            assert outlets == {item.outlet}, item.id
            if item.filters and item.filters.outlets:
                assert item.filters.outlets == [item.outlet], item.id
        else:
            assert outlets == set(item.outlets or []), item.id
