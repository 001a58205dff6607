"""Regenerate the screenshots of the tour in docs/ui.md (docs/ui/*.png).

    .venv/bin/python scripts/ui_screenshots.py            # into docs/ui/
    .venv/bin/python scripts/ui_screenshots.py --out /tmp/shots

Serves the UI on 127.0.0.1 over a fresh store in a temporary folder (the bundled articles
plus news articles of .cache/news-corpus, built by scripts/news-corpus) and drives Debian's
Chromium with Playwright, as the browser tests do. The PNGs are reduced to a palette of 128
colours, so the whole tour stays a few hundred kB. Takes about a minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = Path(os.environ.get("ASSISTANT_NEWS_CORPUS", ROOT / ".cache" / "news-corpus"))
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}
QUESTION = "Who is the head of Russia's administration in occupied Kharkiv?"
FILTERED_QUESTION = "Who cast the tie-breaking vote to confirm Betsy DeVos?"
TOPIC = "Betsy DeVos"
INCOMING = 48
"""Articles of the folder whose ingest is shown in progress."""


def news_articles() -> tuple[list[Path], list[Path]]:
    """Articles for the store (about Betsy DeVos, and the first of the corpus), and others
    for the folder ingested in the background."""
    if not NEWS.is_dir():
        sys.exit(f"{NEWS} is missing: run scripts/news-corpus first")
    files = sorted(p for p in NEWS.iterdir() if p.suffix == ".md")
    devos = [p for p in files if "devos" in p.name][:10]
    stored = sorted({*files[:24], *devos})
    rest = [p for p in files if p not in stored]
    return stored, rest[100 : 100 + INCOMING]


def shrink(path: Path) -> None:
    """Quantize a screenshot to a 128-colour palette (a third of the size, looks the same)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "ui")
    args = parser.parse_args()
    for name in list(os.environ):  # the developer's settings must not leak in
        if name.startswith(("ASSISTANT_", "OPENAI_")):
            del os.environ[name]
    os.environ["ASSISTANT_CONFIG"] = ""

    from playwright.sync_api import expect, sync_playwright

    from assistant.embed.minilm_onnx import MiniLMOnnxEmbedder
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from assistant.ui import launch

    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from ui_support import GatedEmbedder, free_port

    stored, incoming = news_articles()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ui-shots-") as tmp:
        data, news = Path(tmp) / "data", Path(tmp) / "news"
        (data / "incoming").mkdir(parents=True)
        news.mkdir()
        for path in stored:
            shutil.copy(path, news)
        for path in incoming:
            shutil.copy(path, data / "incoming")
        settings = load_settings(data={"dir": data}, ui={"port": free_port()})
        embedder = GatedEmbedder(MiniLMOnnxEmbedder(), wait_s=300)
        assistant = Assistant(settings, embedder=embedder)  # type: ignore[arg-type]
        assistant.ingest()  # the bundled articles
        assistant.ingest([news])
        demo = launch(assistant, block=False)
        url = f"http://127.0.0.1:{settings.ui.port}/"
        shots: list[Path] = []

        def shot(page: Any, name: str) -> None:
            page.wait_for_timeout(500)
            path = out / f"{name}.png"
            page.screenshot(path=str(path))
            shrink(path)
            shots.append(path)

        try:
            expect.set_options(timeout=120_000)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
                )
                page = browser.new_page(viewport=VIEWPORT)
                page.set_default_timeout(120_000)
                page.goto(url)
                box = page.locator("#question textarea")
                box.wait_for()

                # Chat: an answer with its chips, the evidence panel on a chip's source.
                box.fill(QUESTION)
                box.press("Enter")
                expect(page.locator("#chat .qa-answer--final")).to_contain_text("Ganchev")
                page.locator("#chat button.cite-chip").first.click()
                shot(page, "chat")
                page.locator(".ev-turn.is-active details.ev-article summary").first.click()
                shot(page, "evidence")

                # Filters: an outlet and dates, and the line saying what was searched.
                page.locator("#new-chat").click()
                outlets = page.locator("#filter-outlets input").first
                outlets.click()
                outlets.fill("ABC")
                page.get_by_role("option").first.click()
                page.keyboard.press("Escape")
                page.locator("#filter-since input, #filter-since textarea").first.fill("2017-02-01")
                box.fill(FILTERED_QUESTION)
                box.press("Enter")
                expect(page.locator("#chat .qa-scope")).to_be_visible()
                shot(page, "filters")

                # The other tabs, as they are now (a tab added later gets its shot too).
                tabs = [t.strip() for t in page.get_by_role("tab").all_inner_texts()]
                for name in (t for t in tabs if t and t not in ("Chat", "Corpus")):
                    page.get_by_role("tab", name=name).click()
                    if name == "Timeline":
                        topic = page.locator("#timeline-topic input, #timeline-topic textarea")
                        topic.first.fill(TOPIC)
                        page.locator("#timeline-button").click()
                        expect(page.locator("#timeline-view")).to_contain_text("DeVos")
                    shot(page, name.lower())

                # Corpus, then a folder ingested in the background, caught half-way.
                page.get_by_role("tab", name="Corpus").click()
                page.locator("#corpus-documents").scroll_into_view_if_needed()
                page.evaluate(
                    "window.scrollTo(0, document.querySelector('#corpus-documents')"
                    ".getBoundingClientRect().top + window.scrollY - 110)"
                )
                shot(page, "corpus")
                folder = page.locator("#ingest-folder input, #ingest-folder textarea").first
                folder.fill("incoming")
                embedder.armed = True
                page.locator("#ingest-button").click()
                status = page.locator("#ingest-status")
                expect(status).to_contain_text(f"of {INCOMING} articles")
                expect(status.locator("progress")).not_to_have_attribute("value", "0")
                status.scroll_into_view_if_needed()
                shot(page, "ingest-progress")
                page.get_by_role("tab", name="Chat").click()
                page.evaluate("window.scrollTo(0, 0)")
                shot(page, "ingest-banner")
                embedder.gate.set()
                page.get_by_role("tab", name="Corpus").click()
                expect(status.locator(".ingest-done")).to_be_visible()
                browser.close()
        finally:
            embedder.gate.set()
            demo.close()
    total = sum(path.stat().st_size for path in shots)
    for path in shots:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size // 1000} kB"
        )
    print(f"{len(shots)} screenshots, {total // 1000} kB")


if __name__ == "__main__":
    main()
