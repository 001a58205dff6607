"""Question analysis: what kind of answer is expected, and which words its evidence must hold.

From spaCy's parse of the question: the wh-word and the noun it asks about ("which city",
"how many tanks", "who is the governor") give the expected answer type as a set of spaCy
entity labels; the remaining content lemmas, weighted by how rare they are in the corpus, are
what the evidence must contain (the event, the role, "killed" rather than "wounded").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.dates import A_YEAR
from assistant.language import FIGURE_LABELS, asking_word, lemmas_of, small_number, spelling

_YEAR = re.compile(A_YEAR)

# Groups of spaCy (OntoNotes) entity labels that answer a kind of question.
PERSON = frozenset({"PERSON", "ORG"})
PLACE = frozenset({"GPE", "LOC", "FAC"})
TIME = frozenset({"DATE", "TIME"})
# "How long": a length of time or of road, which spaCy may take for a bare number.
LENGTH = TIME | {"QUANTITY", "CARDINAL"}
NUMBER = FIGURE_LABELS
ORGANISATION = frozenset({"ORG"})
FACILITY = frozenset({"FAC"})
# An amount of money, or a figure in digits whose currency sign the text lost ("?18,000").
MONEY = frozenset({"MONEY", "CARDINAL"})
NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
# Words quoted as said ("called the idea \"mortifying\""): what "what word" asks for.
QUOTE = frozenset({"QUOTE"})
# The label preferred among those expected, by question word or head noun.
_PRIMARY = {
    "who": "PERSON",
    "whom": "PERSON",
    "whose": "PERSON",
    "many": "CARDINAL",
    "much": "MONEY",
    "percentage": "PERCENT",
    "percent": "PERCENT",
    "proportion": "PERCENT",
    "share": "PERCENT",
    "rate": "PERCENT",
    "nationality": "NORP",
}

_UNITS = frozenset({"QUANTITY"})
# Question words and the answers they ask for (general English).
_WH_TYPES = {"who": PERSON, "whom": PERSON, "whose": PERSON, "where": PLACE, "when": TIME}
# The share of the names the articles write by a noun that are people's, for the noun to be
# a doer ("leader" for "Who leads…?") or a role whose question asks for a person (with
# ``PEOPLE_SHARE``: the share of people among the names of any label).
DOER_SHARE = 0.5
PEOPLE_SHARE = 0.8
# Nouns of a count of votes, asked for as "the vote" or "by what vote" ("72 votes to 27"),
# though "what vote" alone asks which one ("a no-confidence vote").
_TALLIES = frozenset({"vote", "tally"})
# "how" + adjective or adverb.
_HOW_TYPES = {
    "many": NUMBER,
    "much": NUMBER,
    "long": LENGTH,  # a time or a length: never money or a share
    "old": NUMBER | TIME,
    "far": frozenset({"QUANTITY"}),  # a distance: "40 kilometres", not "about 40"
    "big": NUMBER,
    "large": NUMBER,
    "high": NUMBER,
    "tall": NUMBER,
    "deep": NUMBER,
    "wide": NUMBER,
    "heavy": NUMBER,
    "fast": NUMBER,
    "often": NUMBER | TIME,
    # Measures in units: a thickness ("2 km"), a heat ("40C"); never a share ("up to 30
    # percent") or money.
    "thick": _UNITS,
    "thin": _UNITS,
    "hot": _UNITS,
    "cold": _UNITS,
    "warm": _UNITS,
    "expensive": MONEY,
}
# Nouns and verbs that make "how much" (or "what X") ask for an amount of money: "how much
# did it cost", "how much money", "what price".
_MONEY_NOUNS = (
    "money",
    "cost",
    "price",
    "fee",
    "fine",
    "salary",
    "wage",
    "pay",
    "budget",
    "sum",
    "reward",
    "compensation",
    "profit",
    "revenue",
    "tax",
    "debt",
)
_MONEY_VERBS = ("pay", "spend", "sell", "earn", "charge", "bill", "owe", "donate", "invest", "fund")
# Verbs whose "how long" asks a length of time ("How long does the journey take?").
_LASTING = frozenset({"take", "last"})
_MONEY_WORDS = frozenset({*_MONEY_NOUNS, *_MONEY_VERBS, "worth"})
# Words by which a bare "what" asks for an amount of money ("What is it worth?"), and those
# that do with a preposition after them ("valued at", "sell for"). Not every word of
# ``_MONEY_WORDS``: "What did the company sell?" asks what was sold, not for how much.
_AMOUNT_WORDS = frozenset({"worth", "cost", "fetch", "earn", "pay", "owe"})
_AMOUNT_WITH = {"value": "at", "sell": "for"}
# Verbs by which one calls something by a name or words (general English).
_NAMING_VERBS = frozenset({"call", "dub", "nickname", "label", "brand", "term"})
# Heads that are counts of people or things.
_COUNTS = frozenset({"number", "population", "toll"})
# Nouns that ask for a name: "the name of the gunman", "the surname of the judge".
_NAME_NOUNS = ("name", "surname", "nickname")
_TITLE_NOUNS = ("title", "headline")  # the name of a work: "the title of the report"
# Head nouns of "which X" / "what X" / "what is the X" that name a kind of answer. Nouns not
# listed are matched in the evidence itself (an entity in or beside a phrase headed by X).
_HEAD_TYPES = {
    **dict.fromkeys(
        [
            "city",
            "town",
            "country",
            "region",
            "state",
            "province",
            "capital",
            "village",
            "nation",
            "county",
            "island",
            "district",
            "area",
            "place",
            "location",
            "venue",
            "port",
            "border",
        ],
        PLACE,
    ),
    # Buildings: spaCy tags them as facilities, or by their owner. (Not roads and streets,
    # which it tags as anything: "the A27", "John Dobson Street".)
    **dict.fromkeys(
        ["hotel", "airport", "stadium", "hospital", "prison", "museum", "cemetery", "building"],
        FACILITY | ORGANISATION,
    ),
    **dict.fromkeys(
        ["year", "day", "date", "month", "time", "week", "decade", "century", "season"], TIME
    ),
    **dict.fromkeys(
        [
            "company",
            "firm",
            "organisation",
            "organization",
            "group",
            "party",
            "agency",
            "team",
            "club",
            "newspaper",
            "bank",
            "airline",
            "broadcaster",
            "network",
            "channel",
            "union",
            "brand",
            "manufacturer",
        ],
        ORGANISATION,
    ),
    **dict.fromkeys(
        [
            "number",
            "figure",
            "total",
            "toll",
            "population",
            "amount",
            "percentage",
            "proportion",
            "share",
            "rate",
            "age",
            "margin",
            "score",
        ],
        NUMBER,
    ),
    **dict.fromkeys(_MONEY_NOUNS, MONEY),
    **dict.fromkeys(_NAME_NOUNS, NAMED),
    **dict.fromkeys(["nationality"], frozenset({"NORP", "GPE"})),
    **dict.fromkeys(["person", "man", "woman"], frozenset({"PERSON"})),
    **dict.fromkeys(["word", "term", "phrase", "expression"], QUOTE),
    # spaCy labels some titles of works; others are quoted ("titled \"A Deadly Journey\"").
    **dict.fromkeys(_TITLE_NOUNS, QUOTE | {"WORK_OF_ART"}),
    # Works, named by their titles, quoted or labelled as works of art.
    **dict.fromkeys(
        ["song", "album", "film", "movie", "book", "novel", "poem", "painting", "documentary"],
        QUOTE | {"WORK_OF_ART"},
    ),
    # Publications and broadcasts, named as their publisher or as a work ("Fox News Sunday",
    # "The Situation Room", "Oncotarget").
    **dict.fromkeys(
        ["programme", "program", "show", "series", "magazine", "journal", "website"],
        ORGANISATION | {"WORK_OF_ART"},
    ),
}


# Verbs of one sense in news of an event (general English): "how many were hurt" is met by
# "were injured".
_SAME_SENSE = (
    frozenset({"wound", "injure", "hurt"}),
    frozenset({"arrest", "detain"}),
)
# What befalls the people a news event counts (general English), one outcome a group: a
# count told with a verb of another group ("six were killed") is no count for a question
# with a verb of this one ("how many were wounded"). Dying is told of killings, and of
# deaths that are none ("died in hospital"), so "die" meets only itself.
OUTCOMES = (frozenset({"kill", "die"}), *_SAME_SENSE)
# Verbs of one change of a figure (general English): "by how much did investment grow" is met
# by "increased by 8.1 percent".
_CHANGES = (
    frozenset({"grow", "increase", "rise", "climb"}),
    frozenset({"fall", "drop", "decline", "decrease", "shrink"}),
)


def alike(verb: str) -> frozenset[str]:
    """The verbs of the same sense as ``verb``, itself among them."""
    groups = (*_SAME_SENSE, *_CHANGES)
    return next((group for group in groups if verb in group), frozenset({verb}))


@dataclass(frozen=True)
class QuestionFrame:
    """What the reader knows about a question before looking at any evidence."""

    text: str
    lemmas: tuple[str, ...]
    """Content lemmas, for retrieval."""
    expects: frozenset[str] = frozenset()
    """Entity labels an answer may have; empty when the question asks for a statement."""
    head: str | None = None
    """The noun asked about: "city" in "which city", "tank" in "how many tanks"."""
    plural: bool = False
    """Whether several answers are asked for ("which senators", "who were")."""
    wanted: int | None = None
    """How many answers are asked for, when the question says ("which two women")."""
    weights: dict[str, float] = field(default_factory=dict)
    """Constraint lemmas (the question's content less the words that ask) and their idf."""
    names: tuple[str, ...] = ()
    """Lemmas of the proper nouns of the question, and of the numbers that name a thing (a
    year)."""
    initials: tuple[tuple[str, frozenset[str]], ...] = ()
    """The question's names of several words as news also writes them, by their initials
    ("psg" for "Paris Saint-Germain"), each with the lemmas of ``names`` it stands for: an
    article that writes the initials holds the name."""
    years: frozenset[str] = frozenset()
    """The years among ``names`` ("2017"). A search within the period they name no longer asks
    the evidence to write them (``names`` loses them), but a figure asked for one of them is
    still one the text writes for it."""
    question_words: frozenset[str] = frozenset()
    """Every lower-cased word of the question: an answer is never one of these."""
    predicate: str | None = None
    """Lemma of the question's main verb ("kill" in "How many were killed?"): what separates
    the killed from the wounded, so the answer's sentence or its neighbour must hold it."""
    primary: str | None = None
    """The entity label preferred among those expected (PERSON for "who")."""
    counted: str | None = None
    """The thing a count is asked of: "tank" in "how many tanks" (not set for "how much",
    whose answer names its own unit: "385 square miles of territory")."""
    named: bool = False
    """Whether the name of the head is asked for ("the name of the gunman"): the answer is
    written by it ("the gunman, John Smith")."""
    measured: bool = False
    """Whether an amount is asked for ("how much", "what price"): a bare number answers only
    when written in digits ("?18,000", its currency sign lost), never "one"."""
    owner: str | None = None
    """The common noun of an "of" phrase on the noun asked about: "taoiseach" in "which widow
    of a former taoiseach". A name written with that title ("former taoiseach Charles
    Haughey") is the owner, not the one asked for."""
    measure: str | None = None
    """The noun whose value the question may ask for ("turnout" in "what was the turnout",
    "vote" in "by what vote"): it does when the articles mostly write a figure by it
    (``figure_share``; ``as_figure``)."""
    verbs: tuple[str, ...] = ()
    """Lemmas of the question's verbs ("order", "evacuate" in "How many were ordered to
    evacuate?")."""
    future: bool = False
    """Whether the question asks about what will happen ("When will voters decide?"): a time
    before the article was published does not answer it."""
    aged: frozenset[str] | None = None
    """For "how old": the words of the one whose age is asked (``aged_words``); None for any
    other question."""
    reason: bool = False
    """Whether the question asks why ("Why did Malaysia free him?", "What caused the fire?"):
    sentences that give a reason (``wording.gives_a_reason``) answer it first."""
    cause: bool = False
    """Whether it asks for a cause by a word of causing ("What caused the fire?", "What was
    the cause of his death?"): only a sentence that gives a reason answers it. A bare "why"
    is answered in more ways than English's words of reason ("as such a vote won't be
    recognised", "moved troops south, leaving the front exposed")."""
    role_labels: Mapping[str, float] = field(default_factory=dict)
    """What the articles write by the role asked about: the share of the names it introduces
    that have each entity label ("spokesman": mostly PERSON), less when it is rarely written
    (``role_shares``). Empty when no role is asked about."""

    def as_figure(self, labels: Iterable[str]) -> QuestionFrame:
        """The frame asking for the value of ``measure``, a figure of the ``labels`` the
        articles write by it ("value": money, "turnout": a percentage), as "how much" asks."""
        expects = frozenset(labels) & NUMBER
        return replace(
            self,
            expects=expects | MONEY if "MONEY" in expects else expects,
            head=self.measure,
            measured=True,
            named=False,
            primary=None,
            wanted=None,
            owner=None,
            role_labels={},
        )

    @property
    def role(self) -> str | None:
        """The head noun when it names a role or a thing rather than a kind of answer
        ("governor", "auction house", not "city" or "year"): the answer is written by it."""
        if self.head is None or self.head in _HEAD_TYPES or self.expects & NUMBER:
            return None
        return self.head

    @property
    def predicates(self) -> frozenset[str]:
        """The question's main verb and the verbs of its sense ("injure" and "hurt" for
        "wound"): any of them in a sentence meets the verb."""
        if self.predicate is None:
            return frozenset()
        return alike(self.predicate)

    @property
    def counts(self) -> str | None:
        """What the answer counts: the noun of "how many", or a head that is itself a count
        ("the population", "the death toll"), whose answer is a bare number."""
        return self.counted or (self.head if self.head in _COUNTS else None)

    @property
    def asks_several(self) -> bool:
        """Whether several answers are asked for ("which senators", "which two women")."""
        return self.plural or (self.wanted or 0) > 1

    @property
    def wants_time(self) -> bool:
        """Whether a point in time is asked for ("when", "what date"), not a length."""
        return bool(self.expects & TIME) and not self.expects & NUMBER

    @property
    def wants_year(self) -> bool:
        """Whether a year is asked for ("in what year"): a time that does not name its year
        ("Friday", "more than 13 years") does not answer."""
        return self.wants_time and self.head == "year"

    @property
    def wants_day(self) -> bool:
        """Whether one day is asked for ("on what date", "which day"): "the 1980s" or "March
        2017" does not answer."""
        return self.wants_time and self.head in {"date", "day"}

    @property
    def asks_for_people(self) -> bool:
        """Whether a question asking for a name asks about a role the articles write with
        people's names, nearly always ("executive", "judge"): a person is preferred to the
        other names, which spaCy's labels alone allow ("which Uber executive" is not
        "Daimler"), and a place is never the answer ("a Georgia judge")."""
        if "PERSON" not in self.expects or self.expects & (NUMBER | TIME):
            return False
        people = self.role_labels.get("PERSON", 0.0)
        return people >= DOER_SHARE and people >= PEOPLE_SHARE * sum(self.role_labels.values())

    @property
    def wants_phrase(self) -> bool:
        return bool(self.expects) or self.head is not None


def analyse(doc: Any, idf: Callable[[str], float]) -> QuestionFrame:
    """The frame of a parsed question (``doc`` is a spaCy ``Doc``)."""
    tokens = list(doc)
    wh = asking_word(tokens)
    expects, head, asking = _answer_type(wh, tokens) if wh is not None else (frozenset(), None, [])
    asking_ids = {t.i for t in asking}
    lemmas = lemmas_of(tokens)
    constraint_tokens = [t for t in tokens if t.i not in asking_ids]
    weights = {lemma: idf(lemma) for lemma in dict.fromkeys(lemmas_of(constraint_tokens))}
    names = tuple(dict.fromkeys(lemma for t in tokens if _is_name(t) for lemma in lemmas_of([t])))
    plural = any(t.tag_ in {"NNS", "NNPS"} for t in asking) or _plural_verb(wh)
    # "Which of its four crew members was ...": the number counts the crew, and the verb says
    # how many are asked for.
    partitive = wh is not None and _of(wh) is not None
    if partitive and _singular_verb(wh):
        plural = False
    predicate = _predicate(tokens, asking_ids)
    cause = wh is not None and not expects and _asks_cause(wh)
    return QuestionFrame(
        text=doc.text,
        lemmas=tuple(dict.fromkeys(lemmas)),
        expects=expects,
        head=head,
        plural=plural,
        wanted=_wanted(tokens, asking, head) if not expects & NUMBER and not partitive else None,
        weights=weights,
        names=names,
        years=frozenset(name for name in names if _YEAR.fullmatch(name)),
        initials=_initials(doc, names),
        # Tokens, lemmas and the words within tokens ("st" of "St. Moritz").
        question_words=frozenset(t.lower_ for t in tokens)
        | frozenset(lemmas)
        | frozenset(re.findall(r"\w+", doc.text.lower())),
        predicate=predicate,
        primary=_primary(asking, head, tokens),
        counted=head if any(t.lower_ == "many" for t in asking) else None,
        measured=expects == MONEY or any(t.lower_ == "much" for t in asking),
        named=head not in _NAME_NOUNS and any(t.lemma_.lower() in _NAME_NOUNS for t in asking),
        owner=_owner(tokens, head),
        measure=_measured_noun(wh, expects, head) if wh is not None else None,
        future=wh is not None and _will(wh.head),
        verbs=tuple(dict.fromkeys(spelling(t.lemma_.lower()) for t in tokens if t.pos_ == "VERB")),
        aged=aged_words(wh) if wh is not None else None,
        reason=cause or (wh is not None and not expects and wh.lower_ == "why"),
        cause=cause,
    )


# Nouns and verbs that ask for a reason: "what caused", "what was the reason for".
_REASON_ASKED = frozenset({"cause", "reason", "motive", "trigger"})


def _asks_cause(wh: Any) -> bool:
    """Whether a "what" asks for a cause by a word of causing: the subject of a verb of causing
    ("What caused the fire?"), or asking what a noun of reason is ("What was the cause of his
    death?")."""
    if wh.lower_ != "what":
        return False
    if wh.dep_ in {"nsubj", "nsubjpass"} and wh.head.lemma_.lower() in _REASON_ASKED:
        return True
    role = _copula_subject(wh)
    return role is not None and role.lemma_.lower() in _REASON_ASKED


def aged_words(wh: Any) -> frozenset[str] | None:
    """For "how old", the words (lower case) of the one whose age is asked: the subject and
    the names and nouns it is written with ("How old is Hassan Ali Khaire, Somalia's prime
    minister": hassan, ali, khaire, minister; "How old was the infant found in Nathan
    Carroll's car": infant, not Carroll); a pronoun as it is ("How old is she?": she); empty
    when spaCy finds no subject; None when the question does not ask an age."""
    old = wh.head
    if wh.lower_ != "how" or old.lower_ != "old" or old.i != wh.i + 1:
        return None
    subject = next((c for c in old.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return frozenset()
    if subject.pos_ == "PRON":
        return frozenset({subject.lower_})
    described = [subject, *(c for c in subject.children if c.dep_ == "appos")]
    return frozenset(
        t.lower_
        for noun in described
        for t in [noun, *noun.children]
        if t.pos_ in {"NOUN", "PROPN"} and (t is noun or t.dep_ in {"compound", "amod"})
    )


def _lasting(tokens: list[Any]) -> bool:
    """Whether the question's verb is one whose "how long" asks a length of time: a verb
    form of "take" or "last", or one of them as its last word (spaCy's small model tags
    "did the siege last?" as an adjective)."""
    words = [t for t in tokens if not t.is_punct]
    return any(
        t.lemma_.lower() in _LASTING and (t.tag_.startswith("VB") or t is words[-1]) for t in words
    )


def doers(verb: str) -> list[str]:
    """The English nouns that may name the one who does what ``verb`` says, by the suffixes
    that make them: "leader", "owner", "writer", "director", "chairman", "winner". Which of
    them a language really uses is for the articles to say."""
    stem = verb.removesuffix("e")
    forms = [verb + "r" if verb.endswith("e") else verb + "er", stem + "or", verb + "man"]
    vowels = "aeiou"
    short = len(verb) > 2 and verb[-2] in vowels and verb[-3] not in vowels
    if short and verb[-1] not in vowels + "wxy":
        forms.append(verb + verb[-1] + "er")  # "win": "winner"
    return forms


def _will(verb: Any) -> bool:
    """Whether a verb is in the future ("will decide", "'ll decide", "shall decide"), or the
    question says what is to come with "be due to", "be set to", "be expected to", "be
    scheduled to", "be going to" ("When is the hotel due to open?")."""
    if any(c.tag_ == "MD" and c.lower_ in _WILL for c in verb.children):
        return True
    root = verb.sent.root
    return any(
        t.tag_ == "TO"
        and t.i > 0
        and t.doc[t.i - 1].lemma_.lower() in _TO_COME
        # Not in what someone is said to have said: "When did he say he was set to leave?"
        and not any(a.dep_ == "ccomp" for a in t.ancestors if a.i != root.i)
        for t in root.subtree
    )


_WILL = frozenset({"will", "'ll", "shall"})
# English's words that put what follows them with "to" in the future of when they are said.
_TO_COME = frozenset({"due", "set", "expect", "schedule", "go", "slate"})


def _measured_noun(wh: Any, expects: frozenset[str], head: str | None) -> str | None:
    """The noun whose value a "what" question may ask for: the noun "what" or "which"
    determines when it names no kind of answer ("by what vote", "at what height"), or the
    subject of "what is the X" ("what was the turnout"). Not a name ("what is the name")."""
    if wh.lower_ not in {"what", "which"}:
        return None
    if expects == NAMED and head is not None and head not in _HEAD_TYPES:
        return head  # "by what vote": first read as asking for a name of a vote
    if expects:
        return None
    noun = _copula_subject(wh)
    if noun is None and wh.dep_ == "det" and wh.head.i > wh.i and wh.head.pos_ == "NOUN":
        noun = wh.head
    if noun is None or noun.lemma_.lower() in _NAME_NOUNS:
        return None
    return _lemma(noun)


def _answer_type(wh: Any, tokens: list[Any]) -> tuple[frozenset[str], str | None, list[Any]]:
    """(entity labels, head noun lemma, the tokens that ask) for the question's wh-word."""
    word = wh.lower_
    if word == "how":
        following = tokens[wh.i + 1] if wh.i + 1 < len(tokens) else None
        if following is None or following.lower_ not in _HOW_TYPES:
            return frozenset(), None, [wh]  # "how" of manner: a statement
        nouns = _nouns_after(tokens, following.i + 1)
        noun = nouns[-1] if nouns else None
        counted = following.head  # "many" modifies what is counted: "NATO-led soldiers"
        if counted.i > following.i and counted.pos_ in {"NOUN", "PROPN"}:
            noun = counted
        whole = _of(following)  # "how many of the raiders"
        if noun is None and whole is not None:
            noun = whole
        asking = [wh, following] + ([noun] if noun is not None else [])
        kind = _HOW_TYPES[following.lower_]
        if (
            following.lower_ == "many"
            and noun is not None
            and _head_types(noun, default=kind) == TIME
        ):
            # "How many days": a length of time ("42 days", which spaCy labels a date).
            kind = _HOW_TYPES["long"]
        if following.lower_ == "long" and _lasting(tokens):
            kind = TIME  # "How long does the journey take?": a length of time, not of road
        elif following.lower_ == "long" and any(t.lower_ == "been" for t in tokens):
            kind = LENGTH - _UNITS  # "How long had she been housebound?": not a distance
        if following.lower_ == "much" and any(t.lemma_.lower() in _MONEY_WORDS for t in tokens):
            kind = MONEY  # "how much would it cost", "how much reward money"
        return kind, _lemma(noun), asking
    # spaCy sometimes tags the "what" of "what name did they give" as a pronoun (WP) that
    # still determines the noun after it: read as "which" when that noun names a kind of
    # answer (a word of any other kind asks, as "what" alone does, for a statement).
    determines = wh.dep_ == "det" and wh.head.i > wh.i and wh.head.lemma_.lower() in _HEAD_TYPES
    if word in {"which", "what", "whose"} and (wh.tag_ in {"WDT", "WP$"} or determines):
        whole = _of(wh)  # "which of its four crew members": a member
        nouns = _determined(wh) or _nouns_after(tokens, wh.i + 1) or ([whole] if whole else [])
        if nouns:
            typed = _typing_noun(nouns)
            if typed.lemma_.lower() in _TALLIES and typed.head.lower_ == "by":
                return NUMBER, _lemma(typed), [wh, typed]  # "By what vote?": "72 votes to 27"
            whole = _of(typed) if typed.lemma_.lower() in _PARTS else None
            if whole is not None and whole.ent_type_ in PLACE:
                # "Near which part of London": a place in London, whatever it is called.
                return PLACE, None, [wh, typed, whole]
            return (
                _head_types(typed, default=PERSON if word == "whose" else NAMED),
                _lemma(nouns[-1]),
                list(dict.fromkeys([wh, typed, nouns[-1]])),
            )
    if word in _WH_TYPES:
        if word == "who" and _asks_who_someone_is(wh):
            return frozenset(), None, [wh]  # "Who is Dmytro Zhyvytskyi?": a description
        role = _copula_subject(wh)
        return _WH_TYPES[word], _lemma(role), [wh]
    if word == "what":
        if _asks_an_amount(wh, tokens):
            return MONEY, None, [wh]  # "What is the company worth?", "What did it sell for?"
        if _asks_what_called(wh):
            return QUOTE | NAMED, None, [wh]  # "What did Trump call him?": "so-called judge"
        role = _copula_subject(wh)
        if role is not None and role.lemma_.lower() in _TALLIES:
            return NUMBER, _lemma(role), [wh, role]  # "What was the vote?": the tally
        if role is not None and role.lemma_.lower() in _HEAD_TYPES:
            named = _named_of(role)
            if named is not None and named.ent_type_ == "PERSON" and role.lemma_.lower() == "name":
                # "What was the birth name of David Lytton?": another name of that person.
                return PERSON, _lemma(role), [wh, role]
            if named is not None:
                # "What is the name of the gunman?": the gunman is what the answer names (a
                # person for "the man", a place for "the town").
                kind = _HEAD_TYPES.get(named.lemma_.lower(), _HEAD_TYPES[role.lemma_.lower()])
                return kind, _lemma(named), [wh, role, named]
            return _HEAD_TYPES[role.lemma_.lower()], _lemma(role), [wh, role]
    return frozenset(), None, [wh]


def _asks_what_called(wh: Any) -> bool:
    """Whether a bare "what" asks what a verb of naming calls its object ("What did Trump
    call him?", "What did the group call itself?"): the words or the name it is called by."""
    verb = wh.head
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i != wh.i]
    return verb.lemma_.lower() in _NAMING_VERBS and bool(objects)


def _asks_an_amount(wh: Any, tokens: list[Any]) -> bool:
    """Whether a bare "what" asks for an amount of money: the question's word of value has
    no object but the "what" ("What did the stadium cost?", "What is the firm valued at?",
    "What did the painting sell for?"; not "What did he pay tribute to?")."""
    for token in tokens:
        lemma = token.lemma_.lower()
        following = tokens[token.i + 1].lower_ if token.i + 1 < len(tokens) else ""
        # A word of value alone is the question's own predicate ("What is it worth?"), not
        # one of a clause on a noun ("the man charged with fraud").
        main = token.dep_ in {"ROOT", "acomp"} or wh.head.i in (token.i, token.head.i)
        valued = (lemma in _AMOUNT_WORDS and main) or _AMOUNT_WITH.get(lemma) == following
        objects = [c for c in token.children if c.dep_ == "dobj" and c.i != wh.i]
        if valued and not objects:
            return True
    return False


# Nouns of a part of something: "which part of London" asks for a place in it.
_PARTS = frozenset({"part", "area"})
# Modifiers that make the answer a measure of the head: "what percentage stake".
_MEASURES = frozenset({"percentage", "percent", "proportion"})


def _typing_noun(nouns: list[Any]) -> Any:
    """The noun that says what kind of answer is asked for: the head, unless a modifier
    names the measure ("what percentage stake" asks a percentage). Any other modifier only
    qualifies the head ("which state senator" asks for a person, "which budget director" too)."""
    head = nouns[-1]
    if head.lemma_.lower() in _HEAD_TYPES:
        return head
    return next((n for n in nouns[:-1] if n.lemma_.lower() in _MEASURES), head)


def _named_of(role: Any) -> Any | None:
    """The noun after "name of" or "title of": what the asked-for name belongs to."""
    return _of(role) if role.lemma_.lower() in (*_NAME_NOUNS, *_TITLE_NOUNS) else None


def _of(token: Any) -> Any | None:
    """The noun of an "of" phrase hanging on ``token``: "raiders" in "many of the raiders",
    "Shepherd" in "the name of the German Shepherd"."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next(
                (c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}),
                None,
            )
    return None


def _owner(tokens: list[Any], head: str | None) -> str | None:
    """The lemma of the common noun of an "of" phrase on the noun asked about ("taoiseach" in
    "which widow of a former taoiseach"), when it is another noun with a determiner or a
    modifier of its own: a bare one makes one title with the head ("chief of staff")."""
    for token in tokens:
        if head is None or _lemma(token) != head or token.pos_ != "NOUN":
            continue
        noun = _of(token)
        if noun is None or noun.pos_ != "NOUN" or _lemma(noun) == head:
            continue
        if any(c.dep_ in {"det", "amod", "poss", "compound"} for c in noun.children):
            return _lemma(noun)
    return None


def kinds_of(lemma: str) -> frozenset[str]:
    """The entity labels a noun of the head table names ("company": an organisation); empty
    for any other noun."""
    return _HEAD_TYPES.get(lemma, frozenset())


def names_a_figure(noun: Any) -> bool:
    """Whether a noun asks for a figure ("percentage", "share", "score")."""
    kinds = kinds_of(noun.lemma_.lower())
    return bool(kinds) and kinds <= NUMBER


def _head_types(noun: Any, *, default: frozenset[str]) -> frozenset[str]:
    return _HEAD_TYPES.get(noun.lemma_.lower(), default)


def _determined(wh: Any) -> list[Any]:
    """The noun a "which" / "what" / "whose" determines, by the parse, with the nouns that
    modify it, the head last: "brand" of "which London-based Chinese luxury brand", "striker"
    of "which former Liverpool and Real Madrid striker" (whose modifiers end the run of words
    ``_nouns_after`` reads at the hyphen or the "and")."""
    head = wh.head
    if wh.dep_ not in {"det", "poss"} or head.i <= wh.i or head.pos_ not in {"NOUN", "PROPN"}:
        return []
    # "Which Russian bank's branch": a noun with a possessive of its own takes no "which";
    # the possessor is what is asked about (spaCy sometimes hangs "which" on the branch).
    owner = next((c for c in head.lefts if c.i > wh.i and c.dep_ == "poss"), None)
    if owner is not None and owner.pos_ in {"NOUN", "PROPN"}:
        head = owner
    modifiers = [c for c in head.lefts if c.i > wh.i and c.dep_ == "compound" and c.pos_ == "NOUN"]
    return [*modifiers, head]


_RUN = 8  # words read after "which"/"what" for the noun asked about
_NOUNS = frozenset({"NOUN", "PROPN"})


def _nouns_after(tokens: list[Any], start: int) -> list[Any]:
    """The nouns of the run of modifiers and nouns starting at ``start``, the head last
    ("two Republican senators" -> [senators]; "percentage stake" -> [percentage, stake];
    "German and French payment companies" -> [payment, companies]; "lower-division club" ->
    [division, club])."""
    nouns: list[Any] = []
    index, stop = start, min(start + _RUN, len(tokens))
    while index < stop:
        token = tokens[index]
        entity = _entity_at(token)
        past = _placed(tokens, entity.end) if entity is not None else index
        if entity is not None and past < stop and tokens[past].pos_ in _NOUNS | {"ADJ"}:
            # A name or a figure modifying the noun asked about: "which International
            # Organization for Migration spokesman" asks for a spokesman, not an organisation;
            # "which $3 billion HUD program", for a programme; "which Beijing primary school",
            # for a school; "which two Jupiter, Florida, police sergeants", for sergeants.
            index = past
            continue
        if token.pos_ in {"NOUN", "PROPN"}:
            nouns.append(token)
        elif token.tag_ == "HYPH":
            after = tokens[index + 1] if index + 1 < stop else None
            if after is not None and after.tag_ in {"VBN", "VBG"}:
                # "which Moscow-based bank", "which state-owned company": the words before
                # the hyphen make one adjective with the participle after it.
                nouns.clear()
                index += 1
            # else "which lower-division club"
        elif not (token.pos_ in {"ADJ", "NUM", "DET", "CCONJ"} and not nouns):
            break  # "which three Soviet or Russian women" reads on
        index += 1
    return nouns


def _placed(tokens: list[Any], end: int) -> int:
    """Where the words after a name start, past the place that locates it when one is set off
    by commas ("Jupiter, Florida, police": the police come after "Florida,")."""
    if end + 2 >= len(tokens) or tokens[end].text != ",":
        return end
    place = _entity_at(tokens[end + 1])
    if place is None or place.label_ not in PLACE or place.start != end + 1:
        return end
    if place.end < len(tokens) and tokens[place.end].text == ",":
        return place.end + 1
    return end


def _entity_at(token: Any) -> Any | None:
    """The entity (a name, a figure) that ``token`` is in, if any."""
    if not token.ent_type_:
        return None
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _copula_subject(wh: Any) -> Any | None:
    """The noun a "who is" / "what is" question asks about: "the governor" in "Who is the
    governor of ...?"; with another verb, the noun it says the one asked about is or became
    (a predicative complement: "Who became president", "Who was named prime minister")."""
    verb = wh.head
    roles = {"nsubj", "attr"} if verb.lemma_ == "be" else {"attr", "oprd"}
    for child in verb.children:
        if child.i != wh.i and child.dep_ in roles and child.pos_ == "NOUN":
            return child
    return None


def _asks_who_someone_is(wh: Any) -> bool:
    """ "Who is/was <a name>?": the answer describes the person named, it is not a name."""
    verb = wh.head
    if verb.lemma_ != "be":
        return False
    others = [c for c in verb.children if c.i != wh.i and c.dep_ in {"nsubj", "attr"}]
    return bool(others) and all(c.pos_ == "PROPN" for c in others)


def _initials(doc: Any, names: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """The initials of each named entity of two words or more ("Paris Saint-Germain": "psg";
    "European Union": "eu"), with the lemmas among ``names`` it holds."""
    found = []
    for entity in doc.ents:
        if entity.label_ in FIGURE_LABELS:
            continue
        words = [w for t in entity if t.pos_ == "PROPN" for w in re.split(r"[-‐]", t.text) if w]
        held = frozenset(lemmas_of(entity)) & frozenset(names)
        if len(words) >= 2 and held and all(w[:1].isupper() for w in words):
            found.append(("".join(w[0] for w in words).lower(), held))
    return tuple(found)


def _predicate(tokens: list[Any], asking: set[int]) -> str | None:
    """The lemma of the main content verb, if the question has one."""
    for token in tokens:
        if token.dep_ == "ROOT" or (token.pos_ == "VERB" and token.head.lemma_ == "be"):
            token = _content_verb(token)
            verb = token.pos_ == "VERB" or _has_auxiliary(token)
            lemmas = lemmas_of([token]) if verb and token.i not in asking else []
            if lemmas:
                return lemmas[0]
    return None


def _has_auxiliary(token: Any) -> bool:
    """Whether "do" or a modal is the word's auxiliary ("did Amnesty interview", "will it
    cost"): it is a verb, though spaCy's small model tagged it a noun."""
    return any(c.dep_ == "aux" and (c.lemma_ == "do" or c.tag_ == "MD") for c in token.children)


def _content_verb(verb: Any) -> Any:
    """The verb that says what happens: after a passive that reports or predicts it, the verb
    it goes on to ("need" in "is predicted to need", "evacuate" in "were told to evacuate");
    after "did" or a modal, the bare verb, where spaCy took another word for the verb."""
    # After "did" (or a modal), English writes the bare verb: a root that is not one ("Where
    # did Nobel poet Derek Walcott die?", "poet" taken for a past tense) is a misparse of the
    # bare verb after it.
    if _has_auxiliary(verb) and verb.tag_ != "VB":
        bare = [
            t
            for t in verb.subtree
            if t.i > verb.i
            and t.tag_ == "VB"
            and t.pos_ == "VERB"
            and not any(c.tag_ == "TO" for c in t.children)  # "did Russia beat to win"
        ]
        if bare:
            return bare[0]
    # spaCy's small model often parses "is predicted" as "predicted" depending on "is".
    passive = verb.head.lemma_ == "be" or any(c.dep_ == "auxpass" for c in verb.children)
    goes_on = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    return goes_on[0] if passive and goes_on else verb


def _primary(asking: list[Any], head: str | None, tokens: list[Any]) -> str | None:
    words = [head] if head in _PRIMARY else []
    words += [t.lower_ for t in asking if t.lower_ in _PRIMARY]
    changed = any(_lemma(t) in group for t in tokens if t.pos_ == "VERB" for group in _CHANGES)
    if words == ["much"] and changed:
        return "PERCENT"  # "By how much did investment grow?": "8.1 percent"
    return _PRIMARY[words[0]] if words else None


def _is_name(token: Any) -> bool:
    """A proper noun, a coined name that spaCy tags a common noun ("COVID-19", "eBay":
    capitals past its first letter; not "Article" of "Article 50"), or a number long
    enough to pick one thing out (a year: "the 2022 final"): words the evidence of an answer
    must hold."""
    if token.pos_ == "PROPN" or (token.text.isdigit() and len(token.text) >= 3):
        return True
    return token.pos_ == "NOUN" and any(ch.isupper() for ch in token.text[1:])


def _wanted(tokens: list[Any], asking: list[Any], head: str | None) -> int | None:
    """How many answers the question asks for, by the number written on the noun asked about
    ("which two women", "who were the three suspects", "both candidates") or by the nouns
    joined to it ("the winner and the runner-up")."""
    nouns = [t for t in tokens if t in asking or (head is not None and _lemma(t) == head)]
    for noun in nouns:
        for child in noun.children:
            if child.dep_ in {"nummod", "det", "predet"}:
                number = small_number(child.lower_)
                if number is not None and number > 1:
                    return number
    # "Who are the culture minister and the head of the foundation?": one answer for each
    # singular noun joined to the one asked about (not "which companies and banks").
    for noun in nouns:
        joined = [noun, *(c for c in noun.conjuncts if c.pos_ == "NOUN")]
        if len(joined) > 1 and all(t.tag_ == "NN" for t in joined):
            return len(joined)
    return None


def _singular_verb(wh: Any) -> bool:
    """Whether the verb the wh-word is the subject of, or an auxiliary of it, is singular
    ("which of them was")."""
    verb = wh.head
    return any("Sing" in t.morph.get("Number") for t in (verb, *verb.children) if t.pos_ == "AUX")


def _plural_verb(wh: Any) -> bool:
    return wh is not None and wh.lower_ == "who" and wh.head.tag_ == "VBP"


def _lemma(token: Any | None) -> str | None:
    return spelling(token.lemma_.lower()) if token is not None else None


# Names a role must introduce in the articles before its shares approach what they say.
_ROLE_EVIDENCE = 4


def figure_share(counts: Counter[str]) -> float:
    """The share of what the articles write by a noun that is a figure (its value: "a
    turnout of 81 percent") rather than a name, shrunk as ``role_shares`` are."""
    figures = sum(n for label, n in counts.items() if label in NUMBER)
    return figures / (sum(counts.values()) + _ROLE_EVIDENCE)


def role_shares(counts: Counter[str]) -> dict[str, float]:
    """Each label's share of the names the articles write by a role, shrunk towards none
    when they write few: one "rabbi Marc Schneier" is not yet a rule."""
    total = sum(counts.values()) + _ROLE_EVIDENCE
    return {label: n / total for label, n in counts.items()}
