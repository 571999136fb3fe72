"""Time expressions -> TIMEX3 values anchored on the document date.

News is past-leaning: a bare weekday or month refers to the latest one not after the document date,
unless the governing verb is future ("will travel on Wednesday"), which flips it forward.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from detente.clean.dates import MONTHS
from detente.record import Time

_MONTH_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "a": 1, "an": 1}

# Ordered: longer, more specific patterns first; a span taken by one is not matched again.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx, re.I if flags else 0)) for name, rx, flags in (
    ("iso_date", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", 1),
    ("iso_week", r"\b(?P<y>\d{4})-W(?P<w>\d{2})\b", 0),
    ("mdy", rf"\b(?P<mon>{_MONTH_FULL}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>\d{{4}})\b", 0),
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<mon>{_MONTH_FULL}),? (?P<y>\d{{4}})\b", 0),
    ("md", rf"\b(?P<mon>{_MONTH_FULL}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})", 0),
    ("dm", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<mon>{_MONTH_FULL})\b(?! \d{{4}})", 0),
    ("my", rf"\b(?P<mon>{_MONTH_FULL}),? (?P<y>\d{{4}})\b", 0),
    ("rel_month", rf"\b(?P<rel>last|next|this|final|past) (?P<mon>{_MONTH_FULL})\b", 1),
    ("month", rf"\b(?:in|since|until|by|from|during|early|late|mid-?|on|of|before|after)?\s*(?P<mon>{_MONTH_FULL})\b", 0),
    ("decade", r"\b(?:the )?(?P<y>\d{3})0s\b", 0),
    ("rel_unit", r"\b(?P<rel>last|next|this|past|previous|coming) (?P<unit>year|month|week)\b", 1),
    ("earlier_unit", r"\b(?:earlier|later) this (?P<unit>year|month|week)\b", 1),
    ("ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (?P<unit>year|month|week|day)s? ago\b", 1),
    ("deictic", r"\b(?P<word>yesterday|today|tomorrow)\b", 1),
    ("weekday", r"\b(?:on |last |next |this )?(?P<dow>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", 0),
    ("year", r"\b(?:in |since |by |until |of |from )?(?P<y>(?:19|20)\d{2})\b(?![-/]\d)", 0),
))
FUTURE_CUES = re.compile(r"\b(will|shall|would|is to|are to|plans? to|planned to|expected to|going to|due to|"
                         r"set to|scheduled to)\b", re.I)


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")[:3]]


def resolve(name: str, m: re.Match[str], anchor: date, future: bool) -> str | None:
    g = m.groupdict()
    if name == "iso_date":
        return f"{g['y']}-{g['m']}-{g['d']}"
    if name == "iso_week":
        return f"{g['y']}-W{g['w']}"
    if name in ("mdy", "dmy"):
        return f"{int(g['y']):04d}-{_month(g['mon']):02d}-{int(g['d']):02d}"
    if name in ("md", "dm"):
        mon, day = _month(g["mon"]), int(g["d"])
        year = _lean_year(anchor, (mon, day), future)
        return f"{year:04d}-{mon:02d}-{day:02d}"
    if name == "my":
        return f"{int(g['y']):04d}-{_month(g['mon']):02d}"
    if name == "rel_month":
        return _rel_month(g["rel"].lower(), _month(g["mon"]), anchor)
    if name == "month":
        mon = _month(g["mon"])
        return f"{_lean_year(anchor, (mon, 1), future, month_only=True):04d}-{mon:02d}"
    if name == "decade":
        return f"{g['y']}X"
    if name in ("rel_unit", "earlier_unit"):
        return _rel_unit(g.get("rel", "this").lower(), g["unit"].lower(), anchor)
    if name == "ago":
        return _ago(g["n"].lower(), g["unit"].lower(), anchor)
    if name == "deictic":
        return (anchor + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()])).isoformat()
    if name == "weekday":
        return _weekday(m.group(0).lower(), _DAYS.index(g["dow"].lower()), anchor, future).isoformat()
    if name == "year":
        return g["y"]
    return None


def _lean_year(anchor: date, md: tuple[int, int], future: bool, month_only: bool = False) -> int:
    here = (anchor.month, 1 if month_only else anchor.day)
    if future:
        return anchor.year if md >= here else anchor.year + 1
    return anchor.year if md <= here else anchor.year - 1


def _rel_month(rel: str, mon: int, anchor: date) -> str:
    if rel in ("last", "final", "past"):
        year = anchor.year - 1 if mon >= anchor.month else anchor.year
    elif rel == "next":
        year = anchor.year + 1 if mon <= anchor.month else anchor.year
    else:
        year = anchor.year
    return f"{year:04d}-{mon:02d}"


def _rel_unit(rel: str, unit: str, anchor: date) -> str:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "month":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return f"{y:04d}-{m + 1:02d}"
    iso = (anchor + timedelta(weeks=step)).isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _ago(n: str, unit: str, anchor: date) -> str:
    k = int(n) if n.isdigit() else _NUM.get(n, 1)
    if unit == "year":
        return f"{anchor.year - k:04d}"
    if unit == "month":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 - k, 12)
        return f"{y:04d}-{m + 1:02d}"
    days = k * (7 if unit == "week" else 1)
    return (anchor - timedelta(days=days)).isoformat()


def _weekday(text: str, dow: int, anchor: date, future: bool) -> date:
    delta = dow - anchor.weekday()
    if text.startswith("next") or (future and not text.startswith("last")):
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    if text.startswith("last"):
        return anchor + timedelta(days=delta if delta < 0 else delta - 7)
    return anchor + timedelta(days=delta if delta <= 0 else delta - 7)


def _is_future(text: str, start: int) -> bool:
    """Future reading when the clause before the expression carries a future cue."""
    left = text[max(0, text.rfind(".", 0, start) + 1, start - 80):start]
    return bool(FUTURE_CUES.search(left))


def find_times(text: str, anchor: date | None) -> list[Time]:
    taken: list[tuple[int, int]] = []
    out: list[Time] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = _core(m)
            if any(s < te and ts < e for ts, te in taken):
                continue
            if anchor is None and name not in ("iso_date", "iso_week", "mdy", "dmy", "my", "decade", "year"):
                continue
            value = resolve(name, m, anchor or date(1, 1, 1), _is_future(text, s))
            if value:
                taken.append((s, e))
                out.append(Time(text=text[s:e], start=s, end=e, value=value))
    return sorted(out, key=lambda t: t.start)


def _core(m: re.Match[str]) -> tuple[int, int]:
    """Drop a leading preposition ('in February' -> 'February') so the span is the expression itself."""
    s, e = m.span()
    while s < e and m.string[s].isspace():
        s += 1
    lead = re.match(r"(?:in|since|until|by|from|during|on|of|before|after|early|late|mid-?)\s+", m.string[s:e], re.I)
    if lead:
        s += lead.end()
    return s, e
