"""The dyad report as Markdown: the same sections as the HTML, for notes, wikis and diffs.

Every printed string may come from an article, so it is made inert for CommonMark and GitHub renderers
alike: no link, image, emphasis, HTML, heading, list or extra table cell can come out of it.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

# Characters with inline meaning in CommonMark or GitHub (mentions, issue links); a backslash makes each literal.
_SPECIAL = re.compile(r"([\\`*_\[\]()!|~#@])")
# GitHub links bare "scheme://" and "www." text; a backslash inside either stops it.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)")
# At the start of a list item these open a nested list or a rule.
_BLOCK_START = re.compile(r"[-+]|[0-9]+[.)]")
_SAFE_ANCHOR = re.compile(r"[A-Za-z0-9_-]+")


def _one_line(value: object) -> str:
    return re.sub(r"[\r\n]+", " ", str(value if value is not None else "")).strip()


def _cell(value: object) -> str:
    """Untrusted text as literal Markdown, on one line (it sits in a table cell or a list item)."""
    text = _one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BARE_LINK.sub(r"\\", _SPECIAL.sub(r"\\\1", text))
    lead = _BLOCK_START.match(text)
    return text[:lead.end() - 1] + "\\" + text[lead.end() - 1:] if lead else text


def _code(value: object) -> str:
    """A code span for a table cell: its fence is longer than any run of backticks inside, and pipes are
    escaped (GitHub splits table cells at a pipe even inside code)."""
    text = _one_line(value).replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""  # renderers strip one space each side
    return f"{fence}{pad}{text}{pad}{fence}"


def _anchor(key: str) -> str:
    """An id safe in a link target and an HTML attribute as it is, or else a hash of it."""
    return key if _SAFE_ANCHOR.fullmatch(key) else "h-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _cite(doc_id: str, title: object, status: object) -> str:
    return f"{_cell(title or doc_id)} \\[{_cell(status)}\\] ({_code(doc_id)})"


def render_markdown(data: dict[str, Any]) -> str:
    a, b = (_cell(x) for x in data["dyad"])
    out = [f"# {a} – {b}", "", "## Summary", ""]
    out += [f"- {_cell(s['text'])} " + " ".join(f"[{i}](#{_anchor(c)})" for i, c in enumerate(s["cites"][:12], 1))
            for s in data["summary"]]
    out += ["", "## Cooperation / conflict index by month", "", "| month | index | events | verbal coop | "
            "material coop | verbal conflict | material conflict |", "|---|---|---|---|---|---|---|"]
    out += [f"| {_cell(r['month'])} | {r['index']:+.1f} | {r['events']} | {r['verbal_cooperation']} | "
            f"{r['material_cooperation']} | {r['verbal_conflict']} | {r['material_conflict']} |" for r in data["index"]]
    out += ["", "## Events", "", "| date | type | actor → target | place | independent sources | evidence |",
            "|---|---|---|---|---|---|"]
    for ev in data["events"]:
        date = _cell(ev.date or "undated") + (f" (sources differ: {_cell(', '.join(ev.dates))})" if len(ev.dates) > 1 else "")
        evidence = "<br>".join(f"“{_cell(s['sentence'])}” — {_cite(s['doc_id'], s['title'], s['copy_status'])}"
                               for s in ev.sources)
        out.append(f"| <a id='{_anchor(ev.fused_id)}'></a>{date} | {_cell(ev.type)} | {_cell(ev.actor)} → "
                   f"{_cell(ev.target)} | {_cell(ev.place)} | {ev.groups} | {evidence} |")
    out += ["", "## Quotes", "", "| speaker | quote | source |", "|---|---|---|"]
    out += [f"| {_cell(q['speaker_actor'])} | “{_cell(q['text'])}” | {_cite(q['doc_id'], q['title'], q['copy_status'])} |"
            for q in data["quotes"]]
    out += ["", "## What the sources concluded", "", "| reported | judgement | whose | sentence | source |",
            "|---|---|---|---|---|"]
    out += [f"| {_cell(r['reported'])} | {_cell(r['polarity'])} | {_cell(r['holder'])} "
            f"({'quoted' if r['holder_kind'] == 'speaker' else 'the writer'}) | “{_cell(r['text'])}” | "
            f"{_cite(r['doc_id'], r['title'], r['copy_status'])} |" for r in data["assessments"]]
    out += ["", "## Numbers claimed", "", "| about | period | kind | claimed | claims |", "|---|---|---|---|---|"]
    for r in data["series"]:
        claims = "<br>".join(f"{_cell(c['text'])} — {_cite(c['doc_id'], c['title'], c['copy_status'])}" for c in r["claims"])
        flag = " (sources differ)" if r["conflict"] else ""
        out.append(f"| {_cell(r['about'])}{flag} | {_cell(r['period'])} | {_cell(r['kind'])} | "
                   f"{_cell(' / '.join(r['labels']))} | {claims} |")
    return "\n".join(out) + "\n"
