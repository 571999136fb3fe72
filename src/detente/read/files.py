"""Walk inputs and dispatch on format. Every failure becomes a `Rejected` with a numbered reason."""
from __future__ import annotations

import gzip
import io
import json
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import accumulate
from pathlib import Path

from detente.errors import message
from detente.limits import MemoryCapExceeded, over_memory, unexpected
from detente.read.decode import decode
from detente.read.walk import HTML_SUFFIXES, JSONL_SUFFIXES, WARC_SUFFIXES, suffixes, walk
from detente.read.warc import iter_warc
from detente.record import Document, Rejected, path_name, storable_document
from detente.settings import DEFAULT, Settings

Item = Document | Rejected



def read_paths(paths: Iterable[str | Path], settings: Settings = DEFAULT) -> Iterator[Item]:
    for entry in walk(paths, settings):
        if isinstance(entry, Rejected):
            yield entry
        else:
            yield from contained(read_file(entry, settings), path_name(entry), "Reading")


def contained(items: Iterator[Item], source: str, stage: str) -> Iterator[Item]:
    """The items of one input; an unexpected exception while making them becomes that input's error row
    (after the items already made), so one crafted file cannot end a run."""
    n = 0
    try:
        for item in items:
            n += 1
            yield storable_document(item) if isinstance(item, Document) else item
    except (MemoryError, MemoryCapExceeded):  # one big file read whole
        yield over_memory(source)
    except Exception as exc:  # noqa: BLE001 - this is the containment boundary
        yield unexpected(source if n == 0 else f"{source}#after-{n}", stage, exc)


def read_file(path: Path, settings: Settings = DEFAULT) -> Iterator[Item]:
    source = path_name(path)
    try:
        st = path.stat()
    except OSError as exc:
        yield Rejected(source, "E001", message("E001", reason=exc.strerror or str(exc)))
        return
    if not stat.S_ISREG(st.st_mode):
        # Even when named directly: a FIFO or device would block or never end.
        yield Rejected(source, "E020", message("E020", what="not a regular file"))
        return
    size = st.st_size
    if size == 0:
        yield Rejected(source, "E002", message("E002"))
        return
    if size > settings.max_file_bytes:
        yield Rejected(source, "E003", message("E003", size=size, limit=settings.max_file_bytes))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:  # permission denied, vanished since the walk: not a gzip problem
        yield Rejected(source, "E001", message("E001", reason=exc.strerror or str(exc)))
        return
    try:
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
        yield from iter_json(text, source, settings)
    elif suffix in HTML_SUFFIXES or _looks_html(text):
        yield Document(id="", source=source, text="", raw=text, raw_kind="html")
    else:
        yield Document(id="", source=source, text="", raw=text, raw_kind="text")


def _unwrap_gzip(path: Path, data: bytes, settings: Settings) -> tuple[str, bytes]:
    fmt, comp = suffixes(path)
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


def iter_json(text: str, source: str, settings: Settings = DEFAULT) -> Iterator[Item]:
    """A .json file may hold one record, an array of records (API dumps) or, like .jsonl, a record a line."""
    if json_depth(text) > settings.max_json_depth:
        # Checked before parsing: Python's parser recurses, and a few thousand levels exhaust its stack.
        # Lines that each close what they open are JSON lines, of which only the deep ones are refused.
        if all(json_depth(line, final=True) == 0 for line in text.splitlines()):
            yield from iter_jsonl(text, source, settings, deep=True)
        else:
            yield Rejected(source, "E018", message("E018", limit=settings.max_json_depth))
        return
    try:
        whole = json.loads(text)
    except ValueError:  # not one JSON value (or a number over Python's digit limit): try it line by line
        yield from iter_jsonl(text, source, settings)
        return
    records = whole if isinstance(whole, list) else [whole]
    for i, rec in enumerate(records):
        where = f"{source}#{i}" if isinstance(whole, list) else source
        doc = jsonl_record(rec, where)
        yield Rejected(where, "E004", message("E004", line=i + 1, reason=doc)) if isinstance(doc, str) else doc


def iter_jsonl(text: str, source: str, settings: Settings = DEFAULT, deep: bool = False) -> Iterator[Item]:
    """A record a line; lines are measured for depth only when the whole text was too deep (`deep`): the
    text's own depth bounds every line's."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}#L{lineno}"
        if deep and json_depth(line) > settings.max_json_depth:
            yield Rejected(where, "E018", message("E018", limit=settings.max_json_depth))
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:  # JSONDecodeError, or an integer over Python's 4,300-digit limit
            yield Rejected(where, "E004", message("E004", line=lineno, reason=getattr(exc, "msg", str(exc)[:120])))
            continue
        doc = jsonl_record(rec, where)
        if isinstance(doc, str):
            yield Rejected(where, "E004", message("E004", line=lineno, reason=doc))
        else:
            yield doc


# A string, or an unterminated one up to the line's end (JSON strings hold no raw newline). Possessive, and
# never restarted inside a match, so the scan is linear whatever the quotes and backslashes.
_JSON_STRING = re.compile(r'"(?:[^"\\\n]++|\\.)*+"?')
_BRACKETS = re.compile(r"[\[\]{}]")


def json_depth(text: str, final: bool = False) -> int:
    """The deepest nesting of brackets outside strings (with `final`, the depth left open at the end)."""
    marks = _BRACKETS.findall(_JSON_STRING.sub("", text))
    if final:
        return sum(1 if m in "[{" else -1 for m in marks)
    return max(accumulate(1 if m in "[{" else -1 for m in marks), default=0)


def jsonl_record(rec: object, where: str) -> Document | str:
    if not isinstance(rec, dict):
        return f"a JSON {type(rec).__name__}, not an object"
    body, kind = (rec.get("html"), "html") if rec.get("html") else (rec.get("text"), "text")
    if not isinstance(body, str) or not body.strip():
        return "no non-empty string `text` or `html`"
    meta = {k: rec[k] for k in RECORD_FIELDS if isinstance(rec.get(k), str) and rec[k].strip()}
    published = meta.pop("published", None)
    doc = Document(id="", source=where, text="", raw=body, raw_kind=kind, published=plausible_date(published), **meta)
    if published and doc.published is None:
        doc.repairs.append(f"published {published[:40]!r} not used: not a date between {MIN_YEAR} and {MAX_YEAR}")
    rid = rec.get("id")
    if isinstance(rid, (str, int)) and not isinstance(rid, bool):
        doc.id, problem = record_id(str(rid))
        if problem:
            doc.repairs.append(f"id {str(rid)[:80]!r} not used: {problem}; the content hash stands in")
    return doc


MAX_ID_CHARS = 200
# A record's own date is used to resolve "on Monday"; outside these years it is an error in the feed (and
# date arithmetic near year 1 or 9999 overflows).
MIN_YEAR, MAX_YEAR = 1800, 2200
_ISO_DATE = re.compile(r"(\d{4})(-\d{2}(-\d{2})?)?")


def plausible_date(value: str | None) -> str | None:
    """The record's date, unless it is an ISO date that is not a real day or lies outside the plausible
    years; other forms ("25 April 2019") are kept as given, as before (only ISO dates anchor times)."""
    text = (value or "").strip()
    m = _ISO_DATE.match(text)
    if not m:
        return text or None
    parts = [int(p) for p in m.group(0).split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return None
    return text if MIN_YEAR <= parts[0] <= MAX_YEAR else None


def record_id(rid: str) -> tuple[str, str | None]:
    """An input's own id if it can serve as a key in pages and links, else ("", why)."""
    rid = rid.strip()
    if not rid:
        return "", "empty"
    if len(rid) > MAX_ID_CHARS:
        return "", f"over {MAX_ID_CHARS} characters"
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF or ord(c) == 0x7F for c in rid):
        return "", "control or unencodable characters"
    return rid, None

