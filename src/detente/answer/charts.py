"""Inline SVG charts for the report and the web app: no scripts, every label escaped."""
from __future__ import annotations

import math
from html import escape
from typing import Any

from detente.answer.dyad import QUAD, DyadEvent

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



QUAD_COLORS = {"verbal_cooperation": "#7c7", "material_cooperation": "#272", "verbal_conflict": "#e99",
               "material_conflict": "#b22"}


def quad_svg(index: list[dict[str, Any]], width: int = 1000) -> str:
    """The four PLOVER quad counts per month as four lines."""
    if not index:
        return "<p>No dated events.</p>"
    quads = sorted(set(QUAD.values()))
    peak = max(max(r[q] for q in quads) for r in index) or 1
    step = (width - 80) / max(1, len(index) - 1)
    lines, legend = [], []
    for j, q in enumerate(quads):
        pts = " ".join(f"{40 + i * step:.1f},{130 - r[q] / peak * 110:.1f}" for i, r in enumerate(index))
        lines.append(f"<polyline class='quad' points='{pts}' fill='none' stroke='{QUAD_COLORS[q]}' stroke-width='2'>"
                     f"<title>{escape(q)}</title></polyline>")
        legend.append(f"<text x='{40 + j * 190}' y='155' fill='{QUAD_COLORS[q]}'>{escape(q.replace('_', ' '))}</text>")
    return (f"<svg id='quads' width='{width}' height='165'><line x1='30' x2='{width}' y1='130' y2='130' stroke='#999'/>"
            + "".join(lines) + "".join(legend) + "</svg>")


def network_svg(net: dict[str, Any], dyad: list[str], size: int = 460) -> str:
    """The dyad's neighbourhood on a circle, the pair highlighted; edge width by number of events."""
    nodes = net["nodes"]
    if len(nodes) < 2 or not net["edges"]:
        return "<p>No events linking these actors to others.</p>"
    c, r = size / 2, size / 2 - 60
    pos = {n["id"]: (c + r * math.cos(2 * math.pi * i / len(nodes)), c + r * math.sin(2 * math.pi * i / len(nodes)))
           for i, n in enumerate(nodes)}
    peak = max(e["events"] for e in net["edges"])
    edges = "".join(
        f"<line x1='{pos[e['a']][0]:.0f}' y1='{pos[e['a']][1]:.0f}' x2='{pos[e['b']][0]:.0f}' y2='{pos[e['b']][1]:.0f}' "
        f"stroke='#9ab' stroke-width='{1 + 5 * e['events'] / peak:.1f}'><title>{escape(e['a'])} &#8212; "
        f"{escape(e['b'])}: {e['events']} events</title></line>" for e in net["edges"])
    dots = "".join(
        f"<circle cx='{x:.0f}' cy='{y:.0f}' r='{7 if k in dyad else 5}' fill='{'#36c' if k in dyad else '#777'}'/>"
        f"<text x='{x + 8:.0f}' y='{y + 4:.0f}'>{escape(k)}</text>" for k, (x, y) in pos.items())
    return f"<svg id='network' width='{size}' height='{size}' role='img' aria-label='actor network'>{edges}{dots}</svg>"
