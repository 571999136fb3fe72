"""The dyad report: one self-contained HTML file (inline CSS and SVG, no scripts, no CDN), plus JSON."""
from __future__ import annotations

import json
from html import escape
from typing import Any

import duckdb

from detente.answer.dyad import (DyadEvent, before_after, dyad_events, dyad_quantities, dyad_quotes,
                                 monthly_index)

CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 6px;
text-align:left;vertical-align:top}.src{font-size:13px;color:#555}.tag{font-size:12px;padding:1px 5px;
border-radius:3px;background:#eee}.spun{background:#fdd}.original{background:#dfd}svg text{font-size:11px}
blockquote{margin:.3em 0;padding-left:.6em;border-left:3px solid #ccc}"""


def build(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None) -> dict[str, Any]:
    events = dyad_events(con, a, b)
    data: dict[str, Any] = {"dyad": [a, b], "around": around, "events": events, "index": monthly_index(events),
                            "quotes": dyad_quotes(con, a, b), "quantities": dyad_quantities(con, a, b)}
    data["comparison"] = before_after(events, around) if around else None
    data["summary"] = summarize(data)
    return data


def summarize(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Plain-language sentences generated from the figures; each cites the events it rests on."""
    a, b = data["dyad"]
    events: list[DyadEvent] = data["events"]
    out = [{"text": f"detente found {len(events)} distinct events between {a} and {b} "
                    f"({sum(len(e.sources) for e in events)} reports).", "cites": [e.fused_id for e in events]}]
    cmp_ = data["comparison"]
    if cmp_:
        for label in ("before", "after"):
            side, evs = cmp_[label], cmp_[f"{label}_events"]
            if side["events"]:
                types = ", ".join(f"{n} {t}" for t, n in sorted(side["by_type"].items(), key=lambda kv: -kv[1]))
                out.append({"text": f"{label.capitalize()} {cmp_['around']}: {side['events']} dated events ({types}); "
                                    f"mean PLOVER score {side['mean_index']}.", "cites": [e.fused_id for e in evs]})
        b_, a_ = cmp_["before"]["mean_index"], cmp_["after"]["mean_index"]
        if b_ is not None and a_ is not None:
            trend = "more cooperative" if a_ > b_ else "more conflictual" if a_ < b_ else "unchanged"
            out.append({"text": f"Measured by PLOVER scores, relations were {trend} after {cmp_['around']} "
                                f"({b_} before, {a_} after).", "cites": [e.fused_id for e in cmp_["after_events"]]})
        if cmp_["new_types_after"]:
            out.append({"text": "Event types seen only after: " + ", ".join(cmp_["new_types_after"]) + ".",
                        "cites": [e.fused_id for e in cmp_["after_events"] if e.type in cmp_["new_types_after"]]})
    return out


def to_json(data: dict[str, Any]) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, DyadEvent):
            return {**o.__dict__, "score": o.score}
        return str(o)

    slim = {k: v for k, v in data.items() if k != "comparison"}
    if data["comparison"]:
        slim["comparison"] = {k: v for k, v in data["comparison"].items() if not k.endswith("_events")}
    return json.dumps(slim, default=default, indent=2)


def render_html(data: dict[str, Any], doc_link: str = "#doc-{doc_id}") -> str:
    a, b = (escape(x) for x in data["dyad"])
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>detente: {a} / {b}</title>",
             f"<style>{CSS}</style></head><body><h1>{a} &ndash; {b}</h1>",
             "<h2>Summary</h2><ul>" + "".join(
                 f"<li>{escape(s['text'])} " + " ".join(f"<a href='#{escape(c)}'>[{i}]</a>" for i, c in
                                                       enumerate(s["cites"][:12], 1)) + "</li>" for s in data["summary"]) + "</ul>",
             "<h2>Timeline</h2>", timeline_svg(data["events"], data["around"]),
             "<h2>Cooperation / conflict index by month</h2>", index_svg(data["index"])]
    if data["comparison"]:
        parts += ["<h2>Before / after</h2>", before_after_svg(data["comparison"])]
    parts += ["<h2>Events</h2>", events_table(data["events"], doc_link),
              "<h2>Quotes</h2>", quotes_table(data["quotes"], doc_link),
              "<h2>Numbers claimed</h2>", numbers_table(data["quantities"], doc_link), "</body></html>"]
    return "\n".join(parts)


def _link(doc_link: str, row: dict[str, Any]) -> str:
    url = doc_link.format(doc_id=row["doc_id"], start=row.get("start", 0), end=row.get("end", 0))
    status = escape(str(row.get("copy_status") or ""))
    return (f"<a href='{escape(url)}'>{escape(str(row.get('title') or row['doc_id']))}</a> "
            f"<span class='tag {status}'>{status}</span>")


def events_table(events: list[DyadEvent], doc_link: str) -> str:
    rows = []
    for ev in events:
        flags = " ".join(f for f, on in (("negated", ev.negated), ("hypothetical", ev.hypothetical)) if on)
        conflict = f" <span class='tag'>sources differ: {escape(', '.join(ev.dates))}</span>" if len(ev.dates) > 1 else ""
        srcs = "".join(f"<div class='src'><blockquote>{escape(s['sentence'])}</blockquote>{_link(doc_link, s)}</div>"
                       for s in ev.sources)
        rows.append(f"<tr id='{escape(ev.fused_id)}'><td>{escape(ev.date or 'undated')}{conflict}</td>"
                    f"<td>{escape(ev.type)}{(' / ' + escape(ev.mode)) if ev.mode else ''} {escape(flags)}</td>"
                    f"<td>{escape(ev.actor or '')} &rarr; {escape(ev.target or '')}</td><td>{escape(ev.place or '')}</td>"
                    f"<td>{ev.groups}</td><td>{srcs}</td></tr>")
    return ("<table><tr><th>Date</th><th>Type</th><th>Actor &rarr; target</th><th>Place</th><th>Independent sources</th>"
            "<th>Evidence</th></tr>" + "".join(rows) + "</table>")


def quotes_table(quotes: list[dict[str, Any]], doc_link: str) -> str:
    rows = [f"<tr><td>{escape(str(q['speaker_actor']))}</td><td><blockquote>{escape(q['text'])}</blockquote></td>"
            f"<td>{escape(str(q['cue']))}{' (direct)' if q['direct'] else ''}</td><td class='src'>{_link(doc_link, q)}</td></tr>"
            for q in quotes]
    return "<table><tr><th>Speaker</th><th>Quote</th><th>Cue</th><th>Source</th></tr>" + "".join(rows) + "</table>"


def numbers_table(quantities: list[dict[str, Any]], doc_link: str) -> str:
    rows = []
    for q in quantities:
        change = json.loads(q["change"]) if isinstance(q["change"], str) else q["change"]
        ch = "" if not change else escape(" ".join(str(v) for v in change.values()))
        rows.append(f"<tr><td>{escape(q['text'])}</td><td>{q['value']:,.0f} {escape(str(q['unit']))}</td><td>{ch}</td>"
                    f"<td>{escape(str(q['period'] or ''))}</td><td>{escape(str(q['about']))}</td>"
                    f"<td class='src'>{_link(doc_link, q)}</td></tr>")
    return ("<table><tr><th>Claim</th><th>Value</th><th>Change</th><th>Period</th><th>About</th><th>Source</th></tr>"
            + "".join(rows) + "</table>")


def _year_frac(date: str) -> float:
    y = int(date[:4])
    m = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else 6
    d = int(date[8:10]) if len(date) >= 10 else 15
    return y + (m - 1) / 12 + (d - 1) / 365


def timeline_svg(events: list[DyadEvent], around: str | None, width: int = 1000) -> str:
    dated = [e for e in events if e.date and e.date[:4].isdigit()]
    if not dated:
        return "<p>No dated events.</p>"
    xs = [_year_frac(e.date) for e in dated] + ([_year_frac(around)] if around else [])
    lo, hi = min(xs) - 0.1, max(xs) + 0.1
    def x(v: float) -> float:
        return 40 + (v - lo) / (hi - lo) * (width - 80)
    marks = []
    for i, ev in enumerate(dated):
        color = "#2a7" if ev.score > 0 else "#c33" if ev.score < 0 else "#888"
        y = 40 + (i % 5) * 14
        marks.append(f"<a href='#{escape(ev.fused_id)}'><circle class='event' cx='{x(_year_frac(ev.date)):.1f}' cy='{y}' "
                     f"r='5' fill='{color}'><title>{escape(ev.date)} {escape(ev.type)} {escape(ev.actor)} &#8594; "
                     f"{escape(str(ev.target))}</title></circle></a>")
    years = range(int(lo) + 1, int(hi) + 1)
    axis = "".join(f"<line x1='{x(yr):.1f}' x2='{x(yr):.1f}' y1='20' y2='115' stroke='#eee'/>"
                   f"<text x='{x(yr):.1f}' y='130'>{yr}</text>" for yr in years)
    anchor = (f"<line x1='{x(_year_frac(around)):.1f}' x2='{x(_year_frac(around)):.1f}' y1='15' y2='115' "
              f"stroke='#36c' stroke-dasharray='4'/><text x='{x(_year_frac(around)) + 4:.1f}' y='15'>{escape(around)}</text>"
              if around else "")
    return (f"<svg id='timeline' width='{width}' height='140' role='img' aria-label='event timeline'>{axis}{anchor}"
            + "".join(marks) + "</svg>")


def index_svg(index: list[dict[str, Any]], width: int = 1000) -> str:
    if not index:
        return "<p>No dated events to index.</p>"
    peak = max(abs(r["index"]) for r in index) or 1
    bw = max(6, min(40, (width - 60) // len(index) - 4))
    bars = []
    for i, r in enumerate(index):
        h = abs(r["index"]) / peak * 70
        y = 90 - h if r["index"] >= 0 else 90
        color = "#2a7" if r["index"] >= 0 else "#c33"
        bars.append(f"<rect x='{40 + i * (bw + 4)}' y='{y:.1f}' width='{bw}' height='{max(h, 1):.1f}' fill='{color}'>"
                    f"<title>{escape(r['month'])}: {r['index']:+.1f} ({r['events']} events)</title></rect>"
                    f"<text x='{40 + i * (bw + 4)}' y='178' transform='rotate(-60 {40 + i * (bw + 4)} 178)'>{escape(r['month'])}</text>")
    return (f"<svg id='index' width='{width}' height='200'><line x1='30' x2='{width}' y1='90' y2='90' stroke='#999'/>"
            + "".join(bars) + "</svg>")


def before_after_svg(cmp_: dict[str, Any]) -> str:
    types = sorted(set(cmp_["before"]["by_type"]) | set(cmp_["after"]["by_type"]))
    if not types:
        return "<p>No dated events on either side.</p>"
    peak = max([*cmp_["before"]["by_type"].values(), *cmp_["after"]["by_type"].values(), 1])
    rows = []
    for i, t in enumerate(types):
        nb, na = cmp_["before"]["by_type"].get(t, 0), cmp_["after"]["by_type"].get(t, 0)
        y = 20 + i * 22
        rows.append(f"<text x='0' y='{y + 12}'>{escape(t)}</text>"
                    f"<rect x='{300 - nb / peak * 180:.1f}' y='{y}' width='{nb / peak * 180:.1f}' height='16' fill='#999'>"
                    f"<title>before: {nb}</title></rect><rect x='302' y='{y}' width='{na / peak * 180:.1f}' height='16' "
                    f"fill='#36c'><title>after: {na}</title></rect>")
    return (f"<svg id='before-after' width='520' height='{30 + 22 * len(types)}'><text x='200' y='12'>before</text>"
            f"<text x='310' y='12'>after</text>" + "".join(rows) + "</svg>")


def highlight(text: str, spans: list[tuple[int, int]], doc_id: str) -> str:
    """Escaped text with each cited span wrapped in an anchored <mark>."""
    out, pos = [], 0
    for s, e in sorted(set(spans)):
        if s < pos or e > len(text):
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark id='doc-{escape(doc_id)}-{s}'>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n\n", "</p><p>")


def documents_section(con: duckdb.DuckDBPyConnection, data: dict[str, Any]) -> str:
    spans: dict[str, list[tuple[int, int]]] = {}
    for ev in data["events"]:
        for s in ev.sources:
            spans.setdefault(s["doc_id"], []).append((s["start"], s["end"]))
    for row in data["quotes"] + data["quantities"]:
        spans.setdefault(row["doc_id"], []).append((row["start"], row["end"]))
    parts = ["<h2>Sources</h2>"]
    for doc_id, cited in sorted(spans.items()):
        row = con.execute("SELECT title, outlet, published, original_published, copy_status, duplicate_of, source, "
                          "spun, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            continue
        title, outlet, pub, orig, status, dup, source, spun, text = row
        meta = (f"{escape(str(outlet or 'outlet unknown'))}; published {escape(str(pub))}"
                + (f"; original report {escape(orig)}" if orig else "")
                + (f"; copy of {escape(dup)}" if dup else "") + ("; machine-rewritten (spun)" if spun else ""))
        parts.append(f"<section id='doc-{escape(doc_id)}'><h3>{escape(str(title or doc_id))} "
                     f"<span class='tag {escape(status)}'>{escape(status)}</span></h3><p class='src'>{meta}<br>"
                     f"{escape(source)}</p><p>{highlight(text, cited, doc_id)}</p></section>")
    return "\n".join(parts)


def report(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None, fmt: str = "html") -> str:
    data = build(con, a, b, around)
    if fmt == "json":
        return to_json(data)
    html = render_html(data, doc_link="#doc-{doc_id}-{start}")
    return html.replace("</body></html>", documents_section(con, data) + "</body></html>")
