"""Where quotations are in raw text: pairs of quotation marks in any style, paragraph by paragraph, with
quotations left open to the end of a paragraph as news runs them over several."""
from __future__ import annotations

import re
from collections.abc import Iterator

QUOTE_SPANS = re.compile(r"\u201c(?P<a>[^\u201d]{2,3000})\u201d|\"(?P<b>[^\"]{2,3000})\"|\u00ab(?P<c>[^\u00bb]{2,3000})\u00bb|"
                         r"(?<![\w])\u2018(?P<d>[^\u2019]{8,600})\u2019(?![\w])|"
                         # Typewriter style of wire and NYT copy: ''...'' or ``...'' (apostrophes inside)
                         r"(?<!')(?:''|``)(?P<e>[^\n]{2,3000}?)''(?!')|"
                         # A paragraph opened with a closing mark, as autocorrect leaves it: ”...”
                         r"(?:^|(?<=\n))\u201d(?P<f>[^\u201c\u201d\n]{2,3000})\u201d")
GROUPS = "abcdef"
CURLY_AS_STRAIGHT = str.maketrans("\u201c\u201d", "\"\"")
OPENERS = {"\u201c": "\u201d", "\"": "\"", "\u00ab": "\u00bb"}


def quote_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(content start, content end, end of the closing mark) of each quotation, paragraph by paragraph.

    News runs a quotation over several paragraphs by opening each one and closing only the last: a paragraph
    whose quote stays open is quoted to its end, so the narration between paragraphs is never a quote."""
    pos = 0
    for para in re.split(r"(\n+)", text):
        if para and not para.startswith("\n"):
            yield from _paragraph_spans(para, pos)
        pos += len(para)


def _paragraph_spans(para: str, base: int) -> Iterator[tuple[int, int, int]]:
    if para.count("\u201c") != para.count("\u201d"):
        # Unpaired curly marks: copied text that mixes them with straight ones ("“no evidence" yet"), so
        # every double mark opens or closes in turn. Same length, so the offsets hold.
        para = para.translate(CURLY_AS_STRAIGHT)
    taken_to = 0
    for m in QUOTE_SPANS.finditer(para):
        group = next(g for g in GROUPS if m.group(g) is not None)
        s, e = m.span(group)
        yield base + s, base + e, base + m.end()
        taken_to = m.end()
    rest = para[taken_to:]
    opener = next((i for i, ch in enumerate(rest) if ch in OPENERS and OPENERS[ch] not in rest[i + 1:]), None)
    if opener is not None and len(rest[opener + 1:].split()) >= 3:
        s = taken_to + opener + 1
        e = len(para.rstrip())
        yield base + s, base + e, base + e
