"""Dyad analytics over the store: timeline, cooperation/conflict index, before/after an anchor date."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from detente.fuse import compatible

# PLOVER base scores (PLOVER manual, table "PLOVER conflict-cooperation scores"). The manual's table prints
# ACCUSE as +3, out of line with its own modes (-2, -3.5, -3.5) and the older table (-2.0): we use -3.
PLOVER_SCORES = {
    "AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "CONCEDE": 4.5, "COOPERATE": 9.5, "AID": 10.0, "RETREAT": 6.5,
    "REQUEST": 0.0, "ACCUSE": -3.0, "REJECT": -2.0, "THREATEN": -3.5, "PROTEST": -5.0, "SANCTION": -6.0,
    "MOBILIZE": -5.5, "COERCE": -7.0, "ASSAULT": -9.0}
QUAD = {**dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal_cooperation"),
        **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material_cooperation"),
        **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal_conflict"),
        **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material_conflict")}


@dataclass
class DyadEvent:
    fused_id: str
    type: str
    mode: str | None
    actor: str
    target: str | None
    date: str | None
    dates: list[str]
    place: str | None
    groups: int
    negated: bool
    hypothetical: bool
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return 0.0 if self.negated or self.hypothetical else PLOVER_SCORES.get(self.type, 0.0)


def actor_code(name: str) -> str:
    """Codes are upper case (rus -> RUS, eu -> EU); longer names are people and stay as written."""
    name = name.strip()
    return name.upper() if len(name) <= 4 else name


def _match(col_actor: str, col_country: str) -> str:
    # "RUS" matches Russia itself and any Russian official; a person's name matches that person.
    return f"({col_actor} = ? OR {col_country} = ?)"


def dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[DyadEvent]:
    where = (f"(({_match('actor', 'actor_country')} AND {_match('target', 'target_country')}) OR "
             f"({_match('actor', 'actor_country')} AND {_match('target', 'target_country')}))")
    params = [a, a, b, b, b, b, a, a]
    fused = con.execute(f"SELECT fused_id, type, mode, actor, target, date, dates, place, groups, negated, "
                        f"hypothetical FROM fused_events WHERE {where} ORDER BY date NULLS LAST, fused_id",
                        params).fetchall()
    events = [DyadEvent(*row[:6], list(row[6] or []), *row[7:]) for row in fused]
    by_id = {ev.fused_id: ev for ev in events}
    keys = ("doc_id", "sentence", "start", "end", "title", "outlet", "copy_status", "reported", "date", "source_group")
    rows = con.execute(
        "SELECT fused_id, doc_id, sentence, start, \"end\", title, outlet, copy_status, reported, date, source_group "
        "FROM event_sources WHERE list_contains(?, fused_id) ORDER BY reported, doc_id", [list(by_id)]).fetchall()
    for r in rows:
        by_id[r[0]].sources.append(dict(zip(keys, r[1:])))
    return events


def monthly_index(events: list[DyadEvent]) -> list[dict[str, Any]]:
    """Per month: summed PLOVER score and the four quad counts; each fused event (not each copy) once."""
    months: dict[str, dict[str, Any]] = {}
    for ev in events:
        if not ev.date:
            continue
        row = months.setdefault(ev.date[:7], {"month": ev.date[:7], "index": 0.0, "events": 0,
                                              **dict.fromkeys(sorted(set(QUAD.values())), 0)})
        row["index"] += ev.score
        row["events"] += 1
        row[QUAD[ev.type]] += 1
    return [months[k] for k in sorted(months)]


def before_after(events: list[DyadEvent], around: str) -> dict[str, Any]:
    def side(evs: list[DyadEvent]) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for ev in evs:
            counts[ev.type] = counts.get(ev.type, 0) + 1
        scores = [ev.score for ev in evs]
        return {"events": len(evs), "by_type": counts, "mean_index": round(sum(scores) / len(scores), 2) if scores else None}

    dated = [e for e in events if e.date]
    # The anchor event itself is "at", even when its sources disagree by a day (arrival vs. summit).
    at = [e for e in dated if any(compatible(d, around) for d in [e.date, *e.dates])]
    rest = [e for e in dated if e not in at]
    before = [e for e in rest if e.date[:len(around)] < around[:len(e.date)]]
    after = [e for e in rest if e.date[:len(around)] > around[:len(e.date)]]
    b, a = side(before), side(after)
    new_types = sorted(set(a["by_type"]) - set(b["by_type"]))
    return {"around": around, "before": b, "at": side(at), "after": a, "new_types_after": new_types,
            "before_events": before, "at_events": at, "after_events": after}


def dyad_quotes(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    """Quotes in documents where both actors appear, spoken by someone of either side or about them."""
    rows = con.execute("""
        SELECT q.doc_id, q.text, q.start, q."end", q.speaker, q.speaker_actor, q.cue, q.direct, d.title, d.copy_status
        FROM quotes q JOIN documents d ON d.id = q.doc_id
        WHERE q.doc_id IN (SELECT doc_id FROM entities WHERE actor = ? OR country = ?)
          AND q.doc_id IN (SELECT doc_id FROM entities WHERE actor = ? OR country = ?)
          AND q.speaker_actor IS NOT NULL
        ORDER BY q.doc_id, q.start""", [a, a, b, b]).fetchall()
    keys = ("doc_id", "text", "start", "end", "speaker", "speaker_actor", "cue", "direct", "title", "copy_status")
    return [dict(zip(keys, r)) for r in rows]


def dyad_quantities(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    rows = con.execute("""
        SELECT q.doc_id, q.text, q.start, q."end", q.value, q.unit, q.change, q.period, q.about, d.title, d.copy_status
        FROM quantities q JOIN documents d ON d.id = q.doc_id
        WHERE q.doc_id IN (SELECT doc_id FROM entities WHERE actor = ? OR country = ?)
          AND q.doc_id IN (SELECT doc_id FROM entities WHERE actor = ? OR country = ?)
          AND q.about IS NOT NULL
        ORDER BY q.period NULLS LAST, q.doc_id""", [a, a, b, b]).fetchall()
    keys = ("doc_id", "text", "start", "end", "value", "unit", "change", "period", "about", "title", "copy_status")
    return [dict(zip(keys, r)) for r in rows]
