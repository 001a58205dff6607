"""Compound questions: two questions asked in one ("What share of the vote did Moise get, and
what was the turnout?"), split by spaCy's parse, answered one after the other, and their
readings joined into one answer that cites each part's fact.

The second part often leans on the first ("and how much the year before?", "and how many did
he want?"); it is made to stand alone as a follow-up to the first would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.language import WH_TAGS, asking_word
from assistant.read import Part, Reading
from assistant.read.question import names_a_figure
from assistant.types import Passage


@dataclass(frozen=True)
class Asked:
    """One question of a compound question, and the phrase that sets it apart from the others
    when it is one of a coordinated pair ("in Galway"), which the answer names."""

    question: str
    phrase: str | None = None


def split_parts(doc: Any) -> list[Asked]:
    """The questions asked in a parsed question: it splits where "and" (or "but"), perhaps
    after a comma, opens a new wh-clause ("…, and what was the turnout?", "and roughly how
    many…"), when a wh-word with a verb came before; else, one question per phrase of a
    coordinated pair ("in Cork and in Galway"). One part when neither is asked."""
    parts: list[Asked] = []
    start = 0
    for token in doc:
        if token.dep_ != "cc" or token.lower_ not in {"and", "but"}:
            continue
        following = _wh_after(doc, token.i + 1)
        before = doc[start : token.i]
        if following is not None and start == 0 and _shares_verb(before, doc[following]):
            # "Which CitiFX strategist and which AxiTrader strategist did DW quote?": two
            # wh-phrases of one verb, each asked with the rest of the question.
            rest = doc[_phrase_end(doc[following]) :].text
            return [
                Asked(_as_question(f"{before.text} {rest}")),
                Asked(_as_question(doc[following:].text)),
            ]
        if following is None or not _asks(before):
            continue
        parts.append(Asked(_as_question(before.text)))
        start = following
    if not parts:
        return _per_phrase(doc) or _per_name(doc) or _per_noun(doc) or [Asked(doc.text)]
    parts.append(Asked(_as_question(doc[start:].text)))
    return parts


def _per_phrase(doc: Any) -> list[Asked]:
    """A question asked of two coordinated prepositional phrases ("how many jobs will it
    create in Cork and in Galway?", "what was the turnout in 2012 and in 2017?") as one question
    per phrase; empty when it has no such pair or asks nothing."""
    if not _asks(doc):
        return []
    for token in doc:
        if token.dep_ != "prep":
            continue
        conj = next((c for c in token.children if c.dep_ == "conj" and c.pos_ == "ADP"), None)
        cc = next((c for c in token.children if c.dep_ == "cc" and c.lower_ == "and"), None)
        if conj is None or cc is None or not cc.i < conj.i:
            continue
        whole = doc.text
        end = conj.right_edge.idx + len(conj.right_edge)
        first = whole[: cc.idx].rstrip() + whole[end:]
        second = whole[: token.idx] + whole[conj.idx :]
        return [
            Asked(_as_question(first), whole[token.idx : cc.idx].strip(" ,")),
            Asked(_as_question(second), whole[conj.idx : end]),
        ]
    return []


def _per_noun(doc: Any) -> list[Asked]:
    """A question asking who or which of two coordinated nouns, each with words of its own
    ("Who are the culture minister and the head of the Zoological Foundation who spoke…?",
    "Which former taoiseach and former tanaiste are past pupils of…?") as one question per
    noun, what is said after them asked of each; empty when it asks of no such pair."""
    wh = asking_word(doc)
    if wh is None or wh.lower_ not in {"who", "which", "what"} or not _asks(doc):
        return []
    asked = wh.head if wh.dep_ == "det" else _attribute(wh)
    if asked is None or asked.pos_ != "NOUN":
        return []
    conj = next((c for c in asked.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
    cc = next((c for c in asked.children if c.dep_ == "cc" and c.lower_ == "and"), None)
    if conj is None or cc is None or not asked.i < cc.i < conj.i:
        return []
    if asked.head.lower_ not in _SINGULAR_BE and wh.head.lower_ not in _SINGULAR_BE:
        return []  # "Who is the founder and chief executive…?": one person's two titles
    if any(t.tag_ in WH_TAGS for t in doc[conj.left_edge.i : conj.i]):
        return []  # "… and which AxiTrader strategist": asked by ``split_parts``
    whole = doc.text
    end = _phrase_end_of(conj)
    rest = " " + whole[end:].lstrip() if whole[end:].strip(" ?") else "?"
    first_start = asked.left_edge.i + (1 if asked.left_edge.i == wh.i else 0)
    opening = whole[: doc[first_start].idx]
    first = whole[doc[first_start].idx : cc.idx].strip()
    second = whole[conj.left_edge.idx : end].strip()
    one = _as_question(_singular(opening + first + rest))
    if rest == "?":
        # "Who were the captain and the coach of the team?": what the second noun is of may
        # be the first's too; it is carried as the first's topic.
        one = f"{one} ({second})"
    return [Asked(one, first), Asked(_as_question(_singular(opening + second + rest)), second)]


def _attribute(wh: Any) -> Any | None:
    """The noun a "who" or "what" is equated with ("Who are the minister and …"): the other
    side of its copula."""
    verb = wh.head
    if verb.lemma_ != "be":
        return None
    return next((c for c in verb.children if c.dep_ in {"attr", "nsubj"} and c.i != wh.i), None)


def _phrase_end_of(noun: Any) -> int:
    """Where a noun's phrase ends in the text: before a relative clause in it (which the
    question says of both nouns), else after its last word."""
    clause = next((t for t in noun.subtree if t.dep_ == "relcl"), None)
    if clause is not None:
        return int(clause.left_edge.idx)
    last = noun.right_edge
    while last.i > noun.i and last.is_punct:
        last = last.nbor(-1)
    return int(last.idx + len(last))


def _singular(question: str) -> str:
    """The question asked of one ("Who are the minister…" -> "Who is the minister…"): its
    first "are" or "were", which the two nouns took together."""
    return _PLURAL_BE.sub(lambda m: _SINGULAR_BE[m.group(1)], question, count=1)


_PLURAL_BE = re.compile(r"\b(are|were)\b")
_SINGULAR_BE = {"are": "is", "were": "was"}


# Words that ask for a figure for each of several things ("How many bikes had Mobike and ofo
# each put on the streets?"), besides a plural noun of figures ("what shares of the vote").
_EACH = frozenset({"each", "respectively"})
_EACH_WORD = re.compile(r",?\s+(?:each|respectively)\b")


def _per_name(doc: Any) -> list[Asked]:
    """A question asking a figure of each of two coordinated names ("What shares of the vote
    did Nathalie Arthaud and Jacques Cheminade win?", "By what percentages did Scotland vote
    Remain and Leave?") as one question per name; empty unless it asks a figure of each: a
    plural figure after its wh-word ("what shares", "what percentages"), or "each"."""
    if not _asks(doc) or not _of_each(doc):
        return []
    for token in doc:
        conj = next((c for c in token.children if c.dep_ == "conj"), None)
        cc = next((c for c in token.children if c.dep_ == "cc" and c.lower_ == "and"), None)
        if conj is None or cc is None or not token.i < cc.i < conj.i:
            continue
        if not (_named(token) and (_named(conj) or _each_after(conj))):
            continue  # "Mobike and ofo each": a brand in lower case
        first, second = _name_span(token), _name_span(conj)
        whole = doc.text
        start, end = first[0].idx, second[-1].idx + len(second[-1])
        one = whole[:start] + first.text + whole[end:]
        other = whole[:start] + second.text + whole[end:]
        return [
            Asked(_as_question(_EACH_WORD.sub("", one)), first.text),
            Asked(_as_question(_EACH_WORD.sub("", other)), second.text),
        ]
    return []


def _of_each(doc: Any) -> bool:
    """Whether a question asks a figure of each thing it names (see ``_per_name``)."""
    if any(t.lower_ in _EACH for t in doc):
        return True
    wh = asking_word(doc)
    if wh is None or wh.lower_ not in {"what", "which"}:
        return False
    nouns = [t for t in doc[wh.i + 1 : wh.i + 3] if t.pos_ == "NOUN"]
    return bool(nouns) and nouns[0].tag_ == "NNS" and names_a_figure(nouns[0])


def _named(token: Any) -> bool:
    """A proper noun, a word of a name spaCy found, or a capitalised word inside the
    sentence ("Leave", which spaCy tags a verb)."""
    capitalised = token.i > 0 and token.text[:1].isupper()
    return token.pos_ == "PROPN" or bool(token.ent_type_) or capitalised


def _each_after(token: Any) -> bool:
    """Whether a noun is followed by "each" or "respectively" ("Mobike and ofo each")."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.pos_ == "NOUN" and following is not None and following.lower_ in _EACH


def _name_span(token: Any) -> Any:
    """The name ``token`` heads, with the words compounded before it ("Nathalie Arthaud")."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i:
        start -= 1
    return doc[start : token.i + 1]


def _shares_verb(before: Any, wh: Any) -> bool:
    """Whether ``before`` is a wh-phrase with no verb ("Which CitiFX strategist") and ``wh``
    opens another that determines a noun the question's verb goes on with ("and which
    AxiTrader strategist did DW quote")."""
    return (
        any(t.tag_ in WH_TAGS for t in before)
        and not any(t.pos_ in {"VERB", "AUX"} for t in before)
        and _phrase_end(wh) > wh.i + 1
        and _phrase_end(wh) < len(wh.doc)
    )


def _phrase_end(wh: Any) -> int:
    """The index after the noun phrase a wh-word determines ("which tourism minister"): its
    noun by the parse, or, where spaCy took the wh-word for an object, the nouns written
    right after it; ``wh.i + 1`` when none is."""
    if wh.dep_ == "det" and wh.head.i > wh.i:
        return int(wh.head.i) + 1
    end = wh.i + 1
    while end < len(wh.doc) and wh.doc[end].pos_ in {"NOUN", "PROPN", "ADJ"}:
        end += 1
    return int(end) if end > wh.i + 1 and wh.doc[end - 1].pos_ != "ADJ" else int(wh.i) + 1


def _wh_after(doc: Any, index: int) -> int | None:
    """Where a wh-clause opening at ``index`` starts (adverbs such as "roughly" may come before
    its wh-word): the index of its first word, or None."""
    for token in doc[index : index + 3]:
        if token.tag_ in WH_TAGS:
            return index
        if token.pos_ != "ADV":
            return None
    return None


def _asks(span: Any) -> bool:
    return any(t.tag_ in WH_TAGS for t in span) and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _as_question(text: str) -> str:
    text = text.strip().rstrip(",;?").strip()
    return text[:1].upper() + text[1:] + "?"


def joined(questions: list[Asked], readings: list[Reading]) -> Reading:
    """One reading for a compound question from each part's: the passages of all, each once,
    and each part's short answer with its marker. It declines when every part does."""
    if all(r.abstained for r in readings):
        return readings[0]
    passages: list[Passage] = []
    parts = []
    given: set[str] = set()
    for asked, reading in zip(questions, readings, strict=True):
        question, phrase = asked.question, asked.phrase
        value = None if reading.abstained else reading.short_answer
        key = " ".join((value or "").split()).casefold()
        if key and key in given:
            # Two parts ask two things: the same fact cannot answer both ("how much in 2016,
            # and how much the year before?").
            parts.append(Part(question, None, None, declined=True, phrase=phrase))
            continue
        given.add(key)
        numbers = [_number(passages, p) for p in reading.passages if not reading.abstained]
        marker = numbers[reading.short_marker - 1] if value else None
        parts.append(Part(question, value, marker, reading.abstained, phrase=phrase))
    stated = [p for p in parts if p.value]
    return Reading(
        abstained=False,
        short_answer="; ".join(p.value for p in stated if p.value) or None,
        passages=passages,
        confident=all(r.confident for r in readings if not r.abstained),
        short_marker=next((p.marker for p in stated if p.marker), 1),
        parts=tuple(parts),
    )


def _number(passages: list[Passage], passage: Passage) -> int:
    """The passage's number (from 1) in ``passages``, adding it when it is not there yet."""
    for number, known in enumerate(passages, start=1):
        if (known.source, known.start, known.end) == (passage.source, passage.start, passage.end):
            return number
    passages.append(passage)
    return len(passages)
