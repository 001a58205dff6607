"""Answer extraction: the short answer (an entity of the expected type) from the best evidence
sentences and their immediate neighbours, and the chance that it is right.

A candidate is a mention of the kind asked for (``mentions``) found in an evidence sentence
or right next to it ("the region's governor said." + "The official, Dmytro Zhyvytskyi,
..."), and never made of the question's own words. Each candidate is described by a few
general features (how much of the question its sentence and window hold, how close it
stands to the question's words, whether it sits by the noun asked about, whether the
question's verb is there...), and a logistic model trained on the news dev set
(``benchmarks/train_reader.py``, weights in ``assistant/read/weights.py``) turns them into
the probability that it answers the question.

The rules live in modules with one job each: which mentions of a sentence are candidates
(``mentions``), whether one is the kind of answer asked for (``fit``), what a figure counts,
its unit and its year (``figures``), and a candidate's written form (``wording``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from assistant.dates import names_a_time, points_at_a_time
from assistant.language import NAME_LABELS, Mention, opening_case
from assistant.read import weights as trained
from assistant.read.evidence import Evidence, coverage
from assistant.read.figures import unit, year_by
from assistant.read.mentions import FULL_NAME, supposed, typed_mentions
from assistant.read.question import MONEY, NUMBER, TIME, QuestionFrame
from assistant.read.wording import (
    a_date_taken_for_a_name,
    echo,
    ends_with,
    is_question_words,
    named_in_question,
    names_the_role,
    nearest,
    normal_answer,
    overlaps,
    surname_asked,
    whole_words,
    without_asked_title,
)
from assistant.types import iso_day

FEATURES = (
    "bias",
    "evidence_own",  # share of the question's weight in the evidence sentence
    "evidence_window",  # ... in it and its neighbours
    "similarity",  # dense similarity of the chunk to the question
    "evidence_rank",  # 1 / (1 + rank of the evidence sentence)
    "in_evidence",  # the candidate stands in the evidence sentence itself
    "candidate_own",  # share of the question's weight in the candidate's own sentence
    "proximity",  # how close it stands to the question's words
    "near_head",  # inside or beside a phrase headed by the noun asked about
    "role_near",  # how close the noun asked about is written ("spokesman Mark Toner")
    "role_missing",  # a role is asked about ("the governor") and not written by it
    "label_fit",  # share of the entities written by that noun in the evidence with its label
    "governed",  # depends on a word of the question ("said", "governor", "won")
    "primary",  # has the preferred label (a person for "who")
    "predicate_found",  # the question's main verb is in its sentence or the evidence
    "predicate_near",  # how close that verb is written to it ("thirty were killed")
    "predicate_missing",  # the question has a main verb and neither sentence holds it
    "names_found",  # share of the question's proper nouns the article holds
    "names_near",  # ... that the candidate's window holds
    "rarest_missing",  # weight share of the rarest question word its window lacks
    "echo",  # share of its words that are the question's ("Social Democratic Party")
    "lower_case",  # written in lower case ("one", "the ministry"): rarely a name
    "has_digit",  # holds a digit: a specific figure or date rather than "several weeks"
    "calendar",  # +1: a time asked for and the candidate points at one ("Feb. 3", not "3
    # days"); -1: a length or an age asked for and it points at a time ("1974" for "how old")
    "role_prior",  # share of the names the corpus writes by the role asked about with its label
    "support",  # log of how many evidence sentences it was found from
)
ACCEPTANCE = ("bias", "share", "lead", *FEATURES[1:])
_ALONE_LEAD = 5.0  # the lead of a candidate with no rival


@dataclass(frozen=True)
class Candidate:
    text: str
    features: tuple[float, ...]
    evidence: Evidence
    index: int
    """The sentence (index into the article's sentences) that holds the candidate."""
    start: int
    end: int
    """Where the candidate is written in its article."""
    label: str
    """Its entity label (CARDINAL, DATE, PERSON...)."""
    verb: str = ""
    """The lemma of the verb it belongs to ("evacuate" for "188,000 people were
    evacuated"), empty when there is none."""

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]

    @property
    def score(self) -> float:
        """How the trained ranking model rates the candidate against the others."""
        return _dot(self.features, trained.RANK)


def confidence(frame: QuestionFrame, found: list[Candidate]) -> float:
    """The probability, by the trained acceptance model, that the best candidate is right:
    from its features, its share of the candidates' softmax and its lead over the next."""
    return probability(acceptance_features(frame, found), trained.ACCEPT)


def acceptance_features(frame: QuestionFrame, found: list[Candidate]) -> tuple[float, ...]:
    """What the acceptance model sees (``ACCEPTANCE`` order). When several answers are asked
    for ("which three cities"), the names listed with the best one are answers with it, not
    its rivals ("St. Petersburg, Moscow and Kazan")."""
    if frame.asks_several:
        listed = {normal_answer(name) for name in coordinated(frame, found[0])}
        found = found[:1] + [c for c in found[1:] if normal_answer(c.text) not in listed]
    scores = [c.score for c in found]
    best = scores[0]
    share = 1.0 / sum(math.exp(max(s - best, -30.0)) for s in scores)
    lead = best - scores[1] if len(scores) > 1 else _ALONE_LEAD
    return (1.0, share, min(lead, _ALONE_LEAD), *found[0].features[1:])


def probability(features: Sequence[float], weights: Sequence[float]) -> float:
    z = _dot(features, weights)
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _dot(features: Sequence[float], weights: Sequence[float]) -> float:
    return sum(f * w for f, w in zip(features, weights, strict=True))


def candidates(
    frame: QuestionFrame,
    evidence: list[Evidence],
    depth: int = 15,
    copies: Mapping[str, str] | None = None,
    carried: Mapping[str, int] | None = None,
    newest: bool = False,
) -> list[Candidate]:
    """Candidate answers from the best ``depth`` evidence sentences, best first. ``copies``
    maps an article to the one it copies: a copy's sentences do not add to the support of
    what the article it copies also says (one report, not corroboration). ``carried`` maps
    an article to how many outlets carry its story: of the sentences giving one answer, read
    nearly as well, the most widely carried is the one cited (unless several answers are
    asked for: they are read from the list in the best one's sentence). ``newest``: the
    question asks for the newest news, so the newest report giving an answer is the one cited
    instead (it says the answer still stood on its day)."""
    found: dict[str, Candidate] = {}
    cited: dict[str, Candidate] = {}
    carried = {} if carried is None or frame.asks_several else carried

    def reach(candidate: Candidate | None) -> tuple[dt.date, int]:
        """How new the candidate's article is, when that counts, and how many outlets carry
        its story (1: none but its own)."""
        if candidate is None:
            return dt.date.min, 1
        article = candidate.evidence.article
        day = (iso_day(article.date) or dt.date.min) if newest else dt.date.min
        return day, carried.get(article.source, 1)

    sources: dict[str, set[tuple[str, int]]] = {}
    copies = copies or {}
    names = _names_found(frame, evidence)
    read = _read(frame, evidence, depth, names)
    present = {item.article.source for _, item in read}
    labels = _head_labels(frame, [item for _, item in read])
    for rank, item in read:
        for index in item.neighbours():
            named = _names_written(frame, item, index)
            for mention, near_head in typed_mentions(frame, item, index):
                mention = without_asked_title(item.article.text, mention, frame)
                text = whole_words(item.article.text, mention)
                if mention.label in NUMBER:
                    # As written inside a sentence: "At least 75" opening one is "at least 75".
                    text = opening_case(text, capital=False)
                if frame.measured and mention.label == "CARDINAL":
                    if _COMPOUNDED.fullmatch(text):
                        continue  # "an 11-rose bunch", "a 100-bed hospital": no amount
                    # "600 million litres"; for money, only its currency ("700 million euros")
                    text += unit(item, index, mention, money=frame.expects == MONEY)
                if is_question_words(text, frame) or named_in_question(text, mention, frame):
                    continue
                if names_the_role(text, mention, frame) or a_date_taken_for_a_name(text, mention):
                    continue
                if supposed(frame, item.article.text, mention):
                    continue
                if _listed_with_the_asked(frame, item.article.text, named, mention):
                    continue
                key = normal_answer(text)
                support = sources.setdefault(key, set())
                if copies.get(item.article.source) not in present:
                    support.add((item.article.source, index))
                features = _features(frame, item, rank, index, mention, near_head, names, labels)
                candidate = Candidate(
                    text,
                    features,
                    item,
                    index,
                    mention.start,
                    mention.end,
                    mention.label,
                    mention.verb,
                )
                if key not in found or candidate.score > found[key].score:
                    found[key] = candidate
                if reach(candidate) > reach(cited.get(key)) and (
                    not newest or _reads_as_well(candidate, found[key])
                ):
                    cited[key] = candidate
    pooled = [
        _with_support(_cited_from(c, cited.get(key)), len(sources[key]) or 1)
        for key, c in found.items()
    ]
    ranked = sorted(pooled, key=lambda c: c.score, reverse=True)
    ranked = _of_the_year_asked(frame, _titled_first(frame, ranked))
    return _by_the_asked_preposition(frame, _of_the_verb_asked(frame, ranked))


def _of_the_verb_asked(frame: QuestionFrame, ranked: list[Candidate]) -> list[Candidate]:
    """When a figure is asked with a verb ("What is it valued at?") and the best candidate's
    sentence writes no verb of the question, nor is it tied to one, one of the same article
    ranked close to it that the text ties to that verb ("valued at $100 million") comes
    first."""
    if not ranked or not frame.predicates or not frame.expects & NUMBER:
        return ranked
    top = ranked[0]
    if not top.feature("predicate_missing") or top.verb in frame.verbs:
        return ranked  # "have been killed" for "how many does the army think have been killed"
    return _close_first(ranked, lambda c: c.verb in frame.predicates, sentence=False)


def _reads_as_well(candidate: Candidate, best: Candidate) -> bool:
    """Whether a reading of an answer meets the question's constraints as well as its best
    reading: the question's verb, the noun asked about and its names ("six Muslim-majority
    countries" again, not "two" of something else)."""
    return all(candidate.feature(name) >= best.feature(name) for name in _AS_WELL)


def _cited_from(best: Candidate, carried: Candidate | None) -> Candidate:
    """The best reading of an answer, cited from ``carried`` (the same answer in the most
    widely carried story) when that is read nearly as well."""
    if carried is None or best.score - carried.score > _SAME_ANSWER_GAP:
        return best
    return replace(
        best, evidence=carried.evidence, index=carried.index, start=carried.start, end=carried.end
    )


def _of_the_year_asked(frame: QuestionFrame, ranked: list[Candidate]) -> list[Candidate]:
    """When a figure is asked for a year the question names ("in 2015-16"), the candidates
    the text writes for another year are not answers: "from 97m in 2013-14 to 289m in
    2015-16", "28 million passengers last year" (in an article of 2017) for 2015, "turnout
    was 86.3 percent in 2012" for March 2017. The text ties each figure to its own year."""
    asked = frame.years
    if not asked or not frame.expects & NUMBER or frame.wants_time:
        return ranked
    return [c for c in ranked if _year_of(c) in {*asked, None}]


def _by_the_asked_preposition(frame: QuestionFrame, ranked: list[Candidate]) -> list[Candidate]:
    """When a time is asked for with a preposition ("Until what date", "Since when"), the
    best candidate is not written after it, and a candidate of the same sentence ranked
    close to it is ("opened on March 15 and will last until September 16"), that one comes
    first: the preposition says which of the sentence's times is asked about."""
    asked = _ASKED_PREPOSITION.match(frame.text)
    if asked is None or not ranked or not frame.wants_time:
        return ranked
    before = re.compile(rf"\b{asked.group(1)}\s+(?:the\s+)?$", re.IGNORECASE)

    def written_after(candidate: Candidate) -> bool:
        text = candidate.evidence.article.text
        start = candidate.start
        return before.search(text, max(start - _PREPOSITION_CHARS, 0), start) is not None

    if written_after(ranked[0]):
        return ranked
    return _close_first(ranked, written_after)


def _close_first(
    ranked: list[Candidate], chosen: Callable[[Candidate], bool], *, sentence: bool = True
) -> list[Candidate]:
    """``ranked`` with the first ``chosen`` candidate of the best one's sentence (with
    ``sentence`` false, of its article), ranked within ``_CLOSE_GAP`` of it, put first: the
    text itself says it is the one asked about."""
    top = ranked[0]
    same = (
        c
        for c in ranked[1:]
        if c.evidence.article.source == top.evidence.article.source
        and (c.index == top.index or not sentence)
        and top.score - c.score <= _CLOSE_GAP
    )
    found = next((c for c in same if chosen(c)), None)
    if found is None:
        return ranked
    return [found, *(c for c in ranked if c is not found)]


def _year_of(candidate: Candidate) -> str | None:
    """The year a candidate figure is written for (``figures.year_by``)."""
    sentence = candidate.evidence.annotation.sentences[candidate.index]
    published = iso_day(candidate.evidence.article.date)
    return year_by(
        candidate.evidence.article.text, sentence, candidate.start, candidate.end, published
    )


def _titled_first(frame: QuestionFrame, ranked: list[Candidate]) -> list[Candidate]:
    """When the question asks for a role ("which judge") and one of the best candidates,
    ranked close to the best, is written with it ("Judge Peter Lodder"), that one comes
    first, the text saying who holds the role, if the best has the role written nowhere near
    it; or written near it but neither as its title nor beside it, when the titled one stands
    among as many of the question's names ("Milwaukee Mayor Tom Barrett" before "Donald
    Trump" of a sentence about the mayor)."""
    if frame.role is None or not ranked:
        return ranked
    top = ranked[0]
    unnamed = bool(top.feature("role_missing"))
    if not unnamed and (top.feature("near_head") or top.feature("role_near") >= _TITLED):
        return ranked
    best = [c for c in ranked[:_TITLED_DEPTH] if top.score - c.score <= _CLOSE_GAP]
    titled = next(
        (
            c
            for c in best
            if c.feature("role_near") >= _TITLED
            and (unnamed or c.feature("names_near") >= top.feature("names_near"))
        ),
        None,
    )
    if titled is None:
        return ranked
    return [titled, *(c for c in ranked if c is not titled)]


def _read(
    frame: QuestionFrame, evidence: list[Evidence], depth: int, names: Mapping[str, float]
) -> list[tuple[int, Evidence]]:
    """The evidence sentences candidates are taken from, with their ranks: the ``depth``
    best, and the best ``_PER_ARTICLE`` of every article, so that each report's own figure
    is read even when other articles' sentences fill the top; the best sentence of each
    article that writes the question's verb ("At least 250 others were wounded", which
    shares no other word with "How many people were wounded in the shrine bombing?"); and
    the other reports of a count (``_other_counts``). ``names``: the share of the
    question's names each article holds (``_names_found``)."""
    verbs = frame.predicates
    taken: Counter[str] = Counter()
    verbed: set[str] = set()
    read = []
    for rank, item in enumerate(evidence):
        source = item.article.source
        holds_verb = bool(verbs & item.sentence.lemmas)
        if rank < depth or taken[source] < _PER_ARTICLE or (holds_verb and source not in verbed):
            read.append((rank, item))
        if holds_verb:
            verbed.add(source)
        taken[source] += 1
    return _other_counts(frame, evidence, read, names)


def _other_counts(
    frame: QuestionFrame,
    evidence: list[Evidence],
    read: list[tuple[int, Evidence]],
    names: Mapping[str, float],
) -> list[tuple[int, Evidence]]:
    """When a sentence read gives a number of the noun counted, ``read`` with the best such
    sentence of every other article that holds each name of the question ("more than
    20,000 homes are without electricity" beside "30,000 homes were without power"): its
    own report of the figure, to be compared. A count no sentence read gives is not looked
    for further down: a low-ranked number of the noun is rarely the one asked about."""
    counted = frame.counts
    counting = {item.article.source for _, item in read if _gives_a_number_of(item, counted)}
    if not counting:
        return read
    whole = {source for source, share in names.items() if share == 1.0}
    taken = {rank for rank, _ in read}
    more = []
    for rank, item in enumerate(evidence):
        source = item.article.source
        if rank in taken or source in counting or (frame.names and source not in whole):
            continue
        if _gives_a_number_of(item, counted):
            more.append((rank, item))
            counting.add(source)
    return sorted(read + more, key=lambda pair: pair[0])


def _gives_a_number_of(item: Evidence, counted: str | None) -> bool:
    """Whether the sentence gives a number of ``counted`` ("20,000 homes")."""
    if counted is None or counted not in item.sentence.lemmas:
        return False
    return any(m.label == "CARDINAL" and m.root == counted for m in item.mentions_in(item.index))


def _features(
    frame: QuestionFrame,
    item: Evidence,
    rank: int,
    index: int,
    mention: Mention,
    near_head: bool,
    names: dict[str, float],
    labels: Counter[str],
) -> tuple[float, ...]:
    sentences = item.annotation.sentences
    said = item.sentence.lemmas | sentences[index].lemmas
    window = said.union(*(sentences[i].lemmas for i in item.neighbours()))
    total = sum(frame.weights.values()) or 1.0
    missing = [w for lemma, w in frame.weights.items() if lemma not in window]
    has_predicate = frame.predicate is not None
    predicate_found = bool(frame.predicates & said)
    text = whole_words(item.article.text, mention)
    distance = _head_distance(frame, item, index, mention)
    return (
        1.0,
        item.own,
        item.window,
        item.similarity,
        1.0 / (1 + rank),
        float(index == item.index),
        coverage(frame.weights, sentences[index].lemmas),
        _proximity(frame, item, index, mention),
        float(near_head),
        1.0 / (1.0 + distance / _ROLE_CHARS),
        float(frame.role is not None and math.isinf(distance)),
        labels[mention.label] / sum(labels.values()) if labels else 0.0,
        float(mention.root in frame.weights or mention.root == frame.head),
        float(frame.primary is not None and mention.label == frame.primary),
        float(predicate_found),
        _predicate_near(frame, item, index, mention),
        float(has_predicate and not predicate_found),
        names.get(item.article.source, 1.0),
        len(names_held(frame, window | _dated(item))) / len(frame.names) if frame.names else 1.0,
        max(missing, default=0.0) / total,
        echo(text, frame),
        float(text[:1].islower()),
        float(any(ch.isdigit() for ch in text)),
        _calendar(frame, mention, text),
        frame.role_labels.get(mention.label, 0.0),
        0.0,
    )


def coordinated(frame: QuestionFrame, top: Candidate) -> list[str]:
    """The answers written in a list with ``top`` in its sentence ("found by Edward Dean and
    broadcaster Richard Dimbleby", "Moscow, Sochi and Kazan"), in the article's order: the
    text says they answer together. Just ``top`` when it stands alone."""
    item = top.evidence
    text = item.article.text
    typed = [m for m, _ in typed_mentions(frame, item, top.index)]
    # spaCy's small model labels the names of one list unevenly ("Lyon, Nantes and Rennes":
    # two places and a product): when several answers are asked for, a name listed with one
    # of the kind asked for is listed too.
    several = frame.asks_several
    others = [
        m
        for m in item.mentions_in(top.index)
        if several and m.label in NAME_LABELS and not any(overlaps(m, t) for t in typed)
    ]
    same = sorted(typed + others, key=lambda m: m.start)
    position = next((i for i, m in enumerate(same) if m.start == top.start), None)
    if position is None:
        return [top.text]
    first = last = position
    times = top.label in TIME
    while first > 0 and _listed(text[same[first - 1].end : same[first].start], times):
        first -= 1
    while last + 1 < len(same) and _listed(text[same[last].end : same[last + 1].start], times):
        last += 1
    chain = same[first : last + 1]
    links = [text[a.end : b.start] for a, b in zip(chain, chain[1:], strict=False)]
    if not several and not any(re.search(r"\b(?:and|or)\b", link) for link in links):
        # Names joined by commas alone are not a list but one place and the places that hold
        # it ("Hoover, Alabama"; "Bantva, Gujarat, India"): the one found answers.
        return [top.text]
    # The question's own names may be in the list ("besides the Moscow Group, which two
    # groups"), but are not among its answers.
    listed = [whole_words(text, m) for m in chain]
    if several and (frame.wanted is None or len(listed) < frame.wanted):
        listed = _unlabelled_first(text, chain[0].start, typed + others) + listed
    return [name for name in listed if not is_question_words(name, frame)] or [top.text]


def _unlabelled_first(text: str, start: int, mentions: list[Mention]) -> list[str]:
    """The name that opens a list before ``start`` when spaCy labelled the others but not it
    ("Svetlana Savitskaya, Elena Kondakova and Elena Serova"): two or three capitalised words
    and a bare comma."""
    found = _NAME_BEFORE_COMMA.search(text, max(start - _LIST_GAP * 2, 0), start)
    if found is None:
        return []
    name = Mention(found.start(1), found.end(1), "NAME")
    if any(overlaps(m, name) for m in mentions):
        return []
    return [found.group(1)]


def _listed_with_the_asked(
    frame: QuestionFrame, text: str, names: Sequence[Mention], mention: Mention
) -> bool:
    """Whether a name is listed with a name the question gives ("Bruce Springsteen, Ringo
    Starr, Questlove, Slash, Mick Jagger and others remembered Berry", asked who died,
    "prompting tributes from Bruce Springsteen, Ringo Starr and Mick Jagger"): one of those
    the question already names, not the one it asks for. ``names`` are the sentence's names
    in the order written."""
    if mention.label not in NAME_LABELS or not frame.names:
        return False
    at = next((i for i, m in enumerate(names) if m.start <= mention.start < m.end), None)
    if at is None:
        return False
    # A list of three or more, joined by bare commas and "and" ("Boyette and his alleged
    # accomplice Mary Rice" pairs two people; it does not list them as alike).
    chain = [at]
    for step in (-1, 1):
        i = at
        while 0 <= i + step < len(names):
            first, second = sorted((names[i], names[i + step]), key=lambda m: m.start)
            if _BARE_LIST.fullmatch(text[first.end : second.start]) is None:
                break
            i += step
            chain.append(i)
    return len(chain) >= _LONG_LIST and any(
        surname_asked(text[names[i].start : names[i].end], frame) for i in chain if i != at
    )


def _names_written(frame: QuestionFrame, item: Evidence, index: int) -> list[Mention]:
    """The names of a sentence in the order written, when the question names anyone (only
    then can one of them be listed with a name it gives)."""
    if not frame.names:
        return []
    named = (m for m in item.mentions_in(index) if m.label in NAME_LABELS)
    return sorted(named, key=lambda m: m.start)


_BARE_LIST = re.compile(r"\s*(?:,|,? and)\s*")
_LONG_LIST = 3


def _listed(between: str, times: bool = False) -> bool:
    """Whether the words between two names join them in a list: a bare comma, or "and"/"or"
    perhaps followed by a short description of the next one ("and English broadcaster").
    Two times (``times``) are listed only by the word that joins them and a preposition
    ("on March 15 and on April 2"): "opened on March 15 and will last until September 16"
    gives two times of two things."""
    if times:
        return _TIMES_LISTED.fullmatch(between) is not None
    return (
        len(between) <= _LIST_GAP
        and re.search(r"^\s*(,\s*$|,?\s*(and|or)\b)", between) is not None
        and not re.search(r"[.;:!?()\"“”\d]", between)
        and len(between.split()) <= _LIST_WORDS
    )


def _calendar(frame: QuestionFrame, mention: Mention, text: str) -> float:
    if not frame.expects & TIME or mention.label not in TIME or not names_a_time(text):
        return 0.0
    if frame.wants_time:
        return 1.0
    # A length or an age asked for: a bare "42" ("Kim Jong-nam, 42,") is one, not a time.
    return -1.0 if points_at_a_time(text) else 0.0


def _with_support(candidate: Candidate, sentences: int) -> Candidate:
    features = (*candidate.features[:-1], math.log(sentences))
    return replace(candidate, features=features)


def _dated(item: Evidence) -> frozenset[str]:
    """The article's year of publication, as a word: "the March 2017 landslide" is found in
    an article of 2017 that says "on Saturday"."""
    date = item.article.date or ""
    return frozenset({date[:4]}) if date[:4].isdigit() else frozenset()


def names_held(frame: QuestionFrame, lemmas: AbstractSet[str]) -> set[str]:
    """The question's names among ``lemmas``, a name of several words also held by its
    initials ("PSG" for "Paris Saint-Germain")."""
    held = {n for n in frame.names if n in lemmas}
    for initials, names in frame.initials:
        if initials in lemmas:
            held |= names
    return held


def _names_found(frame: QuestionFrame, evidence: list[Evidence]) -> dict[str, float]:
    """Per article, the share of the question's proper nouns it holds anywhere."""
    if not frame.names:
        return {}
    shares = {}
    for item in evidence:
        source = item.article.source
        if source not in shares:
            lemmas = _dated(item).union(*(s.lemmas for s in item.annotation.sentences))
            shares[source] = len(names_held(frame, lemmas)) / len(frame.names)
    return shares


def _head_distance(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """Characters between the mention and the nearest writing of the noun asked about in its
    sentence and the ones beside it ("the region's governor said. The official, Dmytro
    Zhyvytskyi, ..."); infinite when the question has no such noun or none is written."""
    if frame.head is None:
        return math.inf
    if ends_with(item.article.text[mention.start : mention.end], frame.head):
        return 0.0  # the name's own last word says what it is: "John Dobson Street"
    sentences = item.annotation.sentences
    first = sentences[max(index - 1, 0)].start
    text = item.article.text[first : sentences[min(index + 1, len(sentences) - 1)].end].lower()
    return nearest(text, frame.head, mention.start - first, mention.end - first)


def _head_labels(frame: QuestionFrame, evidence: list[Evidence]) -> Counter[str]:
    """Labels of the entities written right by the noun asked about anywhere in the evidence:
    what kind of thing a "senator" or an "auction house" is, learnt from the articles."""
    labels: Counter[str] = Counter()
    if frame.head is None:
        return labels
    seen: set[tuple[str, int]] = set()
    for item in evidence:
        for index in item.neighbours():
            if (item.article.source, index) in seen:
                continue
            seen.add((item.article.source, index))
            for mention in item.mentions_in(index):
                if (
                    mention.label != "NP"
                    and _head_distance(frame, item, index, mention) <= _ROLE_CHARS
                ):
                    labels[mention.label] += 1
    return labels


def _proximity(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """Weighted share of the question's words found near the candidate in its sentence:
    each word counts 1 / (1 + distance / _NEAR_CHARS)."""
    sentence = item.annotation.sentences[index]
    text = item.written(index).lower()
    start, end = mention.start - sentence.start, mention.end - sentence.start
    total = sum(frame.weights.values()) or 1.0
    near = 0.0
    for lemma, weight in frame.weights.items():
        if lemma in sentence.lemmas:
            near += weight / (1 + nearest(text, lemma, start, end) / _NEAR_CHARS)
    return near / total


def _predicate_near(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """How close the question's verb is written to the candidate in its sentence ("thirty
    sailors were killed and 85 were wounded": "thirty" for "how many were killed")."""
    sentence = item.annotation.sentences[index]
    written = frame.predicates & sentence.lemmas
    if not written:
        return 0.0
    text = item.written(index).lower()
    start, end = mention.start - sentence.start, mention.end - sentence.start
    distance = min(nearest(text, verb, start, end) for verb in written)
    return 1.0 / (1.0 + distance / _ROLE_CHARS)


_PER_ARTICLE = 2
# A whole name and a comma, right before a list's next name.
_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w'’.-])({FULL_NAME.pattern}),\s*$")
# A time asked for with a preposition: "Until what date", "Since when", "By which year".
_ASKED_PREPOSITION = re.compile(
    r"\s*(until|till|since|by|before|after|from)\s+(?:what|which|when)\b", re.IGNORECASE
)
_PREPOSITION_CHARS = 16  # characters before a time searched for the preposition asked
_TIMES_LISTED = re.compile(r"\s*(?:,|,?\s*(?:and|or))\s+(?:(?:on|in|at|by|from)\s+)?")
# A number joined by a hyphen to a word in lower case: a modifier ("11-rose"), not a figure.
_COMPOUNDED = re.compile(r"[\d.,]+-[a-z][a-z-]*")
_LIST_GAP = 40  # characters between two names of one list, at most
# Words between them at most: "and" with a short description of the next ("and English
# broadcaster"), not a clause ("and a Russian soldier broke into").
_LIST_WORDS = 4
_TITLED = 0.8  # role_near of a role written right by the name ("Judge Peter Lodder")
_TITLED_DEPTH = 5  # how many of the best candidates are looked at for one
# How far below the best (in rank score) a candidate may be to come first for what the text
# writes by it: the role asked about, the year asked about.
_CLOSE_GAP = 1.0
_ROLE_CHARS = 12  # "spokesman Mark Toner", "Mark Toner, the spokesman"
_AS_WELL = ("predicate_found", "near_head", "names_found")
_SAME_ANSWER_GAP = 2.0  # how far below the best reading of an answer the cited one may rank
_NEAR_CHARS = 40
