"""The web app, the Markdown report and read-only SQL under a security probe: foreign hosts, unbounded and
formula-carrying exports, Markdown injection, file access from SQL, token leaks, framing, odd parameters,
ids with slashes, JSON error pages, an unbounded rate table and a store locked by a writer."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from html import escape, unescape

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import detente
from detente import store
from detente.answer.app import create_app
from detente.answer.dyad import DyadEvent
from detente.answer.markdown import render_markdown
from detente.answer.security import Limits
from detente.cli import app as cli
from detente.record import Document, Event, Quantity

from .conftest import SEEDS

TOKEN = "correct-horse-battery-staple"
FORMULAS = {"title": '=HYPERLINK("http://evil.example","click")', "outlet": "+cmd|' /C calc'!A0",
            "author": "-2+3", "place": "\tx", "language": "\rx", "text": "@SUM(1+1) and -5 tonnes of it"}


def _fast() -> Limits:
    return Limits(requests_per_second=1e6, burst=10**6)


def _client(db, **kw) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(db, limits=_fast(), **kw), base_url="http://localhost",
                      raise_server_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The seeds, a document whose fields are spreadsheet formulas, and one whose ids all hold a slash."""
    path = tmp_path_factory.mktemp("sec") / "s.duckdb"
    detente.ingest([SEEDS], path)
    sentence = "Russia and North Korea held slashed talks."
    slashed = Document(id="doc/1", source="slashed", text=sentence, title="Slashed talks", story="story/1",
                       published="2019-04-25",
                       events=[Event(type="CONSULT", mode=None, actor="RUS", target="PRK", actor_text="Russia",
                                     target_text="North Korea", date="2019-04-25", place=None, sentence=sentence,
                                     start=0, end=len(sentence), confidence=0.9, actor_country="RUS",
                                     target_country="PRK", fused_id="ev/1", date_basis="text")])
    formula = Document(id="formula", source="formula", published="2019-01-01", **FORMULAS,
                       quantities=[Quantity(text="-5 tonnes", start=14, end=23, value=-5.0, unit="-t")])
    con = store.connect(path)
    store.write(con, [slashed, formula])
    con.close()
    return path


@pytest.fixture(scope="module")
def client(db):  # type: ignore[no-untyped-def]
    return _client(db)


# -- driving the app at the ASGI level: raw paths, held-open streams, bytes counted without buffering --

def _scope(path: str, query: str = "", host: str = "localhost",  # type: ignore[type-arg]
           raw: bytes | None = None) -> dict:
    return {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": path, "raw_path": raw or path.encode(),
            "query_string": query.encode(), "root_path": "", "headers": [(b"host", host.encode())],
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8765)}


async def _call(app, scope, on_body=None, hold: asyncio.Event | None = None):  # type: ignore[no-untyped-def]
    """(status, headers) of one request; `on_body` sees each body chunk; with `hold`, the first chunk
    waits until it is set, as a slow client would."""
    start: dict = {}  # type: ignore[type-arg]
    sent = False

    async def receive():  # type: ignore[no-untyped-def]
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    async def send(message):  # type: ignore[no-untyped-def]
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            if on_body:
                on_body(message.get("body", b""))
            if hold is not None and message.get("more_body"):
                await hold.wait()

    await app(scope, receive, send)
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}


def _security_headers_ok(headers) -> bool:  # type: ignore[no-untyped-def]
    csp = headers.get("content-security-policy", "")
    return ("default-src 'none'" in csp and "frame-ancestors 'none'" in csp
            and headers.get("x-frame-options") == "DENY" and headers.get("x-content-type-options") == "nosniff")


# -- 1. Host allow-list against DNS rebinding --

def test_foreign_host_header_is_refused(db, client):
    r = client.get("/export/documents.json", headers={"Host": "attacker.example"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "formula" not in r.text and _security_headers_ok(r.headers)
    for host in ("localhost", "localhost:8765", "127.0.0.1", "127.0.0.1:8765", "[::1]", "[::1]:8765", "LOCALHOST"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    for host in ("attacker.example:8765", "localhost.attacker.example", "127.0.0.1.nip.io", "", "[::2]:8765"):
        assert client.get("/", headers={"Host": host}).status_code == 400, host
    lan = _client(db, allowed_hosts=["news.lan"])
    assert lan.get("/", headers={"Host": "news.lan:8765"}).status_code == 200
    assert lan.get("/", headers={"Host": "attacker.example"}).status_code == 400


def test_serve_allows_the_host_it_binds(db, monkeypatch):
    import uvicorn

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    monkeypatch.delenv("DETENTE_TOKEN", raising=False)
    detente.serve(db, host="192.168.1.5", token=TOKEN, announce=lambda s: None)
    detente.serve(db, host="0.0.0.0", announce=lambda s: None)
    bound = TestClient(apps[0], base_url="http://192.168.1.5:8765", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bound.get("/").status_code == 200
    assert bound.get("/", headers={"Host": "localhost:8765"}).status_code == 200
    assert bound.get("/", headers={"Host": "attacker.example"}).status_code == 400
    # On every interface any name may reach the app, and the token (which a rebinding page cannot know) guards it.
    anywhere = TestClient(apps[1], base_url="http://attacker.example")
    assert anywhere.get("/").status_code == 401


# -- 2. streamed, paginated, bounded exports --

def _link_next(headers) -> str | None:  # type: ignore[no-untyped-def]
    m = re.fullmatch(r'<([^>]+)>; rel="next"', headers.get("link", ""))
    return m.group(1) if m else None


@pytest.mark.parametrize("table", ["entities", "fused_events", "documents", "event_sources"])
def test_exports_are_paginated_with_a_next_link(client, table):
    full = client.get(f"/export/{table}.json?limit=100000")
    assert full.status_code == 200 and _link_next(full.headers) is None
    rows = full.json()
    assert int(full.headers["x-total-count"]) == len(rows) > 3
    paged, url = [], f"/export/{table}.json?limit=2"
    while url:
        page = client.get(url)
        assert page.status_code == 200 and len(page.json()) <= 2 and _security_headers_ok(page.headers)
        paged += page.json()
        url = _link_next(page.headers)
    assert paged == rows


def test_export_parameters_are_bounded(client):
    assert client.get("/export/entities.csv").headers["x-total-count"]
    for query in ("limit=0", "limit=100001", "offset=-1", "limit=abc", "offset=1e9"):
        r = client.get(f"/export/entities.csv?{query}")
        assert r.status_code == 400 and r.headers["content-type"].startswith("text/html"), query
    empty = client.get("/export/entities.csv?offset=1000000")
    assert empty.status_code == 200 and empty.text.startswith("doc_id,") and len(empty.text.splitlines()) == 1


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("big") / "big.duckdb"
    con = store.connect(path)
    store.write(con, [Document(id=f"big{i:03}", source=f"big{i}", text=f"word{i} " * 30_000) for i in range(100)])
    con.close()
    return path


def test_export_streams_in_bounded_memory(big_db):
    app = create_app(big_db, limits=_fast())
    sizes: list[int] = []
    tracemalloc.start()
    try:
        status, _ = asyncio.run(_call(app, _scope("/export/documents.json"), on_body=lambda b: sizes.append(len(b))))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 200 and sum(sizes) > 35e6
    assert peak < sum(sizes) / 4, (peak, sum(sizes))


def test_at_most_two_exports_at_once(big_db):
    app = create_app(big_db, limits=_fast())

    async def scenario():  # type: ignore[no-untyped-def]
        hold = asyncio.Event()
        held = [asyncio.create_task(_call(app, _scope("/export/documents.json"), hold=hold)) for _ in range(2)]
        await asyncio.sleep(0.5)  # both are now streaming, each stopped at its first chunk
        third = await _call(app, _scope("/export/documents.json"))
        hold.set()
        firsts = [(await t)[0] for t in held]
        return firsts, third, await _call(app, _scope("/export/documents.json"))

    firsts, third, after = asyncio.run(asyncio.wait_for(scenario(), 60))
    assert firsts == [200, 200] and after[0] == 200
    assert third[0] == 503 and third[1]["retry-after"] and _security_headers_ok(third[1])


# -- 3. CSV cells that a spreadsheet would run as formulas --

def test_csv_exports_neutralise_formulas_but_keep_numbers(client):
    docs = {r["id"]: r for r in csv.DictReader(io.StringIO(client.get("/export/documents.csv").text))}
    for field, value in FORMULAS.items():
        assert docs["formula"][field] == "'" + value, field
    quantity = [r for r in csv.DictReader(io.StringIO(client.get("/export/quantities.csv").text))
                if r["doc_id"] == "formula"][0]
    assert quantity["value"] == "-5.0" and quantity["text"] == "'-5 tonnes" and quantity["unit"] == "'-t"
    as_json = {d["id"]: d for d in client.get("/export/documents.json").json()}
    assert as_json["formula"]["title"] == FORMULAS["title"]  # JSON is data, not a sheet: left as it is


# -- 4. Markdown that cannot break out of code spans, links or tables --

EVIL_ID = "x`) [a](javascript:alert(1)) ``y|z\\"
EVIL = ("[click](javascript:alert(1)) ![i](http://e.example/i.png) *em* _em_ **b** <b>x</b> `c` ~~s~~ "
        "<javascript:alert(1)> https://evil.example www.evil.example @user #12 | ! &lt; \\")
EVIL_FUSED = "e'><script>alert(1)</script>"


def _evil_data() -> dict:  # type: ignore[type-arg]
    source = {"sentence": EVIL, "doc_id": EVIL_ID, "title": EVIL, "copy_status": EVIL, "start": 0, "end": 1}
    ev = DyadEvent(fused_id=EVIL_FUSED, type=EVIL, mode=None, actor=EVIL, target=EVIL, date=EVIL, dates=[EVIL, "x"],
                   place=EVIL, groups=1, negated=False, hypothetical=False, sources=[source])
    safe = DyadEvent(fused_id="ok-id_1", type="CONSULT", mode=None, actor="RUS", target="PRK", date="2019", dates=[],
                     place=None, groups=1, negated=False, hypothetical=False, sources=[source])
    claim = {"text": EVIL, "doc_id": EVIL_ID, "title": EVIL, "copy_status": "original"}
    return {"dyad": [EVIL, "PRK"], "summary": [{"text": "# " + EVIL, "cites": [EVIL_FUSED, "ok-id_1"]}],
            "index": [{"month": EVIL, "index": -1.5, "events": 1, "verbal_cooperation": 0, "material_cooperation": 0,
                       "verbal_conflict": 1, "material_conflict": 0}],
            "events": [ev, safe], "quotes": [{"speaker_actor": EVIL, "text": EVIL, **claim}],
            "series": [{"about": EVIL, "conflict": True, "period": EVIL, "values": [1.0], "unit": EVIL, "kind": EVIL,
                        "labels": [EVIL], "claims": [claim]}],
            "assessments": [{"reported": EVIL, "polarity": EVIL, "holder": EVIL, "holder_kind": "author", **claim}]}


def test_markdown_prints_hostile_text_as_text():
    from markdown_it import MarkdownIt

    md = render_markdown(_evil_data())
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    for tag in ("<img", "<em>", "<strong>", "<s>", "<script", "<b>"):
        assert tag not in html, tag
    assert html.count("<h1>") == 1
    assert all(re.fullmatch(r"#[A-Za-z0-9_-]+", h) for h in re.findall(r'href="([^"]*)"', html))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in re.findall(r"id='([^']*)'", html))
    assert "href=\"#ok-id_1\"" in html and "id='ok-id_1'" in html
    codes = re.findall(r"<code>(.*?)</code>", html)
    assert codes and all(c.strip() == escape(EVIL_ID, quote=False).replace('"', "&quot;") for c in codes)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert text.count(EVIL) >= 10  # every printed field whole: nothing cut at a pipe or eaten as markup
    assert "https://" not in md and "www.evil" not in md  # no bare autolinks for GFM renderers either


# -- 5. read-only SQL that cannot touch files --

def test_query_sql_cannot_read_or_write_files(db, tmp_path):
    local = tmp_path / "local.csv"
    local.write_text("a\n1\n")
    out = tmp_path / "out.csv"
    for sql in (f"COPY (SELECT * FROM documents) TO '{out}'", "SELECT * FROM read_text('/etc/passwd')",
                f"SELECT * FROM read_csv('{local}')", f"ATTACH '{tmp_path / 'x.duckdb'}' AS x",
                "SET enable_external_access = true", "SET lock_configuration = false",
                "INSTALL httpfs", f"EXPORT DATABASE '{tmp_path / 'dump'}'"):
        with pytest.raises(duckdb.Error, match="disabled|locked|Permission"):
            detente.query.sql(db, sql)
    assert not out.exists() and not (tmp_path / "x.duckdb").exists()
    assert detente.query.sql(db, "SELECT count(*) AS n FROM fused_events").to_pylist()[0]["n"] > 0
    assert detente.query.table(db, "related_stories") is not None
    assert detente.query.sql(db, "SELECT id FROM documents WHERE id = ?", ["formula"]).num_rows == 1
    if store.load_fts(duckdb.connect()):  # the BM25 index stays usable from SQL
        hits = detente.query.sql(db, "SELECT id FROM (SELECT id, fts_main_documents.match_bm25(id, 'Vladivostok') AS s "
                                     "FROM documents) WHERE s IS NOT NULL")
        assert hits.num_rows == 2


# -- 6. token handling, framing --

def test_token_redirect_stays_on_this_server(db):
    app = create_app(db, token=TOKEN, limits=_fast())
    for raw in (b"//evil.example/", b"/\\evil.example/", b"/\t/evil.example/", b"//evil.example/doc/x"):
        status, headers = asyncio.run(_call(app, _scope(raw.decode(), f"token={TOKEN}", raw=raw)))
        assert status == 303 and headers["location"] == "/", raw
        assert _security_headers_ok(headers)
    status, headers = asyncio.run(_call(app, _scope("/doc/a", f"token={TOKEN}&q=x")))
    assert headers["location"] == "/doc/a?q=x"


def test_only_a_bearer_token_is_accepted(db):
    client = _client(db, token=TOKEN)
    assert client.get("/", headers={"Authorization": TOKEN}).status_code == 401
    assert client.get("/", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert client.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_every_response_forbids_framing(db, client, tmp_path):
    small = TestClient(create_app(db, token=TOKEN, limits=Limits(requests_per_second=0.001, burst=2)),
                       base_url="http://localhost")
    broken = _client(tmp_path / "missing.duckdb")
    responses = [client.get("/"), client.get("/export/times.csv"), client.get("/doc/missing"), client.get("/nowhere"),
                 client.get("/dyad?a=RUS"), client.get("/", headers={"Host": "evil.example"}),
                 client.get("/?q=" + "x" * 5000), client.post("/", content=b"x" * 100_000), client.post("/doc/x"),
                 small.get("/"), small.get(f"/?token={TOKEN}", follow_redirects=False), small.get("/"), broken.get("/")]
    assert [r.status_code for r in responses] == [200, 200, 404, 404, 400, 400, 414, 413, 405, 401, 303, 429, 500]
    for r in responses:
        assert _security_headers_ok(r.headers), r.status_code


def test_short_tokens_are_refused(db, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    with pytest.raises(ValueError, match=r"^\[E024\].*15 characters"):
        create_app(db, token="x" * 15)
    with pytest.raises(ValueError, match=r"^\[E024\]"):
        detente.serve(db, host="0.0.0.0", token="s3cret", announce=lambda s: None)
    monkeypatch.setenv("DETENTE_TOKEN", "short")
    with pytest.raises(ValueError, match=r"^\[E024\]"):
        detente.serve(db, host="0.0.0.0", announce=lambda s: None)
    out = CliRunner().invoke(cli, ["serve", "--db", str(db), "--token", "s3cret"])
    assert out.exit_code == 2 and "E024" in out.output
    create_app(db, token="x" * 16)


# -- 7. odd parameters answer 400, not 500 --

def test_odd_parameters_are_400_pages_saying_what_is_accepted(client):
    for around in ("abcd", "+\\", "2019-13", "2019-02-30", "0000", "2019-4-5", "20190425", "٢٠١٩"):
        r = client.get("/dyad", params={"a": "RUS", "b": "PRK", "around": around})
        assert r.status_code == 400 and "YYYY-MM-DD" in r.text, around
        assert r.headers["content-type"].startswith("text/html")
    for around in ("2019", "2019-04", "2019-04-25", ""):
        assert client.get("/dyad", params={"a": "RUS", "b": "PRK", "around": around}).status_code == 200, around
    r = client.get("/dyad?a=RUS&b=PRK&officials=maybe")
    assert r.status_code == 400 and "officials" in r.text and r.headers["content-type"].startswith("text/html")
    assert client.get("/dyad?a=RUS").status_code == 400
    for a in ("R%00US", "RUS%01", "RUS%EF%BF%BE"):  # the SVG renderer aborts the process on these
        r = client.get(f"/dyad?a={a}&b=PRK")
        assert r.status_code == 400 and "control characters" in r.text, a
    assert client.get("/stories").status_code == 200  # a document without a story is listed under none


# -- 8. ids holding a slash --

def test_ids_with_slashes_open_and_are_linked_quoted(client):
    assert "Slashed talks" in client.get("/doc/doc%2F1").text
    assert client.get("/event/ev%2F1").status_code == 200
    assert "Slashed talks" in client.get("/story/story%2F1").text
    assert client.get("/actor/A%2FB").status_code == 200
    pages = {u: client.get(u).text for u in ("/", "/dyad?a=RUS&b=PRK", "/actor/RUS", "/stories",
                                             "/event/ev%2F1", "/story/story%2F1")}
    assert "href='/doc/doc%2F1'" in pages["/"] and "/doc/doc%2F1#s0" in pages["/dyad?a=RUS&b=PRK"]
    assert "/event/ev%2F1" in pages["/dyad?a=RUS&b=PRK"] and "/event/ev%2F1" in pages["/actor/RUS"]
    assert "/story/story%2F1" in pages["/stories"] and "/doc/doc%2F1#s0" in pages["/event/ev%2F1"]
    assert "/doc/doc%2F1" in pages["/story/story%2F1"]
    assert not any(re.search(r"href='/(doc|event|story)/[^']*/", p) for p in pages.values())


# -- 9. error pages are escaped HTML --

def test_errors_are_escaped_html_pages(client):
    for url, status in (("/doc/<script>alert(1)</script>", 404), ("/no/<script>", 404),
                        ("/export/x<script>.csv", 404), ("/?q=" + "<script>" * 40, 400)):
        r = client.get(url)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html"), url
        assert "<script>" not in r.text and '{"detail"' not in r.text and _security_headers_ok(r.headers)


# -- 10. a bounded rate table --

def test_rate_table_stays_bounded():
    limits = Limits(burst=1)
    assert limits.allow("spent", 0.0) and not limits.allow("spent", 0.0)
    for i in range(50_000):
        limits.allow(f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", 1.0)
        if i == 9_997:
            assert not limits.allow("spent", 0.0)  # still known: the most recent clients are kept
    assert len(limits.buckets) <= 10_000


# -- 11. a store locked by a writer --

def _hold_lock(path, seconds: float) -> subprocess.Popen:  # type: ignore[type-arg]
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
            "time.sleep(float(sys.argv[2]))")
    holder = subprocess.Popen([sys.executable, "-c", code, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_locked_store_is_a_503_that_reloads(db, tmp_path):
    path = tmp_path / "locked.duckdb"
    shutil.copy(db, path)
    client = _client(path)
    holder = _hold_lock(path, 30)
    try:
        began = time.monotonic()
        pages = [client.get("/"), client.get("/export/entities.csv")]
        waited = time.monotonic() - began
    finally:
        holder.kill()
        holder.wait()
    for r in pages:
        assert r.status_code == 503 and r.headers["retry-after"] == "2" and _security_headers_ok(r.headers)
        assert "<meta http-equiv='refresh' content='2'>" in r.text and "being updated" in r.text
        assert "Conflicting lock" not in r.text
    assert waited >= 3  # each retried for about 2 s before giving up
    assert client.get("/").status_code == 200


def test_a_brief_lock_is_waited_out(db, tmp_path):
    path = tmp_path / "brief.duckdb"
    shutil.copy(db, path)
    holder = _hold_lock(path, 0.5)
    try:
        assert _client(path).get("/doc/formula").status_code == 200
    finally:
        holder.wait()


# -- 12. scripts: the app's own, from files; specifications as inert data --

def test_scripts_come_only_from_the_app(client):
    r = client.get("/dyad?a=RUS&b=PRK&around=2019-04-25")
    csp = dict(d.strip().split(" ", 1) for d in r.headers["content-security-policy"].split(";"))
    assert csp["script-src"] == "'self'" and "unsafe-eval" not in csp["script-src"]
    tags = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, re.DOTALL)
    sources = [m.group(1) for attrs, _ in tags if (m := re.search(r"src='([^']*)'", attrs))]
    assert sources and all(s.startswith("/static/") for s in sources)
    blocks = [(attrs, body) for attrs, body in tags if "src=" not in attrs]
    assert blocks and all("type='application/json'" in attrs for attrs, _ in blocks)  # data, never run
    for _attrs, body in blocks:
        spec = json.loads(body)
        assert "<" not in body and spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert "<svg id='timeline'" in r.text  # the static chart, for a browser without scripts
    for path in sources:
        js = client.get(path)
        assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
        assert _security_headers_ok(js.headers)


def test_specification_json_cannot_close_its_block():
    from detente.answer.report import script_json

    hostile = {"label": "</script><script>alert(1)</script><!-- & \u2028"}
    text = str(script_json(hostile))
    assert not set("<>&") & set(text) and json.loads(text) == hostile
