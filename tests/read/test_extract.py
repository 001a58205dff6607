"""Candidate answers as the reader cuts them from the text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assistant.language import Mention, Sentence
from assistant.read.figures import age_owner, counts, not_a_count_of, year_by
from assistant.read.wording import whole_words


@pytest.mark.parametrize(
    ("text", "mention", "found"),
    [
        # A dateline run into the first word, as CNN's copy has it: spaCy's entity starts
        # inside the bracket.
        ("Islamabad, Pakistan (CNN)At least 75 people died.", "CNN)At least 75", "At least 75"),
        ("The toll (at least 75) rose.", "at least 75", "at least 75"),
        ("It cost €16.2m to build.", "16.2", "€16.2m"),
        ("Some 3.5 mln tourists visit it.", "Some 3.5", "Some 3.5 mln"),
        # A hyphen standing for a lost space ends the figure on either side.
        ("He won 1.79%-in 2012.", "1.79%", "1.79%"),
        ("It warned of famine.-At least 360,000 children", "At least 360,000", "At least 360,000"),
        ("win 19 seats 21.00-The polls are closed", "21.00", "21.00"),
    ],
)
def test_a_figure_keeps_its_letters_and_loses_half_a_bracket(
    text: str, mention: str, found: str
) -> None:
    start = text.index(mention)
    assert whole_words(text, Mention(start, start + len(mention), "CARDINAL")) == found


@pytest.mark.parametrize(
    ("text", "mention", "label", "counted", "in_phrase", "answers"),
    [
        ("About 200 people fled.", "About 200", "CARDINAL", "people", False, True),
        ("He served three years in prison.", "three years", "DATE", "year", False, True),
        ("Oga is about 20 kilometers away.", "about 20 kilometers", "QUANTITY", "people", 0, 0),
        # spaCy takes "400,000 to 2 million" for money; its phrase says it counts fans.
        ("It will draw 400,000 to 2 million fans.", "400,000 to 2 million", "MONEY", "fan", 1, 1),
        ("It will draw 400,000 to 2 million fans.", "400,000 to 2 million", "MONEY", "fan", 0, 0),
        # A currency sign makes it money, whatever phrase holds it.
        ("The $2 million fans' fund.", "$2 million", "MONEY", "fan", True, False),
    ],
)
def test_a_count_is_bare_or_in_the_units_counted(
    text: str, mention: str, label: str, counted: str, in_phrase: bool, answers: bool
) -> None:
    start = text.index(mention)
    found = counts(Mention(start, start + len(mention), label), counted, text, bool(in_phrase))
    assert found is bool(answers)


@pytest.mark.parametrize(
    ("text", "number", "question", "counts"),
    [
        ("The party won 33 seats, eight fewer seats than in 2012.", "eight", "won", False),
        ("The party had 33 seats, eight fewer than in 2012.", "eight", "won", False),
        ("It won three more seats.", "three", "won", False),
        ("It won three more seats.", "three", "won more", True),  # a difference is asked
        ("It is the largest party in the 150-seat parliament.", "150", "won", False),
        ("The party won 33 seats.", "33", "won", True),
    ],
)
def test_a_difference_or_a_size_is_not_a_count(
    text: str, number: str, question: str, counts: bool
) -> None:
    from assistant.read.question import QuestionFrame

    frame = QuestionFrame(text="", lemmas=(), question_words=frozenset(question.split()))
    start = text.index(number)
    mention = Mention(start, start + len(number), "CARDINAL")
    assert not_a_count_of(frame, text, mention, "seat") is not counts


def test_every_article_s_best_sentences_are_read_beyond_the_top() -> None:
    # One article fills the top sentences; the other's best still gives its own figure.
    evidence = [_sentence("a.md")] * 4 + [_sentence("b.md")] * 3
    ranks = _ranks(_frame(), evidence)
    assert ranks == [0, 1, 2, 4, 5]


def test_each_article_s_best_sentence_with_the_question_s_verb_is_read() -> None:
    # "At least 250 others were wounded" shares only its verb with "How many people were
    # wounded in the shrine bombing?".
    evidence = [_sentence("a.md")] * 4 + [_sentence("a.md", "wound"), _sentence("a.md", "wound")]
    read = _ranks(_frame(predicate="wound"), evidence)
    assert read == [0, 1, 2, 4]
    assert _ranks(_frame(), evidence) == [0, 1, 2]


def test_other_articles_reports_of_a_count_are_read() -> None:
    # "more than 20,000 homes are without electricity" ranks low for "How many homes lost
    # power?" (it shares only the noun): it is read when another report gives a number of
    # homes, to compare the two.
    homes = [Mention(0, 6, "CARDINAL", root="home")]
    people = [Mention(0, 6, "CARDINAL", root="people")]
    evidence = [_sentence("a.md", "home", mentions=homes)] + [_sentence("a.md")] * 3
    evidence += [_sentence("b.md")] * 3 + [
        _sentence("b.md", "home", mentions=people),  # a number, but of people
        _sentence("b.md", "home", mentions=homes),
        _sentence("b.md", "home", mentions=homes),  # one report per article
    ]
    read = _ranks(_frame(counted="home"), evidence)
    assert read == [0, 1, 2, 4, 5, 8]
    assert _ranks(_frame(), evidence) == [0, 1, 2, 4, 5]
    # Not from an article that lacks a name of the question: it counts homes elsewhere.
    asks_a_name = _frame(counted="home", names=("debbie",))
    assert _ranks(asks_a_name, evidence) == [0, 1, 2, 4, 5]
    # Nor when no sentence read gives a number of homes at all.
    unsure = [_sentence("a.md")] * 4 + evidence[4:]
    assert _ranks(_frame(counted="home"), unsure) == [0, 1, 2, 4, 5]


def _ranks(frame: Any, evidence: list[Any], depth: int = 3) -> list[int]:
    """The ranks of the evidence sentences ``_read`` reads."""
    from assistant.read.extract import _names_found, _read

    return [rank for rank, _ in _read(frame, evidence, depth, _names_found(frame, evidence))]


def _frame(**fields: Any) -> Any:
    from assistant.read.question import QuestionFrame

    return QuestionFrame(text="", lemmas=(), **fields)


def _sentence(source: str, *lemmas: str, mentions: list[Mention] | None = None) -> Any:
    """An evidence sentence of ``source`` holding ``lemmas`` (and ``mentions``), as
    ``_read`` sees it."""
    from types import SimpleNamespace

    sentence = SimpleNamespace(lemmas=set(lemmas))
    return SimpleNamespace(
        article=SimpleNamespace(source=source, date=None),
        annotation=SimpleNamespace(sentences=[sentence]),
        sentence=sentence,
        index=0,
        mentions_in=lambda index: mentions or [],
    )


@pytest.mark.parametrize(
    ("words", "acronym"),
    [(["united", "states"], "us"), (["bank", "of", "england"], "be"), (["moscow"], "")],
)
def test_a_name_of_several_words_has_initials(words: list[str], acronym: str) -> None:
    from assistant.read.wording import _acronym

    assert _acronym(words) == acronym


def test_a_name_written_before_the_role_says_whose_role_it_is() -> None:
    from assistant.read.fit import _modifies_role
    from assistant.read.question import QuestionFrame

    frame = QuestionFrame(text="Which German striker scored?", lemmas=(), head="striker")
    text = "The 31-year-old Wolfsburg striker, Anja Mittag, said she was proud."
    club, player = text.index("Wolfsburg"), text.index("Anja")
    assert _modifies_role(frame, text, Mention(club, club + len("Wolfsburg"), "ORG"))
    assert not _modifies_role(frame, text, Mention(player, player + len("Anja Mittag"), "PERSON"))


@pytest.mark.parametrize(
    ("text", "phrase", "root", "other"),
    [
        ("Three of the four missiles landed at sea.", "the four missiles", "missile", True),
        ("Three of the four people were hurt.", "the four people", "people", False),
        ("Three of them were hurt.", "them", "they", False),  # the thing is said elsewhere
    ],
)
def test_a_number_that_takes_part_of_another_thing_counts_that_thing(
    text: str, phrase: str, root: str, other: bool
) -> None:
    from assistant.read.figures import counts_other

    whole = Mention(text.index(phrase), text.index(phrase) + len(phrase), "NP", root)
    three = Mention(0, len("Three"), "CARDINAL")
    assert counts_other(text, three, [whole], counted="people") is other


@pytest.mark.parametrize(
    ("text", "figure", "converted"),
    [
        ("They spent 805 million ($1 billion; 944 million euros) on it.", "$1 billion", True),
        ("They spent 805 million ($1 billion; 944 million euros) on it.", "944 million", True),
        ("They spent 805 million ($1 billion; 944 million euros) on it.", "805 million", False),
        ("Passengers rose to 28 million (up 11.5%) last year.", "11.5%", False),
        ("The fine (about $2,000) was paid.", "$2,000", False),
    ],
)
def test_a_figure_in_brackets_after_another_converts_it(
    text: str, figure: str, converted: bool
) -> None:
    from assistant.read.fit import _converted

    start = text.index(figure)
    assert _converted(text, Mention(start, start + len(figure), "MONEY")) is converted


def _echo_of(text: str, question: str) -> float:
    """The share of ``text``'s words that are the words of ``question``."""
    from assistant.read.question import QuestionFrame
    from assistant.read.wording import echo

    words = frozenset(w.lower() for w in question.rstrip("?").split())
    return echo(text, QuestionFrame(text=question, lemmas=(), question_words=words))


def test_the_initials_of_the_question_s_name_are_the_question_s_words() -> None:
    question = "Which airbase did the Syrian Democratic Forces capture?"
    assert _echo_of("SDF", question) == 1.0
    assert _echo_of("Tabqa", question) == 0.0


def test_the_plural_of_a_question_s_name_is_the_question_s_word() -> None:
    question = "Who is the distant relative of President Polk?"
    assert _echo_of("the Polks", question) == 1.0  # the family the question names
    assert _echo_of("Teresa Elam", question) == 0.0


def test_the_initials_of_three_lower_case_words_of_the_question_are_its_words() -> None:
    from assistant.read.wording import _acronyms_of

    assert "pac" in _acronyms_of("Which political action committee backs scientists?")


@pytest.mark.parametrize(
    ("text", "mention", "found"),
    [
        ("He lived in Garges-les-Gonesse, north of Paris.", "Gonesse", "Garges-les-Gonesse"),
        # A hyphen that stands for a lost space keeps the lower-case word out.
        (
            "The trial of-Ellickson Engineering began.",
            "Ellickson Engineering",
            "Ellickson Engineering",
        ),
    ],
)
def test_a_name_keeps_the_start_of_its_hyphenated_words(
    text: str, mention: str, found: str
) -> None:
    start = text.index(mention)
    assert whole_words(text, Mention(start, start + len(mention), "GPE")) == found


def test_a_person_the_question_names_by_surname_is_not_the_answer() -> None:
    from assistant.read.question import QuestionFrame
    from assistant.read.wording import named_in_question

    frame = QuestionFrame(
        text="Which artist painted the mural of Trump?", lemmas=(), names=("trump",)
    )
    assert named_in_question("Donald Trump", Mention(0, 12, "PERSON"), frame)
    assert not named_in_question("Jane Smith", Mention(0, 10, "PERSON"), frame)
    assert not named_in_question("Trump Tower", Mention(0, 11, "FAC"), frame)


@pytest.mark.parametrize(
    ("question", "head", "expects", "text", "name", "called"),
    [
        # After a kind of answer, "of" names it: the town is al-Bab.
        ("Which town was taken?", "town", {"GPE"}, "They took the town of al-Bab.", "al-Bab", 1),
        # After a role, "of" says whose the role is: Turkey is no chief.
        (
            "Who is the chief of staff?",
            "chief",
            {"PERSON", "ORG"},
            "He wrote to the chief of Turkey.",
            "Turkey",
            0,
        ),
        # "called" names it either way.
        ("Which firm built it?", "firm", {"ORG"}, "A firm called Hollins Vale.", "Hollins", 1),
    ],
)
def test_of_names_a_kind_of_answer_but_not_the_holder_of_a_role(
    question: str, head: str, expects: set[str], text: str, name: str, called: bool
) -> None:
    from assistant.read.mentions import _called
    from assistant.read.question import QuestionFrame

    frame = QuestionFrame(text=question, lemmas=(), head=head, expects=frozenset(expects))
    at, noun = text.index(name), text.index(head)
    headed = [Mention(noun, noun + len(head), "NP", head)]
    mention = Mention(at, text.index(".", at), "PERSON" if head == "firm" else "GPE")
    assert (_called(frame, text, mention, headed, headed) is not None) is bool(called)


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        ("Referee Deniz Aytekin's decisions angered them.", "Deniz Aytekin's", "Deniz Aytekin"),
        ("It was signed by Dick Spring.- Later it fell.", "Dick Spring.-", "Dick Spring"),
        ("The firm made the Easy Life Lift- a model.", "Easy Life Lift-", "Easy Life Lift"),
        ("Talks with the U.S. went on.", "U.S.", "U.S."),  # an abbreviation keeps its stop
        # A space lost before a word in lower case: the word is not part of the name.
        ("May triggered Article 50-earlier today.", "Article 50-earlier", "Article 50"),
        ("Officials in Rolls-Royce agreed.", "Rolls-Royce", "Rolls-Royce"),
    ],
)
def test_a_name_loses_a_possessive_or_a_dash_on_its_end(text: str, name: str, found: str) -> None:
    start = text.index(name)
    assert whole_words(text, Mention(start, start + len(name), "PERSON")) == found


def test_currency_names_come_from_cldr() -> None:
    from assistant.read.currency import currency_words

    words = currency_words()
    assert {"euros", "yuan", "roubles", "rubles", "dollars", "pounds"} <= words
    assert "units" not in words  # units of account are no one's money


@pytest.mark.parametrize(
    ("text", "label", "no_name"),
    [
        ('He got his ass kicked"?when the politician ran.', "PERSON", True),
        ("Mayor Tom Barrett was beaten.", "PERSON", False),
        ("The 3H Global firm.", "ORG", False),
        ("It rose to about 20 percent.", "PERCENT", False),  # figures need no capital
    ],
)
def test_a_name_is_written_with_a_capital_or_a_digit(text: str, label: str, no_name: bool) -> None:
    from assistant.read.mentions import _uncapitalised_name

    words = {"PERSON": 'kicked"?when' if no_name else "Tom Barrett", "ORG": "3H Global"}
    written = words.get(label, "about 20 percent")
    start = text.index(written)
    mention = Mention(start, start + len(written), label)
    assert _uncapitalised_name(text, mention) is no_name


def test_titles_in_double_quotes_are_works() -> None:
    from assistant.read.mentions import _quoted_titles

    text = (
        'Asked on "Fox News Sunday" whether he had seen any, he wrote the song for '
        '"Moonlighting." He said "we will win" and praised “The Crown”.'
    )
    found = [text[m.start : m.end] for m in _quoted_titles(text, 0, len(text))]
    assert found == ["Fox News Sunday", "Moonlighting", "The Crown"]  # not the quoted remark


@pytest.mark.parametrize(
    ("question", "text", "name", "does"),
    [
        (
            "What was the name of the exercise that simulated an attack?",
            "Officers took part in Operation Strong Tower which simulated an attack in London.",
            "Operation Strong Tower",
            True,
        ),
        (
            "What was the name of the gunman shot dead by soldiers?",
            "Ziyed Ben Belgacem, who was shot by a soldier, was known to police.",
            "Ziyed Ben Belgacem",
            True,
        ),
        # The clause does something else: no sign that this is the name asked for.
        (
            "What was the name of the gunman shot dead by soldiers?",
            "Eliot Isaac, who leads the police, spoke on Sunday.",
            "Eliot Isaac",
            False,
        ),
    ],
)
def test_a_name_whose_relative_clause_does_what_the_question_asks_names_it(
    annotator: Any, question: str, text: str, name: str, does: bool
) -> None:
    from assistant.read.fit import _does_as_asked
    from assistant.read.question import analyse

    frame = analyse(annotator.parse(question), lambda lemma: 1.0)
    phrases = [m for m in annotator.annotate(text).mentions if m.label == "NP"]
    at = text.index(name)
    assert _does_as_asked(frame, text, Mention(at, at + len(name), "PERSON"), phrases) is does


@pytest.mark.parametrize(
    ("name", "noun", "ends"),
    [
        ("John Dobson Street", "street", True),
        ("the Moscow City Court", "court", True),
        ("18 percent", "percentage", True),
        ("Street", "street", False),  # the noun alone names nothing
        ("Street Child United", "street", False),  # written first, it is no kind
    ],
)
def test_a_name_ending_with_the_noun_asked_about_is_written_by_it(
    name: str, noun: str, ends: bool
) -> None:
    from assistant.read.wording import ends_with

    assert ends_with(name, noun) is ends


@pytest.mark.parametrize(
    ("head", "text", "name", "place"),
    [
        (None, "The flag is displayed at the Naval Museum in St Petersburg.", "Naval Museum", 1),
        (None, "She was originally from Tralee, Co Kerry.", "Tralee", 1),
        (None, "The flag was given by the Naval Museum.", "Naval Museum", 0),
        # A word describing it may stand between.
        (None, "It will be in the redeveloped Battersea Power Station.", "Battersea Power", 1),
        (None, "It was in talks with the Naval Museum.", "Naval Museum", 0),
        # "Which town" asks for a town: a building it is at is not one.
        ("town", "He was seen outside the Treasury Building.", "Treasury Building", 0),
    ],
)
def test_an_organisation_something_is_at_is_a_place_for_where(
    head: str | None, text: str, name: str, place: bool
) -> None:
    from assistant.read.mentions import _at_a_place
    from assistant.read.question import PLACE, QuestionFrame

    frame = QuestionFrame(text="Where is it?", lemmas=(), head=head, expects=PLACE)
    at = text.index(name)
    assert _at_a_place(frame, text, Mention(at, at + len(name), "ORG")) is bool(place)


@pytest.mark.parametrize(
    ("second_score", "first"),
    [
        (9.3, "Peter Lodder"),  # close behind and written with the role: it comes first
        (7.0, "Lisa Murphy"),  # far behind: the ranking stands
    ],
)
def test_a_name_written_with_the_role_asked_comes_before_one_without(
    second_score: float, first: str
) -> None:
    from assistant.read.extract import FEATURES, Candidate, _titled_first
    from assistant.read.question import QuestionFrame
    from assistant.read.weights import RANK

    def candidate(text: str, score: float, role_near: float, missing: float) -> Candidate:
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("role_near")] = role_near
        features[FEATURES.index("role_missing")] = missing
        # The similarity feature brings the rank score to ``score``.
        made = sum(f * w for f, w in zip(features, RANK, strict=True))
        similarity = FEATURES.index("similarity")
        features[similarity] = (score - made) / RANK[similarity]
        return Candidate(text, tuple(features), None, 0, 0, 1, "PERSON")  # type: ignore[arg-type]

    frame = QuestionFrame(text="Which judge sentenced them?", lemmas=(), head="judge")
    ranked = [
        candidate("Lisa Murphy", 10.0, 0.0, 1.0),
        candidate("Peter Lodder", second_score, 0.92, 0.0),
    ]
    ranked = sorted(ranked, key=lambda c: c.score, reverse=True)
    assert _titled_first(frame, ranked)[0].text == first


@pytest.mark.parametrize(
    ("text", "when", "dates_it"),
    [
        ("The speed that the 1955 Hawker Hunter entered the loop was low.", "1955", True),
        ("The Hawker Hunter crashed on 22 August 2015. Hawker jets fly on.", "22 August 2015", 0),
        ("The 1955 Morris was sold.", "1955", False),  # a name the question does not hold
    ],
)
def test_a_time_written_before_a_name_of_the_question_dates_that_thing(
    text: str, when: str, dates_it: bool
) -> None:
    from assistant.read.fit import _dates_a_name
    from assistant.read.question import QuestionFrame

    frame = QuestionFrame(
        text="When did the Hawker Hunter crash?", lemmas=(), names=("hawker", "hunter")
    )
    at = text.index(when)
    assert _dates_a_name(frame, text, Mention(at, at + len(when), "DATE")) is bool(dates_it)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("No doubt that Sportfreunde Lotte are the darlings of the cup.", True),
        ("Sportfreunde Lotte are the new darlings of the cup.", True),
        ("Sportfreunde Lotte are the hosts of the cup.", False),  # not what the question says
        ("Sportfreunde Lotte beat the darlings of the cup.", False),  # no "is"
    ],
)
def test_a_name_the_text_says_is_what_the_question_describes_is_a_candidate(
    text: str, said: bool
) -> None:
    from assistant.read.mentions import _said_to_be
    from assistant.read.question import QuestionFrame

    frame = QuestionFrame(
        text="Which club are the darlings of the cup?",
        lemmas=(),
        weights={"darling": 1.0, "cup": 1.0},
    )
    at = text.index("Sportfreunde Lotte")
    mention = Mention(at, at + len("Sportfreunde Lotte"), "PERSON")
    assert _said_to_be(frame, text, mention) is said


@pytest.mark.parametrize(
    ("text", "stamp", "posted"),
    [
        ("— RTÉ News (@rtenews) March 8, 2017 Gardaí examined the scene.", "March 8, 2017", True),
        ("A post shared by Wiz (@wiz) on Mar 25, 2017 at 8:38am PDT.", "Mar 25, 2017", True),
        ("A post shared by Wiz (@wiz) on Mar 25, 2017 at 8:38am PDT.", "8:38am PDT", True),
        ("The fire broke out on March 8, 2017, in Dublin.", "March 8, 2017", False),
        ("— Sean (@sean) March 17, 2017 Fianna Fáil paid tribute.", "Fianna Fáil", False),
    ],
)
def test_the_stamp_of_an_embedded_post_is_not_an_answer(
    text: str, stamp: str, posted: bool
) -> None:
    from assistant.read.mentions import _posted_at

    start = text.index(stamp)
    assert _posted_at(text, Mention(start, start + len(stamp), "DATE")) is posted


@pytest.mark.parametrize(
    ("text", "name", "fitting"),
    [
        ("Crews searched for Rescue Helicopter 116 off the coast.", "Rescue Helicopter 116", False),
        ("Captain Dara Fitzpatrick was found in the water.", "Dara Fitzpatrick", True),
    ],
)
def test_a_person_s_name_holds_no_digit(text: str, name: str, fitting: bool) -> None:
    from types import SimpleNamespace

    from assistant.read.fit import fits

    start = text.index(name)
    item: Any = SimpleNamespace(article=SimpleNamespace(text=text, date=None))
    mention = Mention(start, start + len(name), "PERSON")
    assert fits(_frame(), item, mention, False, []) is fitting


@pytest.mark.parametrize(
    ("text", "figure", "owner"),
    [
        ("Police found Tom Baker, 31, in his van.", "31", {"police", "found", "tom", "baker"}),
        ("Ann Lee (27) was found at home.", "27", {"ann", "lee"}),
        ("A man aged 40 was arrested.", "40", {"a", "man"}),
        ("The 52-year-old teacher spoke.", "52-year-old", {"teacher", "spoke"}),
        ("Cole Harlan, who died at the age of 90, sang.", "90", {"cole", "harlan", "who", "died"}),
        ("Udo was chosen from 14 candidates.", "14", None),
        ("The plant will open in 2018.", "2018", None),
    ],
)
def test_an_age_is_written_of_the_one_before_or_after_it(
    text: str, figure: str, owner: set[str] | None
) -> None:
    start = text.index(figure)
    found = age_owner(text, start, start + len(figure))
    assert (found is None) is (owner is None)
    assert found is None or owner is not None and owner <= found


@pytest.mark.parametrize(
    ("text", "figure", "year"),
    [
        ("It spent 3.2m euros in 2014.", "3.2m euros", "2014"),
        ("In 2014, it spent 3.2m euros.", "3.2m euros", "2014"),
        # The year names what the clause is about.
        ("The 1977 election saw a record 88 percent turnout.", "88 percent", "1977"),
        ("That belongs to the 1977 elections, which saw 88 percent.", "88 percent", "1977"),
        # A year inside a name says nothing of the figure's year.
        ("The 2015 World Cup drew 3 million fans.", "3 million", None),
        ("Since 2014, 300 people have been killed.", "300", None),
        ("In 2014 it spent 2m; it now spends 3.2m euros.", "3.2m euros", None),
    ],
)
def test_a_figure_is_written_for_the_year_its_clause_names(
    text: str, figure: str, year: str | None
) -> None:
    start = text.index(figure)
    sentence = Sentence(0, len(text), frozenset())
    assert year_by(text, sentence, start, start + len(figure)) == year


@pytest.mark.parametrize(
    ("between", "listed"),
    [
        (", ", True),
        (" and ", True),
        (" and English broadcaster ", True),
        (" and a Russian soldier broke into ", False),  # a clause, not a description
        ("; ", False),
    ],
)
def test_names_are_listed_by_a_comma_or_and_with_a_short_description(
    between: str, listed: bool
) -> None:
    from assistant.read.extract import _listed

    assert _listed(between) is listed


@pytest.mark.parametrize(
    ("second_score", "first"),
    [
        (9.5, "$100 million"),  # close behind and tied to "valued": it comes first
        (8.0, "999 yuan"),  # far behind: the ranking stands
    ],
)
def test_a_figure_the_text_ties_to_the_question_s_verb_comes_first(
    second_score: float, first: str
) -> None:
    from types import SimpleNamespace

    from assistant.read.extract import FEATURES, Candidate, _of_the_verb_asked
    from assistant.read.question import MONEY, QuestionFrame
    from assistant.read.weights import RANK

    evidence = SimpleNamespace(article=SimpleNamespace(source="roseonly.md"))

    def candidate(text: str, score: float, missing: float, verb: str) -> Candidate:
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("predicate_missing")] = missing
        made = sum(f * w for f, w in zip(features, RANK, strict=True))
        similarity = FEATURES.index("similarity")
        features[similarity] = (score - made) / RANK[similarity]
        return Candidate(text, tuple(features), evidence, 0, 0, 1, "MONEY", verb)  # type: ignore[arg-type]

    frame = QuestionFrame(
        text="What is the rose startup valued at?", lemmas=(), expects=MONEY, predicate="value"
    )
    ranked = [
        candidate("999 yuan", 10.0, 1.0, "range"),
        candidate("$100 million", second_score, 0.0, "value"),
    ]
    assert _of_the_verb_asked(frame, ranked)[0].text == first
    # The best is tied to another verb of the question: "How many soldiers does Kyiv think
    # have been killed?" is not answered by "some 30,000 … are thought to be pinned down".
    killed = replace(frame, predicate="think", verbs=("think", "kill"))
    ranked = [
        candidate("more than 50,000", 10.0, 1.0, "kill"),
        candidate("some 30,000", second_score, 0.0, "think"),
    ]
    assert _of_the_verb_asked(killed, ranked)[0].text == "more than 50,000"


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        # Listed with three the question names: one of those paying tribute.
        ("Anna Vey, Bo Kerr, Lu Tam and Dan Rolt remembered Harlan.", True),
        # Two joined by a description are no list of the same kind.
        ("Police sought Dan Rolt and his accomplice Lu Tam.", False),
        ("Lu Tam and Dan Rolt met on Friday.", False),
    ],
)
def test_a_name_listed_with_the_question_s_names_is_not_the_one_asked(
    text: str, listed: bool
) -> None:
    from assistant.read.extract import _listed_with_the_asked

    names = ["Anna Vey", "Bo Kerr", "Lu Tam", "Dan Rolt", "Harlan"]
    mentions = [
        Mention(text.index(n), text.index(n) + len(n), "PERSON") for n in names if n in text
    ]
    asked = _frame(names=("vey", "kerr", "rolt"))
    candidate = next(m for m in mentions if text[m.start : m.end] == "Lu Tam")
    assert _listed_with_the_asked(asked, text, mentions, candidate) is listed


@pytest.mark.parametrize(
    ("name", "asked"),
    [
        ("Rima Khalef", True),  # the question's "Rima Khalaf", as another outlet spells it
        ("Donald Trump", True),  # the question's "Trump"
        ("Rima Johnson", False),  # another surname
        ("Lina Khalef", False),  # another first name
    ],
)
def test_a_person_the_question_names_however_spelt_is_not_its_answer(
    annotator: Any, name: str, asked: bool
) -> None:
    from assistant.read.question import analyse
    from assistant.read.wording import named_in_question

    question = "Who replaced Rima Khalaf as head of the commission after Trump spoke?"
    frame = analyse(annotator.parse(question), lambda lemma: 1.0)
    mention = Mention(0, len(name), "PERSON")
    assert named_in_question(name, mention, frame) is asked
