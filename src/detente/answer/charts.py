"""The report's charts as Vega-Lite specifications (built with Altair), rendered to static SVG by vl-convert
for the self-contained report; the web app can hand the same specifications to Vega-Embed.

Real time axes (a year-only date sits at its year's start and says so), values and legends on every chart,
the anchor date marked; every event mark links to its evidence.
"""
from __future__ import annotations

import math
import re
from html import escape
from typing import Any

import altair as alt

from detente.answer.dyad import DyadEvent
from detente.plover import QUAD, QUADS

QUAD_COLORS = ["#7c7", "#272", "#e99", "#b22"]  # one per QUADS, in its order
WIDTH = 860


def _quad_scale() -> alt.Scale:
    return alt.Scale(domain=[q.replace("_", " ") for q in QUADS], range=QUAD_COLORS)


def _anchor(around: str | None) -> list[alt.Chart]:
    if not around:
        return []
    frame = alt.Chart(alt.Data(values=[{"date": _iso(around), "label": f"anchor {around}"}]))
    return [frame.mark_rule(color="#36c", strokeDash=[4, 3]).encode(x="date:T"),
            frame.mark_text(align="left", dx=4, dy=-4, color="#36c").encode(x="date:T", y=alt.value(0),
                                                                                 text="label:N")]


def _iso(date: str) -> str:
    """A timeline position: the first day of a year-only or month-only date."""
    return date + {4: "-01-01", 7: "-01"}.get(len(date), "")


def timeline_spec(events: list[DyadEvent], around: str | None, link: str = "#{fused_id}") -> dict[str, Any] | None:
    rows = [{"date": _iso(e.date), "given": e.date, "precision": {4: "year", 7: "month"}.get(len(e.date), "day"),
             "quad": QUAD[e.type].replace("_", " "), "type": e.type + (" (said, not done)" if e.hypothetical or e.negated
                                                                      else ""),
             "who": f"{e.actor} -> {e.target or '?'}", "sources": e.groups, "href": link.format(fused_id=e.fused_id)}
            for e in events if e.date and e.date[:4].isdigit()]
    if not rows:
        return None
    points = alt.Chart(alt.Data(values=rows)).mark_point(filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title="date (year- or month-only dates at their start)"),
        y=alt.Y("quad:N", title=None, sort=[q.replace("_", " ") for q in QUADS]),
        color=alt.Color("quad:N", scale=_quad_scale(), title="PLOVER quad class"),
        shape=alt.Shape("precision:N", title="date given to the", scale=alt.Scale(domain=["day", "month", "year"])),
        size=alt.Size("sources:Q", title="independent sources", scale=alt.Scale(range=[40, 260]),
                      legend=alt.Legend(format="d", tickMinStep=1)),
        href="href:N", tooltip=["given:N", "type:N", "who:N", "sources:Q"])
    return _legible(alt.layer(points, *_anchor(around)).properties(width=WIDTH, height=170))


def index_spec(index: list[dict[str, Any]], around: str | None) -> dict[str, Any] | None:
    if not index:
        return None
    rows = [{"month": r["month"] + "-01", "index": r["index"], "events": r["events"],
             "tone": "cooperative" if r["index"] >= 0 else "conflictual"} for r in index]
    bars = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title="month"),
        y=alt.Y("index:Q", title="PLOVER index (sum of event scores)"),
        color=alt.Color("tone:N", scale=alt.Scale(domain=["cooperative", "conflictual"], range=["#2a7", "#c33"]),
                        title="net tone"),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="month"), "index:Q", "events:Q"])
    return _legible(alt.layer(bars, *_anchor(around)).properties(width=WIDTH, height=180))


def quad_spec(index: list[dict[str, Any]], around: str | None) -> dict[str, Any] | None:
    rows = [{"month": r["month"] + "-01", "quad": q.replace("_", " "), "events": r[q]}
            for r in index for q in QUADS if r[q]]
    if not rows:
        return None
    bars = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title="month"),
        y=alt.Y("sum(events):Q", title="events", axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("quad:N", scale=_quad_scale(), title="PLOVER quad class"),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="month"), "quad:N", "events:Q"])
    return _legible(alt.layer(bars, *_anchor(around)).properties(width=WIDTH, height=180))


def before_after_spec(cmp_: dict[str, Any]) -> dict[str, Any] | None:
    rows = [{"window": side, "quad": q.replace("_", " "), "events": cmp_[side]["by_quad"][q]}
            for side in ("before", "after") for q in QUADS]
    if not any(r["events"] for r in rows):
        return None
    return _legible(alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("quad:N", title=None, sort=[q.replace("_", " ") for q in QUADS]),
        xOffset=alt.XOffset("window:N", sort=["before", "after"]),
        y=alt.Y("events:Q", title="acts done", axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("window:N", scale=alt.Scale(domain=["before", "after"], range=["#999", "#36c"])),
        tooltip=["window:N", "quad:N", "events:Q"]).properties(width=520, height=200))


def network_spec(net: dict[str, Any], dyad: list[str]) -> dict[str, Any] | None:
    """The dyad's neighbourhood on a circle, the pair highlighted; edge width by number of events."""
    nodes = net["nodes"]
    if len(nodes) < 2 or not net["edges"]:
        return None
    pos = {n["id"]: (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes)))
           for i, n in enumerate(nodes)}
    edges = [{"x": pos[e["a"]][0], "y": pos[e["a"]][1], "x2": pos[e["b"]][0], "y2": pos[e["b"]][1],
              "pair": f"{e['a']} - {e['b']}", "events": e["events"]} for e in net["edges"]]
    dots = [{"x": x, "y": y, "actor": k, "role": "dyad" if k in dyad else "other", "events": n["weight"]}
            for n in nodes for k, (x, y) in [(n["id"], pos[n["id"]])]]
    axis = alt.Axis(labels=False, ticks=False, grid=False, title=None, domain=False)
    scale = alt.Scale(domain=[-1.4, 1.4])
    lines = alt.Chart(alt.Data(values=edges)).mark_rule(color="#9ab").encode(
        x=alt.X("x:Q", axis=axis, scale=scale), y=alt.Y("y:Q", axis=axis, scale=scale), x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("events:Q", title="events between", scale=alt.Scale(range=[1, 6])),
        tooltip=["pair:N", "events:Q"])
    points = alt.Chart(alt.Data(values=dots)).mark_circle(size=120).encode(
        x=alt.X("x:Q", axis=axis, scale=scale), y=alt.Y("y:Q", axis=axis, scale=scale),
        color=alt.Color("role:N", scale=alt.Scale(domain=["dyad", "other"], range=["#36c", "#777"]), title=None),
        tooltip=["actor:N", "events:Q"])
    labels = points.mark_text(dx=9, align="left").encode(text="actor:N")
    return _legible(alt.layer(lines, points, labels).properties(width=420, height=420))


def _legible(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.configure_legend(labelLimit=240, titleLimit=240).configure_axis(labelLimit=200).to_dict()


def svg(spec: dict[str, Any] | None, chart_id: str, empty: str) -> str:
    """The specification as inline SVG with an id, or a sentence when there is nothing to draw."""
    if spec is None:
        return f"<p>{escape(empty)}</p>"
    import vl_convert

    spec = _xml_safe(spec)
    # Inline data only: no base URL may be fetched from while rendering.
    out = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    # Vega resolves a mark's link against its loader's base URL (vl-convert's is the vega-datasets site);
    # our links are fragments and paths of this report or app, so the prefix is taken off again.
    out = out.replace(f'xlink:href="{VEGA_BASE}', 'xlink:href="')
    return re.sub(r"^<svg ", f"<svg id='{chart_id}' role='img' ", out.strip(), count=1)


VEGA_BASE = "https://vega.github.io/vega-datasets/"
# Characters XML cannot hold: vl-convert's renderer panics (and takes the process with it) on NUL or U+FFFE
# in a label, and labels are article-derived.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    return value
