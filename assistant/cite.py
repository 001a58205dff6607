"""Citation handling as pure functions: parse markers, drop unknown ones, map them to exact
spans, and check that a sentence is supported by what it cites.

Markers number the passages an answerer was given, 1..n; this module is the one place that
says what a marker looks like and turns markers into ``Citation`` objects. The support check
here is the deterministic judge the evals use too.

Markers in an answer are the assistant's own: article text is quoted through ``neutralise``
(offline answers, and the passages an LLM reads), so a ``[12]``, a fake ``Sources: [1]`` line,
a Markdown link or a ``<passage>`` tag inside an article can never be parsed as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.dates import day_text
from assistant.text import content_terms, sentence_spans
from assistant.types import Citation, Passage, iso_day

# [1]  [1, 2]  [1-3]  [1–3]  [1,2-4]
MARKER = re.compile(r"\[(\d+(?:\s*(?:,|-|–)\s*\d+)*)\]")
# A marker with the space before it, as removed from earlier answers and from history.
_SPACED_MARKER = re.compile(r"\s*" + MARKER.pattern)
# The start of a marker still arriving in a stream ("[1" before "]").
_OPEN_MARKER_TAIL = re.compile(r"\[[\d,\s\-–]*$")
# Quoted text keeps its brackets and tags visible, but as characters no parser reads as a
# marker, a Markdown link or markup. None of them has an NFKC decomposition, so a client that
# normalises the text does not turn them back into brackets.
SAFE_BRACKETS = str.maketrans({"[": "\u2045", "]": "\u2046"})  # ⁅ ⁆
_TAG_OPEN = re.compile(r"<(?=\s*/?\s*[A-Za-z!?])")
_SAFE_TAG_OPEN = "\u2039"  # ‹
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SUPPORT_THRESHOLD = 0.6
"""Share of a sentence's content words that its cited spans must contain."""
_MAX_RANGE = 50


def neutralise(quoted: str) -> str:
    """Article text as an answer (or an LLM's context) quotes it: brackets become ``⁅ ⁆`` and
    a tag's ``<`` becomes ``‹``, so no marker, Markdown link or tag inside it is live."""
    return _TAG_OPEN.sub(_SAFE_TAG_OPEN, quoted.translate(SAFE_BRACKETS))


def neutralise_tags(text: str) -> str:
    """``text`` with every tag-like ``<`` made inert (an LLM reply echoing a fake fence)."""
    return _TAG_OPEN.sub(_SAFE_TAG_OPEN, text)


def strip_markers(text: str) -> str:
    """``text`` without its markers (and the space before each), e.g. an earlier answer."""
    return _SPACED_MARKER.sub("", text)


def without_open_marker(partial: str) -> str:
    """Streamed text with a marker still arriving at its end held back."""
    return _OPEN_MARKER_TAIL.sub("", partial)


def parse_marker(body: str) -> list[int]:
    """Numbers named by one marker's inside: '1, 2' -> [1, 2]; '1-3' -> [1, 2, 3]."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", body.strip()):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low <= _MAX_RANGE:
                numbers.extend(range(low, high + 1))
        elif part.isdigit():
            numbers.append(int(part))
    return numbers


def extract(text: str) -> list[int]:
    """Every passage number cited in ``text``, in order of first appearance."""
    seen: dict[int, None] = {}
    for match in MARKER.finditer(text):
        for number in parse_marker(match.group(1)):
            seen.setdefault(number, None)
    return list(seen)


def validate(text: str, passage_count: int) -> str:
    """``text`` with markers rewritten as ``[a][b]`` and numbers outside 1..n removed."""

    def rewrite(match: re.Match[str]) -> str:
        valid = [n for n in parse_marker(match.group(1)) if 1 <= n <= passage_count]
        return "".join(f"[{n}]" for n in dict.fromkeys(valid))

    cleaned = MARKER.sub(rewrite, text)
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()


def strip_foreign_links(text: str, passages: list[Passage]) -> str:
    """Remove Markdown images, and links whose URL is not in a passage that the link's own
    sentence cites (keeping the link's words)."""
    text = _IMAGE.sub("", text)
    sentences = cited_sentences(text)

    def keep_if_cited(match: re.Match[str]) -> str:
        url = match.group(2)
        holders = [s for s in sentences if url in s.text]
        sourced = bool(holders) and all(
            any(url in passages[n - 1].text for n in s.markers if 1 <= n <= len(passages))
            for s in holders
        )
        return match.group(0) if sourced else match.group(1)

    return _LINK.sub(keep_if_cited, text)


def to_citations(text: str, passages: list[Passage]) -> list[Citation]:
    """One citation per passage number cited in ``text`` (after ``validate``)."""
    citations = []
    for number in extract(text):
        if 1 <= number <= len(passages):
            p = passages[number - 1]
            carried = p.model_dump(include=_CARRIED)
            citations.append(Citation(marker=number, score=round(p.score, 4), **carried))
    return citations


def story_note(citation: Citation) -> str:
    """How many outlets carry the cited story, for the line that lists the source:
    "3 outlets carry this story (also CNN, RTÉ)"; empty when no other outlet does."""
    others = [outlet for outlet in citation.story_outlets if outlet != citation.outlet]
    if not others:
        return ""
    count = len(set(citation.story_outlets) | ({citation.outlet} if citation.outlet else set()))
    return f"{count} outlets carry this story (also {', '.join(others)})"


def evidence_text(cited: Citation | Passage) -> str:
    """What a marker vouches for: the span, and what is known of its article (outlet, date),
    which an answer may state ("As of 9 March 2017", "TASS (9 March 2017) gives 12")."""
    day = iso_day(cited.date)
    known = [cited.outlet or "", day_text(day) if day else ""]
    return " ".join([cited.text, *[k for k in known if k]])


def dated_span(citation: Citation) -> str:
    """The cited span for display, each relative date followed by the date it means:
    "killed 12 people on Thursday (Thursday, 9 March 2017), …"."""
    pieces, done = [], 0
    for note in sorted(citation.dates, key=lambda n: n.start):
        start, end = note.start - citation.start, note.end - citation.start
        if start < done or end > len(citation.text):
            continue
        pieces += [citation.text[done:end], f" ({note.label})"]
        done = end
    return "".join(pieces) + citation.text[done:]


# What a citation takes from the passage it points at: the span and the article's metadata.
_CARRIED = set(Citation.model_fields) - {"marker", "score"}


@dataclass(frozen=True)
class CitedSentence:
    """One sentence of an answer and the passage numbers its markers name."""

    text: str
    markers: tuple[int, ...]


def cited_sentences(answer: str) -> list[CitedSentence]:
    """The answer split into sentences, each with the passage numbers its markers name.

    A marker belongs to the sentence it stands in, or to the one it follows ("... tempo. [1]").
    """
    plain, placed = _remove_markers(answer)
    spans = sentence_spans(plain)
    markers: list[dict[int, None]] = [{} for _ in spans]
    for position, numbers in placed:
        owner = max((i for i, s in enumerate(spans) if s.start < position), default=0)
        if spans:
            markers[owner].update(dict.fromkeys(numbers))
    return [
        CitedSentence(text=_tidy(plain[s.start : s.end]), markers=tuple(m))
        for s, m in zip(spans, markers, strict=True)
    ]


def _remove_markers(answer: str) -> tuple[str, list[tuple[int, list[int]]]]:
    """The answer without markers, and where in that text each marker stood."""
    parts: list[str] = []
    placed: list[tuple[int, list[int]]] = []
    length = last = 0
    for match in MARKER.finditer(answer):
        parts.append(answer[last : match.start()])
        length += match.start() - last
        placed.append((length, parse_marker(match.group(1))))
        last = match.end()
    parts.append(answer[last:])
    return "".join(parts), placed


def _tidy(sentence: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(sentence.split()))


def is_supported(sentence: str, evidence: list[str]) -> bool:
    """Deterministic support check: the evidence holds most of the sentence's content words
    and every number the sentence states."""
    return support_score(sentence, evidence) >= SUPPORT_THRESHOLD


def support_score(sentence: str, evidence: list[str]) -> float:
    """Share of the sentence's content words found in the evidence; 0 if a number is missing."""
    joined = " ".join(evidence)
    if not set(_NUMBER.findall(sentence)) <= set(_NUMBER.findall(joined)):
        return 0.0
    terms = set(content_terms(sentence))
    if not terms:
        return 1.0 if evidence else 0.0
    present = set(content_terms(joined))
    return len(terms & present) / len(terms)


def unsupported_sentences(answer: str, passages: list[Passage]) -> list[str]:
    """Sentences of ``answer`` not supported by the union of the passages they cite."""
    failing = []
    for sentence in cited_sentences(answer):
        cited = [
            evidence_text(passages[n - 1]) for n in sentence.markers if 1 <= n <= len(passages)
        ]
        if not cited or not is_supported(sentence.text, cited):
            failing.append(sentence.text)
    return failing
