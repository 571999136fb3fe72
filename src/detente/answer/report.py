"""The dyad report: one self-contained HTML file (inline CSS and SVG, no scripts, no CDN), plus JSON."""
from __future__ import annotations

import json
from html import escape
from typing import Any

import duckdb

from detente.answer.charts import before_after_spec, index_spec, network_spec, quad_spec, svg, timeline_spec
from detente.answer.dyad import (DyadEvent, before_after, dyad_assessments, dyad_events, dyad_quantities, dyad_quotes,
                                 monthly_index, neighbourhood, quantity_series)

CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 6px;
text-align:left;vertical-align:top}.src{font-size:13px;color:#555}.tag{font-size:12px;padding:1px 5px;
border-radius:3px;background:#eee}.spun{background:#fdd}.original{background:#dfd}svg text{font-size:11px}
blockquote{margin:.3em 0;padding-left:.6em;border-left:3px solid #ccc}"""


def build(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None,
          officials: bool = True) -> dict[str, Any]:
    events = dyad_events(con, a, b, officials)
    quantities = dyad_quantities(con, a, b)
    data: dict[str, Any] = {"dyad": [a, b], "around": around, "events": events, "index": monthly_index(events),
                            "assessments": dyad_assessments(con, a, b),
                            "quotes": dyad_quotes(con, a, b), "quantities": quantities,
                            "series": quantity_series(quantities), "network": neighbourhood(con, a, b)}
    data["comparison"] = before_after(events, around) if around else None
    data["summary"] = summarize(data)
    return data


def summarize(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Plain-language sentences generated from the figures; each cites the events it rests on. A change is
    stated only when the evidence allows it (answer/evidence.py); otherwise the summary says so."""
    from detente.answer.evidence import unplaced_sentence, verdict_sentence, window_sentence

    a, b = data["dyad"]
    events: list[DyadEvent] = data["events"]
    undated = [e for e in events if not e.date]
    out = [{"text": f"detente found {_plural(len(events), 'distinct event')} between {a} and {b} "
                    f"({_plural(sum(len(e.sources) for e in events), 'report')}"
                    + (f"; {len(undated)} undated" if undated else "") + ").", "cites": [e.fused_id for e in events]}]
    cmp_ = data["comparison"]
    if cmp_:
        wins, around = cmp_["windows"], cmp_["around"]
        for label in ("before", "at", "after"):
            w = wins[label]
            if label != "at" or w.done or w.announced:
                out.append({"text": window_sentence(label, w, around), "cites": [e.fused_id for e in w.done + w.announced]})
        unplaced = unplaced_sentence(wins["unplaced"], around)
        if unplaced:
            out.append({"text": unplaced, "cites": [e.fused_id for e in cmp_["unplaced_events"]]})
        out.append({"text": verdict_sentence(cmp_["verdict"], around),
                    "cites": [e.fused_id for e in wins["before"].done + wins["after"].done]})
        nums = _numbers_around(data["series"], around)
        if nums:
            out.append(nums)
    judged = _judgement(data["assessments"], cmp_["verdict"] if cmp_ else None)
    if judged:
        out.append(judged)
    return out


def _judgement(assessments: list[dict[str, Any]], verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    """The sources' own view beside the event counts, and whether the two disagree. Each copy group's view
    counts once, by its most frequent polarity."""
    groups: dict[str, list[str]] = {}
    for row in assessments:
        groups.setdefault(row["source_group"], []).append(row["polarity"])
    if not groups:
        return None
    views = [max(set(p), key=p.count) for p in groups.values()]
    tally = {k: views.count(k) for k in ("positive", "negative", "mixed") if views.count(k)}
    text = ("The sources' own judgement of the relationship: " + ", ".join(f"{n} {k}" for k, n in tally.items())
            + f" ({_plural(len(groups), 'independent source')}).")
    lean = tally.get("positive", 0) - tally.get("negative", 0)
    if verdict and verdict["kind"] in ("more_cooperative", "more_conflictual") and lean and \
            (lean > 0) != (verdict["kind"] == "more_cooperative"):
        text += " They disagree with the event counts: read both."
    return {"text": text, "cites": [f"doc-{r['doc_id']}-{r['start']}" for r in assessments[:12]]}


def _plural(k: int, noun: str) -> str:
    return f"{k} {noun}" + ("" if k == 1 else "s")


def _numbers_around(series: list[dict[str, Any]], around: str) -> dict[str, Any] | None:
    """A sentence on numbers claimed for periods before and after the anchor, citing their sentences."""
    dated = [(r, c) for r in series for c in r["claims"] if r["period"] and r["period"][:4].isdigit()]
    before = [(r, c) for r, c in dated if r["period"][:4] < around[:4]]
    after = [(r, c) for r, c in dated if r["period"][:4] >= around[:4]]
    if not before and not after:
        return None
    def say(items: list) -> str:  # type: ignore[type-arg]
        return "; ".join(f"{c['label']} ({r['about']}, {r['period']})" for r, c in items[:4]) or "none"
    return {"text": f"Numbers claimed for before {around[:4]}: {say(before)}. From {around[:4]} on: {say(after)}.",
            "cites": [f"doc-{c['doc_id']}-{c['start']}" for _, c in (before + after)[:8]]}


def to_json(data: dict[str, Any]) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, DyadEvent):
            return {**o.__dict__, "score": o.score}
        return str(o)

    slim = {k: v for k, v in data.items() if k != "comparison"}
    if data["comparison"]:
        slim["comparison"] = {k: v for k, v in data["comparison"].items()
                              if not k.endswith("_events") and k != "windows"}
    return json.dumps(slim, default=default, indent=2)


def render_html(data: dict[str, Any], doc_link: str = "#doc-{doc_id}", event_link: str | None = None) -> str:
    a, b = (escape(x) for x in data["dyad"])
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>detente: {a} / {b}</title>",
             f"<style>{CSS}</style></head><body><h1>{a} &ndash; {b}</h1>",
             "<h2>Summary</h2><ul>" + "".join(
                 f"<li>{escape(s['text'])} " + " ".join(f"<a href='#{escape(c)}'>[{i}]</a>" for i, c in
                                                       enumerate(s["cites"][:12], 1)) + "</li>" for s in data["summary"]) + "</ul>",
             *charts_html(data, event_link or "#{fused_id}")]
    parts += ["<h2>Events</h2>", events_table(data["events"], doc_link, event_link),
              "<h2>What the sources concluded</h2>", assessments_table(data["assessments"], doc_link),
              "<h2>Quotes</h2>", quotes_table(data["quotes"], doc_link),
              "<h2>Numbers claimed</h2>", series_table(data["series"], doc_link), "</body></html>"]
    return "\n".join(parts)


def charts_html(data: dict[str, Any], event_link: str) -> list[str]:
    around, events = data["around"], data["events"]
    undated = sum(not e.date for e in events)
    note = f"<p class='src'>{undated} undated events are not on the timeline; see the events table.</p>" if undated else ""
    parts = ["<h2>Timeline</h2>", svg(timeline_spec(events, around, event_link), "timeline", "No dated events."), note,
             "<h2>Cooperation / conflict index by month</h2>",
             svg(index_spec(data["index"], around), "index", "No dated events to index."),
             "<h3>Verbal and material cooperation and conflict</h3>",
             svg(quad_spec(data["index"], around), "quads", "No dated events."),
             "<h2>Actor network</h2>",
             svg(network_spec(data["network"], data["dyad"]), "network", "No events linking these actors to others.")]
    if data["comparison"]:
        parts += ["<h2>Before / after</h2>", svg(before_after_spec(data["comparison"]), "before-after",
                                                "No acts done on either side.")]
    return parts


def _link(doc_link: str, row: dict[str, Any]) -> str:
    url = doc_link.format(doc_id=row["doc_id"], start=row.get("start", 0), end=row.get("end", 0))
    status = escape(str(row.get("copy_status") or ""))
    return (f"<a href='{escape(url)}'>{escape(str(row.get('title') or row['doc_id']))}</a> "
            f"<span class='tag {status}'>{status}</span>")


def events_table(events: list[DyadEvent], doc_link: str, event_link: str | None = None) -> str:
    rows = []
    for ev in events:
        flags = " ".join(f for f, on in (("negated", ev.negated), ("hypothetical", ev.hypothetical)) if on)
        conflict = f" <span class='tag'>sources differ: {escape(', '.join(ev.dates))}</span>" if len(ev.dates) > 1 else ""
        srcs = "".join(f"<div class='src'><blockquote>{escape(s['sentence'])}</blockquote>{_link(doc_link, s)}</div>"
                       for s in ev.sources)
        rows.append(f"<tr id='{escape(ev.fused_id)}'><td>{escape(ev.date or 'undated')}{conflict}</td>"
                    f"<td>{_event_type(ev, event_link)} {escape(flags)}</td>"
                    f"<td>{escape(ev.actor or '')} &rarr; {escape(ev.target or '')}</td><td>{escape(ev.place or '')}</td>"
                    f"<td>{ev.groups}</td><td>{srcs}</td></tr>")
    return ("<table><tr><th>Date</th><th>Type</th><th>Actor &rarr; target</th><th>Place</th><th>Independent sources</th>"
            "<th>Evidence</th></tr>" + "".join(rows) + "</table>")


def _event_type(ev: DyadEvent, event_link: str | None) -> str:
    label = escape(ev.type) + ((" / " + escape(ev.mode)) if ev.mode else "")
    return f"<a class='event-link' href='{escape(event_link.format(fused_id=ev.fused_id))}'>{label}</a>" if event_link else label


def assessments_table(rows: list[dict[str, Any]], doc_link: str) -> str:
    """Judgements of the relationship by the sources themselves, apart from the event-based index."""
    if not rows:
        return "<p>No source judges this relationship in so many words.</p>"
    body = "".join(
        f"<tr><td>{escape(str(r['reported'] or ''))}</td><td><span class='tag {escape(r['polarity'])}'>"
        f"{escape(r['polarity'])}</span></td><td>{escape(str(r['holder'] or 'unknown'))} <span class='src'>"
        f"({'quoted' if r['holder_kind'] == 'speaker' else 'the writer'})</span></td>"
        f"<td><blockquote>{escape(r['text'])}</blockquote><span class='src'>cues: {escape(', '.join(r['cues']))}"
        f"</span></td><td class='src'>{_link(doc_link, r)}</td></tr>" for r in rows)
    return ("<table id='assessments'><tr><th>Reported</th><th>Judgement</th><th>Whose</th><th>Sentence</th>"
            "<th>Source</th></tr>" + body + "</table>")


def quotes_table(quotes: list[dict[str, Any]], doc_link: str) -> str:
    rows = [f"<tr><td>{escape(str(q['speaker_actor']))}</td><td><blockquote>{escape(q['text'])}</blockquote></td>"
            f"<td>{escape(str(q['cue']))}{' (direct)' if q['direct'] else ''}</td><td class='src'>{_link(doc_link, q)}</td></tr>"
            for q in quotes]
    return "<table><tr><th>Speaker</th><th>Quote</th><th>Cue</th><th>Source</th></tr>" + "".join(rows) + "</table>"


def series_table(series: list[dict[str, Any]], doc_link: str) -> str:
    """Numbers as series; reports that disagree on the same quantity are shown side by side."""
    rows = []
    for r in series:
        claims = "".join(f"<div class='src'>{escape(c['text'])} &middot; {_link(doc_link, c)}</div>" for c in r["claims"])
        flag = " <span class='tag spun'>sources differ</span>" if r["conflict"] else ""
        rows.append(f"<tr><td>{escape(str(r['about']))}{flag}</td><td>{escape(str(r['period'] or ''))}</td>"
                    f"<td>{escape(r['kind'])}</td><td>{escape(' / '.join(r['labels']))}</td><td>{claims}</td></tr>")
    return ("<table><tr><th>About</th><th>Period</th><th>Kind</th><th>Claimed</th><th>Claims</th></tr>"
            + "".join(rows) + "</table>")


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
    for row in data["quotes"] + data["quantities"] + data["assessments"]:
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


def report(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None, fmt: str = "html",
           officials: bool = True) -> str:
    data = build(con, a, b, around, officials)
    if fmt == "json":
        return to_json(data)
    if fmt == "md":
        from detente.answer.markdown import render_markdown

        return render_markdown(data)
    html = render_html(data, doc_link="#doc-{doc_id}-{start}")
    return html.replace("</body></html>", documents_section(con, data) + "</body></html>")
