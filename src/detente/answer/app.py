"""Local web app (FastAPI): search, dyad pages, events, documents. Server-rendered, every string escaped."""
from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, Response

from detente import store
from detente.answer.dyad import actor_code
from detente.answer.security import Guard, Limits
from detente.answer.report import CSS, build, highlight, render_html

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'"
EXPORTABLE = {"documents", "entities", "times", "quotes", "quantities", "events", "errors"}


def _page(title: str, body: str) -> HTMLResponse:
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title><style>{CSS}</style>"
            f"</head><body><p><a href='/'>search</a></p>{body}</body></html>")
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
             around: str | None = Query(None, max_length=10)) -> HTMLResponse:
        c = con()
        try:
            data = build(c, actor_code(a), actor_code(b), around or None)
        finally:
            c.close()
        html = render_html(data, doc_link="/doc/{doc_id}#s{start}")
        body = html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        return _page(f"{a} / {b}", body)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(doc_id: str) -> HTMLResponse:
        c = con()
        try:
            row = c.execute("SELECT title, outlet, published, original_published, copy_status, text FROM documents "
                            "WHERE id = ?", [doc_id]).fetchone()
            spans = c.execute("SELECT start, \"end\" FROM events WHERE doc_id = ? UNION SELECT start, \"end\" FROM quotes "
                              "WHERE doc_id = ?", [doc_id, doc_id]).fetchall()
        finally:
            c.close()
        if row is None:
            raise HTTPException(404, "no such document")
        title, outlet, pub, orig, status, text = row
        marked = highlight(text, [(s, e) for s, e in spans], doc_id).replace(f"id='doc-{escape(doc_id)}-", "id='s")
        meta = f"{escape(str(outlet or ''))} &middot; {escape(str(pub))}" + (f" (original {escape(orig)})" if orig else "")
        return _page(str(title or doc_id), f"<h1>{escape(str(title or doc_id))}</h1><p class='src'>{meta} "
                                           f"<span class='tag'>{escape(status)}</span></p><p>{marked}</p>")

    @app.get("/export/{table}.csv")
    def export(table: str) -> Response:
        if table not in EXPORTABLE:
            raise HTTPException(404, "unknown table")
        c = con()
        try:
            cur = c.execute(f"SELECT * FROM {table}")  # table is from the allow-list above
            cols = [d[0] for d in cur.description]
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(cols)
            w.writerows(cur.fetchall())
        finally:
            c.close()
        return Response(buf.getvalue(), media_type="text/csv", headers={"Content-Security-Policy": CSP})

    return app
