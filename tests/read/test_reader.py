"""The reader end to end over a real store: the short answer comes from the sentence next to
the evidence, words of the question are never the answer, and near misses are declined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from assistant.read import _elsewhere
from assistant.read.evidence import Evidence
from assistant.read.extract import FEATURES, Candidate
from assistant.read.question import QuestionFrame, doers
from assistant.service import Assistant

pytestmark = pytest.mark.integration


def over(make_assistant: Callable[..., Assistant], folder: Path, name: str, text: str) -> Assistant:
    """An assistant over a store holding one article, ``name`` with ``text``."""
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    assistant = make_assistant()
    report = assistant.ingest([folder])
    assert not report.skipped
    return assistant


def over_news(make_assistant: Callable[..., Assistant], folder: Path, body: str) -> Assistant:
    """An assistant over one dated news article whose text is ``body``."""
    text = f"---\ntitle: News of the day\ndate: 2017-03-01\n---\n\n{body}\n"
    return over(make_assistant, folder, "news.md", text)


ARTICLE = """---
title: "Strike on hospital in Sumy"
date: 2022-09-09
outlet: Example News
url: https://example.org/sumy
---

# Strike on hospital in Sumy

A Russian air strike hit a hospital in the northeastern region of Sumy this morning, wounding 14 people, the region's governor said.
The official, Dmytro Zhyvytskyi, said on Telegram that the building was destroyed.
The hospital had 120 beds, according to the regional health department.
"""  # noqa: E501  (one line per paragraph, as the news corpus has it)


def answers_one_article(
    make_assistant: Callable[..., Assistant],
    folder: Path,
    body: str,
    question: str,
    expected: str | None,
) -> None:
    """Asked of one news article whose text is ``body``, ``question`` is answered
    ``expected``, or declined when that is None."""
    answer = over_news(make_assistant, folder, body).ask(question)
    assert answer.short_answer == expected
    assert answer.abstained is (expected is None)


@pytest.fixture
def sumy(make_assistant: Callable[..., Assistant], tmp_path: Path) -> Assistant:
    return over(make_assistant, tmp_path / "news", "sumy.md", ARTICLE)


def test_the_name_in_the_next_sentence_answers_the_role(sumy: Assistant) -> None:
    answer = sumy.ask("Who is the governor of the Sumy region?")
    assert not answer.abstained
    assert answer.short_answer == "Dmytro Zhyvytskyi"
    assert answer.answer.startswith("Dmytro Zhyvytskyi [")
    citation = next(c for c in answer.citations if "Zhyvytskyi" in c.text)
    article = sumy.article(citation.source)
    assert article is not None
    assert article.text[citation.start : citation.end] == citation.text
    assert "Zhyvytskyi" in citation.text
    assert citation.outlet == "Example News" and citation.url == "https://example.org/sumy"


def test_a_count_of_the_wounded_does_not_answer_the_killed(sumy: Assistant) -> None:
    answer = sumy.ask("How many people were killed in the Sumy hospital strike?")
    assert answer.abstained
    assert answer.short_answer is None


def test_the_question_s_verb_picks_its_count_from_a_sentence_of_two(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "A passenger ferry sank off the northern coast on Tuesday in heavy seas.\n"
        "Officials said 85 passengers were injured and 12 passengers were killed in the "
        "sinking, and the search went on into the night."
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    assert assistant.ask("How many passengers were killed when the ferry sank?").short_answer == (
        "12"
    )
    assert assistant.ask("How many passengers were injured when the ferry sank?").short_answer == (
        "85"
    )


def test_how_long_is_never_answered_by_a_bare_number(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Cork County Council said that over 80 flood alerts issued for the Bandon area this "
        "afternoon were due to a computer systems error.\n"
        "The flood warning system sends alerts to residents by text message.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("How long had the Bandon flood warning system been running?")
    assert answer.short_answer is None, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What did Macron say about the Sumy hospital?",
        # spaCy tags "COVID-19" a common noun: its capitals make it a name all the same.
        "How many COVID-19 patients did the Sumy hospital have?",
    ],
)
def test_an_unknown_name_is_declined_without_a_citation(sumy: Assistant, question: str) -> None:
    answer = sumy.ask(question)
    assert answer.abstained
    assert answer.citations == []


def test_the_title_is_never_quoted(sumy: Assistant) -> None:
    answer = sumy.ask("How many beds did the hospital in Sumy have?")
    assert "# Strike" not in answer.answer
    assert "120" in (answer.short_answer or "")


ALBUM = """---
title: "War photo album up for auction"
date: 2017-03-08
outlet: Example News
---

# War photo album up for auction

A photo album from the Second World War will go up for auction in Kent on Wednesday.
The album was found by English photographer Edward Dean and English broadcaster Richard Dimbleby in the bunker in April 1945.
It is expected to sell for several thousand pounds.
"""  # noqa: E501


def test_names_written_as_one_list_answer_together(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    assistant = over(make_assistant, tmp_path / "news", "album.md", ALBUM)
    answer = assistant.ask("Who found the photo album in the bunker?")
    assert not answer.abstained
    assert answer.short_answer == "Edward Dean and Richard Dimbleby"


def test_as_many_answers_as_the_question_asks_for_from_two_sentences(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Barcelona beat Paris Saint-Germain 6-1 on Wednesday night.\n"
        "Lionel Messi converted the first penalty for Barcelona on 50 minutes.\n"
        "Later Neymar converted the second penalty for Barcelona in added time.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("Which two Barcelona players converted penalties against Paris?")
    assert not answer.abstained and answer.short_answer is not None
    assert "Messi" in answer.short_answer and "Neymar" in answer.short_answer
    # Each name's sentence is cited.
    assert any("Neymar" in c.text for c in answer.citations)
    assert any("Messi" in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # A name the text calls a town, whatever label spaCy gives it.
        ("Near which town did the landslide block the road?", "Kellbrook"),
        # Not an entity at all, but a name the text calls a ferry.
        ("Which ferry was taken out of service?", "Sea Wren"),
        # A company the text names with "called".
        ("Which engineering firm built the road?", "Hollins Vale"),
    ],
)
def test_a_name_the_text_calls_a_thing_answers_which_thing(
    make_assistant: Callable[..., Assistant], tmp_path: Path, question: str, answer: str
) -> None:
    body = (
        "A landslide blocked the coast road on Monday near the small town of Kellbrook, "
        "police said.\n"
        "The road was built in 1988 by an engineering firm called Hollins Vale.\n"
        "Islanders were told to use the harbour, as the old ferry, a Sea Wren, was taken out "
        "of service last year."
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    found = assistant.ask(question)
    assert found.short_answer == answer
    cited = " ".join(c.text for c in found.citations)
    assert all(name in cited for name in answer.split(" and "))  # each name is cited


def test_a_name_merely_near_the_thing_asked_about_does_not_name_it(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "A woman died after her arm got stuck in a clothing donation bin in Wilkes-Barre.\n"
        "Her son told WNEP that she always wanted to help the less fortunate."
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("What is the name of the woman's son?")
    assert answer.abstained and answer.short_answer is None


@pytest.mark.parametrize(
    ("body", "question", "wrong"),
    [
        # spaCy tags an age written after a name ("Tom Byrne, 53,") as a DATE: no date.
        (
            "Postman Tom Byrne, 53, was bitten by a dog as he delivered post in Cork. His "
            "neighbour, 61-year-old Mary Byrne, saw it.",
            "When was postman Tom Byrne bitten by the dog?",
            {"53", "61-year-old"},
        ),
        # A name not written by the thing asked about names nothing.
        (
            'Half a dozen "terrorists" hijacked a pleasure boat heading towards London from '
            "Kent in the Met Police's terror exercise on the River Thames on Sunday.\n"
            "More than 200 officers took part in the exercise.",
            "What is the name of the pleasure boat that was hijacked?",
            {"Kent", "London", "the River Thames"},
        ),
        # A name modifying a noun is not the person "who" asks for.
        (
            "Joe Root has been named England's new Test captain. The Yorkshire batsman, 26, "
            "succeeds Alastair Cook, and Ben Stokes was named as his vice-captain.",
            "Who succeeds Alastair Cook as England's Test captain?",
            {"Yorkshire"},
        ),
        # A bare title is no one's name.
        (
            "A letter from Mrs May was handed to Donald Tusk by the ambassador Sir Tim Barrow.",
            "Who handed the letter to Donald Tusk?",
            {"Mrs", "Sir"},
        ),
        # A count of people or things is no amount of money.
        (
            "The boarding school in Roscrea has 167 pupils and will stay open, the action "
            "group said.",
            "How much are the annual boarding fees at the school in Roscrea?",
            {"167"},
        ),
        # A span of years is no amount of money.
        (
            "The museum will be renovated and expanded under the city's 2016-20 plan, officials "
            "said, without giving a cost.",
            "How much will the renovation of the museum cost?",
            {"2016-20"},
        ),
    ],
)
def test_what_cannot_answer_the_question_is_never_its_answer(
    make_assistant: Callable[..., Assistant],
    tmp_path: Path,
    body: str,
    question: str,
    wrong: set[str],
) -> None:
    assistant = over_news(make_assistant, tmp_path / "news", body)
    assert assistant.ask(question).short_answer not in wrong


def test_a_count_of_others_counts_what_the_sentence_counted(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "A bomb exploded outside the court in Kabul on Tuesday afternoon.\n"
        "At least 20 people were killed and 41 others were wounded, the health ministry said.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("How many people were wounded in the blast outside the court?")
    assert not answer.abstained
    assert answer.short_answer == "41"


def test_the_day_something_was_said_is_not_when_it_happens(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Ellen DeGeneres will host a new game show called Ellen's Game of Games.\n"
        "NBC announced on Thursday that the game show will premiere later this year.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    premiere = assistant.ask("On what date will Ellen's Game of Games premiere on NBC?")
    assert premiere.abstained
    announced = assistant.ask("When did NBC announce the new game show?")
    assert not announced.abstained and announced.short_answer == "Thursday"


def test_a_figure_before_a_currency_s_name_is_money(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "The airline group now holds 3 percent of the bank.\n"
        "Its stake is worth more than 700 million euros at current share prices."
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("How much is the airline group's stake in the bank worth?")
    assert not answer.abstained and answer.short_answer is not None
    assert answer.short_answer.endswith("700 million euros")  # the currency is kept


def test_the_names_listed_together_are_answers_not_rivals(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    # Three cities tied for best would each be a weak answer if they were rivals: the
    # question asks for three, and the text lists them together. spaCy labels "Rennes" a
    # product, but it is listed with the other two.
    body = (
        "The national federation said on Thursday that three cities want to host the 2023 "
        "rowing championship.\n"
        "The cities of Lyon, Nantes and Rennes expressed their interest in bidding for the "
        "rowing championship, the federation's president told reporters.\n"
        "A decision is expected next year.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("Which three cities want to bid for the rowing championship?")
    assert not answer.abstained
    assert answer.short_answer == "Lyon, Nantes and Rennes"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # spaCy labels no entity here; the description after the name says what it is.
        ("Which cruise company operates the Coral Star?", "Noble Caledonia"),
        # spaCy takes this name for a date ("Day"); the description says it is a captain.
        ("Who was the captain of the Coral Star?", "Simon Day"),
    ],
)
def test_a_name_the_text_describes_as_the_thing_asked_about_answers(
    make_assistant: Callable[..., Assistant], tmp_path: Path, question: str, answer: str
) -> None:
    body = (
        "The cruise ship Coral Star ran aground on a reef off Raja Ampat on Saturday.\n"
        "Noble Caledonia, the cruise company that operates the vessel, apologised for the "
        "incident.\n"
        "An inquiry found that Simon Day, the registered captain of the ship until April 2016, "
        "had ignored the warnings.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    assert assistant.ask(question).short_answer == answer


def test_a_noun_that_opens_a_clause_after_a_name_does_not_describe_it(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Sweden has moved to bring back conscription as a response to the new security "
        "situation in Europe, the country's defence minister said on Thursday.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("Who is the Swedish defence minister?")
    assert answer.short_answer != "Europe"


@pytest.mark.parametrize(
    "body",
    [
        # Named after the report, unquoted and in lower case after its first word.
        "The charity's report, Hidden harbours, says the ships were sent to the scrapyards "
        "of South Asia under false flags.\n",
        # Quoted after "titled".
        'In its report, titled "Hidden Harbours of the South", the charity says the ships '
        "were sent to the scrapyards of South Asia under false flags.\n",
    ],
)
def test_the_title_of_a_work_is_the_name_the_text_gives_it(
    make_assistant: Callable[..., Assistant], tmp_path: Path, body: str
) -> None:
    text = "A charity said on Monday that old tankers were being scrapped in secret.\n" + body
    assistant = over_news(make_assistant, tmp_path / "news", text)
    answer = assistant.ask("What is the title of the charity's report on scrapped ships?")
    assert answer.short_answer in {"Hidden harbours", "Hidden Harbours of the South"}


def test_doers_are_the_nouns_english_makes_from_a_verb() -> None:
    assert {"leader", "chairman", "winner"} <= {
        *doers("lead"),
        *doers("chair"),
        *doers("win"),
    }
    assert "writer" in doers("write") and "director" in doers("direct")


def test_which_two_years_lists_both_not_rival_reports(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    first = (
        "---\ntitle: Referendum call\ndate: 2017-03-13\noutlet: DW\n---\n\n"
        "The first minister demanded a second independence referendum to be held in late "
        "2018 or early 2019, once the terms of Brexit are clear.\n"
    )
    second = (
        "---\ntitle: Referendum timing\ndate: 2017-03-14\noutlet: BBC\n---\n\n"
        "Aides to the first minister said the second referendum could be held in spring "
        "2019.\n"
    )
    (folder / "a.md").write_text(first, encoding="utf-8")
    (folder / "b.md").write_text(second, encoding="utf-8")
    assistant = make_assistant()
    assert not assistant.ingest([folder]).skipped
    answer = assistant.ask(
        "Between which two years did the first minister want the second independence "
        "referendum held?"
    )
    assert answer.short_answer is not None
    assert "2018" in answer.short_answer and "2019" in answer.short_answer


# One rule of the reader each: the short answer read from a single dated article.
@pytest.mark.parametrize(
    ("body", "question", "answer"),
    [
        pytest.param(
            "The hosts lost 1-0 to the visitors on Wednesday in a friendly in Chester.\n"
            "The hosts' last victory over the visitors was their 3-0 win in the semifinals of "
            "the 2003 World Cup, which was held in Portugal.",
            "In what year did the hosts last beat the visitors?",
            "2003",
            id="the_year_asked_for_may_be_written_inside_a_name",
        ),
        pytest.param(
            "Mary Kellan, the wife of former minister John Kellan, has died aged 91.\n"
            "She died peacefully in hospital in Galway on Sunday morning.",
            "Which widow of a former minister died in hospital in Galway?",
            "Mary Kellan",
            id="a_name_titled_by_whose_role_is_asked_is_not_the_answer",
        ),
        pytest.param(
            "Dairy farmers met in Armagh on Monday to discuss the new border rules.\n"
            "Every year, 600 million litres of milk produced in the north are carried by tanker "
            "across the border to be processed in the south.",
            "How much milk produced in the north is processed in the south?",
            "600 million litres",
            id="a_measured_figure_keeps_its_unit",
        ),
        pytest.param(
            "The singer, who grew up in Hoover, Alabama, will perform in Paris on Friday.\n",
            "Which town did the singer grow up in?",
            "Hoover",
            id="a_place_written_with_the_places_that_hold_it_is_one_answer",
        ),
        pytest.param(
            "A plan to move the remains of a former governor to his home town drew protests on "
            'Monday. His great-niece, Ruth Calder, called the whole idea "mortifying." A vote on '
            "the plan could come next week.\n",
            "What word did Ruth Calder use to describe the plan?",
            "mortifying",
            id="a_word_asked_for_is_the_word_the_text_quotes",
        ),
        pytest.param(
            "An exhibition about the first woman in space opened at the museum on Friday.\n"
            'Visitors will see a documentary film, "Legend of the Sky," made by the museum.\n',
            "What is the documentary film shown at the exhibition called?",
            "Legend of the Sky",
            id="a_work_asked_for_is_named_by_its_title",
        ),
        pytest.param(
            "A federal judge in Seattle blocked the travel ban on Friday.\n"
            'On Twitter, the president called the judge a "so-called judge" and said the '
            "ruling was ridiculous.\n",
            "What did the president call the judge on Twitter?",
            "so-called judge",
            id="what_a_verb_of_naming_calls_is_a_name_or_the_words_quoted",
        ),
        pytest.param(
            "Beijing was the foreign minister's final stop on his first official tour of Asia, "
            "which also included visits to Japan and South Korea.\n"
            "He flew home from China on Sunday.\n",
            "Besides China, which two countries did the foreign minister visit on his tour of "
            "Asia?",
            "Japan and South Korea",
            id="which_two_takes_the_two_the_text_lists_together",
        ),
        pytest.param(
            "Edward Lucas wrote the opinion piece on Russia's influence in Europe.\n"
            "Lucas is also senior vice president at the Center for European Policy Analysis, a "
            "Washington, D.C., think tank.\n",
            "Which Washington think tank is Edward Lucas a vice president of?",
            "the Center for European Policy Analysis",
            id="a_place_that_modifies_the_noun_asked_about_is_not_the_thing",
        ),
        # spaCy labels the town a person.
        pytest.param(
            "The helicopter was owned by the Milton Keynes-based Staske Construction company, "
            "police said on Friday.\n",
            "Where is Staske Construction based?",
            "Milton Keynes",
            id="the_place_a_firm_is_based_in_is_written_before_based",
        ),
        # The articles write people's names by "leader", so "who led" asks for the leader.
        pytest.param(
            "Labour leader Lodewijk Asscher conceded defeat on Wednesday night.\n"
            "Liberal leader Mark Rutte said the result was a victory for common sense.\n"
            "Freedom Party leader Geert Wilders promised to stay in parliament.\n"
            "Christian Democrat leader Sybrand Buma said talks would start soon.\n"
            "Greens spokeswoman Anna Smit said the Greens had run their best election ever.\n"
            "Greens leader Jesse Klaver was the sensation of the campaign.\n",
            "Who led the Greens into the election?",
            "Jesse Klaver",
            id="who_does_it_is_answered_by_the_noun_of_the_one_who_does_it",
        ),
        pytest.param(
            "In response, Chicago Police Superintendent Eddie Johnson said in a statement last "
            "week that the city was still waiting for federal help.\n",
            "Who is the Chicago police superintendent who said the city was waiting for help?",
            "Eddie Johnson",
            id="the_title_asked_about_is_not_part_of_the_answer",
        ),
        # spaCy labels "April-2015" (a lost space written as a hyphen) an organisation.
        pytest.param(
            "A murder trial at the Central Criminal Court has heard how a woman was killed at "
            "a house in Arklow.\n"
            "Tom Brennan, 52, of Ashbree, Ashford, has admitted killing Mary Doyle, 47, on 3 "
            "April-2015 but he has pleaded not guilty to murder.\n",
            "Who is on trial at the Central Criminal Court for the murder of Mary Doyle?",
            "Tom Brennan",
            id="a_date_taken_for_a_name_is_not_who_did_it",
        ),
        # The articles write people's names by "commissioner", so one is asked for; the
        # commission is the body they sit on, not one of them.
        pytest.param(
            "Commissioner Ana Ruiz opened the hearing on Monday, and commissioner Li Wei asked "
            "about costs.\n"
            "Commissioner Omar Haddad said the service had not kept records, and commissioner "
            "Eva Novak agreed.\n"
            "Commissioner Paul Okafor asked for the medical files.\n"
            "The prison death toll is based on figures the prisons service gave the Regional "
            "Rights Commission for its inquiry.\n"
            '"The numbers are shocking and call for a public inquiry," said Tomas Berg, one of '
            "the commissioners.\n",
            "Which commissioner called for an inquiry into the prison death toll?",
            "Tomas Berg",
            id="a_body_named_after_the_role_is_not_who_holds_it",
        ),
        # spaCy labels only "Sally" a person here.
        pytest.param(
            "Spicer denied a report that said White House officials tried to block former acting "
            "Attorney General Sally Yates from testifying at a hearing.\n",
            "Which former acting attorney general did White House officials try to block from "
            "testifying?",
            "Sally Yates",
            id="a_persons_name_runs_to_the_end_of_its_phrase",
        ),
        # spaCy labels the quoted name a work of art; the question asks for an organisation.
        pytest.param(
            "The envoy called for a ban on keeping wild animals as pets.\n"
            "Ivanov is a chairman of the supervisory council of the independent non-profit "
            'organization "Far Eastern Leopards".\n',
            "Which non-profit organisation's supervisory council does Ivanov chair?",
            "Far Eastern Leopards",
            id="a_name_in_quotes_after_the_noun_asked_about_is_its_name",
        ),
        # spaCy labels "St Anne's" a facility and takes "Church" for the noun it modifies.
        pytest.param(
            "The family lived in an apartment block in Clondalkin.\n"
            "Funeral mass took place at St Anne's Church, Shanganagh Road, Shankill, followed by "
            "burial in Springfield Cemetery in Bray.\n",
            "In which church was the funeral mass held for the family from Clondalkin?",
            "St Anne's Church",
            id="the_noun_asked_about_written_as_a_word_of_a_name_ends_the_name",
        ),
        # The whole name the article wrote before the surname, and its sentence is cited.
        pytest.param(
            "Two United Nations officials have gone missing in the Kasai region of Congo.\n"
            "A government statement identified the officials as Michael Sharp, a US national, "
            "and Zaida Catalan, a Swede.\n"
            "Peacekeepers were searching for the missing group, a spokesman said.\n"
            "Sharp and Catalan were kidnapped in Kasai Central province while working as UN "
            "experts.\n",
            "Who are the two UN experts kidnapped in Kasai Central province?",
            "Michael Sharp and Zaida Catalan",
            id="a_surname_is_answered_with_the_whole_name_the_article_wrote",
        ),
        # A thing with no name of its own is answered by its phrase.
        pytest.param(
            "Thousands protested in Bucharest against the government's decree on Sunday.\n"
            "On Wednesday, Prime Minister Sorin Grindeanu survived a no-confidence vote called "
            "by the opposition, days after the decree was withdrawn.\n"
            "Protesters said they would return to the streets.\n",
            "What vote did Sorin Grindeanu survive on Wednesday?",
            "no-confidence vote",
            id="a_thing_without_a_name_is_answered_by_the_phrase_of_the_noun_asked_about",
        ),
        pytest.param(
            "Kurdish-led forces are advancing on Raqqa from the north and east.\n"
            "On Sunday, the SDF said that they captured the Tabqa airbase, 45km west of Raqqa.\n"
            "The coalition says the battle for the city will begin within weeks.\n",
            "Which airbase near Raqqa did the SDF say they had captured?",
            "Tabqa airbase",
            id="a_phrase_naming_the_thing_asked_about_by_a_place_answers",
        ),
        # "Sen." before a name is the title of a senator.
        pytest.param(
            "A plan to move President Polk's remains to Columbia has stirred trouble, officials "
            "said.\n"
            "The museum's curator, Thomas Price, says he is not against the plan, and Sen. "
            "Joey Hensley is backing it.\n",
            "Which state senator is backing the plan to move President Polk's remains?",
            "Joey Hensley",
            id="an_abbreviated_title_names_the_role",
        ),
        # A former holder of the role does not answer who holds it.
        pytest.param(
            "Doris Leuthard, who took office on January 1, arrived in Beijing on Sunday for a "
            "state visit.\n"
            "In April 2016, when former president of the Swiss Confederation Johann "
            "Schneider-Ammann visited China, both sides signed a trade deal.\n",
            "Who became president of the Swiss Confederation in January?",
            "Doris Leuthard",
            id="a_former_holder_of_the_role_does_not_answer",
        ),
        # Several answers asked for: every one of them the sentence lists, in two lists.
        pytest.param(
            "Russia won the right to host the 2018 World Cup in December 2010.\n"
            "The victory came following a tight race against the bids from England, Portugal "
            "and Spain, in addition to a joint bid on behalf of Belgium and the Netherlands.\n"
            "The tournament will be held in 11 Russian cities.\n",
            "Which countries' bids did Russia beat to win the right to host the 2018 World Cup?",
            "England, Portugal, Spain, Belgium and Netherlands",
            id="all_the_answers_a_sentence_lists_for_a_plural_question",
        ),
        # A channel whose name spaCy does not label is named by its phrase.
        pytest.param(
            "Russia is concerned by tensions in the Balkans, Serbian Prime Minister "
            "Aleksandar Vucic told Pink TV channel on Monday after talks in Moscow.\n",
            "On which TV channel did Aleksandar Vucic talk about the Balkans?",
            "Pink TV channel",
            id="a_kind_of_organisation_named_by_its_phrase",
        ),
        pytest.param(
            "The lift plunged four floors into the basement of the-Killarney Plaza Hotel in "
            "2010, injuring the Meehan family, the court heard.\n"
            "The family had been staying at a Co Kerry hotel for a wedding.\n",
            "At which hotel did a lift plunge four floors into the basement?",
            "Killarney Plaza Hotel",
            id="a_building_named_by_its_phrase_not_by_where_it_is",
        ),
        # spaCy labels the last two names of the list, not the first.
        pytest.param(
            "Valentina Tereshkova became the first woman in space in 1963.\n"
            "After her, another 59 women were launched into space, and only three of them were "
            "from the Soviet Union and Russia - Svetlana Savitskaya, Elena Kondakova and Elena "
            "Serova.\n",
            "Apart from Valentina Tereshkova, which three Soviet or Russian women have flown "
            "into space?",
            "Svetlana Savitskaya, Elena Kondakova and Elena Serova",
            id="a_list_opened_by_a_name_spacy_left_out_keeps_it",
        ),
    ],
)
def test_the_short_answer_read_from_one_article(
    make_assistant: Callable[..., Assistant], tmp_path: Path, body: str, question: str, answer: str
) -> None:
    assistant = over_news(make_assistant, tmp_path / "news", body)
    assert assistant.ask(question).short_answer == answer


def test_an_answer_from_an_article_holding_none_of_the_names_asked_about_is_declined(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "obituary.md").write_text(
        "---\ntitle: Jazz singer dies at 76\ndate: 2017-02-13\n---\n\n"
        "The jazz singer, who won seven awards, died on Sunday in Los Angeles.\n"
        "He is survived by his wife, Susan, and his son Ryan, who said his father always "
        "helped the less fortunate.\n",
        encoding="utf-8",
    )
    (folder / "accident.md").write_text(
        "---\ntitle: Woman dies at recycling centre\ndate: 2017-03-02\n---\n\n"
        "Judith Permar, 70, died on Wednesday at a recycling centre in Pennsylvania.\n"
        "She was reaching into a bin when the ladder she stood on collapsed, police said.\n",
        encoding="utf-8",
    )
    assistant = make_assistant()
    assert not assistant.ingest([folder]).skipped
    # The son is named only in the obituary, which never mentions Judith Permar.
    answer = assistant.ask("What is the name of Judith Permar's son, who said she always helped?")
    assert answer.abstained and answer.short_answer is None
    # Asked of the one the obituary is about, the same sentence answers.
    assert assistant.ask("What is the name of the jazz singer's son?").short_answer == "Ryan"


def test_a_web_address_is_never_an_answer(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Gustavito the hippo died at the national zoo after an attack, officials said.\n"
        "Police are investigating who attacked the hippo. https://t.co/8vRRtJRY2Y "
        "pic.twitter.com/j6QWpLBuQ0\n"
        "No one was initially aware of his injuries, the zoo said.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("Who attacked the hippo at the national zoo?")
    assert answer.abstained and answer.short_answer is None


@pytest.mark.parametrize(
    ("body", "question"),
    [
        # A name is asked for: a phrase that only describes the boats does not answer.
        pytest.param(
            "Police staged a mock terror attack on the Thames on Wednesday.\n"
            "Elite marksmen in two small boats drew alongside the hijacked pleasure boat and "
            "boarded it.\n",
            "What was the name of the pleasure boat hijacked in the exercise?",
            id="a_name_asked_for",
        ),
        # The question's own place only says where the suburb is; the name follows "of".
        pytest.param(
            "Belgacem lived in the northeastern Paris suburb of Garges-les-Gonesse, "
            "neighbours said.\n",
            "In which Paris suburb did Belgacem live?",
            id="a_name_after_of",
        ),
    ],
)
def test_a_phrase_of_the_noun_asked_about_does_not_answer_for_a_name(
    make_assistant: Callable[..., Assistant], tmp_path: Path, body: str, question: str
) -> None:
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask(question).short_answer
    assert answer is None or "boats" not in answer and "northeastern" not in answer


@pytest.mark.parametrize(("share", "declined"), [(0.0, True), (0.25, True), (1 / 3, False)])
def test_an_answer_from_an_article_holding_few_of_the_names_asked_about_is_declined(
    share: float, declined: bool
) -> None:
    # One of the question's four names found is too few; one of three is enough.
    features = tuple(share if name == "names_found" else 0.0 for name in FEATURES)
    frame = QuestionFrame(text="q", lemmas=(), names=("baltic", "fleet", "kaliningrad"))
    top = Candidate("3,000", features, cast(Evidence, None), 0, 0, 5, "CARDINAL")
    assert _elsewhere(frame, top) is declined


def test_an_acronym_the_articles_write_out_is_a_known_name(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Trump's budget proposal would eliminate Community Development Block Grants, a $3 "
        "billion program that is provided by the Department of Housing and Urban Development "
        "and which some communities use to supplement Meals on Wheels.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    # The article never writes "HUD", only what it stands for.
    answer = assistant.ask("Which $3 billion HUD program would Trump's budget eliminate?")
    assert answer.short_answer == "Community Development Block Grants"
    # A name no article writes in any form is still unknown: the question is declined.
    declined = assistant.ask("Which $3 billion NASA program would Trump's budget eliminate?")
    assert declined.abstained and not declined.citations


def test_a_statement_answer_adds_the_sentence_that_holds_what_the_best_one_lacks(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "A Pennsylvania woman died on Sunday after her arm got stuck in a clothing donation "
        "bin, leaving her unable to call for help.\n"
        "Her car was still running and bags of clothes were scattered near the bin, police "
        "said.\n"
        "A coroner's report said she died from blunt force trauma and hypothermia.\n"
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask(
        "What did the coroner say killed the woman trapped in the clothing donation bin?"
    )
    cited = [c.text for c in answer.citations]
    # The story's opening sentence, and the coroner's finding it lacks; not the car.
    assert any("donation bin" in text for text in cited)
    assert any("hypothermia" in text for text in cited)
    assert not any("car was still running" in text for text in cited)


@pytest.mark.parametrize(
    ("body", "question", "holder"),
    [
        # A role in a quote is someone the speaker names, not the speaker.
        (
            "A barge ran aground on a sandbank in the Elbe estuary on Sunday.\n"
            '"The damage was done in one night by the barge and its skipper," Anna Berger, a'
            " spokeswoman for the port authority, said on Monday.",
            "What is the name of the skipper of the barge that ran aground?",
            None,
        ),
        # The name titled with the role answers before one the role is merely written near.
        (
            "The county sheriff has a long-running feud with the city of Milwaukee.\n"
            "On Facebook, the sheriff, a fan of President Donald Trump, mocked the mayor for"
            " getting hurt at a fair, saying Mayor Tom Barrett should have stayed home.",
            "Which Milwaukee mayor did the sheriff mock on Facebook?",
            "Tom Barrett",
        ),
        # The role of something the question does not name is another holder of it; when
        # the question does not say whose role it asks about, any holder answers.
        (
            "Marc Delorme, the president of the General Council of the Vienne region, said"
            " Hartfield United's 6-1 defeat to Porto was a shame for the whole region.\n"
            "The club's president, Karim Benali, declined to comment on Thursday.",
            "Who is the president of Hartfield United?",
            "Karim Benali",
        ),
        (
            "Marc Delorme, the president of the General Council of the Vienne region, said"
            " Hartfield United's 6-1 defeat to Porto was a shame for the whole region.\n"
            "The club's president, Karim Benali, declined to comment on Thursday.",
            "Which regional president said the defeat was a shame?",
            "Marc Delorme",
        ),
        # A US lawmaker's party and state, written after the name, answer nothing.
        (
            "The House vote on the health bill was postponed on Thursday.\nRep. Charlie Dent,"
            " R-Pennsylvania, leader of the Tuesday Group of centrist Republicans, said he"
            " would oppose the bill.",
            "Which leader of the Tuesday Group said he would oppose the health bill?",
            "Charlie Dent",
        ),
    ],
)
def test_who_holds_the_role_asked_about(
    make_assistant: Callable[..., Assistant],
    tmp_path: Path,
    body: str,
    question: str,
    holder: str | None,
) -> None:
    answers_one_article(make_assistant, tmp_path / "news", body, question, holder)


@pytest.mark.parametrize(
    ("written", "question", "count"),
    [
        # A number written before another noun it numbers counts that noun, not the one asked.
        (
            "A water main burst in Elmfield on Monday and sent a plume of water three storeys"
            " high, witnesses said.\nResidents of the street were told to leave their homes.",
            "How many homes were evacuated after the water main burst in Elmfield?",
            None,
        ),
        (
            "A water main burst in Elmfield on Monday and sent a plume of water three storeys"
            " high, witnesses said.\nAbout 40 homes in the street were evacuated.",
            "How many homes were evacuated after the water main burst in Elmfield?",
            "about 40",
        ),
        # ... unless the noun is a word of the question: "50 injured" counts the injured.
        (
            "Four people were killed and 50 injured when a van hit pedestrians on Elm Bridge on"
            " Wednesday.\nOn Sunday, women linked hands on the bridge to honour the victims.",
            "How many women linked hands on Elm Bridge?",
            None,
        ),
        (
            "Four people were killed and 50 injured when a van hit pedestrians on Elm Bridge on"
            " Wednesday.\nOn Sunday, women linked hands on the bridge to honour the victims.",
            "How many people were injured on Elm Bridge?",
            "50",
        ),
    ],
)
def test_a_number_counts_the_noun_written_after_it(
    make_assistant: Callable[..., Assistant],
    tmp_path: Path,
    written: str,
    question: str,
    count: str | None,
) -> None:
    answers_one_article(make_assistant, tmp_path / "news", written, question, count)


@pytest.mark.parametrize(
    ("year", "count"),
    [
        ("2015", "25 million"),
        ("2016", "almost 28 million"),
        # The article's own year: its articles are searched (a period of publication), and
        # the figures are still those of other years.
        ("2017", None),
    ],
)
def test_a_figure_written_for_last_year_is_not_one_of_another_year(
    make_assistant: Callable[..., Assistant], tmp_path: Path, year: str, count: str | None
) -> None:
    body = (
        "Dublin Airport handled almost 28 million passengers last year, up from 25 million"
        " passengers in 2015, its owner said.\nThe owner's 2016 report is online."
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)  # an article of 2017
    answer = assistant.ask(f"How many passengers did Dublin Airport handle in {year}?")
    assert answer.short_answer == count


_BAGHDAD = (
    "---\ntitle: Car bombs in Baghdad\ndate: 2017-02-17\n---\n\n"
    "On Tuesday, a car bomb in southern Baghdad killed at least four people.\n"
    "On Thursday, a car bomb in southern Baghdad killed at least 55 people.\n"
)


@pytest.mark.parametrize(("day", "count"), [("16", "at least 55"), ("14", "at least four")])
def test_an_event_on_the_day_the_question_names(
    make_assistant: Callable[..., Assistant], tmp_path: Path, day: str, count: str
) -> None:
    # The article is of Friday 17 February 2017: its Thursday is the 16th, its Tuesday the 14th.
    assistant = over(make_assistant, tmp_path / "news", "baghdad.md", _BAGHDAD)
    question = (
        f"How many people were killed by the car bomb in southern Baghdad on {day} February 2017?"
    )
    assert assistant.ask(question).short_answer == count


_INTRUDER = (
    "---\ntitle: White House intruder\ndate: 2017-03-18\n---\n\n"
    "A man climbed three fences at the White House late on March 10, 2017, and was caught.\n"
    "A source told reporters on Friday that the intruder, Jonathan Tran, set off several "
    "alarms.\n"
)


def test_the_day_a_source_spoke_does_not_date_the_event(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    # "on Friday" (17 March) dates what the source told, not the intrusion of the
    # 10th, which the question names.
    assistant = over(make_assistant, tmp_path / "news", "intruder.md", _INTRUDER)
    answer = assistant.ask("Who was the intruder at the White House on March 10, 2017?")
    assert answer.short_answer == "Jonathan Tran"


def test_a_name_the_articles_write_by_its_initials_is_found(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Barcelona beat PSG 6-1 on Wednesday night.\n"
        '"It is a nightmare," said PSG president Nasser Al-Khelaifi after the defeat.'
    )
    question = "Who is the president of Paris Saint-Germain?"
    answers_one_article(make_assistant, tmp_path / "news", body, question, "Nasser Al-Khelaifi")


# spaCy labels "Shirley" and "Chester" people; the text says they are places.
_IN_A_TOWN = (
    "A woman died on Sunday after her arm got stuck in a clothing donation bin.\n"
    "She had driven to a drop-off box in the town of Shirley at around 2:30 a.m."
)
_FROM_A_TOWN = (  # written after an age, it is where the victim was from
    "A woman who died after her arm got stuck in a donation bin was named on Monday.\n"
    "The victim, 56, of Chester, had driven to the bin at night."
)


@pytest.mark.parametrize(
    ("body", "question"),
    [
        (_IN_A_TOWN, "Who drove to the drop-off box?"),
        (_IN_A_TOWN, "Who was the woman who died?"),
        (_FROM_A_TOWN, "Who was the woman who died?"),
    ],
)
def test_a_name_written_as_a_place_s_answers_no_who(
    make_assistant: Callable[..., Assistant], tmp_path: Path, body: str, question: str
) -> None:
    answers_one_article(make_assistant, tmp_path / "news", body, question, None)


_CLASH = (
    "Three people were killed in the clashes between police and protesters on Monday.\n"
    "Hospital staff said 14 people were injured."
)


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("How many people were hurt in the clashes?", "14"),  # "hurt": of "injured"'s sense
        ("How many people were wounded in the clashes?", "14"),
        ("How many people were killed in the clashes?", "three"),
    ],
)
def test_a_verb_of_the_same_sense_meets_the_question_s_verb(
    make_assistant: Callable[..., Assistant], tmp_path: Path, question: str, count: str
) -> None:
    answers_one_article(make_assistant, tmp_path / "news", _CLASH, question, count)


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("How many soldiers were wounded in the attack on the base?", None),
        ("How many soldiers were killed in the attack on the base?", "at least six"),
        ("How many soldiers died in the attack on the base?", "at least six"),
    ],
)
def test_a_count_of_another_outcome_does_not_answer(
    make_assistant: Callable[..., Assistant], tmp_path: Path, question: str, count: str | None
) -> None:
    body = "At least six soldiers were killed on Friday when gunmen attacked a base in the north."
    answers_one_article(make_assistant, tmp_path / "news", body, question, count)


_EXHIBITION = (
    "The Larch Gallery is showing paintings by Ada Brenner.\n"
    "The exhibition at the Larch Gallery opened on March 15 and will last until September 16.\n"
    "The two rounds of talks were held on March 3 and on April 7."
)


@pytest.mark.parametrize(
    ("question", "time"),
    [
        # Two times of two things are not a list; the preposition asked picks the one.
        ("Until what date does the exhibition at the Larch Gallery run?", "September 16"),
        ("When did the exhibition at the Larch Gallery open?", "March 15"),
        # Two times of one thing, joined by "and on", are.
        ("On which two dates were the rounds of talks held?", "March 3 and April 7"),
    ],
)
def test_the_time_asked_about_among_the_times_of_a_sentence(
    make_assistant: Callable[..., Assistant], tmp_path: Path, question: str, time: str
) -> None:
    answer = over_news(make_assistant, tmp_path / "news", _EXHIBITION).ask(question)
    assert answer.short_answer == time


@pytest.mark.parametrize("year", ["2014", "2016"])
@pytest.mark.parametrize(
    "written",
    [
        "It has raised the sum spent on libraries from 3.2m euros in 2014 to 4.5m euros in 2016.",
        "In 2014, the council spent 3.2m euros on libraries, and in 2016 it spent 4.5m euros.",
    ],
)
def test_a_figure_is_read_by_the_year_the_question_asks_about(
    make_assistant: Callable[..., Assistant], tmp_path: Path, year: str, written: str
) -> None:
    body = f"The city council publishes its budget every spring.\n{written}"
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask(f"How much did the city council spend on libraries in {year}?")
    assert answer.short_answer is not None
    assert answer.short_answer.startswith({"2014": "3.2m", "2016": "4.5m"}[year])


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("How much was the combined company worth after the merger?", False),
        ("How much would the combined company be worth after the merger?", True),
    ],
)
def test_what_only_might_be_does_not_answer_what_is(
    make_assistant: Callable[..., Assistant], tmp_path: Path, question: str, answered: bool
) -> None:
    body = (
        "The two companies have been in talks since January.\n"
        "If the merger goes ahead, the combined company would be worth about $40 billion,"
        " analysts said."
    )
    answer = over_news(make_assistant, tmp_path / "news", body).ask(question)
    assert (answer.short_answer == "about $40 billion") is answered
    assert answer.abstained is not answered


def test_a_name_of_the_question_written_more_fully_is_no_answer(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    # "the European Football Championship" holds the question's name whole: it is the
    # tournament asked about, not the team drawn against.
    body = (
        "The draw for the European Football Championship was held in Paris on Friday.\n"
        "Commenting on the European Football Championship draw, which placed the Scottish "
        "champions against Olympique Lyon FC, the coach said it was a fair result."
    )
    question = "Which club did Celtic draw in the Football Championship?"
    answers_one_article(make_assistant, tmp_path / "news", body, question, "Olympique Lyon FC")


@pytest.mark.parametrize(
    "dateline",
    ["NEW DELHI (CNN)", "NEW DELHI, March 9. /TASS/. ", "NEW DELHI (AP) — "],
)
def test_a_dateline_answers_nothing(
    make_assistant: Callable[..., Assistant], tmp_path: Path, dateline: str
) -> None:
    # Where the report was filed and who filed it: not where the boy was born.
    body = (
        f"{dateline}A boy born with four legs is set to return home after surgery.\n"
        "Doctors at the hospital described the complexities of the case on Thursday."
    )
    question = "In which city was the boy with four legs born?"
    answers_one_article(make_assistant, tmp_path / "news", body, question, None)


_PAINTED = (
    "{credit}   - Five Drunken Kings on Horses, an old painting, was auctioned for $44 million"
    " on Dec 4.\nIt was painted by the Yuan Dynasty artist Ren Renfa."
)


@pytest.mark.parametrize(
    ("body", "question", "expected"),
    [
        # Who took the picture, not who painted the painting.
        pytest.param(
            _PAINTED.format(credit="Zhu Xingxin / China Daily"),
            "Who painted Five Drunken Kings on Horses?",
            "Ren Renfa",
            id="a photographer's credit",
        ),
        pytest.param(
            _PAINTED.format(credit="Zhu Xingxin / For China Daily"),
            "Who painted Five Drunken Kings on Horses?",
            "Ren Renfa",
            id="the outlet of a photographer's credit",
        ),
        # A byline printed inside the text names who wrote the report, not who did what.
        pytest.param(
            "The A400M plane broke down on the tarmac in Lithuania on Tuesday. Author: Rolf"
            " Wenkel\nEngineers were still examining the plane on Wednesday.",
            "Who repaired the A400M plane that broke down in Lithuania?",
            None,
            id="a byline",
        ),
        # spaCy may label a place a person; no one is "in" a person.
        pytest.param(
            "A John Lewis lorry has crashed into a listed building following a collision with"
            " another vehicle in Kent.\nThe road was closed for seven hours.",
            "Who was driving the John Lewis lorry that crashed into a listed building?",
            None,
            id="a name something happens in is a place",
        ),
        # A name no entity holds, ending a phrase whose nouns say what it is.
        pytest.param(
            "A lorry has crashed into a listed building in the village on Tuesday.\nThe"
            " property is used by estate agents Country Cottages and was badly damaged.",
            "Which estate agents used the listed building the lorry crashed into?",
            "Country Cottages",
            id="a name ending the phrase that says what it is",
        ),
        # A length of time whose own words hold the noun counted counts it, though it is
        # written in a phrase about something else.
        pytest.param(
            "The coal-to-liquid plant delivered its first shipment in December.\nThe project"
            " is the result of 39 months' construction and investment of 44 billion yuan.",
            "How many months did it take to build the coal-to-liquid plant?",
            "39 months",
            id="a length of time that names what it counts",
        ),
        # "Eva Braun's bedroom": the name before the noun asked about is whose it is.
        pytest.param(
            "The photo album was found in the bunker in April 1945.\n"
            "Harper said a Russian soldier broke into Eva Braun's bedroom.",
            "From whose bedroom in the bunker was the photo album taken?",
            "Eva Braun",
            id="whose: the owner before the noun",
        ),
        # "grow" is met by "increased": the percentage is the change, not the value approved.
        pytest.param(
            "The commission approved 227 investment projects valued at 1.7 trillion yuan in"
            " 2016.\nFixed-asset investment increased by 8.1 percent year-on-year in 2016.",
            "By how much did fixed-asset investment grow in 2016?",
            "8.1 percent",
            id="a change asked with a verb of its sense",
        ),
        # "an 11-rose bunch" says what the bunch is, not what anything costs.
        pytest.param(
            "The startup sells roses online to customers in 40 cities.\n"
            "Its best seller is an 11-rose bunch delivered in a box.",
            "How much does the startup's best seller cost?",
            None,
            id="a number joined to a word is no amount",
        ),
        # "How old": an age written of the one asked about, not of another person named.
        pytest.param(
            "Police found Tom Baker, 31, in his van with a baby in the back seat.\n"
            "His partner, Ann Lee, 27, was found at home.",
            "How old was the baby found in Tom Baker's van?",
            None,
            id="how old: not the age of another person",
        ),
        pytest.param(
            "The mayor named Karl Udo as the new harbour master on Friday.\n"
            "Udo was chosen from 14 candidates.",
            "How old is Karl Udo, the new harbour master?",
            None,
            id="how old: a count is no age",
        ),
        pytest.param(
            "Mira Holt was sworn in as the town's mayor on Monday.\n"
            "The 52-year-old former teacher promised to reopen the library.",
            "How old is Mira Holt?",
            "52-year-old",
            id="how old: the age of a description of the one named before",
        ),
        # A title between the role and the name still makes the name the role's.
        pytest.param(
            "Jon Eld, 61, was flown to the city hospital on Friday.\n"
            "The operation was performed by a team of doctors led by cardiac surgeon, Dr Ravi"
            " Mehta.",
            "Which surgeon led the team that operated on Jon Eld?",
            "Ravi Mehta",
            id="a title between the role and the name",
        ),
        # "the remaining 1,300" counts the stores written before it, not jobs.
        pytest.param(
            "The retailer filed for bankruptcy on Wednesday.\n"
            "It will close about 200 stores and will review options on the remaining 1,300.",
            "How many jobs will the retailer cut in its bankruptcy?",
            None,
            id="a number with no noun counts the noun counted before it",
        ),
        # "How long had she been": a length of time, not her age nor her weight.
        pytest.param(
            "Doctors said Ada Lin, 40, had lost 90kg since she arrived at the clinic.\n"
            "Her family said she had not left her home for 12 years before the trip.",
            "How long had Ada Lin been housebound before she arrived at the clinic?",
            "12 years",
            id="how long had she been: a length of time",
        ),
    ],
)
def test_what_the_text_says_a_name_or_a_figure_is(
    make_assistant: Callable[..., Assistant],
    tmp_path: Path,
    body: str,
    question: str,
    expected: str | None,
) -> None:
    answers_one_article(make_assistant, tmp_path / "news", body, question, expected)


def test_a_name_of_the_question_with_a_common_noun_is_no_answer(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    # "the Asia-Pacific region" is the Asia-Pacific the question names, not a country.
    body = (
        "Missile defence in the Asia-Pacific region may bring serious risks, the minister "
        "said after talks with Norway on Monday.\n"
        "The talks were held in the capital."
    )
    question = (
        "Which country held talks with the minister about missile defence in the Asia-Pacific?"
    )
    answers_one_article(make_assistant, tmp_path / "news", body, question, "Norway")


def test_what_the_article_says_it_was_not_told_is_declined_with_that_sentence(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "A passenger's headphones caught fire on a flight from Beijing to Melbourne, the "
        "Australian Transport Safety Bureau said.\n"
        "The bureau declined to say what brand of headphones was involved."
    )
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("What brand of headphones caught fire on the flight?")
    assert answer.abstained and answer.short_answer is None
    assert [c.text for c in answer.citations] == [
        "The bureau declined to say what brand of headphones was involved."
    ]


def test_what_the_article_was_not_told_of_another_thing_does_not_decline(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = (
        "Headphones made by the brand Sonex caught fire on a flight from Beijing to Melbourne, "
        "the Australian Transport Safety Bureau said.\n"
        "The price of the headphones has not been disclosed."
    )
    question = "What brand of headphones caught fire on the flight?"
    answers_one_article(make_assistant, tmp_path / "news", body, question, "Sonex")


_REFUGE = (
    "A pregnant woman and three young children have died after a fire at a women's refuge in "
    "Clondalkin, west Dublin, in the early hours of Monday morning. The fire broke out in an "
    "apartment of the refuge shortly after 4am and spread quickly through the building. "
    "Emergency services were called and six units of the fire brigade attended the scene. "
    "Neighbours said they had heard screams and tried to reach the apartment before the "
    "firefighters arrived.\n"
    "The two children who died were cousins of the girl, police said. A post-mortem "
    "examination will be carried out later this week. Gardaí said they were not treating the "
    "fire as suspicious at this stage. The apartment was badly damaged and the families of "
    "the other residents were moved to a hotel nearby. The local councillor said the whole "
    "area was in shock. A book of condolence will be opened at the civic offices on "
    "Tuesday morning.\n"
    "Domestic violence charity Sonas said it was devastated by the deaths. Its staff were "
    "helping the other residents."
)


def test_a_role_written_outside_the_passages_found_is_read_where_first_written(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    # News names who holds a role where it first writes the role, maybe far from the
    # question's words: with one chunk retrieved, "charity Sonas" is outside it.
    assistant = over_news(make_assistant, tmp_path / "news", _REFUGE)
    question = "Which charity ran the women's refuge in Clondalkin where the fire broke out?"
    answer = assistant.ask(question, top_k=1)
    assert answer.short_answer == "Sonas", answer.answer


WHY_BODY = (
    "The suspect will be freed from custody on Friday{reason}, the attorney general said.\n"
    "A spokesman for the court said the suspect would be deported to his home country.\n"
)


def test_why_is_answered_by_the_sentence_that_gives_a_reason(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    body = WHY_BODY.format(reason=" because of a lack of evidence")
    assistant = over_news(make_assistant, tmp_path / "news", body)
    answer = assistant.ask("Why was the suspect freed from custody?")
    assert not answer.abstained
    assert "because of a lack of evidence" in answer.answer


FIRE_BODY = (
    "Four children died in a house fire on Wednesday in a small timber town, the sheriff said.\n"
    "The fire broke out around 2 a.m.{reason}, and neighbours called the fire brigade.\n"
)


@pytest.mark.parametrize(
    ("reason", "answered"), [(" and was caused by a faulty space heater", True), ("", False)]
)
def test_what_caused_is_answered_only_by_a_sentence_that_gives_a_reason(
    make_assistant: Callable[..., Assistant], tmp_path: Path, reason: str, answered: bool
) -> None:
    assistant = over_news(make_assistant, tmp_path / "news", FIRE_BODY.format(reason=reason))
    answer = assistant.ask("What caused the house fire that killed four children?")
    assert answer.abstained is not answered
    assert ("faulty space heater" in answer.answer) is answered
