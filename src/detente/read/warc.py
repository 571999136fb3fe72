"""WARC/WARC.gz response records -> raw HTML Documents, via warcio (streaming, one record at a time)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from detente.errors import message
from detente.read.decode import decode
from detente.record import Document, Rejected
from detente.settings import Settings


def iter_warc(stream: BinaryIO, source: str, settings: Settings) -> Iterator[Document | Rejected]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = read = yielded = 0
    try:
        for record in ArchiveIterator(stream):
            read += 1
            if record.rec_type not in ("response", "resource", "conversion"):
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{n}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or \
                record.rec_headers.get_header("Content-Type") or ""
            body = record.content_stream().read(settings.max_file_bytes + 1)
            if len(body) > settings.max_file_bytes:
                yield Rejected(where, "E003", message("E003", size=len(body), limit=settings.max_file_bytes))
                yielded += 1
                continue
            if "html" not in ctype and "text" not in ctype:
                continue
            kind = "html" if "html" in ctype else "text"
            yield Document(id="", source=where, text="", url=url, raw=decode(body), raw_kind=kind)
            yielded += 1
    except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError, TypeError, KeyError, IndexError,
            OverflowError, UnicodeError) as exc:
        # warcio assumes well-formed headers: a missing field surfaces as AttributeError or TypeError, a
        # Content-Length of twenty digits as OverflowError.
        yield Rejected(f"{source}#{n + 1}", "E008", message("E008", reason=f"{type(exc).__name__}: {str(exc)[:200]}"))
        return
    if not yielded:
        # Requests, metadata, revisits and images only (or records warcio skips): the file is still accounted for.
        yield Rejected(source, "E025", message("E025", records=read))
