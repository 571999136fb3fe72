"""Property tests: the quote, time and number extractors on arbitrary news-like text never raise, and
every span they return lies inside the text and quotes it exactly."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.extract import annotate
from detente.extract.nlp import nlp_for
from detente.extract.quantities import find_quantities
from detente.extract.times import find_times
from detente.record import Document

PIECES = st.sampled_from([
    "said", "told", "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "Mr Putin", "Kim Jong Un", "the Kremlin",
    "Russia", "North Korea", "on Thursday", "last year", "in February", "April 25, 2019", "2019", "the 1990s",
    "three days before", "$27bn", "(\u00a314bn)", "42,863,423 pulas", "56 percent", "5,000 troops", "fell by",
    "to", "met", "sanctions", "will", "visit", "next week", ".", ",", "\n\n", "\u2014", "(", ")", "%", "-",
    "12", "0", "1e9", "bn", "million", "a", "the", "he", "she", "added"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60).map(" ".join)


def _inside(text: str, items) -> bool:  # type: ignore[no-untyped-def]
    return all(0 <= i.start <= i.end <= len(text) and text[i.start:i.end] == i.text for i in items)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_times_and_numbers_on_any_text(text: str) -> None:
    from datetime import date

    times = find_times(text, date(2019, 4, 26))
    quantities = find_quantities(text, times, [(0, len(text))])
    assert _inside(text, times) and _inside(text, quantities)
    assert all(q.value is None or math.isfinite(q.value) for q in quantities)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_full_annotation_on_any_text(text: str) -> None:
    doc = Document(id="p", source="p", text=text, published="2019-04-26")
    annotate(doc, nlp_for()(text))
    assert _inside(text, doc.entities) and _inside(text, doc.times) and _inside(text, doc.quantities)
    assert all(0 <= q.start <= q.end <= len(text) for q in doc.quotes)
    assert all(0 <= e.start <= e.end <= len(text) for e in doc.events)
