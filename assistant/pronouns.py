"""Whether the articles write a person as "he" or as "she", for follow-ups: "What has he
called her country's welcoming of refugees?" after a turn about Angela Merkel and Donald
Trump makes "he" Trump and "her" Merkel.

spaCy gives no gender for a name, but its parse, stored at ingest, holds the pronouns: a noun
phrase whose head is "he" or "she" (spaCy's lemma of "him" and "her" too). The pronoun that
first follows a mention of the person in its sentence, before anyone else is mentioned, is
counted as the articles' word for them ("Merkel said on Friday that she ..."). Reported
speech makes it noisy ("the spokeswoman said he did not mislead anyone"), so only a clear
majority counts (``contradicts``). Counted over the few articles that name the person, at
question time, from what is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from assistant.language import Annotation, Mention
from assistant.store import ChunkStore
from assistant.types import Article

# spaCy's lemmas of the third-person singular pronouns that say a gender, and the gender its
# morphology gives the pronoun a question uses (``Gender=Masc`` for "he", "him", "his").
PRONOUN_GENDER = {"he": "Masc", "she": "Fem"}
# How many chunks naming the person are looked up, and of how many articles the pronouns
# are counted: enough for a majority, few enough for a question's time.
_CHUNKS = 20
_ARTICLES = 5


def written_as(
    store: ChunkStore, annotate: Callable[[Article], Annotation], name: str
) -> Counter[str]:
    """How often the stored articles that name ``name`` write the person "he" and "she"
    (``pronouns_for``), over the few articles the lexical index finds first by its words."""
    words = [w.lower() for w in name.split()]
    hits = store.lexical.search(words, _CHUNKS)
    chunks = store.chunks([chunk_id for chunk_id, _ in hits])
    sources = list(dict.fromkeys(c.source for c in chunks))[:_ARTICLES]
    found = store.annotated(sources, annotate)
    return pronouns_for(name, ((article.text, notes) for article, notes in found.values()))


def pronouns_for(name: str, articles: Iterable[tuple[str, Annotation]]) -> Counter[str]:
    """How often the articles (text, annotation) write the person ``name`` as "he" (Masc)
    and as "she" (Fem), by the pronoun that first follows each mention of them before anyone
    else is mentioned: in an article that writes the whole name, each mention of it or of
    its last word (a noun phrase headed by "Merkel", which spaCy may leave unlabelled)."""
    found: Counter[str] = Counter()
    last = name.split()[-1] if name.split() else name
    for text, notes in articles:
        if name not in text:
            continue  # another person of the same surname ("Serena Williams")
        people = _people(text, notes)
        pronouns = [m for m in notes.mentions if m.label == "NP" and m.root in PRONOUN_GENDER]
        for mention in (m for m, who in people if who == last):
            limit = notes.sentences[notes.sentence_at(mention.end)].end
            others = (m.start for m, who in people if m.start >= mention.end and who != last)
            limit = min(limit, next(others, limit))  # someone else is mentioned first
            first = next((p for p in pronouns if mention.end <= p.start < limit), None)
            if first is not None:
                found[PRONOUN_GENDER[first.root]] += 1
    return found


def _people(text: str, notes: Annotation) -> list[tuple[Mention, str]]:
    """The mentions of people in an article, in its order, each with the last word of the
    name it writes: its people's names, and the noun phrases headed by one of their last
    words ("Merkel" after "Angela Merkel")."""
    names = [m for m in notes.mentions if m.label == "PERSON"]
    last_words = {text[m.start : m.end].split()[-1].lower() for m in names}
    phrases = [m for m in notes.mentions if m.label == "NP" and m.root in last_words]
    found = [(m, text[m.start : m.end].split()[-1]) for m in [*names, *phrases]]
    return sorted(found, key=lambda pair: pair[0].start)


def contradicts(counts: Counter[str], gender: str) -> bool:
    """Whether the articles write the person with the other pronoun: at least twice, and
    at least twice as often as with this one."""
    other = sum(n for g, n in counts.items() if g != gender)
    return other >= 2 and other >= 2 * counts.get(gender, 0)
