"""Time expressions -> TIMEX3 values: dates, clock times, weeks, quarters, decades, durations (P3D, PT5H),
sets (P1D for "daily") and PRESENT_REF / PAST_REF / FUTURE_REF.

Each relative expression is read against its own reference time (extract/timeref.py): a deictic one
("yesterday", "last year") against the document date, an anaphoric one ("the next day", "that year", "a
year earlier") against the last explicit time before it, a clock time against the day named in its
sentence; the tense of its clause decides whether a bare weekday or month is the last or the next one.
A document without a date takes the date printed under its title; failing that, its relative
expressions are kept, typed but unresolved (XXXX-WXX-1 for "Monday"), for `timeref.resolve_stored`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from detente.clean.dates import MONTHS
from detente.extract import timeref, timevalues
from detente.extract.timewords import DAYS, PARTS, absolute, amount, count, month, set_day
from detente.record import Time

_MONTH_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = (r"(?P<n>\d+(?: 1/2)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
          r"thirty|forty|fifty|sixty|ninety|a hundred|a couple of|a few|a|an|several|few)")
_CLOCK = (r"(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))? ?(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b)|"
          r"(?<!\()(?P<hh>[01]?\d|2[0-3]):?(?P<mm>[0-5]\d)(?= ?(?:UTC|GMT))|(?P<word>noon|midday|midnight))"
          r"(?: ?\(?(?P<tz>UTC|GMT|[ECMP][SD]T)\)?)?")
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_DAY = rf"(?P<day>today|yesterday|tomorrow|{_WEEKDAY}|{_MONTH_FULL} \d{{1,2}})"
# A year read out in a broadcast transcript: "nineteen ninety-six", "two thousand".
_SPOKEN = rf"(?P<century>nineteen|two thousand)(?: and)?(?: (?P<rest>{_TENS}(?:[- ]{_ONES})?|{_TEENS}|{_ONES}))?"

# Ordered: longer, more specific patterns first; a span taken by one is not matched again.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx, re.I if flags else 0)) for name, rx, flags in (
    ("iso_date", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", 1),
    ("iso_week", r"\b(?P<y>\d{4})-W(?P<w>\d{2})\b", 0),
    ("clock", rf"\b{_CLOCK}(?:,? (?:on )?{_DAY}\b)?", 1),
    # A weekday or month that recurs ("each Thursday", "Tuesday nights", "every July"): a TIMEX3 set.
    ("set_day", rf"\b(?:(?P<every>(?i:every|each)) )?(?:(?P<dow>{_WEEKDAY})(?P<pl>s)?(?: (?P<part>morning|afternoon|"
                rf"evening|night)(?P<pl2>s)?)?|(?P<mon>{_MONTH_FULL}))\b", 0),
    ("day_part", rf"\b(?:early |late )?{_DAY} (?P<part>morning|afternoon|evening|night)\b", 1),
    ("mdy", rf"\b(?:{_WEEKDAY},? )?(?P<mon>{_MONTH_FULL}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>\d{{4}})\b", 0),
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{_MONTH_FULL}),? (?P<y>\d{{4}})\b", 0),
    # A month or season with its year, the year spoken or, for a season, written: one expression.
    ("named_year", rf"\b(?:(?-i:(?P<mon>{_MONTH_FULL}))|(?:the )?(?P<season>spring|summer|fall|autumn|winter))"
                   rf",? (?:(?:of )?{_SPOKEN}|of (?P<y>(?:19|20)\d\d))\b", 1),
    ("md", rf"\b(?:{_WEEKDAY},? )?(?P<mon>{_MONTH_FULL}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})", 0),
    ("dm", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<mon>{_MONTH_FULL})\b(?! \d{{4}})", 0),
    ("my", rf"\b(?P<mon>{_MONTH_FULL}),? (?P<y>\d{{4}})\b", 0),
    ("rel_month", rf"\b(?P<rel>last|next|this|final|past) (?-i:(?P<mon>{_MONTH_FULL}))\b", 1),  # not "this may"
    # Not "Mayor", nor a march that is an event's name ("the March for Life", "the March of the Mothers").
    ("month", rf"\b(?:in|since|until|by|from|during|early|late|mid-?|on|of|before|after)?\s*(?P<mon>{_MONTH_FULL})"
              r"(?!\w)(?! (?:for|of the) [A-Z])(?:(?: of)? (?P<rel>this|last|next) year\b)?", 0),
    ("decade", r"\b(?:the )?(?:(?:early|mid|late)-? ?)?(?:(?P<y>\d{3})0|'?(?P<yy>[2-9])0)s\b", 0),
    ("quarter", r"\b(?:(?P<rel>the year-ago|the year-earlier|the latest|the previous|the current|the|this year's|"
                r"last year's|next year's|this|last|its|(?:the )?(?P<y1>(?:19|20)\d\d))\s+)?(?:(?P<ord>first|"
                r"second|third|fourth|final|1st|2nd|3rd|4th)[- ])?(?:quarter|(?:(?<=latest )|(?<=-ago )|(?<=arlier ))"
                r"(?P<period>period))\b(?: of (?P<y2>(?:19|20)\d\d|last year|"
                r"this year|next year))?", 1),
    ("anaphor", r"\b(?:a (?P<yearshift>year) (?:earlier|before|ago)|(?:the )?year-(?:earlier|ago)(?: (?:period|quarter))?|"
                r"the (?P<rel>next|following|previous|preceding) (?P<unit>day|morning|afternoon|evening|night|month|"
                r"year)|the (?P<unit2>year) (?P<rel2>before|after|previous)|(?:(?:earlier|later) )?(?:on |in )?"
                r"that (?:same )?(?P<unit3>day|morning|afternoon|evening|night|week|month|year|quarter)|"
                r"the same (?P<unit4>day|week|month|year|quarter)|"
                # "the day" and "the year" alone name the day or year in hand where the wording fixes one: a
                # market report's "ended the day", "later in the day"; "for the year", "months of the year".
                r"(?:(?:earlier|later|late|early) in |the (?:start|beginning|rest|remainder) of |"
                r"(?<=\bend )|(?<=\bended )|(?<=\bending )|(?<=\bfinish )|(?<=\bfinished )|(?<=\bclosed )|"
                r"(?<=\bfor ))the (?P<unit5>day)(?! before| after)|"
                r"(?:(?:earlier|later) in |the (?:start|beginning|rest|remainder) of |(?<=\bfor )|(?<=\bduring )|"
                r"(?<=\bmonths of )|(?<=\bhalf of ))the (?P<unit6>year)(?! \d| two thousand| before| after| ended|"
                r" ending| earlier| ago| previous|-))\b", 1),
    ("fiscal_year", r"\b(?:the|its) (?:(?P<which>current|latest) )?(?P<kind>fiscal |full |entire |whole )?year\b"
                    r"(?P<ended> end(?:ed|ing)\b)?", 1),
    ("year_end", r"\b(?:(?:the )?end of (?:the|this) year|year[- ]end|year's end)\b", 1),
    ("holiday", r"\b(?:(?P<rel>last|next|this) )?(?P<day>Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Thanksgiving(?: Day)?|"
                r"Independence Day|Election Day)\b", 0),
    ("spoken_year", rf"\b(?:the year )?{_SPOKEN}\b(?! (?:years|people|percent|dollars|troops))", 0),
    ("century", r"\b(?:the )?(?P<c>\d{1,2})(?:st|nd|rd|th) century\b", 1),
    ("rel_unit", r"\b(?:the )?(?P<rel>last|next|this|past|previous|coming|current) (?P<unit>year|month|week)\b", 1),
    ("earlier_unit", r"\b(?:earlier|later) this (?P<unit>year|month|week)\b", 1),
    ("ago", rf"\b(?:(?:about|almost|nearly|more than|some|just|only) )?{_COUNT} (?P<unit>decade|year|month|week|day)s?(?: or so)? ago\b", 1),
    ("part_of_day", r"\b(?P<word>this morning|this afternoon|this evening|tonight|last night)\b", 1),
    ("recent_years", r"\brecent (?P<unit>years|months|weeks|days)\b", 1),
    ("deictic", r"\b(?P<word>yesterday|today|tomorrow)\b", 1),
    ("duration", rf"\b(?:(?:the|the past|the last|the next|the first|past|over the past|for)\s+)?(?:(?:at least|almost|"
                 rf"nearly|about|more than|less than|no more than|over|just|only|roughly|some|barely)\s+)?{_COUNT}(?:\s|-(?!quarter))"
                 r"(?:(?:more|additional|straight|consecutive|trading|full|extra|successive)\s+)?"
                 r"(?P<unit>minute|hour|day|week|month|quarter|year|decade)s?(?:[- ]long)?\b(?! ago|[- ]old)", 1),
    ("vague", r"\b(?<!\d )(?:for |in |over )?(?:the )?(?:(?:past|last|coming|next) )?(?:several |few |many )?"
              r"(?P<unit>days|weeks|months|years|decades)\b(?! ago| of| earlier| later| before| after| old)", 1),
    # A season needs a determiner or preposition: bare "fall" is nearly always the verb.
    ("season", r"\b(?:(?P<rel>last|this past|this|next|early|late)|(?:in|during|by|until|since) (?:the )?(?:(?:early|late) )?)"
               r" ?(?P<season>spring|summer|fall|autumn|winter)\b", 1),
    ("weekend", r"\b(?P<rel>the|this|last|next) weekend\b", 1),
    ("set", r"\b(?P<word>daily|weekly|monthly|annually|yearly|(?:every|each) (?:day|week|month|quarter|year))\b", 1),
    ("ref", r"\b(?P<word>now|currently|at present|nowadays|these days|the time being|recently|in the past|the past|"
            r"the (?:near|short|long) term|the near future|the future)\b", 1),
    ("weekday", rf"\b(?:on |last |next |this )?(?P<dow>{_WEEKDAY})\b", 0),
    ("year", r"\b(?:in |since |by |until |of |from )?(?P<y>(?:19|20)\d{2})\b(?![-/]\d|\.\d)", 0),
))
# Expressions that need no reference time: still resolved in a document without a date.
_ABSOLUTE = {"iso_date", "iso_week", "mdy", "dmy", "my", "decade", "year", "duration", "vague", "set", "ref",
             "recent_years", "century", "spoken_year", "named_year", "set_day"}



def resolve(name: str, m: re.Match[str], anchor: date, tense: str | None) -> str | None:
    g = m.groupdict()
    if name in ("iso_date", "iso_week", "mdy", "dmy", "my", "year", "decade", "century", "spoken_year", "named_year"):
        return absolute(name, g, m) or None
    if name == "set_day":
        return set_day(g)
    if name in ("md", "dm"):
        mon, day = month(g["mon"]), int(g["d"])
        return f"{timevalues.lean_year(anchor, (mon, day), _ahead(tense)):04d}-{mon:02d}-{day:02d}"
    if name == "rel_month":
        return timevalues.rel_month(g["rel"].lower(), month(g["mon"]), anchor)
    if name == "month":
        mon, rel = month(g["mon"]), (g["rel"] or "").lower()
        if rel:
            return f"{anchor.year + {'last': -1, 'next': 1}.get(rel, 0):04d}-{mon:02d}"
        return f"{timevalues.lean_year(anchor, (mon, 1), _ahead(tense), month_only=True):04d}-{mon:02d}"
    if name in ("rel_unit", "earlier_unit"):
        rel = (g.get("rel") or "this").lower()
        return timevalues.rel_unit("this" if rel == "current" else rel, g["unit"].lower(), anchor)
    if name == "ago":
        k = count(g["n"])
        return timevalues.ago(k, g["unit"].lower(), anchor) if k else "PAST_REF"  # "a few years ago"
    if name in ("deictic", "weekday", "day_part", "part_of_day", "clock"):
        return _day_time(name, g, m.group(0).lower(), anchor, tense)
    if name == "quarter":
        return timevalues.quarter(g, anchor) if not g["period"] or g["rel"] else None
    if name in ("fiscal_year", "year_end", "holiday"):
        return timevalues.year_part(name, g, anchor, tense)
    if name == "season":
        return timevalues.season(g, anchor, tense)
    if name == "weekend":
        return timevalues.weekend(g["rel"].lower(), anchor, tense == "future")
    return amount(name, g)


def _ahead(tense: str | None) -> str | None:
    """A past verb moves a weekday back a week at most, but a month or date back a year: too costly for
    what "extended to Nov. 6" or "said it will pay in January" get wrong. A date follows only a future cue."""
    return tense if tense == "future" else None


def _day_time(name: str, g: dict[str, str | None], text: str, anchor: date, tense: str | None) -> str | None:
    """A day ("yesterday", "Monday", "March 3"), with the part of the day or the clock time it carries."""
    if name == "part_of_day":
        word = (g["word"] or "").lower()
        evening = anchor - timedelta(days=1) if word == "last night" else anchor
        return f"{evening.isoformat()}T{PARTS[word.split()[-1]]}"
    named = g["word"] if name == "deictic" else g["dow"] if name == "weekday" else g["day"]
    day = _day(named or "", text, anchor, tense)
    if day is None:
        return None
    if name == "day_part":
        return f"{day.isoformat()}T{PARTS[(g['part'] or '').lower()]}"
    if name == "clock":
        return f"{day.isoformat()}T{_clock(g)}"
    return day.isoformat()


def _day(word: str, text: str, anchor: date, tense: str | None) -> date | None:
    word = word.lower()
    if word in ("yesterday", "today", "tomorrow"):
        return anchor + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[word])
    if word in DAYS:
        lead = text if text.startswith(("last", "next")) else ""
        return timevalues.weekday(lead, DAYS.index(word), anchor, tense)
    m = re.match(rf"({_MONTH_FULL}) (\d{{1,2}})", word, re.I)
    if m:
        mon, d = month(m.group(1)), int(m.group(2))
        try:
            return date(timevalues.lean_year(anchor, (mon, d), _ahead(tense)), mon, d)
        except ValueError:
            return None
    return anchor  # a clock time alone: the document's day until its sentence names another


def _clock(g: dict[str, str | None]) -> str:
    word = (g["word"] or "").lower()
    if word:
        return "24" if word == "midnight" else "12:00"
    if g["hh"] is not None:
        hour, minute = int(g["hh"]), int(g["mm"] or 0)
    else:
        hour = int(g["h"] or 0) % 12 + (12 if (g["ap"] or "").lower().startswith("p") else 0)
        minute = int(g["mi"] or 0)
    return f"{hour:02d}:{minute:02d}" + ("Z" if (g["tz"] or "").upper() in ("UTC", "GMT") else "")


def find_times(text: str, anchor: date | None) -> list[Time]:
    anchor = anchor or timeref.dateline(text, MONTHS)
    starts = timeref.sentences(text)
    out: list[Time] = []
    last: Time | None = None  # the last explicit calendar time: an anaphor's reference
    shifted: set[int] = set()  # where "a year earlier" stands: never the reference of another one
    for name, m, s, e in _matches(text):
        sent = starts[timeref.sentence_of(starts, s)]
        tense = timeref.tense(text, s, e, sent)
        if name == "anaphor":
            g = _anaphor_groups(m)
            ref = _year_ago_reference(out, s, sent, shifted) if g["yearshift"] else last
            if m["unit6"]:  # "for the year" is the report's year unless its own sentence names another
                ref = ref if ref and ref.start >= sent else None
            value = timeref.relative(g, ref.value if ref else None, anchor)
            shifted.add(s)
        elif anchor is None and name not in _ABSOLUTE:
            value = unresolved(name, m, tense)
        else:  # an absolute expression never reads the anchor, so a probe stands in for a missing one
            value = resolve(name, m, anchor or _PROBES[0], tense)
        if value and not _quoted_title(text, s, e):
            out.append(Time(text=text[s:e], start=s, end=e, value=value))
            if timeref.is_reference(value):
                last = out[-1]
    return _clock_days(out, starts)


# "A year earlier" after "the third quarter" means that quarter a year before, not the whole year; after a
# month or day in its own sentence, that month or day a year before; else the year before the report.
QUARTER_CONTEXT_CHARS = 400


def _year_ago_reference(times: list[Time], start: int, sentence_start: int, shifted: set[int]) -> Time | None:
    own = [t for t in times if t.start not in shifted and not re.search(r"year-(?:ago|earlier)", t.text, re.I)]
    for t in reversed(own):
        if re.fullmatch(r"\d{4}-Q\d", t.value) and start - t.end < QUARTER_CONTEXT_CHARS:
            return t
    same = [t for t in own if t.start >= sentence_start and timeref.is_reference(t.value) and len(t.value) > 4]
    return same[-1] if same else None


def _quoted_title(text: str, start: int, end: int) -> bool:
    """A capitalised unit just inside an opening quote names a programme or a film ("60 Minutes", "This
    Week"), not a time."""
    return text[max(0, start - 2):start].endswith(("\"", "``", "''", "'")) and \
        bool(re.search(r"\b(?:Minutes?|Hours?|Days?|Week|Month|Year|Noon)\b", text[start:end]))


def _matches(text: str) -> list[tuple[str, re.Match[str], int, int]]:
    """Every pattern's matches in text order, a span taken by an earlier pattern not matched again, and a
    match with no value under any anchor (a bare "quarter") not taking its span."""
    taken: list[tuple[str, re.Match[str], int, int]] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = _core(m)
            if any(s < te and ts < e for _, _, ts, te in taken):
                continue
            if name != "anaphor" and resolve(name, m, _PROBES[0], None) is None:
                continue
            taken.append((name, m, s, e))
    return sorted(taken, key=lambda t: t[2])


def _anaphor_groups(m: re.Match[str]) -> dict[str, str | None]:
    g = m.groupdict()
    unit = g["unit"] or g["unit2"] or g["unit3"] or g["unit4"] or g["unit5"] or g["unit6"]
    shift = g["yearshift"] or ("year" if not unit else None)
    return {"unit": unit or "period", "rel": g["rel"] or g["rel2"], "yearshift": shift}


def _clock_days(times: list[Time], starts: list[int]) -> list[Time]:
    """A clock time with no day of its own takes the day its sentence names ("at 10:35 a.m. Friday"
    written as "occurred at about 10:35 a.m. (0735 GMT) Friday")."""
    for t in times:
        if "T" not in t.value or not re.fullmatch(r"\d\d:\d\d|\d\d:\d\dZ|24", t.value.split("T")[1]) \
                or re.search(rf"{_WEEKDAY}|day|{_MONTH_FULL}", t.text, re.I):
            continue
        sent = timeref.sentence_of(starts, t.start)
        days = [o for o in times if o is not t and timeref.sentence_of(starts, o.start) == sent
                and re.fullmatch(r"\d{4}-\d\d-\d\d", o.value)]
        if days:
            near = min(days, key=lambda o: abs(o.start - t.start))
            t.value = near.value + t.value[10:]
    return times


def expression_value(text: str, anchor: date, future: bool = False) -> str | None:
    """The value of one expression on its own (`timeref.resolve_stored` reads stored ones again)."""
    for name, m, _s, _e in _matches(text):
        if name != "anaphor":
            return resolve(name, m, anchor, "future" if future else None)
    return None


# Two anchors that share no digit in any position of a date, week or quarter: what a relative expression's
# value keeps under both is what the expression itself says ("in February" -> XXXX-02).
_PROBES = (date(1987, 3, 14), date(2045, 10, 28))


def unresolved(name: str, m: re.Match[str], tense: str | None) -> str | None:
    """The TIMEX3 value of a relative expression in a document without a date: a weekday keeps its place
    in the week ("Monday" -> XXXX-WXX-1); otherwise resolved against two unlike anchors, the positions that
    differ become X ("last year" -> XXXX, "the third quarter" -> XXXX-Q3). The expression is kept and
    typed, to be resolved when a date is known (`timeref.resolve_stored`)."""
    one, two = (resolve(name, m, a, tense) for a in _PROBES)
    if not one or not two or len(one) != len(two):
        return None
    dow = m.groupdict().get("dow") or m.groupdict().get("day") or ""
    if dow.lower() in DAYS:
        return f"XXXX-WXX-{DAYS.index(dow.lower()) + 1}" + one[10:]
    return "".join(a if a == b else "X" for a, b in zip(one, two))


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
    return bool(value and value[0].isdigit())
