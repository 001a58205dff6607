"""What an article says is not known: "The passenger, who has not been named, ...", "The
project's cost has not been disclosed", "He declined to say what brand of headphones ...".
When the article of the best answer says so of the very thing asked about, the reader
declines and cites that sentence rather than answer with some other name or figure."""

from __future__ import annotations

import re

from assistant.read.extract import Candidate
from assistant.read.question import QuestionFrame
from assistant.types import Passage

# Words by which news says it does not know or was not told something (general English).
_WITHHELD = re.compile(
    r"\b(?:(?:has|have|had|was|were|is|are)\s+(?:not|yet\s+to\s+be)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:named|identified|disclosed|released|revealed|made\s+public|confirmed|given)"
    r"|(?:declined|refused)\s+to\s+(?:say|name|identify|disclose|give|reveal)"
    r"|did\s+not\s+(?:say|name|identify|disclose|give|reveal|mention)"
    r"|(?:is|was|are|were)\s+(?:not|un)\s*known)\b",
    re.IGNORECASE,
)


def withheld_in(frame: QuestionFrame, top: Candidate) -> Passage | None:
    """The sentence of the best answer's article that says the thing asked about is not
    known or was not told ("the brand of headphones" for "What brand of headphones caught
    fire?"), when the answer is not in it; None when there is none."""
    asked = frame.counted or frame.head
    if asked is None:
        return None
    item = top.evidence
    text = item.article.text
    for index, sentence in enumerate(item.annotation.sentences):
        if index == top.index or asked not in sentence.lemmas:
            continue
        if _WITHHELD.search(text, sentence.start, sentence.end):
            return item.passage(index, index, item.score)
    return None
