"""Scale benchmark (issue 11): ingest against the raw models, no-op re-ingest, cold and warm
questions, upload-to-answer, memory, disk and start-up, on the real news corpus and on a
simulated 100,000-article store, embedded and against a Chroma server.

    python benchmarks/scale.py                      # 500 and 3,788 articles, then 100k simulated
    python benchmarks/scale.py --sizes 500 --simulate 0

The corpus is built into .cache/news-corpus (scripts/news-corpus) when missing; stores go to
--work (default .cache/scale). Every figure comes from a separate process, so memory and
start-up are those a user sees. Ratios are taken in one run on this machine:

- ingest ratio: the time the raw models take over the same articles (spaCy annotating every
  text in batches of 64 articles, the embedder embedding every chunk) divided by the time the
  whole pipeline takes to ingest them into an empty store; 1.0 means no overhead at all.
- simulated stores replicate the real articles under new names with their stored
  annotations and vectors (copies after the first perturbed by a little noise), written
  through the store's own write path, so they build in minutes without the models.

Prints one table; writes nothing outside --work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ASSISTANT = str(Path(PYTHON).parent / "assistant")
CHROMA = str(Path(PYTHON).parent / "chroma")
BATCH = 64  # articles per batch, as ingest does


# -- running processes ----------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a worker; what it printed as its last JSON line, with its wall time."""
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}); its errors are above")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    result["seconds"] = time.perf_counter() - started
    return result


def timed_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(cmd)} failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out


def worker(kind: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    return run([PYTHON, __file__, "worker", kind, *args], env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float) -> float:
    """Seconds until ``url`` answers 200."""
    import httpx

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# -- the workers (run in their own processes) ---------------------------------------------


def _articles(folder: Path) -> list[Any]:
    from assistant.ingest.read import discover, read_article

    files, _ = discover([folder])
    return [read_article(f) for f in files]


def work_raw(folder: str) -> dict[str, Any]:
    """The raw models over a folder: spaCy over every text, the embedder over every chunk."""
    from assistant.embed import make_embedder
    from assistant.ingest.chunk import chunk_article
    from assistant.language import Annotator
    from assistant.settings import load_settings

    settings = load_settings()
    embedder = make_embedder(settings)
    annotator = Annotator()
    annotator.load()
    embedder.embed(["warm up"])
    articles = _articles(Path(folder))
    spacy_s = embed_s = 0.0
    chunks = 0
    for first in range(0, len(articles), BATCH):
        batch = articles[first : first + BATCH]
        started = time.perf_counter()
        notes = annotator.annotate_many([(a.text, a.body_start) for a in batch])
        spacy_s += time.perf_counter() - started
        texts = [
            c.text
            for a, n in zip(batch, notes, strict=True)
            for c in chunk_article(
                a, n, max_tokens=settings.chunk.tokens, overlap_tokens=settings.chunk.overlap
            )
        ]
        started = time.perf_counter()
        embedder.embed(texts)
        embed_s += time.perf_counter() - started
        chunks += len(texts)
    chars = sum(len(a.text) for a in articles)
    return {"spacy_s": spacy_s, "embed_s": embed_s, "chunks": chunks, "chars": chars}


def work_ingest(folder: str) -> dict[str, Any]:
    """The whole pipeline into the store of ASSISTANT_DATA_DIR, models loaded beforehand."""
    from assistant.service import Assistant
    from assistant.settings import load_settings

    assistant = Assistant(load_settings())
    assistant.warm()
    assistant.embedder.embed(["warm up"])
    started = time.perf_counter()
    report = assistant.ingest([Path(folder)])
    seconds = time.perf_counter() - started
    return {"ingest_s": seconds, "articles": report.articles, "chunks": report.added}


def _questions(limit: int) -> list[str]:
    from assistant.evaluate.dataset import load_dataset

    items = [
        item
        for name in ("news-dev.jsonl", "news-test.jsonl")
        for item in load_dataset(ROOT / "evals" / "datasets" / name)
        if not item.turns
    ]
    return [item.question for item in items][:limit]


def work_ask(limit: str) -> dict[str, Any]:
    """Warm questions: p50/p95 and the resident memory after answering them."""
    from assistant.service import Assistant
    from assistant.settings import load_settings

    started = time.perf_counter()
    assistant = Assistant(load_settings())
    questions = _questions(int(limit))
    assistant.ask(questions[0])
    first = time.perf_counter() - started
    times = []
    for question in questions:
        started = time.perf_counter()
        assistant.ask(question)
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    return {
        "first_s": first,
        "p50_ms": statistics.median(times),
        "p95_ms": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "rss_mb": rss_mb(os.getpid()),
        "questions": len(times),
    }


def work_upload(article_file: str) -> dict[str, Any]:
    """Upload one new article to a running assistant, then ask about it: the cost of the
    upload and of the next question, and whether that question finds and cites it. The
    article is a real one under a new name and title, with a sentence no other article has
    (a simulated store holds many copies of each real text). It is removed afterwards, so
    the store is left as it was."""
    from assistant.ingest.read import parse_article
    from assistant.service import Assistant
    from assistant.settings import load_settings

    assistant = Assistant(load_settings())
    assistant.warm()
    assistant.ask(_questions(1)[0])  # warm
    real = parse_article(Path(article_file).read_bytes(), Path(article_file).name)
    place = f"Port Scalebury {os.getpid()}"
    text = (
        f"# The harbour of {place} reopens\n\nThe harbour of {place} reopened on Tuesday "
        f"after a storm.\n\n{real.text[real.body_start :]}"
    )
    name = f"scale-upload-{os.getpid()}.md"
    started = time.perf_counter()
    assistant.ingest_uploads([(name, text.encode())])
    upload_s = time.perf_counter() - started
    question = f"When did the harbour of {place} reopen?"
    started = time.perf_counter()
    answer = assistant.ask(question)
    next_ms = (time.perf_counter() - started) * 1000
    visible = any(p.source == name for p in assistant.retrieve(question))
    doc = next(d for d in assistant.documents() if d.source == name)
    assistant.delete_document(doc.id)
    cited = any(c.source == name for c in answer.citations)
    return {"upload_s": upload_s, "next_question_ms": next_ms, "visible": visible, "cited": cited}


def work_simulate(source_dir: str, copies: str) -> dict[str, Any]:
    """Fill the store of ASSISTANT_DATA_DIR (and ASSISTANT_DATA_CHROMA_HOST, if set) with
    ``copies`` copies of every article of the store in ``source_dir``, reusing their stored
    annotations and vectors."""
    import numpy as np

    from assistant.ingest.chunk import chunk_id
    from assistant.settings import load_settings
    from assistant.store import ArticleVersion, ChunkStore

    settings = load_settings()
    model = "all-MiniLM-L6-v2-int8-onnx"
    source = ChunkStore(
        settings.data.model_copy(update={"dir": Path(source_dir), "chroma_host": None}),
        model_id=model,
    )
    target = ChunkStore(settings.data, model_id=model)
    sources = sorted(source.stored_articles())
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    written = 0
    for first in range(0, len(sources), BATCH):
        found = source.catalog.annotated(sources[first : first + BATCH])
        ids = {s: sorted(source.chunk_ids_of(s)) for s in found}
        chunks = {s: source.chunks(ids[s]) for s in found}
        vectors = source.vectors([i for s in found for i in ids[s]])
        for copy in range(int(copies)):
            versions = []
            for name, (article, notes) in found.items():
                renamed = article.model_copy(
                    update={"source": f"copy{copy:03d}/{name}", "sha256": f"{article.sha256}{copy}"}
                )
                moved = [
                    renamed.passage(c.start, c.end, id=chunk_id(renamed, c.start, c.end))
                    for c in chunks[name]
                ]
                vecs = np.asarray([vectors[c.id] for c in chunks[name]], dtype=np.float32)
                if copy:
                    vecs = vecs + rng.normal(0, 0.01, vecs.shape).astype(np.float32)
                    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
                assert notes is not None, "the source store is not up to date: ingest it"
                versions.append(ArticleVersion(renamed, notes, "upload", moved, moved, vecs))
            target.write(versions)
            written += len(versions)
        done = first + len(found)
        if done % 640 < BATCH:
            rate = written / (time.perf_counter() - started)
            print(f"  simulated {written} articles ({rate:.0f}/s)", file=sys.stderr, flush=True)
    write_s = time.perf_counter() - started
    # Stories are grouped as ingest groups them, so that an upload groups only itself.
    from assistant.ingest.stories import group_stories

    started = time.perf_counter()

    def grouped(done: int, total: int) -> None:
        if done % 6400 < 64 or done == total:
            rate = done / (time.perf_counter() - started)
            line = f"  grouped {done} of {total} articles ({rate:.0f}/s)"
            print(line, file=sys.stderr, flush=True)

    group_stories(target, grouped)
    return {
        "articles": written,
        "chunks": target.count(),
        "write_s": write_s,
        "group_s": time.perf_counter() - started,
    }


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "raw": work_raw,
    "ingest": work_ingest,
    "ask": work_ask,
    "upload": work_upload,
    "simulate": work_simulate,
}


# -- the benchmark ------------------------------------------------------------------------


class Store:
    """A store folder, embedded or with a Chroma server."""

    def __init__(self, folder: Path, *, server: bool) -> None:
        self.folder = folder
        self.server: subprocess.Popen[bytes] | None = None
        self.port = 0
        if server:
            # The catalog remembers its vectors' server: a reused store keeps its port.
            remembered = folder / "chroma-port"
            self.port = int(remembered.read_text()) if remembered.exists() else free_port()
            folder.mkdir(parents=True, exist_ok=True)
            remembered.write_text(str(self.port))
            (folder / "chroma").mkdir(parents=True, exist_ok=True)
            self.server = subprocess.Popen(
                [CHROMA, "run", "--path", str(folder / "chroma"), "--port", str(self.port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_http(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", 60)

    def env(self) -> dict[str, str]:
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(self.folder / "data")}
        env.pop("ASSISTANT_DATA_CHROMA_HOST", None)
        if self.server:
            env["ASSISTANT_DATA_CHROMA_HOST"] = "127.0.0.1"
            env["ASSISTANT_DATA_CHROMA_PORT"] = str(self.port)
        return env

    def server_rss(self) -> float | None:
        return rss_mb(self.server.pid) if self.server else None

    def close(self) -> None:
        if self.server:
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(30)


def subset(corpus: Path, n: int, work: Path) -> Path:
    """A folder of the first ``n`` articles (symbolic links)."""
    folder = work / f"corpus-{n}"
    if not folder.exists():
        folder.mkdir(parents=True)
        for path in sorted(corpus.glob("*.md"))[:n]:
            (folder / path.name).symlink_to(path.resolve())
    return folder


def measure_store(
    store: Store, row: dict[str, Any], *, upload: Path, corpus: Path | None, questions: int
) -> None:
    """Everything but ingest, on a filled store."""
    env = store.env()
    if corpus is not None:
        noop = [timed_child([ASSISTANT, "ingest", str(corpus)], env)[0] for _ in range(3)]
        row["noop_s"] = statistics.median(noop)
    q = "Who is the governor of the Sumy region?"
    cold = [timed_child([ASSISTANT, "ask", q], env)[0] for _ in range(3)]
    row["cold_ask_s"] = statistics.median(cold)
    asked = worker("ask", env, str(questions))
    row.update({k: asked[k] for k in ("p50_ms", "p95_ms", "rss_mb")})
    row["server_rss_mb"] = store.server_rss()
    up = worker("upload", env, str(upload))
    row.update({k: up[k] for k in ("upload_s", "next_question_ms", "visible", "cited")})
    seconds, _, out = timed_child([ASSISTANT, "documents"], env)
    row["documents_s"] = seconds
    row["documents_lines"] = len(out.splitlines())
    for ui in (True, False):
        row["serve_ui_s" if ui else "serve_s"] = serve_ready(env, ui=ui)
    row["disk_mb"] = disk_mb(store.folder)


def serve_ready(env: dict[str, str], *, ui: bool) -> float:
    port = free_port()
    cmd = [ASSISTANT, "serve", "--port", str(port)] + ([] if ui else ["--no-ui"])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/readyz", 120)
        return time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)


def text_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.md")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / ".cache" / "news-corpus")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "scale")
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 3788])
    parser.add_argument(
        "--simulate", type=int, default=100_000, help="articles in the simulated store (0: none)"
    )
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--modes", nargs="*", default=["embedded", "server"])
    parser.add_argument(
        "--reuse", action="store_true", help="keep stores built by an earlier run (no ingest)"
    )
    args = parser.parse_args()
    if not (args.corpus / ".complete").exists():
        subprocess.run([str(ROOT / "scripts" / "news-corpus"), str(args.corpus)], check=True)
    args.work.mkdir(parents=True, exist_ok=True)
    everything = sorted(args.corpus.glob("*.md"))
    upload = everything[-1]  # asked about after being uploaded
    rows = []
    for n in args.sizes:
        folder = subset(args.corpus, n, args.work)
        store_dir = args.work / f"store-{n}"
        row: dict[str, Any] = {"store": f"{n} real", "mode": "embedded"}
        if args.reuse and (store_dir / "data").exists():
            store = Store(store_dir, server=False)  # measured before: only the rest now
        else:
            shutil.rmtree(store_dir, ignore_errors=True)
            store = Store(store_dir, server=False)
            print(f"[{n} articles] raw models ...", file=sys.stderr, flush=True)
            raw = worker("raw", store.env(), str(folder))
            print(f"[{n} articles] pipeline ...", file=sys.stderr, flush=True)
            ingested = worker("ingest", store.env(), str(folder))
            raw_s = raw["spacy_s"] + raw["embed_s"]
            row.update(
                raw_s=raw_s,
                spacy_s=raw["spacy_s"],
                embed_s=raw["embed_s"],
                ingest_s=ingested["ingest_s"],
                ratio=raw_s / ingested["ingest_s"],
                ingest_peak_mb=ingested["peak_mb"],
                chunks=ingested["chunks"],
            )
        print(f"[{n} articles] questions, uploads, start-up ...", file=sys.stderr, flush=True)
        measure_store(store, row, upload=upload, corpus=folder, questions=args.questions)
        row["disk_x"] = row["disk_mb"] / text_mb(folder)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    biggest = max(args.sizes) if args.sizes else 0
    if args.simulate and biggest:
        copies = -(-args.simulate // biggest)
        for mode in args.modes:
            sim_dir = args.work / f"sim-{mode}"
            reuse = args.reuse and (sim_dir / "data").exists()
            if not reuse:
                shutil.rmtree(sim_dir, ignore_errors=True)
            store = Store(sim_dir, server=mode == "server")
            try:
                row = {"store": f"{args.simulate} sim", "mode": mode}
                if not reuse:
                    print(f"[simulated x{copies}, {mode}] writing ...", file=sys.stderr)
                    made = worker(
                        "simulate",
                        store.env(),
                        str(args.work / f"store-{biggest}" / "data"),
                        str(copies),
                    )
                    row.update(
                        store=f"{made['articles']} sim",
                        chunks=made["chunks"],
                        write_s=made["write_s"],
                        group_s=made["group_s"],
                    )
                measure_store(store, row, upload=upload, corpus=None, questions=args.questions)
                biggest_text = text_mb(args.work / f"corpus-{biggest}")
                row["disk_x"] = row["disk_mb"] / (biggest_text * copies)
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
            finally:
                store.close()
    print_table(rows)


def print_table(rows: list[dict[str, Any]]) -> None:
    columns = [
        ("store", "store", "{}"),
        ("mode", "mode", "{}"),
        ("chunks", "chunks", "{}"),
        ("ratio", "ingest/raw", "{:.2f}"),
        ("ingest_s", "ingest s", "{:.0f}"),
        ("raw_s", "raw s", "{:.0f}"),
        ("ingest_peak_mb", "ingest MB", "{:.0f}"),
        ("write_s", "sim write s", "{:.0f}"),
        ("group_s", "sim group s", "{:.0f}"),
        ("noop_s", "no-op s", "{:.2f}"),
        ("cold_ask_s", "cold ask s", "{:.2f}"),
        ("p50_ms", "p50 ms", "{:.0f}"),
        ("p95_ms", "p95 ms", "{:.0f}"),
        ("rss_mb", "RSS MB", "{:.0f}"),
        ("server_rss_mb", "server MB", "{:.0f}"),
        ("upload_s", "upload s", "{:.2f}"),
        ("next_question_ms", "next q ms", "{:.0f}"),
        ("visible", "found", "{}"),
        ("cited", "cited", "{}"),
        ("documents_s", "documents s", "{:.2f}"),
        ("serve_s", "serve s", "{:.2f}"),
        ("serve_ui_s", "serve+UI s", "{:.2f}"),
        ("disk_mb", "disk MB", "{:.0f}"),
        ("disk_x", "disk/text", "{:.1f}"),
    ]
    print("| " + " | ".join(title for _, title, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [
            fmt.format(row[key]) if row.get(key) is not None else "–" for key, _, fmt in columns
        ]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "worker":
        import resource

        figures = WORKERS[sys.argv[2]](*sys.argv[3:])
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
    else:
        main()
