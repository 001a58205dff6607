"""What news adds to reading one answer: the same figure reported again, changed, or disputed.

After the reader picks its answer, the other candidates it found are compared with it. A
rival is a figure (a count, amount, date or percentage: a candidate with digits) that ranks
close to the answer, differs from it, and comes from another article. Then:

* a rival from another outlet published the same day is a *conflict*: both values are
  given, each cited and attributed to its outlet and date;
* rivals from other days are *developments*: for a time-sensitive question ("latest", "so
  far", "still") the newest value is the answer, "As of <date>", and the earlier values are
  cited after it; for another question the answer stays, and the other days' values are
  cited after it, oldest first.

Names are left out: two different names rarely mean the outlets disagree, far more often
that one of them answers another question.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from assistant.dates import precision
from assistant.language import SAYING, in_digits
from assistant.read.extract import Candidate
from assistant.read.figures import is_age
from assistant.types import iso_day

CONFLICT_GAP = 3.0
"""How far below the answer's rank score another article's figure may rank to be given as a
conflicting report."""
TIMELY_GAP = 3.5
"""The same for a time-sensitive question, where a newer report outranks an older one."""
CONFLICT_DAYS = 1
"""Reports this many days apart or fewer are simultaneous: different figures conflict (for
a time-sensitive question, a figure that differs a day later is a development)."""
MAX_RIVALS = 3

# Words and phrases by which a question asks for the newest state of things (general English).
# "Yet", "eventually" and "in the end" ask how things stood last ("Have they been allowed to
# leave yet?", "How many flights were cancelled in the end?").
_TIME_WORDS = frozenset(
    {
        *("latest", "newest", "recent", "recently", "current", "currently", "now", "still"),
        *("yet", "eventually", "ultimately", "anymore"),
    }
)
_TIME_PHRASES = (
    *("so far", "as of", "to date", "up to now", "most recent"),
    *("in the end", "any longer", "any more"),
)
_WORD = re.compile(r"[a-z]+")
_NUMBER = re.compile(r"\d[\d,.]*")


def time_sensitive(question: str) -> bool:
    """Whether the question asks for the newest figure ("How many have died so far?")."""
    lowered = question.lower()
    return bool(_TIME_WORDS & set(_WORD.findall(lowered))) or any(
        phrase in lowered for phrase in _TIME_PHRASES
    )


@dataclass(frozen=True)
class Report:
    """A value for what was asked, as one article gives it."""

    candidate: Candidate

    @property
    def value(self) -> str:
        return " ".join(self.candidate.text.split())

    @property
    def numbers(self) -> tuple[str, ...]:
        written = in_digits(self.value)  # "at least eight" is the figure 8
        return tuple(n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(written))

    @property
    def outlet(self) -> str | None:
        return self.candidate.evidence.article.outlet

    @property
    def attributed_to(self) -> str | None:
        return attribution(self.candidate)

    @property
    def date(self) -> dt.date | None:
        return iso_day(self.candidate.evidence.article.date)

    @property
    def source(self) -> str:
        return self.candidate.evidence.article.source


@dataclass(frozen=True)
class News:
    """How the answer's figure stands against the other reports of it."""

    answer: Report
    earlier: list[Report]
    """Other values from earlier days (for a time-sensitive question), oldest first."""
    conflicting: list[Report]
    """Other values from other outlets on the same days."""
    as_of: dt.date | None = None
    """Set when the answer is the newest of several dated values."""
    other_days: list[Report] = field(default_factory=list)
    """For a question that asks for no date, other values reports of other days gave, oldest
    first: how the figure developed."""


# A verb of saying written after the source ("police said", "the organisers have estimated"),
# in lower case ("Islamic State" is a name) and not in the passive ("an attack claimed by"),
# and the personal pronouns, which name no source by themselves (general English).
_SAID = re.compile(rf"^\s+(?:has\s+|have\s+|had\s+)?{SAYING}(?!\s+by\b)")
_ACCORDING = re.compile(r"according\s+to\s+$", re.IGNORECASE)
_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "who"})
_SOURCE_LABELS = frozenset({"NP", "PERSON", "ORG", "NORP"})


def attribution(candidate: Candidate) -> str | None:
    """Whom the article credits with the candidate's figure in its sentence ("police" in
    "Police said 30,000 people joined", "a local hospital official" in "..., according to a
    local hospital official"): the phrase nearest the figure that a verb of saying follows
    or that follows "according to"; None when the sentence credits no one."""
    item = candidate.evidence
    text = item.article.text
    mentions = item.mentions_in(candidate.index)
    named = {m.start for m in mentions if m.label != "NP"}
    # A place or a time says nothing ("..., officials in Yemen said" credits the officials).
    placed = {(m.start, m.end) for m in mentions if m.label not in _SOURCE_LABELS}
    opening = item.annotation.sentences[candidate.index].start
    sources = []
    for mention in mentions:
        phrase = text[mention.start : mention.end]
        if (
            mention.start <= candidate.start < mention.end
            or phrase.lower() in _PRONOUNS
            or (mention.start, mention.end) in placed
        ):
            continue
        after = text[mention.end : mention.end + 30]
        before = text[max(mention.start - 20, 0) : mention.start]
        if _SAID.search(after) or _ACCORDING.search(before):
            if mention.start == opening and mention.start not in named:
                phrase = phrase[:1].lower() + phrase[1:]  # "Police said" -> "citing police"
            distance = min(abs(mention.start - candidate.end), abs(candidate.start - mention.end))
            sources.append((distance, phrase))
    return min(sources)[1] if sources else None


def weigh(
    found: list[Candidate], *, timely: bool, asked: frozenset[str] = frozenset()
) -> News | None:
    """Compare the best candidate with its rivals; None when no rival changes the answer.
    ``asked``: the question's verbs (a rival's figure may belong to any of them)."""
    top = Report(found[0])
    if not top.numbers:
        return None
    if not timely:
        rivals = _rivals(top, found, CONFLICT_GAP, asked)
        conflicting = [r for r in rivals if _conflict(r, top, CONFLICT_DAYS)]
        # The figure as other days' reports gave it: a development, told and cited after
        # the answer, which stays the best-read figure (the question asked for no date).
        dated = [
            r
            for r in rivals
            if r not in conflicting and r.date and top.date and _same_names(r, top)
        ]
        other_days = sorted(dated, key=lambda r: r.date or dt.date.min)
        if not conflicting and not other_days:
            return None
        return News(top, [], conflicting, other_days=other_days)
    rivals = [r for r in _rivals(top, found, TIMELY_GAP, asked) if _same_names(r, top)]
    dated = [r for r in [top, *rivals] if r.date is not None]
    if not dated:
        return None
    newest = max(dated, key=lambda r: (r.date, r is top, r.candidate.score))
    earlier = sorted(
        (r for r in dated if r.date is not None and newest.date and r.date < newest.date),
        key=lambda r: r.date or dt.date.min,
    )
    conflicting = [r for r in dated if r is not newest and _conflict(r, newest, 0)]
    return News(newest, earlier, conflicting, newest.date)


def _rivals(top: Report, found: list[Candidate], gap: float, asked: frozenset[str]) -> list[Report]:
    """Each other article's best figure ranking within ``gap`` of the answer, unless it is
    the answer's figure (said another way: "at least 75", "75 people")."""
    seen = {top.source}
    rivals = []
    for candidate in found[1:]:
        if top.candidate.score - candidate.score > gap:
            break
        report = Report(candidate)
        if not report.numbers or report.source in seen or not _answers_alike(candidate, top, asked):
            continue
        seen.add(report.source)  # an article's best figure speaks for it
        if set(report.numbers) & set(top.numbers):
            continue
        rivals.append(report)
        if len(rivals) == MAX_RIVALS:
            break
    return rivals


def _answers_alike(candidate: Candidate, top: Report, asked: frozenset[str]) -> bool:
    """Whether a rival is the same kind of value as the answer (a count for a count, not a
    date or an age) and meets the question's constraints as well as it does: the question's
    verb ("killed", not "wounded") and the noun counted, where the answer has them. A figure
    that belongs to another verb of the question meets its verb ("188,000 people were
    evacuated" for "How many people were ordered to evacuate?"), and one that counts no noun
    meets the noun counted when a verb of the question tells what it counts ("more than 200
    were injured")."""
    best = top.candidate
    return (
        candidate.label == best.label
        and _measured_alike(candidate, best)
        and all(
            candidate.feature(name) >= best.feature(name)
            # An age is the person's, written by their name with any verb or none ("The
            # 46-year-old Kim Jong-nam had been living abroad").
            or (name == "predicate_found" and (_meets_a_verb(candidate, asked) or _an_age(best)))
            or (name == "near_head" and candidate.verb in asked)
            for name in _CONSTRAINTS
        )
    )


def _an_age(candidate: Candidate) -> bool:
    """Whether a value is an age as spaCy tags one: a date "46-year-old" or "46"."""
    return candidate.label == "DATE" and is_age(candidate.text)


def _meets_a_verb(candidate: Candidate, verbs: frozenset[str]) -> bool:
    """Whether a figure belongs to a verb of the question, or its sentence writes one
    ("More than 180,000 people have been told to evacuate" for "How many were ordered to
    evacuate?")."""
    sentence = candidate.evidence.annotation.sentences[candidate.index]
    return candidate.verb in verbs or bool(verbs & sentence.lemmas)


def _same_names(report: Report, top: Report) -> bool:
    """Whether a report of another day names what the question names as fully as the
    answer's article does: a development of the same story, not a figure of another one
    that ranked close."""
    return report.candidate.feature("names_found") >= top.candidate.feature("names_found")


def _measured_alike(candidate: Candidate, best: Candidate) -> bool:
    """Whether two values are given at the same precision: a date as a day, a month or a year
    for both ("1986" and "October 18, 1926" date different things), and a quantity in
    the same unit ("40 kilometers" and "less than 500 meters" measure different distances;
    a figure in another unit would need converting before it could be said to differ), and
    an age as an age however it is written ("28", "29-year-old"), written by the names the
    question asks about."""
    if best.label == "DATE":
        if _an_age(best):  # "28" and "29-year-old" are ages, not days of a month;
            # the age of the one asked about is written by their name as fully.
            near = candidate.feature("names_near") >= best.feature("names_near")
            return is_age(candidate.text) and near
        return precision(candidate.text) == precision(best.text)
    if best.label == "QUANTITY":
        return _unit(candidate.text) == _unit(best.text)
    return True


def _unit(value: str) -> str:
    """The unit a quantity is written in: its last word, singular ("kilometers" -> "kilometer")."""
    words = re.findall(r"[^\W\d_]+", value.lower())
    return words[-1].removesuffix("s") if words else ""


_CONSTRAINTS = ("predicate_found", "near_head", "calendar")


def _conflict(report: Report, answer: Report, days: int) -> bool:
    """Whether another outlet gave a different figure within ``days`` of the answer's."""
    a, b = report.date, answer.date
    return (
        bool(report.outlet and answer.outlet and report.outlet != answer.outlet)
        and a is not None
        and b is not None
        and abs((a - b).days) <= days
        and set(report.numbers).isdisjoint(answer.numbers)
    )
