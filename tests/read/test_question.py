"""Question analysis: expected answer type, the noun asked about, the constraint words."""

from __future__ import annotations

import pytest

from assistant.language import Annotator
from assistant.read.extract import names_held
from assistant.read.question import (
    FACILITY,
    MONEY,
    NAMED,
    NUMBER,
    ORGANISATION,
    PERSON,
    PLACE,
    QUOTE,
    TIME,
    QuestionFrame,
    analyse,
)

pytestmark = pytest.mark.integration


def frame(annotator: Annotator, question: str) -> QuestionFrame:
    return analyse(annotator.parse(question), lambda lemma: 1.0)


@pytest.mark.parametrize(
    ("question", "expects", "head"),
    [
        ("Who is the governor of the Sumy region?", PERSON, "governor"),
        # A place set off by commas after a name modifies the noun, as the name does.
        ("Which Austin, Texas, company makes the cars?", ORGANISATION, "company"),
        ("Which two Jupiter, Florida, police sergeants were fired?", NAMED, "sergeant"),
        # A publication or a broadcast is named as its publisher or as a work.
        ("In which journal did the scientists publish?", ORGANISATION | {"WORK_OF_ART"}, "journal"),
        ("On which programme did he say it?", ORGANISATION | {"WORK_OF_ART"}, "program"),
        ("In which city did the supermarket open?", PLACE, "city"),
        ("How many people were killed in the strike?", NUMBER, "people"),
        ("When did DeVos get confirmed?", TIME, None),
        ("What is the population of Balakliia?", NUMBER, "population"),
        ("How tall will the new border wall be?", NUMBER, None),
        ("By what margin did the Senate confirm him?", NUMBER, "margin"),
        # A bare "what" of a word of value asks for money.
        ("What is the company worth?", MONEY, None),
        ("What did the painting sell for?", MONEY, None),
        ("What was the firm valued at in 2016?", MONEY, None),
        ("What did the stadium cost?", MONEY, None),
        ("What did he pay tribute to?", frozenset(), None),
        ("What did the company sell?", frozenset(), None),
        ("What is the name of the man charged with fraud?", frozenset({"PERSON"}), "man"),
        # spaCy hangs "which" on the factory; the carmaker is what is asked about.
        ("Which German carmaker's factory in Texas was shut down?", NAMED, "carmaker"),
        ("Which French bank's office in London was raided?", ORGANISATION, "bank"),
    ],
)
def test_answer_type_and_head(
    annotator: Annotator, question: str, expects: frozenset[str], head: str | None
) -> None:
    analysed = frame(annotator, question)
    assert analysed.expects == expects
    assert analysed.head == head


def test_constraints_keep_the_event_and_drop_the_asking_words(annotator: Annotator) -> None:
    analysed = frame(annotator, "How many people were killed in the Misto Hotel strike?")
    assert {"kill", "misto", "hotel"} <= set(analysed.weights)
    assert "people" not in analysed.weights and "many" not in analysed.weights
    assert analysed.predicate == "kill"


def test_statement_questions_expect_no_phrase(annotator: Annotator) -> None:
    assert not frame(annotator, "Why did the talks fail?").wants_phrase


def test_plural_asks_for_several(annotator: Annotator) -> None:
    assert frame(annotator, "Which two Republican senators opposed DeVos?").plural


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("Which two Republican senators opposed DeVos?", 2),
        ("Who were the three suspects arrested in Paris?", 3),
        ("Which senators opposed DeVos?", None),
        ("How many people were killed in two attacks?", None),
        # The number of "which of its four crew members" counts the crew.
        ("Which of the three suspects were released?", None),
        # One answer for each singular noun joined to the one asked about.
        ("Who were the winner and the runner-up of the race?", 2),
        ("Who are the mayor of Paris and the mayor of London?", 2),
        ("Which companies and banks lent money?", None),
        ("Who is the minister of health and education?", None),
    ],
)
def test_the_number_of_answers_asked_for(
    annotator: Annotator, question: str, wanted: int | None
) -> None:
    assert frame(annotator, question).wanted == wanted


def test_which_of_several_asks_for_as_many_as_its_verb_says(annotator: Annotator) -> None:
    one = frame(annotator, "Which of its four crew members was the only one found at first?")
    assert not one.plural and one.wanted is None
    assert frame(annotator, "Which of the three suspects were released?").plural


def test_a_place_modifier_does_not_make_a_role_a_place(annotator: Annotator) -> None:
    analysed = frame(annotator, "Which US State Department spokesman condemned the arrests?")
    assert analysed.head == "spokesman" and analysed.role == "spokesman"
    assert not analysed.expects <= PLACE


def test_a_quantity_modifier_still_types_the_question(annotator: Annotator) -> None:
    assert frame(annotator, "What percentage stake did HNA buy?").expects == NUMBER


def test_the_name_of_a_role_asks_about_the_role(annotator: Annotator) -> None:
    analysed = frame(annotator, "What is the name of the gunman arrested for the shooting?")
    assert analysed.head == "gunman" and analysed.role == "gunman"
    assert frame(annotator, "What is the name of the man who tore it up?").expects == {"PERSON"}
    assert frame(annotator, "What is the name of the town?").expects == PLACE


def test_coordinated_modifiers_do_not_hide_the_noun_asked_about(annotator: Annotator) -> None:
    # spaCy takes "Which" for the object of "with" here, so the noun is read from the words.
    companies = frame(annotator, "Which German and French payment companies does Alipay use?")
    assert companies.head == "company" and companies.expects == ORGANISATION
    women = frame(annotator, "Apart from Ann Lee, which three Soviet or Russian women flew?")
    assert women.head == "woman" and women.wanted == 3
    club = frame(annotator, "Which lower-division club are the darlings of the German Cup?")
    assert club.head == "club" and club.expects == ORGANISATION


def test_a_surname_or_a_nickname_asks_for_a_name(annotator: Annotator) -> None:
    surname = frame(annotator, "What is the surname of the judge who sentenced them?")
    assert surname.wants_phrase and surname.head == "judge"
    assert frame(annotator, "What was the nickname of the gang?").wants_phrase


def test_how_long_something_takes_asks_for_a_time(annotator: Annotator) -> None:
    assert frame(annotator, "How long does the train journey to Kunming take?").expects == TIME
    assert frame(annotator, "How long did the siege of the town last?").expects == TIME
    assert "QUANTITY" in frame(annotator, "How long is the new rail line?").expects


def test_the_title_of_a_work_asks_for_its_name(annotator: Annotator) -> None:
    analysed = frame(annotator, "What is the title of Amnesty International's new report?")
    assert analysed.head == "report" and analysed.expects == {"QUOTE", "WORK_OF_ART"}


def test_who_is_a_named_person_asks_for_a_description(annotator: Annotator) -> None:
    assert not frame(annotator, "Who is Dmytro Zhyvytskyi?").wants_phrase
    assert frame(annotator, "Who is the governor of Sumy?").wants_phrase


def test_a_year_in_the_question_must_be_found_like_a_name(annotator: Annotator) -> None:
    assert "2022" in frame(annotator, "Which country won the 2022 World Cup final?").names


@pytest.mark.parametrize(
    ("question", "initials"),
    [
        ("Who is the president of Paris Saint-Germain?", {"psg": {"paris", "saint", "germain"}}),
        ("What did the European Union decide?", {"eu": {"european", "union"}}),
        ("What did Russia decide in 2017?", {}),  # a name of one word has no initials
    ],
)
def test_a_name_of_several_words_is_also_held_by_its_initials(
    annotator: Annotator, question: str, initials: dict[str, set[str]]
) -> None:
    asked = frame(annotator, question)
    assert {k: set(v) for k, v in asked.initials} == initials
    assert names_held(asked, frozenset(initials)) == set().union(*initials.values())


def test_a_length_of_time_is_not_a_point_in_time(annotator: Annotator) -> None:
    assert frame(annotator, "When did the strike happen?").wants_time
    assert not frame(annotator, "How long has he been governor?").wants_time
    # A state that went on for a time, not a distance ("100kg", "12 km").
    went_on = frame(annotator, "How long had she been housebound?")
    assert "QUANTITY" not in went_on.expects and "DATE" in went_on.expects
    assert "QUANTITY" in frame(annotator, "How long is the new bridge?").expects


@pytest.mark.parametrize(
    "question",
    [
        "How much would it cost to move the remains?",
        "How much reward money was offered?",
        "At what price per share did HNA buy its stake?",
        "What is the monthly pay of police officers in the state?",
    ],
)
def test_a_price_asks_for_money(annotator: Annotator, question: str) -> None:
    analysed = frame(annotator, question)
    assert analysed.expects == MONEY and analysed.measured


def test_how_much_of_something_else_is_a_measure(annotator: Annotator) -> None:
    analysed = frame(annotator, "How much coral reef was destroyed?")
    assert analysed.expects == NUMBER and analysed.measured
    assert not frame(annotator, "How many people were evacuated?").measured


def test_what_year_asks_for_a_year_and_how_many_years_a_count(annotator: Annotator) -> None:
    assert frame(annotator, "In what year did Germany's women last beat the US?").wants_year
    assert not frame(annotator, "How many years did he serve?").wants_year
    assert not frame(annotator, "When did the jet crash?").wants_year


def test_how_many_units_of_time_asks_for_a_length_as_how_long_does(annotator: Annotator) -> None:
    # spaCy labels "42 days" a DATE and "seven hours" a TIME: both answer.
    many = frame(annotator, "How many days did he serve in prison?")
    assert many.expects == frame(annotator, "How long did he serve in prison?").expects
    assert many.counted == "day" and not many.wants_time
    assert frame(annotator, "How many people did he meet?").expects == NUMBER


def test_a_building_is_a_facility_or_its_owner(annotator: Annotator) -> None:
    analysed = frame(annotator, "At which hotel did the lift plunge four floors?")
    assert analysed.expects == FACILITY | ORGANISATION


def test_how_far_asks_for_a_distance(annotator: Annotator) -> None:
    assert frame(annotator, "How far is Grasse from Nice?").expects == {"QUANTITY"}


@pytest.mark.parametrize(
    ("question", "expects"),
    [
        ("How thick is the ice cap at the north pole?", {"QUANTITY"}),
        ("How hot did it get in Sydney on Saturday?", {"QUANTITY"}),
        ("How expensive were the tickets?", {"MONEY", "CARDINAL"}),
    ],
)
def test_how_and_a_measure_asks_for_a_figure_in_units(
    annotator: Annotator, question: str, expects: set[str]
) -> None:
    # A measure, never a share ("up to 30 percent") nor a statement.
    assert frame(annotator, question).expects == expects


def test_the_name_of_a_thing_asks_for_a_name_written_by_it(annotator: Annotator) -> None:
    assert frame(annotator, "What is the name of the wolf chosen as mascot?").named
    assert not frame(annotator, "Which wolf was chosen as mascot?").named


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("How many of the rebels were captured by the army?", "rebel"),
        ("How many soldiers were captured?", "soldier"),
    ],
)
def test_how_many_of_the_x_counts_x(annotator: Annotator, question: str, counts: str) -> None:
    assert frame(annotator, question).counts == counts


def test_the_name_of_a_proper_noun_asks_for_its_name(annotator: Annotator) -> None:
    # spaCy tags the breed as a proper noun: still the thing whose name is asked for.
    analysed = frame(annotator, "What was the name of the German Shepherd that bit the postman?")
    assert analysed.named
    assert analysed.head == "shepherd"


def test_the_words_inside_a_token_are_the_question_s_words(annotator: Annotator) -> None:
    # spaCy keeps "St." as one token; a candidate "St. Moritz" is split into "st", "moritz".
    assert "st" in frame(annotator, "Which canton holds St. Moritz?").question_words


def test_a_plural_tagged_as_singular_is_counted_by_its_lemma(annotator: Annotator) -> None:
    # spaCy tags "servicemen" here as a singular noun and keeps it as its lemma; the
    # articles' "about 10,000 servicemen" has the lemma "serviceman".
    assert frame(annotator, "How many servicemen in total were to take part?").counts == (
        "serviceman"
    )


def test_a_hyphenated_modifier_does_not_hide_the_noun_asked_about(annotator: Annotator) -> None:
    analysed = frame(annotator, "Which London-based Chinese luxury brand did he single out?")
    assert analysed.head == "brand"
    assert analysed.expects == ORGANISATION
    # spaCy takes this "Which" for the object of "lent": the noun is read from the words.
    bank = frame(annotator, "Which Moscow-based bank lent Marine Le Pen's party money in 2014?")
    assert bank.head == "bank" and bank.expects == ORGANISATION


def test_which_part_of_a_place_asks_for_a_place_in_it(annotator: Annotator) -> None:
    part = frame(annotator, "Near which part of London was the boat intercepted?")
    assert part.expects == PLACE and part.head is None
    # A part of something other than a place is what that part is called.
    assert frame(annotator, "Which part of the plan was dropped?").expects != PLACE


def test_which_of_the_things_asks_about_those_things(annotator: Annotator) -> None:
    assert frame(annotator, "Which of its shipyards will be shut down?").head == "shipyard"


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("Which widow of a former taoiseach died in Dublin?", "taoiseach"),
        ("Who is the son of the president?", "president"),
        # A bare noun after "of" makes one title with the head.
        ("Which chief of staff received the report?", None),
        ("Who is the governor of Sumy?", None),  # a name, which the question's words exclude
    ],
)
def test_the_owner_of_the_noun_asked_about(
    annotator: Annotator, question: str, owner: str | None
) -> None:
    assert frame(annotator, question).owner == owner


def test_a_name_or_a_figure_before_the_noun_asked_about_only_modifies_it(
    annotator: Annotator,
) -> None:
    spokesman = frame(annotator, "Which International Organization for Migration spokesman spoke?")
    assert spokesman.head == "spokesman" and spokesman.role == "spokesman"
    assert frame(annotator, "Which Premier League club won the cup?").head == "club"
    assert frame(annotator, "Which $3 billion HUD program would the budget end?").head == "program"


def test_what_before_a_kind_of_answer_asks_for_it_whatever_its_tag(annotator: Annotator) -> None:
    # spaCy tags this "what" as a pronoun (WP), determining "name".
    named = frame(annotator, "What name did the parents give to the baby?")
    assert named.wants_phrase and named.head == "name"
    # A noun that names no kind of answer leaves the question a request for a statement.
    assert not frame(annotator, "What make of car did the parents give to the baby?").wants_phrase


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("When Trump visited the carrier in March, how many ships did the Navy have?", "ship"),
        ("While talks went on in Geneva, how many civilians were killed in Aleppo?", "civilian"),
    ],
)
def test_a_wh_word_of_a_subordinate_clause_does_not_ask(
    annotator: Annotator, question: str, counted: str
) -> None:
    # "When Trump visited ..." says when; the main clause's "how many" asks.
    analysed = frame(annotator, question)
    assert analysed.expects == NUMBER and analysed.counted == counted


@pytest.mark.parametrize(
    ("question", "future"),
    [
        ("When will voters there get to decide on expansion?", True),
        ("When did voters decide on expansion?", False),
        ("When did he say he will resign?", False),
        # "be due to", "be set to", "be going to": what is to come when it is said.
        ("When is the Crumlin Road Courthouse hotel due to open?", True),
        ("When was the film due to reach cinemas?", True),
        ("When is he going to resign?", True),
        ("When did he go to Paris?", False),
        ("When did he say he was set to leave?", False),
    ],
)
def test_a_question_about_what_will_happen(
    annotator: Annotator, question: str, future: bool
) -> None:
    assert frame(annotator, question).future is future


def test_a_one_word_name_before_the_noun_asked_about_only_modifies_it(
    annotator: Annotator,
) -> None:
    # spaCy misreads "which" here; the noun is read past "Beijing" and "primary".
    assert frame(annotator, "At which Beijing primary school was a boy bullied?").head == "school"


def test_what_word_asks_for_words_quoted(annotator: Annotator) -> None:
    assert frame(annotator, "What word did she use to describe the idea?").expects == QUOTE


def test_how_long_asks_for_a_time_or_a_length_never_money_or_a_share(
    annotator: Annotator,
) -> None:
    expects = frame(annotator, "How long is his new term?").expects
    assert expects >= TIME and not expects & {"MONEY", "PERCENT"}
    assert "QUANTITY" in frame(annotator, "How long would the tunnel be?").expects


@pytest.mark.parametrize(
    ("question", "predicate"),
    [
        # A passive that predicts or reports: what happens is the verb it goes on to.
        ("How many workers is New York state predicted to need by 2024?", "need"),
        ("How many people were told to evacuate?", "evacuate"),
        # Not passive: wanting is what is asked about.
        ("Who did Trump want to appoint?", "want"),
        # After "did" comes the bare verb: spaCy takes "poet" for a past tense here.
        ("Where did Nobel poet Derek Walcott die?", "die"),
        # Not the verb of "to": the root is the verb, "win" what it was for.
        ("Which bids did Russia beat to win the right to host the World Cup?", "beat"),
        # A word "did" or "will" is the auxiliary of is a verb, though tagged a noun.
        ("How many witnesses did Amnesty interview for its report?", "interview"),
    ],
)
def test_the_predicate_is_the_verb_that_says_what_happens(
    annotator: Annotator, question: str, predicate: str
) -> None:
    assert frame(annotator, question).predicate == predicate


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("Who became president of the Swiss Confederation in 2017?", "president"),
        ("Who was named prime minister in March?", "minister"),
        ("Who remains the leader of the party?", "leader"),
    ],
)
def test_the_noun_someone_became_is_the_noun_asked_about(
    annotator: Annotator, question: str, head: str
) -> None:
    assert frame(annotator, question).head == head


@pytest.mark.parametrize(
    ("question", "tally"),
    [
        ("By what vote did the Senate confirm him?", True),
        ("What was the vote in the committee?", True),
        # "What vote" alone asks which one: "a no-confidence vote".
        ("What vote did the prime minister survive on Wednesday?", False),
    ],
)
def test_the_vote_asks_for_the_tally(annotator: Annotator, question: str, tally: bool) -> None:
    assert (frame(annotator, question).expects == NUMBER) is tally


def test_the_name_of_a_named_person_asks_for_another_name_of_them(annotator: Annotator) -> None:
    # Not a name written by "Lytton" (as "the name of the wolf" is one written by "wolf").
    analysed = frame(annotator, "What was the birth name of David Lytton?")
    assert analysed.expects == PERSON
    assert not analysed.named


def test_how_much_a_figure_changed_prefers_a_percentage(annotator: Annotator) -> None:
    assert frame(annotator, "By how much did investment grow in 2016?").primary == "PERCENT"
    assert frame(annotator, "How much did the stadium cost?").primary == "MONEY"


@pytest.mark.parametrize(
    ("question", "aged"),
    [
        ("How old is Hassan Ali Khaire, Somalia's prime minister?", {"khaire", "minister"}),
        ("How old was the infant found in Nathan Carroll's car?", {"infant"}),
        ("How old is she?", {"she"}),
        ("How many people were hurt?", None),
    ],
)
def test_how_old_asks_the_age_of_its_subject(
    annotator: Annotator, question: str, aged: set[str] | None
) -> None:
    found = frame(annotator, question).aged
    assert (found is None) is (aged is None)
    assert found is None or aged is not None and aged <= found and "carroll" not in found


@pytest.mark.parametrize(
    ("question", "reason", "cause"),
    [
        ("Why did the court free the suspect?", True, False),
        ("What caused the house fire in Riddle?", True, True),
        ("What was the cause of the singer's death?", True, True),
        ("What was the reason for the delay?", True, True),
        # Asking who caused something asks for a person; "what" of another verb, a statement.
        ("Who caused the crash?", False, False),
        ("What did the court decide?", False, False),
        ("What was the result of the match?", False, False),
    ],
)
def test_a_question_asking_why_is_known(
    annotator: Annotator, question: str, reason: bool, cause: bool
) -> None:
    asked = frame(annotator, question)
    assert (asked.reason, asked.cause) == (reason, cause)
