"""The reference time a relative expression is read against, other than the document date.

News tells a story in several times at once: "Sales fell in the third quarter; a year earlier they rose"
puts "a year earlier" a year before the quarter, not before the report. This module finds sentences, the
tense of the clause around an expression, the last explicit time before it (its reference), and a date
printed at the head of an undated text (its dateline); and it resolves stored values of undated documents
once a date is known.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

# A full stop ends a sentence unless it closes an initial ("Daniel P. Davison") or a title ("Mr.", "Gen.")
# or a month abbreviation ("Feb. 1"): a sentence cut there would lose the verb that decides the tense.
_NOT_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Adm|St|Jr|Sr|Co|Corp|Inc|Ltd|"
                      r"No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|a\.m|p\.m|vs))\.$")
_END = re.compile(r"[.!?]['\"”’)]*\s+|\n+")


def sentences(text: str) -> list[int]:
    """Start offsets of the sentences of `text` (the first is 0)."""
    starts = [0]
    for m in _END.finditer(text):
        if m.group(0)[0] == "." and _NOT_END.search(text[max(0, m.start() - 5):m.start() + 1]):
            continue
        starts.append(m.end())
    return starts


def sentence_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


FUTURE_CUES = re.compile(r"\b(will|shall|'ll|is to|are to|as soon as|as early as|plans? to|planning to|"
                         r"planned (?:to|for|an?)|scheduled (?:to|for)|(?:has|have) (?:scheduled|planned)|"
                         r"expected to|going to|due to|set to|scheduled to|intends? to|(?:is|are) (?:scheduled|set|"
                         r"due|slated|expected) (?:for|on|in)|upcoming|postponed)\b", re.I)
# A plan that was due before the report: "had been scheduled to expire Friday" is a past Friday.
_PAST_PLAN = re.compile(r"\bhad (?:been )?(?:due|scheduled|set|expected|planned)\b", re.I)
# A deadline ("by Dec. 15", "extended to Nov. 16") is not dated by the verb that sets it.
_DEADLINE = re.compile(r"\b(?:by|to|until|till|through|before)\s*$", re.I)
# A finite past verb: a common irregular one, or a regular -ed form not read as a passive present
# ("is expected on Monday") or an adjective after an article ("the planned talks").
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|met|made|came|went|took|gave|held|began|left|saw|found|became|"
                   r"got|fell|rose|won|lost|sent|led|spent|paid|sold|bought|brought|kept|ran|wrote|spoke|chose|"
                   r"flew|grew|knew|stood|broke|fought|struck|shot|hit|cut|quit|ago)\b|"
                   r"(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bthe )(?<!\ba )\b[a-z]{3,}ed\b", re.I)
CLAUSE_CHARS = 70
# "X said (that) ...": the time belongs to the reported clause, whose verb comes after the reporting one.
_REPORTED = re.compile(r"\b(?:said|says|told \w+|announced|reported|added)(?: that)?\b", re.I)
# ... unless the time stands right after the reporting verb: "Paribas said Monday that it intends to bid"
# dates the saying, whatever the reported clause says about the future.
_SAID_THEN = re.compile(r"\b(?:said|told \w+|announced|reported|added)\s+(?:on\s+)?$", re.I)


def tense(text: str, start: int, end: int, sentence_start: int) -> str | None:
    """'future' when the clause before the expression carries a future cue ("will travel on Wednesday");
    'past' when a past verb stands next to it in its clause ("on Tuesday delivered", "met Monday"); else
    None. The clause ends at a comma: in "they would appeal the decision, announced Wednesday" the day
    belongs to "announced"."""
    left = text[max(sentence_start, text.rfind(",", 0, start) + 1, start - CLAUSE_CHARS):start]
    if _SAID_THEN.search(left):
        return "past"
    left = _REPORTED.split(left)[-1]
    comma = text.find(",", end)
    right = text[end:min(end + CLAUSE_CHARS, comma if comma >= 0 else len(text))]
    right = re.split(r"[.;!?]\s", right)[0]
    if _PAST_PLAN.search(left):
        return "past"
    if FUTURE_CUES.search(left):
        return "future"
    if _DEADLINE.search(left):
        return None
    if _PAST.search(left) or _PAST.search(right):
        return "past"
    return "future" if FUTURE_CUES.search(right) else None


_DATELINE = re.compile(r"^\s*(?:(?P<mon>[A-Z][a-z]+\.?) (?P<d>\d{1,2}),? (?P<y>\d{4})|(?P<d2>\d{1,2}) "
                       r"(?P<mon2>[A-Z][a-z]+\.?),? (?P<y2>\d{4})|(?P<iso>\d{4}-\d\d-\d\d))\s*$")


def dateline(text: str, months: dict[str, int]) -> date | None:
    """A date alone on one of the first three lines ("September 01, 2007" under a Wikinews title): the
    report's own date, for a text that came without one."""
    for line in text.split("\n", 3)[:3]:
        m = _DATELINE.match(line)
        if not m:
            continue
        try:
            if m["iso"]:
                return date.fromisoformat(m["iso"])
            mon = months.get((m["mon"] or m["mon2"]).lower()[:3])
            return date(int(m["y"] or m["y2"]), mon, int(m["d"] or m["d2"])) if mon else None
        except ValueError:
            return None
    return None


# Anaphoric expressions name a time by its distance from another one ("the next day", "that year",
# "a year earlier"): (step in the reference's own unit, the unit the value keeps).
_STEP = {"next": 1, "following": 1, "after": 1, "previous": -1, "preceding": -1, "before": -1}
_KEEP = {"day": 10, "morning": 10, "afternoon": 10, "evening": 10, "night": 10, "week": 8, "month": 7, "year": 4,
         "quarter": 7}
_UNKNOWN = {10: "XXXX-XX-XX", 8: "XXXX-WXX", 7: "XXXX-XX", 4: "XXXX"}
_PARTS = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}


def relative(g: dict[str, str | None], ref: str | None, anchor: date | None) -> str | None:
    """The value of an anaphoric expression against `ref`, the last explicit time before it (else the
    document date): "the next day" after 2019-04-25 -> 2019-04-26; "that year" -> 2019; "a year earlier"
    after 2019-Q3 -> 2018-Q3."""
    unit = (g.get("unit") or "year").lower()
    step = _STEP.get((g.get("rel") or "").lower(), 0)
    keep = _KEEP.get(unit, 4)
    if g.get("yearshift"):  # against the document date, the year before it: "a year ago" is last year
        base = ref or (f"{anchor.year:04d}" if anchor else None)
        return _shift_year(base.split("T")[0], -1) if base else "XXXX"
    base = ref or (anchor.isoformat() if anchor else None)
    if base is None:
        return _UNKNOWN[keep] if keep != 10 else _UNKNOWN[10] + _PARTS.get(unit, "")
    base = base.split("T")[0]
    if keep == 10:  # a day: only a reference that names one ("that day" after "in 2004" says nothing)
        day = _day(base)
        return (day + timedelta(days=step)).isoformat() + _PARTS.get(unit, "") if day else None
    if unit == "quarter":
        return base[:7] if re.fullmatch(r"\d{4}-Q\d", base[:7]) and not step else None
    if unit == "week":
        return base[:8] if re.fullmatch(r"\d{4}-W\d\d", base[:8]) and not step else None
    if unit == "month":
        if not re.fullmatch(r"\d{4}-\d\d", base[:7]):
            return None
        y, m = divmod(int(base[:4]) * 12 + int(base[5:7]) - 1 + step, 12)
        return f"{y:04d}-{m + 1:02d}"
    return f"{int(base[:4]) + step:04d}"


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _shift_year(value: str, step: int) -> str:
    """The same calendar slot `step` years away: 2019-Q3 -> 2018-Q3, 2019-02-29 -> 2018-02-28."""
    year = int(value[:4]) + step
    rest = value[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return f"{year:04d}{rest}"


def is_reference(value: str) -> bool:
    """A calendar time a later anaphor can lean on: a year, quarter, month, week or day."""
    return bool(re.match(r"\d{4}(?:$|-Q\d|-\d\d|-W\d\d|-[A-Z]{2})", value))


def resolve_stored(text: str, value: str, anchor: date, future: bool = False) -> str:
    """The value of a time stored from a document without a date ("XXXX-WXX-1" for "Monday", "XXXX" for
    "last year"), once the document's date is known: the expression's own words are read again against
    `anchor` ("Monday" -> the Monday before it, or after it with `future`). A value that was already
    resolved is returned as it is."""
    from detente.extract.times import expression_value

    if not value.startswith("XXXX"):
        return value
    return expression_value(text, anchor, future) or value
