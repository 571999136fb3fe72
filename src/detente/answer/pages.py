"""Server-rendered pages of the web app: search, dyad, document with its extracted items, event with its
sources, actor, stories; the page frame and error pages. Each page kind is a template in templates/.

Templates escape every string (autoescaping); only Markup built here from escaped pieces (the layered
document text, search snippets, chart SVG and JSON) is printed as it is. Links are built only from ids and
codes, each quoted whole (an id may hold '/', '#' or '?').
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from http import HTTPStatus
from importlib.metadata import version
from typing import Any
from urllib.parse import quote, urlencode

import duckdb
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from detente import store
from detente.answer.dyad import actor_code, known_actors, nearest_actors
from detente.answer.report import build, render, report_context

# Scripts only from this app (the Vega bundle and charts.js); Vega runs its expressions with its interpreter,
# so no 'unsafe-eval'. Inline styles: Vega-Embed and its tooltips style their own elements.
CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# On every response: no outside resources, no content sniffing, and no framing (clickjacking).
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}

KINDS = ("event", "quote", "entity", "time", "quantity")
SEARCH_LIMIT = 200
SNIPPET = 90, 170  # characters shown before and after the first match
Page = tuple[str, dict[str, Any]]  # a template and what it prints


def page(template: str, context: dict[str, Any], status: int = 200,
         headers: Mapping[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status, headers={**HEADERS, **(headers or {})})


def error_page(status: int, text: str, headers: Mapping[str, str] | None = None, refresh: int | None = None,
               title: str | None = None) -> HTMLResponse:
    """An HTML error page; with `refresh`, the browser reloads it after that many seconds."""
    return page("error.html", {"title": title or f"{status} {HTTPStatus(status).phrase}", "text": text,
                               "refresh": refresh}, status, headers)


def _href(kind: str, key: str) -> str:
    return f"/{kind}/{quote(key, safe='')}"


class _Href(str):
    """A link template whose fields are URL-quoted as they are filled in: the report fills it with raw
    ids, and an id may hold '/', '#' or '?'."""

    def format(self, *args: Any, **fields: Any) -> str:
        return str.format(self, *args, **{k: quote(str(v), safe="") for k, v in fields.items()})


def search_body(con: duckdb.DuckDBPyConnection, q: str, exports: list[str]) -> Page:
    rows = store.search(con, q, SEARCH_LIMIT)
    total = len(rows) if q else con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    terms = sorted({t.lower() for t in re.findall(r"\w{2,}", q)}, key=len, reverse=True)[:10]
    snippets = _snippets(con, [r[0] for r in rows], terms) if terms else {}
    results = [{"href": _href("doc", r[0]), "title": str(r[1] or r[0]), "outlet": r[2] or "", "published": r[3] or "",
                "copy_status": r[4], "snippet": snippets.get(r[0])} for r in rows]
    return "search.html", {"title": f"{q} - detente" if q else "detente", "q": q, "results": results,
                           "total": total, "more": bool(q) and len(rows) == SEARCH_LIMIT, "exports": exports}


def _snippets(con: duckdb.DuckDBPyConnection, ids: list[str], terms: list[str]) -> dict[str, Markup]:
    """Per document, the text around the first place any query term occurs, escaped, each term in <mark>.
    The window is cut in SQL: a document's text may be megabytes."""
    before, after = SNIPPET
    rows = con.execute(f"""
        SELECT id, pos, substr(text, greatest(pos - {before}, 1), {before + after}), length(text) FROM (
          SELECT id, text, list_min(list_filter(list_transform(?::VARCHAR[], lambda t: strpos(lower(text), t)),
                                                lambda p: p > 0)) AS pos
          FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])))
        WHERE pos IS NOT NULL""", [terms, ids]).fetchall()
    found = re.compile("|".join(map(re.escape, terms)), re.IGNORECASE)
    out = {}
    for doc_id, pos, window, size in rows:
        start = max(pos - before, 1)  # SQL counts from 1
        more = start - 1 + before + after < size
        words = window.split()
        words = words[1 if start > 1 and len(words) > 2 else 0:len(words) - 1 if more and len(words) > 2 else None]
        window = " ".join(words)  # whole words, on one line
        pieces, last = [], 0
        for m in found.finditer(window):
            pieces += [escape(window[last:m.start()]), Markup("<mark>{}</mark>").format(m.group())]
            last = m.end()
        pieces.append(escape(window[last:]))
        lead = Markup("&hellip;") if start > 1 else Markup("")
        tail = Markup("&hellip;") if more else Markup("")
        out[doc_id] = lead + Markup("").join(pieces) + tail
    return out


def dyad_body(con: duckdb.DuckDBPyConnection, a: str, b: str, around: str | None, officials: bool) -> Page:
    data = build(con, actor_code(a), actor_code(b), around, officials)
    context = report_context(data, _Href("/doc/{doc_id}#s{start}"), _Href("/event/{fused_id}"), interactive=True)
    query = urlencode({"a": a, "b": b, **({"around": around} if around else {}),
                       **({} if officials else {"officials": "false"})})
    return "dyad.html", {**context, "title": f"{a} / {b}", "query": query, "vega_version": VEGA_VERSION}


VEGA_VERSION = version("vl-convert-python")  # names the bundle in its URL, so a new one is fetched anew


def layered(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """Escaped text in segments, each carrying the classes of every span over it (spans may nest or
    overlap); events and quotes get an anchor `s{start}` so a citation lands on its sentence."""
    valid = [(s, e, k) for s, e, k in spans if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    anchors = {s for s, _, k in valid if k in ("event", "quote")}
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        kinds = sorted({k for s, e, k in valid if s <= lo and hi <= e})
        piece = escape(text[lo:hi]).replace("\n\n", Markup("</p><p>"))
        if lo in anchors:
            out.append(Markup("<a id='s{}'></a>").format(lo))
        out.append(Markup("<span class='{}'>{}</span>").format(" ".join("k-" + k for k in kinds), piece)
                   if kinds else piece)
    return Markup("").join(out)


def document_body(con: duckdb.DuckDBPyConnection, doc_id: str) -> Page | None:
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
    return "document.html", {"title": str(title or doc_id), "outlet": outlet, "published": pub, "original": orig,
                             "duplicate_of": dup, "duplicate_href": _href("doc", dup) if dup else None,
                             "copy_status": status, "story": story, "kinds": KINDS, "text": layered(text, spans)}


def event_body(con: duckdb.DuckDBPyConnection, fused_id: str) -> Page | None:
    cols = ["type", "mode", "actor", "target", "date", "dates", "date_conflict", "place", "places", "groups",
            "documents"]
    ev = con.execute(f"SELECT {', '.join(cols)} FROM fused_events WHERE fused_id = ?", [fused_id]).fetchone()
    if ev is None:
        return None
    found = dict(zip(cols, ev))
    names = ["doc_id", "sentence", "start", "title", "outlet", "copy_status", "reported", "date", "source_group"]
    sources = [dict(zip(names, r), href=f"{_href('doc', r[0])}#s{r[2]}") for r in con.execute(
        f"SELECT {', '.join(names)} FROM event_sources WHERE fused_id = ? ORDER BY reported, doc_id",
        [fused_id]).fetchall()]
    return "event.html", {**found, "dates": found["dates"] if found["date_conflict"] else [],
                          "places": found["places"] or [], "sources": sources, "actor_href": _actor_href,
                          "title": f"{found['type']} {found['actor']} {found['target']}"}


def _actor_href(code: str) -> str:
    return _href("actor", code)


def actor_body(con: duckdb.DuckDBPyConnection, code: str) -> Page:
    who, limit = [code, code], 300
    partners = con.execute("""
        SELECT partner, count(*) AS n FROM (
          SELECT coalesce(target_country, target) AS partner FROM fused_events WHERE ? IN (actor, actor_country)
          UNION ALL SELECT coalesce(actor_country, actor) FROM fused_events WHERE ? IN (target, target_country))
        WHERE partner IS NOT NULL AND partner <> ? GROUP BY partner ORDER BY n DESC LIMIT 20""", [*who, code]).fetchall()
    events = con.execute("""SELECT fused_id, date, type, actor, target, groups FROM fused_events
        WHERE ? IN (actor, actor_country, target, target_country) ORDER BY date NULLS LAST LIMIT ?""",
                         [code, limit]).fetchall()
    quotes = con.execute("""SELECT q.doc_id, q.start, q.text, d.title FROM quotes q JOIN documents d ON d.id = q.doc_id
        WHERE q.speaker_actor = ? OR q.speaker = ? ORDER BY d.published LIMIT 100""", who).fetchall()
    known = known_actors(con)
    nearest = [] if code in known else nearest_actors(code, known)
    return "actor.html", {
        "title": code, "code": code, "limit": limit, "actor_href": _actor_href,
        "unknown": code not in known, "nearest": nearest,
        "partners": [{"code": str(p), "events": n, "href": "/dyad?" + urlencode({"a": code, "b": str(p)})}
                     for p, n in partners],
        "events": [{"href": _href("event", f), "date": d, "type": t, "actor": a, "target": b, "groups": g}
                   for f, d, t, a, b, g in events],
        "quotes": [{"href": f"{_href('doc', d)}#s{s}", "text": t, "title": ti, "doc_id": d} for d, s, t, ti in quotes]}


def stories_body(con: duckdb.DuckDBPyConnection, story: str = "") -> Page | None:
    """All stories (story == ""), or one story with its documents and related stories."""
    if not story:
        limit = 500
        cols = ["story", "title", "first_date", "last_date", "documents", "independent_documents"]
        rows = con.execute(f"SELECT {', '.join(cols)} FROM stories WHERE story IS NOT NULL "
                           "ORDER BY last_date DESC NULLS LAST LIMIT ?", [limit]).fetchall()
        return "stories.html", {"title": "Stories", "limit": limit,
                                "stories": [dict(zip(cols, r), href=_href("story", r[0])) for r in rows]}
    row = con.execute("SELECT title, first_date, last_date FROM stories WHERE story = ?", [story]).fetchone()
    if row is None:
        return None
    cols = ["id", "title", "outlet", "published", "copy_status"]
    docs = con.execute("SELECT id, title, outlet, coalesce(original_published, published), copy_status FROM documents "
                       "WHERE story = ? ORDER BY 4, id", [story]).fetchall()
    related = con.execute("SELECT r.related, s.title, r.actors FROM related_stories r JOIN stories s ON s.story = "
                          "r.related WHERE r.story = ? ORDER BY r.shared_actors DESC LIMIT 20", [story]).fetchall()
    return "story.html", {
        "title": str(row[0] or story), "first_date": row[1], "last_date": row[2],
        "documents": [dict(zip(cols, d), href=_href("doc", d[0])) for d in docs],
        "related": [{"story": r, "title": t, "actors": a, "href": _href("story", r)} for r, t, a in related]}
