"""Server-rendered pages of the web app: document with its extracted items, event with its sources, actor;
the page frame and error pages.

Every string from the store is article-derived and escaped here; links are built only from ids and codes,
each quoted whole (an id may hold '/', '#' or '?').
"""
from __future__ import annotations

from html import escape
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import duckdb
from fastapi.responses import HTMLResponse

from detente import store
from detente.answer.dyad import actor_code
from detente.answer.report import CSS, build, render_html

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
# On every response: no scripts or outside resources, no content sniffing, and no framing (clickjacking).
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}

KINDS = ("event", "quote", "entity", "time", "quantity")
LEGEND = "".join(f"<span class='k-{k}'>{k}</span> " for k in KINDS)
PAGE_CSS = (".k-event{background:#fff3b0}.k-quote{background:#d8ecff}.k-entity{border-bottom:2px solid #5a5}"
            ".k-time{border-bottom:2px dotted #a5a}.k-quantity{background:#e2f5e2;font-weight:600}")


def page(title: str, body: str, status: int = 200, headers: dict[str, str] | None = None,
         head: str = "") -> HTMLResponse:
    html = (f"<!doctype html><html><head><meta charset='utf-8'>{head}<title>{escape(title)}</title><style>{CSS}"
            f"{PAGE_CSS}</style></head><body><p><a href='/'>search</a> &middot; <a href='/stories'>stories</a></p>"
            f"{body}</body></html>")
    return HTMLResponse(html, status, headers={**HEADERS, **(headers or {})})


def error_page(status: int, text: str, headers: dict[str, str] | None = None, head: str = "") -> HTMLResponse:
    title = f"{status} {HTTPStatus(status).phrase}"
    return page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>", status, headers, head)


def _href(kind: str, key: str) -> str:
    return f"/{kind}/{quote(key, safe='')}"


class _Href(str):
    """A link template whose fields are URL-quoted as they are filled in: `render_html` fills it with raw
    ids, and an id may hold '/', '#' or '?'."""

    def format(self, *args: Any, **fields: Any) -> str:
        return str.format(self, *args, **{k: quote(str(v), safe="") for k, v in fields.items()})


def search_body(con: duckdb.DuckDBPyConnection, q: str) -> tuple[str, str]:
    items = "".join(f"<li><a href='{_href('doc', r[0])}'>{escape(str(r[1] or r[0]))}</a> <span class='src'>"
                    f"{escape(str(r[2] or ''))} {escape(str(r[3] or ''))} {escape(r[4])}</span></li>"
                    for r in store.search(con, q))
    form = (f"<form action='/'><input name='q' value='{escape(q)}' placeholder='search text'>"
            "<button>search</button></form><form action='/dyad'><input name='a' placeholder='RUS'>"
            "<input name='b' placeholder='PRK'><input name='around' placeholder='2019-04-25'><button>dyad</button>"
            "</form>")
    return "detente", f"<h1>detente</h1>{form}<ul id='results'>{items}</ul>"


def dyad_body(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None, officials: bool) -> tuple[str, str]:
    data = build(con, actor_code(a), actor_code(b), around, officials)
    html = render_html(data, doc_link=_Href("/doc/{doc_id}#s{start}"), event_link=_Href("/event/{fused_id}"))
    return f"{a} / {b}", html.split("<body>", 1)[1].rsplit("</body>", 1)[0]


def layered(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escaped text in segments, each carrying the classes of every span over it (spans may nest or
    overlap); events and quotes get an anchor `s{start}` so a citation lands on its sentence."""
    valid = [(s, e, k) for s, e, k in spans if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    anchors = {s for s, _, k in valid if k in ("event", "quote")}
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        kinds = sorted({k for s, e, k in valid if s <= lo and hi <= e})
        piece = escape(text[lo:hi]).replace("\n\n", "</p><p>")
        anchor = f"<a id='s{lo}'></a>" if lo in anchors else ""
        out.append(anchor + (f"<span class='{' '.join('k-' + k for k in kinds)}'>{piece}</span>" if kinds else piece))
    return "".join(out)


def document_body(con: duckdb.DuckDBPyConnection, doc_id: str) -> tuple[str, str] | None:
    row = con.execute("SELECT title, outlet, published, original_published, copy_status, duplicate_of, story, text "
                      "FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    title, outlet, pub, orig, status, dup, story, text = row
    spans: list[tuple[int, int, str]] = []
    for kind, table in (("event", "events"), ("quote", "quotes"), ("entity", "entities"), ("time", "times"),
                        ("quantity", "quantities")):
        spans += [(s, e, kind) for s, e in con.execute(f'SELECT start, "end" FROM {table} WHERE doc_id = ?',
                                                       [doc_id]).fetchall()]
    meta = (f"{escape(str(outlet or 'outlet unknown'))} &middot; published {escape(str(pub))}"
            + (f" (original {escape(orig)})" if orig else "")
            + (f" &middot; copy of <a href='{_href('doc', dup)}'>{escape(dup)}</a>" if dup else ""))
    body = (f"<h1>{escape(str(title or doc_id))}</h1><p class='src'>{meta} <span class='tag {escape(status)}'>"
            f"{escape(status)}</span> &middot; story {escape(str(story))}</p><p class='src'>{LEGEND}</p>"
            f"<p>{layered(text, spans)}</p>")
    return str(title or doc_id), body


def event_body(con: duckdb.DuckDBPyConnection, fused_id: str) -> tuple[str, str] | None:
    ev = con.execute("SELECT type, mode, actor, target, date, dates, date_conflict, place, places, groups, documents "
                     "FROM fused_events WHERE fused_id = ?", [fused_id]).fetchone()
    if ev is None:
        return None
    type_, mode, actor, target, date, dates, conflict, place, places, groups, ndocs = ev
    sources = con.execute("SELECT doc_id, sentence, start, title, outlet, copy_status, reported, date, source_group "
                          "FROM event_sources WHERE fused_id = ? ORDER BY reported, doc_id", [fused_id]).fetchall()
    rows = "".join(
        f"<tr><td>{escape(str(r[6] or ''))}</td><td>{escape(str(r[7] or ''))}</td><td><blockquote>{escape(r[1])}"
        f"</blockquote></td><td><a href='{_href('doc', r[0])}#s{r[2]}'>{escape(str(r[3] or r[0]))}</a> "
        f"<span class='src'>{escape(str(r[4] or ''))}</span></td><td><span class='tag {escape(str(r[5]))}'>"
        f"{escape(str(r[5]))}</span></td><td>{escape(str(r[8]))}</td></tr>" for r in sources)
    warn = (f"<p><span class='tag spun'>sources differ on the date: {escape(', '.join(dates))}</span></p>"
            if conflict else "")
    if len(places or []) > 1:
        warn += f"<p><span class='tag spun'>sources differ on the place: {escape(', '.join(places))}</span></p>"
    head = (f"<h1>{escape(type_)}{(' / ' + escape(mode)) if mode else ''}: {_actor_link(actor)} &rarr; "
            f"{_actor_link(target)}</h1><p>{escape(str(date or 'undated'))} &middot; {escape(str(place or ''))} "
            f"&middot; {groups} independent source groups, {ndocs} documents</p>{warn}")
    table = ("<table id='sources'><tr><th>Reported</th><th>Date given</th><th>Evidence</th><th>Document</th>"
             "<th>Copy status</th><th>Source group</th></tr>" + rows + "</table>")
    return f"{type_} {actor} {target}", head + table


def _actor_link(actor: str | None) -> str:
    return f"<a href='{_href('actor', actor)}'>{escape(actor)}</a>" if actor else "&ndash;"


def actor_body(con: duckdb.DuckDBPyConnection, code: str) -> tuple[str, str]:
    who = [code, code]
    partners = con.execute("""
        SELECT partner, count(*) AS n FROM (
          SELECT coalesce(target_country, target) AS partner FROM fused_events WHERE ? IN (actor, actor_country)
          UNION ALL SELECT coalesce(actor_country, actor) FROM fused_events WHERE ? IN (target, target_country))
        WHERE partner IS NOT NULL AND partner <> ? GROUP BY partner ORDER BY n DESC LIMIT 20""", [*who, code]).fetchall()
    events = con.execute("""SELECT fused_id, date, type, actor, target, groups FROM fused_events
        WHERE ? IN (actor, actor_country, target, target_country) ORDER BY date NULLS LAST LIMIT 300""", [code]).fetchall()
    quotes = con.execute("""SELECT q.doc_id, q.start, q.text, d.title FROM quotes q JOIN documents d ON d.id = q.doc_id
        WHERE q.speaker_actor = ? OR q.speaker = ? ORDER BY d.published LIMIT 100""", who).fetchall()
    items = "".join(f"<li><a href='/dyad?a={quote(code, safe='')}&amp;b={quote(str(p), safe='')}'>{escape(str(p))}"
                    f"</a> ({n})</li>" for p, n in partners)
    evs = "".join(f"<tr><td>{escape(str(d or 'undated'))}</td><td><a href='{_href('event', f)}'>{escape(t)}</a></td>"
                  f"<td>{_actor_link(a)} &rarr; {_actor_link(b)}</td><td>{g}</td></tr>" for f, d, t, a, b, g in events)
    qs = "".join(f"<li><blockquote>{escape(t)}</blockquote><a href='{_href('doc', d)}#s{s}'>{escape(str(ti or d))}"
                 "</a></li>" for d, s, t, ti in quotes)
    body = (f"<h1>{escape(code)}</h1><h2>Partners</h2><ul>{items}</ul><h2>Events</h2><table id='events'><tr><th>Date"
            f"</th><th>Type</th><th>Actor &rarr; target</th><th>Sources</th></tr>{evs}</table><h2>Quotes</h2><ul>{qs}</ul>")
    return code, body


def stories_body(con: duckdb.DuckDBPyConnection, story: str = "") -> tuple[str, str] | None:
    """All stories (story == ""), or one story with its documents and related stories."""
    if not story:
        rows = con.execute("SELECT story, title, first_date, last_date, documents, independent_documents FROM stories "
                           "WHERE story IS NOT NULL ORDER BY last_date DESC NULLS LAST LIMIT 500").fetchall()
        items = "".join(f"<tr><td><a href='{_href('story', r[0])}'>{escape(str(r[1] or r[0]))}</a></td><td>"
                        f"{escape(str(r[2] or ''))} &ndash; {escape(str(r[3] or ''))}</td><td>{r[4]}</td><td>{r[5]}</td>"
                        "</tr>" for r in rows)
        return "Stories", ("<h1>Stories</h1><table id='stories'><tr><th>Story</th><th>Dates</th><th>Documents</th>"
                           f"<th>Independent</th></tr>{items}</table>")
    row = con.execute("SELECT title, first_date, last_date, doc_ids FROM stories WHERE story = ?", [story]).fetchone()
    if row is None:
        return None
    docs = con.execute("SELECT id, title, outlet, coalesce(original_published, published), copy_status FROM documents "
                       "WHERE story = ? ORDER BY 4, id", [story]).fetchall()
    related = con.execute("SELECT r.related, s.title, r.actors FROM related_stories r JOIN stories s ON s.story = "
                          "r.related WHERE r.story = ? ORDER BY r.shared_actors DESC LIMIT 20", [story]).fetchall()
    items = "".join(f"<li><a href='{_href('doc', d)}'>{escape(str(t or d))}</a> <span class='src'>"
                    f"{escape(str(o or ''))} {escape(str(p or ''))}</span> <span class='tag {escape(str(c))}'>"
                    f"{escape(str(c))}</span></li>"
                    for d, t, o, p, c in docs)
    rel = "".join(f"<li><a href='{_href('story', r)}'>{escape(str(t or r))}</a> <span class='src'>shared: "
                  f"{escape(', '.join(a))}</span></li>" for r, t, a in related)
    return str(row[0] or story), (f"<h1>{escape(str(row[0] or story))}</h1><p>{escape(str(row[1] or ''))} &ndash; "
                                  f"{escape(str(row[2] or ''))}</p><h2>Documents</h2><ul>{items}</ul>"
                                  f"<h2>Related stories</h2><ul>{rel or '<li>none</li>'}</ul>")
