"""Offline follow-up rewriting from spaCy's parse: pronouns and ellipsis resolved to entities
of the earlier turns.

"How much did he announce?" after "Who visited Kyiv on Thursday?" (answered "Antony Blinken
[1]. ...") becomes "How much did Antony Blinken announce? (Kyiv; Thursday)": a third-person
pronoun is replaced by the latest entity of a fitting kind (a person for he/she, not one the
articles write with the other pronoun; a place for "there"; anything else for it/they),
taken from the previous answer first, then the previous question; the previous question's
entities are carried after the question so that retrieval stays on the same story. A
question with no verb ("And in Cork?", "What about Germany?") takes the previous question,
with the entity of the same kind replaced.

The previous question is read as it was rewritten in its turn, so a pronoun two turns on
still finds the person the first answer named, and the topic carried grows with the
conversation. "There" becomes "in <place>". A noun pointed at ("that company") is the
previous answer when the previous question asked with that noun, else the previous
question's phrase with that noun ("that raid": "the January 29 raid"), else the earlier
turns' entity of the kind the noun names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.cite import strip_markers
from assistant.dates import year_from
from assistant.language import WH_TAGS, asking_word, says
from assistant.pronouns import contradicts
from assistant.types import Turn

if TYPE_CHECKING:  # the reader imports this module's topics
    from assistant.read.question import QuestionFrame

Parse = Callable[[str], Any]
Kinds = Callable[[str], Mapping[str, float]]
"""A role noun -> the share of the names the articles write by it with each entity label."""
Genders = Callable[[str], Counter[str]]
"""A person's name -> how often the articles write them "he" (Masc) and "she" (Fem)."""
# The share of a role's names one label must have to be what the role usually is.
_USUAL = 0.5
"""A spaCy pipeline call: text -> Doc."""

# How many turns before the previous one are read to make it stand alone again.
_READ_BACK = 3
_TOPIC = re.compile(r"\s\(([^()]*)\)\s*$")
_PLACE = frozenset({"GPE", "LOC", "FAC"})
_PEOPLE = frozenset({"PERSON"})
# What "they" may be besides a plural noun: an organisation or a nationality's people.
_GROUPS = frozenset({"ORG", "NORP"})
# Dates and figures are not what "it" or "they" refer to.
_FIGURES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


@dataclass(frozen=True)
class _Entity:
    text: str
    label: str
    plural: bool = False
    """Whether its head noun is plural ("the ministers"): what "they" and "them" point at."""


def needs_context(doc: Any) -> bool:
    """Whether a parsed question leans on earlier turns: a third-person pronoun, "there", a
    demonstrative before a noun ("that meeting"), no verb at all, or nothing named ("Which
    judge made the award?")."""
    return bool(_references(doc)) or _demonstrative(doc) or not _has_verb(doc) or not _named(doc)


def _demonstrative(doc: Any) -> bool:
    """Whether a noun is pointed at with "that", "this", "these" or "those" ("Which senator
    was also in that meeting?"): it is the one the earlier turns spoke of."""
    return any(_points_at_a_noun(t) for t in doc)


def _points_at_a_noun(token: Any) -> bool:
    """Whether ``token`` is "that", "this", "these" or "those" before its noun, which is not a
    time ("this year", "that week": a time, not a referent)."""
    return (
        token.dep_ == "det"
        and "Dem" in token.morph.get("PronType")
        and token.head.pos_ == "NOUN"
        and token.head.i > token.i
        and token.head.ent_type_ not in _FIGURES
    )


def split_topic(standalone: str) -> tuple[str, str | None]:
    """A rewritten question and the topic carried after it: "How old is he? (Kyiv)" ->
    ("How old is he?", "Kyiv")."""
    match = _TOPIC.search(standalone)
    if not match:
        return standalone, None
    return standalone[: match.start()].rstrip(), match.group(1)


def _named(doc: Any) -> bool:
    return bool(doc.ents) or any(t.pos_ == "PROPN" for t in doc)


def rewrite_followup(
    question: str,
    history: list[Turn],
    *,
    parse: Parse,
    kinds: Kinds | None = None,
    genders: Genders | None = None,
) -> str:
    """``question`` made to stand alone, given the earlier turns (oldest first). ``kinds``
    gives the labels the articles write by a role noun (``Reader.role_labels``): the answer
    to "which star" is a person when the corpus's stars are. ``genders`` gives the pronouns
    the articles write a person with: "he" is not someone they write as "she"."""
    if not history:
        return question
    doc = parse(question)
    if not needs_context(doc):
        return question
    previous = history[-1]
    # The previous question as it was read: its own pronouns resolved from the turns before
    # it ("How old is he?" after "Who won the primary?" was asked of the winner).
    earlier_turns = history[-1 - _READ_BACK : -1]  # bounded: a long chat stays fast
    asked_before, topic_before = split_topic(
        rewrite_followup(
            previous.question, earlier_turns, parse=parse, kinds=kinds, genders=genders
        )
    )
    previous_question = parse(asked_before)
    # What the last answer found comes first. A person is then looked for in the rest of the
    # answer before the question (answers name who did it); anything else in the question
    # first (it names the story).
    from assistant.read.question import NUMBER, TIME, analyse  # the reader imports this module

    frame = analyse(previous_question, lambda lemma: 1.0)
    found = _short_answer(previous, frame, parse, kinds)
    # The short answer as its question labelled it stands for itself in the answer's text:
    # "Mayfield Garda Station", which spaCy takes for a person there, is the place "where".
    answered = {e.text for e in found}
    answer_entities = [
        e for e in _entities(parse(_answer_text(previous.answer))) if e.text not in answered
    ]
    asked = _entities(previous_question)
    # The answer to "where" or "when" is a circumstance of what the question was about: "it"
    # after "Where was the diamond found?" is the diamond, and "there" is the answer.
    about = [] if _asks_circumstance(previous_question) else found
    # The thing the question asked for: what "they" may be ("the people"), and what "it" may
    # be when no answer named it ("the charity"), unless a figure or a time ("what share").
    thing = _asked_thing(previous_question)
    plural = [e for e in thing if e.plural]
    single = [] if frame.expects & (NUMBER | TIME) else [e for e in thing if not e.plural]
    candidates = _Referents(
        answer=found,
        groups=plural + found + asked + answer_entities,
        people=found + answer_entities + asked,
        things=about + single + asked + answer_entities,
        places=found + asked + answer_entities,
    )
    if not _has_verb(doc) and not _references(doc):
        return _elliptical(doc, previous_question)
    named_by = _demonstratives(doc, candidates, frame.head, kinds, previous_question)
    rewritten = _resolve(doc, candidates, named_by, genders)
    carried = _entities(previous_question, phrases=False) or _entities(previous_question)
    earlier = topic_before.split("; ") if topic_before else []
    named = [*(e.text for e in carried), *earlier]
    topic = list(dict.fromkeys(t for t in named if t not in rewritten))
    return f"{rewritten} ({'; '.join(topic)})" if topic else rewritten


def _references(doc: Any) -> list[Any]:
    """Third-person personal pronouns (by spaCy's morphology), the adverb "there", and the
    "one" of "that one" / "this one"."""
    found = []
    for token in doc:
        morph = token.morph
        if token.pos_ == "PRON" and "Prs" in morph.get("PronType") and "3" in morph.get("Person"):
            # Not "it is raining" (nothing is referred to), nor the "it" of "did he say it?".
            if token.dep_ != "expl" and not _said(token):
                found.append(token)
        elif (token.lower_ == "there" and token.dep_ == "advmod") or _demonstrative_one(token):
            found.append(token)
    return found


def _said(token: Any) -> bool:
    """Whether a pronoun is what someone said ("did he say it?"): a statement, not a thing
    the earlier turns named."""
    return token.dep_ == "dobj" and says(token.head.lower_)


def _demonstrative_one(token: Any) -> bool:
    """The "one" of "that one" / "this one", which points back like "it"."""
    before = token.nbor(-1) if token.i > 0 else None
    return (
        token.lower_ == "one"
        and before is not None
        and before.lower_ in {"that", "this"}
        and "Dem" in before.morph.get("PronType")
    )


def _has_verb(doc: Any) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in doc)


@dataclass(frozen=True)
class _Referents:
    """What a pronoun may stand for, in the order each kind of pronoun prefers."""

    answer: list[_Entity]
    """The previous answer's short answer, what "that one" points at first."""
    groups: list[_Entity]
    """What "they" may stand for: first the plural thing the question asked about ("How many
    people were arrested?"), then what was found and named."""
    people: list[_Entity]
    things: list[_Entity]
    places: list[_Entity]


def _demonstratives(
    doc: Any,
    candidates: _Referents,
    asked: str | None,
    kinds: Kinds | None,
    previous: Any | None = None,
) -> dict[int, tuple[int, str]]:
    """The nouns pointed at with "that" or "this" that an earlier turn named: "that company"
    is the company the last question asked about (its answer); else the phrase of the
    ``previous`` question with that noun ("that raid": "the January 29 raid"); else the
    entity of the earlier turns of the kind the articles write by "company" (an
    organisation). Maps the first token of each phrase to (the index after its noun, the
    name)."""
    found: dict[int, tuple[int, str]] = {}
    for token in filter(_points_at_a_noun, doc):
        noun = token.head
        lemma = noun.lemma_.lower()
        name = None
        if lemma == asked and candidates.answer:
            name = candidates.answer[0].text  # "Which company ...?" -> "that company"
        elif previous is not None and (phrase := _phrase_of(previous, lemma)) is not None:
            name = phrase
        else:
            labels = _labels_of(lemma, kinds)
            pool = candidates.places + candidates.people + candidates.things
            name = next((c.text for c in pool if c.label in labels), None)
        if name is not None:
            found[token.i] = (noun.i + 1, name)
    return found


def _phrase_of(question: Any, lemma: str) -> str | None:
    """The noun phrase of ``question`` headed by ``lemma`` when it says more than the noun
    ("the Ukrainian branch of the bank" for "that branch"), as "the ..." when the question
    asked which one it was ("Which Russian bank's branch" -> "the Russian bank's branch")."""
    for chunk in question.noun_chunks:
        if chunk.root.lemma_.lower() != lemma or len(chunk) < 2:
            continue
        if chunk[0].tag_ in WH_TAGS:
            rest = chunk.doc[chunk.start + 1 : chunk.end]
            return f"the {rest.text}" if len(rest) > 1 else None
        return chunk.text
    return None


def _labels_of(noun: str, kinds: Kinds | None) -> frozenset[str]:
    """The entity labels a noun names: by the head table of question analysis ("company":
    an organisation), else by what the articles mostly write by it."""
    from assistant.read.question import NAMED, NUMBER, kinds_of  # the reader imports this

    labels = kinds_of(noun)
    if labels and labels not in (NAMED, NUMBER):  # a kind of thing, not "any name" or a figure
        return labels
    shares = kinds(noun) if kinds is not None else {}
    usual = max(shares, key=lambda label: shares[label], default=None)
    return frozenset({usual}) if usual is not None and shares[usual] >= _USUAL else frozenset()


def _resolve(
    doc: Any,
    candidates: _Referents,
    named_by: dict[int, tuple[int, str]] | None = None,
    genders: Genders | None = None,
) -> str:
    references = {t.i for t in _references(doc)}
    named_by = named_by or {}
    pieces = []
    used: set[str] = set()
    skip_to = 0
    for token in doc:
        if token.i < skip_to:
            continue
        if token.i in named_by:
            skip_to, name = named_by[token.i]
            last = doc[skip_to - 1]
            possessive = skip_to < len(doc) and doc[skip_to].tag_ == "POS"
            pieces.append(name + ("" if possessive else last.whitespace_))
            used.add(name)
            continue
        replacement = _referent(token, candidates, genders) if token.i in references else None
        if replacement in used:
            replacement = None  # "did he give his interview": named once, then "his"
        if replacement is None:
            pieces.append(token.text_with_ws)
            continue
        possessive = "Yes" in token.morph.get("Poss")
        text = _possessive(replacement) if possessive else replacement
        if token.lower_ == "there" and (token.i == 0 or token.nbor(-1).pos_ != "ADP"):
            text = f"in {text}"  # "voters there" -> "voters in Maine" (not "from in Maine")
        if _demonstrative_one(token):
            pieces.pop()  # "that one" -> "Cyclone Yasi"
        pieces.append(text + token.whitespace_)
        used.add(replacement)
    return "".join(pieces)


def _possessive(phrase: str) -> str:
    """ "the darlings" -> "the darlings'", "Lotte" -> "Lotte's": a plural in -s takes only
    the apostrophe ("James" is written "James's", as a name ending in -s is in news)."""
    last = phrase.split()[-1] if phrase.split() else phrase
    plural = last.islower() and last.endswith("s") and not last.endswith("ss")
    return phrase + ("'" if plural else "'s")


def _referent(token: Any, candidates: _Referents, genders: Genders | None = None) -> str | None:
    """The first candidate of the kind a pronoun refers to."""
    if _demonstrative_one(token) and candidates.answer:
        return candidates.answer[0].text  # "that one": what was just answered
    gender = next((g for g in token.morph.get("Gender") if g in {"Masc", "Fem"}), None)
    if gender is not None:
        # "he" or "she": one person, not a people ("Crimean Tatars", tagged as a plural),
        # and not one the articles write with the other pronoun.
        people = (
            c.text
            for c in candidates.people
            if c.label in _PEOPLE
            and not c.plural
            and (genders is None or not contradicts(genders(c.text), gender))
        )
        return next(people, None)
    if token.lower_ == "there":
        return next((c.text for c in candidates.places if c.label in _PLACE), None)
    if "Plur" in token.morph.get("Number"):
        # "they": the group the last turn answered ("A Tribe Called Quest"), else a plural
        # thing, else a group; never one person or a place.
        answered = (c.text for c in candidates.answer if c.label in _GROUPS)
        plural = (c.text for c in candidates.groups if c.plural)
        group = (c.text for c in candidates.groups if c.label in _GROUPS)
        return next(answered, next(plural, next(group, None)))
    unfit = _PEOPLE | _FIGURES
    return next((c.text for c in candidates.things if c.label not in unfit), None)


def _elliptical(doc: Any, previous: Any) -> str:
    """ "And in Cork?" after "How many jobs will the firm create in Dublin?" -> the previous
    question with Dublin replaced by Cork (or with Cork added when nothing is of its kind)."""
    new = _entities(doc)
    if not new:
        return f"{previous.text} ({doc.text.strip(' ?')})"
    text = previous.text
    for entity in new:
        same = next((e for e in _entities(previous) if _kind(e.label) == _kind(entity.label)), None)
        if same is not None:
            # "And the year before?" after a question about 2016 asks about 2015.
            shifted = year_from(entity.text, same.text) if same.label == "DATE" else None
            text = text.replace(same.text, shifted or entity.text)
        else:
            text = f"{text.rstrip('?')} ({entity.text})?"
    return text


def _asks_circumstance(doc: Any) -> bool:
    """Whether a question asks where or when something happened."""
    wh = asking_word(doc)
    return wh is not None and wh.lower_ in {"where", "when"}


def _kind(label: str) -> str:
    return "place" if label in _PLACE else label


def _entities(doc: Any, *, phrases: bool = True) -> list[_Entity]:
    """Named entities, then (with ``phrases``) the noun phrases that are not pronouns."""
    found = [
        _Entity(e.text, e.label_, _is_plural(e.root)) for e in doc.ents if e.label_ != "ORDINAL"
    ]
    if not phrases:
        return found
    seen = {e.text for e in found}
    for chunk in doc.noun_chunks:
        asks = any(t.tag_ in WH_TAGS for t in chunk)
        # A phrase headed by an entity is that entity ("Kyiv"); one that only holds one is
        # not ("the 709-carat diamond").
        named = bool(chunk.root.ent_type_) and _overlaps(chunk.text, seen)
        if chunk.root.pos_ in {"NOUN", "PROPN"} and not asks and not named:
            found.append(_Entity(chunk.text, "NP", _is_plural(chunk.root)))
    return found


def _asked_thing(question: Any) -> list[_Entity]:
    """The thing a question asked about, as "the <noun>": "the people" of "How many people
    were arrested?" (what "them" means in "How many of them were freed?"), "the charity" of
    "Which charity ran the refuge?" (what "its" means next, when no answer named it)."""
    for chunk in question.noun_chunks:
        if any(t.tag_ in WH_TAGS for t in chunk) and chunk.root.pos_ == "NOUN":
            return [_Entity(f"the {chunk.root.text}", "NP", plural=_is_plural(chunk.root))]
    return []


def _is_plural(token: Any) -> bool:
    return bool(token.tag_ in {"NNS", "NNPS"})


def _short_answer(
    turn: Turn, frame: QuestionFrame, parse: Parse, kinds: Kinds | None = None
) -> list[_Entity]:
    """The fact the turn's answer gave, labelled by what its question asked for ("who": a
    person): spaCy labels a name standing alone poorly ("Nicola Collins" as an organisation,
    "Mayfield Garda Station" as a person). Its own label is kept when the question prefers
    no label but allows it, or asks for no kind of answer."""
    if not turn.short_answer:
        return []
    doc = parse(turn.short_answer)
    whole = [e.label_ for e in doc.ents if e.text == doc.text.strip()]
    own = whole[0] if whole else "NP"
    expects = frame.expects
    # Several ("Crimean Tatars"), which "he" is not: its last word is a plural, by spaCy's tag
    # and by its ending (a lone name is often tagged plural: "Grindeanu").
    several = len(doc) > 0 and _is_plural(doc[-1]) and doc[-1].lower_.endswith("s")
    entity = partial(_Entity, turn.short_answer, plural=several)
    if frame.primary in expects and own not in _PLACE:
        return [entity(str(frame.primary))]  # "who": a person (not "North Carolina")
    shares = kinds(frame.role) if kinds is not None and frame.role is not None else {}
    if own in _PEOPLE and _names_its_kind(turn.short_answer, frame.head, shares):
        own = "NP"  # "Zhongguancun No 2 Primary School" answering "which school": a thing
    usual = max(shares, key=lambda label: shares[label], default=None)
    if usual is not None and shares[usual] >= _USUAL and (not expects or usual in expects):
        return [entity(usual)]  # "which star": the articles' are people
    if not expects or own in expects:
        return [entity(own)]
    if expects <= _PLACE:
        return [entity("GPE")]
    return [entity(min(expects) if len(expects) == 1 else own)]


def _names_its_kind(name: str, noun: str | None, shares: Mapping[str, float]) -> bool:
    """Whether a name holds the noun the question asked about ("Zhongguancun No 2 Primary
    School" for "which school"), a noun the articles do not mostly write by people: the name
    says what it is, whatever spaCy labels it."""
    if noun is None or shares.get("PERSON", 0.0) >= _USUAL:
        return False
    return re.search(rf"\b{re.escape(noun)}s?\b", name, re.IGNORECASE) is not None


def _overlaps(text: str, seen: set[str]) -> bool:
    return any(text in other or other in text for other in seen)


def _answer_text(answer: str) -> str:
    """The answer without markers. When it declined, only what it said the articles do say
    ("Ms Collins, 38, was originally from Tralee"), which the next question may be about."""
    from assistant.answer.base import CANNOT_ANSWER_PHRASE, NEAR_MISS_PREFIX

    text = answer.strip()
    if text.startswith(CANNOT_ANSWER_PHRASE):
        said = text[len(CANNOT_ANSWER_PHRASE) :].strip()
        text = said[len(NEAR_MISS_PREFIX) :] if said.startswith(NEAR_MISS_PREFIX) else ""
    return strip_markers(text)
