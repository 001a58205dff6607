"""Offline follow-up rewriting: a question that leans on earlier turns gets, deterministically,
the people and the topic it refers to.

"How much did he announce?" after "Who visited Kyiv on Thursday?" (answered with a sentence
about Antony Blinken) becomes "How much did Antony Blinken announce? (Kyiv; Thursday)".
Person pronouns are replaced by the person the conversation is about; other references
("it", "there", "that unit") keep their place and the earlier topic is carried after the
question, for retrieval and evidence ranking to use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.base import CANNOT_ANSWER_PHRASE
from assistant.text import content_terms, sentence_spans, words
from assistant.types import Turn


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(text.split())


PERSON_PRONOUNS = frozenset(["he", "him", "his", "she", "her", "hers", "himself", "herself"])
OTHER_REFERENCES = frozenset(
    ["it", "its", "they", "them", "their", "theirs", "this", "that", "these", "those"]
    + ["there", "then", "such", "same", "former", "latter"]
)
_OPENER = re.compile(r"^\s*(?:and|also|so|but|then)\b[\s,]*", re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\b", re.IGNORECASE)
# A name: capitalised words, possibly joined by "of", "and", "for", "the" (Institute for the
# Study of War), or an initialism such as U.S. or UN.
_NAME = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|the|de|von)\s+)*[A-Z][\w’'-]*)*"
)
_MARKER = re.compile(r"\s*\[[\d,\s\-–]+\]")
_TITLES = _vocabulary(
    "president secretary minister dr mr mrs ms prof general gen governor adviser advisor "
    "spokesman spokeswoman spokesperson official resident ambassador representative head "
    "commander officer leader chief analyst envoy senator mayor premier chancellor king queen "
    "prince pope colonel lieutenant captain sergeant major director professor reporter "
    "correspondent blogger"
)
# Words that make a capitalised phrase a place, body or thing rather than a person.
_NOT_PERSON = _vocabulary(
    "hotel spa house college university institute study war union federation republic "
    "people’s people's nations council kingdom states state oblast raion region province city "
    "town village street square river gulf sea day office branch unit special forces force "
    "military intelligence army navy party agency news bank ministry department court "
    "telegram twitter youtube reuters ria mailonline"
)
_QUESTION_WORDS = _vocabulary(
    "who what when where why how which whom whose did does do is are was were can could will "
    "would has have had"
)
# Verbs and fillers that say nothing about the topic a question is about.
_GENERIC = _vocabulary(
    "happen happened happening think thought say said tell told mean meant matter know "
    "describe described call called claim claimed make made get got go went take took "
    "give gave show shown shows see seen look looked like much many long far"
)
# Words that start sentences without naming anything ("As Dr Mike Martin put it ...").
_FUNCTION_WORDS = _vocabulary(
    "as at in on by if but and or so yet despite although though while whereas because since "
    "until unless after before during for from into of to with without within among between "
    "other another some many most more several all both each every any no not yes meanwhile "
    "still also however therefore thus instead elsewhere here there then now today yesterday "
    "tonight left right above below pictured photo video videos according"
)
_PERSON_PRONOUN = re.compile(
    r"\b(he|him|his|she|her|hers|himself|herself)\b(?=\s*([\w’'-]*))", re.IGNORECASE
)
_JOINERS = frozenset(["of", "and", "for", "the"])
# After a name: a verb of what people do, so that the name is someone's.
_ACTING = re.compile(
    r"\s+(?:also\s+)?(?:say|says|said|tell|tells|told|claim|claims|claimed|announce|announces|"
    r"announced|describe|described|think|thinks|thought|argue|argued|report|reported|suggest|"
    r"suggested|warn|warned|pledge|pledged|visit|visited|meet|met|acknowledge|acknowledged|"
    r"deny|denied|post|posted|write|wrote|add|added|mean|want|wants)\b"
)
_WHO_IS = re.compile(r"(?:who|what) (?:is|was) [A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,2}\?")
_ROLE = re.compile(r"((?:[A-Z][\w’'.-]*\s+)+)([a-z]+)\b")
_MAX_CARRIED = 5
_RECENCY = 0.7  # weight of a phrase per turn of age
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")


def needs_context(question: str) -> bool:
    """Whether a question leans on earlier turns: pronouns, 'what about ...', or very short."""
    tokens = words(question)
    return (
        bool(_OPENER.search(question))
        or bool(_WHAT_ABOUT.search(question))
        or any(t in PERSON_PRONOUNS or t in OTHER_REFERENCES for t in tokens)
        or len(tokens) < 4
    )


def rewrite_followup(
    question: str, history: list[Turn], weigh: Callable[[str], float] | None = None
) -> str:
    """``question`` made to stand alone, given the earlier turns (oldest first).

    ``weigh`` rates how telling a word is (the index's idf): the carried topic keeps the most
    telling phrases, so that "referendum" outranks "Russia" in a corpus about Russia.
    """
    standalone: list[str] = []  # each earlier question as it was understood
    for index, turn in enumerate(history):
        standalone.append(_rewrite(turn.question, history[:index], standalone, weigh))
    return _rewrite(question, history, standalone, weigh)


def _rewrite(
    question: str,
    history: list[Turn],
    standalone: list[str],
    weigh: Callable[[str], float] | None,
) -> str:
    if not history or not needs_context(question):
        return question
    if _WHAT_ABOUT.search(question):
        return _what_about(question, standalone[-1])
    focus = _focus(history, standalone)
    text = _OPENER.sub("", question.strip()) or question.strip()
    text = text[0].upper() + text[1:]
    if _people(text):  # "Who is X and what does he head?": "he" is X, named right there
        still_dependent = _PERSON_PRONOUN.sub("", text)
    elif focus.person:
        text = still_dependent = _name_people(text, focus.person)
    else:
        still_dependent = question
    if not needs_context(still_dependent):
        # The person is the topic; carrying more would pull the evidence back to what the
        # last answer already said.
        return text
    carried = _most_telling(focus.topic, set(words(text)), weigh or _by_length)
    return f"{text} ({'; '.join(carried)})" if carried else text


def _by_length(term: str) -> float:
    # Without an index to count words in, length stands in for rarity (Zipf's law of
    # abbreviation): "referendum" tells more than "date".
    return float(len(term))


def _what_about(question: str, previous: str) -> str:
    """ "What about X?" asks the previous question again, about X instead."""
    subject = _WHAT_ABOUT.sub("", question).strip(" ?.!")
    asked = _PARENTHESIS.sub("", previous).strip()
    names = _names(asked)
    replacement = re.sub(r"^(?:in|at|on|for|with|from|of|to)\s+", "", subject)
    if subject and names and replacement[:1].isupper():
        name, start = names[0]
        return asked[:start] + replacement + asked[start + len(name) :]
    return f"{asked.rstrip('?')} ({subject})?" if subject else asked


@dataclass(frozen=True)
class _Focus:
    """What the conversation is about: the latest person, and topic phrases with the number
    of turns since each was said (0: the last turn)."""

    person: str | None
    topic: list[tuple[str, int]]


def _focus(history: list[Turn], standalone: list[str]) -> _Focus:
    person: str | None = None
    topic: list[tuple[str, int]] = []
    turns = zip(reversed(history), reversed(standalone), strict=True)
    for age, (turn, question) in enumerate(turns):
        carried = _PARENTHESIS.search(question)
        asked = question[: carried.start()] if carried else question
        answer = _answer_text(turn.answer)
        known = list(dict.fromkeys(_people(asked) + _people(answer)))
        person = person or _first_person(asked, known) or _first_person(answer, known)
        topic.extend((phrase, age) for phrase in _topic(asked, answer))
        if carried:  # what that turn's "it" stood for is what this one's may stand for
            topic.extend((phrase, age) for phrase in carried.group(1).split("; "))
    if person:  # the person is named in the question itself now
        named = set(words(person))
        topic = [(phrase, age) for phrase, age in topic if not named & set(words(phrase))]
    return _Focus(person=person, topic=topic)


def _most_telling(
    topic: list[tuple[str, int]], own: set[str], weigh: Callable[[str], float]
) -> list[str]:
    """The phrases to carry: not already in the question, most telling first (a phrase's
    weight is its most telling word's, discounted by its age in turns)."""
    best: dict[str, tuple[float, str]] = {}
    for phrase, age in topic:
        terms = content_terms(phrase)
        if not terms or set(words(phrase)) & own == set(words(phrase)):
            continue
        score = max(weigh(term) for term in terms) * _RECENCY**age
        if score <= 0:
            continue
        key = phrase.lower()
        if key not in best or score > best[key][0]:
            best[key] = (score, phrase)
    ranked = sorted(best.values(), key=lambda item: -item[0])  # stable: ties stay in order
    return [phrase for _, phrase in ranked[:_MAX_CARRIED]]


def _answer_text(answer: str) -> str:
    """An earlier answer's first sentences without markers; nothing if it declined."""
    plain = _MARKER.sub("", answer).strip()
    if not plain or plain == CANNOT_ANSWER_PHRASE:
        return ""
    spans = sentence_spans(plain)
    return " ".join(plain[s.start : s.end] for s in spans[:2])


def _names(text: str) -> list[tuple[str, int]]:
    """Capitalised phrases of ``text`` with their offsets; sentence-initial common words and
    question words are dropped from the front."""
    found = []
    for match in _NAME.finditer(text):
        tokens = match.group(0).split()
        start = match.start()
        while tokens and _is_common_word(tokens[0]):
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        while tokens and tokens[-1].lower() in {"of", "and", "for", "the"}:
            tokens = tokens[:-1]
        if len(tokens) == 1 and _opens_sentence(text, start) and _looks_inflected(tokens[0]):
            continue  # "Taking management of ...", "Reportedly, ..."
        if tokens:
            found.append((" ".join(tokens), start))
    return found


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" ‘“'\"")
    return not before or before[-1] in ".!?\n"


def _looks_inflected(token: str) -> bool:
    return token.lower().endswith(("ing", "ed", "ly"))


def _is_common_word(token: str) -> bool:
    lowered = token.lower().strip("’'")
    return (
        lowered in _QUESTION_WORDS
        or lowered in PERSON_PRONOUNS
        or lowered in _FUNCTION_WORDS
        or _is_stopword(lowered)
    )


def _is_stopword(word: str) -> bool:
    return bool(word) and not content_terms(word)


def _people(text: str) -> list[str]:
    """Person names in ``text``: after a title (Dr, Secretary, spokesman...), doing what
    people do ("Zelensky posted", "What did Zelensky say"), asked about ("Who is Ganchev?"),
    or two or three capitalised words that name no place or body."""
    people: list[str] = []
    for name, start in _names(text):
        tokens = name.split()
        person_words = _after_title(tokens) or tokens
        if any(t.lower() in _NOT_PERSON or t.lower() in _JOINERS for t in person_words):
            continue
        titled = bool(_after_title(tokens)) or _titled_before(text, start)
        acting = _ACTING.match(text, start + len(name)) is not None
        asked = _WHO_IS.fullmatch(text.strip()) is not None
        if (
            len(person_words) <= 3
            and (titled or acting or asked)
            or (2 <= len(person_words) <= 3 and _looks_like_name(person_words))
        ):
            people.append(" ".join(person_words))
    return list(dict.fromkeys(people))


def _after_title(tokens: list[str]) -> list[str]:
    """The words after the last title word inside a name ('Secretary of State Antony Blinken'
    -> 'Antony Blinken'); empty when the name holds no title."""
    positions = [i for i, t in enumerate(tokens) if t.lower().rstrip(".") in _TITLES]
    if not positions or positions[-1] == len(tokens) - 1:
        return []
    rest = tokens[positions[-1] + 1 :]
    while rest and rest[0].lower() in {"of", "and", "for", "the"}:
        rest = rest[1:]
    # "Secretary of State Antony Blinken": skip the office's own capitalised words.
    return rest[-2:] if len(rest) > 2 else rest


def _titled_before(text: str, start: int) -> bool:
    before = words(text[max(0, start - 40) : start])
    return bool(before) and before[-1] in _TITLES


def _looks_like_name(tokens: list[str]) -> bool:
    # Demonyms and places read as adjectives ("Russian", "Ukrainian"), not given names.
    return not any(t.lower().endswith(("ian", "ish", "ese", "’s", "'s")) for t in tokens)


def _first_person(text: str, known: list[str]) -> str | None:
    """The first person ``text`` mentions, in the form it uses (full name or surname of a
    known person), or a role such as "Russia's UN ambassador"."""
    best: tuple[int, str] | None = None
    for person in known:
        for form in (person, person.split()[-1]):
            match = re.search(rf"\b{re.escape(form)}\b", text)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), form)
    return best[1] if best else _role(text)


def _role(text: str) -> str | None:
    """A person named by role: a title word with the capitalised words that qualify it
    ("Russia's UN ambassador")."""
    for match in _ROLE.finditer(text):
        qualifiers = [w for w in match.group(1).split() if not _is_common_word(w)]
        if qualifiers and match.group(2).lower() in _TITLES:
            return " ".join([*qualifiers, match.group(2)])
    return None


def _qualifies(token: str) -> bool:
    return token[0].isupper() and not _is_common_word(token)


def _topic(question: str, answer: str) -> list[str]:
    """Phrases a turn is about: the names and content words of its question, then the names
    its answer adds (what a 'which hotel' question was answered with)."""
    names = [n for n, _ in _names(question)]
    named = {w for n in names for w in words(n)}
    terms = [
        w
        for w in dict.fromkeys(re.findall(r"[A-Za-z][\w’'-]*", question))
        if w.lower() not in named
        and w.lower() not in _GENERIC
        and content_terms(w)
        and w.lower() not in _QUESTION_WORDS
        and w.lower() not in PERSON_PRONOUNS
        and w.lower() not in OTHER_REFERENCES
    ]
    added = [n for n, _ in _names(answer) if not set(words(n)) <= named | set(words(question))]
    return names + terms + added[:2]


def _name_people(question: str, person: str) -> str:
    """Person pronouns replaced by ``person`` ('his' -> "person's")."""

    def replace(match: re.Match[str]) -> str:
        pronoun = match.group(1).lower()
        following = match.group(2)
        possessive = pronoun in {"his", "hers"} or (
            pronoun == "her" and bool(following) and not _is_stopword(following.lower())
        )
        return f"{person}’s" if possessive and not person.endswith(("’s", "'s")) else person

    return _PERSON_PRONOUN.sub(replace, question)
