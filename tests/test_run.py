"""Executors: local process pool and Ray Data give the inline pipeline's documents; a killed run resumes
to the same output."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import duckdb
import pytest

import detente
from detente.run import local as local_run
from detente.run import shards as shard_mod

from .conftest import FIXTURES, SEEDS


def _docs(db) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT id, duplicate_of, copy_status, story FROM documents ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.fixture()
def small_parts(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shard_mod, "SPLIT_BYTES", 20_000)  # split the sample JSONL into several shards


def test_local_pool_matches_inline(tmp_path, small_parts):
    inputs = [str(SEEDS), str(FIXTURES / "bbc-sample.jsonl")]
    inline = tmp_path / "inline.duckdb"
    detente.ingest(inputs, inline)
    stats = local_run.run_local(inputs, tmp_path / "out", workers=2)
    assert stats["shards"] > 2 and stats["documents"] == 27
    first = _docs(tmp_path / "out" / "detente.duckdb")
    assert [r[0] for r in first] == [r[0] for r in _docs(inline)]
    again = local_run.run_local(inputs, tmp_path / "out", workers=2)
    assert again["shards_run"] == 0 and _docs(tmp_path / "out" / "detente.duckdb") == first


def test_killed_run_resumes_to_identical_output(tmp_path):
    inputs = [str(SEEDS), str(FIXTURES / "bbc-sample.jsonl")]
    cmd = [sys.executable, "-m", "detente.cli", "extract", *inputs, "--engine", "local", "--workers", "1", "-o"]
    subprocess.run(cmd + [str(tmp_path / "ref")], check=True, capture_output=True)
    proc = subprocess.Popen(cmd + [str(tmp_path / "k")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4.0)
    proc.kill()
    proc.wait()
    subprocess.run(cmd + [str(tmp_path / "k")], check=True, capture_output=True)
    assert _docs(tmp_path / "k" / "detente.duckdb") == _docs(tmp_path / "ref" / "detente.duckdb")
    assert detente.check(tmp_path / "k" / "detente.duckdb") == []
    manifest = json.loads((tmp_path / "k" / "manifest.json").read_text())
    assert all((tmp_path / "k" / "shards" / f"{s['id']}.done").exists() for s in manifest["shards"])


@pytest.mark.slow
def test_ray_data_matches_local(tmp_path, small_parts):
    pytest.importorskip("ray")
    from detente.run.ray_exec import run_ray

    inputs = [str(SEEDS), str(FIXTURES / "bbc-sample.jsonl")]
    stats = run_ray(inputs, tmp_path / "ray", workers=2)
    local_run.run_local(inputs, tmp_path / "local", workers=1)
    assert stats["documents"] == 27
    assert _docs(tmp_path / "ray" / "detente.duckdb") == _docs(tmp_path / "local" / "detente.duckdb")
