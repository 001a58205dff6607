"""Answer extraction: the short answer (an entity of the expected type) from the best evidence
sentences and their immediate neighbours, and the chance that it is right.

A candidate is an entity whose label the question expects, or a name the text itself calls a
thing of the kind asked about ("the town of al-Bab", whatever spaCy labels it), found in an
evidence sentence or right next to it ("the region's governor said." + "The official, Dmytro
Zhyvytskyi, ..."), and never made of the question's own words. A thing with no name of its
own is answered by the phrase that says which one it is ("a no-confidence vote" for "what
vote"). Each candidate is described by
a few general features (how much of the question its sentence and window hold, how close it
stands to the question's words, whether it sits by the noun asked about, whether the
question's verb is there...), and a logistic model trained on the news dev set
(``benchmarks/train_reader.py``, weights in ``assistant/read/weights.py``) turns them into
the probability that it answers the question.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.dates import before, names_a_day, names_a_time, points_at_a_time
from assistant.language import (
    APPOSITION_END,
    LOST_SPACE,
    NAME_LABELS,
    Mention,
    says,
    small_number,
    stop_words,
)
from assistant.read import weights as trained
from assistant.read.currency import currency_words
from assistant.read.evidence import Evidence, coverage
from assistant.read.question import LENGTH, MONEY, NAMED, NUMBER, PLACE, QUOTE, TIME, QuestionFrame
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
) -> list[Candidate]:
    """Candidate answers from the best ``depth`` evidence sentences, best first. ``copies``
    maps an article to the one it copies: a copy's sentences do not add to the support of
    what the article it copies also says (one report, not corroboration). ``carried`` maps
    an article to how many outlets carry its story: of the sentences giving one answer, read
    nearly as well, the most widely carried is the one cited (unless several answers are
    asked for: they are read from the list in the best one's sentence)."""
    found: dict[str, Candidate] = {}
    cited: dict[str, Candidate] = {}
    carried = {} if carried is None or frame.asks_several else carried

    def reach(candidate: Candidate | None) -> int:
        """How many outlets carry the story of the candidate's article (1: none but its own)."""
        return carried.get(candidate.evidence.article.source, 1) if candidate else 1

    sources: dict[str, set[tuple[str, int]]] = {}
    copies = copies or {}
    names = _names_found(frame, evidence)
    read = _read(frame, evidence, depth, names)
    present = {item.article.source for _, item in read}
    labels = _head_labels(frame, [item for _, item in read])
    for rank, item in read:
        for index in item.neighbours():
            for mention, near_head in _typed_mentions(frame, item, index):
                mention = _without_asked_title(item.article.text, mention, frame)
                text = _whole_words(item.article.text, mention)
                if frame.measured and mention.label == "CARDINAL":
                    # "600 million litres"; for money, only its currency ("700 million euros")
                    text += _unit(item, index, mention, money=frame.expects == MONEY)
                if _is_question_words(text, frame) or _named_in_question(text, mention, frame):
                    continue
                if _supposed(frame, item.article.text, mention):
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
                if reach(candidate) > reach(cited.get(key)):
                    cited[key] = candidate
    pooled = [
        _with_support(_cited_from(c, cited.get(key)), len(sources[key]) or 1)
        for key, c in found.items()
    ]
    ranked = sorted(pooled, key=lambda c: c.score, reverse=True)
    return _of_the_year_asked(frame, _titled_first(frame, ranked))


def _cited_from(best: Candidate, carried: Candidate | None) -> Candidate:
    """The best reading of an answer, cited from ``carried`` (the same answer in the most
    widely carried story) when that is read nearly as well."""
    if carried is None or best.score - carried.score > _SAME_ANSWER_GAP:
        return best
    return replace(
        best, evidence=carried.evidence, index=carried.index, start=carried.start, end=carried.end
    )


def _of_the_year_asked(frame: QuestionFrame, ranked: list[Candidate]) -> list[Candidate]:
    """When a figure is asked for a year the question names ("in 2015-16"), the best
    candidate is written by another year, and a candidate of the same sentence ranked close
    to it is written by that one ("from 97m in 2013-14 to 289m in 2015-16"), that one comes
    first: the text ties each figure to its own year."""
    asked = {name for name in frame.names if _YEAR.fullmatch(name)}
    if not asked or not ranked or not frame.expects & NUMBER or frame.wants_time:
        return ranked
    top = ranked[0]
    if _year_by(top) in asked | {None}:
        return ranked
    same = (
        c
        for c in ranked[1:]
        if c.evidence.article.source == top.evidence.article.source
        and c.index == top.index
        and top.score - c.score <= _CLOSE_GAP
    )
    dated = next((c for c in same if _year_by(c) in asked), None)
    if dated is None:
        return ranked
    return [dated, *(c for c in ranked if c is not dated)]


def _year_by(candidate: Candidate) -> str | None:
    """The year a figure is written for: the one right after it ("97m in 2013-14", "4.5m
    euros in 2016"), else the one that opens its clause ("In 2014, it spent 3.2m")."""
    text = candidate.evidence.article.text
    sentence = candidate.evidence.annotation.sentences[candidate.index]
    after = _YEAR_AFTER.match(text, candidate.end, sentence.end)
    if after:
        return after.group(1)
    before = _YEAR_BEFORE.search(text[sentence.start : candidate.start])
    return before.group(1) if before else None


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
    verb = frame.predicate
    taken: Counter[str] = Counter()
    verbed: set[str] = set()
    read = []
    for rank, item in enumerate(evidence):
        source = item.article.source
        holds_verb = verb is not None and verb in item.sentence.lemmas
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
    predicate_found = has_predicate and frame.predicate in said
    text = _whole_words(item.article.text, mention)
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
        sum(n in window or n in _dated(item) for n in frame.names) / len(frame.names)
        if frame.names
        else 1.0,
        max(missing, default=0.0) / total,
        _echo(text, frame),
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
    typed = [m for m, _ in _typed_mentions(frame, item, top.index)]
    # spaCy's small model labels the names of one list unevenly ("Lyon, Nantes and Rennes":
    # two places and a product): when several answers are asked for, a name listed with one
    # of the kind asked for is listed too.
    several = frame.asks_several
    others = [
        m
        for m in item.mentions_in(top.index)
        if several and m.label in NAME_LABELS and not any(_overlaps(m, t) for t in typed)
    ]
    same = sorted(typed + others, key=lambda m: m.start)
    position = next((i for i, m in enumerate(same) if m.start == top.start), None)
    if position is None:
        return [top.text]
    first = last = position
    while first > 0 and _listed(text[same[first - 1].end : same[first].start]):
        first -= 1
    while last + 1 < len(same) and _listed(text[same[last].end : same[last + 1].start]):
        last += 1
    chain = same[first : last + 1]
    links = [text[a.end : b.start] for a, b in zip(chain, chain[1:], strict=False)]
    if not several and not any(re.search(r"\b(?:and|or)\b", link) for link in links):
        # Names joined by commas alone are not a list but one place and the places that hold
        # it ("Hoover, Alabama"; "Bantva, Gujarat, India"): the one found answers.
        return [top.text]
    # The question's own names may be in the list ("besides the Moscow Group, which two
    # groups"), but are not among its answers.
    listed = [_whole_words(text, m) for m in chain]
    if several and (frame.wanted is None or len(listed) < frame.wanted):
        listed = _unlabelled_first(text, chain[0].start, typed + others) + listed
    return [name for name in listed if not _is_question_words(name, frame)] or [top.text]


def _unlabelled_first(text: str, start: int, mentions: list[Mention]) -> list[str]:
    """The name that opens a list before ``start`` when spaCy labelled the others but not it
    ("Svetlana Savitskaya, Elena Kondakova and Elena Serova"): two or three capitalised words
    and a bare comma."""
    found = _NAME_BEFORE_COMMA.search(text, max(start - _LIST_GAP * 2, 0), start)
    if found is None:
        return []
    name = Mention(found.start(1), found.end(1), "NAME")
    if any(_overlaps(m, name) for m in mentions):
        return []
    return [found.group(1)]


def _listed(between: str) -> bool:
    """Whether the words between two names join them in a list: a bare comma, or "and"/"or"
    perhaps followed by a short description of the next one ("and English broadcaster")."""
    return (
        len(between) <= _LIST_GAP
        and re.search(r"^\s*(,\s*$|,?\s*(and|or)\b)", between) is not None
        and not re.search(r"[.;:!?()\"“”\d]", between)
    )


def _calendar(frame: QuestionFrame, mention: Mention, text: str) -> float:
    if not frame.expects & TIME or mention.label not in TIME or not names_a_time(text):
        return 0.0
    return 1.0 if frame.wants_time else -1.0


def _with_support(candidate: Candidate, sentences: int) -> Candidate:
    features = (*candidate.features[:-1], math.log(sentences))
    return replace(candidate, features=features)


def _over_before(item: Evidence, written: str) -> bool:
    """Whether a time was over before its article was published."""
    published = iso_day(item.article.date)
    return published is not None and before(written, published)


def _dated(item: Evidence) -> frozenset[str]:
    """The article's year of publication, as a word: "the March 2017 landslide" is found in
    an article of 2017 that says "on Saturday"."""
    date = item.article.date or ""
    return frozenset({date[:4]}) if date[:4].isdigit() else frozenset()


def _names_found(frame: QuestionFrame, evidence: list[Evidence]) -> dict[str, float]:
    """Per article, the share of the question's proper nouns it holds anywhere."""
    if not frame.names:
        return {}
    shares = {}
    for item in evidence:
        source = item.article.source
        if source not in shares:
            lemmas = _dated(item).union(*(s.lemmas for s in item.annotation.sentences))
            shares[source] = sum(n in lemmas for n in frame.names) / len(frame.names)
    return shares


def _head_distance(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """Characters between the mention and the nearest writing of the noun asked about in its
    sentence and the ones beside it ("the region's governor said. The official, Dmytro
    Zhyvytskyi, ..."); infinite when the question has no such noun or none is written."""
    if frame.head is None:
        return math.inf
    if _ends_with(item.article.text[mention.start : mention.end], frame.head):
        return 0.0  # the name's own last word says what it is: "John Dobson Street"
    sentences = item.annotation.sentences
    first = sentences[max(index - 1, 0)].start
    text = item.article.text[first : sentences[min(index + 1, len(sentences) - 1)].end].lower()
    return _nearest(text, frame.head, mention.start - first, mention.end - first)


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


def _typed_mentions(frame: QuestionFrame, item: Evidence, index: int) -> list[tuple[Mention, bool]]:
    """Entities of the expected type in a sentence, each with whether it stands by a phrase
    headed by the noun asked about."""
    mentions = item.mentions_in(index)
    phrases = [m for m in mentions if m.label == "NP"]
    # For a count, "41 others" counts what the sentence counted before it (``_counts_as``).
    headed = [
        p
        for p in phrases
        if frame.head is not None
        and (_counts_as(p.root, frame.head) if frame.counted else p.root == frame.head)
    ]
    found = []
    expected = frame.expects or NAMED
    contrasted = _contrasted(frame, item.article.text, mentions)
    more = _unlabelled_names(item.article.text, mentions)
    sentence = item.annotation.sentences[index]
    if expected & {"WORK_OF_ART"}:
        more += _quoted_titles(item.article.text, sentence.start, sentence.end)
    if expected & QUOTE:
        more += _quoted(item.article.text, sentence.start, sentence.end)
    if frame.wants_year:
        more += _years_in_names(item.article.text, mentions)
    for mention in [*mentions, *more]:
        if mention.label in contrasted and mention.verb and mention.verb != frame.predicate:
            continue  # "thirty sailors were killed and 85 were wounded": not 85 for "killed"
        if mention.label == "NP" or _uncapitalised_name(item.article.text, mention):
            continue
        if _holds_a_link(item.article.text, mention) or _posted_at(item.article.text, mention):
            continue
        mention = _whole_person(item.article.text, mention, mentions)
        mention = _named_with_head(item.article.text, mention, headed)
        if _where_it_is(frame, mention, headed):
            continue
        near_head = any(
            _touches(mention, p) and not _quoted_apart(item.article.text, mention, p)
            for p in headed
        )
        if _at_a_place(frame, item.article.text, mention):
            mention = replace(mention, label="FAC")
        elif _based_in(frame, item.article.text, mention):
            mention = replace(mention, label="GPE")
        if mention.label not in expected and not _said_to_be(frame, item.article.text, mention):
            called = _called(frame, item.article.text, mention, headed, phrases)
            if called is None:
                continue
            mention, near_head = called, True
        if not _fits(frame, item, mention, near_head, phrases):
            continue
        # A count of something else ("14 wounded", "three of the four missiles" for "how many
        # people") is not an answer.
        counted = frame.counted
        if (
            counted
            and not near_head
            and _counts_other(item.article.text, mention, phrases, counted)
        ):
            continue
        if counted and _not_a_count_of(frame, item.article.text, mention, counted):
            continue
        if counted and not near_head and _numbers_other(frame, item.article.text, mention):
            continue
        found.append((mention, near_head))
    # A thing with no name of its own is said by the phrase of the noun asked about.
    label = _kind_label(frame)
    if label is not None and headed:
        taken = [m for m, _ in found]
        names = [m for m in [*mentions, *more, *taken] if m.label in NAME_LABELS | {"NAME"}]
        kinds = _kinds_of_head(frame, label, item.article.text, headed, names)
        found += [(m, True) for m in kinds if not any(_overlaps(m, t) for t in taken)]
    return found


def _kind_label(frame: QuestionFrame) -> str | None:
    """The label of a phrase of the noun asked about that answers the question ("KIND" for a
    role or a thing, the expected label for a kind of organisation or building), or None
    when only a name answers: a name is asked for, or a person, a figure or a time, or a
    role the articles mostly write with names (``role_labels``: "which striker")."""
    named_kind = frame.role is None and bool(frame.expects) and frame.expects <= _NAMED_KINDS
    if (
        (frame.role is None and not named_kind)
        or frame.named
        or frame.primary == "PERSON"
        or frame.expects & (NUMBER | TIME)
        or sum(frame.role_labels.values()) >= _KIND_NAMED_SHARE
        or frame.role_labels.get("PERSON", 0.0) >= _KIND_PERSON_SHARE
    ):
        return None
    return min(frame.expects) if named_kind else "KIND"


def _kinds_of_head(
    frame: QuestionFrame, label: str, text: str, headed: list[Mention], names: list[Mention]
) -> list[Mention]:
    """Phrases headed by the noun asked about that say which one it is in words of their own
    ("a no-confidence vote" for "what vote did he survive", "the Tabqa airbase" for "which
    airbase"), labelled ``label`` (``_kind_label``): the answer when the thing asked about
    has no name of its own. Not a phrase a name stands by ("Simon Day, the registered
    treasurer"), one that only describes with the question's own names ("the northeastern
    Paris suburb"), counts ("12 pages") or disagrees in number with the question
    ("top-grossing films" for "which film"). A kind of organisation or building ("which
    channel", "which hotel") is answered by its phrase only when a capitalised word of its
    own names it ("Pink TV channel", "the Killarney Plaza Hotel"; not "a Co Kerry hotel")."""
    named_kind = label != "KIND"
    found = []
    for phrase in headed:
        if any(
            _touches(n, phrase, _KIND_GAP)
            if not _contains(phrase, n)
            else _is_question_words(text[n.start : n.end], frame)
            for n in names
        ):
            continue
        if _NAMED_AFTER.match(text, phrase.end):
            continue  # "the suburb of Garges-les-Gonesse": the name answers
        article = _DETERMINER.match(text, phrase.start, phrase.end)
        start = article.end() if article else phrase.start
        words = _PHRASE_WORD.findall(text[start : phrase.end].lower())
        plural = words[-1:] != [phrase.root]
        if plural != frame.plural or not any(_describes(word, frame) for word in words):
            continue
        places = [n for n in names if n.label in PLACE and _contains(phrase, n)]
        if named_kind and not any(
            _describes(word.group().lower(), frame)
            and word.group()[:1].isupper()
            and not any(p.start <= word.start() < p.end for p in places)
            for word in _PHRASE_WORD.finditer(text, start, phrase.end)
        ):
            continue  # "a Co Kerry hotel": where it is, not which
        found.append(Mention(start, phrase.end, label, phrase.root, phrase.verb))
    return found


def _describes(word: str, frame: QuestionFrame) -> bool:
    """Whether a word of a phrase says something of its own: not a word of the question, a
    function word or a number."""
    return (
        word not in frame.question_words
        and word not in stop_words()
        and not any(ch.isdigit() for ch in word)
        and small_number(word) is None
    )


def _named_with_head(text: str, mention: Mention, headed: list[Mention]) -> Mention:
    """The mention run on to the end of the phrase of the noun asked about that it opens,
    when that noun is written as a word of the name ("St Anne's Church" for "which church",
    where spaCy labels "St Anne's"): the whole name, not a modifier of the noun."""
    holder = _phrase_going_on(mention, headed)
    if holder is None or not _titled(text[mention.end : holder.end]):
        return mention
    return replace(mention, end=holder.end)


def _where_it_is(frame: QuestionFrame, mention: Mention, headed: list[Mention]) -> bool:
    """Whether a place modifies the noun asked about inside its phrase ("a Washington, D.C.,
    think tank", "the Milton Keynes-based company"): it says where the thing is, not what it
    is. Only for a noun the articles say is mostly not a place by the names they write by it
    (not "which air base"), when the question does not ask for a place."""
    if mention.label not in PLACE or frame.expects <= PLACE:
        return False
    places = sum(frame.role_labels.get(label, 0.0) for label in PLACE)
    if not frame.role_labels or places >= _PLACE_ROLE:
        return False  # "the Camp Shorab air base": a noun the articles write places by
    return _phrase_going_on(mention, headed) is not None


def _said_to_be(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether the text says the name is what the question says the answer is: "Sportfreunde
    Lotte are the darlings of this season's competition" for "Which club are the darlings of
    this season's German Cup?", whatever spaCy labels the name."""
    if mention.label not in NAME_LABELS:
        return False
    found = _IS_THE.match(text, mention.end)
    if found is None:
        return False
    stems = {word.lower()[:_STEM] for word in found.groups() if word}
    return any(lemma[:_STEM] in stems for lemma in frame.weights)


def _at_a_place(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether an organisation is written as the place where something is, for a question
    that asks where, with no noun saying what kind of place ("which town" asks for a town):
    "displayed at the Naval Museum", "originally from Tralee" (spaCy's small model labels
    museums, hospitals and small towns as organisations)."""
    if mention.label != "ORG" or frame.expects != PLACE or frame.head is not None:
        return False
    return _AT.search(text[max(mention.start - _AT_CHARS, 0) : mention.start]) is not None


def _whole_person(text: str, mention: Mention, mentions: list[Mention]) -> Mention:
    """A person's name to the end of the noun phrase that holds it, when only capitalised
    words no other entity holds follow it there ("former acting Attorney General Sally
    Yates", where spaCy labels only "Sally"; not "Mrs May", whose "May" it takes for a
    date)."""
    if mention.label != "PERSON":
        return mention
    holder = _phrase_going_on(mention, mentions)
    if holder is None or not _CAPITALISED_WORDS.fullmatch(text, mention.end, holder.end):
        return mention
    after = Mention(mention.end, holder.end, "")
    if any(m.label != "NP" and _overlaps(m, after) for m in mentions):
        return mention
    return replace(mention, end=holder.end)


def full_name(item: Evidence, name: str, before: int) -> tuple[str, int | None]:
    """A person named by one word ("Sharp") as the article wrote them in full ("Michael
    Sharp") at their last mention before ``before``, with the index of the sentence that
    writes it (None when the name stays as it is): news gives the whole name first and the
    surname after it. The whole name is a name of two or three capitalised words, however
    spaCy labels it ("Zaida Catalan" as a nationality), not a title before it ("Rovaniemi
    Mayor Esko Lotvonen")."""
    if " " in name.strip() or not name[:1].isupper():
        return name, None
    text = item.article.text
    whole = [
        m
        for m in item.annotation.mentions
        if m.label in NAME_LABELS
        and m.end <= before
        and _FULL_NAME.fullmatch(text, m.start, m.end)
        and text[m.start : m.end].endswith(f" {name}")
    ]
    if not whole:
        return name, None
    last = max(whole, key=lambda m: m.start)
    index = item.annotation.sentence_at(last.start)
    return " ".join(text[last.start : last.end].split()), index


def _phrase_going_on(mention: Mention, mentions: list[Mention]) -> Mention | None:
    """The noun phrase among ``mentions`` that holds ``mention`` and goes on after it."""
    return next(
        (p for p in mentions if p.label == "NP" and _contains(p, mention) and p.end > mention.end),
        None,
    )


def _based_in(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a name is written as where something is based ("the Milton Keynes-based
    Staske Construction", where spaCy labels the town a person), for a question that asks
    for a place."""
    if mention.label in PLACE or mention.label not in NAME_LABELS or not frame.expects & PLACE:
        return False
    return _BASED.match(text, mention.end) is not None


def _uncapitalised_name(text: str, mention: Mention) -> bool:
    """Whether spaCy labels as a name words with no capital letter or digit ('kicked"?when'
    as a person): English writes names capitalised."""
    if mention.label not in NAME_LABELS:
        return False
    return not any(ch.isupper() or ch.isdigit() for ch in text[mention.start : mention.end])


def _holds_a_link(text: str, mention: Mention) -> bool:
    """Whether a mention holds a web address ("pic.twitter.com/j6QWpLBuQ0", which spaCy may
    label a person), by spaCy's own test of a word that looks like one: never an answer."""
    from spacy.lang.lex_attrs import like_url

    return any(like_url(word) for word in text[mention.start : mention.end].split())


def _counts_other(text: str, mention: Mention, phrases: list[Mention], counted: str) -> bool:
    """Whether a number counts something other than ``counted``: it is written in a phrase
    about another thing ("14 wounded"), or takes a part of one ("three of the four
    missiles"; not "three of them", whose thing is said elsewhere). "41 others" counts what
    the sentence counted before it, which may be what was asked."""
    if any(not _counts_as(p.root, counted) and _contains(p, mention) for p in phrases):
        return True
    of = re.match(r"\s+of\s+", text[mention.end : mention.end + 8])
    if of is None:
        return False
    whole = next((p for p in phrases if p.start == mention.end + of.end()), None)
    return whole is not None and " " in text[whole.start : whole.end] and whole.root != counted


def _not_a_count_of(frame: QuestionFrame, text: str, mention: Mention, counted: str) -> bool:
    """Whether a number, though written by the noun counted, is not a count of it: a
    difference ("eight fewer seats than in 2012", "three more seats"), unless a difference
    is asked for ("how many more people"), or the size of something else ("the 150-seat
    parliament")."""
    after = text[mention.end : mention.end + 40]
    differs = _DIFFERENCE.match(after)
    if differs and differs.group(1).lower() not in frame.question_words:
        return True
    return bool(re.match(rf"-{re.escape(counted[:_STEM])}", after, re.IGNORECASE))


def _numbers_other(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a number is written right before the word it numbers, and that word is
    neither the noun counted nor a word of the question: "three storeys high", "at least 4
    sq m" for "how many homes"; not "50 injured" for "how many were injured", nor "41
    others", which counts what its sentence counted before."""
    word = _word_after(text, mention)
    root = mention.root
    if mention.label != "CARDINAL" or not root or word is None or word in stop_words():
        return False
    if not (word.startswith(root[:_STEM]) or root.startswith(word[:_STEM])):
        return False  # the word after it is not the one it numbers
    asked = [frame.counted or "", *frame.weights, *frame.verbs]
    return root != "other" and not any(w and w[:_STEM] == root[:_STEM] for w in asked)


def _counts_as(root: str, counted: str) -> bool:
    """Whether a phrase headed by ``root`` counts ``counted``: it is headed by it, or by
    "other", which counts what its sentence counted before ("20 people were killed and 41
    others wounded")."""
    return root in (counted, "other")


def _contrasted(frame: QuestionFrame, text: str, mentions: list[Mention]) -> set[str]:
    """Labels of the entities of a sentence that the question's verb governs ("thirty" in
    "thirty sailors were killed" for "how many were killed"): in that sentence an entity of
    the same label tied to another verb ("85 sailors were wounded") does not answer."""
    if frame.predicate is None:
        return set()
    return {
        m.label
        for m in mentions
        if m.verb == frame.predicate
        and m.label in (frame.expects or NAMED)
        and not _is_question_words(_whole_words(text, m), frame)
    }


def _unlabelled_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Noun phrases written as names (capitalised after their article: "a Jet Provost") that
    spaCy's entity recogniser left out, as mentions labelled "NAME"."""
    entities = [m for m in mentions if m.label != "NP"]
    found = []
    for phrase in mentions:
        if phrase.label != "NP" or any(_overlaps(phrase, e) for e in entities):
            continue
        article = _DETERMINER.match(text, phrase.start, phrase.end)
        start = article.end() if article else phrase.start
        if text[start : start + 1].isupper():
            found.append(replace(phrase, start=start, label="NAME"))
    return found


def _quoted_titles(text: str, start: int, end: int) -> list[Mention]:
    """Titles written in double quotes between ``start`` and ``end`` (on "Fox News Sunday",
    the theme song for "Moonlighting"), which spaCy's small model often leaves out or cuts
    up, as works: every word capitalised, so not a quoted remark."""
    return [
        replace(m, label="WORK_OF_ART")
        for m in _quoted(text, start, end, _TITLE_WORDS)
        if _titled(text[m.start : m.end])
    ]


def _quoted(text: str, start: int, end: int, words: int | None = None) -> list[Mention]:
    """Phrases of at most ``words`` words (a few by default) in double quotes between
    ``start`` and ``end`` ("called the whole idea \"mortifying.\""), labelled "QUOTE"."""
    most = words or _QUOTE_WORDS
    return [
        Mention(found.start(1), found.end(1), "QUOTE")
        for found in _QUOTED.finditer(text, start, end)
        if len(found.group(1).split()) <= most
    ]


def _years_in_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """The years written inside names ("the 2003 World Cup", "the 2015 election"), as dates:
    spaCy labels the whole name, and a question asking the year wants the year."""
    return [
        replace(m, start=found.start(), end=found.end(), label="DATE")
        for m in mentions
        if m.label in NAMED
        for found in _YEAR.finditer(text, m.start, m.end)
    ]


def _called(
    frame: QuestionFrame,
    text: str,
    mention: Mention,
    headed: list[Mention],
    phrases: list[Mention],
) -> Mention | None:
    """A name of another label (or of none) that the text itself calls a thing of the kind
    asked about: written after a phrase headed by the noun asked about ("the town of al-Bab",
    "a firm called Bygmalion", "the boat, the Lady Anne") or, when that noun names a role or
    a thing rather than a kind of answer, holding it ("Tversky Court", "a Jet Provost"). It is
    relabelled as the answer the question expects."""
    if frame.head is None or not frame.expects or frame.expects & (NUMBER | TIME):
        return None
    written = text[mention.start : mention.end]
    if mention.label not in NAMED | {"NORP", "NAME"} and not _name_as_date(mention, written):
        return None
    linked = _LINKED if frame.role else _LINKED_KIND
    after = any(linked.fullmatch(text, p.end, mention.start) for p in headed)
    described = _titled(written) and _described_as(text, mention, frame.head)
    if (
        not after
        and not described
        and not (frame.role and _titled(written) and _holds_word(written, frame.role))
    ):
        return None
    label = frame.primary if frame.primary in frame.expects else min(frame.expects)
    if after:
        mention = _whole_apposition(text, mention, phrases)
    return replace(mention, label=label)


def _whole_apposition(text: str, mention: Mention, phrases: list[Mention]) -> Mention:
    """The whole noun phrase a name opens when that phrase is set off as an apposition ("the
    report, Human slaughterhouse, says"): spaCy's small model often labels only the first
    word of a title ("Human")."""
    holder = _phrase_going_on(mention, phrases)
    if (
        holder is None
        or text[holder.start : mention.start].strip(" ,") != ""
        or not _SET_OFF.match(text, holder.end)
    ):
        return mention
    return replace(mention, end=holder.end)


def _name_as_date(mention: Mention, written: str) -> bool:
    """Whether spaCy took a name for a date because of a word in it ("Simon Day"): a "date"
    with no digit that no date parser reads as a time."""
    return mention.label == "DATE" and not re.search(r"\d", written) and not names_a_time(written)


def _titled(written: str) -> bool:
    """Whether every word of a phrase is capitalised, as in a name ("John Dobson Street"),
    not a phrase about one ("the President's address")."""
    words = re.findall(r"[^\W\d_][\w'’-]*", written)
    return bool(words) and all(w[0].isupper() for w in words)


def _holds_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` (or its plural) as a word of its own."""
    return re.search(rf"\b{re.escape(word)}(?:s|es)?\b", text, re.IGNORECASE) is not None


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _fits(
    frame: QuestionFrame, item: Evidence, mention: Mention, near_head: bool, phrases: list[Mention]
) -> bool:
    """Whether an entity of a label the question expects is the kind of answer it asks for."""
    text = item.article.text
    written = text[mention.start : mention.end]
    if frame.counts and not _counts(mention, frame.counts, text, near_head):
        return False
    if frame.measured and mention.label == "CARDINAL" and not any(c.isdigit() for c in written):
        return False  # "how much": "?18,000" (its currency sign lost), never "one"
    if frame.measured and mention.label == "CARDINAL" and _YEARS.fullmatch(written):
        return False  # "how much will it cost": not the "2016-20" of a plan
    if frame.measured and mention.label in MONEY and _converted(text, mention):
        return False  # "700 million euros ($740 million)": the bracket converts the figure
    if frame.expects == MONEY and mention.label == "CARDINAL" and _counts_a_thing(text, mention):
        return False  # "how much does it cost": not "200,000 people" nor "167 pupils"
    if (
        frame.named
        and not near_head
        and not _by_role(frame, item.article.text, mention)
        and not _does_as_asked(frame, text, mention, phrases)
    ):
        return False  # "the name of the boat": a name not written by any boat names none
    if frame.owner is not None and _titled_by(text, mention, frame.owner):
        return False  # "the widow of a taoiseach": not "former taoiseach Charles Haughey"
    if _modifies_role(frame, text, mention):
        return False  # "Social Democratic Party leader Liviu Dragnea": the party leads nothing
    if _formerly(frame, text, mention):
        return False  # "who is the president": not "former president Johann Schneider-Ammann"
    if _role_of_another(frame, text, mention):
        return False  # "the president of PSG": not "the president of the General Council"
    if frame.expects == LENGTH and frame.counted is None and mention.label == "CARDINAL":
        return False  # "how long had it been running": "four years", not "80" alerts
    if frame.wants_year and not _YEAR.search(written):
        return False  # "in what year": "2003", not "more than 13 years"
    if frame.wants_day and not names_a_day(written):
        return False  # "on what date": "February 12, 2017", not "the '80s" or "1968"
    if frame.expects & TIME and frame.expects & NUMBER and points_at_a_time(written):
        return False  # "how old is he", "how long was it closed": not "1974" nor "08:30 GMT"
    if frame.future and frame.wants_time and _over_before(item, written):
        return False  # "when will voters decide": not the "2015" of an article of 2017
    if frame.wants_time and _when_said(frame, mention):
        return False  # "NBC announced on Thursday": when it was said, not when it happens
    if mention.label == "PERSON" and _HONORIFIC.fullmatch(written):
        return False  # "Mrs" of "Mrs May", cut off by spaCy: a title, no one's name
    if frame.primary == "PERSON" and _modifies_noun(text, mention, phrases):
        return False  # "The Yorkshire batsman": a county, whoever spaCy takes it for
    if frame.wants_time and _dates_a_name(frame, text, mention):
        return False  # "when did the Hawker Hunter crash": not "the 1955 Hawker Hunter"
    return not (frame.wants_time and is_age(written))  # "when": not an age


def is_age(written: str) -> bool:
    """Whether a value is an age: a bare "53" or a "52-year-old" (spaCy tags ages as dates)."""
    return (written.isdigit() and len(written) < 4) or _AGE.search(written) is not None


def _when_said(frame: QuestionFrame, mention: Mention) -> bool:
    """Whether a time is that of a statement ("police said on Tuesday") while the question
    asks when something else happened."""
    return (
        mention.label in TIME
        and mention.verb is not None
        and says(mention.verb)
        and not any(says(word) for word in frame.question_words)
    )


def _unit(item: Evidence, index: int, mention: Mention, *, money: bool = False) -> str:
    """The unit a bare figure is measured in, when its noun phrase goes on with it in lower
    case ("600 million litres" of milk, "1,600 sq m" of coral; with ``money``, only a
    currency: "700 million euros"), with the space before it; empty when there is none."""
    text = item.article.text
    if money:
        word = _word_after(text, mention)
        return f" {word}" if word in currency_words() else ""
    for phrase in item.mentions_in(index):
        if phrase.label != "NP" or not phrase.start <= mention.start < mention.end < phrase.end:
            continue
        unit = text[mention.end : phrase.end]
        if _UNIT.fullmatch(unit) and not _SCALE.match(unit):
            return unit
    return ""


def _counts_a_thing(text: str, mention: Mention) -> bool:
    """Whether a number is written before a word in lower case that it counts ("200,000
    people", "28 outlets", "1,600 sq m"), not a word of scale ("700 million") nor of money
    ("700 million euros")."""
    word = _word_after(text, mention)
    if word is None or _SCALE.match(text, mention.end):
        return False
    return word not in currency_words()


def _word_after(text: str, mention: Mention) -> str | None:
    """The word in lower case written right after a figure ("people" of "200,000 people",
    "euros" of "700 million euros"), if any."""
    found = _LOWER_WORD.match(text, mention.end)
    return found.group(1) if found else None


def _converted(text: str, mention: Mention) -> bool:
    """Whether a figure is written in brackets right after another, as its conversion into
    other units ("805 million ($1 billion; 944 million euros)")."""
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    opening = before.rfind("(")
    if opening == -1 or ")" in before[opening:]:
        return False
    inside = before[opening + 1 :].strip()
    if inside and inside[-1] not in ";,":
        return False  # "(up 11.5%)": something said about it, not the same figure again
    return re.search(r"\d[\d.,]*(?:\s+[^\W\d_]+){0,2}\s*$", before[:opening]) is not None


def _dates_a_name(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a time is written as a modifier of a name the question holds ("the 1955
    Hawker Hunter" for a question about the Hawker Hunter): it dates that thing, not what the
    question asks about."""
    after = re.match(r"\s+([A-Z][\w'’-]*)", text[mention.end : mention.end + _NAME_CHARS])
    return after is not None and after.group(1).lower() in frame.names


def _modifies_noun(text: str, mention: Mention, phrases: list[Mention]) -> bool:
    """Whether a name is the modifier of a common noun written right after it, in one noun
    phrase of its sentence (``phrases``): "the Yorkshire batsman", "a Trump administration
    official". It describes that thing rather than standing for someone."""
    if not re.match(r"\s+[a-z]", text[mention.end : mention.end + 2]):
        return False
    return any(p.start <= mention.start and p.end > mention.end for p in phrases)


def _by_role(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether the noun asked about is written in the mention ("Exercise Strong Tower" for
    the name of an exercise) or joined to it as its description: "the boat, the Lady Anne",
    "a boat called Lady Anne", "Lady Anne, the company's boat"; not merely near it ("the
    son told WNEP"). True when the question asks about no such noun."""
    role = frame.role
    if role is None:
        return True
    stem = re.escape(role[:_STEM])
    if re.search(rf"\b{stem}", text[mention.start : mention.end], re.IGNORECASE):
        return True
    return _described_as(text, mention, role)


def _does_as_asked(
    frame: QuestionFrame, text: str, mention: Mention, phrases: list[Mention]
) -> bool:
    """Whether a relative clause on the mention writes one of the question's verbs: "Operation
    Strong Tower which simulated a terrorist firearms attack" for the name of the exercise that
    simulated one, "Ziyed Ben Belgacem, who was shot" for the gunman shot dead."""
    return any(
        p.verb in frame.verbs
        and text[p.start : p.end].lower() in _RELATIVES
        and re.fullmatch(r"\s*,?\s*", text[mention.end : p.start]) is not None
        for p in phrases
        if p.start >= mention.end
    )


def _described_as(text: str, mention: Mention, noun: str) -> bool:
    """Whether ``noun`` is written by the mention as what it is: before it ("British company
    Noble Caledonia", "the intruder, Jonathan Tran") or apposed after it ("Glocom, a
    North Korea-linked company")."""
    stem = re.escape(noun[:_STEM])
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    after = text[mention.end : mention.end + _ROLE_WINDOW]
    return bool(
        # Not a possessive: "the state's Democratic-controlled legislature" is the state's.
        re.search(rf"\b{stem}\w*{_LINKED.pattern}$", before, re.IGNORECASE)
        or re.match(rf"{_APPOSED}{stem}[\w'’-]*{_CLOSING}", after, re.IGNORECASE)
    )


def _titled_by(text: str, mention: Mention, noun: str) -> bool:
    """Whether the mention is written right after ``noun`` as its title ("former taoiseach
    Charles Haughey", "the minister, John Smith")."""
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    stem = re.escape(noun[:_STEM])
    return re.search(rf"\b{stem}[\w'’]*\s*,?\s*$", before, re.IGNORECASE) is not None


def _formerly(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether the mention is titled a former holder of the role asked about ("former
    president of the Swiss Confederation Johann N. Schneider-Ammann", "Tony Blair, the former
    prime minister") when the question does not ask about a former one."""
    role = frame.role
    if role is None or frame.question_words & _FORMER:
        return False
    stem = re.escape(role[:_STEM])
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    after = text[mention.end : mention.end + _ROLE_WINDOW]
    return (
        re.search(
            rf"\b(?:former|ex-)\s*(?:[\w'’-]+\s+){{0,3}}?{stem}[\w'’]*"
            rf"(?:\s+of\s+[^,.;:]{{0,40}}?)?\s*,?\s*$",
            before,
            re.IGNORECASE,
        )
        is not None
        or re.match(
            rf"\s*,\s*(?:a|the)\s+(?:former|ex-)\s*(?:[\w'’-]+\s+){{0,3}}?{stem}",
            after,
            re.IGNORECASE,
        )
        is not None
    )


def _role_of_another(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether the mention is titled with the role asked about as the role of something the
    question does not name, when the question names whose role it asks about ("the
    president of Paris Saint-Germain"): "Stephane Troussel, the president of the General
    Council" and "IDA Ireland's chief executive Martin Shanahan" hold another one. What
    it is the role of is written in capitalised words, none of them the question's."""
    role = frame.role
    if role is None:
        return False
    stem = re.escape(role[:_STEM])
    if not re.search(_WHOSE_ROLE.format(stem=stem), frame.text):
        return False  # "which tourism minister": whose minister is not asked
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    after = text[mention.end : mention.end + _ROLE_WINDOW * 2]
    found = (
        re.match(_ROLE_OF_AFTER.format(stem=stem), after, re.IGNORECASE),
        re.match(_OWNERS_ROLE_AFTER.format(stem=stem), after, re.IGNORECASE),
        re.search(_OWNERS_ROLE_BEFORE.format(stem=stem), before, re.IGNORECASE),
    )
    for owner in (f.group(1) for f in found if f is not None):
        words = _CAPITALISED.findall(_OWNER_END.split(owner)[0])
        capitals = [w for w in words if w not in {"The", "A", "An"}]
        if capitals and not any(_echo(word, frame) == 1.0 for word in capitals):
            return True
    return False


def _modifies_role(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether the mention is written right before the noun asked about, as its modifier
    ("Social Democratic Party leader", "Wolfsburg striker"): it says whose the role is, not
    who holds it."""
    role = frame.role
    if role is None:
        return False
    after = text[mention.end : mention.end + len(role) + 2].lstrip(" -")
    return after.lower().startswith(role[:_STEM])


def _counts(mention: Mention, counted: str, text: str, near_head: bool) -> bool:
    """Whether a number can answer "how many <counted>": a bare count ("about 200"), a
    measure in those very units ("three years" for "how many years"), not "20 kilometers"
    for "how many people", or a figure without a currency sign in a phrase headed by the
    counted noun ("400,000 to 2 million fans", which spaCy takes for money)."""
    written = text[mention.start : mention.end]
    if mention.label == "CARDINAL":
        return True
    if near_head and not any(unicodedata.category(c) == "Sc" for c in written):
        return True
    return counted[:_STEM] in written.lower()


def _proximity(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """Weighted share of the question's words found near the candidate in its sentence:
    each word counts 1 / (1 + distance / _NEAR_CHARS)."""
    sentence = item.annotation.sentences[index]
    text = item.article.text[sentence.start : sentence.end].lower()
    start, end = mention.start - sentence.start, mention.end - sentence.start
    total = sum(frame.weights.values()) or 1.0
    near = 0.0
    for lemma, weight in frame.weights.items():
        if lemma in sentence.lemmas:
            near += weight / (1 + _nearest(text, lemma, start, end) / _NEAR_CHARS)
    return near / total


def _predicate_near(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> float:
    """How close the question's verb is written to the candidate in its sentence ("thirty
    sailors were killed and 85 were wounded": "thirty" for "how many were killed")."""
    sentence = item.annotation.sentences[index]
    if frame.predicate is None or frame.predicate not in sentence.lemmas:
        return 0.0
    text = item.article.text[sentence.start : sentence.end].lower()
    start, end = mention.start - sentence.start, mention.end - sentence.start
    return 1.0 / (1.0 + _nearest(text, frame.predicate, start, end) / _ROLE_CHARS)


def _nearest(text: str, word: str, start: int, end: int) -> float:
    """Characters between ``text[start:end]`` and the nearest writing of ``word`` (its first
    ``_STEM`` letters, so that "killed" is found for "kill") outside it; infinite if none."""
    written = re.escape(word[:_STEM].lower())
    short = _ABBREVIATED.get(word.lower())
    if short is not None:
        written += rf"|{short}\.\s"  # "Sen. Joey Hensley" for "senator"
    distances = [
        max(start - m.end(), m.start() - end, 0)
        for m in re.finditer(rf"\b(?:{written})", text)
        if not (start <= m.start() < end)
    ]
    return float(min(distances, default=math.inf))


def _ends_with(name: str, noun: str) -> bool:
    """Whether a name of several words ends with ``noun`` (its first ``_STEM`` letters), as
    English names end with the kind of thing they name ("Moscow City Court")."""
    words = re.findall(r"[\w'’-]+", name.lower())
    return len(words) > 1 and words[-1].startswith(noun[:_STEM].lower())


def _touches(mention: Mention, phrase: Mention, gap: int = 3) -> bool:
    """Whether the mention is inside the phrase or separated from it by a few characters
    ("the official, Dmytro Zhyvytskyi")."""
    return phrase.start - gap <= mention.end and mention.start <= phrase.end + gap


def _supposed(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a candidate is what only might be ("he could get a third life sentence", "it
    would amount to over $1 billion") while the question asks what is or was: a possibility
    does not answer it. A question that asks what could or will be takes it."""
    if frame.future or frame.question_words & _MODALS:
        return False
    return bool(_MODAL_BEFORE.search(text, max(mention.start - _MODAL_CHARS, 0), mention.start))


def _posted_at(text: str, mention: Mention) -> bool:
    """Whether a mention is the stamp of an embedded post, after its author's handle ("— RTÉ
    News (@rtenews) March 8, 2017", "A post shared by X (@x) on Mar 25, 2017 at 8:38am
    PDT", which spaCy may label anything): when it was posted, not when anything happened."""
    return bool(_POSTED.search(text, max(mention.start - _POSTED_CHARS, 0), mention.start))


def _quoted_apart(text: str, mention: Mention, phrase: Mention) -> bool:
    """Whether a quotation mark stands between the two: one is in a quote, the other in the
    words that report it ("... its captain," Djoko Hartoyo said)."""
    return bool(
        _QUOTES.search(text, min(mention.end, phrase.end), max(mention.start, phrase.start))
    )


def _contains(phrase: Mention, mention: Mention) -> bool:
    return phrase.start <= mention.start and mention.end <= phrase.end


def _echo(text: str, frame: QuestionFrame) -> float:
    """Share of a candidate's words that are words of the question (or share their stem):
    an answer names something the question does not."""
    # Articles and the possessive "s" of "Kim Jong-nam's" are not words of their own.
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in {"the", "a", "an", "s"}]
    if not words:
        return 1.0
    acronym = _acronym(words)
    if acronym and re.search(rf"\b{acronym.upper()}\b", frame.text):
        return 1.0  # "The United States" for a question about the "US"
    if text.isupper() and len(words) == 1 and words[0] in _acronyms_of(frame.text):
        return 1.0  # "SDF" for a question about the "Syrian Democratic Forces"
    asked = frame.question_words
    stems = {w[:_STEM] for w in asked if len(w) >= _STEM}
    echoed = [
        w in asked
        or (w.endswith("s") and w[:-1] in asked)  # "the Polks" for a question about Polk
        or (len(w) >= _STEM and w[:_STEM] in stems)
        for w in words
    ]
    return sum(echoed) / len(words)


@lru_cache(maxsize=64)
def _acronyms_of(question: str) -> frozenset[str]:
    """The initials of every run of two or more capitalised words of a question, lower-cased
    ("Syrian Democratic Forces" -> "sdf", "df", "sd"...), the small words of a name allowed
    inside a run ("Bank of England" -> "boe" and "be")."""
    found = set()
    for run in re.finditer(r"[A-Z][\w'-]*(?:\s+(?:(?:of|and|for)\s+)?[A-Z][\w'-]*)+", question):
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


def _is_question_words(text: str, frame: QuestionFrame) -> bool:
    """Whether every word of a candidate is a word of the question, or shares its first
    ``_STEM`` letters with one ("Japan" for a question about a "Japanese" town)."""
    return _echo(text, frame) == 1.0


def _without_asked_title(text: str, mention: Mention, frame: QuestionFrame) -> Mention:
    """A name without the words of the question spaCy took into it as a title, the role
    asked about among them ("Chicago Police Superintendent Eddie Johnson", labelled an
    organisation, for "Who is the Chicago police superintendent ...?") and a full name after
    them: the answer is the person the title names."""
    if mention.label not in NAME_LABELS or frame.role is None:
        return mention
    words = list(re.finditer(r"\S+", text[mention.start : mention.end]))
    asked = 0
    while asked < len(words) - 1 and _echo(words[asked].group(), frame) == 1.0:
        asked += 1
    titled = any(w.group().lower().startswith(frame.role) for w in words[:asked])
    rest = [w.group() for w in words[asked:]]
    if not titled or len(rest) < 2 or not _titled(" ".join(rest)):
        return mention  # a kind of thing may start its name: "Jet Provost", "Foundation for"
    return replace(mention, start=mention.start + words[asked].start(), label="PERSON")


def _named_in_question(text: str, mention: Mention, frame: QuestionFrame) -> bool:
    """Whether a person is one the question names by surname ("Donald Trump" for a question
    about "the billboard showing Trump"): the answer is someone else."""
    words = text.split()
    return (
        mention.label == "PERSON"
        and len(words) > 1
        and words[-1].lower().strip(_EDGE_PUNCTUATION) in frame.names
    )


def _whole_words(text: str, mention: Mention) -> str:
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
    scale = _SCALE.match(text, end)
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
# Aytekin's"), a dash run into it, or a full stop after a word ("Dick Spring.-"), not the
# full stop of an abbreviation ("U.S.", "St.").
_NAME_TAIL = re.compile(r"(?:['’]s|(?<=[a-z]{2})\.)?[-–—]*$")
# A word in lower case a hyphen joins to a name where the text lost a space ("Article
# 50-earlier today"): names do not end in one (a time may: "29-year-old").
_JOINED_WORD = re.compile(r"[-–][a-z]+$")


def normal_answer(text: str) -> str:
    """An answer's words, lower-cased: two candidates saying the same thing compare equal."""
    return " ".join(re.findall(r"\w+", text.lower()))


_PER_ARTICLE = 2
# A phrase in double quotes (straight or curly), without the punctuation closing it inside.
_QUOTED = re.compile(r"[\"“]([^\"“”]+?)[.,!?]?[\"”]")
_QUOTES = re.compile(r"[\"“”]")
_CAPITAL_JOINED = re.compile(r"-(?=[A-Z][a-z])")
# The handle of an embedded post and the date it was posted, up to the stamp asked about.
_POSTED = re.compile(r"\(@\w+\)\s*(?:on\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}\s+at\s+)?$")
_POSTED_CHARS = 60
# The modal verbs of a possibility (general English), written a few words before a candidate.
_MODALS = frozenset({"could", "would", "might", "may"})
_MODAL_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(_MODALS))})\b(?:\s+[\w'’-]+){{1,3}}\s+$")
_MODAL_CHARS = 50
_DIFFERENCE = re.compile(r"\s+(more|fewer|less)\b", re.IGNORECASE)
# A year written for a figure: right after it, past its unit ("4.5m euros in 2016"), or
# opening its clause with no other figure between ("In 2014, it spent 3.2m").
_A_YEAR = r"(?:1[89]|20)\d\d"
_YEAR_AFTER = re.compile(rf"[\w.%]*(?:\s+[a-z]+){{0,2}}?\s+(?:in|for|during)\s+({_A_YEAR})\b")
_YEAR_BEFORE = re.compile(rf"\b(?:in|for|during)\s+({_A_YEAR})\b[^\d]*$", re.IGNORECASE)
_TITLE_WORDS = 8
_QUOTE_WORDS = 4  # a word or a phrase quoted, not a quoted sentence
# A "KIND" phrase is not taken for a role the articles write with names this often
# (``_kinds_of_head``): in all, or as people's names.
_KIND_NAMED_SHARE = 0.5
_KIND_PERSON_SHARE = 0.3
_KIND_GAP = 4  # characters between a name and a phrase that it stands by ("Day, the")
# A name written right after a phrase that it names: "the suburb of Garges", "a firm called
# Bygmalion" (general English).
_NAMED_AFTER = re.compile(r"\s+(?:of|called|named|known as)\s+[A-Z]")
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
# Words by which a question asks about a former holder of a role (general English).
_FORMER = frozenset({"former", "ex", "previous", "then"})
_ACRONYM_LETTERS = 6  # the longest acronym read as the initials of a name
_PHRASE_WORD = re.compile(r"[\w'-]+")
# Kinds of answer whose phrase may say the name ("the Rossiya-1 television channel"):
# organisations and buildings (the heads of ``question._HEAD_TYPES`` that name them).
_NAMED_KINDS = frozenset({"ORG", "FAC"})
# An article before a phrase, perhaps run into it by a lost space ("the-Killarney Plaza").
_DETERMINER = re.compile(r"(?:(?:a|an|the|another|this|that)(?:\s+|-(?=[A-Z])))?", re.IGNORECASE)
# What joins a name to the phrase that says what it is: "a firm called", "the boat, the", "a
# jet known as" and, after a kind of answer, "the town of" (general English). After a role,
# "of" names whose it is ("the chief of the general staff of Russia"), not who holds it. The
# name may open with a quote ("the organization \"Far Eastern Leopards\"").
_NAMING = "called|named|known as|identified as|dubbed"
_LINKING = r"\s*,?\s*(?:(?:{})\s+)?(?:(?:a|an|the)\s+)?[\"“]?"
_LINKED = re.compile(_LINKING.format(_NAMING), re.IGNORECASE)
_LINKED_KIND = re.compile(_LINKING.format(f"of|{_NAMING}"), re.IGNORECASE)
# ... and a description written after the name: "Lady Anne, the company's boat".
_APPOSED = r"\s*,\s*(?:(?:the|a|an|its|his|her|their)\s+)?(?:[\w'’.-]+\s+){0,3}"
_LOWER_WORD = re.compile(r"[ \t]+([a-z]+)\b")
# A unit written after a figure: one or two words in lower case ("litres", "sq m").
_UNIT = re.compile(r" [a-z]+(?: [a-z]+)?")
_CLOSING = rf"(?={APPOSITION_END})"
# Words written as a name's are (a capital, then lower case; not a headline's capitals).
_FULL_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){1,2}")
# A whole name and a comma, right before a list's next name.
_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w'’.-])({_FULL_NAME.pattern}),\s*$")
_CAPITALISED_WORDS = re.compile(r"(?:[ \t]+[A-Z][a-z][\w'’-]*)+")
_BASED = re.compile(r"[-–]based\b")
_SET_OFF = re.compile(r"\s*[,.;:)]")
_AT_CHARS = 12  # characters before a name searched for "at the", "outside the"
_AT = re.compile(r"\b(?:at|in|from|inside|outside|near)\s+(?:the\s+)?$", re.IGNORECASE)
# "... are the darlings", "... is the new coach": the two words after the article.
_IS_THE = re.compile(
    r"\s+(?:is|are|was|were)\s+(?:the|a|an)\s+([A-Za-z][\w-]*)(?:\s+([A-Za-z][\w-]*))?"
)
# Whose role a question asks about: "the president of Paris Saint-Germain", "Germany's
# head coach" (a name, not "the company's chief executive"). ``{stem}``: the role's.
_WHOSE_ROLE = (
    r"\b(?i:{stem})[\w'’]*\s+(?:of|to|at|for)\s+(?:the\s+)?[A-Z]"
    r"|\b[A-Z][\w'’-]*['’]s\s+(?:[\w'’-]+\s+){{0,3}}(?i:{stem})"
)
# ... and whose role the text gives a name: "Name, the president of X", "Name, X's
# president", "X's chief executive Name" (the owner in group 1).
_ROLE_OF_AFTER = (
    r"\s*,\s*(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?{stem}[\w'’]*\s+(?:of|to|at|for)\s+([^,.;:()]+)"
)
_OWNERS_ROLE = r"((?:[\w'’.-]+\s+){{0,4}}?[\w'’.-]+)['’]s\s+(?:[\w'’-]+\s+){{0,2}}{stem}[\w'’]*"
_OWNERS_ROLE_AFTER = rf"\s*,\s*{_OWNERS_ROLE}\s*[,.;:)]"
_OWNERS_ROLE_BEFORE = rf"{_OWNERS_ROLE}\s*,?\s*$"
# Where an owner's name ends: "the party until April 2016" is the party's.
_OWNER_END = re.compile(r"\s+(?:until|since|from|in|on|at|between|during|who|which|that)\b")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
_RELATIVES = ("who", "which", "that")  # the pronouns that open a relative clause
_ROLE_WINDOW = 60  # characters around a name searched for its description
# The words of scale a figure is written with (general English and news abbreviations).
_SCALE = re.compile(r"\s+(?:thousand|million|billion|trillion|mln|bln|bn|tn)\b", re.IGNORECASE)
# Titles written before a name (general English), which spaCy sometimes takes alone.
_HONORIFIC = re.compile(r"(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|prof)\.?", re.IGNORECASE)
_AGE = re.compile(r"year-old|\baged\b", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")
_YEARS = re.compile(rf"{_A_YEAR}(?:\s*[-–/]\s*\d{{2,4}})?")  # "2016", "2016-20"
_LIST_GAP = 40  # characters between two names of one list, at most
_TITLED = 0.8  # role_near of a role written right by the name ("Judge Peter Lodder")
_TITLED_DEPTH = 5  # how many of the best candidates are looked at for one
# How far below the best (in rank score) a candidate may be to come first for what the text
# writes by it: the role asked about, the year asked about.
_CLOSE_GAP = 1.0
_NAME_CHARS = 40  # characters after a figure searched for the name it modifies
_PLACE_ROLE = 0.5  # share of the names written by a noun that are places, for it to name one
_ROLE_CHARS = 12  # "spokesman Mark Toner", "Mark Toner, the spokesman"
_SAME_ANSWER_GAP = 2.0  # how far below the best reading of an answer the cited one may rank
_STEM = 5  # letters two forms of one word share (Japan/Japanese, Russia/Russian)
_NEAR_CHARS = 40
