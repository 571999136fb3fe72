"""Local web app (FastAPI): search, dyad pages, events, documents, exports. Server-rendered from templates,
every string escaped; the dyad page's charts drawn by Vega-Embed from a bundle this app serves itself;
exports streamed a page of rows at a time."""
from __future__ import annotations

import functools
import re
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import store
from detente.answer.dyad import actor_code, dyad_events
from detente.answer.pages import (
    Page,
    actor_body,
    document_body,
    dyad_body,
    error_page,
    event_body,
    page,
    search_body,
    stories_body,
)
from detente.answer.security import ANY_HOST, LOOPBACK, Guard, Limits, check_token
from detente.export import table_lines
from detente.plover import QUAD
from detente.store.schema import NAMES, VIEW_NAMES

EXPORTABLE = set(NAMES)
# Tables come back in insertion order, the same on every request; views are joins and aggregates, whose
# row order may change from one run to the next, so pages of them are sorted.
VIEWS = set(VIEW_NAMES)
DYAD_COLUMNS = ["fused_id", "date", "dates", "type", "mode", "quad", "score", "actor", "target", "place",
                "independent_sources", "documents", "negated", "hypothetical"]
EXPORT_ROWS, EXPORT_MAX_ROWS = 10_000, 100_000  # per page of an export: by default, and the most one may ask
EXPORTS_AT_ONCE = 2  # each holds a connection and a worker thread while the client reads
DOCUMENTS_AT_ONCE = 8  # a document row holds its text and the whole record: up to megabytes
CHUNK = 64 * 1024  # characters sent at once
LOCK_WAIT = 2.0  # seconds; an ingest holds the write lock for a batch at a time
DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
AROUND = "around must be a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-04 or 2019-04-25)."
# No actor's code or name holds these; the chart renderer aborts the whole process on some of them.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ACTOR = "a and b name actors: a code (RUS, PRK, EU) or a person's name, without control characters."


# A page from its body renderer (answer/pages.py) and the key it looks up.
Show = Callable[[Callable[[duckdb.DuckDBPyConnection, str], Page | None], str], HTMLResponse]


def open_store(db: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, waiting up to LOCK_WAIT seconds while another process writes the store."""
    return store.connect_waiting(db, read_only=True, wait_seconds=LOCK_WAIT)


def create_app(db: str | Path, token: str | None = None, limits: Limits | None = None,
               allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The app over read-only connections; with `token` (16 characters or more), every request must carry it
    (link, cookie or `Authorization: Bearer`). It answers requests whose Host names this machine's loopback
    or one of `allowed_hosts`; "*" there allows any name, and needs a token."""
    check_token(token)
    hosts = LOOPBACK | set(allowed_hosts)
    if ANY_HOST in hosts and not token:
        raise ValueError("allowed_hosts '*' lets any web page's host name through: give a token too")
    app = FastAPI(title="detente", docs_url=None, redoc_url=None)
    app.add_middleware(Guard, token=token, limits=limits or Limits(), hosts=hosts)
    _error_pages(app)
    show = _shower(db)
    _page_routes(app, show)
    _dyad_routes(app, db, show)
    _export_routes(app, db)
    _static_routes(app)
    return app


def _shower(db: str | Path) -> Show:
    """A page from its body renderer and key, over a fresh read-only connection; 404 when nothing is found."""
    def show(render: Callable[[duckdb.DuckDBPyConnection, str], Page | None], key: str) -> HTMLResponse:
        c = open_store(db)
        try:
            found = render(c, key)
        finally:
            c.close()
        if found is None:
            raise HTTPException(404, "Nothing with that id is stored.")
        return page(*found)

    return show


def _page_routes(app: FastAPI, show: Show) -> None:
    """Search, documents, events, stories and actors: each a page rendered by answer/pages.py."""
    @app.get("/", response_class=HTMLResponse)
    def home(q: str = Query("", max_length=200)) -> HTMLResponse:
        return show(lambda c, _: search_body(c, q, sorted(EXPORTABLE)), q)

    # `:path`: ids are the input's own and may hold a slash (links quote it as %2F; servers decode it).
    @app.get("/doc/{doc_id:path}", response_class=HTMLResponse)
    def document(doc_id: str) -> HTMLResponse:
        return show(document_body, doc_id)

    @app.get("/event/{fused_id:path}", response_class=HTMLResponse)
    def event(fused_id: str) -> HTMLResponse:
        return show(event_body, fused_id)

    @app.get("/stories", response_class=HTMLResponse)
    def stories() -> HTMLResponse:
        return show(stories_body, "")

    @app.get("/story/{story:path}", response_class=HTMLResponse)
    def story(story: str) -> HTMLResponse:
        return show(stories_body, story)

    @app.get("/actor/{code:path}", response_class=HTMLResponse)
    def actor(code: str) -> HTMLResponse:
        return show(actor_body, actor_code(code))


def _dyad_routes(app: FastAPI, db: str | Path, show: Show) -> None:
    """The dyad page and its events as CSV or JSON."""
    @app.get("/dyad", response_class=HTMLResponse)
    def dyad(a: str = Query(..., max_length=80), b: str = Query(..., max_length=80),
             around: str | None = Query(None, max_length=10), officials: bool = True) -> HTMLResponse:
        _check_dyad(a, b, around)
        return show(lambda c, _: dyad_body(c, a, b, around or None, officials), "")

    @app.get("/dyad/events.{fmt}")
    def dyad_export(fmt: str, a: str = Query(..., max_length=80), b: str = Query(..., max_length=80),
                    officials: bool = True) -> Response:
        """The dyad page's events table as CSV or JSON (a dyad's events fit in memory: its page holds them)."""
        if fmt not in ("csv", "json"):
            raise HTTPException(404, "Unknown format; formats: csv, json")
        _check_dyad(a, b, None)
        c = open_store(db)
        try:
            events = dyad_events(c, actor_code(a), actor_code(b), officials)
        finally:
            c.close()
        rows = ((e.fused_id, e.date, e.dates if fmt == "json" else "; ".join(e.dates), e.type, e.mode, QUAD[e.type],
                 e.score, e.actor, e.target, e.place, e.groups, len({s["doc_id"] for s in e.sources}), e.negated,
                 e.hypothetical) for e in events)
        body = "".join(table_lines(fmt, DYAD_COLUMNS, rows))
        name = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{actor_code(a)}-{actor_code(b)}-events")
        return Response(body, media_type="text/csv" if fmt == "csv" else "application/json",
                        headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})


def _export_routes(app: FastAPI, db: str | Path) -> None:
    """Every table and view as CSV or JSON, a page at a time, at most EXPORTS_AT_ONCE at once."""
    exports = threading.BoundedSemaphore(EXPORTS_AT_ONCE)

    @app.get("/export/{table}.{fmt}")
    def export(table: str, fmt: str, limit: int = Query(EXPORT_ROWS, ge=1, le=EXPORT_MAX_ROWS),
               offset: int = Query(0, ge=0)) -> Response:
        """A page of a table as CSV or JSON, streamed; `Link: <...>; rel="next"` names the next page."""
        if table not in EXPORTABLE or fmt not in ("csv", "json"):
            raise HTTPException(404, "Unknown table or format; tables: " + ", ".join(sorted(EXPORTABLE)))
        if not exports.acquire(blocking=False):
            raise HTTPException(503, f"{EXPORTS_AT_ONCE} exports are running; try again when one ends.",
                                {"Retry-After": "5"})
        with ExitStack() as cleanup:
            cleanup.callback(exports.release)
            c = open_store(db)
            cleanup.callback(c.close)
            row = c.execute(f"SELECT count(*) FROM {table}").fetchone()  # table is from the allow-list
            total = row[0] if row else 0
            columns = [d[0] for d in c.execute(f"SELECT * FROM {table} LIMIT 0").description]
            chunks = _chunked(table_lines(fmt, columns, _rows(c, table, limit, offset)))
            body = _streamed(chunks, cleanup.pop_all().close)
        return StreamingResponse(body, media_type="text/csv" if fmt == "csv" else "application/json",
                                 headers=_export_headers(table, fmt, limit, offset, total))


def _static_routes(app: FastAPI) -> None:
    """The vendored chart scripts, served by the app so that pages need no other origin."""
    @app.get("/static/vega-bundle.js")
    def vega_bundle() -> Response:
        return Response(_vega_bundle(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "private, max-age=604800"})  # its URL names its version

    @app.get("/static/charts.js")
    def charts_js() -> Response:
        return Response(_charts_js(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


def _error_pages(app: FastAPI) -> None:
    """Errors as escaped HTML pages (not JSON), with the same headers as every page."""
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_page(exc.status_code, str(exc.detail), exc.headers)

    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_page(400, "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors()))

    async def busy(request: Request, exc: store.StoreBusy) -> Response:
        return error_page(503, "Another process is writing to it; this page reloads in a few seconds.",
                          {"Retry-After": "2"}, refresh=2, title="The store is being updated")

    async def broken(request: Request, exc: Exception) -> Response:  # also logged, by the server
        return error_page(500, "Something went wrong on the server; the error is in its log.")

    # Starlette types a handler's exception as any Exception, though it calls each one only with its own
    # class, so a handler typed with that class is rejected: these three ignores are for that stub.
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid)  # type: ignore[arg-type]
    app.add_exception_handler(store.StoreBusy, busy)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, broken)


def _check_dyad(a: str, b: str, around: str | None) -> None:
    if UNPRINTABLE.search(a + b):
        raise HTTPException(400, ACTOR)
    if around and not _is_date(around):
        raise HTTPException(400, AROUND)


@functools.cache
def _vega_bundle() -> str:
    """Vega (with its expression interpreter), Vega-Lite, Vega-Embed and vega-tooltip in one script, made
    offline by vl-convert (about a second, once per process); it exposes only `vegaEmbed`."""
    import vl_convert

    return vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;")


@functools.cache
def _charts_js() -> str:
    return files("detente.answer").joinpath("templates", "charts.js").read_text(encoding="utf-8")


def _is_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    if not DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat((text + "-01-01")[:10])  # a year or month is checked as its first day
    except ValueError:
        return False
    return True


def _rows(con: duckdb.DuckDBPyConnection, table: str, limit: int, offset: int) -> Iterator[tuple[Any, ...]]:
    """One page of rows, read a few at a time: never the whole table, nor the whole page, in memory."""
    if table == "documents":
        # DuckDB reads 2,048 rows at a time, and 2,048 documents can be gigabytes: read the page's ids,
        # then its documents a few ids at a time.
        ids = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?",
                                         [limit, offset]).fetchall()]
        for i in range(0, len(ids), DOCUMENTS_AT_ONCE):
            yield from con.execute("SELECT * FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
                                   [ids[i:i + DOCUMENTS_AT_ONCE]]).fetchall()
        return
    order = " ORDER BY ALL" if table in VIEWS else ""
    cursor = con.execute(f"SELECT * FROM {table}{order} LIMIT ? OFFSET ?", [limit, offset])
    while batch := cursor.fetchmany(1024):
        yield from batch


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    """Pieces joined into chunks of about CHUNK characters: a send per row would be slow."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


def _streamed(chunks: Iterator[str], close: Callable[[], None]) -> AsyncIterator[str]:
    """`chunks`, made in worker threads; `close` runs once: when the stream ends or fails, or when the
    response is dropped before its first byte (a client that hung up)."""
    async def body() -> AsyncIterator[str]:
        try:
            async for chunk in iterate_in_threadpool(chunks):
                yield chunk
        finally:
            done()

    stream = body()
    done = weakref.finalize(stream, close)
    return stream


def _export_headers(table: str, fmt: str, limit: int, offset: int, total: int) -> dict[str, str]:
    headers = {"Content-Disposition": f"attachment; filename={table}.{fmt}", "X-Total-Count": str(total)}
    if offset + limit < total:
        headers["Link"] = f'</export/{table}.{fmt}?limit={limit}&offset={offset + limit}>; rel="next"'
    return headers
