"""Event coreference inside one document: the same happening told several times is one event with several
evidence sentences (a headline and its lede, a summit named again as "the talks")."""
from __future__ import annotations

from detente.record import Event


def corefer(events: list[Event]) -> list[Event]:
    """One happening told several times in a document becomes one event: see `_same_happening`. The first
    telling stays; later ones add their sentence to its evidence."""
    out: list[Event] = []
    for ev in events:
        same = next((o for o in out if _same_happening(o, ev)), None)
        if same is None:
            out.append(ev)
            continue
        if ev.sentence != same.sentence and ev.sentence not in same.evidence:
            same.evidence.append(ev.sentence)
        if same.date_basis != "text" and ev.date_basis == "text":
            same.date, same.date_basis = ev.date, ev.date_basis
    return out


def _same_happening(a: Event, b: Event) -> bool:
    """Same type, actor, target, PLOVER mode, negation and modality (not only the same states: the Tories'
    and Labour's criticisms are two); dates that agree, where a report's date stands in for the text only
    when the text's date falls in the report's month; and the same trigger word or a nominal retelling."""
    if (a.type, a.mode, a.actor, a.target, a.negated, a.hypothetical) != \
            (b.type, b.mode, b.actor, b.target, b.negated, b.hypothetical):
        return False
    stand_in = _near(a.date, b.date) or _undated_retelling(a, b)
    if a.date != b.date and not (a.date_basis != b.date_basis and stand_in):
        return False
    return (a.trigger or "").lower() == (b.trigger or "").lower() or _retelling(b.trigger)


def _near(d1: str | None, d2: str | None, days: int = 7) -> bool:
    """A text date within a week of the report's date (or in its month, for a month): the report's date may
    stand in for it; "in 1998" may not."""
    from datetime import date

    if not d1 or not d2:
        return False
    if len(d1) < 10 or len(d2) < 10:
        return d1[:7] == d2[:7]
    try:
        return abs((date.fromisoformat(d1[:10]) - date.fromisoformat(d2[:10])).days) <= days
    except ValueError:
        return False


def _undated_retelling(a: Event, b: Event) -> bool:
    """"the summit", told without a date of its own, is the dated meeting of the same parties named
    elsewhere in the report ("met on February 28 ... the summit"), if that one had already happened."""
    dated, undated = (a, b) if a.date_basis == "text" else (b, a)
    if undated.date_basis != "report" or not _retelling(undated.trigger) or not dated.date or not undated.date:
        return False
    return dated.date[:10] <= undated.date[:10]


def _retelling(trigger: str | None) -> bool:
    return (trigger or "").lower() in {"summit", "talks", "meeting", "visit", "trip", "deal", "agreement",
                                       "negotiations", "row", "dispute", "sanctions", "attack", "ban", "launch", "test"}
