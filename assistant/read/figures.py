"""Figures: what a number counts ("14 wounded" is no count of people), the unit it is
measured in ("600 million litres"), the year it is written for ("97m in 2013-14"), and
whether it is an age.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from assistant.dates import A_YEAR, resolve
from assistant.language import Mention, Sentence, stop_words
from assistant.read.currency import currency_words
from assistant.read.evidence import Evidence
from assistant.read.question import QuestionFrame
from assistant.read.wording import SCALE, STEM, contains


def counts(mention: Mention, counted: str, text: str, near_head: bool) -> bool:
    """Whether a number can answer "how many <counted>": a bare count ("about 200"), a
    measure in those very units ("three years" for "how many years"), not "20 kilometers"
    for "how many people", or a figure without a currency sign in a phrase headed by the
    counted noun ("400,000 to 2 million fans", which spaCy takes for money)."""
    written = text[mention.start : mention.end]
    if mention.label == "CARDINAL":
        return True
    if near_head and not any(unicodedata.category(c) == "Sc" for c in written):
        return True
    return counted[:STEM] in written.lower()


def counts_other(text: str, mention: Mention, phrases: list[Mention], counted: str) -> bool:
    """Whether a number counts something other than ``counted``: it is written in a phrase
    about another thing ("14 wounded"), or takes a part of one ("three of the four
    missiles"; not "three of them", whose thing is said elsewhere), or, with no noun after
    it, counts what a count before it in its sentence counted ("200 stores ... the remaining
    1,300"). "41 others" counts what the sentence counted before it, which may be what was
    asked."""
    if _names_the_counted(text, mention, counted):
        return False  # "39 months' construction": the figure's own words say what it counts
    if any(not counts_as(p.root, counted) and contains(p, mention) for p in phrases):
        return True
    if _NOTHING_AFTER.match(text, mention.end):
        # "close 200 stores and evaluate options on the remaining 1,300": the number counts
        # what the count written before it in its sentence counted.
        before = [
            p
            for p in phrases
            if p.end <= mention.start and any(c.isdigit() for c in text[p.start : p.end])
        ]
        if before and not counts_as(max(before, key=lambda p: p.end).root, counted):
            return True
    of = re.match(r"\s+of\s+", text[mention.end : mention.end + 8])
    if of is None:
        return False
    whole = next((p for p in phrases if p.start == mention.end + of.end()), None)
    return whole is not None and " " in text[whole.start : whole.end] and whole.root != counted


def _names_the_counted(text: str, mention: Mention, counted: str) -> bool:
    """Whether the figure's own words (a length of time spaCy labels with its unit: "39
    months'") end with the noun counted, in the singular or the plural."""
    words = re.findall(r"[a-z]+", text[mention.start : mention.end].lower())
    return bool(words) and words[-1] in {counted, f"{counted}s"}


def not_a_count_of(frame: QuestionFrame, text: str, mention: Mention, counted: str) -> bool:
    """Whether a number, though written by the noun counted, is not a count of it: a
    difference ("eight fewer seats than in 2012", "three more seats"), unless a difference
    is asked for ("how many more people"), or the size of something else ("the 150-seat
    parliament")."""
    after = text[mention.end : mention.end + 40]
    differs = _DIFFERENCE.match(after)
    if differs and differs.group(1).lower() not in frame.question_words:
        return True
    return bool(re.match(rf"-{re.escape(counted[:STEM])}", after, re.IGNORECASE))


def numbers_other(frame: QuestionFrame, text: str, mention: Mention) -> bool:
    """Whether a number is written right before the word it numbers, and that word is
    neither the noun counted nor a word of the question: "three storeys high", "at least 4
    sq m" for "how many homes"; not "50 injured" for "how many were injured", nor "41
    others", which counts what its sentence counted before."""
    word = _word_after(text, mention)
    root = mention.root
    if mention.label != "CARDINAL" or not root or word is None or word in stop_words():
        return False
    if not (word.startswith(root[:STEM]) or root.startswith(word[:STEM])):
        return False  # the word after it is not the one it numbers
    asked = [frame.counted or "", *frame.weights, *frame.verbs]
    return root != "other" and not any(w and w[:STEM] == root[:STEM] for w in asked)


def counts_as(root: str, counted: str) -> bool:
    """Whether a phrase headed by ``root`` counts ``counted``: it is headed by it, or by
    "other", which counts what its sentence counted before ("20 people were killed and 41
    others wounded")."""
    return root in (counted, "other")


def unit(item: Evidence, index: int, mention: Mention, *, money: bool = False) -> str:
    """The unit a bare figure is measured in, when its noun phrase goes on with it in lower
    case ("600 million litres" of milk, "1,600 sq m" of coral; with ``money``, only a
    currency: "700 million euros"), with the space before it; empty when there is none."""
    text = item.article.text
    if money:
        word = _word_after(text, mention)
        return f" {word}" if word in currency_words() else ""
    for phrase in item.mentions_in(index):
        if phrase.label != "NP" or not phrase.start <= mention.start < mention.end < phrase.end:
            continue
        unit = text[mention.end : phrase.end]
        if _UNIT.fullmatch(unit) and not SCALE.match(unit):
            return unit
    return ""


def counts_a_thing(text: str, mention: Mention) -> bool:
    """Whether a number is written before a word in lower case that it counts ("200,000
    people", "28 outlets", "1,600 sq m"), not a word of scale ("700 million") nor of money
    ("700 million euros")."""
    word = _word_after(text, mention)
    if word is None or SCALE.match(text, mention.end):
        return False
    return word not in currency_words()


def _word_after(text: str, mention: Mention) -> str | None:
    """The word in lower case written right after a figure ("people" of "200,000 people",
    "euros" of "700 million euros"), if any."""
    found = _LOWER_WORD.match(text, mention.end)
    return found.group(1) if found else None


def is_age(written: str) -> bool:
    """Whether a value is an age: a bare "53" or a "52-year-old" (spaCy tags ages as dates)."""
    return (written.isdigit() and len(written) < 4) or _AGE.search(written) is not None


def age_owner(text: str, start: int, end: int) -> frozenset[str] | None:
    """The words (lower case) of the one an age (``text[start:end]``) is written of: the
    name or noun before it ("Nathan Carroll, 29", "Rice (37)", "a man aged 40", "Moise, a
    48-year-old"), the words of the clause that says "at the age of" or "turned" it, or
    after a "-year-old" ("48-year-old Jovenel Moise"); None when the figure is not written
    as anyone's age."""
    before = _AGE_OF.search(text, max(0, start - _AGE_REACH), start)
    if before is None:
        # "Chuck Berry, who died at the age of 90", "Tereshkova, who turned 80": of the
        # clause's words before it (spaCy's figure may hold "the age of").
        clause = _CLAUSE if _AGE_WRITTEN.match(text, start, end) else _AGE_IN
        before = clause.search(text, max(0, start - _AGE_REACH), start)
    after = _AGED_ONE.match(text, end) if _AGE.search(text, start, end + _YEAR_OLD) else None
    if before is None and after is None:
        return None
    # "Haiti's president, 48-year-old Jovenel Moise": both are the one whose age it is.
    return frozenset(
        word
        for found in (before, after)
        if found
        for word in re.findall(r"[^\W_][\w'’-]*", found.group(1).lower())
    )


def year_by(
    text: str, sentence: Sentence, start: int, end: int, published: dt.date | None = None
) -> str | None:
    """The year a figure (``text[start:end]``, in ``sentence``) is written for: the one right
    after it ("97m in 2013-14", "4.5m euros in 2016"; "last year", "this year" and "next year"
    read by ``dates.resolve`` against the article's date ``published``), else the one that
    opens its clause ("In 2014, it spent 3.2m")."""
    after = _YEAR_AFTER.match(text, end, sentence.end)
    if after:
        return after.group(1)
    relative = _RELATIVE_YEAR_AFTER.match(text, end, sentence.end)
    resolved = resolve(relative.group(1), published) if relative and published else None
    if resolved is not None:
        return str(resolved[0].year)  # "28 million passengers last year", of its article's date
    before = _YEAR_BEFORE.search(text[sentence.start : start])
    return before.group(1) if before else None


_NOTHING_AFTER = re.compile(r"\s*(?:[.;:)]|,\s|$)")
_DIFFERENCE = re.compile(r"\s+(more|fewer|less)\b", re.IGNORECASE)
# A year written for a figure: right after it, past its unit ("4.5m euros in 2016"), or
# opening its clause with no other figure between ("In 2014, it spent 3.2m"), or naming what
# the clause is about ("the 1977 elections, which saw a record 88 percent turnout").
_YEAR_AFTER = re.compile(rf"[\w.%]*(?:\s+[a-z]+){{0,2}}?\s+(?:in|for|during)\s+({A_YEAR})\b")
_RELATIVE_YEAR_AFTER = re.compile(r"[\w.%]*(?:\s+[a-z]+){0,2}?\s+((?:last|this|next)\s+year)\b")
_YEAR_BEFORE = re.compile(
    rf"\b(?:in|for|during|the)\s+({A_YEAR})\b(?!(?-i:\s+[A-Z]))[^\d]*$", re.IGNORECASE
)
_LOWER_WORD = re.compile(r"[ \t]+([a-z]+)\b")
# A unit written after a figure: one or two words in lower case ("litres", "sq m").
_UNIT = re.compile(r" [a-z]+(?: [a-z]+)?")
_AGE = re.compile(r"year-old|\baged\b", re.IGNORECASE)
# How an age is written of someone: after their name or noun and a comma ("Rice, 37", "Moise,
# a 48-year-old"), a bracket ("Rice (37)") or "aged"; or before them ("48-year-old Moise").
_AGE_REACH = 60
_YEAR_OLD = len("-year-old")
_AGE_OF = re.compile(
    r"\b((?:[\w'’.-]+ ){0,3}[\w'’.-]+)(?:,? aged|, (?:an? )?| \() ?$", re.IGNORECASE
)
_AGE_IN = re.compile(r"((?:[\w'’.-]+,? ){1,8})(?:at the age of|turn(?:s|ed|ing)?) $", re.IGNORECASE)
_AGE_WRITTEN = re.compile(r"(?:the )?age of|aged\b", re.IGNORECASE)
_CLAUSE = re.compile(r"((?:[\w'’.-]+,? ){1,8})(?:at )?$")
_AGED_ONE = re.compile(r"(?:-year-old)? ((?:[\w'’-]+ ){0,2}[\w'’-]+)")
YEAR = re.compile(r"\b\d{4}\b")
YEARS = re.compile(rf"{A_YEAR}(?:\s*[-–/]\s*\d{{2,4}})?")  # "2016", "2016-20"
