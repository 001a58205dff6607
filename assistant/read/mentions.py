"""Which mentions of a sentence are candidate answers of the expected type.

A candidate is an entity whose label the question expects, or a name the text itself calls a
thing of the kind asked about ("the town of al-Bab", whatever spaCy labels it), never a
possibility ("it would amount to over $1 billion"), a web address or the stamp of a post. A
thing with no name of its own is answered by the phrase that says which one it is ("a
no-confidence vote" for "what vote"). Whether a typed mention is the kind of answer asked
for is decided in ``fit``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.dates import days_named, days_written, names_a_time
from assistant.language import NAME_LABELS, Mention, says, small_number, stop_words
from assistant.read.evidence import Evidence
from assistant.read.figures import YEAR, counts_as, counts_other, not_a_count_of, numbers_other
from assistant.read.fit import LINKED, LINKED_KIND, described_as, fits
from assistant.read.question import NAMED, NUMBER, OUTCOMES, PLACE, QUOTE, TIME, QuestionFrame
from assistant.read.wording import (
    STEM,
    contains,
    holds_word,
    is_question_words,
    overlaps,
    titled,
    touches,
    whole_words,
)
from assistant.types import iso_day


def typed_mentions(frame: QuestionFrame, item: Evidence, index: int) -> list[tuple[Mention, bool]]:
    """Entities of the expected type in a sentence, each with whether it stands by a phrase
    headed by the noun asked about."""
    mentions = item.mentions_in(index)
    if _on_another_day(frame, item, mentions):
        return []
    phrases = [m for m in mentions if m.label == "NP"]
    # For a count, "41 others" counts what the sentence counted before it (``counts_as``).
    headed = [
        p
        for p in phrases
        if frame.head is not None
        and (counts_as(p.root, frame.head) if frame.counted else p.root == frame.head)
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
        if mention.label in contrasted and mention.verb and mention.verb not in frame.predicates:
            continue  # "thirty sailors were killed and 85 were wounded": not 85 for "killed"
        if mention.label == "NP" or _uncapitalised_name(item.article.text, mention):
            continue
        if _holds_a_link(item.article.text, mention) or _posted_at(item.article.text, mention):
            continue
        if _in_dateline(item.article.text, mention) or _credited(item.article.text, mention):
            continue
        mention = _whole_person(item.article.text, mention, mentions)
        mention = _named_with_head(item.article.text, mention, headed)
        if _where_it_is(frame, mention, headed):
            continue
        near_head = any(
            touches(mention, p, text=item.article.text)
            and not _quoted_apart(item.article.text, mention, p)
            for p in headed
        )
        if _at_a_place(frame, item.article.text, mention):
            mention = replace(mention, label="FAC")
        elif (
            _based_in(frame, item.article.text, mention)
            or _place_of(frame, item.article.text, mention)
            or _a_person_in(frame, mention)
        ):
            mention = replace(mention, label="GPE")
        if mention.label not in expected and not _said_to_be(frame, item.article.text, mention):
            called = _called(frame, item.article.text, mention, headed, phrases)
            if called is None:
                continue
            mention, near_head = called, True
        elif mention.label in PLACE and frame.asks_for_people:
            continue  # the articles write people's names by the noun asked about, not places'
        if not fits(frame, item, mention, near_head, phrases):
            continue
        # A count of something else ("14 wounded", "three of the four missiles" for "how many
        # people") is not an answer.
        counted = frame.counted
        if counted and not near_head and counts_other(item.article.text, mention, phrases, counted):
            continue
        if counted and not_a_count_of(frame, item.article.text, mention, counted):
            continue
        if counted and not near_head and numbers_other(frame, item.article.text, mention):
            continue
        if counted and _of_another_verb(frame, item, index, mention):
            continue
        found.append((mention, near_head))
    # A thing with no name of its own is said by the phrase of the noun asked about.
    label = _kind_label(frame)
    if label is not None and headed:
        taken = [m for m, _ in found]
        names = [m for m in [*mentions, *more, *taken] if m.label in NAME_LABELS | {"NAME"}]
        kinds = _kinds_of_head(frame, label, item.article.text, headed, names)
        found += [(m, True) for m in kinds if not any(overlaps(m, t) for t in taken)]
    return found


def _of_another_verb(frame: QuestionFrame, item: Evidence, index: int, mention: Mention) -> bool:
    """Whether a count tells another outcome than the question's ("six soldiers were killed"
    for "how many were wounded", ``OUTCOMES``) and its sentence nowhere writes the
    question's."""
    asked = frame.predicates
    if not any(group & asked for group in OUTCOMES):
        return False
    if asked & item.annotation.sentences[index].lemmas:
        return False
    return any(mention.verb in group for group in OUTCOMES if not group & asked)


def _on_another_day(frame: QuestionFrame, item: Evidence, mentions: list[Mention]) -> bool:
    """Whether the question names a day ("the car bomb in Baghdad on 16 February 2017") and
    the sentence dates what it tells to other days only ("on Tuesday", in an article of 17
    February): it tells of another event."""
    published = iso_day(item.article.date)
    if published is None:
        return False
    asked = days_written(frame.text, published)
    if not asked:
        return False
    text = item.article.text
    told = days_named(
        (text[m.start : m.end] for m in mentions if m.label == "DATE" and not says(m.verb)),
        published,
    )
    return bool(told) and not told & asked


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
            touches(n, phrase, _KIND_GAP, text)
            if not contains(phrase, n)
            else is_question_words(text[n.start : n.end], frame)
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
        places = [n for n in names if n.label in PLACE and contains(phrase, n)]
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
    if holder is None or not titled(text[mention.end : holder.end]):
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
    stems = {word.lower()[:STEM] for word in found.groups() if word}
    return any(lemma[:STEM] in stems for lemma in frame.weights)


def _at_a_place(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether an organisation is written as the place where something is, for a question
    that asks where, with no noun saying what kind of place ("which town" asks for a town):
    "displayed at the Naval Museum", "originally from Tralee", "in the redeveloped Battersea
    Power Station" (spaCy's small model labels museums, hospitals and small towns as
    organisations)."""
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
    if any(m.label != "NP" and overlaps(m, after) for m in mentions):
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
        and FULL_NAME.fullmatch(text, m.start, m.end)
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
        (p for p in mentions if p.label == "NP" and contains(p, mention) and p.end > mention.end),
        None,
    )


def _based_in(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a name is written as where something is based ("the Milton Keynes-based
    Staske Construction", where spaCy labels the town a person), for a question that asks
    for a place."""
    if mention.label in PLACE or mention.label not in NAME_LABELS or not frame.expects & PLACE:
        return False
    return _BASED.match(text, mention.end) is not None


def _a_person_in(frame: QuestionFrame, mention: Mention) -> bool:
    """Whether spaCy labels a person a name the text writes something happens *in* ("a
    collision with another vehicle in Kent", "hospital in Harstad"), for a question that asks
    for no place: English puts no one in a person, so the name is a place's."""
    return mention.label == "PERSON" and mention.root == "in" and not frame.expects <= PLACE


def _place_of(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a name is written as the name of a place ("the town of Natalie", "the city of
    Cork") or as where someone is from ("Judith Permar, 56, of Mount Carmel"), whatever spaCy
    labels it, for a question that asks for no place: no person or organisation answers it."""
    if mention.label in PLACE or mention.label not in NAME_LABELS or frame.expects & PLACE:
        return False
    start = max(mention.start - _PLACE_OF_CHARS, 0)
    return _PLACE_OF.search(text, start, mention.start) is not None


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


def _contrasted(frame: QuestionFrame, text: str, mentions: list[Mention]) -> set[str]:
    """Labels of the entities of a sentence that the question's verb governs ("thirty" in
    "thirty sailors were killed" for "how many were killed"): in that sentence an entity of
    the same label tied to another verb ("85 sailors were wounded") does not answer."""
    if frame.predicate is None:
        return set()
    return {
        m.label
        for m in mentions
        if m.verb in frame.predicates
        and m.label in (frame.expects or NAMED)
        and not is_question_words(whole_words(text, m), frame)
        and not _uncapitalised_name(text, m)  # "led by bariatric surgeon, Dr Lakdawala"
    }


def _unlabelled_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Noun phrases written as names (capitalised after their article: "a Jet Provost") that
    spaCy's entity recogniser left out, as mentions labelled "NAME"; a phrase whose common
    nouns say what the name ending it is ("estate agents Country Cottages"), that name."""
    entities = [m for m in mentions if m.label != "NP"]
    found = []
    for phrase in mentions:
        if phrase.label != "NP" or any(overlaps(phrase, e) for e in entities):
            continue
        article = _DETERMINER.match(text, phrase.start, phrase.end)
        start = article.end() if article else phrase.start
        if text[start : start + 1].isupper():
            found.append(replace(phrase, start=start, label="NAME"))
            continue
        tail = _NAME_AT_END.search(text, start, phrase.end)
        if tail is not None and set(text[start : tail.start()].lower().split()) - stop_words():
            # Not "his Special Envoy": only a word that says what the name is.
            found.append(replace(phrase, start=tail.start(), label="NAME"))
    return found


def _quoted_titles(text: str, start: int, end: int) -> list[Mention]:
    """Titles written in double quotes between ``start`` and ``end`` (on "Fox News Sunday",
    the theme song for "Moonlighting"), which spaCy's small model often leaves out or cuts
    up, as works: every word capitalised, so not a quoted remark."""
    return [
        replace(m, label="WORK_OF_ART")
        for m in _quoted(text, start, end, _TITLE_WORDS)
        if titled(text[m.start : m.end])
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
        for found in YEAR.finditer(text, m.start, m.end)
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
    linked = LINKED if frame.role else LINKED_KIND
    after = any(linked.fullmatch(text, p.end, mention.start) for p in headed)
    described = titled(written) and described_as(text, mention, frame.head)
    if (
        not after
        and not described
        and not (frame.role and titled(written) and holds_word(written, frame.role))
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


def supposed(frame: QuestionFrame, text: str, mention: Mention) -> bool:
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


def _in_dateline(text: str, mention: Mention) -> bool:
    """Whether a mention is in the dateline that opens a paragraph: where the story was
    filed, when, and the agency or outlet credited ("MOSCOW, March 9. /TASS/.", "Islamabad,
    Pakistan (CNN)"). It says who wrote the report, not what the report says."""
    line = text.rfind("\n", 0, mention.start) + 1
    if mention.start - line > _DATELINE_CHARS:
        return False
    found = _DATELINE.match(text, line)
    return found is not None and mention.end <= found.end()


def _credited(text: str, mention: Mention) -> bool:
    """Whether a mention is the credit of a photograph: a person's name, a slash, then the
    outlet ("Zhu Xingxin / China Daily", "Feng Yongbin / For China Daily"), either of them;
    or a byline ("Author: Rolf Wenkel"). It says who took the picture or wrote the report,
    not what the report says."""
    name = text[mention.start : mention.end].rstrip(" \t/")  # spaCy may take in the slash
    if mention.label == "PERSON" and _CREDIT.match(text, mention.start + len(name)):
        return True
    if _BYLINE.search(text, max(mention.start - _CREDIT_CHARS, 0), mention.start):
        return True
    return _CREDITED.search(text, max(mention.start - _CREDIT_CHARS, 0), mention.start) is not None


def _quoted_apart(text: str, mention: Mention, phrase: Mention) -> bool:
    """Whether a quotation mark stands between the two: one is in a quote, the other in the
    words that report it ("... its captain," Djoko Hartoyo said)."""
    return bool(
        _QUOTES.search(text, min(mention.end, phrase.end), max(mention.start, phrase.start))
    )


# A slash after a photographer's name, then the outlet credited; the outlet, after them.
_CREDIT = re.compile(r"[ \t]*/[ \t]*[A-Z]")
_CREDITED = re.compile(r"[A-Z][a-z]+[ \t]*/[ \t]*(?:For[ \t]+)?$")
_CREDIT_CHARS = 40
# Capitalised words that end a phrase after a lower-case word ("agents Country Cottages").
_NAME_AT_END = re.compile(r"(?<=[a-z] )(?:[A-Z][\w'’-]*\s)*[A-Z][\w'’-]*$")
# The label of a byline that some outlets print inside the text, then the writer's name.
_BYLINE = re.compile(r"\bAuthors?:[ \t]*$")
# A phrase in double quotes (straight or curly), without the punctuation closing it inside.
_QUOTED = re.compile(r"[\"“]([^\"“”]+?)[.,!?]?[\"”]")
_QUOTES = re.compile(r"[\"“”]")
# The handle of an embedded post and the date it was posted, up to the stamp asked about.
_POSTED = re.compile(r"\(@\w+\)\s*(?:on\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}\s+at\s+)?$")
_POSTED_CHARS = 60
# A dateline (news style): a place in capitals or capitalised words, perhaps a date, then the
# credit between slashes or brackets ("KALININGRAD, February 7. /TASS/.", "(CNN)At least",
# "(AP) —"; not "The Royal Navy (RN) said").
_DATELINE = re.compile(
    r"\s*(?:[A-Z][\w.'’-]*(?:[ ,]+\(?[A-Z][\w.'’-]*\)?)*"
    r"(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}\.?)?\s*)?"
    r"(?:/[A-Z][\w .-]{0,20}/\.?|\([A-Z][\w .-]{0,20}\)(?=[A-Z]|\s*[—–-]))"
)
_DATELINE_CHARS = 60
# The modal verbs of a possibility (general English), written a few words before a candidate.
_MODALS = frozenset({"could", "would", "might", "may"})
_MODAL_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(_MODALS))})\b(?:\s+[\w'’-]+){{1,3}}\s+$")
_MODAL_CHARS = 50
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
_PHRASE_WORD = re.compile(r"[\w'-]+")
# Kinds of answer whose phrase may say the name ("the Rossiya-1 television channel"):
# organisations and buildings (the heads of ``question._HEAD_TYPES`` that name them).
_NAMED_KINDS = frozenset({"ORG", "FAC"})
# An article before a phrase, perhaps run into it by a lost space ("the-Killarney Plaza").
_DETERMINER = re.compile(r"(?:(?:a|an|the|another|this|that)(?:\s+|-(?=[A-Z])))?", re.IGNORECASE)
# Words written as a name's are (a capital, then lower case; not a headline's capitals).
FULL_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){1,2}")
_CAPITALISED_WORDS = re.compile(r"(?:[ \t]+[A-Z][a-z][\w'’-]*)+")
_BASED = re.compile(r"[-–]based\b")
# What is written before the name of a place: a noun of a place that English names with
# "of" ("the town of Natalie"; general English), or a person's age and "of" or "from", where
# they are from ("Judith Permar, 56, of Mount Carmel").
_PLACE_OF_CHARS = 20  # characters before a name searched for it
_PLACE_OF = re.compile(
    r"(?:\b(?:town|city|village|county|province|region|state|district|island|canton|"
    r"municipality)\s+of|,\s*\d{1,3},\s+(?:of|from))\s+$",
    re.IGNORECASE,
)
_SET_OFF = re.compile(r"\s*[,.;:)]")
# Characters before a name searched for "at the", "outside the", "in the redeveloped".
_AT_CHARS = 30
_AT = re.compile(
    r"\b(?:at|in|from|inside|outside|near)\s+(?:the\s+(?-i:[a-z][\w-]*\s+)?)?$", re.IGNORECASE
)
# "... are the darlings", "... is the new coach": the two words after the article.
_IS_THE = re.compile(
    r"\s+(?:is|are|was|were)\s+(?:the|a|an)\s+([A-Za-z][\w-]*)(?:\s+([A-Za-z][\w-]*))?"
)
_PLACE_ROLE = 0.5  # share of the names written by a noun that are places, for it to name one
