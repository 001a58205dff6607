"""Issue 10, item 6: the store lives in the user's data folder, not in whatever folder a
command happens to run from, and `serve` says where it created it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli.serve import announce_store, store_is_new
from assistant.settings import load_settings

pytestmark = pytest.mark.unit


def test_the_default_store_is_the_users_data_folder_wherever_we_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASSISTANT_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    seen = []
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        seen.append(load_settings().data.dir)
    assert seen[0] == seen[1] == tmp_path / "xdg" / "news-assistant"
    assert seen[0].is_absolute()


def test_assistant_data_dir_still_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "mine"))
    assert load_settings().data.dir == tmp_path / "mine"


def test_a_new_store_is_announced_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(data={"dir": tmp_path / "store"})
    assert store_is_new(settings)
    announce_store(settings, new=True)
    assert f"Created the store in {tmp_path / 'store'}" in capsys.readouterr().err.replace("\n", "")
    (tmp_path / "store").mkdir()
    assert not store_is_new(settings)
    announce_store(settings, new=False)
    assert capsys.readouterr().err == ""
