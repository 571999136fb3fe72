"""The pipeline's two verbs.

- `per_document`: read -> clean -> provenance (spin) -> extract, small steps over an iterator of items,
  unaware of how they are run: a loop in `api.ingest`, or the shard job (`run/job.py`) in a process pool or
  on Ray. `Rejected` items pass through untouched to the errors table.
- `cross_document` (`store/recompute.py`): provenance (copy groups) and fusion (events, stories) over the
  store, for the documents not yet related to the others. They run after extraction because they need
  the collection, and over the store because the collection grows run by run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from detente.clean import clean
from detente.errors import message
from detente.extract import annotate
from detente.extract.nlp import nlp_for, parse
from detente.limits import guarded
from detente.provenance import detect_spin
from detente.record import Document, Rejected, content_hash, text_digest
from detente.settings import DEFAULT, Settings
from detente.store.recompute import recompute as cross_document

Item = Document | Rejected


def clean_step(items: Iterable[Item], settings: Settings = DEFAULT) -> Iterator[Item]:
    for item in items:
        yield guarded(lambda d: clean(d, settings), item, settings.time_budget_seconds, "Cleaning") \
            if isinstance(item, Document) else item


def spin_step(items: Iterable[Item], settings: Settings = DEFAULT) -> Iterator[Item]:
    for item in items:
        yield guarded(lambda d: detect_spin(d, settings), item, settings.time_budget_seconds, "Spin detection") \
            if isinstance(item, Document) else item


def extract_step(items: Iterable[Item], settings: Settings = DEFAULT) -> Iterator[Item]:
    """Parse and extraction of each document together inside its budget. Parsing one document at a time
    measured as fast as `nlp.pipe` batches with this model (120 BBC articles: 7.1 s against 7.0 s), and
    only alone can a document's parse be bounded. Non-English documents are stored but not mis-extracted."""
    nlp = nlp_for(settings)
    for item in items:
        if isinstance(item, Document) and item.language in (None, "en"):
            yield guarded(lambda d: annotate(d, parse(nlp, d.text)), item, settings.time_budget_seconds, "Extraction")
        else:
            yield item


PER_DOCUMENT: tuple[Callable[..., Iterator[Item]], ...] = (clean_step, spin_step, extract_step)


def per_document(items: Iterable[Item], settings: Settings = DEFAULT,
                 progress: Callable[[Item], None] | None = None) -> Iterator[Item]:
    """The per-document steps as a stream. The same content twice is one document; the second input is
    recorded (E015) so that every input is accounted for."""
    stream: Iterable[Item] = items
    for step in PER_DOCUMENT:
        stream = step(stream, settings)
    first: dict[str, tuple[str, str]] = {}
    for item in stream:
        if progress:
            progress(item)
        yield claim_id(item, first) if isinstance(item, Document) else item


def claimable_ids(doc: Document) -> list[str]:
    """The ids `claim_id` may give the document: its own, or the content hash standing in for it."""
    return [doc.id, content_hash(doc.source + "\n" + doc.text)]


def claim_id(doc: Document, known: dict[str, tuple[str, str]]) -> Item:
    """Register the document's id in `known` (id -> source, text digest). The same content from another input
    is recorded (E015); an input's own id that already names other content gives way to the content hash, so
    two different articles that share a feed id are both kept."""
    digest = text_digest(doc.text)
    seen = known.get(doc.id)
    if seen and seen[1] != digest and seen[0] != doc.source:  # (the same input, edited and read again, replaces)
        old = doc.id
        doc.id = content_hash(doc.source + "\n" + doc.text)
        doc.repairs.append(f"id {old[:80]!r} already names other content; the content hash stands in")
        seen = known.get(doc.id)
    if seen and seen[0] != doc.source:
        return Rejected(doc.source, "E015", message("E015", id=doc.id, source=seen[0]))
    known.setdefault(doc.id, (doc.source, digest))
    return doc


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = ["Item", "PER_DOCUMENT", "batches", "claim_id", "claimable_ids", "cross_document", "per_document"]
