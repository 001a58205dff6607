"""Who decides whether cited spans support a sentence: the deterministic check, or an LLM.

Offline (the default, and what CI runs) the judge is ``cite.is_supported``, the same check
the assistant applies to LLM answers before showing them. When an LLM is configured
(``ASSISTANT_ANSWER_BACKEND=openai``) an LLM reads ``prompts/judge.txt`` instead; a reply it
cannot get or cannot read falls back to the deterministic check and is counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from assistant import cite
from assistant.prompts import load_prompt
from assistant.settings import LLMSettings, Settings

if TYPE_CHECKING:
    import openai

JUDGE_VARIABLES = frozenset({"sentence", "evidence"})
"""What the judge fills into ``prompts/judge.txt``."""


class Judge(Protocol):
    """A support judge with a name for the report."""

    name: str

    def __call__(self, sentence: str, evidence: list[str]) -> bool:
        """Whether ``evidence`` (the cited spans) supports ``sentence``."""
        ...


class DeterministicJudge:
    """``cite.is_supported``: most content words and every number of the sentence are cited."""

    name = "deterministic"

    def __call__(self, sentence: str, evidence: list[str]) -> bool:
        return cite.is_supported(sentence, evidence)


class LLMJudge:
    """Asks an OpenAI-compatible chat model, one claim at a time, with the judge prompt."""

    def __init__(self, llm: LLMSettings, client: openai.OpenAI | None = None) -> None:
        from assistant.llm import make_client

        self._llm = llm
        self._client = client or make_client(llm)
        self._prompt = load_prompt("judge", variables=JUDGE_VARIABLES)
        self._fallback = DeterministicJudge()
        self._verdicts: dict[tuple[str, tuple[str, ...]], bool] = {}
        self.name = f"llm:{llm.model}"
        self.failures = 0
        """Claims the LLM could not judge (unreachable, or an unreadable reply)."""

    @property
    def prompt_hash(self) -> str:
        return self._prompt.hash

    def __call__(self, sentence: str, evidence: list[str]) -> bool:
        # ALCE precision asks about the same claim and spans repeatedly: ask the LLM once.
        key = (sentence, tuple(evidence))
        if key not in self._verdicts:
            self._verdicts[key] = self._ask(sentence, evidence)
        return self._verdicts[key]

    def _ask(self, sentence: str, evidence: list[str]) -> bool:
        import openai

        prompt = self._prompt.render(
            sentence=sentence,
            evidence="\n\n".join(f"[{n}] {text}" for n, text in enumerate(evidence, start=1)),
        )
        try:
            reply = self._client.chat.completions.create(
                model=self._llm.model,
                messages=[{"role": "user", "content": prompt}],
                temperature=0.0,
                max_tokens=5,
            )
            verdict = parse_verdict(reply.choices[0].message.content or "")
        except (openai.OpenAIError, IndexError):
            verdict = None
        if verdict is None:
            self.failures += 1
            return self._fallback(sentence, evidence)
        return verdict


def parse_verdict(reply: str) -> bool | None:
    """SUPPORTED -> True, UNSUPPORTED -> False, anything else -> None."""
    word = reply.strip().strip(".*\"'`").upper()
    if word.startswith("UNSUPPORTED"):
        return False
    if word.startswith("SUPPORTED"):
        return True
    return None


def make_judge(settings: Settings) -> DeterministicJudge | LLMJudge:
    """The LLM judge when an LLM answers questions, else the deterministic one."""
    if settings.answer.backend == "openai":
        return LLMJudge(settings.llm)
    return DeterministicJudge()
