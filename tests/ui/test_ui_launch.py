"""Launch options: loopback by default, no share link, upload cap, optional login."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.net import is_loopback
from assistant.settings import UISettings, load_settings
from assistant.ui.launch import (
    LoginSettingsError,
    check_exposure,
    launch_options,
    login,
)

pytestmark = pytest.mark.unit


def test_defaults_bind_loopback_without_share_or_login() -> None:
    options = launch_options(load_settings().ui)
    assert options["server_name"] == "127.0.0.1" and options["server_port"] == 7860
    assert options["share"] is False and options["auth"] is None
    assert options["max_file_size"] == 5_000_000
    assert options["show_error"] is False and options["run_history"] is False


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_UI_PORT", "8123")
    monkeypatch.setenv("ASSISTANT_UI_MAX_UPLOAD_MB", "0.5")
    options = launch_options(load_settings().ui)
    assert options["server_port"] == 8123 and options["max_file_size"] == 500_000


def test_login_needs_both_name_and_password() -> None:
    ui = UISettings(username="ada", password=SecretStr("s3cret"))
    assert login(ui) == ("ada", "s3cret")
    assert launch_options(ui)["auth"] == ("ada", "s3cret")
    with pytest.raises(LoginSettingsError, match="ASSISTANT_UI_PASSWORD"):
        login(UISettings(username="ada"))
    with pytest.raises(LoginSettingsError):
        login(UISettings(password=SecretStr("s3cret")))


def test_share_stays_off_whatever_the_settings() -> None:
    ui = UISettings(host="0.0.0.0", username="ada", password=SecretStr("x"))
    assert launch_options(ui)["share"] is False


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)
    check_exposure(UISettings(host=host))


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_exposed_hosts_need_a_login(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(LoginSettingsError, match="without a login"):
        check_exposure(UISettings(host=host))
    check_exposure(UISettings(host=host, username="ada", password=SecretStr("x")))
