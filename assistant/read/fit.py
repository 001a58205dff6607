"""Whether a typed mention is the kind of answer the question asks for (``fits``): a count of
what it counts, an amount rather than a count of things, a name written by the role asked
about and not titled a former holder, a time of what was asked about rather than of a
statement, never an age for "when".
"""

from __future__ import annotations

import re

from assistant.dates import before, names_a_day, points_at_a_time
from assistant.language import APPOSITION_END, NAME_LABELS, Mention, says
from assistant.read.evidence import Evidence
from assistant.read.figures import YEAR, YEARS, age_owner, counts, counts_a_thing, is_age
from assistant.read.question import LENGTH, MONEY, NUMBER, TIME, QuestionFrame
from assistant.read.wording import HONORIFIC, STEM, echo, holds_a_name_asked
from assistant.types import iso_day


def fits(
    frame: QuestionFrame, item: Evidence, mention: Mention, near_head: bool, phrases: list[Mention]
) -> bool:
    """Whether an entity of a label the question expects is the kind of answer it asks for."""
    text = item.article.text
    written = text[mention.start : mention.end]
    if frame.counts and not counts(mention, frame.counts, text, near_head):
        return False
    if frame.measured and mention.label == "CARDINAL" and not any(c.isdigit() for c in written):
        return False  # "how much": "?18,000" (its currency sign lost), never "one"
    if frame.measured and mention.label == "CARDINAL" and YEARS.fullmatch(written):
        return False  # "how much will it cost": not the "2016-20" of a plan
    if frame.measured and mention.label in MONEY and _converted(text, mention):
        return False  # "700 million euros ($740 million)": the bracket converts the figure
    if frame.expects == MONEY and mention.label == "CARDINAL" and counts_a_thing(text, mention):
        return False  # "how much does it cost": not "200,000 people" nor "167 pupils"
    if (
        frame.named
        and not near_head
        and not _by_role(frame, item.article.text, mention)
        and not _does_as_asked(frame, text, mention, phrases)
    ):
        return False  # "the name of the boat": a name not written by any boat names none
    if mention.label in NAME_LABELS and holds_a_name_asked(written, frame):
        return False  # "which club did Monaco draw": not "the UEFA Champions League"
    if frame.owner is not None and _titled_by(text, mention, frame.owner):
        return False  # "the widow of a taoiseach": not "former taoiseach Charles Haughey"
    # "Whose" asks for the owner: "from whose bedroom" is answered by "Eva Braun's bedroom".
    owner = "whose" in frame.question_words and _POSSESSIVE.search(written) is not None
    if _modifies_role(frame, text, mention) and not owner:
        return False  # "Social Democratic Party leader Liviu Dragnea": the party leads nothing
    if _formerly(frame, text, mention):
        return False  # "who is the president": not "former president Johann Schneider-Ammann"
    if _role_of_another(frame, text, mention):
        return False  # "the president of PSG": not "the president of the General Council"
    # "How long": a length of time or of road ("four years", "12 km"), never a bare count.
    lasting = frame.expects <= LENGTH and {"CARDINAL", "DATE"} <= frame.expects
    if lasting and frame.counted is None and mention.label == "CARDINAL":
        return False  # "how long had it been running": "four years", not "80" alerts
    if frame.wants_year and not YEAR.search(written):
        return False  # "in what year": "2003", not "more than 13 years"
    if frame.wants_day and not names_a_day(written):
        return False  # "on what date": "February 12, 2017", not "the '80s" or "1968"
    if frame.aged is not None and not _age_of_the_one_asked(frame, item, mention):
        return False  # "how old is she": "Rice, 37", not "21 candidates" nor "Boyette, 44"
    if lasting and written.isdigit() and age_owner(text, mention.start, mention.end):
        return False  # "how long had she been housebound": not "Eman Ahmed Abd El Aty, 36"
    if frame.expects & TIME and frame.expects & NUMBER and points_at_a_time(written):
        return False  # "how old is he", "how long was it closed": not "1974" nor "08:30 GMT"
    if frame.future and frame.wants_time and _over_before(item, written):
        return False  # "when will voters decide": not the "2015" of an article of 2017
    if frame.wants_time and _when_said(frame, mention):
        return False  # "NBC announced on Thursday": when it was said, not when it happens
    if mention.label == "PERSON" and any(ch.isdigit() for ch in written):
        return False  # "Helicopter 116": people's names hold no digits
    if _party_and_state(text, mention):
        return False  # "Rep. Charlie Dent, R-Pennsylvania,": his party and state
    if mention.label == "PERSON" and HONORIFIC.fullmatch(written):
        return False  # "Mrs" of "Mrs May", cut off by spaCy: a title, no one's name
    if frame.primary == "PERSON" and _modifies_noun(text, mention, phrases) and not owner:
        return False  # "The Yorkshire batsman": a county, whoever spaCy takes it for
    if frame.wants_time and _dates_a_name(frame, text, mention):
        return False  # "when did the Hawker Hunter crash": not "the 1955 Hawker Hunter"
    return not (frame.wants_time and is_age(written))  # "when": not an age


def _age_of_the_one_asked(frame: QuestionFrame, item: Evidence, mention: Mention) -> bool:
    """Whether a figure is written as the age of the one "how old" asks about: of a name or
    noun of the question's subject ("Khaire, 56", "the prime minister, 56"), or, written of
    a description ("the 48-year-old", "the cosmonaut, who turned 80") of the subject named
    shortly before ("Jovenel Moise has been sworn in ... The 48-year-old banana exporter");
    for a pronoun, of anyone not titled as the other gender."""
    text = item.article.text
    owner = age_owner(text, mention.start, mention.end)
    if owner is None or not frame.aged:
        return owner is not None
    if frame.aged <= _OTHER_GENDER.keys():
        # "How old is he?": anyone's but a woman's, titled so ("Ms Collins, 38").
        return not any(owner & _OTHER_GENDER[pronoun] for pronoun in frame.aged)
    if owner & frame.aged:
        return True
    definite = "the" in owner  # "The legendary cosmonaut, who turned 80"
    if not definite and not _THE_BEFORE.search(text, max(0, mention.start - 4), mention.start):
        return False
    # Of the subject when it is named shortly before, as written (spaCy may not have tagged
    # the name): the one the story is about at that point.
    start = max(0, mention.start - _NAMED_BEFORE)
    return any(
        re.search(rf"\b{re.escape(name)}\b", text[start : mention.start], re.IGNORECASE)
        for name in frame.aged & set(frame.names)
    )


def _when_said(frame: QuestionFrame, mention: Mention) -> bool:
    """Whether a time is that of a statement ("police said on Tuesday") while the question
    asks when something else happened."""
    return (
        mention.label in TIME
        and mention.verb is not None
        and says(mention.verb)
        and not any(says(word) for word in frame.question_words)
    )


def _over_before(item: Evidence, written: str) -> bool:
    """Whether a time was over before its article was published."""
    published = iso_day(item.article.date)
    return published is not None and before(written, published)


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
    stem = re.escape(role[:STEM])
    if re.search(rf"\b{stem}", text[mention.start : mention.end], re.IGNORECASE):
        return True
    return described_as(text, mention, role)


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


def described_as(text: str, mention: Mention, noun: str) -> bool:
    """Whether ``noun`` is written by the mention as what it is: before it ("British company
    Noble Caledonia", "the intruder, Jonathan Tran") or apposed after it ("Glocom, a
    North Korea-linked company")."""
    stem = re.escape(noun[:STEM])
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    after = text[mention.end : mention.end + _ROLE_WINDOW]
    return bool(
        # Not a possessive: "the state's Democratic-controlled legislature" is the state's.
        re.search(rf"\b{stem}\w*{LINKED.pattern}$", before, re.IGNORECASE)
        or re.match(rf"{_APPOSED}{stem}[\w'’-]*{_CLOSING}", after, re.IGNORECASE)
    )


def _titled_by(text: str, mention: Mention, noun: str) -> bool:
    """Whether the mention is written right after ``noun`` as its title ("former taoiseach
    Charles Haughey", "the minister, John Smith")."""
    before = text[max(mention.start - _ROLE_WINDOW, 0) : mention.start]
    stem = re.escape(noun[:STEM])
    return re.search(rf"\b{stem}[\w'’]*\s*,?\s*$", before, re.IGNORECASE) is not None


def _party_and_state(text: str, mention: Mention) -> bool:
    """Whether a mention is a US lawmaker's party and state, written after the name ("Rep.
    Charlie Dent, R-Pennsylvania,", "(D-Calif.)"), whether spaCy took the party letter into
    it or not: it says who the lawmaker is, and answers nothing."""
    start = mention.start + 2 if _PARTY_LETTER.match(text, mention.start) else mention.start
    return _PARTY_BEFORE.search(text, max(start - 4, 0), start) is not None


def _formerly(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether the mention is titled a former holder of the role asked about ("former
    president of the Swiss Confederation Johann N. Schneider-Ammann", "Tony Blair, the former
    prime minister") when the question does not ask about a former one."""
    role = frame.role
    if role is None or frame.question_words & _FORMER:
        return False
    stem = re.escape(role[:STEM])
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
    stem = re.escape(role[:STEM])
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
        if capitals and not any(echo(word, frame) == 1.0 for word in capitals):
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
    return after.lower().startswith(role[:STEM])


# Words by which a question asks about a former holder of a role (general English).
_FORMER = frozenset({"former", "ex", "previous", "then"})
# What joins a name to the phrase that says what it is: "a firm called", "the boat, the", "a
# jet known as" and, after a kind of answer, "the town of" (general English). After a role,
# "of" names whose it is ("the chief of the general staff of Russia"), not who holds it. The
# name may open with a quote ("the organization \"Far Eastern Leopards\"").
_NAMING = "called|named|known as|identified as|dubbed"
_LINKING = r"\s*,?\s*(?:(?:{})\s+)?(?:(?:a|an|the)\s+)?[\"“]?"
LINKED = re.compile(_LINKING.format(_NAMING), re.IGNORECASE)
LINKED_KIND = re.compile(_LINKING.format(f"of|{_NAMING}"), re.IGNORECASE)
# ... and a description written after the name: "Lady Anne, the company's boat".
_APPOSED = r"\s*,\s*(?:(?:the|a|an|its|his|her|their)\s+)?(?:[\w'’.-]+\s+){0,3}"
_CLOSING = rf"(?={APPOSITION_END})"
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
_POSSESSIVE = re.compile(r"['’]s?$")  # "Eva Braun's", "the Jones'"
# A US lawmaker's party and state, written after the name (American news style): "Rep.
# Charlie Dent, R-Pennsylvania,", "(D-Calif.)".
_PARTY_LETTER = re.compile(r"[RDI]-(?=[A-Z])")
_PARTY_BEFORE = re.compile(r"(?:\(|,\s)[RDI]-$")
_RELATIVES = ("who", "which", "that")  # the pronouns that open a relative clause
_ROLE_WINDOW = 60  # characters around a name searched for its description
# Titles written before a name (general English), which spaCy sometimes takes alone.
_NAME_CHARS = 40  # characters after a figure searched for the name it modifies


# "The 48-year-old banana exporter": an age told of someone named within this many
# characters before (a sentence or two).
_THE_BEFORE = re.compile(r"\bthe $", re.IGNORECASE)
_NAMED_BEFORE = 400
# The titles that say a person is not the one a pronoun stands for (general English).
_OTHER_GENDER = {
    "he": frozenset({"ms", "mrs", "miss"}),
    "she": frozenset({"mr"}),
    "him": frozenset({"ms", "mrs", "miss"}),
    "her": frozenset({"mr"}),
    "they": frozenset(),
    "it": frozenset(),
}
