"""Coverage-guided fuzz targets (atheris, libFuzzer) for every reader and the quote/time/number extractors.

Run one target: python fuzz/fuzz_targets.py read -atheris_runs=200000   (targets: read, warc, json,
extract). Any exception other than the documented error records is a finding; crashes are written by
libFuzzer as crash-* files to reproduce with `python fuzz/fuzz_targets.py TARGET crash-file`.
Needs `pip install atheris` (the `fuzz` extra).
"""
from __future__ import annotations

import io
import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from detente.read.files import iter_json, read_bytes
    from detente.read.warc import iter_warc
    from detente.record import Document, Rejected
    from detente.settings import DEFAULT

SUFFIXES = [".txt", ".html", ".jsonl", ".json", ".warc", ""]


def read(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    for item in read_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()), "fuzz", suffix):
        assert isinstance(item, (Document, Rejected))


def warc(data: bytes) -> None:
    for item in iter_warc(io.BytesIO(b"WARC/1.0\r\n" + data), "fuzz", DEFAULT):
        assert isinstance(item, (Document, Rejected))


def json_records(data: bytes) -> None:
    for item in iter_json(data.decode("utf-8", "replace"), "fuzz"):
        assert isinstance(item, (Document, Rejected))


_NLP = None


def extract(data: bytes) -> None:
    from detente.extract import annotate
    from detente.extract.nlp import nlp_for
    from detente.extract.quantities import find_quantities
    from detente.extract.times import find_times

    global _NLP
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(2000)
    times = find_times(text, date(2019, 4, 26))
    for item in times + find_quantities(text, times, [(0, len(text))]):
        assert text[item.start:item.end] == item.text
    _NLP = _NLP or nlp_for()
    doc = annotate(Document(id="f", source="f", text=text, published="2019-04-26"), _NLP(text))
    assert all(0 <= q.start <= q.end <= len(text) for q in doc.quotes)


TARGETS = {"read": read, "warc": warc, "json": json_records, "extract": extract}

if __name__ == "__main__":
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
