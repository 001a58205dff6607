"""The reader: from a question and the retrieved chunks to a short answer with the sentence
that holds it, or a decline that can be trusted.

question analysis (``question``) -> evidence sentences (``evidence``) -> candidate answers and
the decision (``extract``, with the rules of ``mentions``, ``fit``, ``figures`` and
``wording``). Only the question is parsed here; the articles' annotations were computed at
ingest.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from assistant.followup import split_topic
from assistant.language import Annotation, Annotator, lemmas_of
from assistant.lexical import LexicalIndex
from assistant.read.evidence import Evidence, EvidenceWeights, coverage, gather
from assistant.read.extract import Candidate, candidates, confidence, coordinated
from assistant.read.mentions import full_name
from assistant.read.news import News, Report, time_sensitive, weigh
from assistant.read.question import (
    DOER_SHARE,
    NUMBER,
    QuestionFrame,
    analyse,
    doers,
    figure_share,
    role_shares,
)
from assistant.read.withheld import withheld_in
from assistant.read.wording import gives_a_reason, spelled_out
from assistant.settings import ReaderSettings
from assistant.types import Article, Passage, iso_day

__all__ = ["Part", "QuestionFrame", "Reader", "Reading", "Reported"]

_CONFIDENCE_MARGIN = 0.1
"""An answer scoring less than this above the decline threshold carries a warning."""
_TOPIC_WEIGHT = 0.3
_STATEMENT_SHARE = 0.85  # a statement is quoted when it scores this share of the best
# A second statement is the one that adds at least this share of the question's weight.
_REST_SHARE = 0.1
_PLURAL_GAP = 1.0  # a further answer to "which senators" ranks at most this far below the best
_WANTED_GAP = 2.0  # the same for "which two senators", whose answers may be in two sentences
# The share of figures written by a noun from which "what is the X" asks for a figure.
_FIGURE_SHARE = 0.5
# The share of the question's names an answer's article must hold: with less, it is about
# something else.
_NAMES_FOUND = 0.3


@dataclass(frozen=True)
class Reading:
    """What the reader found: the passages to cite (numbered from 1), the short answer, and
    whether it declines. A decline may still cite what the articles do say."""

    abstained: bool
    short_answer: str | None = None
    passages: list[Passage] = field(default_factory=list)
    confident: bool = True
    """False when the reader answers but is unsure: its short answer is within
    ``_CONFIDENCE_MARGIN`` of being declined (what the weak-evidence warning follows)."""
    short_marker: int = 1
    """The passage (numbered from 1) that holds the short answer."""
    as_of: dt.date | None = None
    """For a time-sensitive question answered from several dated reports: the newest date."""
    earlier: list[Reported] = field(default_factory=list)
    """Values earlier reports gave (after ``as_of``), oldest first."""
    other_days: list[Reported] = field(default_factory=list)
    """For a question that asks for no date: values reports of other days gave, oldest
    first."""
    conflicts: list[Reported] = field(default_factory=list)
    """The answer and the values other outlets gave the same days, when they differ."""
    claim: str | None = None
    """What the values are of, in the question's words ("people killed")."""
    parts: tuple[Part, ...] = ()
    """For a question that asks two things ("…, and what was the turnout?"): each part as
    answered (``assistant.read.compound``)."""


@dataclass(frozen=True)
class Part:
    """One part of a compound question as read: its fact and the passage (numbered from 1)
    that holds it; no fact when it was answered by quoted statements or declined."""

    question: str
    value: str | None
    marker: int | None
    declined: bool
    phrase: str | None = None
    """What sets the part apart when it asks of one of two coordinated phrases ("in
    Galway"): the answer names it with the part's fact."""


@dataclass(frozen=True)
class Reported:
    """A value one article gives, with the passage (numbered from 1) that gives it."""

    value: str
    marker: int
    outlet: str | None
    date: dt.date | None
    attributed_to: str | None = None
    """Whom the article credits with the value ("police"), if its sentence says."""


class Reader:
    """Reads evidence for a question; weights come from the settings' composition root."""

    def __init__(
        self,
        annotator: Annotator,
        lexical: LexicalIndex,
        settings: ReaderSettings,
        *,
        evidence_weights: EvidenceWeights | None = None,
        max_statements: int = 2,
    ) -> None:
        self._annotator = annotator
        self._lexical = lexical
        self._settings = settings
        self._evidence_weights = evidence_weights or EvidenceWeights()
        self._max_statements = max_statements

    def analyse(self, question: str) -> QuestionFrame:
        """The question's frame: one spaCy pass over the question. A topic carried from
        earlier turns ("How old is he? (Kyiv)") helps find the story but is not required of
        the answer's sentence: its words weigh ``_TOPIC_WEIGHT`` of their idf."""
        asked, topic = split_topic(question)
        frame = analyse(self._annotator.parse(asked), self._lexical.idf)
        if frame.measure is not None and self.figure_share(frame.measure) >= _FIGURE_SHARE:
            # "What was the turnout": the articles write a figure by it, of these labels.
            frame = frame.as_figure(self._lexical.role_labels(frame.measure))
        if frame.head is None and frame.primary == "PERSON" and frame.predicate:
            doer = self._doer(frame.predicate)
            if doer is not None:
                frame = replace(frame, head=doer)  # "Who leads the Greens?": the leader
        if frame.role is not None:
            frame = replace(frame, role_labels=self.role_labels(frame.role))
            if frame.primary is None and frame.asks_for_people:
                frame = replace(frame, primary="PERSON")  # "which Uber executive": a person
        if not topic:
            return frame
        extra = [t for t in lemmas_of(self._annotator.parse(topic)) if t not in frame.weights]
        weights = {**frame.weights, **{t: _TOPIC_WEIGHT * self._lexical.idf(t) for t in extra}}
        return replace(frame, lemmas=frame.lemmas + tuple(extra), weights=weights)

    def _doer(self, verb: str) -> str | None:
        """The noun of the one who does what ``verb`` says ("lead": "leader", "own":
        "owner", "chair": "chairman"), when the articles write people's names by it; the one
        they write most."""
        nouns = [
            noun for noun in doers(verb) if self.role_labels(noun).get("PERSON", 0.0) >= DOER_SHARE
        ]
        return max(nouns, key=self._lexical.document_frequency, default=None)

    def role_labels(self, role: str) -> dict[str, float]:
        """What the articles write by the noun ``role``: each entity label's share of the
        names it introduces ("spokesman": mostly PERSON), shrunk when they write few."""
        counts = self._lexical.role_labels(role)
        return role_shares(Counter({k: n for k, n in counts.items() if k not in NUMBER}))

    def figure_share(self, noun: str) -> float:
        """The share of what the articles write by ``noun`` that is its value, a figure ("a
        turnout of 81 percent"), rather than a name."""
        return figure_share(self._lexical.role_labels(noun))

    def unknown_names(
        self, frame: QuestionFrame, articles: Mapping[str, tuple[Article, Annotation]] | None = None
    ) -> list[str]:
        """Proper nouns of the question that no article uses, in its text or its title; an
        acronym is known when one of ``articles`` writes out what it stands for ("HUD": "the
        Department of Housing and Urban Development"), and a name of several words when the
        articles write its initials ("PSG" for "Paris Saint-Germain")."""
        by_initials = {
            name
            for initials, names in frame.initials
            if self._lexical.document_frequency(initials)
            for name in names
        }
        return [
            name
            for name in frame.names
            if not self._lexical.document_frequency(name)
            and not self._lexical.titled(name)
            and name not in by_initials
            and not any(
                spelled_out(name, frame.text, article.text)
                for article, _ in (articles or {}).values()
            )
        ]

    def read(
        self,
        frame: QuestionFrame,
        chunks: list[Passage],
        articles: dict[str, tuple[Article, Annotation]],
        copies: Mapping[str, str] | None = None,
        carried: Mapping[str, int] | None = None,
    ) -> Reading:
        """Read the evidence in ``chunks``; ``copies`` maps an article to the one it copies
        (their agreement is not corroboration), ``carried`` an article to how many outlets
        carry its story (among articles giving one answer, the most widely carried is cited)."""
        evidence = gather(frame, chunks, articles, self._evidence_weights)
        if not evidence or self.unknown_names(frame, articles):
            return Reading(abstained=True)
        best = evidence[0]
        limits = self._settings
        if frame.wants_phrase:
            newest = time_sensitive(frame.text)
            found = candidates(frame, evidence, copies=copies, carried=carried, newest=newest)
            sure = confidence(frame, found) if found and not _elsewhere(frame, found[0]) else 0.0
            withheld = withheld_in(frame, found[0]) if found else None
            if withheld is not None:
                return Reading(abstained=True, passages=[withheld])
            if sure >= limits.min_answer:
                return self._answer(frame, found, sure)
            return self._decline(best)
        if frame.reason:
            evidence = _reasons_first(frame, evidence)
            if not evidence:
                return self._decline(best)
        top = evidence[0]
        if top.score >= limits.min_statement and top.window >= limits.min_window:
            return self._statements(frame, evidence, timely=time_sensitive(frame.text))
        return self._decline(best)

    def _answer(self, frame: QuestionFrame, found: list[Candidate], sure: float) -> Reading:
        several = frame.wanted is not None and frame.wanted > 1
        # "Between which two years": the answers are listed together, not rival reports.
        timely = time_sensitive(frame.text)
        asked = frozenset(frame.verbs) | frame.predicates
        news = None if several else weigh(found, timely=timely, asked=asked)
        top = news.answer.candidate if news else found[0]
        names = [top.text]
        if not news and not frame.expects & NUMBER:
            names = coordinated(frame, top)  # "Edward Dean and Richard Dimbleby"
            top, names = _listed_as_wanted(frame, top, names, found)
        if frame.plural and not news and (frame.wanted is None or len(names) < frame.wanted):
            # Several answers asked for: the other candidates of the same sentence that rank
            # close to it ("England, Portugal and Spain" beside "Belgium and the Netherlands").
            names += [
                c.text
                for c in found[1:]
                if c.evidence.article.source == top.evidence.article.source
                and c.index == top.index
                and top.score - c.score <= _PLURAL_GAP
            ]
        item = top.evidence
        more = _more_of(frame, top, found, names) if not news else []
        names += [c.text for c in more]
        written = []  # the sentences that write a surname's whole name ("Michael Sharp")
        if frame.primary == "PERSON" or top.label == "PERSON":
            whole = [full_name(item, name, top.end) for name in names]
            names = [name for name, _ in whole]
            written = [index for _, index in whole if index is not None]
        # The candidate's sentence, and the evidence sentence beside it when that is where
        # the question's words are: each its own passage, in the article's order.
        indices = sorted({top.index, item.index, *(c.index for c in more), *written})
        reading = Reading(
            abstained=False,
            short_answer=_join(names),
            short_marker=indices.index(top.index) + 1,
            passages=[item.passage(i, i, sure) for i in indices],
            confident=sure >= self._settings.min_answer + _CONFIDENCE_MARGIN,
        )
        return _with_news(reading, news, frame) if news else reading

    def _statements(
        self, frame: QuestionFrame, evidence: list[Evidence], *, timely: bool = False
    ) -> Reading:
        """The best sentence and the one of its article that holds most of what it lacks of
        the question (``_covering_the_rest``), else the best sentences; for a time-sensitive
        question ("Is he still in custody?"), the newest article's among those nearly as good
        come first, and the answer is dated."""
        best = evidence[0].score
        close = [e for e in evidence if e.score >= best * _STATEMENT_SHARE]
        as_of = None
        if timely:
            newest = max((d for e in close if (d := iso_day(e.article.date))), default=None)
            if newest is not None:
                close.sort(key=lambda e: iso_day(e.article.date) != newest)  # stable
                as_of = newest
        picked = close[: self._max_statements]
        more = _covering_the_rest(frame, close[0], evidence) if not timely else None
        if more is not None and self._max_statements > 1:
            picked = [close[0], more]
        chosen = [e.passage(e.index, e.index, e.score) for e in picked]
        return Reading(abstained=False, passages=chosen, as_of=as_of)

    def _decline(self, best: Evidence) -> Reading:
        """Decline; cite the closest sentence when it is about the question's topic."""
        if best.window >= self._settings.near_miss:
            return Reading(
                abstained=True,
                passages=[best.passage(best.index, best.index, best.score)],
            )
        return Reading(abstained=True)


def _reasons_first(frame: QuestionFrame, evidence: list[Evidence]) -> list[Evidence]:
    """For a question asking why, the sentences that give a reason first, when one scores
    nearly as well as the best; for one asking for a cause ("what caused"), only those."""
    giving: list[Evidence] = []
    rest: list[Evidence] = []
    for item in evidence:
        (giving if gives_a_reason(item.written(item.index)) else rest).append(item)
    if frame.cause:
        return giving
    if giving and giving[0].score >= evidence[0].score * _STATEMENT_SHARE:
        return giving + rest
    return evidence


def _elsewhere(frame: QuestionFrame, top: Candidate) -> bool:
    """Whether the best answer comes from an article that holds few of the names the
    question asks about, or none ("Judith Permar's son" answered from an obituary of someone
    else): whatever it names, it is not about what was asked."""
    return bool(frame.names) and top.feature("names_found") < _NAMES_FOUND


def _with_news(reading: Reading, news: News, frame: QuestionFrame) -> Reading:
    """The reading with the other reports of its figure, each sentence a passage of its own."""
    passages = list(reading.passages)

    def cite(report: Report) -> Reported:
        item = report.candidate.evidence
        passages.append(item.passage(report.candidate.index, report.candidate.index, 0.0))
        return Reported(
            report.value, len(passages), report.outlet, report.date, report.attributed_to
        )

    earlier = [cite(r) for r in news.earlier]
    other_days = [cite(r) for r in news.other_days]
    conflicts = []
    if news.conflicting:
        top = news.answer
        conflicts = [
            Reported(top.value, reading.short_marker, top.outlet, top.date, top.attributed_to)
        ]
        conflicts += [cite(r) for r in news.conflicting]
    return replace(
        reading,
        passages=passages,
        as_of=news.as_of,
        earlier=earlier,
        other_days=other_days,
        conflicts=conflicts,
        claim=" ".join(w for w in (frame.predicate, frame.counted or frame.head) if w) or None,
    )


def _covering_the_rest(
    frame: QuestionFrame, best: Evidence, evidence: list[Evidence]
) -> Evidence | None:
    """The evidence sentence of the best one's article that holds the largest share of the
    question's weight the best one lacks ("A coroner's report said she died from ...", after
    the story's opening sentence for "What did the coroner say killed the woman ..."), when
    that share is at least ``_REST_SHARE``."""
    said = best.sentence.lemmas
    before = coverage(frame.weights, said)
    found, gain = None, 0.0
    for item in evidence[1:]:
        if item.article.source != best.article.source:
            continue
        added = coverage(frame.weights, said | item.sentence.lemmas) - before
        if added > gain:
            found, gain = item, added
    return found if gain >= _REST_SHARE else None


def _listed_as_wanted(
    frame: QuestionFrame, top: Candidate, names: list[str], found: list[Candidate]
) -> tuple[Candidate, list[str]]:
    """When the question says how many answers it wants ("which two countries") and the best
    candidate is not written in a list of that many, a candidate ranked close to it that is
    ("visits to Japan and South Korea") answers with its list, when all in it are candidates of
    one kind: the text names them together."""
    if frame.wanted is None or frame.wanted < 2 or len(names) == frame.wanted:
        return top, names
    for candidate in found[1:]:
        if top.score - candidate.score > _WANTED_GAP:
            break
        listed = coordinated(frame, candidate)
        kinds = {c.label for c in found if c.text in listed}
        if len(listed) == frame.wanted and kinds == {candidate.label}:
            return candidate, listed
    return top, names


def _more_of(
    frame: QuestionFrame, top: Candidate, found: list[Candidate], names: list[str]
) -> list[Candidate]:
    """When the question says how many answers it wants ("which two players") and the
    answer's sentence gives fewer, the next best candidates of the same kind and article,
    until there are as many."""
    if frame.wanted is None or len(names) >= frame.wanted:
        return []
    source = top.evidence.article.source
    chosen: list[Candidate] = []
    taken = [" ".join(n.split()).lower() for n in names]
    for candidate in found[1:]:
        if len(names) + len(chosen) >= frame.wanted:
            break
        text = " ".join(candidate.text.split()).lower()
        if top.score - candidate.score > _WANTED_GAP:
            break
        if (
            candidate.label != top.label
            or candidate.evidence.article.source != source
            or any(text in t or t in text for t in taken)
        ):
            continue
        chosen.append(candidate)
        taken.append(text)
    return chosen


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(" ".join(n.split()) for n in names))
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
