"""All settings in one place: environment (prefix ``ASSISTANT_``), an optional TOML file, defaults.

Each stage has its own nested model; an environment variable names the stage and then the
field, e.g. ``ASSISTANT_CORPUS_DIR``, ``ASSISTANT_ANSWER_BACKEND``, ``ASSISTANT_LLM_MODEL``.
The TOML file is ``assistant.toml`` in the working directory, or the path in
``ASSISTANT_CONFIG`` (empty: no file); its tables are the stage names (``[answer]``, ``[llm]``
...). ``~`` in a path setting is the home folder. ``settings_warnings`` names what is probably
a mistake but does not stop start-up: an ``ASSISTANT_*`` variable that is no setting (with the
closest name), a configuration file that cannot be read.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.resources import bundled_seeds_dir

PREFIX = "ASSISTANT_"
CONFIG_VARIABLE = "ASSISTANT_CONFIG"
DEFAULT_CONFIG = "assistant.toml"
# ASSISTANT_* variables that are not settings but are read on purpose (tests, scripts).
OTHER_VARIABLES = frozenset(
    {CONFIG_VARIABLE, "ASSISTANT_FAULT_AT", "ASSISTANT_NEWS_CORPUS", "ASSISTANT_NEWS_BUILDER"}
)

# A path setting: "~" and "~user" are expanded, wherever the value comes from.
UserPath = Annotated[Path, AfterValidator(lambda path: path.expanduser())]


class _Stage(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorpusSettings(_Stage):
    dir: UserPath = Field(
        default_factory=bundled_seeds_dir,
        description="Folder of articles (.txt, .md, .html) ingested by default.",
    )


def default_data_dir() -> Path:
    """The platform's per-user data folder (``~/.local/share/news-assistant`` on Linux), so
    the store is the same whichever folder a command runs from."""
    import platformdirs

    return Path(platformdirs.user_data_dir("news-assistant", appauthor=False))


class DataSettings(_Stage):
    dir: UserPath = Field(
        default_factory=default_data_dir,
        description="Folder holding the embedded Chroma store (ignored in server mode); "
        "default: the platform's user data folder.",
    )
    collection: str = Field(
        default="articles",
        min_length=3,
        max_length=60,
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$",
        description="Chroma collection name for the chunks; article texts go in '<name>-texts'.",
    )
    chroma_host: str | None = Field(
        default=None,
        description="Host of a Chroma server. Unset: an embedded store under the data folder.",
    )
    chroma_port: int = Field(default=8000, ge=1, le=65535, description="Port of the Chroma server.")
    search_ef: int = Field(
        default=400,
        ge=10,
        le=5000,
        description="Breadth of Chroma's HNSW search (its ef_search). Chroma's default, 100, "
        "misses 1 in 100 of the 20 nearest chunks on the 3,788-article corpus; 400 misses about "
        "1 in 1,000, for 0.5 ms more a search (benchmarks/dense_recall.py).",
    )


class ChunkSettings(_Stage):
    tokens: int = Field(
        default=160, ge=32, le=2048, description="Largest chunk, in cl100k_base tokens."
    )
    overlap: int = Field(
        default=32, ge=0, le=512, description="Tokens of whole sentences repeated between chunks."
    )

    @model_validator(mode="after")
    def _overlap_below_size(self) -> ChunkSettings:
        if self.overlap >= self.tokens:
            raise ValueError("chunk overlap must be smaller than chunk tokens")
        return self


class EmbeddingSettings(_Stage):
    backend: Literal["minilm-onnx", "sentence-transformers", "openai"] = Field(
        default="minilm-onnx",
        description=(
            "minilm-onnx: bundled int8 all-MiniLM-L6-v2 (default, no torch); "
            "sentence-transformers: fp32 weights, needs the 'st' extra; openai: embeddings API."
        ),
    )
    openai_model: str = Field(
        default="text-embedding-3-small", description="Model for the openai embedding backend."
    )
    batch_size: int = Field(default=32, ge=1, le=1024, description="Texts embedded per batch.")


class RetrievalSettings(_Stage):
    top_k: int = Field(default=6, ge=1, le=50, description="Passages kept after fusion.")
    candidates: int = Field(
        default=20, ge=1, le=200, description="Candidates taken from each of dense and BM25."
    )
    rrf_k: int = Field(default=60, ge=1, le=1000, description="Reciprocal rank fusion constant.")
    period_days_after: int = Field(
        default=7,
        ge=0,
        le=366,
        description="Days after the end of a period a question names ('in March 2017', 'last "
        "week') whose articles are searched too: news of an event is published for days after "
        "it (a week covers the follow-up reports of the news sets' events).",
    )


class AnswerSettings(_Stage):
    backend: Literal["extractive", "openai"] = Field(
        default="extractive",
        description="extractive: offline answer from evidence sentences; openai: an LLM.",
    )
    max_sentences: int = Field(
        default=3, ge=1, le=6, description="Most sentences in an offline answer."
    )
    max_words: int = Field(default=80, ge=10, le=400, description="Word budget of an answer.")


class ReaderSettings(_Stage):
    """When the offline reader answers and when it declines (tuned on evals/datasets/
    news-dev.jsonl with benchmarks/train_reader.py; reported on news-test)."""

    min_answer: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="Probability (by the trained candidate model) below which it declines.",
    )
    min_statement: float = Field(
        default=0.25,
        ge=-1.0,
        le=2.0,
        description="Evidence score below which a question asking for a statement is declined.",
    )
    min_window: float = Field(
        default=0.4,
        ge=0.0,
        le=1.0,
        description="Share of the question's weighted words that a statement answer's "
        "sentence and its neighbours must hold.",
    )
    near_miss: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="A decline quotes the closest sentence when it holds this share.",
    )


class TimelineSettings(_Stage):
    """What `assistant timeline` gathers (``assistant.timeline``)."""

    max_entries: int = Field(
        default=12, ge=1, le=100, description="Entries of a timeline at most (the most relevant)."
    )
    passages: int = Field(default=40, ge=1, le=200, description="Passages retrieved for a topic.")
    min_coverage: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="Share of the topic's weighted words an article's sentence must hold.",
    )


class LLMSettings(_Stage):
    model: str = Field(default="gpt-4o-mini", description="Chat model name on the server.")
    base_url: str | None = Field(
        default=None, description="OpenAI-compatible server URL; unset: OPENAI_BASE_URL or OpenAI."
    )
    api_key: SecretStr | None = Field(
        default=None,
        exclude=True,
        description="API key (environment only); unset: OPENAI_API_KEY.",
    )
    temperature: float = Field(default=0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    timeout: float = Field(default=30.0, gt=0, le=600, description="Seconds per HTTP request.")
    max_retries: int = Field(default=2, ge=0, le=10, description="Retries on 429, 5xx, timeouts.")
    deadline: float = Field(
        default=60.0, gt=0, le=1800, description="Seconds allowed for one whole question."
    )
    context_tokens: int = Field(
        default=3000, ge=200, le=100_000, description="Token budget for the numbered passages."
    )


class ChatSettings(_Stage):
    history_tokens: int = Field(
        default=1500, ge=0, le=100_000, description="Token budget of earlier turns kept in a chat."
    )


class UISettings(_Stage):
    host: str = Field(default="127.0.0.1", description="Address the UI binds.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port of `assistant ui`.")
    max_upload_mb: float = Field(default=5.0, gt=0, le=200, description="Largest uploaded file.")
    concurrency: int = Field(default=2, ge=1, le=64, description="Answers computed at once.")
    max_queue: int = Field(default=32, ge=1, le=1000, description="Requests waiting at most.")
    username: str | None = Field(default=None, description="Login name; unset: no login.")
    password: SecretStr | None = Field(
        default=None, exclude=True, description="Login password (environment only)."
    )


class APISettings(_Stage):
    host: str = Field(default="127.0.0.1", description="Address `assistant serve` binds.")
    port: int = Field(default=8080, ge=1, le=65535, description="Port of `assistant serve`.")
    token: SecretStr | None = Field(
        default=None,
        exclude=True,
        description="Bearer token required by the API; required when binding beyond loopback.",
    )
    max_body_bytes: int = Field(
        default=10_000_000, ge=1024, description="Largest request body accepted."
    )
    max_question_chars: int = Field(
        default=2000, ge=10, le=100_000, description="Longest question accepted."
    )
    openai_sources: bool = Field(
        default=True,
        description="Append a numbered Sources list (outlet, title, date, quoted span) to the "
        "content of /v1/chat/completions answers, for clients that show only the content; a "
        "request's `sources` field overrides it.",
    )
    # NoDecode: the environment gives a comma-separated list, not JSON.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Extra host names clients may use (Host header), comma-separated; '*' "
        "for any. Loopback names and the bound address are always allowed.",
    )

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        return (
            tuple(v.strip() for v in value.split(",") if v.strip())
            if isinstance(value, str)
            else value
        )


class Settings(BaseSettings):
    """Every setting of the assistant; see each field's description."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
    )

    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    data: DataSettings = Field(default_factory=DataSettings)
    chunk: ChunkSettings = Field(default_factory=ChunkSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    reader: ReaderSettings = Field(default_factory=ReaderSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    timeline: TimelineSettings = Field(default_factory=TimelineSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    chat: ChatSettings = Field(default_factory=ChatSettings)
    ui: UISettings = Field(default_factory=UISettings)
    api: APISettings = Field(default_factory=APISettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path, _ = config_file()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return tuple(sources)

    def fingerprint(self) -> str:
        """A short hash of every setting that shapes an answer (secrets excluded), of the
        code that reads and answers, and of the language model's files."""
        from assistant.language import model_digest
        from assistant.resources import code_digest

        shaping = self.model_dump(
            mode="json", include={"chunk", "embedding", "retrieval", "answer", "reader"}
        )
        shaping["llm_model"] = self.llm.model
        shaping["code"] = code_digest()
        shaping["language_model"] = model_digest()
        blob = json.dumps(shaping, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


class SettingsError(ValueError):
    """A setting has an invalid value; the message names the variable and what is allowed."""


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation errors into one readable message, and a TOML
    syntax error into one line naming the file and the line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(_toml_error(exc)) from None


def config_file(environ: Mapping[str, str] | None = None) -> tuple[Path | None, str | None]:
    """The TOML file to read (None: none) and, when a file is there but cannot be read (or
    ``ASSISTANT_CONFIG`` names one that is not there), why, in one line; it is then skipped."""
    environ = os.environ if environ is None else environ
    named = environ.get(CONFIG_VARIABLE)
    if named == "":
        return None, None
    path = Path(named or DEFAULT_CONFIG).expanduser()
    if named is None and not path.exists():
        return None, None
    source = f"{CONFIG_VARIABLE}={named}" if named is not None else "The settings file"
    try:
        path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, f"{source}: {path} does not exist; no settings file is read."
    except OSError as exc:
        return None, f"{source}: cannot read {path} ({exc.strerror or exc}); it is ignored."
    except UnicodeDecodeError:
        return None, f"{source}: {path} is not UTF-8 text; it is ignored."
    return path, None


def known_variables() -> frozenset[str]:
    """Every ``ASSISTANT_*`` variable read: a stage's fields, a whole stage as JSON, and
    ``OTHER_VARIABLES``."""
    names = set(OTHER_VARIABLES)
    for stage, field in Settings.model_fields.items():
        names.add(f"{PREFIX}{stage}".upper())
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(f"{PREFIX}{stage}_{name}".upper() for name in model.model_fields)
    return frozenset(names)


def settings_warnings(environ: Mapping[str, str] | None = None) -> list[str]:
    """What is probably a mistake in the environment but does not stop start-up: a variable
    named like a setting that is none (with the closest setting's name), and a settings file
    that cannot be read. One line each."""
    environ = os.environ if environ is None else environ
    known = known_variables()
    warnings = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(PREFIX) or upper in known:
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else "."
        warnings.append(f"{name} is not a setting of the assistant{hint}")
    _, problem = config_file(environ)
    if problem is not None:
        warnings.append(problem)
    return warnings


def _toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """One line: the file, the line (and column) and what is wrong there."""
    path, _ = config_file()
    text = str(exc)
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", text)
    where = re.search(r"\(at line (\d+), column (\d+)\)$", text)
    if where is not None:
        line, column = where.groups()
        return f"Invalid TOML in {path}, line {line} (column {column}): {message}."
    if text.endswith("(at end of document)") and path is not None:
        lines = path.read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
        return f"Invalid TOML in {path}, line {lines} (the end of the file): {message}."
    return f"Invalid TOML in {path}: {message}."


def _describe(exc: ValidationError) -> str:
    lines = ["Invalid settings:"]
    for error in exc.errors():
        path = [str(p) for p in error["loc"]]
        variable = PREFIX + "_".join(path[:2]).upper()
        allowed = ""
        ctx = error.get("ctx") or {}
        if "expected" in ctx:
            allowed = f" Allowed values: {ctx['expected']}."
        if error["type"] == "extra_forbidden":
            allowed = _closest_field(path)
        got = error.get("input")
        got_text = f" (got {got!r})" if not isinstance(got, dict) else ""
        lines.append(f"  {variable} ({'.'.join(path)}): {error['msg']}{got_text}.{allowed}")
    lines.append("Fix the environment variable or the TOML file, then run again.")
    return "\n".join(lines)


def _closest_field(path: list[str]) -> str:
    """ " Did you mean ...?" for an unknown field of a stage (or an unknown stage)."""
    if len(path) == 1:
        fields = list(Settings.model_fields)
    else:
        model = Settings.model_fields.get(path[0])
        annotation = model.annotation if model is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        fields = list(annotation.model_fields)
    close = difflib.get_close_matches(path[-1], fields, n=1, cutoff=0.6)
    if not close:
        return ""
    dotted = ".".join([*path[:-1], close[0]])
    return f" Did you mean {dotted} ({PREFIX}{dotted.replace('.', '_').upper()})?"
