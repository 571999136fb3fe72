"""Stage 2: repair encodings, strip boilerplate (kept in `removed`), read metadata from markup and text."""
from __future__ import annotations

import re

import ftfy

from detente.clean.boilerplate import split_boilerplate
from detente.clean.html import extract_html
from detente.clean.metadata import CJK, Header, author_from_bio, dateline, read_header
from detente.errors import message
from detente.record import Document, Rejected, content_hash
from detente.settings import DEFAULT, Settings


def clean(doc: Document, settings: Settings = DEFAULT) -> Document | Rejected:
    raw = doc.raw or doc.text
    if doc.raw_kind == "html":
        res = extract_html(raw, doc.url)
        if res is None:
            return Rejected(doc.source, "E005", message("E005"))
        raw = res.text
        _fill(doc, title=res.title, author=res.author, outlet=res.outlet, url=res.url,
              published=res.published, original_published=res.original_published)
    text = ftfy.fix_text(raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    head = read_header(lines, markup=doc.raw_kind == "html", title=doc.title)
    split = split_boilerplate(lines[head.body_start:])
    body = _join(split.kept)
    if len(body) > settings.max_text_chars:
        split.removed.append(f"[truncated {len(body) - settings.max_text_chars} characters]")
        body = body[: settings.max_text_chars]
    if not _has_article(body, settings):
        return Rejected(doc.source, "E005", message("E005"))
    doc.text, doc.raw = body, None
    doc.removed = head.lines + split.removed
    _apply_header(doc, head)
    line = dateline(body)
    _fill(doc, place=line.place, outlet=line.outlet)
    doc.body_start = line.end
    _fill(doc, author=next(filter(None, (author_from_bio(r) for r, n in zip(split.removed, split.fired)
                                          if n == "author_bio")), None))
    doc.language = detect_language(body)
    # Source and text: the same file read again keeps its id; the same text from another outlet is a
    # second document (a source of its own), which provenance then marks as an identical copy.
    doc.id = doc.id or content_hash(doc.source + "\n" + body)
    return doc


# Prose has sentence-final punctuation (Latin or CJK) or at least a run of twelve words with nothing but
# spaces and commas between them (some feeds drop the full stop of a lede); menus and link lists have neither.
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u0964]")
# Anchored at a word start and possessive: tried inside a long unbroken run of letters, the plain form
# backtracked through every split of the run at every position (190,000 letters: 34 s).
_WORD_RUN = re.compile(r"\b(?:[^\W\d_]++[ ,;'-]++){11}[^\W\d_]")


def _has_article(body: str, settings: Settings) -> bool:
    words = len(body.split()) + len(CJK.findall(body)) // 2
    return words >= settings.min_article_words and bool(_SENTENCE_END.search(body) or _WORD_RUN.search(body))


def _apply_header(doc: Document, head: Header) -> None:
    # The copy's date: from the page's markup if any, else the first date line (aggregators put theirs first).
    copy_date = doc.published or (head.dates[0] if head.dates else None)
    earlier = sorted(d for d in head.dates if copy_date and d < copy_date)
    if earlier and head.outlet:
        # A republication naming its source above an earlier date: the outlet that reported it is the
        # source, not the site that copied it.
        doc.outlet = head.outlet
    _fill(doc, title=head.title, outlet=head.outlet, author=head.author, published=copy_date,
          original_published=earlier[0] if earlier else None)


def _fill(doc: Document, **values: str | None) -> None:
    """Set fields not already known: markup and record metadata win over text evidence."""
    for key, value in values.items():
        if value and not getattr(doc, key):
            setattr(doc, key, value.strip())


def _join(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def detect_language(text: str) -> str | None:
    import py3langid

    lang, _ = py3langid.classify(text[:5000])
    return lang
