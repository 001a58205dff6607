"""The regression gate on real news: the news dev and test sets, over the 717 articles of the
corpus that hold their answers (evals/corpus/news-subset.txt) plus distractors, against the
committed baselines (evals/baseline-news-dev.json, evals/baseline-news-test.json).

The corpus is built by `scripts/news-corpus` (scripts/test runs it). To accept a wanted
change: ingest the subset and run `assistant eval --dataset evals/datasets/news-dev.jsonl
--against evals/baseline-news-dev.json --update-baseline` (and the same for news-test).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from gate_support import gate

from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.evaluate import evals_dir
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.settings import load_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CORPUS = Path(os.environ.get("ASSISTANT_NEWS_CORPUS", ".cache/news-corpus"))


@pytest.fixture(scope="module")
def news(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Iterator[Assistant]:
    names = (evals_dir() / "corpus" / "news-subset.txt").read_text().split()
    missing = [n for n in names if not (CORPUS / n).is_file()]
    assert not missing, f"{CORPUS} lacks {len(missing)} articles: run scripts/news-corpus"
    folder = tmp_path_factory.mktemp("news")
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    data = tmp_path_factory.mktemp("news-data")
    assistant = Assistant(load_settings(data={"dir": data}), embedder=embedder, annotator=annotator)
    report = assistant.ingest([folder])
    assert report.articles == len(names) and not report.skipped
    yield assistant


@pytest.mark.parametrize("name", ["news-dev", "news-test"])
def test_news_sets_hold_their_committed_baselines(news: Assistant, name: str) -> None:
    run = gate(news, f"datasets/{name}.jsonl", f"baseline-{name}.json")
    # Right answers to questions that ask for a name, place, date or figure state it as a
    # short answer (the definition of a right answer judges that short answer).
    right = [i for i in run.items if i.correct]
    assert right and sum(bool(i.short_answer) for i in right) >= 0.8 * len(right)
