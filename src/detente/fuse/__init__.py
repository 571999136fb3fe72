"""Stage 5: one happening reported many times becomes one event; documents about it share a story.

The rules live here; `store/recompute.py` applies them to the documents a run adds, against the candidates
the store finds for them (same type and pair, and a compatible date, copy group or report date)."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date

from detente.record import Document, Event

# Two reports' dates describe the same happening when they are this close (arrival vs. summit day).
DATE_WINDOW_DAYS = 3


def pair(e: Event) -> tuple[str, str]:
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
    if a.type != b.type or pair(a) != pair(b) or a.negated != b.negated or a.hypothetical != b.hypothetical:
        return False
    if a.place and b.place and a.place.lower() != b.place.lower():
        return False
    if _when(a) and _when(b) and not compatible(_when(a), _when(b)):
        return False  # sentences alike but dates apart: a second meeting, not the same one
    return compatible(_when(a), _when(b)) or _overlap(a.sentence, b.sentence) >= SENTENCE_OVERLAP


Key = tuple[str, tuple[str, str]]


class Fusion:
    """Greedy clustering of event reports by type and pair: each report joins the first cluster holding a
    report of the same happening, else starts one. Seeded with reports already fused (from the store), new
    documents join the happenings stored before them; a cluster's id is fixed by its first report, so a
    report joining it later changes no other document."""

    def __init__(self) -> None:
        self.clusters: dict[str, list[Event]] = {}
        self.by_key: dict[Key, list[str]] = {}

    def seed(self, ev: Event) -> None:
        """A report already fused: its cluster becomes a candidate for what comes next."""
        assert ev.fused_id
        if ev.fused_id not in self.clusters:
            self.clusters[ev.fused_id] = []
            self.by_key.setdefault((ev.type, pair(ev)), []).append(ev.fused_id)
        self.clusters[ev.fused_id].append(ev)

    def add(self, doc: Document) -> None:
        """Assign each event of `doc` its `fused_id`. An undated event that points back ("the talks") joins
        its own document's dated event of the same type and pair: a report retelling the talks a paragraph
        after dating them is not describing a second meeting."""
        in_doc: dict[Key, str] = {}
        for ev in sorted(doc.events, key=lambda e: _when(e) is None):
            key = (ev.type, pair(ev))
            fid = in_doc.get(key) if _when(ev) is None and _retells(ev.sentence) else None
            fid = fid or next((c for c in self.by_key.get(key, []) if any(_same(ev, o) for o in self.clusters[c])),
                              None)
            ev.fused_id = fid or _new_id(doc, ev)
            self.seed(ev)
            if _when(ev):
                in_doc.setdefault(key, ev.fused_id)


def _new_id(doc: Document, ev: Event) -> str:
    ident = f"{doc.id}|{ev.start}|{ev.type}|{pair(ev)}"
    return "e-" + hashlib.sha1(ident.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def links_story(ev: Event) -> bool:
    """Whether sharing this fused event puts two documents in one story: a happening the text itself dates.
    A sanction is left out because one sanctions regime is cited by years of unrelated stories."""
    return bool(ev.fused_id and _when(ev) and ev.type != "SANCTION")


def story_id(members: Iterable[str]) -> str:
    """A story is named by its first document id, so the same documents always make the same story."""
    return "s-" + hashlib.sha1(min(members).encode("utf-8", "surrogateescape")).hexdigest()[:10]
