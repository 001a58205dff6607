"""Story grouping at ingest, on real articles of the news corpus: reports of one event by
several outlets form one story, a copy names the article it copies, unrelated articles stay
alone, and answers say which outlets carry the story they cite."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.api.openai_content import sources_block
from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
from assistant.ingest.stories import group_stories, regroup_due
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.types import ArticleInfo
from tests.conftest import run_cli

CORPUS = Path(os.environ.get("ASSISTANT_NEWS_CORPUS", ".cache/news-corpus"))
DAM = [  # the Oroville dam evacuation, 2017-02-13: DW, Al Jazeera, RTÉ
    "1037-us-launches-urgent-evacuation-around-damaged-oroville-dam-in.md",
    "1051-thousands-evacuated-in-california-as-dam-might-collapse.md",
    "1079-evacuation-ordered-over-hole-in-spillway-of-tallest-dam-in-u.md",
]
BAGHDAD = [  # a Baghdad car bomb, 2017-02-16: BBC, Al Jazeera
    "1142-baghdad-car-bomb-kills-at-least-48.md",
    "1173-deadly-car-bombing-rocks-iraq-s-baghdad.md",
]
# Hungary's container camps, 2017-03-28: DW and RTÉ, rewriting the same agency copy. Their
# topics are less alike than the reports above (cosine 0.81) but they share their wording.
HUNGARY = [
    "3563-hungary-opens-shipping-container-camp-for-refugees.md",
    "3579-asylum-seekers-entering-hungary-to-be-detained-in-shipping-c.md",
]
ALONE = [
    "0001-betsy-devos-confirmed-as-education-secretary-with-pence-cast.md",
    "0017-tom-brady-says-wife-gisele-bundchen-wants-him-to-retire.md",
]
COPY = "9999-wire-copy-of-the-dam-story.md"
COPY_OUTLET = "Wire Copy Daily"


def _write_copy(folder: Path) -> None:
    """Another outlet running Al Jazeera's dam story with its own front matter and a line
    of its own: wire copy."""
    text = (CORPUS / DAM[1]).read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    front = "\n".join(
        f"outlet: {COPY_OUTLET}" if line.startswith("outlet:") else line
        for line in front.splitlines()
    )
    (folder / COPY).write_text(
        f"---{front}\n---{body}\nThis report was supplied by a news agency.\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def grouped(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder, annotator: Annotator
) -> Iterator[tuple[Assistant, Path]]:
    missing = [name for name in DAM + BAGHDAD + HUNGARY + ALONE if not (CORPUS / name).exists()]
    assert not missing, f"{CORPUS} lacks {missing}: run scripts/news-corpus"
    root = tmp_path_factory.mktemp("stories")
    folder = root / "articles"
    folder.mkdir()
    for name in DAM + BAGHDAD + HUNGARY + ALONE:
        shutil.copy(CORPUS / name, folder / name)
    _write_copy(folder)
    settings = load_settings(data={"dir": root / "data"}, corpus={"dir": folder})
    assistant = Assistant(settings, embedder=embedder, annotator=annotator)
    report = assistant.ingest()
    assert report.grouped == len(DAM + BAGHDAD + HUNGARY + ALONE) + 1
    yield assistant, root


def _infos(assistant: Assistant) -> dict[str, ArticleInfo]:
    return {info.source: info for info in assistant.documents()}


@pytest.mark.integration
def test_reports_of_one_event_form_one_story(grouped: tuple[Assistant, Path]) -> None:
    infos = _infos(grouped[0])
    dam = {infos[name].story for name in [*DAM, COPY]}
    baghdad = {infos[name].story for name in BAGHDAD}
    assert len(dam) == 1 and None not in dam
    assert len(baghdad) == 1 and None not in baghdad
    assert dam != baghdad
    assert infos[DAM[0]].story_size == 4
    assert infos[DAM[0]].story_outlets == sorted(
        ["DW", "Al Jazeera", "RTÉ", COPY_OUTLET], key=str.casefold
    )
    assert infos[BAGHDAD[0]].story_outlets == ["Al Jazeera", "BBC"]


@pytest.mark.integration
def test_reports_that_share_their_wording_form_one_story(grouped: tuple[Assistant, Path]) -> None:
    infos = _infos(grouped[0])
    hungary = {infos[name].story for name in HUNGARY}
    assert len(hungary) == 1 and None not in hungary
    assert infos[HUNGARY[0]].story_outlets == ["DW", "RTÉ"]
    assert infos[HUNGARY[0]].copy_of is None and infos[HUNGARY[1]].copy_of is None


@pytest.mark.integration
def test_unrelated_articles_stay_alone(grouped: tuple[Assistant, Path]) -> None:
    infos = _infos(grouped[0])
    stories = {infos[name].story for name in ALONE}
    assert len(stories) == 2
    for name in ALONE:
        assert infos[name].story_size == 1
        assert infos[name].story_outlets == []
        assert infos[name].copy_of is None


@pytest.mark.integration
def test_a_copy_names_what_it_copies_and_independent_reports_do_not(
    grouped: tuple[Assistant, Path],
) -> None:
    infos = _infos(grouped[0])
    assert infos[COPY].copy_of == DAM[1]
    assert all(infos[name].copy_of is None for name in [DAM[0], DAM[2], *BAGHDAD])


@pytest.mark.integration
def test_grouping_again_does_nothing_and_a_changed_article_is_regrouped(
    grouped: tuple[Assistant, Path],
) -> None:
    assistant, root = grouped
    before = _infos(assistant)
    assert group_stories(assistant.store) == 0
    copy = root / "articles" / COPY
    copy.write_text(copy.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    report = assistant.ingest()
    assert report.grouped == 1
    after = _infos(assistant)
    assert after[COPY].story == before[COPY].story
    assert after[COPY].copy_of == DAM[1]


@pytest.mark.integration
def test_stories_grouped_under_another_rule_are_all_grouped_again(
    grouped: tuple[Assistant, Path],
) -> None:
    # A store grouped before the thresholds changed (its rule recorded differently).
    assistant, _ = grouped
    before = {source: (i.story_size, i.copy_of) for source, i in _infos(assistant).items()}
    assistant.store.catalog.set_meta("story_rule", "an older rule")
    assert regroup_due(assistant.store.catalog) == len(before)  # announced by `ingest`
    assert group_stories(assistant.store) == len(before)
    assert regroup_due(assistant.store.catalog) == 0
    after = {source: (i.story_size, i.copy_of) for source, i in _infos(assistant).items()}
    assert after == before
    assert group_stories(assistant.store) == 0


@pytest.mark.integration
def test_an_answer_says_which_outlets_carry_the_story_it_cites(
    grouped: tuple[Assistant, Path],
) -> None:
    answer = grouped[0].ask("How many people were told to evacuate below the Oroville Dam?")
    dam = [c for c in answer.citations if c.source in [*DAM, COPY]]
    assert dam, answer.answer
    assert all(COPY_OUTLET in c.story_outlets and "DW" in c.story_outlets for c in dam)
    assert "4 outlets carry this story" in sources_block(dam)


@pytest.mark.integration
def test_documents_lists_the_stories(grouped: tuple[Assistant, Path]) -> None:
    _, root = grouped
    env = {"ASSISTANT_DATA_DIR": str(root / "data")}
    listed = run_cli("documents", "--stories", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {row["source"] for row in rows} == {*DAM, *BAGHDAD, *HUNGARY, COPY}
    assert all(row["story_size"] >= 2 for row in rows)
    plain = run_cli("documents", env=env)
    copy_line = next(line for line in plain.stdout.splitlines() if COPY in line)
    assert copy_line.split("\t")[-1] == DAM[1]


@pytest.mark.integration
def test_deleting_an_article_takes_it_out_of_its_story(
    grouped: tuple[Assistant, Path],
) -> None:
    assistant, _ = grouped
    infos = _infos(assistant)
    assert assistant.delete_document(infos[DAM[2]].id)
    after = _infos(assistant)
    assert DAM[2] not in after
    assert "RTÉ" not in after[DAM[0]].story_outlets
    assert after[DAM[0]].story == infos[DAM[0]].story
