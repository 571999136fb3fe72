"""The 16 PLOVER event types: each one's quad class and cooperation/conflict score, in one table.

Scores are the PLOVER manual's base scores (table "PLOVER conflict-cooperation scores"). The manual's table
prints ACCUSE as +3, out of line with its own modes (-2, -3.5, -3.5) and the older table (-2.0): we use -3.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast, get_args

from detente.record import EventType

Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]


@dataclass(frozen=True)
class PloverType:
    name: EventType
    quad: Quad
    score: float


TYPES = [
    PloverType("AGREE", "verbal_cooperation", 2.5),
    PloverType("CONSULT", "verbal_cooperation", 2.5),
    PloverType("SUPPORT", "verbal_cooperation", 5.0),
    PloverType("CONCEDE", "verbal_cooperation", 4.5),
    PloverType("COOPERATE", "material_cooperation", 9.5),
    PloverType("AID", "material_cooperation", 10.0),
    PloverType("RETREAT", "material_cooperation", 6.5),
    PloverType("REQUEST", "verbal_conflict", 0.0),
    PloverType("ACCUSE", "verbal_conflict", -3.0),
    PloverType("REJECT", "verbal_conflict", -2.0),
    PloverType("THREATEN", "verbal_conflict", -3.5),
    PloverType("PROTEST", "material_conflict", -5.0),
    PloverType("SANCTION", "material_conflict", -6.0),
    PloverType("MOBILIZE", "material_conflict", -5.5),
    PloverType("COERCE", "material_conflict", -7.0),
    PloverType("ASSAULT", "material_conflict", -9.0),
]
NAMES = frozenset(t.name for t in TYPES)
SCORES = {t.name: t.score for t in TYPES}
QUAD = {t.name: t.quad for t in TYPES}
# Cooperation before conflict, verbal before material: the order of the charts.
QUADS: tuple[Quad, ...] = get_args(Quad)


def event_type(name: str) -> EventType:
    """A type name read from data, checked against the table (a typo in a lexicon fails loudly here)."""
    if name not in NAMES:
        raise ValueError(f"{name!r} is not a PLOVER event type; the types are {', '.join(sorted(NAMES))}")
    return cast(EventType, name)
