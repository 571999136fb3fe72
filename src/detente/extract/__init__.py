"""Stage 4: actors, times, quotes, quantities and PLOVER events from each document's text."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from detente.extract.actors import find_entities
from detente.extract.assessments import find_assessments
from detente.extract.events import find_events
from detente.extract.nlp import sentences
from detente.extract.quantities import find_quantities
from detente.extract.quotes import find_quotes
from detente.extract.times import find_times
from detente.record import Document

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc


def anchor_date(doc: Document) -> date | None:
    """Relative times resolve against the original report's date: 'Thursday' in a 2023 repost of a
    2019 report is a 2019 Thursday."""
    for value in (doc.original_published, doc.published):
        if value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def annotate(doc: Document, parsed: Doc) -> Document:
    """Fill every extracted field of `doc` from its spaCy parse."""
    doc.entities = find_entities(parsed)
    doc.times = find_times(doc.text, anchor_date(doc))
    doc.quotes = find_quotes(parsed, doc.entities)
    spans = [(s.start_char, s.end_char) for s in sentences(parsed)]
    doc.quantities = find_quantities(doc.text, doc.times, spans)
    anchor = anchor_date(doc)
    doc.events = find_events(parsed, doc.entities, doc.times, doc.body_start, anchor.isoformat() if anchor else None)
    doc.assessments = find_assessments(parsed, doc.entities, doc.quotes, doc.author or doc.outlet)
    return doc


__all__ = ["anchor_date", "annotate"]
