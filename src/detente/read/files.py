"""Walk inputs and dispatch on format. Every failure becomes a `Rejected` with a numbered reason."""
from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.errors import message
from detente.read.decode import decode
from detente.read.warc import iter_warc
from detente.record import Document, Rejected
from detente.settings import DEFAULT, Settings

Item = Document | Rejected

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc", ".arc"}
# Only these are picked up when walking a folder; a file named directly is always tried.
KNOWN_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES | {".txt", ".text", ".md", ".gz"}


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and _suffixes(child)[0] in KNOWN_SUFFIXES | {""}:
                    yield child
        else:
            yield path


def read_paths(paths: Iterable[str | Path], settings: Settings = DEFAULT) -> Iterator[Item]:
    for path in iter_paths(paths):
        yield from read_file(path, settings)


def read_file(path: Path, settings: Settings = DEFAULT) -> Iterator[Item]:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Rejected(source, "E001", message("E001", reason=exc.strerror or str(exc)))
        return
    if size == 0:
        yield Rejected(source, "E002", message("E002"))
        return
    if size > settings.max_file_bytes:
        yield Rejected(source, "E003", message("E003", size=size, limit=settings.max_file_bytes))
        return
    try:
        data = path.read_bytes()
        inner, data = _unwrap_gzip(path, data, settings)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(source, "E007", message("E007", reason=str(exc) or type(exc).__name__))
        return
    except ValueError as exc:
        yield Rejected(source, "E003", str(exc))
        return
    yield from read_bytes(data, source, inner, settings)


def read_bytes(data: bytes, source: str, suffix: str, settings: Settings = DEFAULT) -> Iterator[Item]:
    if suffix in WARC_SUFFIXES or data[:5] == b"WARC/":
        yield from iter_warc(io.BytesIO(data), source, settings)
        return
    if _looks_binary(data):
        yield Rejected(source, "E006", message("E006", reason="NUL bytes or control characters"))
        return
    text = decode(data)
    if suffix in JSONL_SUFFIXES or (suffix not in HTML_SUFFIXES and text.lstrip()[:1] in ("{", "[")):
        yield from iter_json(text, source)
    elif suffix in HTML_SUFFIXES or _looks_html(text):
        yield Document(id="", source=source, text="", raw=text, raw_kind="html")
    else:
        yield Document(id="", source=source, text="", raw=text, raw_kind="text")


def _suffixes(path: Path) -> tuple[str, str]:
    """(format suffix, compression suffix): 'a.html.gz' -> ('.html', '.gz')."""
    sfx = [s.lower() for s in path.suffixes]
    if sfx and sfx[-1] == ".gz":
        return (sfx[-2] if len(sfx) > 1 else ".gz"), ".gz"
    return (sfx[-1] if sfx else ""), ""


def _unwrap_gzip(path: Path, data: bytes, settings: Settings) -> tuple[str, bytes]:
    fmt, comp = _suffixes(path)
    if comp or data[:2] == b"\x1f\x8b":
        # Read in bounded chunks so a gzip bomb stops at the cap instead of filling memory.
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(settings.max_decompressed_bytes + 1)
        if len(out) > settings.max_decompressed_bytes:
            raise ValueError(message("E003", size=f"over {len(out) - 1}", limit=settings.max_decompressed_bytes))
        return fmt, out
    return fmt, data


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl > len(head) * 0.05


def _looks_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


RECORD_FIELDS = ("url", "title", "published", "outlet", "author")


def iter_json(text: str, source: str) -> Iterator[Item]:
    """A .json file may hold one record, an array of records (API dumps) or, like .jsonl, a record a line."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        yield from iter_jsonl(text, source)
        return
    records = whole if isinstance(whole, list) else [whole]
    for i, rec in enumerate(records):
        where = f"{source}#{i}" if isinstance(whole, list) else source
        doc = jsonl_record(rec, where)
        yield Rejected(where, "E004", message("E004", line=i + 1, reason=doc)) if isinstance(doc, str) else doc


def iter_jsonl(text: str, source: str) -> Iterator[Item]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}#L{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(where, "E004", message("E004", line=lineno, reason=exc.msg))
            continue
        doc = jsonl_record(rec, where)
        if isinstance(doc, str):
            yield Rejected(where, "E004", message("E004", line=lineno, reason=doc))
        else:
            yield doc


def jsonl_record(rec: object, where: str) -> Document | str:
    if not isinstance(rec, dict):
        return f"a JSON {type(rec).__name__}, not an object"
    body, kind = (rec.get("html"), "html") if rec.get("html") else (rec.get("text"), "text")
    if not isinstance(body, str) or not body.strip():
        return "no non-empty string `text` or `html`"
    meta = {k: rec[k] for k in RECORD_FIELDS if isinstance(rec.get(k), str) and rec[k].strip()}
    rid = rec.get("id")
    doc = Document(id=str(rid) if isinstance(rid, (str, int)) else "", source=where, text="", raw=body,
                   raw_kind=kind, **meta)
    return doc

