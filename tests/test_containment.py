"""One crafted input among good ones: it becomes its own error row and the run goes on (issue 12)."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import detente
from detente import store
from detente.limits import time_budget
from detente.run import job, shards
from detente.settings import Settings

from .conftest import BBC, FIXTURES

CORPUS = BBC if BBC.exists() else FIXTURES / "bbc-sample.jsonl"


def _articles(n: int) -> list[str]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line, _ in zip(fh, range(n))]


def _good(folder: Path, n: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(_articles(n)):
        paths.append(folder / f"good-{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def _rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _errors(result: detente.Result) -> dict[str, str]:
    return {Path(r.source).name: r.code for r in result.rejected}


def test_lone_surrogates_in_a_record_are_replaced_and_the_document_stored(tmp_path):
    text = _articles(1)[0]
    line = json.dumps({"id": "a\udc80b", "title": "Talks \udc80resume", "text": text})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s.jsonl").write_text(line + "\n", encoding="utf-8")
    stats = detente.ingest([tmp_path / "in"], tmp_path / "s.duckdb")
    assert stats["failed"] == 0
    (title, record), = _rows(tmp_path / "s.duckdb", "SELECT title, record FROM documents")
    assert title == "Talks \ufffdresume"
    repairs = json.loads(record)["repairs"]
    assert any(r.startswith("title: 1") for r in repairs) and any("id " in r for r in repairs)


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_escapes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/r\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write(_articles(1)[0].encode())
    stats = detente.ingest([folder], tmp_path / "n.duckdb")
    assert stats["stored"] == 1 and stats["failed"] == 0
    (source,), = _rows(tmp_path / "n.duckdb", "SELECT source FROM documents")
    assert source.endswith("r\\xff\\xfe.txt")


def test_json_nested_too_deep_is_its_own_error(tmp_path):
    _good(tmp_path)
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep.txt").write_text("{\"a\":\n" * 50_000 + "1" + "}\n" * 50_000)  # pretty-printed: one file
    good = json.dumps({"text": _articles(3)[2]})
    (tmp_path / "mixed.jsonl").write_text(good + "\n" + "[" * 5000 + "]" * 5000 + "\n")
    result = detente.extract([tmp_path])
    codes = {r.source.rsplit("/", 1)[-1]: r.code for r in result.rejected}
    assert codes == {"deep.json#L1": "E018", "deep.txt": "E018", "mixed.jsonl#L2": "E018"}
    assert len(result.documents) == 3


def test_a_folder_nested_a_thousand_deep_is_walked_without_recursion(tmp_path):
    _good(tmp_path / "in", 1)
    deep = tmp_path / "in"
    for _ in range(1000):  # os.makedirs recurses too
        deep = deep / "d"
        deep.mkdir()
    (deep / "lost.txt").write_text(_articles(2)[1], encoding="utf-8")
    result = detente.extract([tmp_path / "in"], Settings(max_folder_depth=32))
    assert len(result.documents) == 1
    (row,) = result.rejected
    assert row.code == "E019" and row.source.count("/d") == 33


def test_a_malformed_warc_record_is_an_error_after_the_good_ones(tmp_path):
    html = b"<html><body><article><p>" + _articles(1)[0].encode() + b"</p></article></body></html>"
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    good = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(payload)
            + payload + b"\r\n\r\n")
    # An HTTP block with no status line: warcio raised AttributeError from inside its parser.
    bad = (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
           b"Content-Length: 12\r\n\r\nContent-Type\r\n\r\n")
    (tmp_path / "a.warc").write_bytes(good + bad)
    (tmp_path / "info.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields"
                                         b"\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")
    result = detente.extract([tmp_path])
    assert len(result.documents) == 1
    assert {Path(r.source).name: r.code for r in result.rejected} == {"a.warc#2": "E008", "info.warc": "E025"}


def test_an_unexpected_exception_in_a_stage_is_that_documents_error(tmp_path, monkeypatch, caplog):
    paths = _good(tmp_path, 3)
    real = detente.pipeline.annotate

    def annotate(doc, parsed):  # type: ignore[no-untyped-def]
        if doc.source == str(paths[1]):
            raise KeyError("crafted")
        return real(doc, parsed)

    monkeypatch.setattr(detente.pipeline, "annotate", annotate)
    with caplog.at_level(logging.ERROR, logger="detente"):
        result = detente.extract([tmp_path])
    assert len(result.documents) == 2
    (row,) = result.rejected
    assert row.code == "E017" and "Extraction" in row.reason and "KeyError" in row.reason
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)


def test_an_exception_inside_a_reader_keeps_what_it_read_and_goes_on(tmp_path, monkeypatch):
    _good(tmp_path, 2)
    (tmp_path / "x.warc").write_bytes(b"WARC/1.0\r\n")
    import detente.read.files as files

    def boom(stream, source, settings):  # type: ignore[no-untyped-def]
        raise RecursionError("deep")
        yield  # a generator, like the real reader

    monkeypatch.setattr(files, "iter_warc", boom)
    result = detente.extract([tmp_path])
    assert len(result.documents) == 2 and _errors(result) == {"x.warc": "E017"}


def test_links_outside_the_input_and_special_files_are_not_read(tmp_path):
    secret = tmp_path / "private" / "diary.txt"
    secret.parent.mkdir()
    secret.write_text("My private diary says nothing about talks. " * 5 + _articles(4)[3], encoding="utf-8")
    folder = tmp_path / "in"
    _good(folder, 1)
    (folder / "link.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "good-0.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    result = detente.extract([folder])
    assert _errors(result) == {"link.txt": "E020", "pipe.txt": "E020", "photo.jpg": "E021"}
    assert {Path(d.source).name for d in result.documents} == {"good-0.txt", "inside.txt"}
    assert not any("private diary" in d.text for d in result.documents)
    # Named directly, a FIFO is refused before it is opened (opening would block the run).
    assert [r.code for r in detente.extract([folder / "pipe.txt"]).rejected] == ["E020"]


def test_pathological_lines_are_processed_in_linear_time(tmp_path):
    article = _articles(1)[0]
    shapes = ["\n".join(["word"] * 13) + "\n" + "a" * 190_000,  # the cleaning regex: 34 s before
              article + "\n" + "a." * 20_000,  # the spin detector's lowercase-start pattern: 18 s per 40,000
              article + "\n" + "(" * 20_000]  # spaCy's tokenizer on one unbroken chunk: 30 s per 20,000
    for i, text in enumerate(shapes):
        (tmp_path / f"p{i}.txt").write_text(text, encoding="utf-8")
    # A generous bound that the quadratic versions exceeded several times over.
    with time_budget(20):
        result = detente.extract([tmp_path], Settings(time_budget_seconds=20))
    assert all(r.code == "E005" for r in result.rejected) and len(result.documents) == 2


def test_the_parse_runs_inside_the_documents_budget(tmp_path, monkeypatch):
    _good(tmp_path, 2)

    def slow(nlp, text):  # type: ignore[no-untyped-def]
        time.sleep(5)

    monkeypatch.setattr(detente.pipeline, "parse", slow)
    result = detente.extract([tmp_path], Settings(time_budget_seconds=0.3))
    assert [r.code for r in result.rejected] == ["E010", "E010"]


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:  # type: ignore[type-arg,no-untyped-def]
    return subprocess.run([sys.executable, "-m", "detente.cli", *args], capture_output=True, text=True, **kw)


def test_exit_status_says_whether_inputs_failed(tmp_path):
    _good(tmp_path / "in", 1)
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF")
    ok = _cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "a.duckdb"))
    assert ok.returncode == 0, ok.stderr
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    partial = _cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "b.duckdb"))
    assert partial.returncode == 1 and "1 failed" in partial.stderr and "Traceback" not in partial.stderr


def test_the_memory_cap_stops_cleanly_with_its_code(tmp_path):
    _good(tmp_path / "in", 2)
    low = _cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "m.duckdb"), "--max-memory-mb", "150")
    assert low.returncode == 4 and "[E023]" in low.stderr, low.stderr
    # A cap the run fits under no longer aborts the process before the search index is built.
    high = _cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "h.duckdb"), "--max-memory-mb", "1500")
    assert high.returncode == 0, high.stderr
    assert _rows(tmp_path / "h.duckdb", "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_documents'")[0][0] == 1


HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(float(sys.argv[2]))"


def _hold(db: Path, seconds: float) -> subprocess.Popen:  # type: ignore[type-arg]
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"  # type: ignore[union-attr]
    return proc


def test_an_ingest_waits_for_a_busy_store_or_says_so(tmp_path):
    _good(tmp_path / "in", 1)
    db = tmp_path / "w.duckdb"
    store.connect(db).close()
    proc = _hold(db, 3)
    stats = detente.ingest([tmp_path / "in"], db)  # waits the lock out
    proc.wait()
    assert stats["stored"] == 1
    proc = _hold(db, 30)
    try:
        with pytest.raises(store.StoreBusy, match=r"\[E022\]"):
            detente.ingest([tmp_path / "in"], db, Settings(lock_wait_seconds=0.5), reread=True)
        busy = _cli("ingest", str(tmp_path / "in"), "--db", str(db), "--wait", "0.5")
    finally:
        proc.kill()
    assert busy.returncode == 5 and "[E022]" in busy.stderr and "Traceback" not in busy.stderr


def test_a_shard_that_fails_or_kills_its_worker_is_recorded_and_the_rest_kept(tmp_path, monkeypatch):
    inputs = [tmp_path / f"in{i}" for i in range(3)]
    for folder in inputs:
        _good(folder, 1)
    monkeypatch.setattr(shards, "SHARD_FILES", 1)
    real = job._process_shard

    def dies(shard, out, settings):  # type: ignore[no-untyped-def]
        if "in1" in shard.files[0]:
            os._exit(9)  # forked workers inherit this patch: the worker process dies mid-shard
        return real(shard, out, settings)

    monkeypatch.setattr(job, "_process_shard", dies)
    stats = detente.ingest(inputs, tmp_path / "out.duckdb", engine="local", workers=2)
    assert stats["documents"] == 2 and stats["failed"] == 1
    (source, code), = _rows(tmp_path / "out.duckdb", "SELECT source, code FROM errors")
    assert "in1" in source and code == "E017"


def test_csv_output_neutralises_spreadsheet_formulas(tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app

    text = _articles(1)[0]
    (tmp_path / "f.jsonl").write_text(json.dumps({"title": "=HYPERLINK(\"http://evil.example\")", "text": text}) + "\n")
    out = tmp_path / "o.csv"
    assert CliRunner().invoke(app, ["extract", str(tmp_path / "f.jsonl"), "-o", str(out)]).exit_code == 0
    import csv

    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["title"].startswith("'=HYPERLINK")


def test_a_document_the_database_refuses_is_its_own_error_row(tmp_path, monkeypatch):
    paths = _good(tmp_path / "in", 3)
    real = store.write

    def refuse(con, docs, rejected=()):  # type: ignore[no-untyped-def]
        if any(d.source == str(paths[1]) for d in docs):
            raise duckdb.ConversionException("crafted value")
        return real(con, docs, rejected)

    monkeypatch.setattr(store, "write", refuse)
    stats = detente.ingest([tmp_path / "in"], tmp_path / "r.duckdb")
    monkeypatch.undo()
    assert stats["stored"] == 2 and stats["failed"] == 1
    ((source, code),) = _rows(tmp_path / "r.duckdb", "SELECT source, code FROM errors")
    assert source == str(paths[1]) and code == "E017"


def test_records_after_an_oversized_number_are_kept_and_impossible_dates_dropped(tmp_path):
    text = _articles(1)[0]
    lines = [json.dumps({"id": "year-one", "text": text, "published": "0001-01-01"}),
             '{"id": 1' + "0" * 5000 + ', "text": "x"}',  # over Python's 4,300-digit limit: ValueError
             json.dumps({"id": "after", "text": _articles(2)[1], "published": "2019-02-30"})]
    (tmp_path / "r.jsonl").write_text("\n".join(lines))
    result = detente.extract([tmp_path])
    assert sorted(d.id for d in result.documents) == ["after", "year-one"]  # "on Monday" from year 1 overflowed
    assert [(Path(r.source).name, r.code) for r in result.rejected] == [("r.jsonl#L2", "E004")]
    assert all(d.published is None or d.published >= "1800" for d in result.documents)


def test_an_unreadable_file_is_e001_with_the_systems_reason(tmp_path, monkeypatch):
    _good(tmp_path, 1)
    locked = tmp_path / "locked.txt"
    locked.write_text("text")
    real = Path.read_bytes

    def denied(self):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = detente.extract([tmp_path])
    assert len(result.documents) == 1 and [(r.code, "Permission denied" in r.reason) for r in result.rejected] == \
        [("E001", True)]


def test_a_feed_id_shared_by_different_articles_keeps_both_in_every_executor(tmp_path):
    texts = _articles(3)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({"id": "1", "text": texts[0]}) + "\n")
    (tmp_path / "in" / "b.jsonl").write_text(json.dumps({"id": "1", "text": texts[1]}) + "\n")
    (tmp_path / "in" / "c.jsonl").write_text(json.dumps({"id": "1", "text": texts[0]}) + "\n")  # a true copy
    inline = detente.extract([tmp_path / "in"])
    assert len(inline.documents) == 2 and [r.code for r in inline.rejected] == ["E015"]
    assert any("already names other content" in r for d in inline.documents for r in d.repairs)
    stats = detente.ingest([tmp_path / "in"], tmp_path / "out.duckdb", engine="local", workers=1)
    assert stats["stored"] == 2 and stats["skipped"] == 1
    ingested = detente.ingest([tmp_path / "in"], tmp_path / "i.duckdb")
    assert ingested["stored"] == 2 and ingested["skipped"] == 1


def test_no_fallback_inside_a_stage_swallows_the_time_budget(tmp_path, monkeypatch):
    import trafilatura

    calls = []

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        time.sleep(3)

    monkeypatch.setattr(trafilatura, "bare_extraction", slow)
    (tmp_path / "a.html").write_text("<html><body><p>" + _articles(1)[0] + "</p></body></html>")
    result = detente.extract([tmp_path], Settings(time_budget_seconds=0.5))
    assert [r.code for r in result.rejected] == ["E010"] and len(calls) == 1  # no retry after the alarm


def test_a_memory_cap_stop_during_a_write_is_not_taken_for_a_bad_document(tmp_path, monkeypatch):
    from detente.limits import MemoryCapExceeded, stopped_by_cap

    _good(tmp_path / "in", 2)

    def interrupted(con, docs, rejected=()):  # type: ignore[no-untyped-def]
        try:
            raise MemoryCapExceeded()
        except MemoryCapExceeded as exc:
            raise duckdb.InterruptException("Query interrupted") from exc  # how DuckDB reports the signal

    monkeypatch.setattr(store, "write", interrupted)
    with pytest.raises(duckdb.InterruptException) as caught:
        detente.ingest([tmp_path / "in"], tmp_path / "m.duckdb")
    assert stopped_by_cap(caught.value)
