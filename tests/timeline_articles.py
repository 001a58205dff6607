"""Articles for the timeline tests: one story (a dam that burst on the Verrin river) told by
four outlets over eleven days, one of them a wire copy of another's report of the same day,
an undated article on it, and an article about something else in the same village."""

from __future__ import annotations

from pathlib import Path

from filter_articles import news_article, news_assistant
from filter_articles import write_articles as write_news

from assistant.embed.base import Embedder
from assistant.language import Annotator
from assistant.service import Assistant

TOPIC = "the Verrin dam"
OUTLETS = ["BBC", "DW", "Reuters", "RTÉ", "TASS"]
FIRST = "A dam on the Verrin river burst on Thursday, flooding the village of Ostrova"
"""The start of the first development (TASS), which Reuters copies."""
# The developments in the order they happened, by the source that reports each first.
CHRONOLOGY = ["tass_dam.md", "dw_dam.md", "bbc_dam.md", "undated_dam.txt"]


ARTICLES = {
    "bbc_dam.md": news_article(
        "Verrin dam to be rebuilt before the spring floods",
        "2017-03-20",
        "BBC",
        "Engineers began rebuilding the Verrin dam on Monday, three weeks before the spring "
        "floods are expected. The work will cost 12 million euros, the ministry said.",
    ),
    "dw_dam.md": news_article(
        "Hundreds evacuated after dam failure",
        "2017-03-11",
        "DW",
        "Rescuers have evacuated 240 people from Ostrova since the Verrin dam burst, the "
        "regional governor said on Saturday. Two people are still missing.",
    ),
    "reuters_dam.md": news_article(
        "Dam bursts in Verrin valley",
        "2017-03-09",
        "Reuters",
        "A dam on the Verrin river burst on Thursday, flooding the village of Ostrova, the "
        "regional emergencies ministry said on Thursday evening. Television pictures showed "
        "houses under water.",
    ),
    "rte_budget.md": news_article(
        "Ostrova council approves budget",
        "2017-03-15",
        "RTÉ",
        "The village council of Ostrova approved a budget of 40 million euros on Wednesday. "
        "The mayor said the school would get the largest share.",
    ),
    "tass_dam.md": news_article(
        "Dam bursts on the Verrin river",
        "2017-03-09",
        "TASS",
        "A dam on the Verrin river burst on Thursday, flooding the village of Ostrova, the "
        "regional emergencies ministry said. About 300 people live in the village. Rescue "
        "teams were sent from the regional capital.",
    ),
    "undated_dam.txt": (
        "Residents of Ostrova blamed years of poor maintenance for the failure of the Verrin "
        "dam, a local newspaper reported.\n"
    ),
}


def write_articles(folder: Path) -> Path:
    return write_news(folder, ARTICLES)


def timeline_assistant(
    root: Path, embedder: Embedder, annotator: Annotator | None = None, **overrides: object
) -> Assistant:
    """An assistant over these articles, ingested into a store under ``root``."""
    return news_assistant(root, embedder, annotator, ARTICLES, **overrides)
