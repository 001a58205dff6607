"""Articles with outlet and date front matter, for the filter tests (the bundled seeds have
no outlet): three outlets report one harbour fire on different days with different tolls,
a fourth reports something else, and one article has neither outlet nor date."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from assistant.embed.base import Embedder
from assistant.language import Annotator
from assistant.service import Assistant
from assistant.settings import load_settings


def news_article(title: str, date: str, outlet: str, body: str) -> str:
    """An article file's text: front matter and a one-paragraph body (a line break would end
    a sentence)."""
    return f"---\ntitle: {title}\ndate: {date}\noutlet: {outlet}\n---\n{body}\n"


QUESTION = "How many people were killed in the Port Elmsworth harbour fire?"
TOLLS = {"TASS": "12", "Reuters": "15", "DW": "17"}
OUTLETS = ["BBC", "DW", "Reuters", "TASS"]
SOURCE_OUTLET = {
    "tass_fire.md": "TASS",
    "reuters_fire.md": "Reuters",
    "dw_fire.md": "DW",
    "bbc_budget.md": "BBC",
    "undated_fire.txt": None,
}

ARTICLES = {
    "tass_fire.md": """---
title: Fire at Port Elmsworth harbour kills 12
date: 2017-03-09
outlet: TASS
---
A fire at the Port Elmsworth harbour killed 12 people on Thursday, the regional emergencies
ministry said. The blaze started in a fuel depot near the container terminal. Firefighters
brought it under control after six hours.
""",
    "reuters_fire.md": """---
title: Death toll in Port Elmsworth harbour fire rises to 15
date: 2017-03-10
outlet: Reuters
---
The death toll from the Port Elmsworth harbour fire rose to 15 people on Friday, hospital
officials said. Three of the injured died overnight. The port's container terminal remained
closed.
""",
    "dw_fire.md": """---
title: Port Elmsworth fire blamed on faulty wiring
date: 2017-04-02
outlet: DW
---
Investigators said on Sunday that faulty wiring caused the Port Elmsworth harbour fire, which
killed 17 people in March. The harbour master, Ilse Varga, resigned after the report was
published.
""",
    "bbc_budget.md": """---
title: Council approves Port Elmsworth budget
date: 2017-03-15
outlet: BBC
---
The Port Elmsworth city council approved a budget of 40 million euros on Wednesday. The
mayor, Tomas Reed, said schools would get the largest share.
""",
    "undated_fire.txt": (
        "A warehouse fire near the Port Elmsworth harbour killed 9 people, witnesses said.\n"
    ),
}


def write_articles(folder: Path, articles: Mapping[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def news_assistant(
    root: Path,
    embedder: Embedder,
    annotator: Annotator | None = None,
    articles: Mapping[str, str] = ARTICLES,
    **overrides: object,
) -> Assistant:
    """An assistant over ``articles`` (these, by default), ingested into a store under
    ``root``; ``overrides`` are nested settings."""
    corpus = write_articles(root / "corpus", articles)
    settings = load_settings(data={"dir": root / "data"}, corpus={"dir": corpus}, **overrides)
    assistant = Assistant(settings, embedder=embedder, annotator=annotator)
    assistant.ingest()
    return assistant
