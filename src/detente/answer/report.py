"""The dyad report: one self-contained HTML file (inline CSS and SVG, no scripts, no CDN; templates/report.html),
plus JSON. The Jinja environment of every page of the web app is here too."""
from __future__ import annotations

import json
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from detente.answer.charts import before_after_spec, index_spec, network_spec, quad_spec, svg, timeline_spec
from detente.answer.dyad import (
    DyadEvent,
    before_after,
    dyad_assessments,
    dyad_events,
    dyad_quantities,
    dyad_quotes,
    monthly_index,
    neighbourhood,
    quantity_series,
)

# Every page is a template with autoescaping on: a string is escaped unless it is Markup built from escaped parts.
ENV = Environment(loader=PackageLoader("detente.answer", "templates"), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)


def plural(k: int, noun: str, nouns: str | None = None) -> str:
    """'1 event', '2 events' (or `nouns` for an irregular plural: 'story', 'stories')."""
    return f"{k} {noun if k == 1 else nouns or noun + 's'}"


ENV.filters["plural"] = plural


def render(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)


def build(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None,
          officials: bool = True) -> dict[str, Any]:
    events = dyad_events(con, a, b, officials)
    quantities = dyad_quantities(con, a, b)
    data: dict[str, Any] = {"dyad": [a, b], "around": around, "events": events, "index": monthly_index(events),
                            "assessments": dyad_assessments(con, a, b),
                            "quotes": dyad_quotes(con, a, b), "quantities": quantities,
                            "series": quantity_series(quantities), "network": neighbourhood(con, a, b)}
    data["comparison"] = before_after(events, around) if around else None
    from detente.answer.evidence import undated_reasons  # evidence imports dyad, which report imports

    data["undated"] = undated_reasons(events, _unresolved_sentences(con, events))
    data["summary"] = summarize(data)
    return data


def _unresolved_sentences(con: duckdb.DuckDBPyConnection, events: list[DyadEvent]) -> set[tuple[str, int]]:
    """(doc_id, sentence start) of undated events' sentences holding a time stored unresolved: a relative
    expression in a report without a date ("on Monday" -> XXXX-WXX-1)."""
    spans = {(s["doc_id"], s["start"], s["end"]) for e in events if not e.date for s in e.sources}
    if not spans:
        return set()
    rows = con.execute("SELECT doc_id, start FROM times WHERE value LIKE 'X%' AND list_contains(?, doc_id)",
                       [sorted({d for d, _, _ in spans})]).fetchall()
    return {(d, a) for d, a, b in spans for doc, at in rows if doc == d and a <= at < b}


def summarize(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Plain-language sentences generated from the figures; each cites the events it rests on. A change is
    stated only when the evidence allows it (answer/evidence.py); otherwise the summary says so."""
    from detente.answer.evidence import undated_sentence, unplaced_sentence, verdict_sentence, window_sentence

    a, b = data["dyad"]
    events: list[DyadEvent] = data["events"]
    undated = [e for e in events if not e.date]
    out = [{"text": f"detente found {plural(len(events), 'distinct event')} between {a} and {b} "
                    f"({plural(sum(len(e.sources) for e in events), 'report')}"
                    + (f"; {len(undated)} undated" if undated else "") + ").", "cites": [e.fused_id for e in events]}]
    why = undated_sentence(data.get("undated") or {})
    if why:
        out.append({"text": why, "cites": [e.fused_id for e in undated]})
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
            + f" ({plural(len(groups), 'independent source')}).")
    lean = tally.get("positive", 0) - tally.get("negative", 0)
    if verdict and verdict["kind"] in ("more_cooperative", "more_conflictual") and lean and \
            (lean > 0) != (verdict["kind"] == "more_cooperative"):
        text += " They disagree with the event counts: read both."
    return {"text": text, "cites": [f"doc-{r['doc_id']}-{r['start']}" for r in assessments[:12]]}


def _numbers_around(series: list[dict[str, Any]], around: str) -> dict[str, Any] | None:
    """A sentence on numbers claimed for periods before and after the anchor, citing their sentences."""
    dated = [(r, c) for r in series for c in r["claims"] if r["period"] and r["period"][:4].isdigit()]
    before = [(r, c) for r, c in dated if r["period"][:4] < around[:4]]
    after = [(r, c) for r, c in dated if r["period"][:4] >= around[:4]]
    if not before and not after:
        return None
    def say(items: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
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


def render_html(data: dict[str, Any], doc_link: str = "#doc-{doc_id}", event_link: str = "#{fused_id}",
                documents: list[dict[str, Any]] | None = None) -> str:
    """The standalone report: inline CSS, static SVG charts, no scripts."""
    return render("report.html", **report_context(data, doc_link, event_link), documents=documents or [],
                  standalone=True)


def report_context(data: dict[str, Any], doc_link: str, event_link: str | None,
                   interactive: bool = False) -> dict[str, Any]:
    """What report.html (and the app's dyad.html) print. Links are filled in from `doc_link` and `event_link`
    templates; with `interactive`, each chart carries its specification as JSON for Vega-Embed."""
    def doc_href(row: dict[str, Any]) -> str:
        return doc_link.format(doc_id=row["doc_id"], start=row.get("start", 0), end=row.get("end", 0))

    def event_href(ev: DyadEvent) -> str:
        assert event_link is not None  # event_href is only offered with an event_link (below)
        return event_link.format(fused_id=ev.fused_id)

    a, b = data["dyad"]
    return {"title": f"detente: {a} / {b}", "charts": charts(data, event_link or "#{fused_id}", interactive),
            "doc_href": doc_href, "event_href": event_href if event_link else None,
            **{k: data[k] for k in ("dyad", "summary", "events", "assessments", "quotes", "series")}}


def charts(data: dict[str, Any], event_link: str, interactive: bool = False) -> list[dict[str, Any]]:
    """Each chart's heading, static SVG (or a sentence when there is nothing to draw) and, for the app, its
    specification as JSON safe inside a <script type='application/json'> block."""
    around, events = data["around"], data["events"]
    undated = sum(not e.date for e in events)
    specs = [(2, "Timeline", "timeline", timeline_spec(events, around, event_link), "No dated events.",
              f"{plural(undated, 'undated event')} not on the timeline; see the events table." if undated else ""),
             (2, "Cooperation / conflict index by month", "index", index_spec(data["index"], around),
              "No dated events to index.", ""),
             (3, "Verbal and material cooperation and conflict", "quads", quad_spec(data["index"], around),
              "No dated events.", ""),
             (2, "Actor network", "network", network_spec(data["network"], data["dyad"]),
              "No events linking these actors to others.", "")]
    if data["comparison"]:
        specs.append((2, "Before / after", "before-after", before_after_spec(data["comparison"]),
                      "No acts done on either side.", ""))
    # vl-convert's SVG: labels escaped by its renderer, links confined to this report or app (charts.svg)
    return [{"level": level, "title": title, "id": chart_id, "note": note,
             "svg": Markup(svg(spec, chart_id, empty)),
             "spec": script_json(spec) if interactive and spec is not None else None}
            for level, title, chart_id, spec, empty, note in specs]


def script_json(value: Any) -> Markup:
    """JSON for a <script type='application/json'> block: '<', '>' and '&' as \\u escapes, so no
    article-derived string can close the block ('</script>') or open a comment in it."""
    text = json.dumps(value, ensure_ascii=True, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def highlight(text: str, spans: list[tuple[int, int]], doc_id: str) -> Markup:
    """Escaped text with each cited span wrapped in an anchored <mark>; paragraphs split at blank lines."""
    out, pos = [], 0
    for s, e in sorted(set(spans)):
        if s < pos or e > len(text):
            continue
        out += [escape(text[pos:s]), Markup("<mark id='doc-{}-{}'>{}</mark>").format(doc_id, s, text[s:e])]
        pos = e
    out.append(escape(text[pos:]))
    return Markup("").join(out).replace("\n\n", Markup("</p><p>"))


def cited_documents(con: duckdb.DuckDBPyConnection, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's sources: each cited document with its cited spans marked."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for ev in data["events"]:
        for s in ev.sources:
            spans.setdefault(s["doc_id"], []).append((s["start"], s["end"]))
    for row in data["quotes"] + data["quantities"] + data["assessments"]:
        spans.setdefault(row["doc_id"], []).append((row["start"], row["end"]))
    cols = ["title", "outlet", "published", "original_published", "copy_status", "duplicate_of", "source", "spun",
            "text"]
    out = []
    for doc_id, cited in sorted(spans.items()):
        row = con.execute(f"SELECT {', '.join(cols)} FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is not None:
            doc = dict(zip(cols, row), id=doc_id)
            out.append({**doc, "text": highlight(doc["text"], cited, doc_id)})
    return out


def report(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None, fmt: str = "html",
           officials: bool = True) -> str:
    data = build(con, a, b, around, officials)
    if fmt == "json":
        return to_json(data)
    if fmt == "md":
        from detente.answer.markdown import render_markdown

        return render_markdown(data)
    return render_html(data, doc_link="#doc-{doc_id}-{start}", documents=cited_documents(con, data))
