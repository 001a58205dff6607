"""One settings object: environment, TOML, and errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit


def test_environment_variables_name_stage_and_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", "/articles")
    monkeypatch.setenv("ASSISTANT_ANSWER_BACKEND", "openai")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "llama3")
    monkeypatch.setenv("ASSISTANT_CHUNK_TOKENS", "200")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL_TOP_K", "9")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    settings = load_settings()
    assert settings.corpus.dir == Path("/articles")
    assert settings.answer.backend == "openai"
    assert settings.llm.model == "llama3"
    assert settings.llm.base_url == "http://127.0.0.1:9/v1"
    assert (settings.chunk.tokens, settings.retrieval.top_k) == (200, 9)


def test_defaults_point_at_the_bundled_corpus_and_offline_answers() -> None:
    settings = load_settings()
    assert (settings.corpus.dir / "003_f2a3d905b203a98f.txt").is_file()
    assert settings.answer.backend == "extractive"
    assert settings.embedding.backend == "minilm-onnx"


def test_invalid_choice_names_the_variable_and_allowed_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_ANSWER_BACKEND", "gpt")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "ASSISTANT_ANSWER_BACKEND" in message
    assert "'extractive'" in message and "'openai'" in message and "'gpt'" in message


def test_out_of_range_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHUNK_OVERLAP", "500")
    monkeypatch.setenv("ASSISTANT_CHUNK_TOKENS", "100")
    with pytest.raises(SettingsError, match="overlap must be smaller"):
        load_settings()


def test_unknown_field_in_toml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "assistant.toml"
    config.write_text('[answer]\nbackend = "extractive"\nmax_sentence = 2\n')
    monkeypatch.setenv("ASSISTANT_CONFIG", str(config))
    with pytest.raises(SettingsError, match="max_sentence"):
        load_settings()


def test_toml_file_is_read_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "assistant.toml"
    config.write_text('[retrieval]\ntop_k = 4\n[llm]\nmodel = "from-toml"\n')
    monkeypatch.setenv("ASSISTANT_CONFIG", str(config))
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "from-env")
    settings = load_settings()
    assert settings.retrieval.top_k == 4
    assert settings.llm.model == "from-env"


def test_secrets_are_never_serialised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-secret-value")
    settings = load_settings()
    assert settings.llm.api_key is not None
    assert settings.llm.api_key.get_secret_value() == "sk-secret-value"
    assert "sk-secret-value" not in settings.model_dump_json()
    assert "sk-secret-value" not in repr(settings)
    assert "sk-secret-value" not in settings.fingerprint()


def test_fingerprint_changes_with_answer_shaping_settings() -> None:
    assert load_settings().fingerprint() != load_settings(answer={"max_words": 50}).fingerprint()
    assert load_settings().fingerprint() == load_settings(ui={"port": 9999}).fingerprint()
