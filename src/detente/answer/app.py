"""Local web app (FastAPI): search, dyad pages, events, documents. Server-rendered, every string escaped."""
from __future__ import annotations

import csv
import io
import json
from html import escape
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, Response

from detente import store
from detente.answer.dyad import actor_code
from detente.answer.security import Guard, Limits
from detente.answer.pages import PAGE_CSS, actor_body, document_body, event_body, rows_as_dicts, stories_body
from detente.answer.report import CSS, build, render_html

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'"
EXPORTABLE = {"documents", "entities", "times", "quotes", "quantities", "events", "errors", "fused_events",
              "event_sources", "stories", "related_stories"}


def _page(title: str, body: str) -> HTMLResponse:
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title><style>{CSS}{PAGE_CSS}</style>"
            f"</head><body><p><a href='/'>search</a> &middot; <a href='/stories'>stories</a></p>{body}</body></html>")
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})


def create_app(db: str | Path, token: str | None = None, limits: Limits | None = None) -> FastAPI:
    """The app over a read-only connection; with `token`, every request must carry it (link, cookie or
    `Authorization: Bearer`)."""
    app = FastAPI(title="detente", docs_url=None, redoc_url=None)
    app.add_middleware(Guard, token=token, limits=limits or Limits())

    def con():  # type: ignore[no-untyped-def]
        return store.connect(db, read_only=True)

    @app.get("/", response_class=HTMLResponse)
    def home(q: str = Query("", max_length=200)) -> HTMLResponse:
        c = con()
        try:
            rows = store.search(c, q)
        finally:
            c.close()
        items = "".join(f"<li><a href='/doc/{escape(r[0])}'>{escape(str(r[1] or r[0]))}</a> "
                        f"<span class='src'>{escape(str(r[2] or ''))} {escape(str(r[3] or ''))} {escape(r[4])}</span></li>"
                        for r in rows)
        form = (f"<form action='/'><input name='q' value='{escape(q)}' placeholder='search text'>"
                "<button>search</button></form><form action='/dyad'><input name='a' placeholder='RUS'>"
                "<input name='b' placeholder='PRK'><input name='around' placeholder='2019-04-25'><button>dyad</button></form>")
        return _page("detente", f"<h1>detente</h1>{form}<ul id='results'>{items}</ul>")

    @app.get("/dyad", response_class=HTMLResponse)
    def dyad(a: str = Query(..., max_length=80), b: str = Query(..., max_length=80),
             around: str | None = Query(None, max_length=10), officials: bool = True) -> HTMLResponse:
        c = con()
        try:
            data = build(c, actor_code(a), actor_code(b), around or None, officials)
        finally:
            c.close()
        html = render_html(data, doc_link="/doc/{doc_id}#s{start}", event_link="/event/{fused_id}")
        body = html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        return _page(f"{a} / {b}", body)

    def show(render, key: str) -> HTMLResponse:  # type: ignore[no-untyped-def]
        c = con()
        try:
            found = render(c, key)
        finally:
            c.close()
        if found is None:
            raise HTTPException(404, "not found")
        return _page(*found)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(doc_id: str) -> HTMLResponse:
        return show(document_body, doc_id)

    @app.get("/event/{fused_id}", response_class=HTMLResponse)
    def event(fused_id: str) -> HTMLResponse:
        return show(event_body, fused_id)

    @app.get("/stories", response_class=HTMLResponse)
    def stories() -> HTMLResponse:
        return show(stories_body, "")

    @app.get("/story/{story}", response_class=HTMLResponse)
    def story(story: str) -> HTMLResponse:
        return show(stories_body, story)

    @app.get("/actor/{code}", response_class=HTMLResponse)
    def actor(code: str) -> HTMLResponse:
        return show(actor_body, actor_code(code))

    @app.get("/export/{table}.{fmt}")
    def export(table: str, fmt: str) -> Response:
        if table not in EXPORTABLE or fmt not in ("csv", "json"):
            raise HTTPException(404, "unknown table or format; tables: " + ", ".join(sorted(EXPORTABLE)))
        c = con()
        try:
            rows = rows_as_dicts(c.execute(f"SELECT * FROM {table}"))  # table is from the allow-list above
        finally:
            c.close()
        headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                   "Content-Disposition": f"attachment; filename={table}.{fmt}"}
        if fmt == "json":
            return Response(json.dumps(rows, default=str), media_type="application/json", headers=headers)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["empty"])
        w.writeheader()
        w.writerows(rows)
        return Response(buf.getvalue(), media_type="text/csv", headers=headers)

    return app
