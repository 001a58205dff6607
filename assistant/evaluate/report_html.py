"""report.html: one self-contained page (inline CSS, SVG and a few lines of script).

Every piece of text from the dataset or the articles is escaped: an article may hold markup.
"""

from __future__ import annotations

from html import escape

from assistant.cite import MARKER
from assistant.evaluate.gate import Baseline, Breach, GateConfig, GateResult, item_changes
from assistant.evaluate.results import METRICS, ItemOutcome, Metric, RunResult, kind_rows
from assistant.types import Citation

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#222;
padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right;white-space:nowrap}
.banner{padding:.6rem 1rem;border-radius:6px;font-weight:600}.ok{background:#e3f5e6;color:#17672a}
.bad{background:#fde6e4;color:#a1251b}.none{background:#eee;color:#555}
.v{display:inline-block;padding:0 .45rem;border-radius:4px;font-size:.85em;font-weight:600}
.pass{background:#e3f5e6;color:#17672a}.fail{background:#fde6e4;color:#a1251b}
.unscored{background:#eee;color:#555}.turn{color:#777;font-size:.9em}sup{color:#1d5fbf}
details{font-size:.88em;color:#444}details li{margin:.2rem 0}.why{color:#a1251b;font-size:.9em}
.newly-failing{color:#a1251b;font-weight:600}.newly-passing{color:#17672a;font-weight:600}
.meta{color:#555}.controls{margin:.5rem 0}
"""
_SCRIPT = """
document.querySelectorAll('input[name=show]').forEach(function(r){r.addEventListener('change',
function(){var v=r.value;document.querySelectorAll('tr.item').forEach(function(t){
t.hidden=(v==='fail'&&t.dataset.verdict!=='fail')||(v==='changed'&&t.dataset.change==='same');
});});});
"""


def render_html(
    run: RunResult,
    baseline: Baseline | None,
    gate: GateResult | None,
    config: GateConfig | None = None,
) -> str:
    """The whole page as one string."""
    breaches = {b.metric: b for b in gate.breaches} if gate else {}
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Eval report: {escape(run.dataset)}</title><style>{_STYLE}</style></head><body>",
        "<h1>Eval report</h1>",
        f"<p class='meta'>Dataset <code>{escape(run.dataset)}</code>, {len(run.items)} items, "
        f"run {escape(run.created)}. Answers by <code>{escape(run.answer_backend)}</code> "
        f"(settings <code>{escape(run.settings_hash)}</code>); citation support judged by "
        f"<code>{escape(run.judge)}</code>; retrieval k = {run.top_k}.</p>",
        _banner(gate),
        "<h2>Metrics against the baseline</h2>",
        chart_svg(run, baseline, breaches),
        _metrics_table(run, baseline, breaches, config),
        "<h2>Per kind</h2>",
        _kinds_table(run, baseline),
        "<h2>Items</h2>",
        _items_table(run, baseline),
        f"<script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts)


def _banner(gate: GateResult | None) -> str:
    if gate is None:
        return "<p class='banner none'>Gate not run (use <code>--against BASELINE</code>).</p>"
    lines = [f"Gate {'passed' if gate.passed else 'FAILED'}."]
    if gate.flipped:
        lines.append(f"Newly failing: {escape(', '.join(gate.flipped))}.")
    if gate.fixed:
        lines.append(f"Newly passing: {escape(', '.join(gate.fixed))}.")
    lines += [f"Note: {escape(note)}." for note in gate.notes]
    return f"<p class='banner {'ok' if gate.passed else 'bad'}'>{' '.join(lines)}</p>"


def chart_svg(run: RunResult, baseline: Baseline | None, breaches: dict[str, Breach]) -> str:
    """Horizontal bars of every ratio metric: baseline (grey) and this run (green or red)."""
    ratios = [metric for metric in METRICS if metric.is_ratio]
    label_w, bar_w, row_h, top = 210, 420, 36, 28
    height = top + row_h * len(ratios) + 6
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{label_w + bar_w + 70}' "
        f"height='{height}' font-size='12' font-family='system-ui,sans-serif'>",
        "<title>Ratio metrics of this run against the baseline</title>",
        "<rect x='0' y='4' width='12' height='10' fill='#b8b8b8'/>"
        "<text x='18' y='13'>baseline</text>",
        "<rect x='90' y='4' width='12' height='10' fill='#2e8b57'/>"
        "<text x='108' y='13'>this run</text>",
        "<rect x='180' y='4' width='12' height='10' fill='#c0392b'/>"
        "<text x='198' y='13'>below the gate</text>",
    ]
    for row, metric in enumerate(ratios):
        y = top + row * row_h
        value = run.metrics.get(metric.key)
        reference = baseline.metrics.get(metric.key) if baseline else None
        colour = "#c0392b" if metric.key in breaches else "#2e8b57"
        out.append(f"<text x='0' y='{y + 19}'>{escape(metric.label)}</text>")
        out.append(_bar(label_w, y + 3, bar_w, reference, "#b8b8b8", metric))
        out.append(_bar(label_w, y + 17, bar_w, value, colour, metric))
        breach = breaches.get(metric.key)
        if breach is not None:
            x = label_w + bar_w * max(0.0, min(1.0, breach.limit))
            out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y}' y2='{y + 32}' stroke='#222'/>")
    out.append("</svg>")
    return "".join(out)


def _bar(x: int, y: int, width: int, value: float | None, colour: str, metric: Metric) -> str:
    if value is None:
        return f"<text x='{x}' y='{y + 10}' fill='#777'>n/a</text>"
    length = width * max(0.0, min(1.0, value))
    return (
        f"<rect x='{x}' y='{y}' width='{length:.1f}' height='12' fill='{colour}'/>"
        f"<text x='{x + length + 4:.1f}' y='{y + 10}'>{metric.format(value)}</text>"
    )


def _metrics_table(
    run: RunResult,
    baseline: Baseline | None,
    breaches: dict[str, Breach],
    config: GateConfig | None,
) -> str:
    rows = [
        "<table><tr><th>Metric</th><th>Value</th><th>Baseline</th><th>Change</th><th>Gate</th></tr>"
    ]
    for metric in METRICS:
        value = run.metrics.get(metric.key)
        reference = baseline.metrics.get(metric.key) if baseline else None
        rows.append(
            f"<tr><td>{escape(metric.label)}</td><td class='n'>{metric.format(value)}</td>"
            f"<td class='n'>{metric.format(reference) if baseline else ''}</td>"
            f"<td class='n'>{metric.format_change(value, reference)}</td>"
            f"<td>{_gate_cell(metric, breaches, config)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _kinds_table(run: RunResult, baseline: Baseline | None) -> str:
    rows = [
        "<table><tr><th>Kind</th><th>Items</th><th>Passed</th><th>Accuracy</th>"
        "<th>Baseline</th><th>Change</th><th>Checks</th></tr>"
    ]
    for kind, items, passed, accuracy, reference, change, checks in kind_rows(
        run, baseline.kinds if baseline else None
    ):
        rows.append(
            f"<tr><td>{escape(kind)}</td><td class='n'>{items}</td><td class='n'>{passed}</td>"
            f"<td class='n'>{accuracy}</td><td class='n'>{reference}</td>"
            f"<td class='n'>{change}</td><td>{escape(checks)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _gate_cell(metric: Metric, breaches: dict[str, Breach], config: GateConfig | None) -> str:
    breach = breaches.get(metric.key)
    if breach is not None:
        bound = "below" if breach.direction == "min" else "above"
        return f"<span class='v fail'>{bound} {breach.limit}</span>"
    if config and metric.key in config.tolerance:
        return f"± {config.tolerance[metric.key]}"
    if config and metric.key in config.ceiling:
        return f"≤ {metric.format(config.ceiling[metric.key])}"
    return "—"


def _items_table(run: RunResult, baseline: Baseline | None) -> str:
    changes = item_changes(run, baseline) if baseline else {}
    rows = [
        "<div class='controls'>Show: <label><input type='radio' name='show' value='all' "
        "checked> all</label> <label><input type='radio' name='show' value='fail'> failing"
        "</label> <label><input type='radio' name='show' value='changed'> changed</label></div>",
        "<table><tr><th>Item</th><th>Question</th><th>Answer</th><th>Verdict</th>"
        "<th>Change</th><th>Latency</th></tr>",
    ]
    for item in run.items:
        change = changes.get(item.id, "same")
        rows.append(
            f"<tr class='item' data-verdict='{item.verdict}' data-change='{escape(change)}'>"
            f"<td>{escape(item.id)}<br><span class='meta'>{escape(item.kind or '')}</span></td>"
            f"<td>{_question(item)}</td><td>{_answer(item)}</td>"
            f"<td><span class='v {item.verdict}'>{item.verdict}</span>{_why(item)}</td>"
            f"<td class='{change.replace(' ', '-')}'>{escape(change) if baseline else ''}</td>"
            f"<td class='n'>{item.latency_ms:.0f} ms</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _question(item: ItemOutcome) -> str:
    turns = "".join(f"<div class='turn'>earlier: {escape(t)}</div>" for t in item.turns)
    return f"{turns}{escape(item.question)}"


def _answer(item: ItemOutcome) -> str:
    text = MARKER.sub(lambda m: f"<sup>{m.group(0)}</sup>", escape(item.answer))
    if not item.citations:
        return text
    cited = "".join(
        f"<li>[{c.marker}] {escape(c.source)}{_provenance(c)} chars {c.start}–{c.end}: "
        f"“{escape(c.text)}”</li>"
        for c in item.citations
    )
    count = f"{len(item.citations)} citation{'s' * (len(item.citations) != 1)}"
    return f"{text}<details><summary>{count}</summary><ul>{cited}</ul></details>"


def _provenance(citation: Citation) -> str:
    """' (TASS, 2017-03-01; story also in DW, RTÉ)', or '' when nothing is known."""
    said = ", ".join(filter(None, [citation.outlet, citation.date]))
    others = [o for o in citation.story_outlets if o != citation.outlet]
    if others:
        said += f"; story also in {', '.join(others)}"
    return f" ({escape(said)})" if said else ""


def _why(item: ItemOutcome) -> str:
    return f"<div class='why'>{escape(item.reason)}</div>" if item.reason else ""
