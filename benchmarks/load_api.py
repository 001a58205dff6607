"""Load on `POST /api/v1/ask` over loopback: requests per second and p50/p95 latency with 1 and
with 8 concurrent clients (bounded: a fixed number of requests per level, a timeout each).

    python benchmarks/load_api.py                      # starts `assistant serve` itself
    python benchmarks/load_api.py --url http://127.0.0.1:8080 --requests 200 --clients 1,4,8

Started by the script, the server runs in its own process over a fresh data folder (the
bundled corpus is ingested first; the wait is not measured). The questions are the single-turn
questions of evals/datasets/seeds.jsonl, in order, repeated as needed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "evals" / "datasets" / "seeds.jsonl"


@dataclass
class Level:
    """The outcome of one concurrency level."""

    clients: int
    latencies_ms: list[float]
    errors: int
    wall_s: float

    def row(self) -> str:
        ok = sorted(self.latencies_ms)
        rps = len(ok) / self.wall_s if self.wall_s else 0.0
        return (
            f"{self.clients:>7}  {len(ok) + self.errors:>8}  {self.errors:>6}  {rps:>7.1f}  "
            f"{_percentile(ok, 50):>8.0f}  {_percentile(ok, 95):>8.0f}  {max(ok, default=0):>8.0f}"
        )


def main() -> None:
    args = _arguments()
    questions = _questions()
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    with _server(args.url) as url:
        print(f"server: {url}  questions: {len(questions)}  requests per level: {args.requests}")
        _run_level(url, questions[:4], 1, 4, headers, args.timeout)  # warm-up, not reported
        print("clients  requests  errors    req/s  p50 (ms)  p95 (ms)  max (ms)")
        for clients in args.clients:
            level = _run_level(url, questions, clients, args.requests, headers, args.timeout)
            print(level.row(), flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running server; default: start `assistant serve`.")
    parser.add_argument("--requests", type=int, default=80, help="Requests per level.")
    parser.add_argument(
        "--clients",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 8],
        help="Comma-separated concurrency levels (default: 1,8).",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="Seconds per request.")
    parser.add_argument(
        "--token", default=os.environ.get("ASSISTANT_API_TOKEN"), help="Bearer token, if any."
    )
    args = parser.parse_args()
    if not 1 <= args.requests <= 10_000 or not all(1 <= c <= 64 for c in args.clients):
        parser.error("keep it bounded: 1-10000 requests and 1-64 clients")
    return args


def _questions() -> list[str]:
    items = [json.loads(line) for line in DATASET.read_text().splitlines() if line.strip()]
    return [item["question"] for item in items if not item.get("turns")]


def _run_level(
    url: str,
    questions: list[str],
    clients: int,
    requests: int,
    headers: dict[str, str],
    timeout: float,
) -> Level:
    """``requests`` asks shared by ``clients`` threads, each with its own keep-alive client."""
    latencies: list[float] = []
    failures: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=timeout) as http:
            for n in _take(counter, lock):
                took, ok = _ask(http, questions[n % len(questions)])
                with lock:
                    (latencies if ok else failures).append(took)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Level(clients, latencies, len(failures), time.perf_counter() - started)


def _take(counter: Iterator[int], lock: threading.Lock) -> Iterator[int]:
    while True:
        with lock:
            n = next(counter, None)
        if n is None:
            return
        yield n


def _ask(http: httpx.Client, question: str) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        response = http.post("/api/v1/ask", json={"question": question})
        ok = response.status_code == 200 and "answer" in response.json()
    except httpx.HTTPError:
        ok = False
    return (time.perf_counter() - started) * 1000, ok


@contextmanager
def _server(url: str | None) -> Iterator[str]:
    """The given URL, or `assistant serve` started on a free loopback port until done."""
    if url:
        yield url.rstrip("/")
        return
    with tempfile.TemporaryDirectory() as data:
        port = _free_port()
        command = [str(Path(sys.executable).with_name("assistant")), "serve", "--no-ui"]
        env = {**os.environ, "ASSISTANT_DATA_DIR": data, "ASSISTANT_API_PORT": str(port)}
        env["ASSISTANT_API_HOST"] = "127.0.0.1"
        log = Path(data) / "serve.log"
        with log.open("w") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base, process, log)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"`assistant serve` exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    sys.exit("the server was not ready within 180 s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


if __name__ == "__main__":
    main()
