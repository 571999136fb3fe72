"""Readers and bad input: every format, every failure recorded with a reason, re-runs idempotent."""
from __future__ import annotations

import gzip
import io
import json

import duckdb
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import detente
from detente.read import read_paths
from detente.record import Document, Rejected

from .conftest import SEEDS, bbc_articles

HTML = """<!doctype html><html><head><title>Talks resume</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2021-06-02"></head><body><nav>Home | World</nav>
<article><h1>Talks resume</h1><p>{body}</p></article><footer>Copyright 2021</footer></body></html>"""


def _article(i: int = 0) -> str:
    return bbc_articles(5)[i]["text"]


def test_html_and_gzip_html(tmp_path):
    body = _article().replace("\n\n", "</p><p>")
    (tmp_path / "a.html").write_text(HTML.format(body=body), encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(HTML.format(body=_article(1).replace("\n\n", "</p><p>")).encode()))
    docs = detente.extract([tmp_path]).documents
    assert len(docs) == 2
    a = next(d for d in docs if d.source.endswith("a.html"))
    assert a.title == "Talks resume" and a.outlet == "Example News" and a.published == "2021-06-02"
    assert "Home | World" not in a.text and _article().split("\n")[2][:40] in a.text


def test_jsonl_records_keep_their_ids_and_metadata(tmp_path):
    rows = [{"id": "r1", "text": _article(0), "title": "T1", "published": "2005-01-02", "outlet": "BBC"},
            {"id": "r2", "html": HTML.format(body=_article(1))}, ["not", "an", "object"], {"id": "r3"}]
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken", encoding="utf-8")
    items = list(read_paths([tmp_path / "x.jsonl"]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, Rejected)]
    assert [d.id for d in docs] == ["r1", "r2"] and docs[0].outlet == "BBC"
    assert len(errors) == 3 and all(e.code == "E004" for e in errors)


def test_warc_gz(tmp_path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(2):
        payload = HTML.format(body=_article(i).replace("\n\n", "</p><p>")).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buf.getvalue())
    docs = detente.extract([tmp_path]).documents
    assert sorted(d.url for d in docs) == ["https://example.org/0", "https://example.org/1"]


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(_article().encode())[:40])
    (tmp_path / "good.txt").write_text(_article(2), encoding="utf-8")
    result = detente.extract([tmp_path])
    assert len(result.documents) == 1
    codes = {r.source.rsplit("/", 1)[-1]: r.code for r in result.rejected}
    assert codes == {"empty.txt": "E002", "binary.html": "E006", "cut.txt.gz": "E007"}
    assert all(r.reason.startswith(f"[{r.code}]") for r in result.rejected)


def test_mojibake_is_repaired(tmp_path):
    (tmp_path / "m.txt").write_bytes(("Monday, 3 January 2005\n\nHeadline\n\n" + _article(3)).encode("utf-8")
                                     .replace(b"the", "the\u00e2\u20ac\u2122s".encode("utf-8"), 1))
    doc = detente.extract([tmp_path]).documents[0]
    assert "\u00e2\u20ac" not in doc.text and doc.published == "2005-01-03"


def test_ingest_twice_adds_nothing_and_errors_are_stored(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"")
    db = tmp_path / "x.duckdb"
    first = detente.ingest([SEEDS, tmp_path / "in"], db)
    second = detente.ingest([SEEDS, tmp_path / "in"], db)
    assert first["added"] == 2 and second["added"] == 0
    con = duckdb.connect(str(db), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "events", "errors")}
    assert counts["documents"] == 2 and counts["errors"] == 1
    assert con.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0


def test_oversized_and_articleless_pages_are_errors(tmp_path):
    (tmp_path / "huge.html").write_bytes(b"<html><body><p>" + b"word " * 5_000_000 + b"</p></body></html>")
    (tmp_path / "listing.html").write_text("<html><body><nav><a href='/a'>A</a> | <a href='/b'>B</a></nav>"
                                           "</body></html>", encoding="utf-8")
    (tmp_path / "good.html").write_text(HTML.format(body=_article(1).replace("\n\n", "</p><p>")), encoding="utf-8")
    result = detente.extract([tmp_path], detente.Settings(max_file_bytes=10_000_000))
    codes = {r.source.rsplit("/", 1)[-1]: r.code for r in result.rejected}
    assert codes == {"huge.html": "E003", "listing.html": "E005"}
    assert [d.title for d in result.documents] == ["Talks resume"]


def test_wrong_charset_declaration_is_repaired_not_lost(tmp_path):
    body = "Le ministre a déclaré que les négociations reprendront à Genève. " * 20
    page = HTML.replace("<head>", "<head><meta charset='iso-8859-1'>").format(body=body)
    (tmp_path / "fr.html").write_bytes(page.encode("utf-8"))
    doc = detente.extract([tmp_path]).documents[0]
    assert "négociations" in doc.text and "Ã" not in doc.text


def test_non_english_is_stored_and_flagged_not_extracted(tmp_path):
    text = ("Die Bundesregierung hat am Montag neue Sanktionen gegen Russland angekündigt. Der Kanzler sagte, "
            "man werde die Ukraine weiter unterstützen und mit den Partnern in Brüssel beraten. ") * 6
    (tmp_path / "de.txt").write_text(text, encoding="utf-8")
    doc = detente.extract([tmp_path]).documents[0]
    assert doc.language == "de" and not doc.spin.spun
    assert doc.events == [] and doc.quotes == []


def test_json_file_with_one_record_or_an_array(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "a", "text": _article(0)}, indent=2), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"id": "b", "text": _article(1)}, {"id": "c", "text": 5}]),
                                        encoding="utf-8")
    result = detente.extract([tmp_path])
    assert sorted(d.id for d in result.documents) == ["a", "b"]
    assert [r.code for r in result.rejected] == ["E004"] and result.rejected[0].source.endswith("many.json#1")
