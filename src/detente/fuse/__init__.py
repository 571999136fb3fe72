"""Stage 5: one happening reported many times becomes one event; documents about it share a story."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date

from detente.record import Document, Event

# Two reports' dates describe the same happening when they are this close (arrival vs. summit day).
DATE_WINDOW_DAYS = 3


def _pair(e: Event) -> tuple[str, str]:
    a, b = e.actor_country or e.actor or "", e.target_country or e.target or ""
    return (a, b) if a <= b else (b, a)


def compatible(d1: str | None, d2: str | None) -> bool:
    if not d1 or not d2:
        return False
    n = min(len(d1), len(d2))
    if n < 10:
        return d1[:n] == d2[:n]
    try:
        return abs((date.fromisoformat(d1[:10]) - date.fromisoformat(d2[:10])).days) <= DATE_WINDOW_DAYS
    except ValueError:
        return d1 == d2


# Evidence sentences sharing this share of their words report the same happening even without a date
# (a syndicated or spun copy of the same sentence, or an undated "the summit" line).
SENTENCE_OVERLAP = 0.5
_WORDS = re.compile(r"[^\W\d_]{3,}|\d+")
# An undated sentence is taken to retell its document's dated event only when it points back at it
# ("the talks", "the summit") and does not move in time ("later", "again", "since").
_ANAPHOR = re.compile(r"\b(the|their|this|that) (summit|talks|meeting|visit|trip|negotiations|encounter|"
                      r"discussions?|sit-down)\b", re.I)
_TIME_SHIFT = re.compile(r"\b(later|earlier|previously|before that|again|since|next|last|former|once)\b", re.I)


def _retells(sentence: str) -> bool:
    return bool(_ANAPHOR.search(sentence)) and not _TIME_SHIFT.search(sentence)


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _when(e: Event) -> str | None:
    """The date the text gives the event; a report's date standing in for it does not place the happening."""
    return e.date if e.date_basis != "report" else None


def _same(a: Event, b: Event) -> bool:
    if a.type != b.type or _pair(a) != _pair(b) or a.negated != b.negated or a.hypothetical != b.hypothetical:
        return False
    if a.place and b.place and a.place.lower() != b.place.lower():
        return False
    if _when(a) and _when(b) and not compatible(_when(a), _when(b)):
        return False  # sentences alike but dates apart: a second meeting, not the same one
    return compatible(_when(a), _when(b)) or _overlap(a.sentence, b.sentence) >= SENTENCE_OVERLAP


def fuse_events(docs: Iterable[Document]) -> None:
    """Assign `fused_id`: events are clustered greedily, each joining the first cluster it matches. An
    undated event that points back ("the talks") joins its own document's dated event of the same type and
    pair: a report retelling the talks a paragraph after dating them is not describing a second meeting."""
    clusters: list[list[Event]] = []
    index: dict[tuple[str, tuple[str, str]], list[int]] = {}
    for doc in docs:
        in_doc: dict[tuple[str, tuple[str, str]], int] = {}
        for ev in sorted(doc.events, key=lambda e: _when(e) is None):
            key = (ev.type, _pair(ev))
            ci = in_doc.get(key) if _when(ev) is None and _retells(ev.sentence) else None
            if ci is None:
                ci = next((c for c in index.get(key, []) if any(_same(ev, o) for o in clusters[c])), None)
            if ci is None:
                index.setdefault(key, []).append(len(clusters))
                clusters.append([])
                ci = len(clusters) - 1
            clusters[ci].append(ev)
            if _when(ev):
                in_doc.setdefault(key, ci)
    for members in clusters:
        ident = "|".join(sorted(f"{m.type}:{_pair(m)}:{m.sentence[:80]}" for m in members))
        fid = "e-" + hashlib.sha1(ident.encode()).hexdigest()[:12]
        for m in members:
            m.fused_id = fid


def assign_stories(docs: list[Document]) -> None:
    """Stories: documents linked by duplication or by a shared, dated fused event."""
    parent = {d.id: d.id for d in docs}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_event: dict[str, str] = {}
    for d in docs:
        if d.duplicate_of in parent:
            parent[find(d.id)] = find(d.duplicate_of)  # type: ignore[index]
        for ev in d.events:
            if ev.fused_id and _when(ev) and ev.type != "SANCTION":
                other = by_event.setdefault(ev.fused_id, d.id)
                parent[find(d.id)] = find(other)
    for d in docs:
        root = find(d.id)
        d.story = "s-" + hashlib.sha1(root.encode()).hexdigest()[:10]


def fuse(docs: list[Document]) -> list[Document]:
    fuse_events(docs)
    assign_stories(docs)
    return docs
