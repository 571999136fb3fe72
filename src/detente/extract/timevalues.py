"""Calendar arithmetic for relative expressions against one anchor date: which Monday, which March, which
quarter or season. `tense` is 'past', 'future' or None (not known) for the clause around the expression.
"""
from __future__ import annotations

from datetime import date, timedelta

_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
_SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}
# News leans to the past, but not blindly: "Jan. 14" in a story of Jan. 10 is this week, not last year.
# Without a tense to go by, the nearest occurrence wins, a future one counting as this many times further.
FUTURE_PENALTY = 3


def season(g: dict[str, str | None], anchor: date, tense: str | None) -> str:
    code, month = _SEASONS[(g["season"] or "").lower()]
    rel = (g["rel"] or "").lower()
    if rel in ("last", "this past", "past"):
        year = anchor.year - 1 if month >= anchor.month else anchor.year
    elif rel == "next" or (tense == "future" and rel != "this"):
        year = anchor.year + 1 if month <= anchor.month else anchor.year
    elif rel == "this" or tense == "past":
        year = anchor.year if rel == "this" or month <= anchor.month else anchor.year - 1
    else:
        year = anchor.year if month <= anchor.month + 1 else anchor.year - 1
    return f"{year:04d}-{code}"


def weekend(rel: str, anchor: date, future: bool) -> str:
    """The weekend just past (news), or the coming one with `next` or a future verb."""
    days_to_sat = 5 - anchor.weekday()
    sat = anchor + timedelta(days=days_to_sat)
    if rel == "last" or (rel == "the" and not future and days_to_sat > 0):
        sat -= timedelta(days=7)
    elif rel == "next":
        sat += timedelta(days=7 if days_to_sat <= 0 else 0)
    iso = sat.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}-WE"


def quarter(g: dict[str, str | None], anchor: date) -> str | None:
    """Quarters are reported after they end: the latest such quarter not after the document date. A year
    written with it wins ("the third quarter of 1984", "the 1988 second quarter", "next year's first")."""
    rel = (g["rel"] or "").lower()
    current = (anchor.month - 1) // 3 + 1
    year = _quarter_year(g, anchor)
    if g["ord"]:
        n = _ORD[g["ord"].lower()]
        if year is None:
            year = anchor.year if n <= current else anchor.year - 1
    elif rel in ("this", "the current", "this year's"):
        n, year = current, year or anchor.year
    elif rel in ("the", "the latest", "the previous", "last", "the year-ago", "the year-earlier", "its",
                 "last year's") or year:
        n, y = (current - 1, anchor.year) if current > 1 else (4, anchor.year - 1)
        year = year or y
    else:
        return None  # a bare "quarter" ("a quarter of voters") is a fraction, not a time
    if "year-" in rel:
        year -= 1
    return f"{year:04d}-Q{n}"


def _quarter_year(g: dict[str, str | None], anchor: date) -> int | None:
    written = g.get("y1") or g.get("y2") or ""
    if written[:4].isdigit():
        return int(written[:4])
    rel = (g.get("rel") or "").lower()
    for word, step in (("last", -1), ("this", 0), ("next", 1)):
        if written.startswith(word) or rel.startswith(f"{word} year"):
            return anchor.year + step
    return None


def year_part(name: str, g: dict[str, str | None], anchor: date, tense: str | None) -> str | None:
    """A report's year ("the fiscal year", "year-end"), a year's length ("the year ended June 30") or a
    holiday's date, taken like a written month and day."""
    if name == "fiscal_year":
        if not (g["kind"] or g["which"] or g["ended"]):
            return None  # "the year" alone is too often "the year 2000" or "player of the year"
        if g["ended"]:
            return "P1Y"
        return f"{anchor.year - (1 if (g['which'] or '').lower() == 'latest' else 0):04d}"
    if name == "year_end":
        return f"{anchor.year:04d}"
    rel = (g["rel"] or "").lower()
    year = anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    md = _holiday((g["day"] or "").lower(), year)
    if not rel:
        year = lean_year(anchor, md, tense)
        md = _holiday((g["day"] or "").lower(), year)
    return f"{year:04d}-{md[0]:02d}-{md[1]:02d}"


def _holiday(name: str, year: int) -> tuple[int, int]:
    """Month and day of a fixed or US weekday-rule holiday in `year`."""
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
             "new year's eve": (12, 31), "independence day": (7, 4)}
    if name in fixed:
        return fixed[name]
    if name.startswith("thanksgiving"):  # the fourth Thursday of November
        first = date(year, 11, 1)
        return 11, 1 + (3 - first.weekday()) % 7 + 21
    first = date(year, 11, 1)  # Election Day: the Tuesday after the first Monday of November
    return 11, 1 + (0 - first.weekday()) % 7 + 1


def lean_year(anchor: date, md: tuple[int, int], tense: str | None, month_only: bool = False) -> int:
    """The year of a month (and day) written without one: the latest not after the document date for a
    past clause, the next not before it for a future one, else the nearest (FUTURE_PENALTY)."""
    here = (anchor.month, 1 if month_only else anchor.day)
    if tense == "future":
        return anchor.year if md >= here else anchor.year + 1
    if tense == "past":
        return anchor.year if md <= here else anchor.year - 1

    def cost(year: int) -> float:
        try:
            d = date(year, md[0], min(md[1], 28) if month_only else md[1])
        except ValueError:
            return float("inf")
        days = (d - anchor).days if not month_only else (year * 12 + md[0]) - (anchor.year * 12 + anchor.month)
        return -days if days <= 0 else days * FUTURE_PENALTY
    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: (cost(y), y))  # a tie: the past


def rel_month(rel: str, mon: int, anchor: date) -> str:
    if rel in ("last", "final", "past"):
        year = anchor.year - 1 if mon >= anchor.month else anchor.year
    elif rel == "next":
        year = anchor.year + 1 if mon <= anchor.month else anchor.year
    else:
        year = anchor.year
    return f"{year:04d}-{mon:02d}"


def rel_unit(rel: str, unit: str, anchor: date) -> str:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "month":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return f"{y:04d}-{m + 1:02d}"
    iso = (anchor + timedelta(weeks=step)).isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def ago(k: int, unit: str, anchor: date) -> str:
    if unit in ("decade", "year"):
        return f"{anchor.year - k * (10 if unit == 'decade' else 1):04d}"
    if unit == "month":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 - k, 12)
        return f"{y:04d}-{m + 1:02d}"
    days = k * (7 if unit == "week" else 1)
    return (anchor - timedelta(days=days)).isoformat()


def weekday(text: str, dow: int, anchor: date, tense: str | None) -> date:
    """`next`/`last` say the week; a future clause takes the coming day (today included), a past one the
    day gone (today included); otherwise the nearest, a future one counting FUTURE_PENALTY times: "Tuesday"
    in Monday's paper is tomorrow."""
    delta = dow - anchor.weekday()
    if text.startswith("next"):
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    if text.startswith("last"):
        return anchor + timedelta(days=delta if delta < 0 else delta - 7)
    if tense == "future":
        return anchor + timedelta(days=delta if delta >= 0 else delta + 7)
    if tense == "past":
        return anchor + timedelta(days=delta if delta <= 0 else delta - 7)
    past, ahead = (delta if delta <= 0 else delta - 7), (delta if delta > 0 else delta + 7)
    return anchor + timedelta(days=ahead if ahead * FUTURE_PENALTY < -past else past)
