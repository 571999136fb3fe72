"""Numeric claims: money, percentages and counts with units, with change, period and what is counted."""
from __future__ import annotations

import re

from detente.extract.times import is_point
from detente.record import Quantity, Time

SCALE = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9,
         "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12}
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₽": "RUB", "₩": "KRW"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "pounds": "GBP", "euros": "EUR", "euro": "EUR", "yen": "JPY",
                  "roubles": "RUB", "rubles": "RUB", "yuan": "CNY", "won": "KRW", "rupees": "INR", "pulas": "BWP",
                  "pula": "BWP", "francs": "CHF", "rand": "ZAR", "naira": "NGN"}
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|mln|tn|m|k)\b)?"
# Numbers in words ("four options", "twenty-eight thousand six hundred", "a million people") and vague
# magnitudes ("tens of thousands"), read by text2num; a lone scale word needs "a" before it ("billion-dollar").
_UNITS_W = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_SCALES_W = "hundred|thousand|million|billion|trillion"
_WORDS = (rf"(?:(?:{_UNITS_W})(?:(?:[ -]|\s+and\s+)(?:{_UNITS_W}|{_SCALES_W}))*"
          rf"|a (?:{_SCALES_W})|(?:tens|hundreds|thousands|millions) of (?:thousands|millions) of|"
          rf"(?:tens|hundreds|thousands|millions|dozens) of|a dozen)\b")
VAGUE = {"tens": 10.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "dozens": 12.0}
PATTERN = re.compile(
    r"(?P<sign>US\$|[$£€¥₽₩])\s?" + _NUMBER + _SCALE
    + r"|" + _NUMBER.replace("num", "num2")[:-1] + rf"|(?<![\w-]){_WORDS})"
    + r"\s?(?:(?P<scale2>thousand|million|billion|trillion|bn|mn|m)\b)?\s?"
    r"(?P<unit>per ?cent\b|percent\b|%|p\b|[a-z][a-z-]+(?: [a-z][a-z-]+){0,3})?", re.I)
UP = re.compile(r"\b(ris(?:e|es|ing)|rose|risen|increas\w*|gr[eo]w\w*|climb\w*|jump\w*|surg\w*|soar\w*|"
                r"up|upward|gain\w*|boost\w*|doubl\w*|expand\w*)\b", re.I)
DOWN = re.compile(r"\b(f[ae]ll\w*|drop\w*|declin\w*|decreas\w*|plung\w*|slump\w*|shr[iau]nk\w*|down|"
                  r"downward|cut\w*|lower\w*|slid\w*|tumbl\w*|contract\w*|reduc\w*)\b", re.I)
# Words after a bare number that are not units ("in 2019 and", "5 of them").
NOT_UNITS = {"and", "or", "of", "to", "in", "on", "at", "the", "a", "by", "for", "with", "from", "as", "is", "was",
             "were", "are", "has", "have", "had", "times", "years old", "year old",
             # clause and phrase words that follow a bare number ("five because", "two million people across")
             "because", "across", "after", "before", "while", "since", "than", "who", "which", "that", "when",
             "where", "if", "but", "into", "over", "under", "between", "among", "against", "during", "through",
             "including", "such", "more", "less", "fewer", "each", "it", "they", "he", "she", "we", "be",
             "out", "up", "down", "off", "afterwards", "later", "earlier", "back", "away", "here", "there", "now",
             "then", "too", "also", "again", "already", "still", "yet", "only", "just", "even"}
TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "quarter"}
# "two-thirds", "three-quarters": a fraction, not a count of thirds
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "sixth": 6, "tenth": 10, "tenths": 10}
# Adjectives ending in s, which the counted-noun rule must not take for a plural ("100 infectious cases").
NOT_PLURAL = ("ous", "ss", "is", "us")
# Plurals a final "s" does not make, for the counted noun ("people" -> person).
IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
             "teeth": "tooth", "mice": "mouse", "lives": "life", "wives": "wife", "data": "data"}


def singular(word: str) -> str:
    """The counted noun in the singular: units compare across reports ("jobs" and "job" are one unit)."""
    w = word.lower()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


PERIOD_WORDS = {"a", "per", "each", "every", "old", "ago"}
PERIOD = re.compile(r"\b(?:a|per|each|every) (?P<p>year|month|week|day|quarter)\b", re.I)


def _value(num: str, scale: str | None) -> float:
    return _number(num) * SCALE.get((scale or "").lower(), 1.0)


def _number_or_none(num: str) -> float | None:
    try:
        return _number(num)
    except ValueError:
        return None


def _number(num: str) -> float:
    if num[:1].isdigit():
        return float(num.replace(",", ""))
    words = [w for w in num.lower().split() if w != "of"]
    if words[0] in VAGUE:  # "tens of thousands": at least ten thousand
        return VAGUE[words[0]] * (VAGUE.get(words[-1], 1.0) if len(words) > 1 else 1.0)
    if words[0] == "a":
        return 12.0 if words[-1] == "dozen" else SCALE.get(words[-1], 1.0)
    from text_to_num import text2num

    return float(text2num(num.lower().replace(" and ", " "), "en"))


def find_quantities(text: str, times: list[Time], sentences: list[tuple[int, int]]) -> list[Quantity]:
    out = []
    for m in PATTERN.finditer(text):
        q = _build(m, text)
        if q is None or any(t.start <= q.start < t.end and is_point(t.value) for t in times):
            continue  # years and dates are times, not quantities; durations ("24 weeks") are both
        _range_start(q, text)
        sent = next(((s, e) for s, e in sentences if s <= q.start < e), (0, len(text)))
        _context(q, text, sent, times)
        out.append(q)
    return out


def _build(m: re.Match[str], text: str) -> Quantity | None:
    g = m.groupdict()
    if g["sign"]:
        q = Quantity(text=m.group(0).rstrip(), start=m.start(), end=m.start() + len(m.group(0).rstrip()),
                     value=_value(g["num"], g["scale"]), unit=CURRENCY_SIGNS.get(g["sign"].upper(), g["sign"]))
        return q
    unit_words = g["unit"] or ""
    hyphened = re.match(r"-([a-z]+)", text[m.start() + len(m.group("num2")):]) if g["num2"] else None
    number = _number_or_none(g["num2"])
    if number is None:
        return None  # words that read as no one number ("three four-bedroom")
    if hyphened and not g["scale2"]:
        # "a three-day visit", "a 22-week limit": the word after the hyphen is the unit; "two-thirds" is a
        # fraction; "a billion-dollar deal" describes the deal, it claims no amount
        word = hyphened.group(1)
        if word in CURRENCY_WORDS or word in ("dollar", "pound"):
            return None
        end = m.start() + len(g["num2"]) + 1 + len(word)
        parts = FRACTIONS.get(word)
        return Quantity(text=text[m.start():end], start=m.start(), end=end, value=number / parts if parts else number,
                        unit=None if parts else singular(word))
    value = number * SCALE.get((g["scale2"] or "").lower(), 1.0)
    if unit_words.lower().replace(" ", "") in ("percent", "%"):
        unit = "percent"
    elif unit_words == "p" and g["num2"][:1].isdigit():
        unit = "GBX"  # "4p", "1p a pint": pence
    else:
        words: list[str] = []
        for w in unit_words.split():
            # A capitalised word starts a name ("12 Kim Jong Un"), not a unit.
            if w.lower() in NOT_UNITS or w.lower() in PERIOD_WORDS or not w.islower() \
                    or (words and w.endswith(("ing", "ed"))):
                break
            words.append(w)
        if not words or len(words[0]) <= 2:
            return None  # a bare number: too ambiguous to claim
        words = [w.removesuffix("-worth") for w in words]  # "2.4bn euros-worth of goods"
        if words[0] in CURRENCY_WORDS:
            words = words[:1]
        elif words[0] in ("cents", "cent") or words[1:2] in (["cents"], ["cent"]):
            # "22 euro cents", "9 cents": hundredths of the currency named, dollars by default
            cur = CURRENCY_WORDS.get(words[0], "USD") if words[0] not in ("cents", "cent") else "USD"
            end = m.start() + m.group(0).find(words[0]) + len(" ".join(words[:2 if words[0] not in ("cents", "cent")
                                                                                  else 1]))
            return Quantity(text=text[m.start():end], start=m.start(), end=end, value=value / 100, unit=cur)
        if singular(words[0]) in TIME_UNITS:
            words = words[:1]  # "a four year high": the span is four years
        plural = next((i for i, w in enumerate(words)
                       if (w.endswith("s") and not w.endswith(NOT_PLURAL) and len(w) > 3) or w in IRREGULAR), None)
        if plural is not None:
            words = words[:plural + 1]  # "2,000 jobs lost", "600 workers struck": the counted noun ends it
        unit_words = " ".join(words)
        unit = CURRENCY_WORDS.get(words[0]) or ("percentage point" if words[:2] == ["percentage", "points"]
                                                 or words[:2] == ["percentage", "point"] else singular(words[-1]))
    end = m.end()
    if unit != "percent" and unit_words:
        end = m.start() + m.group(0).find(unit_words) + len(unit_words)
    return Quantity(text=text[m.start():end].rstrip(), start=m.start(), end=end, value=value, unit=unit)


_RANGE_LOW = re.compile(r"(\d+(?:\.\d+)?)\s?(?:-|to|and)\s?$")


def _range_start(q: Quantity, text: str) -> None:
    """"20-25%", "2 to 3 million people", "22 and 24 weeks": the quantity is the range, valued at its low end
    (with the high end's scale)."""
    window = text[max(0, q.start - 16):q.start]
    low = _RANGE_LOW.search(window)
    high = re.match(r"\d[\d,]*(?:\.\d+)?", q.text)
    before = text[max(0, q.start - 16 - 8):q.start - len(low.group(0))] if low else ""
    if low and high and not re.search(r"\bfrom\s*$", before, re.I):  # "from 5 to 7%" is a change, not a range
        scale = q.value / _number(high.group(0)) if _number(high.group(0)) else 1.0
        q.start -= len(low.group(0))
        q.text = text[q.start:q.end]
        q.value = float(low.group(1)) * scale


# How far back in its sentence a number's change verb and subject are looked for: a bound, so that a
# "sentence" of thousands of numbers costs linear time, and far beyond any real clause.
CONTEXT_CHARS = 400


def _context(q: Quantity, text: str, sent: tuple[int, int], times: list[Time]) -> None:
    before = text[max(sent[0], q.start - CONTEXT_CHARS):q.start]
    after = text[q.end:sent[1]]
    window = before[-80:]
    up, down = list(UP.finditer(window)), list(DOWN.finditer(window))
    last_up = up[-1].start() if up else -1
    last_down = down[-1].start() if down else -1
    if last_up >= 0 or last_down >= 0:
        direction = "up" if last_up > last_down else "down"
        by = re.search(r"by (?:more than |about |almost |nearly |some |a modest |only )?(?P<n>[\d.,]+) ?(?P<u>per ?cent|percent|%)",
                       window)
        q.change = {"direction": direction}
        if re.search(r"\bto\s*$", window):
            q.change["reached"] = True  # "rose to $10m": the level after the change, not its size
        if by and "to " in window[by.end():] + " " and re.search(r"\bto\s*$", window):
            q.change.update(by=float(by.group("n").replace(",", "")), by_unit="percent")
        elif re.search(r"\bby\b[^,;]{0,30}$", window):
            q.change.update(by=q.value, by_unit=q.unit)
    p = PERIOD.match(after.strip()) or PERIOD.search(after[:20])
    sent_times = [t for t in times if sent[0] <= t.start < sent[1] and is_point(t.value)]
    if p:
        q.period = "P1" + p.group("p")[0].upper()
    elif sent_times:
        q.period = min(sent_times, key=lambda t: abs(t.start - q.start)).value
    changes = [m.start() for m in UP.finditer(before)] + [m.start() for m in DOWN.finditer(before)]
    q.about = _about(before[: max(changes)] if changes else "", q)


# Adverbs and hedges between a subject and its verb ("trade fell dramatically", "exports only rose").
_TRAILING = re.compile(r"(\s+(only|just|dramatically|sharply|slightly|also|have|has|had|was|were|is|are|\w+ly))+\s*$")


def _about(before_change: str, q: Quantity) -> str | None:
    """What is counted: for a change, the phrase before its verb, from its first capitalised word
    ('... noticed Russia's exports to Pyongyang only rose'); for a count, its unit phrase."""
    piece = re.split(r"[,;:()]|\.\s", before_change)[-1] if before_change.strip() else ""
    cap = re.search(r"\b[A-Z][\w'’-]*", piece)
    if cap:
        about = _TRAILING.sub("", piece[cap.start():]).strip()
        if 1 <= len(about.split()) <= 10:
            return about
    if q.unit and q.unit not in CURRENCY_SIGNS.values() and q.unit != "percent":
        return q.text.split(None, 1)[-1]
    return None
