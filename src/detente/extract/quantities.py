"""Numeric claims: money, percentages, measures and counts with units, with change, bound, hedge, period and
what is counted."""
from __future__ import annotations

import re
from collections.abc import Iterable

from detente.data import rows
from detente.extract.times import is_point
from detente.record import Quantity, Time

SCALE = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9,
         "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12}
# Printed unit forms -> normalised units, and each unit's kind (currency, percent, length, ...): data/units.tsv.
_ROWS = rows("units.tsv", 4, required=3)
UNITS = {form: unit for form, unit, _, _ in _ROWS}
KINDS = {unit: kind for _, unit, kind, _ in _ROWS}
CURRENCIES = {unit for unit, kind in KINDS.items() if kind == "currency"}


def unit_of(form: str) -> str | None:
    """The normalised unit of a printed form: as written, or in any case where the table writes it in lower case."""
    return UNITS.get(form) or UNITS.get(form.lower())


def _forms(forms: Iterable[str]) -> str:
    """A regex alternation of printed forms, longest first; a form with capitals matches only as written."""
    return "|".join(re.escape(f) if f == f.lower() else f"(?-i:{re.escape(f)})"
                    for f in sorted(forms, key=len, reverse=True))


# A currency form ending in a symbol ("$", "US$", "£") is written before the number; the rest follow it.
_SIGNS = [f for f, u in UNITS.items() if KINDS[u] == "currency" and not f[-1].isalnum()]
_ONE_LETTER = [f for f in UNITS if len(f) == 1 and f.isalpha()]
_AFTER = [f for f in UNITS if f not in _SIGNS and f not in _ONE_LETTER]
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
    rf"(?<![A-Za-z])(?P<sign>{_forms(_SIGNS)})\s?" + _NUMBER + _SCALE
    + r"|" + _NUMBER.replace("num", "num2")[:-1] + rf"|(?<![\w-]){_WORDS})"
    + r"\s?(?:(?P<scale2>thousand|million|billion|trillion|bn|mn|m)\b)?"
    # a one-letter unit touches the digits ("4p", "20C"); a longer one may stand apart ("5 kW", "3 per cent")
    + rf"(?:(?<=\d)(?P<tab1>{_forms(_ONE_LETTER)})(?!\w)|\s?(?P<tab>{_forms(_AFTER)})(?!\w)"
    + r"|\s?(?P<unit>[a-z][a-z-]+(?: [a-z][a-z-]+){0,3}))?", re.I)
UP = re.compile(r"\b(ris(?:e|es|ing)|rose|risen|increas\w*|gr[eo]w\w*|climb\w*|jump\w*|surg\w*|soar\w*|"
                r"up|upward|gain\w*|boost\w*|doubl\w*|expand\w*|lift\w*|hik\w*|strengthen\w*|extra|additional)\b",
                re.I)
DOWN = re.compile(r"\b(f[ae]ll\w*|drop\w*|declin\w*|decreas\w*|plung\w*|slump\w*|shr[iau]nk\w*|down|"
                  r"downward|cut\w*|lower\w*|slid\w*|tumbl\w*|contract\w*|reduc\w*|los[et]\w*|shed\w*|trim\w*|"
                  r"weaken\w*)\b", re.I)
# Direction written after the figure: a comparison ("20% smaller than", "£2bn more than", "$3.36bn, up 27%")
# or the change it sizes ("£35bn cuts", "£4bn in tax cuts").
_AFTER_UP = re.compile(r"\s*(?:,\s*up\b|(?:higher|bigger|larger|greater|stronger)\b|more\b(?=\s+than|\s*[.,;:!?\"”)])"
                       r"|(?:in\s+)?(?:[a-z]+\s+)?(?:rises?|increases?|hikes?)\b)", re.I)
_AFTER_DOWN = re.compile(r"\s*(?:,\s*down\b|(?:lower|smaller|weaker|cheaper)\b|(?:less|fewer)\b(?=\s+than|\s*[.,;:!?\"”)])"
                         r"|(?:in\s+)?(?:[a-z]+\s+)?(?:cuts?|reductions?|falls?)\b)", re.I)
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


_ACRONYMS = re.compile(r"[A-Z]{2,}s")


def singular(word: str) -> str:
    """The counted noun in the singular: units compare across reports ("jobs" and "job" are one unit)."""
    if _ACRONYMS.fullmatch(word):
        return word[:-1].lower()  # "MPs" -> "mp"
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
        if q is None or any(t.start <= q.start < t.end and is_point(t.value) for t in times) \
                or (q.unit in TIME_UNITS and _PLACED.match(text, q.end)):
            continue  # years and dates are times, not quantities; durations ("24 weeks") are both
        sent = next(((s, e) for s, e in sentences if s <= q.start < e), (0, len(text)))
        _range_start(q, text)
        if _named(q, text, sent[0]):
            continue
        _context(q, text, sent, times)
        out.append(q)
    _conversions(out, text)
    return out


_BRACKET = re.compile(r"\s*[(;]\s*")


def _conversions(found: list[Quantity], text: str) -> None:
    """"about $8.5bn (£4.4bn)", "may lose 30bn baht (£398m; $768m)": an amount converted in brackets is the
    same claim, so it takes the change, bound and hedge of the figure it converts."""
    for first, then in zip(found, found[1:]):
        if first.unit in CURRENCIES and then.unit in CURRENCIES and _BRACKET.fullmatch(text, first.end, then.start):
            then.bound, then.hedge = first.bound, first.hedge
            then.change = dict(first.change) if first.change else None
            if then.change and "by" in then.change and then.change.get("by_unit") != "percent":
                then.change.update(by=then.value, by_unit=then.unit)  # "up by $5m (£3m)": each is the change


# "six months ago", "34 years later": a span of time that places an event is a date, not a quantity.
_PLACED = re.compile(r"\s+(?:ago|later|earlier|away|ahead)\b", re.I)


def _span(m: re.Match[str], text: str, end: int, value: float, unit: str | None) -> Quantity:
    return Quantity(text=text[m.start():end], start=m.start(), end=end, value=value, unit=unit)


def _build(m: re.Match[str], text: str) -> Quantity | None:
    g = m.groupdict()
    if g["sign"]:
        return _span(m, text, m.end(), _value(g["num"], g["scale"]), unit_of(g["sign"]))
    number = _number_or_none(g["num2"])
    if number is None:
        return None  # words that read as no one number ("three four-bedroom")
    hyphened = re.match(r"-([a-z]+)", text[m.end("num2"):])
    if hyphened and not g["scale2"]:
        return _hyphened(m, text, number, hyphened.group(1))
    value = number * SCALE.get((g["scale2"] or "").lower(), 1.0)
    form = g["tab"] or g["tab1"]
    if form:
        return _tabled(m, text, value, unit_of(form))
    if g["num2"][:1].isdigit() and not g["scale2"] and text[m.end("num2"):m.end("num2") + 1].isalpha():
        return None  # letters glued to the digits that are no unit name a thing: "49ers", "3D"
    return _counted(m, text, value, m.start("unit"), m.group("unit") or "")


_CENTS = re.compile(r"\s?cents?\b", re.I)


def _tabled(m: re.Match[str], text: str, value: float, unit: str | None) -> Quantity:
    """A number with a unit from the table; "22 euro cents" is hundredths of the currency it names."""
    cents = _CENTS.match(text, m.end()) if unit in CURRENCIES else None
    if cents:
        return _span(m, text, cents.end(), value / 100, unit)
    return _span(m, text, m.end(), value, unit)


# Hyphened words after a number that loosen it rather than name its unit: "80-odd resorts", "50-plus members".
LOOSE = {"odd": "approximate", "plus": "lower", "something": "approximate", "ish": "approximate"}
_UNIT_WORDS = re.compile(r"\s?([a-z][a-z-]+(?: [a-z][a-z-]+){0,3})", re.I)


def _hyphened(m: re.Match[str], text: str, number: float, word: str) -> Quantity | None:
    """"a three-day visit", "a 22-week limit": the word after the hyphen is the unit; "two-thirds" is a
    fraction; "a billion-dollar deal" describes the deal, it claims no amount."""
    if unit_of(word) in CURRENCIES:
        return None
    end = m.end("num2") + 1 + len(word)
    if word in LOOSE:
        after = _UNIT_WORDS.match(text, end)
        q = (_counted(m, text, number, after.start(1), after.group(1)) if after else None) \
            or _span(m, text, end, number, None)
        q.bound = LOOSE[word]  # type: ignore[assignment]  # LOOSE's values are bounds
        return q
    parts = FRACTIONS.get(word)
    return _span(m, text, end, number / parts if parts else number, None if parts else unit_of(word) or singular(word))


def _counted(m: re.Match[str], text: str, value: float, start: int, phrase: str) -> Quantity | None:
    """A count: the number and its noun phrase (the words from `start`) up to the counted noun ("2,000 jobs",
    "240 civil and military aerospace firms"); "9 cents" is hundredths of a dollar."""
    words = _head_words(phrase)
    if not words:
        return None  # a bare number: too ambiguous to claim
    if words[0] in ("cents", "cent"):
        return _span(m, text, start + len(words[0]), value / 100, "USD")
    return _span(m, text, start + len(" ".join(words)), value, singular(words[-1]))


def _head_words(phrase: str) -> list[str]:
    words: list[str] = []
    for w in phrase.split():
        # A capitalised word starts a name ("12 Kim Jong Un"), not a unit; a plural acronym ("40 MPs") is a noun.
        if w.lower() in NOT_UNITS or w.lower() in PERIOD_WORDS or not (w.islower() or _ACRONYMS.fullmatch(w)) \
                or (words and w.endswith(("ing", "ed"))):
            break
        words.append(w)
    if not words or len(words[0]) <= 2:
        return []
    if singular(words[0]) in TIME_UNITS:
        return words[:1]  # "a four year high": the span is four years
    plural = next((i for i, w in enumerate(words)
                   if (w.endswith("s") and not w.endswith(NOT_PLURAL) and len(w) > 3) or w in IRREGULAR), None)
    # "2,000 jobs lost", "600 workers struck": the counted noun ends it
    return words[:plural + 1] if plural is not None else words


# A capitalised word right before a number: with it the number may be part of a name ("FTSE 100", "No 10").
_CAPITAL_BEFORE = re.compile(r"(?<![\w&'’.-])(?P<w>[A-Z][\w&'’.]*) $")
_GLUED_BEFORE = re.compile(r"[A-Za-z]-?$")
# A count after a day or month name ("On Friday 12 people") is still a count: dates are the time tagger's.
_CALENDAR = re.compile(r"\w+day|January|February|March|April|May|June|July|August|September|October|November|December")


def _named(q: Quantity, text: str, sent_start: int) -> bool:
    """A number inside a name, not a figure: glued to letters ("G8", "A380", "TA-125") or after a capitalised
    word other than the sentence's first ("FTSE 100", "Boeing 777", "No 10", "Section 28"). A unit from the
    table ("Labour 39%") or of time ("sold to Google 20 years ago") keeps it a figure."""
    if not q.text[:1].isdigit() or q.unit in KINDS or q.unit in TIME_UNITS:
        return False
    if _GLUED_BEFORE.search(text, max(0, q.start - 2), q.start):
        return True
    cap = _CAPITAL_BEFORE.search(text, max(sent_start, q.start - 40), q.start)
    if cap is None or _CALENDAR.fullmatch(cap.group("w")) or _title_case(text[sent_start:q.start]):
        return False
    first = not text[sent_start:cap.start()].strip(" \t\n\"'“‘(")
    word = cap.group("w")
    return not first or any(c.isupper() or c == "&" for c in word[1:])


def _title_case(piece: str) -> bool:
    """A headline in title case ("Firm To Cut 500 Jobs") capitalises every word: no capital marks a name there."""
    words = re.findall(r"[A-Za-z]+", piece)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


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
    # the change verb and subject are read before the bound wording: "up to 38.1%" is a ceiling, not a rise
    before = before[:_fence(q, text, before)]
    _direction(q, _clause(before[-80:]), text[q.end:sent[1]])
    _period(q, text, sent[1], [t for t in times if sent[0] <= t.start < sent[1] and is_point(t.value)])
    changes = [m.start() for m in UP.finditer(before)] + [m.start() for m in DOWN.finditer(before)]
    q.about = _about(before[: max(changes)] if changes else "", q)


_BOUND_BEFORE = re.compile(
    r"\b(?:(?P<approximate>about|around|some|nearly|almost|roughly|approximately|an estimated|close to|near|circa)"
    r"|(?P<lower>more than|over|in excess of|exceeding|at least|upwards of|greater than|above)"
    r"|(?P<upper>up to|less than|fewer than|under|below|within(?: the (?:next|last|past|coming))?|at most|"
    r"as (?:much|many) as|(?:a )?maximum of|no more than|not more than)"
    r"|(?P<exact>exactly|precisely))\s+$", re.I)
_BOUND_AFTER = re.compile(r"\s+or\s+(?:(?P<lower>more|over|above)|(?P<upper>less|fewer|under|below)|"
                          r"(?P<approximate>so))\b", re.I)
# Modal wording before a figure that makes it a forecast or a possibility ("could rise to", "is expected to
# reach"), up to three words from the number; lower case only, so that the month "May" is not taken for it.
_MODAL = re.compile(r"\b(?:(?:is|are|was|were|be|been) )?(?:could|may|might|would|should|"
                    r"(?:expected|forecast|predicted|projected|likely|tipped) to)(?: [\w'’-]+){0,3} $")
_CLAUSE = re.compile(r"[;:]|\b(?:and|but|while|whereas|although)\b")


def _clause(window: str) -> str:
    """The figure's own clause, where its change verb is read; a figure right after "and" ("grew 0.1% in the
    quarter and 1.5% on the year") shares the verb of the clause it is elided from."""
    return window if re.search(r"\b(?:and|or)\s*$", window) else _CLAUSE.split(window)[-1]


def _fence(q: Quantity, text: str, before: str) -> int:
    """Set the figure's bound and modal hedge; return where its bound wording starts in `before`."""
    fence = _BOUND_BEFORE.search(before)
    if fence and fence.group(0).strip().lower() == "over" and q.unit in TIME_UNITS:
        fence = None  # "over ten years" is the span of time something took, not more than ten years
    after = _BOUND_AFTER.match(text, q.end)
    cut = fence.start() if fence else len(before)
    wording = fence or after
    if wording:
        q.bound = wording.lastgroup  # type: ignore[assignment]  # the group names are the bound's values
    elif q.text.split()[0].lower() in VAGUE:
        q.bound = "lower"  # "tens of thousands": at least ten thousand
    modal = _MODAL.search(before, max(0, cut - 60), cut)
    q.hedge = modal.group(0).strip() if modal else None
    return cut


def _direction(q: Quantity, window: str, after: str) -> None:
    """Up or down: from wording right after the figure, else from the last change verb before it. A starting
    point ("from $639m") and a span of time ("jumped in the three months to") have no direction."""
    reached = bool(re.search(r"\bto\s*$", window))
    if _AFTER_UP.match(after) or _AFTER_DOWN.match(after):
        q.change = {"direction": "up" if _AFTER_UP.match(after) else "down"}
        return
    if re.search(r"\bfrom\s*$", window) or (q.unit in TIME_UNITS and not reached):
        return
    up, down = list(UP.finditer(window)), list(DOWN.finditer(window))
    last_up = up[-1].start() if up else -1
    last_down = down[-1].start() if down else -1
    if last_up < 0 and last_down < 0:
        return
    by = re.search(r"by (?:more than |about |almost |nearly |some |a modest |only )?(?P<n>[\d.,]+) ?(?P<u>per ?cent|percent|%)",
                   window)
    q.change = {"direction": "up" if last_up > last_down else "down"}
    if reached:
        q.change["reached"] = True  # "rose to $10m": the level after the change, not its size
    if by and "to " in window[by.end():] + " " and reached:
        q.change.update(by=float(by.group("n").replace(",", "")), by_unit="percent")
    elif re.search(r"\bby\b[^,;]{0,30}$", window):
        q.change.update(by=q.value, by_unit=q.unit)


PERIOD = re.compile(r"\s*-?\b(?:a|per|each|every)[ -](?P<p>year|month|week|day|quarter)\b", re.I)


def _period(q: Quantity, text: str, sent_end: int, sent_times: list[Time]) -> None:
    """"£5 a week", "£5m-a-year": a rate per period (a hyphened one is part of the figure's span); else the
    point in time nearest the figure in its sentence."""
    p = PERIOD.match(text, q.end, sent_end) or PERIOD.search(text, q.end, min(sent_end, q.end + 20))
    if p:
        q.period = "P1" + p.group("p")[0].upper()
        if text[q.end:p.end()].startswith("-"):
            q.end = p.end()
            q.text = text[q.start:q.end]
    elif sent_times:
        q.period = min(sent_times, key=lambda t: abs(t.start - q.start)).value


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
    if q.unit and q.unit not in CURRENCIES and q.unit != "percent":
        return q.text.split(None, 1)[-1]
    return None
