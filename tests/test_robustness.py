"""Hostile inputs lose nothing and crash nothing; a killed ingest resumes to the same sound store."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente
from detente.limits import BudgetExceeded, time_budget
from detente.read.files import read_bytes, read_file
from detente.record import Document, Rejected
from detente.testing.accounting import account, assess
from detente.testing.hostile import generate, good_sample, remove

from .conftest import BBC, FIXTURES

CORPUS = BBC if BBC.exists() else FIXTURES / "bbc-sample.jsonl"
INGEST = [sys.executable, "-m", "detente.cli", "ingest"]
# `detente ingest` and `detente extract` exit 0 when every input was stored (or is a notice) and PARTIAL when
# the run finished with some inputs as error rows. A crash also exits 1: a finished run prints its summary
# line ("N failed, M skipped") and no traceback.
PARTIAL = 1
SUMMARY = re.compile(r"\b(\d+) failed, (\d+) skipped")


def finished(proc: subprocess.CompletedProcess[str]) -> bool:
    summary = SUMMARY.search(proc.stderr)
    return (proc.returncode in (0, PARTIAL) and summary is not None and "Traceback" not in proc.stderr
            and (int(summary[1]) > 0) == (proc.returncode == PARTIAL))


@pytest.fixture
def hostile_dir(tmp_path):  # type: ignore[no-untyped-def]
    """A folder for generated inputs, removed afterwards without recursion (its 1,000-deep chain is beyond
    shutil.rmtree in Python 3.11, which pytest's own clean-up uses)."""
    folder = tmp_path / "in"
    yield folder
    remove(folder)


def _nothing_lost(result: dict[str, object]) -> None:
    for key in ("lost_good", "bad_without_error", "unaccounted", "kept_records_missing", "wrong_code", "leaked",
                "unmatched_rows"):
        assert result[key] == [], f"{key}: {result[key]}\nby kind: {result['by_kind']}"


def test_hostile_inputs_each_end_as_document_or_error(tmp_path, hostile_dir):
    cases = list(generate(hostile_dir, good_sample(CORPUS, 8), n=120))
    kinds = {c.kind for c in cases}
    assert {"lone_surrogate", "deep_json", "deep_folder", "symlink_outside", "warc_good_then_bad",
            "unbroken_line", "unbroken_gzip"} <= kinds
    stats = detente.ingest([hostile_dir], tmp_path / "h.duckdb")
    con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
    result = assess(cases, hostile_dir, con)
    assert result["good_stored"] == result["good_fed"] > 0
    _nothing_lost(result)
    assert stats["errors"] > 80
    # Script, style and iframe content in an article body never reaches the stored text.
    assert con.execute("SELECT count(*) FROM documents WHERE text LIKE '%alert(%' OR text LIKE '%display:none%'"
                       ).fetchone()[0] == 0
    # Lone surrogates are stored as U+FFFD; a name that is not UTF-8 shows its bytes as escapes.
    titles = [r[0] for r in con.execute("SELECT title FROM documents WHERE source LIKE '%lone_surrogate-%'").fetchall()]
    assert titles and all("\ufffd" in t for t in titles)
    if "non_utf8_name" in kinds:
        names = con.execute("SELECT source FROM documents WHERE source LIKE '%non_utf8_name-%'").fetchall()
        assert names and all("\\x" in r[0] for r in names)
    # The deep folder chain is one row, at the limit, not a thousand.
    e019 = [r[0] for r in con.execute("SELECT source FROM errors WHERE code = 'E019'").fetchall()]
    assert len(e019) == sum(c.kind == "deep_folder" for c in cases)
    limit = detente.Settings().max_folder_depth
    levels = [len(s.split("/deep_folder-", 1)[1].split("/")) for s in e019]
    assert all(limit <= n <= limit + 1 for n in levels), levels
    con.close()
    assert detente.check(tmp_path / "h.duckdb") == []


def test_cli_finishes_with_partial_status_on_hostile_inputs_and_stores_every_good_one(tmp_path, hostile_dir):
    cases = list(generate(hostile_dir, good_sample(CORPUS, 6), n=40, seed=5))
    db = tmp_path / "h.duckdb"
    proc = subprocess.run(INGEST + [str(hostile_dir), "--db", str(db)], capture_output=True, text=True)
    assert proc.returncode == PARTIAL and finished(proc), f"exit {proc.returncode}: {proc.stderr[-3000:]}"
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = assess(cases, hostile_dir, con)
    finally:
        con.close()
    assert result["good_stored"] == result["good_fed"] > 0
    _nothing_lost(result)
    # extract: the same status; the good inputs are in its output.
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "extract", str(hostile_dir), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == PARTIAL and finished(proc), f"exit {proc.returncode}: {proc.stderr[-3000:]}"
    sources = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    good = [c for c in cases if c.expect == "good"]
    result = account(good, hostile_dir, [(s, "") for s in sources], [])
    assert result["lost_good"] == []


def test_cli_exits_0_when_every_input_is_stored_or_a_notice(tmp_path, hostile_dir):
    texts = good_sample(CORPUS, 3)
    cases = list(generate(hostile_dir, texts, kinds=["hidden", "unknown_suffix", "symlink_inside"]))
    for name in ("a", "b"):  # the same record id twice: the second is a duplicate notice (E015)
        (hostile_dir / f"same-id-{name}.jsonl").write_text(json.dumps({"id": "same-1", "text": texts[0]}))
    proc = subprocess.run(INGEST + [str(hostile_dir), "--db", str(tmp_path / "ok.duckdb")], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and finished(proc), f"exit {proc.returncode}: {proc.stderr[-3000:]}"
    assert SUMMARY.search(proc.stderr)[2] == "3", proc.stderr  # type: ignore[index]  # hidden, suffix, copy
    assert len(cases) >= 6


def test_a_long_unbroken_line_is_cleaned_quickly(tmp_path):
    """A short line, then 190,000 letters with no space: a backtracking pattern took minutes on it."""
    from detente.clean import clean
    from detente.testing.hostile import unbroken_gzip, unbroken_line

    rng = random.Random(0)
    for make in (unbroken_line, unbroken_gzip):
        suffix, data = make(rng, "")
        (tmp_path / f"x{suffix}").write_bytes(data)
        start = time.perf_counter()
        try:
            with time_budget(10.0):
                items = [clean(i) if isinstance(i, Document) else i for i in read_file(tmp_path / f"x{suffix}")]
        except BudgetExceeded:
            pytest.fail(f"{make.__name__}: cleaning took over 10 s")
        assert time.perf_counter() - start < 5.0, make.__name__
        assert items and all(isinstance(i, Document) or i.code == "E005" for i in items), items


def test_kill_9_then_resume_gives_the_uninterrupted_store(tmp_path, hostile_dir):
    folder = hostile_dir
    list(generate(folder, good_sample(CORPUS, 12), n=40, seed=3))
    cmd = INGEST + [str(folder), "--db"]
    assert finished(subprocess.run(cmd + [str(tmp_path / "ref.duckdb")], capture_output=True, text=True))
    rng = random.Random(7)
    for run in range(2):
        db = tmp_path / f"k{run}.duckdb"
        proc = subprocess.Popen(cmd + [str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        proc.kill()
        proc.wait()
        resumed = subprocess.run(cmd + [str(db)], capture_output=True, text=True)
        assert finished(resumed), f"exit {resumed.returncode}: {resumed.stderr[-3000:]}"
        assert detente.check(db) == []
        assert _ids(db) == _ids(tmp_path / "ref.duckdb")


def _ids(db) -> set[str]:  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
    finally:
        con.close()


def test_check_finds_orphans_and_half_documents(tmp_path):
    db = tmp_path / "x.duckdb"
    detente.ingest([FIXTURES / "bbc-sample.jsonl"], db)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO events (doc_id, type) VALUES ('nope', 'CONSULT')")
    con.execute("DELETE FROM entities WHERE doc_id = (SELECT min(doc_id) FROM entities)")
    con.close()
    problems = detente.check(db)
    assert any("orphan rows in events" in p for p in problems)
    assert any("entities rows disagree" in p for p in problems)


def test_time_budget_turns_a_slow_document_into_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(good_sample(CORPUS, 1)[0], encoding="utf-8")
    result = detente.extract([tmp_path], detente.Settings(time_budget_seconds=1e-6))
    assert result.documents == [] and [r.code for r in result.rejected] == ["E010"]


SUFFIXES = st.sampled_from([".txt", ".html", ".jsonl", ".json", ".warc", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=SUFFIXES)
def test_readers_never_raise_on_any_bytes(data: bytes, suffix: str) -> None:
    for item in read_bytes(data, "fuzz", suffix):
        assert isinstance(item, (Document, Rejected))
        if isinstance(item, Rejected):
            assert item.reason.startswith(f"[{item.code}]")


@settings(max_examples=200, deadline=None)
@given(data=st.text(max_size=2000), suffix=SUFFIXES)
def test_readers_never_raise_on_any_text(data: str, suffix: str) -> None:
    assert all(isinstance(i, (Document, Rejected)) for i in read_bytes(data.encode("utf-8", "surrogatepass"),
                                                                         "fuzz", suffix))
