"""The written form of a candidate: its whole words ("€16.2m", "Garges-les-Gonesse"), its
form for comparison, how much of it is the question's own words (acronyms included), and
where words are written in the text relative to one another.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.dates import is_written_date
from assistant.language import LOST_SPACE, NAME_LABELS, Mention
from assistant.read.question import NUMBER, QuestionFrame


def whole_words(text: str, mention: Mention) -> str:
    """The mention widened to the whitespace-separated words it cuts into, so that a figure
    keeps the letters written onto it ("16.2" of "€16.2m" -> "€16.2m"). Names are kept as
    spaCy found them."""
    start, end = mention.start, mention.end
    if mention.label not in NUMBER:
        joined = _HYPHENATED.search(text, max(start - 40, 0), start)
        if joined is not None and joined.end() == start:
            start = joined.start()  # "Garges-les-Gonesse", of which spaCy took "Gonesse"
        name = _balanced(text[start:end])
        if mention.label in NAME_LABELS:
            name = _JOINED_WORD.sub("", name) or name
        return _NAME_TAIL.sub("", name) or name
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    # A hyphen that stands for a lost space ends the figure: "1.79%-in 2012", "famine.-At
    # least 360,000", "21.00-The polls" (a word joined to a figure is not capitalised).
    lost = LOST_SPACE.search(text, mention.end, end) or _CAPITAL_JOINED.search(
        text, mention.end, end
    )
    if lost is not None:
        end = lost.start()
    before = LOST_SPACE.finditer(text, start, mention.start + 1)
    start = max((m.end() for m in before), default=start)
    scale = SCALE.match(text, end)
    if scale:
        end = scale.end()  # "3.5 mln", which spaCy left out of the figure
    widened = _balanced(text[start:end].strip(_EDGE_PUNCTUATION)).strip(_EDGE_PUNCTUATION)
    return widened or text[mention.start : mention.end]


def _balanced(phrase: str) -> str:
    """The phrase without a bracket's other half cut into it: "CNN)At least 75" (a dateline
    run into the first word) -> "At least 75"."""
    close = phrase.find(")")
    if close != -1 and "(" not in phrase[:close]:
        phrase = phrase[close + 1 :]
    opening = phrase.rfind("(")
    if opening != -1 and ")" not in phrase[opening:]:
        phrase = phrase[:opening]
    return phrase.strip() or phrase


# The capitalised start of a hyphenated name before a mention ("Garges-les-" of
# "Garges-les-Gonesse"); not a lower-case word run into it ("of-Ellickson").
_HYPHENATED = re.compile(r"(?<![\w-])[A-Z][\w']*-(?:[a-z]+-)*")
_EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()[]"
# What spaCy leaves on the end of a name and is not part of it: a possessive ("Deniz
# Aytekin's", "39 months'"), a dash run into it, or a full stop after a word ("Dick
# Spring.-"), not the full stop of an abbreviation ("U.S.", "St.").
_NAME_TAIL = re.compile(r"(?:['’]s|(?<=s)['’]|(?<=[a-z]{2})\.)?[-–—]*$")
# A word in lower case a hyphen joins to a name where the text lost a space ("Article
# 50-earlier today"): names do not end in one (a time may: "29-year-old").
_JOINED_WORD = re.compile(r"[-–][a-z]+$")


def normal_answer(text: str) -> str:
    """An answer's words, lower-cased: two candidates saying the same thing compare equal."""
    return " ".join(re.findall(r"\w+", text.lower()))


def echo(text: str, frame: QuestionFrame) -> float:
    """Share of a candidate's words that are words of the question (or share their stem):
    an answer names something the question does not."""
    # Articles and the possessive "s" of "Kim Jong-nam's" are not words of their own.
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in _ARTICLES | {"s"}]
    if not words:
        return 1.0
    acronym = _acronym(words)
    if acronym and re.search(rf"\b{acronym.upper()}\b", frame.text):
        return 1.0  # "The United States" for a question about the "US"
    if text.isupper() and len(words) == 1 and words[0] in _acronyms_of(frame.text):
        return 1.0  # "SDF" for a question about the "Syrian Democratic Forces"
    asked = frame.question_words
    stems = {w[:STEM] for w in asked if len(w) >= STEM}
    echoed = [
        w in asked
        or (w.endswith("s") and w[:-1] in asked)  # "the Polks" for a question about Polk
        or (len(w) >= STEM and w[:STEM] in stems)
        for w in words
    ]
    return sum(echoed) / len(words)


@lru_cache(maxsize=64)
def _acronyms_of(question: str) -> frozenset[str]:
    """The initials of every run of two or more capitalised words of a question, lower-cased
    ("Syrian Democratic Forces" -> "sdf", "df", "sd"...), the small words of a name allowed
    inside a run ("Bank of England" -> "boe" and "be")."""
    found = set()
    for run in _NAME_RUN.finditer(question):
        words = run.group().lower().split()
        for first in range(len(words)):
            for last in range(first + 2, len(words) + 1):
                initials = _acronym(words[first:last])
                found.update({initials, "".join(w[0] for w in words[first:last])})
    # Lower-case words too, three or more in a row: "political action committee" -> "pac".
    words = re.findall(r"[a-z][\w'-]*", question.lower())
    found.update("".join(w[0] for w in words[i : i + 3]) for i in range(len(words) - 2))
    found.discard("")
    return frozenset(found)


def spelled_out(name: str, question: str, text: str) -> bool:
    """Whether ``text`` writes out what a name the question writes as an acronym stands for:
    capitalised words whose initials are its letters, the small words of a name allowed
    between them ("Department of Housing and Urban Development" for "HUD")."""
    letters = name.upper()
    if not 2 <= len(letters) <= _ACRONYM_LETTERS or not letters.isalpha():
        return False
    if re.search(rf"\b{re.escape(letters)}\b", question) is None:
        return False  # written in the question as a word, not as an acronym
    words = [re.escape(letter) + r"[\w'’-]*" for letter in letters]
    pattern = r"\b" + r"\s+(?:(?:of|and|for|the|&)\s+)*".join(words) + r"\b"
    return re.search(pattern, text) is not None


def _acronym(words: list[str]) -> str:
    """The initials of a name of two or more words, lower-cased ("united states" -> "us"),
    the small words of a name left out ("of", "and"); "" for a single word."""
    initials = [w[0] for w in words if w not in {"of", "and", "for"}]
    return "".join(initials) if len(initials) >= 2 else ""


def holds_a_name_asked(text: str, frame: QuestionFrame) -> bool:
    """Whether a candidate writes a name of two or more words of the question whole, with
    more words around it ("the UEFA Champions League" for a question about the Champions
    League), or one name of the question with common nouns ("the Asia-Pacific region" for a
    question about the Asia-Pacific): it is that name written more fully, not what the
    question asks for."""
    words = _NAME_WORD.findall(text)
    written = " " + " ".join(words) + " "
    if any(f" {run} " in written for run in _names_of(frame.text)):
        return True
    capitalised = [w for w in words if w[:1].isupper()]
    common = [w for w in words if w[:1].islower() and w not in _ARTICLES]
    asked = frame.question_words
    return bool(capitalised and common) and all(
        part in asked for w in capitalised for part in w.lower().split("-") if part
    )


_NAME_WORD = re.compile(r"[\w'-]+")
_ARTICLES = frozenset({"the", "a", "an"})
# A run of two or more capitalised words, the small words of a name allowed inside it ("Bank
# of England").
_NAME_RUN = re.compile(r"[A-Z][\w'-]*(?:\s+(?:(?:of|and|for)\s+)?[A-Z][\w'-]*)+")


@lru_cache(maxsize=64)
def _names_of(question: str) -> tuple[str, ...]:
    """The runs of two or more capitalised words of a question, its first word left out."""
    words = question.split(maxsplit=1)
    body = words[-1] if words else ""
    return tuple(" ".join(_NAME_WORD.findall(run.group())) for run in _NAME_RUN.finditer(body))


def is_question_words(text: str, frame: QuestionFrame) -> bool:
    """Whether every word of a candidate is a word of the question, or shares its first
    ``STEM`` letters with one ("Japan" for a question about a "Japanese" town)."""
    return echo(text, frame) == 1.0


def without_asked_title(text: str, mention: Mention, frame: QuestionFrame) -> Mention:
    """A name without the words of the question spaCy took into it as a title, the role
    asked about among them ("Chicago Police Superintendent Eddie Johnson", labelled an
    organisation, for "Who is the Chicago police superintendent ...?") and a full name after
    them: the answer is the person the title names."""
    if mention.label not in NAME_LABELS or frame.role is None:
        return mention
    words = list(re.finditer(r"\S+", text[mention.start : mention.end]))
    asked = 0
    while asked < len(words) - 1 and echo(words[asked].group(), frame) == 1.0:
        asked += 1
    role_in_title = any(w.group().lower().startswith(frame.role) for w in words[:asked])
    rest = [w.group() for w in words[asked:]]
    if not role_in_title or len(rest) < 2 or not titled(" ".join(rest)):
        return mention  # a kind of thing may start its name: "Jet Provost", "Foundation for"
    return replace(mention, start=mention.start + words[asked].start(), label="PERSON")


def named_in_question(text: str, mention: Mention, frame: QuestionFrame) -> bool:
    """Whether a person is one the question names by surname ("Donald Trump" for a question
    about "the billboard showing Trump"), or by first name and a surname spelt another way
    ("Rima Khalef" for "Rima Khalaf", as outlets transliterate it): the answer is someone
    else."""
    if mention.label != "PERSON" or len(text.split()) < 2:
        return False
    return surname_asked(text, frame) or _spelt_another_way(text, frame)


def _spelt_another_way(text: str, frame: QuestionFrame) -> bool:
    words = _WORD.findall(text.lower())
    if len(words) < 2 or words[0] not in frame.names:
        return False
    last = words[-1]
    return any(
        len(name) >= _SPELT_LETTERS and SequenceMatcher(None, last, name).ratio() >= _SPELT_ALIKE
        for name in frame.names
    )


# A surname is the question's spelt another way when it has this many letters and shares
# this share of them in order ("khalef", "khalaf": 0.83; "johnson", "jackson": 0.57).
_SPELT_LETTERS = 5
_SPELT_ALIKE = 0.8


def a_date_taken_for_a_name(text: str, mention: Mention) -> bool:
    """Whether spaCy labelled a date as a name: "3 April-2015" (the corpus writes hyphens
    for lost spaces) gives an organisation "April-2015"."""
    return mention.label in NAME_LABELS and is_written_date(text)


def names_the_role(text: str, mention: Mention, frame: QuestionFrame) -> bool:
    """Whether a name other than a person's ends with the role asked about, when people hold
    it: "the Human Rights Commission" or "the Secretary General's Special Envoy" is the body or
    the title, not who "which commissioner" or "which envoy" asks for."""
    return (
        frame.primary == "PERSON"
        and mention.label != "PERSON"
        and frame.role is not None
        and ends_with(text, frame.role)
    )


def surname_asked(written: str, frame: QuestionFrame) -> bool:
    """Whether a name's last word is one the question names ("Mick Jagger" when it asks about
    "Jagger")."""
    words = _WORD.findall(written.lower())
    return bool(words) and words[-1] in frame.names


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def titled(written: str) -> bool:
    """Whether every word of a phrase is capitalised, as in a name ("John Dobson Street"),
    not a phrase about one ("the President's address")."""
    words = _WORD.findall(written)
    return bool(words) and all(w[0].isupper() for w in words)


def holds_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` (or its plural) as a word of its own."""
    return re.search(rf"\b{re.escape(word)}(?:s|es)?\b", text, re.IGNORECASE) is not None


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def contains(phrase: Mention, mention: Mention) -> bool:
    return phrase.start <= mention.start and mention.end <= phrase.end


def touches(mention: Mention, phrase: Mention, gap: int = 3, text: str = "") -> bool:
    """Whether the mention is inside the phrase or separated from it by a few characters
    ("the official, Dmytro Zhyvytskyi"), or, given the ``text``, by those and a title ("the
    surgeon, Dr Muffazal Lakdawala")."""
    if phrase.start - gap <= mention.end and mention.start <= phrase.end + gap:
        return True
    return bool(text) and _TITLED_GAP.fullmatch(text, phrase.end, mention.start) is not None


HONORIFIC = re.compile(r"(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|prof)\.?", re.IGNORECASE)
_TITLED_GAP = re.compile(rf"[\s,]{{0,3}}{HONORIFIC.pattern}\s", re.IGNORECASE)


def nearest(text: str, word: str, start: int, end: int) -> float:
    """Characters between ``text[start:end]`` and the nearest writing of ``word`` (its first
    ``STEM`` letters, so that "killed" is found for "kill") outside it; infinite if none."""
    written = re.escape(word[:STEM].lower())
    short = _ABBREVIATED.get(word.lower())
    if short is not None:
        written += rf"|{short}\.\s"  # "Sen. Joey Hensley" for "senator"
    distances = [
        max(start - m.end(), m.start() - end, 0)
        for m in re.finditer(rf"\b(?:{written})", text)
        if not (start <= m.start() < end)
    ]
    return float(min(distances, default=math.inf))


def ends_with(name: str, noun: str) -> bool:
    """Whether a name of several words ends with ``noun`` (its first ``STEM`` letters), as
    English names end with the kind of thing they name ("Moscow City Court")."""
    words = re.findall(r"[\w'’-]+", name.lower())
    return len(words) > 1 and words[-1].startswith(noun[:STEM].lower())


_CAPITAL_JOINED = re.compile(r"-(?=[A-Z][a-z])")
# Titles written abbreviated before a name (general English): "Sen. Joey Hensley" is a
# senator, "Gov. Sam Brownback" a governor.
_ABBREVIATED = {
    "senator": "sen",
    "representative": "rep",
    "governor": "gov",
    "general": "gen",
    "colonel": "col",
    "lieutenant": "lt",
    "sergeant": "sgt",
    "captain": "capt",
    "commander": "cmdr",
    "admiral": "adm",
    "doctor": "dr",
    "professor": "prof",
    "superintendent": "supt",
    "inspector": "insp",
    "detective": "det",
    "reverend": "rev",
}
_ACRONYM_LETTERS = 6  # the longest acronym read as the initials of a name
# The words of scale a figure is written with (general English and news abbreviations).
SCALE = re.compile(r"\s+(?:thousand|million|billion|trillion|mln|bln|bn|tn)\b", re.IGNORECASE)
STEM = 5  # letters two forms of one word share (Japan/Japanese, Russia/Russian)


def gives_a_reason(text: str) -> bool:
    """Whether a sentence gives a reason for what it reports, by the words English gives one
    with ("because of a lack of evidence", "due to", "for national security reasons", "was
    caused by", "blamed the crash on", "as a result of", "triggered by")."""
    return _REASON.search(text) is not None


# General English: the conjunctions, prepositions, nouns and verbs of giving a cause.
_REASON = re.compile(
    r"\b(?:because|due to|owing to|thanks to|as a result|reasons?\b|caus(?:e|ed|es|ing)\b"
    r"|blam(?:e|ed|es|ing)\b|trigger(?:ed|s)?\b|motive)",
    re.IGNORECASE,
)
