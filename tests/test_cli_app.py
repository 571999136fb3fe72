"""CLI help and output formats; the web app escapes hostile text and serves only what it should."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import detente
from detente import store
from detente.answer.app import create_app
from detente.cli import app
from detente.record import Document, Entity, Spin
from detente.schema import document_schema

from .conftest import ROOT, SEEDS

runner = CliRunner()


def test_every_command_is_documented_with_an_example():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        out = runner.invoke(app, [name, "--help"], terminal_width=200)
        assert out.exit_code == 0 and "Example: detente " + name in " ".join(out.output.split()), name
        assert f"`detente {name}" in (ROOT / "README.md").read_text(encoding="utf-8"), f"{name} not in README"


def test_extract_jsonl_matches_the_schema(tmp_path):
    out = tmp_path / "s.jsonl"
    res = runner.invoke(app, ["extract", str(SEEDS), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2
    for row in rows:
        jsonschema.validate(row, document_schema())


def test_committed_schema_is_current():
    assert json.loads((ROOT / "docs" / "document.schema.json").read_text()) == document_schema()


def test_extract_csv_and_parquet(tmp_path):
    import pyarrow.parquet as pq

    assert runner.invoke(app, ["extract", str(SEEDS), "-o", str(tmp_path / "s.csv")]).exit_code == 0
    assert runner.invoke(app, ["extract", str(SEEDS), "-o", str(tmp_path / "s.parquet")]).exit_code == 0
    assert pq.read_table(tmp_path / "s.parquet").num_rows == 2
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith("id,")


def test_report_command_writes_html(tmp_path, seed_db):
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", "--db", str(seed_db), "--dyad", "RUS", "PRK", "--around", "2019-04-25",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<svg id='timeline'" in html and "<script" not in html and "http" not in html.split("<body>")[0]


HOSTILE = "<script>alert(1)</script>\"' onmouseover='x"


@pytest.fixture()
def hostile_db(tmp_path):
    text = (f"Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on 25 April 2019. "
            f"{HOSTILE} <a href='javascript:alert(1)'>x</a>")
    doc = Document(id="evil", source="x", text=text, title=HOSTILE, published="2019-04-26", raw=text)
    from detente.pipeline import cross_document, per_document

    db = tmp_path / "h.duckdb"
    con = store.connect(db)
    store.write(con, per_document([doc]))  # type: ignore[arg-type]
    cross_document(con)
    con.close()
    return db


def test_app_escapes_everything(hostile_db):
    client = TestClient(create_app(hostile_db), base_url="http://localhost")
    con = store.connect(hostile_db, read_only=True)
    fused = con.execute("SELECT min(fused_id), min(story) FROM events JOIN documents d ON d.id = doc_id").fetchone()
    con.close()
    for url in ("/", "/?q=Putin", "/doc/evil", "/dyad?a=RUS&b=PRK&around=2019-04-25", f"/event/{fused[0]}",
                "/actor/RUS", "/stories", f"/story/{fused[1]}", "/export/fused_events.json"):
        r = client.get(url)
        assert r.status_code == 200, url
        inert = re.sub(r"(&#39;|&#x27;)javascript:alert\(1\)(&#39;|&#x27;)", "", r.text)  # escaped text
        assert "<script>" not in r.text and "javascript:alert" not in inert
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert HOSTILE not in r.text  # no attribute-breaking quote or tag survives unescaped
    assert client.get("/export/documents.csv").status_code == 200
    assert client.get("/export/..%2f..%2fetc%2fpasswd.csv").status_code == 404
    assert client.get("/doc/missing").status_code == 404


def test_report_escapes_hostile_titles(hostile_db):
    html = detente.report(hostile_db, "RUS", "PRK", "2019-04-25")
    assert "<script>" not in html and "&lt;script&gt;" in html


names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=25, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300), title=names)
def test_documents_round_trip_through_the_store(tmp_path_factory, text, title):
    doc = Document(id="d", source="s", text=text, title=title or None, spin=Spin(0.2, False, [{"phrase": title}]),
                   entities=[Entity(text=title, start=0, end=len(title), label="PERSON", actor=title)])
    con = store.connect(tmp_path_factory.mktemp("rt") / "rt.duckdb")
    store.write(con, [doc])
    store.write(con, [doc])
    [back] = store.load_documents(con)
    assert back.to_dict() == doc.to_dict()


def test_token_required_when_set_and_traded_for_a_cookie(hostile_db):
    client = TestClient(create_app(hostile_db, token="s3cret-s3cret-s3cret"), base_url="http://localhost")
    assert client.get("/").status_code == 401
    assert client.get("/export/documents.csv").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    r = client.get("/?token=s3cret-s3cret-s3cret&q=Putin", follow_redirects=False)
    assert r.status_code == 303 and "token" not in r.headers["location"]
    assert client.get(r.headers["location"]).status_code == 200  # the cookie now carries it
    fresh = TestClient(create_app(hostile_db, token="s3cret-s3cret-s3cret"), base_url="http://localhost")
    assert fresh.get("/", headers={"Authorization": "Bearer s3cret-s3cret-s3cret"}).status_code == 200


def test_rate_and_size_limits(hostile_db):
    from detente.answer.security import Limits

    client = TestClient(create_app(hostile_db, limits=Limits(requests_per_second=0.001, burst=3)),
                        base_url="http://localhost")
    codes = [client.get("/doc/missing").status_code for _ in range(5)]
    assert codes[:3] == [404] * 3 and codes[3:] == [429, 429]
    client = TestClient(create_app(hostile_db), base_url="http://localhost")
    assert client.get("/?q=" + "x" * 5000).status_code == 414
    assert client.post("/", content=b"x" * 100_000).status_code == 413


def test_serve_binds_loopback_by_default_and_demands_a_token_elsewhere(monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    said: list[str] = []
    detente.serve("x.duckdb", announce=said.append)
    detente.serve("x.duckdb", host="0.0.0.0", announce=said.append)
    assert calls[0]["host"] == "127.0.0.1" and "token=" not in said[0]
    assert calls[1]["host"] == "0.0.0.0" and "?token=" in said[1]


def test_version_and_unknown_actor_codes_get_the_nearest_known(seed_db):
    out = runner.invoke(app, ["--version"])
    assert out.exit_code == 0 and out.output.startswith("detente ")
    bad = runner.invoke(app, ["report", "--db", str(seed_db), "--dyad", "RUSS", "PRK"], terminal_width=200)
    assert bad.exit_code == 2 and "E011" in bad.output and "RUS" in bad.output
    named = runner.invoke(app, ["report", "--db", str(seed_db), "--dyad", "Russia", "North Korea", "-o",
                                str(seed_db.parent / "named.json")])
    assert named.exit_code == 0, named.output


def test_app_pages_as_users_expect(seed_db):
    client = TestClient(create_app(seed_db), base_url="http://localhost")
    found = client.get("/?q=vladivostok").text
    assert "2 documents match" in found and found.count("<mark>Vladivostok</mark>") >= 2
    assert "No documents match &ldquo;zzzqqq&rdquo;" in client.get("/?q=zzzqqq").text
    home = client.get("/").text
    assert "2 documents, newest first" in home
    assert "href='/export/fused_events.csv'" in home and "href='/export/stories.json'" in home
    dyad = client.get("/dyad?a=rus&b=PRK&around=2019-04-25").text
    assert re.search(r"\b\d+ events &middot; download as <a href='/dyad/events.csv\?a=rus&amp;b=PRK&amp;around=", dyad)
    events = client.get("/dyad/events.json?a=rus&b=PRK").json()
    assert len(events) >= 8 and {"fused_id", "date", "type", "independent_sources"} <= set(events[0])
    table = client.get("/dyad/events.csv?a=RUS&b=PRK")
    assert table.headers["content-disposition"] == "attachment; filename=RUS-PRK-events.csv"
    assert table.text.startswith("fused_id,date,dates,type") and len(table.text.splitlines()) == len(events) + 1
    assert client.get("/dyad/events.xml?a=RUS&b=PRK").status_code == 404
    stories = client.get("/stories").text
    assert "1 story &middot;" in stories and "href='/export/stories.csv'" in stories
    event = client.get(f"/event/{events[0]['fused_id']}").text
    assert re.search(r"\b1 independent source group, 1 document\b", event)


def test_the_actor_page_answers_an_unknown_code_with_the_nearest_known(seed_db):
    client = TestClient(create_app(seed_db), base_url="http://localhost")
    page = client.get("/actor/RUSS")
    assert page.status_code == 200 and "id='unknown'" in page.text and "/actor/RUS'" in page.text
    assert "id='unknown'" not in client.get("/actor/RUS").text
