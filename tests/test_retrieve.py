"""Hybrid retrieval finds passages of the spun article from plain-English questions."""

from __future__ import annotations

import pytest

from assistant.retrieve import LexicalIndex, fuse
from assistant.service import Assistant
from assistant.types import Passage
from tests.conftest import DATED, SPUN

# question in plain words -> words of the spun text that must be in a retrieved passage
PARAPHRASES = [
    ("Who is the head of Russia's administration in occupied Kharkiv?", SPUN, "Vitaly Ganchev"),
    ("Which town is Russia's staging ground in the eastern Donbas?", SPUN, "japanese Donbas"),
    ("Which city 50 miles north of Kharkiv did a resident mention?", SPUN, "Belgorod"),
    ("What hotel in Kharkiv was hit by rockets?", SPUN, "Misto Hotel"),
    ("Who leads the United Russia party?", SPUN, "pinnacle of Russia’s governing get together"),
    ("What did the Crimean leader propose about annexation?", SPUN, "Sergei Aksyonov"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("question", "source", "needle"), PARAPHRASES)
def test_paraphrased_questions_retrieve_the_spun_passage(
    seeded: Assistant, question: str, source: str, needle: str
) -> None:
    passages = seeded.retriever.retrieve(question, k=6)
    assert any(p.source == source and needle in p.text for p in passages), [
        p.text[:80] for p in passages
    ]


@pytest.mark.integration
@pytest.mark.parametrize(("question", "source", "needle"), PARAPHRASES)
def test_paraphrased_questions_find_the_evidence_sentence(
    seeded: Assistant, question: str, source: str, needle: str
) -> None:
    chunks = seeded.retriever.retrieve(question)
    sentences = seeded.evidence.rank(question, chunks, seeded.retriever.lexical)
    assert any(needle in s.text for s in sentences[:3]), [s.text[:80] for s in sentences[:3]]


@pytest.mark.integration
def test_retrieved_passages_carry_exact_offsets(seeded: Assistant) -> None:
    for passage in seeded.retriever.retrieve("Blinken visited Kyiv and announced aid", k=10):
        article = seeded.article(passage.source)
        assert article is not None
        assert article.text[passage.start : passage.end] == passage.text
    assert {p.source for p in seeded.retriever.retrieve("Blinken Kyiv aid", k=10)} == {DATED, SPUN}


def _passage(pid: str) -> Passage:
    return Passage(id=pid, source="s", title="t", start=0, end=1, text=pid)


@pytest.mark.unit
def test_fusion_rewards_agreement_between_rankings() -> None:
    fused = fuse([[_passage("a"), _passage("b")], [_passage("b"), _passage("c")]], rrf_k=60)
    assert [p.id for p in fused] == ["b", "a", "c"]
    assert fused[0].score == pytest.approx(1 / 61 + 1 / 62)


@pytest.mark.unit
def test_acronyms_are_spelled_out_as_the_corpus_does() -> None:
    index = LexicalIndex(
        [_passage("x").model_copy(update={"text": "The United Nations met. NATO said no."})]
    )
    assert index.terms("Who spoke at the UN?") == ["spoke", "united", "nation"]
    assert "nato" in index.terms("What did NATO say?")
    assert index.search("UN meeting", k=1)
