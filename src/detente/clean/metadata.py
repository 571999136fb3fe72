"""Metadata carried in the text itself: header lines of copies, datelines, bylines and bios."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from detente.clean.dates import parse_date_line

# "SEOUL, SOUTH KOREA - ", "MOSCOW (Reuters) - ", "WASHINGTON — ", "Vladivostok, Russia (AP) --",
# "BEDMINSTER, N.J., Aug 8 (Wire) - " (a region, a date or both after the place)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'\u2019-]+(?: [A-Z][A-Za-z.'\u2019-]+){0,3})"
    r"(?:, (?P<region>[A-Z][\w.,' -]{1,30}?))?\s*(?:\((?P<outlet>[A-Za-z][\w .&-]{1,30})\))?\s*"
    r"(?:[-\u2013\u2014]{1,2}|:)\s+(?=\S)")
BYLINE = re.compile(r"^\s*by\s+(?P<name>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})(?:,|\s+and\s|\s*$|\s+\|)", re.I)
BIO_NAME = re.compile(r"^(?P<name>[A-Z][\w.'-]+(?: [A-Za-z][\w.'-]+){0,3}) (?:is|was) (?:a|an|the) ")
# Header lines stop at the first line of prose: enough words and sentence punctuation.
PROSE_WORDS = 14
# At most this many non-blank header lines: a repost of a repost stacks two headers of about five.
HEADER_LINES = 12
# CJK text has no spaces between words; about two characters make a word (Zyte dev page in Japanese).
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass
class Header:
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    dates: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # header lines taken out of the text
    body_start: int = 0  # index of the first body line


def _is_prose(line: str) -> bool:
    words = len(line.split()) + len(CJK.findall(line)) // 2
    return words >= PROSE_WORDS or bool(DATELINE.match(line) and words > 6)


def read_header(lines: list[str], markup: bool = False, title: str | None = None) -> Header:
    """Read the short lines above the first paragraph: dates, title, outlet, byline.

    With `markup` the title came from the page, and short opening lines are a header only when a date or
    byline is among them (an aggregator's "Voice of America / April 25, 2019"); otherwise they are a
    subheading or a table row of the article and stay in the text.
    """
    head = Header(title=None if title is None else "")
    seen = 0
    for i, line in enumerate(lines[:40]):
        text = line.strip()
        seen += bool(text)
        if seen > HEADER_LINES:
            return Header()  # no prose after a dozen short lines: a list or verse, not a header
        if _is_prose(text):
            head.body_start = i
            break
        head.body_start = i + 1
        if not text:
            continue
        head.lines.append(text)
        if title and text.casefold() == title.strip().casefold():
            continue  # the page's headline repeated above the text
        _classify_header_line(text, head)
    else:
        if head.body_start >= len(lines):
            # No prose found: this was all body after all (a short note), keep it.
            return Header()
    if markup and not (head.dates or head.author):
        return Header()
    return head


def _classify_header_line(text: str, head: Header) -> None:
    d = parse_date_line(text)
    if d:
        head.dates.append(d.isoformat())
        return
    by = BYLINE.match(text)
    if by:
        head.author = head.author or by.group("name")
    elif head.title is None:
        # Aggregators cut long headlines with an ellipsis; the cut is not part of the title.
        head.title = re.sub(r"\s*(\.\.\.|\u2026)\s*$", "", text)
    elif head.outlet is None and len(text.split()) <= 6 and text[-1] not in ".?!":
        head.outlet = text


@dataclass
class Dateline:
    place: str | None = None
    outlet: str | None = None
    end: int = 0  # offset in the text where the dateline ends and the report proper begins


def dateline(body: str) -> Dateline:
    """The dateline that opens the first paragraph of prose (a headline may precede it)."""
    start = 0
    for para in body.split("\n")[:4]:
        if _is_prose(para.strip()):
            m = DATELINE.match(para)
            if not m:
                return Dateline()
            place = m.group("place")
            return Dateline(place.title() if place.isupper() else place, m.group("outlet"), start + m.end())
        start += len(para) + 1
    return Dateline()


def author_from_bio(line: str) -> str | None:
    m = BIO_NAME.match(line)
    if not m:
        return None
    name = m.group("name")
    return " ".join(w[:1].upper() + w[1:] for w in name.split())
