"""Coverage-guided fuzz targets (atheris, libFuzzer) for every reader and the quote/time/number extractors.

Run one target: python fuzz/fuzz_targets.py TARGET -atheris_runs=200000, where TARGET is one of
  read     any bytes under any suffix, through `read_bytes`
  warc     WARC records (a `WARC/1.0` line is prepended), through the WARC reader
  json     JSON and JSON lines, through the JSON reader
  html     HTML through `read_bytes` and then `clean` (boilerplate removal, metadata, encoding repair)
  gzip     a file whose bytes are gzip (or pretend to be), through `read_file` and so the gzip unwrapping
  extract  text through the time, number and quote extractors (loads the spaCy pipeline)
Any exception other than the documented error records is a finding; crashes are written by libFuzzer as
crash-* files to reproduce with `python fuzz/fuzz_targets.py TARGET crash-file`.
Needs `pip install atheris` (the `fuzz` extra). tests/test_fuzz_readers.py fuzzes the same readers with
hypothesis, structure-aware and without atheris, in the ordinary test run.
"""
from __future__ import annotations

import io
import sys
import tempfile
from datetime import date
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from detente.clean import clean
    from detente.read.files import iter_json, read_bytes, read_file
    from detente.read.warc import iter_warc
    from detente.record import Document, Rejected
    from detente.settings import DEFAULT

SUFFIXES = [".txt", ".html", ".jsonl", ".json", ".warc", ""]
GZIP_NAMES = ["x.gz", "x.txt.gz", "x.html.gz", "x.jsonl.gz", "x.warc.gz", "x.txt"]


def _check(items: object) -> None:
    for item in items:  # type: ignore[attr-defined]
        assert isinstance(item, (Document, Rejected))
        if isinstance(item, Rejected):
            assert item.reason.startswith(f"[{item.code}]")


def read(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    _check(read_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()), "fuzz", suffix))


def warc(data: bytes) -> None:
    _check(iter_warc(io.BytesIO(b"WARC/1.0\r\n" + data), "fuzz", DEFAULT))


def json_records(data: bytes) -> None:
    _check(iter_json(data.decode("utf-8", "replace"), "fuzz"))


def html(data: bytes) -> None:
    for item in read_bytes(data, "fuzz.html", ".html"):
        _check([item])
        if isinstance(item, Document):
            _check([clean(item)])


_SCRATCH = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))


def gzip_file(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    path = _SCRATCH / GZIP_NAMES[fdp.ConsumeIntInRange(0, len(GZIP_NAMES) - 1)]
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    # Bytes after a leading NUL are written as they are; any others follow a valid gzip header, so that the
    # fuzzer spends its time past the header.
    path.write_bytes(body[1:] if body[:1] == b"\x00" else b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + body)
    _check(read_file(path))


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


TARGETS = {"read": read, "warc": warc, "json": json_records, "html": html, "gzip": gzip_file, "extract": extract}

if __name__ == "__main__":
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
