"""Dyad analytics over the store: timeline, cooperation/conflict index, before/after an anchor date."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

from detente.answer.claims import about_pair, kind, label
from detente.errors import message
from detente.plover import QUAD, QUADS, SCORES
from detente.record import EventType
from detente.store.schema import FUSED_SELECT


@dataclass
class DyadEvent:
    fused_id: str
    type: EventType
    mode: str | None
    actor: str
    target: str | None
    date: str | None
    dates: list[str]  # every date its sources give: more than one day-level date is a conflict
    place: str | None
    groups: int
    negated: bool
    hypothetical: bool
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return 0.0 if self.negated or self.hypothetical else SCORES.get(self.type, 0.0)


def actor_code(name: str) -> str:
    """Codes are upper case (rus -> RUS, eu -> EU); a known name is its code ("Russia" -> RUS, "North Korea"
    -> PRK); other longer names are people and stay as written."""
    name = name.strip()
    if len(name) <= 4:
        return name.upper()
    from detente.extract.actors import table

    row = table().get(tuple(name.lower().split()))
    return row.country or row.actor if row and row.kind in ("STATE", "ORG") else name


class UnknownActor(ValueError):
    """A dyad side that nothing in the store names."""


def known_actors(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every actor and country code the store's events and entities name."""
    rows = con.execute("SELECT DISTINCT unnest([actor, target, actor_country, target_country]) FROM events "
                       "UNION SELECT DISTINCT unnest([actor, country]) FROM entities").fetchall()
    return {r[0] for r in rows if r[0]}


def check_actors(con: duckdb.DuckDBPyConnection, *codes: str) -> None:
    """Raise UnknownActor (E011, with the nearest known codes) for a code the store never names."""
    known = known_actors(con)
    for code in codes:
        if known and code not in known:
            raise UnknownActor(message("E011", actor=code, nearest=", ".join(nearest_actors(code, known)) or "none"))


def nearest_actors(code: str, known: set[str], n: int = 5) -> list[str]:
    """Known codes closest to an unknown one ("RUSS" -> RUS), for a helpful error instead of an empty report."""
    from difflib import get_close_matches

    return get_close_matches(code, sorted(known), n=n, cutoff=0.5) or \
        sorted(k for k in known if k[:1] == code[:1].upper())[:n]


def _match(col_actor: str, col_country: str, officials: bool) -> str:
    # "RUS" matches Russia itself and, with `officials`, any Russian official; a name matches that person.
    return f"({col_actor} = ? OR {col_country} = ?)" if officials else f"({col_actor} = ?)"


def dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str, officials: bool = True) -> list[DyadEvent]:
    m = lambda c1, c2: _match(c1, c2, officials)  # noqa: E731
    where = (f"(({m('actor', 'actor_country')} AND {m('target', 'target_country')}) OR "
             f"({m('actor', 'actor_country')} AND {m('target', 'target_country')}))")
    params = [a, a, b, b, b, b, a, a] if officials else [a, b, b, a]
    # A fused event matches when any of its reports names the pair (reports differ in how they name actors).
    con.execute(f"CREATE OR REPLACE TEMP TABLE dyad_hits AS SELECT DISTINCT fused_id FROM events WHERE {where}", params)
    fused = con.execute(f"SELECT * FROM ({FUSED_SELECT} FROM event_sources s WHERE fused_id IN "
                        "(SELECT fused_id FROM dyad_hits) GROUP BY fused_id) ORDER BY date NULLS LAST, fused_id").fetchall()
    cols = [d[0] for d in con.description]
    events = [_dyad_event(dict(zip(cols, row))) for row in fused]
    by_id = {ev.fused_id: ev for ev in events}
    keys = ("doc_id", "sentence", "start", "end", "title", "outlet", "copy_status", "reported", "date", "source_group")
    rows = con.execute(
        "SELECT fused_id, doc_id, sentence, start, \"end\", title, outlet, copy_status, reported, date, source_group "
        "FROM event_sources WHERE fused_id IN (SELECT fused_id FROM dyad_hits) ORDER BY reported, doc_id").fetchall()
    for r in rows:
        by_id[r[0]].sources.append(dict(zip(keys, r[1:])))
    return events


def _dyad_event(row: dict[str, Any]) -> DyadEvent:
    return DyadEvent(row["fused_id"], row["type"], row["mode"], row["actor"], row["target"], row["date"],
                     list(row["dates"] or []), row["place"], row["groups"], row["negated"], row["hypothetical"])


def monthly_index(events: list[DyadEvent]) -> list[dict[str, Any]]:
    """Per month: summed PLOVER score and the four quad counts; each fused event (not each copy) once."""
    months: dict[str, dict[str, Any]] = {}
    for ev in events:
        if not ev.date:
            continue
        row = months.setdefault(ev.date[:7], {"month": ev.date[:7], "index": 0.0, "events": 0,
                                              **dict.fromkeys(sorted(QUADS), 0)})
        row["index"] += ev.score
        row["events"] += 1
        row[QUAD[ev.type]] += 1
    return [months[k] for k in sorted(months)]


def before_after(events: list[DyadEvent], around: str) -> dict[str, Any]:
    """Each window's evidence (acts done, acts only announced, sources, date span), the events that cannot
    be placed, and the conclusion the evidence allows (answer/evidence.py)."""
    from detente.answer.evidence import verdict, windows

    wins = windows(events, around)
    sides = {k: w.describe() for k, w in wins.items()}
    new_types = sorted(set(sides["after"]["by_type"]) - set(sides["before"]["by_type"]))
    return {"around": around, **sides, "new_types_after": new_types, "verdict": verdict(wins, around),
            **{f"{k}_events": w.done + w.announced for k, w in wins.items()}, "windows": wins}


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


def dyad_assessments(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    """The sources' own judgements of the pair's relationship, oldest report first."""
    rows = con.execute("""
        SELECT a.doc_id, a.text, a.start, a."end", a.polarity, a.cues, a.holder, a.holder_kind, d.title, d.copy_status,
               coalesce(d.original_published, d.published) AS reported, coalesce(d.duplicate_of, d.id) AS source_group
        FROM assessments a JOIN documents d ON d.id = a.doc_id
        WHERE list_contains(a.parties, ?) AND list_contains(a.parties, ?)
        ORDER BY reported NULLS LAST, a.doc_id, a.start""", [a, b]).fetchall()
    keys = ("doc_id", "text", "start", "end", "polarity", "cues", "holder", "holder_kind", "title", "copy_status",
            "reported", "source_group")
    out = [dict(zip(keys, r)) for r in rows]
    for row in out:
        row["cues"] = json.loads(row["cues"]) if isinstance(row["cues"], str) else row["cues"]
    return out


def dyad_quantities(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    rows = con.execute("""
        SELECT q.doc_id, q.text, q.start, q."end", q.value, q.unit, q.change, q.period, q.about, q.bound, q.hedge,
               d.title, d.copy_status
        FROM quantities q JOIN documents d ON d.id = q.doc_id
        WHERE q.doc_id IN (SELECT doc_id FROM entities WHERE actor = ? OR country = ?)
          AND q.doc_id IN (SELECT doc_id FROM entities WHERE actor = ? OR country = ?)
          AND q.about IS NOT NULL
        ORDER BY q.period NULLS LAST, q.doc_id""", [a, a, b, b]).fetchall()
    keys = ("doc_id", "text", "start", "end", "value", "unit", "change", "period", "about", "bound", "hedge", "title",
            "copy_status")
    out = [dict(zip(keys, r)) for r in rows]
    for q in out:
        q["change"] = json.loads(q["change"]) if isinstance(q["change"], str) else q["change"]
        q["kind"], q["label"] = kind(q), label(q)
    return [q for q in out if about_pair(q)]


def quantity_series(quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Numeric claims as series: one row per (what, unit, period) with every source's value side by side;
    `conflict` when independent reports give different values for the same thing."""
    series: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for q in quantities:
        key = (str(q["about"]).lower(), str(q["unit"]), str(q["period"] or ""), q["kind"])
        row = series.setdefault(key, {"about": q["about"], "unit": q["unit"], "period": q["period"], "kind": q["kind"],
                                      "claims": []})
        row["claims"].append({k: q[k] for k in ("value", "label", "text", "doc_id", "start", "end", "title",
                                                "copy_status")})
    for row in series.values():
        row["values"] = sorted({c["value"] for c in row["claims"]})
        row["labels"] = sorted({c["label"] for c in row["claims"]})
        row["conflict"] = len(row["values"]) > 1
    return sorted(series.values(), key=lambda r: (r["about"] or "", r["period"] or ""))


def neighbourhood(con: duckdb.DuckDBPyConnection, a: str, b: str, limit: int = 14) -> dict[str, Any]:
    """The dyad's actor network: actors in events with either side, edges weighted by fused events."""
    rows = con.execute("""
        SELECT coalesce(actor_country, actor) AS x, coalesce(target_country, target) AS y, count(*) AS n
        FROM fused_events WHERE target IS NOT NULL AND coalesce(actor_country, actor) <> coalesce(target_country, target)
          AND (? IN (actor, actor_country, target, target_country) OR ? IN (actor, actor_country, target, target_country))
        GROUP BY 1, 2 ORDER BY n DESC""", [a, b]).fetchall()
    weight: dict[str, int] = {a: 0, b: 0}
    for x, y, n in rows:
        weight[x] = weight.get(x, 0) + n
        weight[y] = weight.get(y, 0) + n
    keep = {a, b} | set(sorted(weight, key=lambda k: -weight[k])[:limit])
    edges: dict[tuple[str, ...], int] = {}
    for x, y, n in rows:
        if x in keep and y in keep:
            k = tuple(sorted((x, y)))
            edges[k] = edges.get(k, 0) + n
    return {"nodes": [{"id": k, "weight": weight[k]} for k in sorted(keep)],
            "edges": [{"a": x, "b": y, "events": n} for (x, y), n in sorted(edges.items())]}
