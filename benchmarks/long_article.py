"""Ingest of the longest article allowed: one line of MAX_ARTICLE_CHARS characters (the worst
case for sentence splitting), and of one just over it (refused at once). Prints wall time and
peak memory of each `assistant ingest` run.

    .venv/bin/python benchmarks/long_article.py [--corpus .cache/news-corpus]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.ingest.read import MAX_ARTICLE_CHARS
from assistant.resources import bundled_seeds_dir


def one_line(corpus: Path, chars: int) -> str:
    """Article bodies joined into one line of about ``chars`` characters."""
    words: list[str] = []
    total = 0
    files = sorted(corpus.glob("*.md")) + sorted(corpus.glob("*.txt"))
    while total < chars:
        for path in files:
            body = path.read_text(encoding="utf-8").split("---", 2)[-1]
            for word in body.split():
                words.append(word)
                total += len(word) + 1
                if total >= chars:
                    break
            if total >= chars:
                break
    return " ".join(words)[: chars - 1].rsplit(" ", 1)[0] + "\n"


def ingest(text: str, work: Path, name: str) -> None:
    folder = work / name
    folder.mkdir()
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ingest",
            str(folder),
            "--data-dir",
            str(work / f"{name}-data"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    outcome = (run.stdout + run.stderr).strip().splitlines()[-1]
    print(f"{name}: {len(text):,} characters, {seconds:.1f} s, peak RSS so far {peak:.0f} MB")
    print(f"    {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(".cache/news-corpus"))
    args = parser.parse_args()
    corpus = args.corpus if args.corpus.is_dir() else bundled_seeds_dir()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ingest(one_line(corpus, MAX_ARTICLE_CHARS), work, "longest-allowed")
        ingest(one_line(corpus, MAX_ARTICLE_CHARS + 1000), work, "too-long")


if __name__ == "__main__":
    main()
