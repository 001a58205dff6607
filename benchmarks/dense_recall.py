"""Recall of Chroma's approximate (HNSW) search against an exact one, for several breadths.

    ASSISTANT_DATA_DIR=<store> python benchmarks/dense_recall.py evals/datasets/news-dev.jsonl \\
        [--ef 100 200 400] [--k 20] [--questions 300]

The store is copied to a temporary folder first (setting a breadth writes the collection's
configuration; the store itself is left as it is). For each question, the exact nearest
``k`` chunks are found by one matrix product over every stored vector, and compared with
the ``k`` Chroma returns at each breadth (``ef_search``; the assistant uses
``data.search_ef``). Prints recall@k and the mean time of a Chroma search; nothing is kept.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import chromadb
import numpy as np

from assistant.embed import make_embedder
from assistant.evaluate.dataset import load_dataset
from assistant.settings import load_settings
from assistant.store import set_search_breadth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--ef", nargs="+", type=int, default=[100, 200, 400])
    parser.add_argument("--k", type=int, default=20, help="chunks per search (retrieval depth)")
    parser.add_argument("--questions", type=int, default=300)
    args = parser.parse_args()
    settings = load_settings()
    if settings.data.chroma_host:
        raise SystemExit("run it on an embedded store (ASSISTANT_DATA_DIR), not a server")
    questions = [i.question for p in args.datasets for i in load_dataset(p)][: args.questions]
    embedder = make_embedder(settings)
    vectors = np.asarray(embedder.embed(questions), dtype=np.float32)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store"
        shutil.copytree(settings.data.dir, copy)
        collection = chromadb.PersistentClient(path=str(copy)).get_collection(
            settings.data.collection
        )
        ids, stored = _every_vector(collection)
        exact = [_nearest(ids, stored, v, args.k) for v in vectors]
        print(f"{len(questions)} questions, {len(ids):,} chunks, k = {args.k}")
        print(f"{'ef_search':>10} {'recall@k':>10} {'ms/search':>10}")
        # Chroma reads the breadth when it loads the index: each is searched in a new process.
        spawn = multiprocessing.get_context("spawn")
        for ef in args.ef:
            search = (str(copy), settings.data.collection, ef, vectors, args.k)
            with spawn.Pool(1) as pool:
                results, spent = pool.apply(_search, search)
            found = sum(len(best & got) for best, got in zip(exact, results, strict=True))
            recall = found / (args.k * len(questions))
            print(f"{ef:>10} {recall:>10.4f} {1000 * spent / len(questions):>10.2f}")


def _search(
    path: str, name: str, ef: int, vectors: np.ndarray, k: int
) -> tuple[list[set[str]], float]:
    """The ``k`` chunks Chroma finds for each vector at breadth ``ef``, and the seconds it
    spent searching."""
    collection = chromadb.PersistentClient(path=path).get_collection(name)
    set_search_breadth(collection, ef)
    found, spent = [], 0.0
    for vector in vectors:
        started = time.perf_counter()
        result = collection.query(query_embeddings=[vector.tolist()], n_results=k)
        spent += time.perf_counter() - started
        found.append(set(result["ids"][0]))
    return found, spent


def _every_vector(collection: Any) -> tuple[list[str], np.ndarray]:
    got = collection.get(include=["embeddings"])
    stored = np.asarray(got["embeddings"], dtype=np.float32)
    return list(got["ids"]), stored / np.linalg.norm(stored, axis=1, keepdims=True)


def _nearest(ids: list[str], stored: np.ndarray, vector: np.ndarray, k: int) -> set[str]:
    """The ids of the ``k`` chunks nearest ``vector`` by cosine, exactly."""
    scores = stored @ (vector / np.linalg.norm(vector))
    return {ids[i] for i in np.argsort(-scores)[:k]}


if __name__ == "__main__":
    main()
