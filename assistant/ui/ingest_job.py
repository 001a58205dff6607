"""Ingesting a folder on the server in the background, and its progress on the page.

A folder of a few hundred articles takes minutes to embed. ``IngestJob`` runs it in a thread
of the server, so the page stays reachable and questions keep being answered from what is
already indexed (readers never wait for the store's write lock). ``IngestPanel`` lays out
the folder box in the corpus tab and a banner above the tabs; an open page polls the job's
status (``gr.Timer``) and shows articles done of the total, articles and tokens per second,
and the time left, then refreshes the corpus view when the run ends.

A flat folder is ingested a slice of articles at a time (each slice a complete ingest run:
its articles are searchable as soon as it ends, progress moves at least once a slice, and an
upload from another tab waits for one slice, not the whole folder); a folder with subfolders
in one run, so its articles keep the names ``assistant ingest FOLDER`` gives them.

Only folders inside the corpus folder or the data folder may be ingested: whoever can use
the page cannot make the server read files anywhere else.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.ingest.read import SUPPORTED_SUFFIXES, discover
from assistant.writelock import StoreBusy

if TYPE_CHECKING:
    import gradio as gr

    from assistant.ingest import Throughput
    from assistant.service import Assistant
    from assistant.settings import Settings

log = logging.getLogger(__name__)

SLICE_ARTICLES = 16
"""Articles of a flat folder ingested per run."""
POLL_SECONDS = 1.0
"""How often an open page asks for the progress of a run."""
IDLE_POLL_SECONDS = 10.0
"""How often it asks whether a run has started (from another tab)."""

State = Literal["idle", "running", "done", "failed"]


class FolderRefused(ValueError):
    """A folder that may not, or cannot, be ingested; the message says why."""


def ingest_roots(settings: Settings) -> list[Path]:
    """The folders under which the page may ingest: the corpus folder, then the data folder."""
    roots: list[Path] = []
    for folder in (settings.corpus.dir, settings.data.dir):
        resolved = folder.expanduser().resolve()
        if resolved not in roots:
            roots.append(resolved)
    return roots


def check_folder(text: str, roots: list[Path]) -> Path:
    """The folder named by ``text`` (absolute, or relative to the first root that has it),
    symbolic links resolved; raises ``FolderRefused`` when it is missing, not a folder, or
    outside every root."""
    text = text.strip()
    if not text:
        raise FolderRefused("Enter the path of a folder of articles on the server.")
    given = Path(text).expanduser()
    candidates = [given] if given.is_absolute() else [root / given for root in roots]
    for candidate in candidates:
        folder = candidate.resolve()
        if not any(folder == root or folder.is_relative_to(root) for root in roots):
            continue  # checked on the resolved path: no way out by "..", nor by a link
        if folder.is_dir():
            return folder
        if folder.exists():
            raise FolderRefused(f"{text} is a file, not a folder.")
    where = " or ".join(str(root) for root in roots)
    if given.is_absolute() and not any(given.resolve().is_relative_to(root) for root in roots):
        raise FolderRefused(f"Only folders inside {where} can be ingested from this page.")
    raise FolderRefused(f"No folder {text} inside {where}.")


@dataclass(frozen=True)
class JobStatus:
    """Where the background ingest stands, as the page shows it."""

    state: State = "idle"
    folder: str = ""
    done: int = 0
    """Articles of the folder dealt with so far (written, unchanged or refused)."""
    total: int = 0
    written: int = 0
    """Articles embedded and written so far (new or changed ones)."""
    unchanged: int = 0
    skipped: int = 0
    tokens: int = 0
    seconds: float = 0.0
    message: str = ""
    """Why it failed, or what it did."""

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def articles_per_second(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """At the pace so far; None before anything was done."""
        if not self.done or self.seconds <= 0:
            return None
        return (self.total - self.done) * self.seconds / self.done


class IngestJob:
    """At most one folder ingest at a time, in a background thread of the server, over the
    service's store; every tab of the page sees the same job."""

    def __init__(self, assistant: Assistant, *, slice_articles: int | None = None) -> None:
        self.assistant = assistant
        self.slice_articles = slice_articles or SLICE_ARTICLES
        self._lock = threading.Lock()
        self._status = JobStatus()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._stop = threading.Event()
        self._hooked = False
        self.finished: list[Callable[[JobStatus], None]] = []
        """Called (in the job's thread) with the final status of each run."""

    def roots(self) -> list[Path]:
        return ingest_roots(self.assistant.settings)

    def status(self) -> JobStatus:
        with self._lock:
            status = self._status
            if status.running:  # the clock runs between progress reports too
                status = replace(status, seconds=time.monotonic() - self._started)
            return status

    def start(self, text: str) -> JobStatus:
        """Start ingesting the folder ``text`` names; raises ``FolderRefused`` when it may not
        be ingested or a run is already going on."""
        folder = check_folder(text, self.roots())
        with self._lock:
            if self._status.running:
                raise FolderRefused(
                    f"{self._status.folder} is still being ingested; wait until it has finished."
                )
            self._started = time.monotonic()
            self._status = JobStatus(state="running", folder=str(folder), message="Reading…")
            # Not a daemon: a process exiting while onnxruntime or Chroma work aborts. When the
            # server stops, the run ends after its current slice instead (what concurrent.futures
            # does for its workers, through the same hook of the threading module).
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, args=(folder,), name="ui-ingest", daemon=False
            )
            if not self._hooked:
                with contextlib.suppress(AttributeError, RuntimeError):
                    threading._register_atexit(self.stop)  # type: ignore[attr-defined]
                self._hooked = True
            self._thread.start()
            return self._status

    def stop(self) -> None:
        """End the current run after the slice being written (its articles are kept)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> JobStatus:
        """The status once the current run (if any) has ended, or after ``timeout`` seconds."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.status()

    def _update(self, **changes: Any) -> None:
        with self._lock:
            self._status = replace(
                self._status, seconds=time.monotonic() - self._started, **changes
            )

    def _run(self, folder: Path) -> None:
        try:
            self._ingest(folder)
        except StoreBusy as exc:
            self._update(state="failed", message=str(exc))
        except Exception as exc:  # shown on the page; the traceback goes to the log
            if self._stop.is_set():  # the interpreter is exiting: no new writer threads
                log.warning("ingesting %s stopped with the server: %s", folder, exc)
                self._update(state="failed", message=f"Stopped when the server stopped: {exc}")
            else:
                log.exception("ingesting %s failed", folder)
                self._update(state="failed", message=f"{type(exc).__name__}: {exc}")
        final = self.status()
        for listener in self.finished:
            try:
                listener(final)
            except Exception:
                log.exception("a listener of the finished ingest failed")

    def _ingest(self, folder: Path) -> None:
        files, _ = discover([folder])
        self._update(total=len(files), message="")
        flat = all(f.source == f.path.name for f in files)
        size = self.slice_articles if flat else max(1, len(files))
        runs: list[list[Path]] = (
            [[f.path for f in files[i : i + size]] for i in range(0, len(files), size)]
            if flat
            else [[folder]]
        )
        if not files:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            self._update(state="failed", message=f"It holds no article files ({kinds}).")
            return
        done = written = unchanged = skipped = tokens = 0
        for paths in runs:
            if self._stop.is_set():
                self._update(
                    state="failed",
                    message=f"Stopped after {done:,} articles, when the server stopped; "
                    "ingest the folder again to add the rest.",
                )
                return
            progress = partial(self._progress, done, written, tokens)
            report = self.assistant.ingest(paths, progress=progress)
            run_written = len(report.updated_articles)
            run_skipped = len([s for s in report.skipped if not s.unlisted])
            done += report.articles + run_skipped
            written += run_written
            unchanged += report.articles - run_written
            skipped += run_skipped
            tokens = max(tokens, self.status().tokens)
            self._update(
                done=min(done, len(files)) if files else 0,
                written=written,
                unchanged=unchanged,
                skipped=skipped,
                tokens=tokens,
            )
        self._update(state="done", done=len(files), message=_summary(written, unchanged, skipped))

    def _progress(self, done: int, written: int, tokens: int, state: Throughput) -> None:
        """A run's progress (``state``) after ``done``, ``written`` and ``tokens`` of the runs
        before it."""
        self._update(
            done=done + state.done, written=written + state.done, tokens=tokens + state.tokens
        )

    def status_html(self) -> str:
        return status_html(self.status())


def _summary(written: int, unchanged: int, skipped: int) -> str:
    parts = [f"{_count(written, 'article')} indexed"]
    if unchanged:
        parts.append(f"{unchanged} already indexed and unchanged")
    if skipped:
        parts.append(f"{_count(skipped, 'file')} refused (see the server's log)")
    return ", ".join(parts) + "."


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def status_html(status: JobStatus) -> str:
    """The progress (or outcome) of the background ingest, for the page."""
    if status.state == "idle":
        return ""
    folder = html.escape(status.folder)
    if status.state == "failed":
        return (
            '<div class="ingest-status ingest-failed" role="alert">'
            f"<b>Ingesting {folder} failed.</b> {html.escape(status.message)}</div>"
        )
    if status.state == "done":
        return (
            '<div class="ingest-status ingest-done">'
            f"<b>Ingested {folder}</b> in {_duration(status.seconds)}: "
            f"{html.escape(status.message)}</div>"
        )
    rates = (
        f"{status.articles_per_second:.1f} articles/s · {status.tokens_per_second:,.0f} tokens/s"
        if status.written
        else "starting"
    )
    left = status.seconds_left
    eta = f" · about {_duration(left)} left" if left is not None else ""
    total = max(status.total, 1)
    return (
        '<div class="ingest-status ingest-running">'
        f"<div><b>Ingesting {folder}</b>: "
        f'<span class="ingest-count">{status.done:,} of {status.total:,} articles</span></div>'
        f'<progress class="ingest-bar" max="{total}" value="{status.done}" '
        f'aria-label="Articles ingested">{status.done} of {status.total}</progress>'
        f'<div class="ingest-rates">{rates} · {_duration(status.seconds)} so far{eta}. '
        "Questions are answered meanwhile from the articles already indexed.</div></div>"
    )


def banner_html(status: JobStatus) -> str:
    """One line above the tabs while a run goes on (and its outcome), seen from every tab."""
    if status.state == "running":
        folder = html.escape(Path(status.folder).name or status.folder)
        return (
            '<div class="ingest-banner">Ingesting '
            f"{folder} in the background: {status.done:,} of {status.total:,} articles. "
            "Questions are answered from the articles already indexed.</div>"
        )
    return ""


class IngestPanel:
    """The page's side of an ``IngestJob``: a banner above the tabs (``banner``), and in the
    corpus tab the folder box, its button and the progress (``panel``); an open page polls
    the job while it runs."""

    def __init__(self, job: IngestJob) -> None:
        self.job = job
        self._banner: gr.HTML | None = None

    def banner(self) -> gr.HTML:
        """Lay out the banner (empty unless a run goes on)."""
        import gradio as gr

        self._banner = gr.HTML(
            lambda: banner_html(self.job.status()), elem_id="ingest-banner", js_on_load=None
        )
        return self._banner

    def panel(
        self,
        refresh: Callable[..., Any],
        inputs: Sequence[gr.components.Component],
        outputs: Sequence[gr.components.Component],
    ) -> gr.HTML:
        """Lay out the folder box, its button and the progress, and wire the polling; when a
        run ends, the corpus view gets ``refresh(*inputs)`` as its ``outputs``. Returns the
        progress line."""
        import gradio as gr

        from assistant.ui.chat_tab import PRIVATE

        job = self.job
        roots = " or ".join(str(root) for root in job.roots())
        with gr.Row(elem_id="ingest-row", equal_height=False):
            folder = gr.Textbox(
                label="Ingest a folder on the server",
                info=f"A folder inside {roots} (a relative path is looked for there). "
                "It is ingested in the background: keep asking questions meanwhile.",
                placeholder="new-articles",
                max_lines=1,
                elem_id="ingest-folder",
                scale=4,
            )
            button = gr.Button("Ingest folder", elem_id="ingest-button", scale=1, min_width=140)
        # Values as functions: each page load shows the job as it is then.
        shown = gr.HTML(job.status_html, elem_id="ingest-status", js_on_load=None)
        # Polls quickly while a run goes on, slowly otherwise (another tab may start one).
        timer = gr.Timer(POLL_SECONDS, active=True)
        seen = gr.State(-1)  # articles written when this tab last looked; -1: no run going
        banner = [self._banner] if self._banner is not None else []
        keep = tuple(gr.update() for _ in outputs)

        def lines() -> tuple[str, ...]:
            status = job.status()
            return (status_html(status), *(banner_html(status) for _ in banner))

        def listing(values: tuple[Any, ...]) -> tuple[Any, ...]:
            fresh = refresh(*values)
            return fresh if isinstance(fresh, tuple) else (fresh,)

        def start(text: str, written: int) -> tuple[Any, ...]:
            try:
                job.start(text)
            except FolderRefused as exc:
                problem = html.escape(str(exc))
                line = f'<div class="ingest-status ingest-failed" role="alert">{problem}</div>'
                shown_now, *banners = lines()
                running = job.status().running
                now = shown_now if running else ""
                # Not running: -1 tells the next tick the outcome is shown, so the refusal
                # stays on the page instead of being replaced by the idle status.
                return line + now, *banners, gr.Timer(POLL_SECONDS), written if running else -1
            return *lines(), gr.Timer(POLL_SECONDS), 0

        def tick(written: int, *values: Any) -> tuple[Any, ...]:
            status = job.status()
            if status.running:
                # The list shows each slice's articles as soon as they are written.
                new = written >= 0 and status.written != written
                return (
                    *lines(),
                    gr.Timer(POLL_SECONDS),
                    status.written,
                    *(listing(values) if new else keep),
                )
            # The first tick after a run shows its outcome, and the corpus as it now is;
            # later ones leave the status line as it is (an outcome, or a refusal).
            if written < 0:
                _, *banners = lines()
                return gr.update(), *banners, gr.Timer(IDLE_POLL_SECONDS), -1, *keep
            return *lines(), gr.Timer(IDLE_POLL_SECONDS), -1, *listing(values)

        polled = [shown, *banner, timer, seen]
        button.click(start, [folder, seen], polled, queue=False, **PRIVATE)
        folder.submit(start, [folder, seen], polled, queue=False, **PRIVATE)
        timer.tick(tick, [seen, *inputs], [*polled, *outputs], queue=False, **PRIVATE)
        return shown
