"""Absolute dates written out in header lines and datelines ('Sun, 26 Mar 2023', 'April 10, 2020')."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS = (
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MON},? (?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b{_MON} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
_WEEKDAY = r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
# A header date line holds a date and little else: weekday, time, zone, 'Published:', 'Updated'.
_DATE_LINE_EXTRA = re.compile(
    rf"^({_WEEKDAY}|(?:published|updated|posted|on|at):?|gmt|utc|[+-]?\d{{1,2}}(:\d{{2}})*|[ap]m|[a-z]{{2,4}}[+-]\d{{1,2}}|"
    r"gmt[+-]\d{1,2}|[,:|()-]|)$", re.I)


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    for pat in _PATTERNS:
        m = pat.search(text)
        if m:
            d = _to_date(m)
            if d:
                return d, m
    return None


def _to_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    month = int(g["month"]) if g.get("month") else MONTHS[g["mon"][:3].lower()]
    try:
        return date(int(g["year"]), month, int(g["day"]))
    except ValueError:
        return None


def parse_date_line(line: str) -> date | None:
    """The date of a line that is only a date (header lines of copies), else None."""
    found = find_date(line)
    if not found:
        return None
    d, m = found
    rest = (line[: m.start()] + " " + line[m.end():]).replace(",", " ")
    if all(_DATE_LINE_EXTRA.match(tok) for tok in rest.split()):
        return d
    return None
