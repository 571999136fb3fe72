"""What a before/after comparison may conclude: each window's evidence described, and a change stated only
when there is enough of it and an interval on the difference excludes zero.

The unit of evidence is the fused event (one happening however many copies report it). Acts that were only
announced, expected or refused are counted apart from acts done, and events that cannot be placed in a
window (no date, or a date too coarse to tell) are listed, not dropped.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from detente.answer.dyad import DyadEvent
from detente.fuse import compatible
from detente.plover import QUAD, QUADS

# Below this many acts done on either side, no difference in tone is stated: with four events one
# sanction or one expected request decides the sign (the seed report's "more cooperative" from 2 + 2).
MIN_EVENTS = 5
# Bootstrap resamples of the events on each side; the seed makes the interval reproducible run to run.
RESAMPLES = 2000
SEED = 20190425
LEVEL = 0.95


@dataclass
class Window:
    label: str
    done: list[DyadEvent] = field(default_factory=list)
    announced: list[DyadEvent] = field(default_factory=list)  # hypothetical or negated: said, not done

    def describe(self) -> dict[str, Any]:
        quads: dict[str, int] = dict.fromkeys(sorted(QUADS), 0)
        types: dict[str, int] = {}
        for ev in self.done:
            quads[QUAD[ev.type]] += 1
            types[ev.type] = types.get(ev.type, 0) + 1
        scores = [ev.score for ev in self.done]
        dates = sorted(ev.date for ev in self.done if ev.date)
        return {"events": len(self.done), "announced": len(self.announced), "by_quad": quads, "by_type": types,
                "sources": len({s["source_group"] for ev in self.done for s in ev.sources}),
                "coarse_dates": sum(len(ev.date or "") < 10 for ev in self.done),
                "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
                "mean_index": round(sum(scores) / len(scores), 2) if scores else None}


def precision(date: str | None) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(date or ""), "none")


def place(ev: DyadEvent, around: str) -> str:
    """before, at, after, or unplaced (no date, or a year or month that contains the anchor)."""
    if not ev.date:
        return "unplaced"
    if any(compatible(d, around) for d in [ev.date, *ev.dates]):
        # The anchor's own day (sources a day apart count as it); a coarser date holding the anchor
        # cannot be put on either side.
        return "at" if len(ev.date) >= len(around) else "unplaced"
    return "before" if ev.date[:len(around)] < around[:len(ev.date)] else "after"


def windows(events: list[DyadEvent], around: str) -> dict[str, Window]:
    out = {k: Window(k) for k in ("before", "at", "after", "unplaced")}
    for ev in events:
        w = out[place(ev, around)]
        (w.announced if ev.negated or ev.hypothetical else w.done).append(ev)
    return out


def difference(before: list[float], after: list[float]) -> dict[str, Any]:
    """Mean score after minus before, with a percentile bootstrap interval (events resampled per side)."""
    rng = random.Random(SEED)
    diffs = sorted(_mean(rng.choices(after, k=len(after))) - _mean(rng.choices(before, k=len(before)))
                   for _ in range(RESAMPLES))
    tail = (1 - LEVEL) / 2
    return {"difference": round(_mean(after) - _mean(before), 2), "low": round(diffs[int(tail * RESAMPLES)], 2),
            "high": round(diffs[int((1 - tail) * RESAMPLES) - 1], 2), "level": LEVEL, "resamples": RESAMPLES}


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def verdict(wins: dict[str, Window], around: str) -> dict[str, Any]:
    """The conclusion the evidence allows, as data; `summary` turns it into a sentence."""
    before, after = wins["before"].done, wins["after"].done
    if min(len(before), len(after)) < MIN_EVENTS:
        return {"kind": "too_little", "before": len(before), "after": len(after), "minimum": MIN_EVENTS}
    diff = difference([e.score for e in before], [e.score for e in after])
    kind = "more_cooperative" if diff["low"] > 0 else "more_conflictual" if diff["high"] < 0 else "no_clear_change"
    return {"kind": kind, "before": len(before), "after": len(after), "minimum": MIN_EVENTS, **diff}


def verdict_sentence(v: dict[str, Any], around: str) -> str:
    if v["kind"] == "too_little":
        return (f"Too little evidence to say whether relations changed around {around}: {_n(v['before'], 'act')} "
                f"done before and {v['after']} after (at least {v['minimum']} on each side are needed).")
    interval = (f"mean PLOVER score {v['difference']:+.2f} after minus before, {round(v['level'] * 100)}% interval "
                f"{v['low']:+.2f} to {v['high']:+.2f} over {v['before']} + {v['after']} events")
    if v["kind"] == "no_clear_change":
        return f"No clear change in tone around {around}: {interval}, which includes zero."
    trend = "more cooperative" if v["kind"] == "more_cooperative" else "more conflictual"
    return f"Relations were {trend} after {around}: {interval}."


def window_sentence(label: str, w: Window, around: str) -> str:
    d = w.describe()
    where = {"before": f"Before {around}", "after": f"After {around}", "at": f"At {around}"}[label]
    if not d["events"] and not d["announced"]:
        return f"{where}: no events."
    quads = ", ".join(f"{n} {q.replace('_', ' ')}" for q, n in d["by_quad"].items() if n) or "none done"
    span = f", dated {d['first']} to {d['last']}" if d["first"] and d["first"] != d["last"] else \
        (f", dated {d['first']}" if d["first"] else "")
    coarse = f"; {d['coarse_dates']} dated only to the month or year" if d["coarse_dates"] else ""
    said = f"; {d['announced']} more only announced, expected or refused (counted apart)" if d["announced"] else ""
    return (f"{where}: {_n(d['events'], 'act')} done ({quads}) from {_n(d['sources'], 'independent source')}"
            f"{span}{coarse}{said}.")


def unplaced_sentence(w: Window, around: str) -> str | None:
    evs = w.done + w.announced
    if not evs:
        return None
    undated = sum(not e.date for e in evs)
    coarse = len(evs) - undated
    parts = ([f"{_n(undated, 'event')} with no date in its sentence or report"] if undated else []) + \
        ([f"{_n(coarse, 'event')} dated only to a month or year that contains {around}"] if coarse else [])
    return "Not placed before or after: " + " and ".join(parts) + " (listed in the events table)."


# Why an event has no date. With a dated report every event has one (the report's date stands in when its
# clause names no time), so an undated event comes from a report without a date: either its sentence named
# a relative time ("on Monday") that needs that date, or it named no time at all.
UNDATED_WHY = {"relative": "a relative time in its sentence that needs the report's missing date",
               "no_report_date": "no time in its sentence and no date on its report",
               "no_time": "no calendar time in its clause"}


def undated_reasons(events: list[DyadEvent], unresolved: set[tuple[str, int]]) -> dict[str, int]:
    """How many undated events have each reason of UNDATED_WHY; `unresolved` holds the (doc_id, sentence
    start) of sentences with a time stored unresolved (a value starting XXXX)."""
    counts: dict[str, int] = {}
    for ev in (e for e in events if not e.date):
        if any((s["doc_id"], s["start"]) in unresolved for s in ev.sources):
            why = "relative"
        elif all(not s.get("reported") for s in ev.sources):
            why = "no_report_date"
        else:
            why = "no_time"
        counts[why] = counts.get(why, 0) + 1
    return counts


def undated_sentence(counts: dict[str, int]) -> str | None:
    if not counts:
        return None
    parts = [f"{k} with {UNDATED_WHY[why]}" for why, k in counts.items()]
    return f"{_n(sum(counts.values()), 'event')} had no date: " + "; ".join(parts) + "."


def _n(k: int, noun: str) -> str:
    return f"{k} {noun}" + ("" if k == 1 else "s")
