"""The one object that the CLI, the UI, the HTTP API and the evals all call.

``Assistant`` is the composition root: it builds every stage from the settings once (the
embedding and language models load here, not per question) and runs the pipeline
analyse the question -> retrieve -> read (short answer or decline) -> answer -> cite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from assistant import cite
from assistant.answer import CANNOT_ANSWER_PHRASE, Answerer, AnswerUnavailable, make_answerer
from assistant.answer.context import pack_passages
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.openai_llm import UnavailableAnswerer
from assistant.chat import ChatSession, Rewriter, SessionRegistry, make_rewriter, trim_history
from assistant.dates import warm as warm_dates
from assistant.dates import with_dates
from assistant.embed import Embedder, make_embedder
from assistant.filters import Scope, no_match_text, resolve, scope
from assistant.followup import rewrite_followup, split_topic
from assistant.ingest import IngestReport, Progress, ingest_articles, ingest_paths, parse_article
from assistant.ingest.chunk import is_current
from assistant.language import Annotation, Annotator
from assistant.llm import LLMConfigError
from assistant.periods import Period, named_period, within
from assistant.pronouns import written_as
from assistant.read import Reader, Reading
from assistant.read.compound import joined, split_parts
from assistant.read.news import time_sensitive
from assistant.read.question import QuestionFrame
from assistant.retrieve import HybridRetriever
from assistant.retrieve_fork import ForkedSearch
from assistant.settings import Settings, load_settings
from assistant.store import ChunkStore
from assistant.threads import iterate_on_thread
from assistant.types import (
    Answer,
    Article,
    ArticleInfo,
    Citation,
    Conflict,
    ConflictValue,
    Filters,
    Passage,
    Timeline,
    Turn,
    iso_day,
)
from assistant.writelock import write_lock

log = logging.getLogger(__name__)
# A question asking for the newest news searches again after the newest of the articles of
# its best ``_LATER_FROM`` chunks, for ``_LATER_CHUNKS`` more.
_LATER_FROM = 5
_LATER_CHUNKS = 5
WEAK_EVIDENCE_WARNING = "The evidence for this answer is weak; check the cited passages."


@dataclass(frozen=True)
class StreamEvent:
    """A piece of answer text as it is produced, or (last) the complete ``Answer``.

    The final answer is authoritative: when an LLM reply fails the citation checks, the
    streamed text is replaced by the offline answer it carries.
    """

    delta: str | None = None
    answer: Answer | None = None


class Assistant:
    """Question answering over a corpus of news articles, with citations."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        annotator: Annotator | None = None,
        *,
        rebuild: bool = False,
    ) -> None:
        """``rebuild``: open a store built by another embedding model too; only
        ``ingest(rebuild=True)`` may follow."""
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.annotator = annotator or Annotator()
        self.store = ChunkStore(settings.data, model_id=self.embedder.model_id, rebuild=rebuild)
        self.retriever = HybridRetriever(self.store, self.embedder, settings.retrieval)
        self.reader = self._reader()
        self.offline = ExtractiveAnswerer(
            max_sentences=settings.answer.max_sentences, max_words=settings.answer.max_words
        )
        self.answerer: Answerer
        self.rewriter: Rewriter
        self.backend_problem: str | None
        """Why the chosen answer backend cannot start (the offline answer is given instead)."""
        self.answerer, self.rewriter, self.backend_problem = self._answer_stages(settings)
        self.sessions = SessionRegistry(self)
        self._ahead: ForkedSearch | None = None
        self._warned_outdated = False
        self._write_lock = threading.Lock()
        # Pronouns the articles write a person with, per name and store version.
        self._pronouns = lru_cache(maxsize=512)(self._written_as)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> Assistant:
        """Build from the environment / TOML settings (``overrides`` as nested dicts)."""
        return cls(settings or load_settings(**overrides))

    # -- corpus ---------------------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path] | None = None,
        *,
        prune: bool = False,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest files and folders (default: the corpus folder); see ``ingest_paths``.
        Raises ``StoreBusy`` when another process is writing, ``IngestRefused`` for a prune
        that would lose articles."""
        with self._writing():
            return ingest_paths(
                paths or [self.settings.corpus.dir],
                self.store,
                self.embedder,
                self.annotator,
                self.settings.chunk,
                prune=prune,
                rebuild=rebuild,
                progress=progress,
            )

    def ingest_uploads(
        self, files: list[tuple[str, bytes]], *, progress: Progress | None = None
    ) -> IngestReport:
        """Ingest uploaded articles given as (file name, content); bad ones are reported."""
        from assistant.ingest import ArticleReadError, Skipped

        articles: list[Article] = []
        skipped: list[Skipped] = []
        for name, content in files:
            try:
                articles.append(parse_article(content, Path(name).name))
            except ArticleReadError as exc:
                skipped.append(Skipped(Path(name), str(exc)))
        with self._writing():
            report = ingest_articles(
                articles,
                self.store,
                self.embedder,
                self.annotator,
                self.settings.chunk,
                progress=progress,
            )
        report.skipped.extend(skipped)
        return report

    def warm(self) -> None:
        """Load the models and open the vectors now rather than at the first question (a
        server does this in the background before it reports ready)."""
        self._load_retrieval()
        self.annotator.load()
        warm_dates()

    def warm_in_background(self, *, parser: bool = False) -> None:
        """Load the embedder and open the vectors (and, with ``parser``, load spaCy) on a
        thread while the caller goes on: a one-shot ``ask`` parses the question meanwhile, and
        ``serve`` builds the UI. A failure here is raised again, with its message, where the
        model is first used."""

        def load() -> None:
            with contextlib.suppress(Exception):
                self._load_retrieval()
                if parser:
                    self.annotator.load()
                warm_dates()

        # Not a daemon: a process that exits meanwhile waits for the models to finish
        # loading, since native code stopped halfway aborts the interpreter at shutdown.
        threading.Thread(target=load, name="warm-retrieval").start()

    def search_ahead(self, question: str, filters: Filters | None, k: int | None) -> bool:
        """Start the search of a one-shot question in a forked process, which loads the
        embedding model and the vectors on the other core while this process loads spaCy
        (``assistant.retrieve_fork``); the next ``ask`` of that question uses its result.
        False when it cannot be started (then ``warm_in_background`` is the way)."""
        if not self.store.count() or self.store.vectors_opened:
            # A process that has opened Chroma (an ingest just now) must not fork: the child
            # would inherit its native threads' locks and hang.
            return False
        self._ahead = ForkedSearch.start(self.settings, question, filters, k)
        if self._ahead is None:
            return False
        threading.Thread(target=warm_dates, name="warm-dates", daemon=True).start()
        return True

    def _retrieve(
        self, question: str, lemmas: list[str], k: int | None, filters: Filters | None
    ) -> list[Passage]:
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            found = ahead.retrieve(question, lemmas, k, filters)
            if found is not None:
                return found
        return self.retriever.retrieve(question, lemmas, k=k, filters=filters)

    def _load_retrieval(self) -> None:
        load = getattr(self.embedder, "load", None)
        if callable(load):
            load()
        self.store.open_vectors()

    def ensure_ingested(self, progress: Progress | None = None) -> IngestReport | None:
        """Ingest the corpus folder if the store is empty (first run on a fresh checkout)."""
        if self.store.count():
            return None
        return self.ingest(progress=progress)

    def documents(self) -> list[ArticleInfo]:
        return self.store.articles()

    def outlets(self) -> list[str]:
        """The outlets of the stored articles (what questions can be restricted to)."""
        return self.store.outlets()

    def resolve_filters(self, filters: Filters | None) -> Filters | None:
        """``filters`` with outlets as stored (None when nothing is restricted); raises
        ``UnknownOutlet`` (a ``ValueError``) naming the known outlets. Interfaces call it
        before answering, to refuse a bad filter before anything is sent."""
        return resolve(filters, self.outlets())

    def scope(self, question: str, filters: Filters | None = None) -> Scope:
        """The filters a question is searched under (those given, or the outlet it names in
        an attribution: "according to TASS") and the question to search with."""
        return scope(question, filters, self.outlets())

    def article(self, source: str) -> Article | None:
        """The stored article (full text), to show a citation in context."""
        return self.store.article(source)

    def delete_document(self, document_id: str) -> bool:
        """Remove an article by its id; False when no article has that id."""
        with self._writing():
            source = self.store.source_of(document_id)
            if source is None:
                return False
            self.store.delete_article(source)
            return True

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time: a thread of this process waits its turn; another process
        writing makes it raise ``StoreBusy``."""
        with self._write_lock, write_lock(self.settings.data.dir):
            yield

    def set_answer_backend(self, backend: Literal["extractive", "openai"]) -> None:
        """Switch the answer backend without a restart (raises if the new one cannot start)."""
        settings = self.settings.model_copy(
            update={"answer": self.settings.answer.model_copy(update={"backend": backend})}
        )
        answerer = make_answerer(settings, offline=self.offline)
        self.rewriter = make_rewriter(settings, offline=self._rewrite_offline)
        self.answerer, self.settings, self.backend_problem = answerer, settings, None

    def _reader(self) -> Reader:
        return Reader(self.annotator, self.store.lexical, self.settings.reader)

    def _answer_stages(self, settings: Settings) -> tuple[Answerer, Rewriter, str | None]:
        """The answerer and follow-up rewriter the settings name, and why they could not
        start: an LLM that is misconfigured is stood in for, so every question still gets
        the offline answer, with the setting to fix as its ``fallback``."""
        try:
            answerer = make_answerer(settings, offline=self.offline)
            return answerer, make_rewriter(settings, offline=self._rewrite_offline), None
        except LLMConfigError as exc:
            return UnavailableAnswerer(str(exc)), self._rewrite_offline, str(exc)

    # -- questions ------------------------------------------------------------------------

    def chat(self, session_id: str | None = None) -> ChatSession:
        """A new conversation (not registered; use ``sessions`` for ones kept by id)."""
        return ChatSession(self, session_id)

    def ask(
        self,
        question: str,
        *,
        history: list[Turn] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        """Answer one question (with earlier turns for follow-ups); ``filters``: search only
        articles from these outlets and dates (see ``stream``)."""
        for event in self.stream(question, history=history, top_k=top_k, filters=filters):
            if event.answer is not None:
                return event.answer
        raise AnswerUnavailable("the answer stream ended without an answer")

    def stream(
        self,
        question: str,
        *,
        history: list[Turn] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Iterator[StreamEvent]:
        """Answer text as it is produced, then the final ``Answer``.

        ``filters``: only articles from these outlets (matched case-insensitively; an unknown
        one raises ``UnknownOutlet``) and dates are searched; a question naming a stored
        outlet in an attribution ("according to TASS") is restricted to it when ``filters``
        name no outlet. A date period the question names ("in March 2017", "last week")
        restricts the search to its articles and a few days after (``period``) unless
        ``filters`` give dates; when nothing there answers, every date is searched and the
        answer's ``warning`` says so. The answer's ``filters`` says what was applied."""
        clock = _Clock()
        history = trim_history(history or [], self.settings.chat.history_tokens)
        standalone = self.rewrite(question, history)
        found, note = self._find_parts(
            standalone, filters, top_k, follow_up=bool(history), clock=clock
        )
        if found.filters is not None and not found.chunks:
            # Nothing is within the filters at all (a search within them finds any chunk).
            text = no_match_text(found.filters)
            yield StreamEvent(delta=text)
            clock.lap("answer")
            answer = self._finish(question, standalone, (text, []), None, found.reading, clock)
            applied = {"filters": found.filters, "abstained": True, "warning": note}
            yield StreamEvent(answer=answer.model_copy(update=applied))
            return
        chunks, articles, reading = found.chunks, found.articles, found.reading
        if self.answerer is self.offline:
            pieces = []
            for piece in self.offline.pieces(reading):
                pieces.append(piece)
                yield StreamEvent(delta=piece)
            generated, fallback = ("".join(pieces), reading.passages), None
        else:
            # The LLM sees the retrieved passages whatever the offline reader thinks of them,
            # and may say the articles do not say; the reader is only its fallback.
            passages = pack_passages(chunks, self.settings.llm.context_tokens)
            generated, fallback = yield from self._generate(standalone, passages, reading, history)
        clock.lap("answer")
        answer = self._finish(
            question, standalone, generated, fallback, reading, clock, articles=articles
        )
        warning = " ".join(w for w in (note, answer.warning) if w) or None
        yield StreamEvent(
            answer=answer.model_copy(update={"filters": found.filters, "warning": warning})
        )

    def _find_parts(
        self,
        question: str,
        filters: Filters | None,
        top_k: int | None,
        *,
        follow_up: bool,
        clock: _Clock,
    ) -> tuple[_Found, str | None]:
        """``_find`` for each question a compound question asks ("…, and what was the
        turnout?"; see ``assistant.read.compound``), a later part made to stand alone as a
        follow-up to the one before it; what they found, joined."""
        whole, topic = split_topic(question)
        parts = split_parts(self.annotator.parse(whole))
        if len(parts) == 1:
            return self._find(question, filters, top_k, follow_up=follow_up, clock=clock)
        found: list[_Found] = []
        notes: list[str] = []
        before: list[Turn] = []
        for part in (p.question for p in parts):
            alone = self._rewrite_offline(part, before) if before else part
            if topic and not before:
                alone = f"{alone} ({topic})"
            one, note = self._find(alone, filters, top_k, follow_up=follow_up, clock=clock)
            found.append(one)
            notes += [note] if note else []
            # What a later part's pronouns stand for is named in the question ("did he want"
            # after "When Trump visited…"), not in the earlier part's answer.
            before = [Turn(question=part, answer="")]
        chunks = list({c.id: c for f in found for c in f.chunks}.values())
        articles = {k: v for f in found for k, v in f.articles.items()}
        reading = joined(parts, [f.reading for f in found])
        return _Found(found[0].filters, chunks, articles, reading), " ".join(notes) or None

    def _find(
        self,
        question: str,
        filters: Filters | None,
        top_k: int | None,
        *,
        follow_up: bool,
        clock: _Clock,
    ) -> tuple[_Found, str | None]:
        """Search and read for a stand-alone question: within ``filters`` and any outlet the
        question attributes itself to, and within the period it names; when nothing of that
        period answers, every date (with the note that says so)."""
        scoped = self.scope(question, filters)
        frame = self.reader.analyse(scoped.question)
        period, dated = self.dated(scoped.question, scoped.filters, follow_up=follow_up)
        clock.lap("analyse")
        found = self._search(scoped.question, _met(frame, period), top_k, dated, clock)
        if period is None or not found.reading.abstained:
            return found, None
        # Nothing of the period answers (the news of an event can be dated later than the
        # days searched, or the date was the event's, reported later): every date is.
        found = self._search(scoped.question, frame, top_k, scoped.filters, clock)
        return found, period_unanswered(period)

    def _search(
        self,
        question: str,
        frame: QuestionFrame,
        top_k: int | None,
        filters: Filters | None,
        clock: _Clock,
    ) -> _Found:
        """Retrieve within ``filters`` and read what is found."""
        chunks = self._retrieve(question, list(frame.lemmas), top_k, filters)
        if chunks and time_sensitive(frame.text):
            chunks += self._later(question, frame, chunks, filters)
        clock.lap("retrieve")
        if not chunks:
            return _Found(filters, [], {}, Reading(abstained=True))
        articles = self.store.annotated([c.source for c in chunks], self._annotate)
        chunks = _current_chunks(chunks, articles)
        copies = self.store.catalog.copy_sources(articles)
        carried = {s: len(g.outlets) for s, g in self.store.catalog.stories_of(articles).items()}
        reading = self.reader.read(frame, chunks, articles, copies, carried)
        clock.lap("read")
        return _Found(filters, chunks, articles, reading)

    def _later(
        self, question: str, frame: QuestionFrame, chunks: list[Passage], filters: Filters | None
    ) -> list[Passage]:
        """For a question that asks for the newest news ("the latest death toll"), the best
        chunks of articles published after the newest of those found first: later reports
        of a story rank below its first ones when they say less about it."""
        dates = [d for d in (iso_day(c.date) for c in chunks[:_LATER_FROM]) if d is not None]
        if not dates:
            return []
        since = max(dates) + dt.timedelta(days=1)
        if filters is not None and filters.until is not None and since > filters.until:
            return []
        later = (filters or Filters()).model_copy(update={"since": since})
        seen = {c.id for c in chunks}
        # By the question's words alone: a lexical search needs no embedding model, which a
        # one-shot question's first search loaded in another process (``retrieve_fork``).
        hits = self.store.lexical.search(list(frame.lemmas), _LATER_CHUNKS, filters=later)
        found = self.store.chunks([chunk_id for chunk_id, _ in hits if chunk_id not in seen])
        # With no vector of the question here, each is taken to be as similar to it as the
        # least similar chunk found first.
        known = [c.similarity for c in chunks if c.similarity is not None]
        for passage in found:
            passage.similarity = min(known, default=None)
        return found

    def dated(
        self,
        question: str,
        filters: Filters | None = None,
        *,
        follow_up: bool = False,
        topic: bool = False,
    ) -> tuple[Period | None, Filters | None]:
        """The period of publication ``question`` names ("in March 2017", "last week",
        measured from the newest article; see ``assistant.periods``) and ``filters``
        restricted to its articles and the days after it (unchanged when it names none).
        Dates given in ``filters`` win: the question's period is then None, as outlets given
        win over an outlet the question names. In a ``follow_up``, only a date that says its
        own counts ("in March 2017", not "on Wednesday"). ``topic``: the question is a
        timeline's topic ("the Verrin dam in March 2017")."""
        days_after = self.settings.retrieval.period_days_after
        if filters is not None and (filters.since or filters.until):
            return None, filters
        asked, _ = split_topic(question)
        doc = self.annotator.parse(asked)  # the parse the reader made, kept: no second pass
        archive = self.store.date_range()
        found = named_period(doc, archive, days_after, relative=not follow_up, topic=topic)
        return found, within(filters, found, days_after)

    async def astream(
        self,
        question: str,
        *,
        history: list[Turn] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> AsyncIterator[StreamEvent]:
        """``stream`` as an async iterator: the pipeline runs on a worker thread, so the event
        loop stays free while the model is read; closing the iterator stops the worker."""
        events = iterate_on_thread(
            lambda: self.stream(question, history=history, top_k=top_k, filters=filters)
        )
        try:
            async for event in events:
                yield event
        finally:
            # Closed here, in the consumer's task: left to the loop's shutdown, the bridge's
            # worker thread would outlive the loop.
            await events.aclose()

    def _annotate(self, article: Article) -> Annotation:
        """Annotations for an article stored by an older pipeline (until it is re-ingested)."""
        if not self._warned_outdated:
            self._warned_outdated = True
            log.warning("the store was built by an older pipeline; run `assistant ingest` again")
        return self.annotator.annotate(article.text, article.body_start)

    def timeline(self, topic: str, filters: Filters | None = None) -> Timeline:
        """The dated developments of ``topic`` across the articles, oldest first: one cited
        sentence per article, duplicates collapsed into one entry naming the other outlets
        (see ``assistant.timeline``); no entries when the articles do not cover it.
        ``filters`` as for ``ask``."""
        from assistant.timeline import build_timeline

        return build_timeline(self, topic, filters)

    def retrieve(
        self, question: str, *, k: int | None = None, filters: Filters | None = None
    ) -> list[Passage]:
        """The chunks an answer to a stand-alone question reads (what the evals score): the
        same search as ``ask`` (a question carrying a topic from earlier turns is a
        follow-up)."""
        follow_up = split_topic(question)[1] is not None
        found, _ = self._find(question, filters, k, follow_up=follow_up, clock=_Clock())
        return found.chunks

    def rewrite(self, question: str, history: list[Turn]) -> str:
        """The question made to stand alone, given the conversation so far."""
        return self.rewriter(question, history)

    def _rewrite_offline(self, question: str, history: list[Turn]) -> str:
        return rewrite_followup(
            question,
            history,
            parse=self.annotator.parse,
            kinds=self.reader.role_labels,
            genders=self._genders,
        )

    def _genders(self, name: str) -> Counter[str]:
        """How often the articles write the person ``name`` "he" and "she"."""
        return self._pronouns(name, self.store.catalog.version())

    def _written_as(self, name: str, version: object) -> Counter[str]:
        return written_as(self.store, self._annotate, name)

    def _generate(
        self, question: str, passages: list[Passage], reading: Reading, history: list[Turn]
    ) -> Generator[StreamEvent, None, tuple[tuple[str, list[Passage]], str | None]]:
        """Stream the answerer's text; return (text, the passages its markers number) and why
        the offline answer replaced it, if it did."""
        pieces: list[str] = []
        try:
            for piece in self.answerer.answer(question, passages, history):
                pieces.append(piece)
                yield StreamEvent(delta=piece)
        except AnswerUnavailable as exc:
            return self._offline_text(reading), f"llm failed: {exc}"
        # The model read neutralised passages (``passage_block``); a tag it still writes is
        # made inert, and a link survives only where the span its sentence cites holds it.
        reply = cite.neutralise_tags("".join(pieces))
        text = cite.validate(cite.strip_foreign_links(reply, passages), len(passages))
        if text.strip() == CANNOT_ANSWER_PHRASE:
            return (text, []), None
        problem = _citation_problem(text, passages)
        if problem:
            return self._offline_text(reading), problem
        return (text, passages), None

    def _offline_text(self, reading: Reading) -> tuple[str, list[Passage]]:
        return self.offline.compose(reading), reading.passages

    def _finish(
        self,
        question: str,
        standalone: str,
        generated: tuple[str, list[Passage]],
        fallback: str | None,
        reading: Reading,
        clock: _Clock,
        *,
        articles: Mapping[str, tuple[Article, Annotation]] | None = None,
    ) -> Answer:
        text, passages = generated
        offline = self.answerer is self.offline or fallback is not None
        abstained = reading.abstained if offline else text.strip() == CANNOT_ANSWER_PHRASE
        weak = not abstained and _reader_unsure(reading, offline=offline)
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=text,
            short_answer=reading.short_answer if offline and not abstained else None,
            abstained=abstained,
            citations=self._with_context(cite.to_citations(text, passages), articles or {}),
            backend=self.offline.name if fallback else self.answerer.name,
            fallback=fallback,
            warning=WEAK_EVIDENCE_WARNING if weak else None,
            prompt_hash=None if fallback else self.answerer.prompt_hash,
            settings_hash=self.settings.fingerprint(),
            timings_ms=clock.total(),
            **(_news_fields(reading) if offline and not abstained else {}),
        )

    def _with_context(
        self, citations: list[Citation], articles: Mapping[str, tuple[Article, Annotation]]
    ) -> list[Citation]:
        """Citations with the outlets that carry each cited story (grouped at ingest) and the
        relative dates in each span resolved against its article's date."""
        stories = self.store.catalog.stories_of(c.source for c in citations)
        found = []
        for c in citations:
            update: dict[str, Any] = {}
            if c.source in stories:
                update["story_outlets"] = stories[c.source].outlets
            c = c.model_copy(update=update) if update else c
            found.append(with_dates(c, *articles[c.source]) if c.source in articles else c)
        return found


@dataclass(frozen=True)
class _Found:
    """What one search found: the filters it ran under, the chunks of the stored versions of
    their articles, those articles, and the reader's reading of them."""

    filters: Filters | None
    chunks: list[Passage]
    articles: dict[str, tuple[Article, Annotation]]
    reading: Reading


def _met(frame: QuestionFrame, period: Period | None) -> QuestionFrame:
    """The question's frame for a search within ``period``: its words ("March 2017") are met
    by the filter, so neither the lexical search nor the reader asks the evidence to repeat
    them (an article of March rarely writes "March 2017")."""
    if period is None:
        return frame
    return replace(
        frame,
        lemmas=tuple(lemma for lemma in frame.lemmas if lemma not in period.lemmas),
        weights={k: w for k, w in frame.weights.items() if k not in period.lemmas},
        names=tuple(name for name in frame.names if name not in period.lemmas),
    )


def period_unanswered(period: Period) -> str:
    """What an answer says when no article of the period a question names answers it."""
    return f"No article of {period.label} answers this, so articles of every date were searched."


def _news_fields(reading: Reading) -> dict[str, Any]:
    """The answer's conflicts and as-of date, from the offline reading."""
    conflicts = []
    if reading.conflicts:
        values = [
            ConflictValue(value=r.value, citations=[r.marker], attributed_to=r.attributed_to)
            for r in reading.conflicts
        ]
        conflicts = [Conflict(claim=reading.claim or "what was asked", values=values)]
    return {"conflicts": conflicts, "as_of": reading.as_of}


def _current_chunks(
    chunks: list[Passage], articles: dict[str, tuple[Article, Annotation]]
) -> list[Passage]:
    """The chunks of the stored version of their article (a replacement cut short by a crash
    leaves the other version's chunks, pointing at the wrong characters, until ingest)."""
    return [c for c in chunks if c.source in articles and is_current(c, articles[c.source][0])]


def _reader_unsure(reading: Reading, *, offline: bool) -> bool:
    """Whether an answer given carries the weak-evidence warning: only when the offline reader
    is itself unsure of the question. Its own answer (or the one standing in for an LLM reply
    whose citations failed the checks) is unsure when the reader's confidence is within
    ``_CONFIDENCE_MARGIN`` of declining; an LLM's answer, when the reader is unsure of its own
    or would have declined the question altogether."""
    if offline:
        return not reading.confident
    return reading.abstained or not reading.confident


def _citation_problem(text: str, passages: list[Passage]) -> str | None:
    if not cite.extract(text):
        return "the answer cited no passage"
    if not cite.strip_markers(text).strip(" \n\t.,;:"):
        return "the answer had no text besides its markers"
    unsupported = cite.unsupported_sentences(text, passages)
    if unsupported:
        return f"{len(unsupported)} sentence(s) not supported by their citations"
    return None


class _Clock:
    def __init__(self) -> None:
        self._start = self._last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round((now - self._last) * 1000, 2)
        self._last = now

    def total(self) -> dict[str, float]:
        return {**self.laps, "total": round((time.perf_counter() - self._start) * 1000, 2)}
