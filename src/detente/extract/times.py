"""Time expressions -> TIMEX3 values anchored on the document date: dates, weeks, quarters, decades,
durations (P3D, PT5H), sets (P1D for "daily") and PRESENT_REF / PAST_REF / FUTURE_REF.

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
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "a": 1, "an": 1, "several": None, "few": None}
_COUNT = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a|an|several|few)"
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_UNIT_CODE = {"minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}
_SET = {"daily": "P1D", "every day": "P1D", "each day": "P1D", "weekly": "P1W", "every week": "P1W",
        "monthly": "P1M", "every month": "P1M", "annually": "P1Y", "yearly": "P1Y", "every year": "P1Y",
        "each year": "P1Y"}
_REF = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "future": "FUTURE_REF", "current": "PRESENT_REF",
        "recent": "PAST_REF", "at present": "PRESENT_REF", "nowadays": "PRESENT_REF",
        "recently": "PAST_REF", "the past": "PAST_REF", "in the past": "PAST_REF",
        "the future": "FUTURE_REF", "soon": "FUTURE_REF"}

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
    ("quarter", r"\b(?:(?P<rel>the year-ago|the year-earlier|the latest|the previous|the|this year's|last year's|"
                r"this|last)\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ])?quarter\b", 1),
    ("year_before", r"\b(?:a year (?:earlier|before)|year-(?:earlier|ago))\b", 1),
    ("rel_unit", r"\b(?P<rel>last|next|this|past|previous|coming) (?P<unit>year|month|week)\b", 1),
    ("earlier_unit", r"\b(?:earlier|later) this (?P<unit>year|month|week)\b", 1),
    ("ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (?P<unit>decade|year|month|week|day)s? ago\b", 1),
    ("part_of_day", r"\b(?P<word>this morning|this afternoon|this evening|tonight|last night)\b", 1),
    ("clock", r"\b(?P<h>\d{1,2})(?::(?P<mi>\d{2}))? ?(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)", 1),
    ("recent_years", r"\brecent (?P<unit>years|months|weeks|days)\b", 1),
    ("deictic", r"\b(?P<word>yesterday|today|tomorrow)\b", 1),
    ("duration", rf"\b(?:(?:the|a|an|the past|the last|the next|the first|past|over the past|for)\s+)?{_COUNT}[- ]"
                 r"(?P<unit>minute|hour|day|week|month|year|decade)s?(?:[- ]long)?\b(?! ago|[- ]old| earlier| later| before| after)", 1),
    ("vague", r"\b(?:for |in |over )?(?:the )?(?:(?:past|last|coming|next) )?(?:several |few |many )?"
              r"(?P<unit>days|weeks|months|years|decades)\b(?! ago| of| earlier| later| before| after)", 1),
    # A season needs a determiner or preposition: bare "fall" is nearly always the verb.
    ("season", r"\b(?:(?P<rel>last|this|next|early|late)|(?:in|during|by|until|since) (?:the )?(?:(?:early|late) )?)"
               r" ?(?P<season>spring|summer|fall|autumn|winter)\b", 1),
    ("weekend", r"\b(?P<rel>the|this|last|next) weekend\b", 1),
    ("set", r"\b(?P<word>daily|weekly|monthly|annually|yearly|every (?:day|week|month|year)|each (?:day|year))\b", 1),
    ("ref", r"\b(?P<word>now|currently|current|recent|at present|nowadays|recently|in the past|the past|the future|soon|(?<=in the )future|(?<=the near )future)\b", 1),
    ("weekday", r"\b(?:on |last |next |this )?(?P<dow>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", 0),
    ("year", r"\b(?:in |since |by |until |of |from )?(?P<y>(?:19|20)\d{2})\b(?![-/]\d)", 0),
))
FUTURE_CUES = re.compile(r"\b(will|shall|is to|as soon as|as early as|are to|plans? to|planned to|expected to|going to|due to|"
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
        after = m.string[m.end():m.end() + 11].lower()
        if after.startswith((" this year", " last year")):
            return f"{anchor.year - after.startswith(' last'):04d}-{mon:02d}"
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
    if name == "quarter":
        return _quarter(g, anchor)
    if name == "year_before":
        return f"{anchor.year - 1:04d}"
    if name == "duration":
        k = int(g["n"]) if g["n"].isdigit() else _NUM.get(g["n"].lower())
        code = _UNIT_CODE[g["unit"].lower()]
        return f"P{'T' if code.startswith('T') else ''}{k if k is not None else 'X'}{code[-1] if code != 'DE' else 'DE'}"
    if name == "part_of_day":
        word = g["word"].lower()
        evening = anchor - timedelta(days=1) if word == "last night" else anchor
        return f"{evening.isoformat()}T{ {'this morning': 'MO', 'this afternoon': 'AF', 'this evening': 'EV'}.get(word, 'NI')}"
    if name == "clock":
        hour = int(g["h"]) % 12 + (12 if g["ap"].lower().startswith("p") else 0)
        return f"{anchor.isoformat()}T{hour:02d}:{int(g['mi'] or 0):02d}" if int(g["h"]) <= 12 else None
    if name == "vague":
        return f"PX{_UNIT_CODE[g['unit'].lower().rstrip('s')][-1] if g['unit'].lower() != 'decades' else 'DE'}"
    if name == "season":
        return _season(g, anchor, future)
    if name == "weekend":
        return _weekend(g["rel"].lower(), anchor, future)
    if name == "recent_years":
        return f"PX{g['unit'][0].upper()}"  # TimeBank's reading: a vague duration
    if name == "set":
        return _SET[g["word"].lower()]
    if name == "ref":
        return _REF[g["word"].lower()]
    return None


_SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}


def _season(g: dict[str, str | None], anchor: date, future: bool) -> str:
    code, month = _SEASONS[(g["season"] or "").lower()]
    rel = (g["rel"] or "").lower()
    if rel == "last":
        year = anchor.year - 1 if month >= anchor.month else anchor.year
    elif rel == "next" or (future and rel != "this"):
        year = anchor.year + 1 if month <= anchor.month else anchor.year
    elif rel == "this":
        year = anchor.year
    else:
        year = anchor.year if month <= anchor.month + 1 else anchor.year - 1
    return f"{year:04d}-{code}"


def _weekend(rel: str, anchor: date, future: bool) -> str:
    """The weekend just past (news), or the coming one with `next` or a future verb."""
    days_to_sat = 5 - anchor.weekday()
    sat = anchor + timedelta(days=days_to_sat)
    if rel == "last" or (rel == "the" and not future and days_to_sat > 0):
        sat -= timedelta(days=7)
    elif rel == "next":
        sat += timedelta(days=7 if days_to_sat <= 0 else 0)
    iso = sat.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}-WE"


def _quarter(g: dict[str, str | None], anchor: date) -> str | None:
    """Quarters are reported after they end: the latest such quarter not after the document date."""
    rel = (g["rel"] or "").lower()
    current = (anchor.month - 1) // 3 + 1
    if g["ord"]:
        n = _ORD[g["ord"].lower()]
        year = anchor.year if n <= current else anchor.year - 1
    elif rel in ("the", "the latest", "the previous", "last", "this", "the year-ago", "the year-earlier"):
        n, year = (current - 1, anchor.year) if current > 1 else (4, anchor.year - 1)
        if rel == "this":
            n, year = current, anchor.year
    else:
        return None  # a bare "quarter" ("a quarter of voters") is a fraction, not a time
    if "year-" in rel or rel.startswith("last year"):
        year -= 1
    elif rel.startswith("this year"):
        year = anchor.year
    return f"{year:04d}-Q{n}"


# News leans to the past, but not blindly: "Jan. 14" in a story of Jan. 10 is this week, not last year.
# The nearest occurrence wins, a future one counting as this many times further away.
FUTURE_PENALTY = 3


def _lean_year(anchor: date, md: tuple[int, int], future: bool, month_only: bool = False) -> int:
    here = (anchor.month, 1 if month_only else anchor.day)
    if future:
        return anchor.year if md >= here else anchor.year + 1

    def cost(year: int) -> float:
        try:
            d = date(year, md[0], min(md[1], 28) if month_only else md[1])
        except ValueError:
            return float("inf")
        days = (d - anchor).days if not month_only else (year * 12 + md[0]) - (anchor.year * 12 + anchor.month)
        return -days if days <= 0 else days * FUTURE_PENALTY
    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: (cost(y), -y))


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
    k = int(n) if n.isdigit() else (_NUM.get(n) or 1)
    if unit == "decade":
        return f"{(anchor.year - 10 * k) // 10:03d}X"
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
    past, ahead = (delta if delta <= 0 else delta - 7), (delta if delta > 0 else delta + 7)
    # Nearest day, a future one counting FUTURE_PENALTY times: "Tuesday" in Monday's paper is tomorrow.
    return anchor + timedelta(days=ahead if ahead * FUTURE_PENALTY < -past else past)


def _is_future(text: str, start: int) -> bool:
    """Future reading when the clause before the expression carries a future cue. The clause ends at a
    comma: in "they would appeal the decision, announced Wednesday" the day belongs to "announced"."""
    left = text[max(0, text.rfind(".", 0, start) + 1, text.rfind(",", 0, start) + 1, start - 80):start]
    return bool(FUTURE_CUES.search(left))


def find_times(text: str, anchor: date | None) -> list[Time]:
    taken: list[tuple[int, int]] = []
    out: list[Time] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = _core(m)
            if any(s < te and ts < e for ts, te in taken):
                continue
            if anchor is None and name not in ("iso_date", "iso_week", "mdy", "dmy", "my", "decade", "year",
                                               "duration", "set", "ref"):
                value = unresolved(name, m, _is_future(text, s))
            else:
                value = resolve(name, m, anchor or date(1, 1, 1), _is_future(text, s))
            if value:
                taken.append((s, e))
                out.append(Time(text=text[s:e], start=s, end=e, value=value))
    return _year_ago_quarters(sorted(out, key=lambda t: t.start))


# Two anchors that share no digit in any position of a date, week or quarter: what a relative expression's
# value keeps under both is what the expression itself says ("in February" -> XXXX-02).
_PROBES = (date(1987, 3, 14), date(2045, 10, 28))


def unresolved(name: str, m: re.Match[str], future: bool) -> str | None:
    """The TIMEX3 value of a relative expression in a document without a date: resolved against two unlike
    anchors, the positions that differ become X ("Monday" -> XXXX-XX-XX, "last year" -> XXXX, "the third
    quarter" -> XXXX-Q3). The expression is kept and typed, to be resolved when a date is known."""
    one, two = (resolve(name, m, a, future) for a in _PROBES)
    if not one or not two or len(one) != len(two):
        return None
    return "".join(a if a == b else "X" for a, b in zip(one, two))


# "A year earlier" after "the third quarter" means that quarter a year before, not the whole year.
QUARTER_CONTEXT_CHARS = 400


def _year_ago_quarters(times: list[Time]) -> list[Time]:
    last: Time | None = None
    for t in times:
        if re.fullmatch(r"\d{4}-Q\d", t.value) and not re.search(r"year-(ago|earlier)", t.text, re.I):
            last = t
        elif last and t.start - last.end < QUARTER_CONTEXT_CHARS and re.search(
                r"year (ago|earlier|before)|year-(ago|earlier)", t.text, re.I):
            t.value = f"{int(last.value[:4]) - 1:04d}{last.value[4:]}"
    return times


def _core(m: re.Match[str]) -> tuple[int, int]:
    """Drop a leading preposition ('in February' -> 'February') so the span is the expression itself."""
    s, e = m.span()
    while s < e and m.string[s].isspace():
        s += 1
    lead = re.match(r"(?:in|since|until|by|from|during|on|of|before|after|early|late|mid-?)\s+", m.string[s:e], re.I)
    if lead:
        s += lead.end()
    return s, e


def is_point(value: str | None) -> bool:
    """A calendar date, week, month, quarter or year (not a duration, set or reference word)."""
    return bool(value) and value[0].isdigit()  # type: ignore[index]
