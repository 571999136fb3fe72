"""The dyad report as Markdown: the same sections as the HTML, for notes, wikis and diffs."""
from __future__ import annotations

from typing import Any


def _cell(value: object) -> str:
    # Article text is untrusted: keep it from breaking the table or injecting markup into renderers.
    text = str(value if value is not None else "").replace("\n", " ").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _cite(doc_id: str, title: object, status: object) -> str:
    return f"{_cell(title or doc_id)} [{_cell(status)}] (`{doc_id}`)"


def render_markdown(data: dict[str, Any]) -> str:
    a, b = (_cell(x) for x in data["dyad"])
    out = [f"# {a} – {b}", "", "## Summary", ""]
    out += [f"- {_cell(s['text'])} " + " ".join(f"[{i}](#{c})" for i, c in enumerate(s["cites"][:12], 1))
            for s in data["summary"]]
    out += ["", "## Cooperation / conflict index by month", "", "| month | index | events | verbal coop | "
            "material coop | verbal conflict | material conflict |", "|---|---|---|---|---|---|---|"]
    out += [f"| {r['month']} | {r['index']:+.1f} | {r['events']} | {r['verbal_cooperation']} | "
            f"{r['material_cooperation']} | {r['verbal_conflict']} | {r['material_conflict']} |" for r in data["index"]]
    out += ["", "## Events", "", "| date | type | actor → target | place | independent sources | evidence |",
            "|---|---|---|---|---|---|"]
    for ev in data["events"]:
        date = _cell(ev.date or "undated") + (f" (sources differ: {_cell(', '.join(ev.dates))})" if len(ev.dates) > 1 else "")
        evidence = "<br>".join(f"“{_cell(s['sentence'])}” — {_cite(s['doc_id'], s['title'], s['copy_status'])}"
                               for s in ev.sources)
        out.append(f"| <a id='{ev.fused_id}'></a>{date} | {_cell(ev.type)} | {_cell(ev.actor)} → {_cell(ev.target)} | "
                   f"{_cell(ev.place)} | {ev.groups} | {evidence} |")
    out += ["", "## Quotes", "", "| speaker | quote | source |", "|---|---|---|"]
    out += [f"| {_cell(q['speaker_actor'])} | “{_cell(q['text'])}” | {_cite(q['doc_id'], q['title'], q['copy_status'])} |"
            for q in data["quotes"]]
    out += ["", "## Numbers claimed", "", "| about | period | value(s) | claims |", "|---|---|---|---|"]
    for r in data["series"]:
        claims = "<br>".join(f"{_cell(c['text'])} — {_cite(c['doc_id'], c['title'], c['copy_status'])}" for c in r["claims"])
        flag = " (sources differ)" if r["conflict"] else ""
        out.append(f"| {_cell(r['about'])}{flag} | {_cell(r['period'])} | "
                   f"{' / '.join(f'{v:,.6g}' for v in r['values'])} {_cell(r['unit'])} | {claims} |")
    return "\n".join(out) + "\n"
