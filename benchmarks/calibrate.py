"""Grid search of the reader's thresholds on a dev set: prints answered-correctly, declined
(of unanswerable) and decline precision for each setting.

    ASSISTANT_DATA_DIR=<store holding the dev articles> python benchmarks/calibrate.py \
        evals/datasets/news-dev.jsonl
"""

import itertools
import sys
from pathlib import Path

from assistant.evaluate.dataset import load_dataset
from assistant.evaluate.metrics import is_correct
from assistant.read import Reader
from assistant.read.extract import ExtractWeights
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.types import Turn

a = Assistant(load_settings())
items = load_dataset(Path(sys.argv[1]))
# Cache retrieval+annotations per item; re-read with each weight setting.
cache = []
for it in items:
    history = []
    for q in it.turns:
        ans = a.ask(q, history=history)
        history.append(Turn(question=q, answer=ans.answer))
    standalone = a.rewrite(it.question, history)
    frame = a.reader.analyse(standalone)
    chunks = a.retriever.retrieve(standalone, list(frame.lemmas))
    arts = a.store.annotated([c.source for c in chunks])
    cache.append((it, frame, chunks, arts))


def score(w):
    r = Reader(a.annotator, a.store.lexical, extract_weights=w)
    ok = n = dec = un = alldec = 0
    for it, frame, chunks, arts in cache:
        reading = r.read(frame, chunks, arts)
        text = a.offline.compose(reading)
        alldec += reading.abstained
        if it.unanswerable:
            un += 1
            dec += reading.abstained
        else:
            n += 1
            ok += is_correct(text, reading.abstained, it.answers or [], require_all=it.all)
    return ok / n, dec / max(un, 1), dec / max(alldec, 1)


grid = dict(
    min_answer=[0.3, 0.35, 0.4],
    min_window=[0.3, 0.4, 0.5, 0.6],
    predicate_penalty=[0.1, 0.2],
    min_statement=[0.25],
)
rows = []
for values in itertools.product(*grid.values()):
    w = ExtractWeights(**dict(zip(grid, values, strict=False)))
    acc, rec, prec = score(w)
    rows.append((acc + rec + 0.5 * prec, acc, rec, prec, dict(zip(grid, values, strict=False))))
for row in rows:
    print(f"{row[1]:.3f} {row[2]:.3f} {row[3]:.3f} {row[4]}")
