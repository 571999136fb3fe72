"""The value a time expression's own words give, whatever the date of the report: written and spoken
years, months with their year, recurring days, durations ("2 1/2 years" -> P2Y6M), sets ("daily" -> P1D)
and reference words ("now" -> PRESENT_REF). `extract/times.py` finds the expressions.
"""
from __future__ import annotations

import re

from detente.clean.dates import MONTHS

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "a couple of": 2, "several": None, "few": None,
        "a few": None}
_UNIT_CODE = {"minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y",
              "decade": "Y"}
_HALF = {"Y": "6M", "TH": "30M", "D": "T12H"}  # "2 1/2 years" -> P2Y6M
_SET = {"daily": "P1D", "every day": "P1D", "each day": "P1D", "weekly": "P1W", "every week": "P1W",
        "monthly": "P1M", "every month": "P1M", "each month": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "every year": "P1Y", "each year": "P1Y", "every quarter": "P1Q", "each quarter": "P1Q"}
_REF = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF", "nowadays": "PRESENT_REF",
        "these days": "PRESENT_REF", "the time being": "PRESENT_REF", "recently": "PAST_REF",
        "the past": "PAST_REF", "in the past": "PAST_REF", "the future": "FUTURE_REF", "the near term": "FUTURE_REF",
        "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "the near future": "FUTURE_REF"}
_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_WORDS.update({w: 20 + 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())})
_SEASON_CODE = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# "in his 30s" is an age, not the 1930s.
_AGE = re.compile(r"\b(?:his|her|their|my|our|your) (?:(?:early|mid|late)-? ?)?$", re.I)


def month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")[:3]]


def absolute(name: str, g: dict[str, str | None], m: re.Match[str]) -> str:
    """A date, week, month, year, decade or century written out in full; "" when the words are no time."""
    if name == "iso_date":
        return f"{g['y']}-{g['m']}-{g['d']}"
    if name == "iso_week":
        return f"{g['y']}-W{g['w']}"
    if name == "decade":  # TIMEX3 writes a decade as its first three digits: "the 1990s" -> 199
        if g["yy"] and _AGE.search(m.string, 0, m.start()):
            return ""  # "in his 30s" is an age
        return g["y"] or f"19{g['yy']}"
    if name == "century":  # and a century as its first two: "the 20th century" -> 19
        return f"{int(g['c'] or 1) - 1:02d}"
    if name == "spoken_year":
        return _spoken(g)
    if name == "named_year":
        year = g["y"] or _spoken(g)
        if not year:
            return ""
        season = (g["season"] or "").lower()
        return f"{year}-{_SEASON_CODE[season]}" if season else f"{year}-{month(g['mon'] or ''):02d}"
    if name == "year":
        return g["y"] or ""
    mon = month(g["mon"] or "")
    return f"{int(g['y'] or 0):04d}-{mon:02d}" + (f"-{int(g['d'] or 0):02d}" if name != "my" else "")


def set_day(g: dict[str, str | None]) -> str | None:
    if g["mon"]:
        return f"XXXX-{month(g['mon']):02d}" if g["every"] else None
    if not (g["every"] or g["pl"] or g["pl2"]):
        return None  # one Thursday, not every one
    part = PARTS.get((g["part"] or "").lower())
    return f"XXXX-WXX-{DAYS.index((g['dow'] or '').lower()) + 1}" + (f"T{part}" if part else "")


def _spoken(g: dict[str, str | None]) -> str:
    """ "nineteen ninety-six" -> 1996, "two thousand" -> 2000; "nineteen" alone is no year."""
    century = (g["century"] or "").lower()
    if not g["rest"] and century == "nineteen":
        return ""
    rest = sum(_WORDS[w] for w in re.split(r"[- ]", (g["rest"] or "zero").lower()))
    return f"{19 if century == 'nineteen' else 20}{rest:02d}"


def count(n: str) -> int | None:
    n = n.lower()
    if n.endswith(" 1/2"):
        n = n[:-4]
    return int(n) if n.isdigit() else _NUM.get(n.replace("a hundred", "hundred"))


def amount(name: str, g: dict[str, str | None]) -> str | None:
    """Durations, sets and reference words: values that do not depend on the anchor."""
    if name == "duration":
        k, code = count(g["n"] or ""), _UNIT_CODE[(g["unit"] or "").lower()]
        if k is not None and (g["unit"] or "").lower() == "decade":
            k *= 10  # TimeBank writes decades in years: "two decades" -> P20Y
        if (g["n"] or "").endswith("1/2") and code in _HALF:
            return f"P{'T' if code == 'TH' else ''}{k}{code[-1]}{_HALF[code]}"
        return f"P{'T' if code.startswith('T') else ''}{k if k is not None else 'X'}{code[-1]}"
    if name == "vague":
        return f"PX{_UNIT_CODE[(g['unit'] or '').lower().rstrip('s')][-1]}"
    if name == "recent_years":
        return f"PX{(g['unit'] or 'Y')[0].upper()}"  # TimeBank's reading: a vague duration
    if name == "set":
        return _SET[(g["word"] or "").lower()]
    if name == "ref":
        return _REF[(g["word"] or "").lower()]
    return None
