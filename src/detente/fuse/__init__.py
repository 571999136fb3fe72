"""Stage 5: one happening reported many times becomes one event; documents about it share a story."""
from __future__ import annotations

import hashlib
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


def _same(a: Event, b: Event) -> bool:
    if a.type != b.type or _pair(a) != _pair(b) or a.negated != b.negated or a.hypothetical != b.hypothetical:
        return False
    if a.place and b.place and a.place.lower() != b.place.lower():
        return False
    return compatible(a.date, b.date) or (a.sentence == b.sentence)


def fuse_events(docs: Iterable[Document]) -> None:
    """Assign `fused_id`: events are clustered greedily, each joining the first cluster it matches."""
    clusters: list[list[Event]] = []
    index: dict[tuple[str, tuple[str, str]], list[int]] = {}
    for doc in docs:
        for ev in doc.events:
            key = (ev.type, _pair(ev))
            for ci in index.get(key, []):
                if any(_same(ev, other) for other in clusters[ci]):
                    clusters[ci].append(ev)
                    break
            else:
                index.setdefault(key, []).append(len(clusters))
                clusters.append([ev])
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
            if ev.fused_id and ev.date and ev.type != "SANCTION":
                other = by_event.setdefault(ev.fused_id, d.id)
                parent[find(d.id)] = find(other)
    for d in docs:
        root = find(d.id)
        d.story = "s-" + hashlib.sha1(root.encode()).hexdigest()[:10]


def fuse(docs: list[Document]) -> list[Document]:
    fuse_events(docs)
    assign_stories(docs)
    return docs
