"""Hostile inputs lose nothing and crash nothing; a killed ingest resumes to the same sound store."""
from __future__ import annotations

import random
import subprocess
import sys
import time

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente
from detente.hostile import assess, generate, good_sample
from detente.read.files import read_bytes
from detente.record import Document, Rejected

from .conftest import BBC, FIXTURES

CORPUS = BBC if BBC.exists() else FIXTURES / "bbc-sample.jsonl"


def test_hostile_inputs_each_end_as_document_or_error(tmp_path):
    cases = list(generate(tmp_path / "in", good_sample(CORPUS, 8), n=120))
    stats = detente.ingest([tmp_path / "in"], tmp_path / "h.duckdb")
    con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
    result = assess(cases, tmp_path / "in", con)
    assert result["good_stored"] == result["good_fed"] > 0
    assert result["bad_without_error"] == [] and result["unaccounted"] == []
    assert stats["errors"] > 80
    # Script, style and iframe content in an article body never reaches the stored text.
    assert con.execute("SELECT count(*) FROM documents WHERE text LIKE '%alert(%' OR text LIKE '%display:none%'"
                       ).fetchone()[0] == 0
    assert detente.check(tmp_path / "h.duckdb") == []


def test_kill_9_then_resume_gives_the_uninterrupted_store(tmp_path):
    folder = tmp_path / "in"
    list(generate(folder, good_sample(CORPUS, 12), n=40, seed=3))
    cmd = [sys.executable, "-m", "detente.cli", "ingest", str(folder), "--db"]
    subprocess.run(cmd + [str(tmp_path / "ref.duckdb")], check=True, capture_output=True)
    rng = random.Random(7)
    for run in range(2):
        db = tmp_path / f"k{run}.duckdb"
        proc = subprocess.Popen(cmd + [str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        proc.kill()
        proc.wait()
        subprocess.run(cmd + [str(db)], check=True, capture_output=True)
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
