"""The report files: results.json, report.md, a self-contained report.html, predictions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluate import GateConfig, baseline_of, compare, write_predictions, write_reports
from assistant.evaluate.report import prediction_line
from assistant.evaluate.report_html import chart_svg
from assistant.types import Citation

pytestmark = pytest.mark.unit

Factory = Callable[..., Any]
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"


@pytest.fixture
def reports(tmp_path: Path, make_outcome: Factory, make_run: Factory) -> dict[str, str]:
    hostile_citation = Citation(
        marker=1, source="evil.html", title="E", start=3, end=60, text=HOSTILE, score=0.5
    )
    before = make_run([make_outcome("q1"), make_outcome("q2"), make_outcome("q3", "fail")])
    after = make_run(
        [
            make_outcome("q1"),
            make_outcome(
                "q2",
                "fail",
                correct=False,
                question=f"Why {HOSTILE}?",
                answer=f"Because {HOSTILE} [1]",
                citations=[hostile_citation],
                reason="the answer lacks 'Kyiv'; no support passage was retrieved",
                turns=["Who visited Kyiv?"],
            ),
            make_outcome("q3"),
        ]
    )
    config = GateConfig(tolerance={"accuracy": 0.0}, ceiling={"wall_time_s": 60})
    gate = compare(after, baseline_of(before), config)
    paths = write_reports(
        after, tmp_path / "out", baseline=baseline_of(before), gate=gate, config=config
    )
    assert [p.name for p in paths] == ["results.json", "report.md", "report.html"]
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def test_html_is_self_contained_and_escapes_article_text(reports: dict[str, str]) -> None:
    page = reports["report.html"]
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "<link" not in page


def test_html_has_the_chart_and_a_row_per_item(reports: dict[str, str]) -> None:
    page = reports["report.html"]
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Answer accuracy" in svg and "baseline" in svg
    bars = re.findall(r"<rect [^>]*height='12' fill='(#\w+)'/>", svg)
    # baseline and run bars for the six ratio metrics that apply; the decline metrics (no
    # unanswerable item here) show n/a
    assert bars == ["#b8b8b8", "#2e8b57"] * 6 and svg.count(">n/a<") == 4
    rows = re.findall(r"<tr class='item' data-verdict='(\w+)' data-change='([\w ]+)'>", page)
    assert rows == [("pass", "same"), ("fail", "newly failing"), ("pass", "newly passing")]
    assert "Gate passed." in page and "Newly failing: q2" in page
    assert "<sup>[1]</sup>" in page and "evil.html chars 3–60" in page
    assert "earlier: Who visited Kyiv?" in page
    assert "no support passage was retrieved" in page


def test_markdown_lists_metrics_gate_and_failing_items(reports: dict[str, str]) -> None:
    text = reports["report.md"]
    assert "| Answer accuracy | 0.667 | 0.667 | +0.000 |" in text
    assert "**Passed.**" in text  # accuracy is unchanged: q2 broke, q3 was fixed
    assert "- Newly failing: q2" in text and "- Newly passing: q3" in text
    failing = text.split("## Failing items")[1]
    assert "| q2 |" in failing and "| q1 |" not in failing
    assert "<script>" not in text and "&lt;script&gt;" in failing  # markup shown as text


def test_results_json_holds_the_run_the_baseline_and_the_gate(reports: dict[str, str]) -> None:
    results = json.loads(reports["results.json"])
    assert results["metrics"]["accuracy"] == pytest.approx(0.6667)
    assert results["baseline_metrics"]["accuracy"] == pytest.approx(0.6667)
    assert [i["change"] for i in results["items"]] == ["same", "newly failing", "newly passing"]
    assert results["gate"]["passed"] is True and results["gate"]["flipped"] == ["q2"]
    assert results["items"][1]["citations"][0]["text"] == HOSTILE


def test_prediction_lines_have_exactly_the_documented_shape(
    tmp_path: Path, make_outcome: Factory, make_run: Factory
) -> None:
    run = make_run([make_outcome("q1"), make_outcome("q2", abstained=True, citations=[])])
    path = tmp_path / "deep" / "predictions.jsonl"
    write_predictions(run, path)
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert list(first) == ["id", "question", "answer", "abstained", "citations", "latency_ms"]
    assert list(first["citations"][0]) == ["marker", "source", "start", "end", "text"]
    assert first == prediction_line(run.items[0])
    assert second["abstained"] is True and second["citations"] == []


def test_a_metric_below_the_gate_is_drawn_red(make_outcome: Factory, make_run: Factory) -> None:
    run = make_run([make_outcome("q1"), make_outcome("q2", "fail", correct=False)])
    baseline = baseline_of(run)
    baseline.metrics["accuracy"] = 0.9
    gate = compare(run, baseline, GateConfig(tolerance={"accuracy": 0.05}))
    breaches = {b.metric: b for b in gate.breaches}
    svg = chart_svg(run, baseline, breaches)
    row = svg[svg.index(">Answer accuracy<") : svg.index(">Decline precision<")]
    assert re.findall(r"fill='(#\w+)'", row) == ["#b8b8b8", "#c0392b"]
    assert "<line x1='567.0'" in row  # the gate's limit, 0.85 of the 420 px bar after 210 px
