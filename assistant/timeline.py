"""A topic's timeline: the dated developments of a story across articles, oldest first.

topic -> the same scope and hybrid retrieval as a question -> per retrieved article, the
sentence of its stored annotation that holds most of the topic's weighted lemmas (the reader's
lemmas and idf weights) -> the articles whose sentence is relevant enough, ordered by date
(unknown dates last) -> duplicates collapsed into one entry that names the other outlets:
sentences whose lemma sets are near-identical, and articles that copy another (wire copy,
re-spun or updated versions, when the catalog records them). The only model calls are the
topic's embedding and one spaCy pass over the topic; no evidence sentence is embedded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.answer.extractive import quoted
from assistant.catalog import StoryGroup
from assistant.dates import with_dates
from assistant.language import Annotation, lemmas_of
from assistant.read.evidence import coverage
from assistant.store import day_number
from assistant.types import Article, Citation, Filters, Passage, Timeline, TimelineEntry

if TYPE_CHECKING:
    from assistant.service import Assistant

__all__ = [
    "DUPLICATE_JACCARD",
    "Development",
    "TopicTerms",
    "build_timeline",
    "collapse",
    "empty_text",
    "topic_terms",
]

DUPLICATE_JACCARD = 0.6
"""Two sentences whose lemma sets overlap this much (Jaccard) say the same thing."""
_MIN_LEMMAS = 3  # a sentence with fewer content lemmas (a caption, a dateline) is no development
_TOPIC_PREFIX = "News about "


@dataclass
class Development:
    """An article's best sentence for the topic, and the articles that say the same."""

    article: Article
    start: int
    end: int
    lemmas: frozenset[str]
    score: float
    """Share of the topic's weighted lemmas the sentence holds."""
    duplicates: list[Article] = field(default_factory=list)

    @property
    def day(self) -> int:
        """The article's date as YYYYMMDD, 0 when unknown."""
        return day_number(self.article.date)

    def also(self) -> list[str]:
        """The outlets (else the file names) of the duplicates, other than this article's."""
        own = _name(self.article)
        names = [_name(a) for a in self.duplicates]
        return [n for n in dict.fromkeys(names) if n != own]


def build_timeline(assistant: Assistant, topic: str, filters: Filters | None = None) -> Timeline:
    """The timeline of ``topic`` over ``assistant``'s store, within ``filters`` (an unknown
    outlet raises ``UnknownOutlet``; a topic naming a stored outlet in an attribution,
    "according to TASS", is restricted to it as a question is). Empty when the articles do
    not cover the topic."""
    if not topic.strip():
        raise ValueError("The topic is empty: name a story, e.g. 'the Kharkiv counter-offensive'.")
    settings = assistant.settings.timeline
    scoped = assistant.scope(topic, filters)
    # A period the topic names ("the Verrin dam in March 2017") restricts the articles, and
    # its words are not asked of them.
    period, dated = assistant.dated(scoped.question, scoped.filters, topic=True)
    terms = topic_terms(assistant, scoped.question, leave_out=period.lemmas if period else None)
    empty = Timeline(topic=topic, filters=dated)
    if not terms.weights or terms.unknown_names:
        return empty
    chunks = assistant.retriever.retrieve(
        scoped.question, list(terms.weights), k=settings.passages, filters=dated
    )
    sources = list(dict.fromkeys(c.source for c in chunks))
    articles = assistant.store.annotated(sources, assistant._annotate)
    found = [
        d
        for source in sources
        if source in articles and _current(source, chunks, articles[source][0])
        for d in [best_sentence(terms.weights, *articles[source])]
        if d is not None and d.score >= settings.min_coverage
    ]
    copies, stories = _story_links(assistant, [d.article.source for d in found])
    story_ids = {source: group.story for source, group in stories.items()}
    developments = collapse(found, copies=copies, stories=story_ids)
    kept = sorted(developments, key=lambda d: -d.score)[: settings.max_entries]
    entries = [
        entry.model_copy(
            update={"citation": with_dates(entry.citation, *articles[entry.citation.source])}
        )
        for entry in _entries(sorted(kept, key=_chronological), stories)
    ]
    return empty.model_copy(update={"entries": entries})


@dataclass(frozen=True)
class TopicTerms:
    """The topic's content lemmas with their idf weights (as the reader weighs a question's),
    and the names among them that no article uses."""

    weights: dict[str, float]
    unknown_names: list[str]


def topic_terms(
    assistant: Assistant, topic: str, leave_out: frozenset[str] | None = None
) -> TopicTerms:
    """The topic's lemmas from one spaCy pass, less those in ``leave_out`` (the words of a
    period the topic names, met by the date filter). A topic is usually a bare noun phrase,
    which the parser reads best inside a sentence ("Louisiana tornadoes" alone makes
    "tornadoes" a verb): it is parsed after ``_TOPIC_PREFIX``, whose words are not kept."""
    doc = assistant.annotator.parse(_TOPIC_PREFIX + topic)
    tokens = [t for t in doc if t.idx >= len(_TOPIC_PREFIX)]
    idf = assistant.store.lexical.idf
    met = leave_out or frozenset()
    kept = [lemma for lemma in lemmas_of(tokens) if lemma not in met]
    weights = {lemma: idf(lemma) for lemma in dict.fromkeys(kept)}
    proper = [t for t in tokens if t.pos_ == "PROPN"]
    names = dict.fromkeys(lemma for lemma in lemmas_of(proper) if lemma not in met)
    frequency = assistant.store.lexical.document_frequency
    return TopicTerms(weights, [name for name in names if not frequency(name)])


def best_sentence(
    weights: Mapping[str, float], article: Article, annotation: Annotation
) -> Development | None:
    """The sentence of the article's body holding most of the topic's weight (the first of
    equals: a lede before its restatements); None when none holds any."""
    best: Development | None = None
    for sentence in annotation.sentences:
        if sentence.start < article.body_start or len(sentence.lemmas) < _MIN_LEMMAS:
            continue
        score = coverage(dict(weights), sentence.lemmas)
        if score > 0 and (best is None or score > best.score):
            best = Development(article, sentence.start, sentence.end, sentence.lemmas, score)
    return best


def collapse(
    developments: list[Development],
    *,
    copies: Mapping[str, str] | None = None,
    stories: Mapping[str, int] | None = None,
) -> list[Development]:
    """One development per thing said, the earliest report kept. A later one is added to a
    kept development's duplicates when its sentence's lemmas overlap the kept sentence's by
    ``DUPLICATE_JACCARD``, when its article copies one of the development's articles or the
    same original (``copies``: source -> the source it copies), or when it is the same story
    (``stories``: source -> story id, from the grouping at ingest) reported on the same day."""
    copies = copies or {}
    stories = stories or {}
    kept: list[Development] = []
    # On one day, an original before its copies: the entry quotes the report copied.
    order = sorted(developments, key=lambda d: (d.article.source in copies, *_chronological(d)))
    for given in sorted(order, key=lambda d: _chronological(d)[:2]):  # stable: days only
        item = replace(given, duplicates=list(given.duplicates))  # the caller's are left as given
        same = next((k for k in kept if _same(k, item, copies, stories)), None)
        if same is None:
            kept.append(item)
        else:
            same.duplicates.append(item.article)
            same.score = max(same.score, item.score)
    return kept


def _same(
    kept: Development, item: Development, copies: Mapping[str, str], stories: Mapping[str, int]
) -> bool:
    if jaccard(kept.lemmas, item.lemmas) >= DUPLICATE_JACCARD:
        return True
    members = [kept.article, *kept.duplicates]
    if _root(item.article.source, copies) in {_root(a.source, copies) for a in members}:
        return True
    story = stories.get(item.article.source)
    return (
        story is not None
        and item.day != 0
        and any(stories.get(a.source) == story and day_number(a.date) == item.day for a in members)
    )


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def empty_text(timeline: Timeline) -> str:
    """What an interface says when a timeline has no entries."""
    within = f" {timeline.filters.describe()}" if timeline.filters is not None else ""
    return f"No article{within} covers “{timeline.topic}”, so there is no timeline."


def _entries(
    developments: list[Development], stories: Mapping[str, StoryGroup]
) -> list[TimelineEntry]:
    """The entries, marked [1], [2] ... in order; each citation carries the outlets of its
    article's story (as an answer's do), else those of the collapsed duplicates."""
    entries = []
    for marker, d in enumerate(developments, start=1):
        article = d.article
        also = d.also()
        citation = Citation(
            marker=marker,
            source=article.source,
            title=article.title,
            date=article.date,
            outlet=article.outlet,
            url=article.url,
            start=d.start,
            end=d.end,
            text=article.text[d.start : d.end],
            score=round(d.score, 4),
            story_outlets=_story_outlets(d, stories.get(article.source)),
        )
        entries.append(
            TimelineEntry(
                date=article.date,
                text=quoted(citation.text, marker),
                citation=citation,
                also=also,
            )
        )
    return entries


def _story_outlets(development: Development, story: StoryGroup | None) -> list[str]:
    said = [development.article.outlet, *(a.outlet for a in development.duplicates)]
    outlets = dict.fromkeys([*(story.outlets if story else []), *(o for o in said if o)])
    return sorted(outlets, key=str.casefold) if len(outlets) > 1 or story else []


def _chronological(d: Development) -> tuple[bool, int, float, str]:
    """Oldest first, unknown dates last; on one day the more relevant first."""
    return (d.day == 0, d.day, -d.score, d.article.source)


def _name(article: Article) -> str:
    return article.outlet or article.source


def _root(source: str, copies: Mapping[str, str]) -> str:
    """The article a chain of copies starts from."""
    seen = {source}
    while source in copies and copies[source] not in seen:
        source = copies[source]
        seen.add(source)
    return source


def _current(source: str, chunks: list[Passage], article: Article) -> bool:
    """Whether the chunks retrieved of ``source`` are of its stored version (a replacement
    cut short leaves the other version's chunks until the next ingest)."""
    from assistant.ingest.chunk import is_current

    return any(is_current(c, article) for c in chunks if c.source == source)


def _story_links(
    assistant: Assistant, sources: list[str]
) -> tuple[dict[str, str], dict[str, StoryGroup]]:
    """Which of these articles copy another (source -> the source copied) and the story of
    each that shares one (source -> story), as the grouping at ingest recorded them."""
    if not sources:
        return {}, {}
    catalog = assistant.store.catalog
    return catalog.copy_sources(sources), catalog.stories_of(sources)
