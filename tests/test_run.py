"""One run path: inline, the local pool and Ray give the same store, every table; a killed run resumes to the
same store; a store built a batch at a time relates documents as one built at once."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import detente
from detente.run import shards as shard_mod
from detente.store.schema import TABLES
from detente.testing import copies

from .conftest import FIXTURES, SEEDS, bbc_articles


def _rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def tables(db: Path) -> dict[str, list[str]]:
    """Every table of a store, its rows sorted (the engines read the same files)."""
    return {t: sorted(map(repr, _rows(db, f"SELECT * FROM {t}"))) for t in [*(t.name for t in TABLES), "lsh_keys"]}


def _docs(db: Path) -> list[tuple]:  # type: ignore[type-arg]
    return _rows(db, "SELECT id, duplicate_of, copy_status, story FROM documents ORDER BY id")


@pytest.fixture()
def small_parts(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shard_mod, "SPLIT_BYTES", 20_000)  # split the sample JSONL into several shards


@pytest.fixture(scope="module")
def dated_corpus(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """BBC dev articles given report dates a few days apart, with copies of some (excerpts, reposts,
    spun), so that copy groups, fused events and stories all have something to join."""
    folder = tmp_path_factory.mktemp("corpus")
    rng = random.Random(7)
    rows = []
    for i, art in enumerate(bbc_articles(60)):
        date = f"2005-03-{1 + i % 28:02d}"
        rows.append({"id": f"bbc-{i}", "text": art["text"], "published": date})
        if i % 4 == 0:
            make = [copies.truncated, copies.reheaded, copies.spun][i % 3]
            rows.append({"id": f"copy-{i}", "text": make(art["text"], rng), "published": date})
    rng.shuffle(rows)
    half = len(rows) // 2
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:half]), encoding="utf-8")
    (folder / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[half:]), encoding="utf-8")
    return folder


def test_local_pool_gives_the_inline_store_and_resumes(tmp_path, small_parts):
    inputs = [str(SEEDS), str(FIXTURES / "bbc-sample.jsonl")]
    detente.ingest(inputs, tmp_path / "inline.duckdb")
    stats = detente.ingest(inputs, tmp_path / "local.duckdb", engine="local", workers=2)
    assert stats["stored"] == 27 and stats["shards"] > 2
    assert not (tmp_path / "local.duckdb.work").exists()  # stored and related: the next run plans afresh
    assert tables(tmp_path / "local.duckdb") == tables(tmp_path / "inline.duckdb")
    again = detente.ingest(inputs, tmp_path / "local.duckdb", engine="local", workers=2)
    assert again["added"] == 0 and tables(tmp_path / "local.duckdb") == tables(tmp_path / "inline.duckdb")


def test_extract_is_the_same_run_into_a_temporary_store(tmp_path):
    inputs = [str(SEEDS), str(FIXTURES / "bbc-sample.jsonl")]
    inline = detente.extract(inputs)
    local = detente.extract(inputs, engine="local", workers=1)
    assert [d.to_dict() for d in local.documents] == [d.to_dict() for d in inline.documents]
    assert [d.source for d in inline.documents][:2] == sorted(str(p) for p in SEEDS.iterdir())[:2]


def test_killed_run_resumes_to_identical_output(tmp_path):
    inputs = [str(SEEDS), str(FIXTURES / "bbc-sample.jsonl")]
    cmd = [sys.executable, "-m", "detente.cli", "ingest", *inputs, "--engine", "local", "--workers", "1", "--db"]
    subprocess.run(cmd + [str(tmp_path / "ref.duckdb")], check=True, capture_output=True)
    proc = subprocess.Popen(cmd + [str(tmp_path / "k.duckdb")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4.0)
    proc.kill()
    proc.wait()
    subprocess.run(cmd + [str(tmp_path / "k.duckdb")], check=True, capture_output=True)
    assert tables(tmp_path / "k.duckdb") == tables(tmp_path / "ref.duckdb")
    assert detente.check(tmp_path / "k.duckdb") == []


def test_a_store_built_in_batches_relates_documents_as_one_built_at_once(tmp_path, dated_corpus):
    whole = tmp_path / "whole.duckdb"
    detente.ingest([dated_corpus], whole)
    batched = tmp_path / "batched.duckdb"
    detente.ingest([dated_corpus / "a.jsonl"], batched)
    stats = detente.ingest([dated_corpus / "b.jsonl"], batched)
    assert stats["related"] == stats["added"] > 0
    assert _copy_groups(batched) == _copy_groups(whole) and len(_copy_groups(whole)) >= 10
    assert _partition(batched, "story") == _partition(whole, "story")
    assert detente.check(batched) == []


def _copy_groups(db: Path) -> set[frozenset[str]]:
    sql = "SELECT list(id) FROM documents GROUP BY coalesce(duplicate_of, id) HAVING count(*) > 1"
    return {frozenset(r[0]) for r in _rows(db, sql)}


def _partition(db: Path, column: str) -> set[frozenset[str]]:
    return {frozenset(r[0]) for r in _rows(db, f"SELECT list(id) FROM documents GROUP BY {column}")}


def test_relating_the_whole_store_again_gives_the_same_groups_and_stories(tmp_path, dated_corpus):
    from detente import store
    from detente.store.recompute import recompute

    db = tmp_path / "s.duckdb"
    detente.ingest([dated_corpus / "a.jsonl"], db)
    detente.ingest([dated_corpus / "b.jsonl"], db)
    groups, stories = _copy_groups(db), _partition(db, "story")
    with store.opened(db) as con:
        related = recompute(con, full=True)
    assert related == len(_docs(db))
    assert _copy_groups(db) == groups and _partition(db, "story") == stories
    assert detente.check(db) == []


def test_relating_in_small_passes_gives_the_same_store(tmp_path, dated_corpus, monkeypatch):
    from detente.store import recompute

    detente.ingest([dated_corpus], tmp_path / "one.duckdb")
    monkeypatch.setattr(recompute, "PASS_SIZE", 7)
    detente.ingest([dated_corpus], tmp_path / "many.duckdb")
    for db in ("one", "many"):
        assert detente.check(tmp_path / f"{db}.duckdb") == []
    assert _copy_groups(tmp_path / "many.duckdb") == _copy_groups(tmp_path / "one.duckdb")
    assert _partition(tmp_path / "many.duckdb", "story") == _partition(tmp_path / "one.duckdb", "story")


def test_adding_documents_touches_only_what_they_relate_to(tmp_path, dated_corpus):
    db = tmp_path / "s.duckdb"
    detente.ingest([dated_corpus / "a.jsonl"], db)
    before = {r[0]: r for r in _docs(db)}
    stats = detente.ingest([dated_corpus / "b.jsonl"], db)
    after = {r[0]: r for r in _docs(db)}
    changed = [i for i in before if after[i] != before[i]]
    assert stats["related"] == stats["added"] and len(changed) < len(before) // 4


@pytest.mark.slow
def test_ray_gives_the_local_store_on_the_bbc_dev_corpus(tmp_path, dated_corpus, small_parts):
    pytest.importorskip("ray")
    inputs = [str(SEEDS), str(dated_corpus), str(FIXTURES / "bbc-sample.jsonl")]
    ray_stats = detente.ingest(inputs, tmp_path / "ray.duckdb", engine="ray", workers=2)
    detente.ingest(inputs, tmp_path / "local.duckdb", engine="local", workers=2)
    assert ray_stats["stored"] > 80
    assert tables(tmp_path / "ray.duckdb") == tables(tmp_path / "local.duckdb")


def test_a_second_sharded_ingest_reads_new_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [a["text"] for a in bbc_articles(3)]
    (folder / "a.txt").write_text(texts[0], encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert detente.ingest([folder], db, engine="local", workers=1)["added"] == 1
    (folder / "b.txt").write_text(texts[1], encoding="utf-8")
    assert detente.ingest([folder], db, engine="local", workers=1)["added"] == 1
    assert _count(db, "documents") == 2 and detente.check(db) == []


def test_an_edited_file_read_again_replaces_its_old_version_and_relations_are_redone(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = bbc_articles(1)[0]["text"]
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text + "\n\nThis copy adds a closing line.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    detente.ingest([folder], db)
    assert len(_copy_groups(db)) == 1
    (folder / "b.txt").write_text(bbc_articles(2)[1]["text"], encoding="utf-8")  # now another article
    detente.ingest([folder], db, reread=True)
    assert _count(db, "documents") == 2 and _copy_groups(db) == set() and detente.check(db) == []


def test_stored_inputs_are_not_extracted_again(tmp_path, monkeypatch):
    from detente import pipeline

    detente.ingest([SEEDS], tmp_path / "s.duckdb")
    calls = []
    real = pipeline.annotate
    monkeypatch.setattr(pipeline, "annotate", lambda doc, parsed: calls.append(doc) or real(doc, parsed))
    assert detente.ingest([SEEDS], tmp_path / "s.duckdb")["documents"] == 0 and calls == []


def test_a_store_from_before_bucket_keys_is_related_again(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = bbc_articles(1)[0]["text"]
    (folder / "a.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    detente.ingest([folder], db)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE lsh_keys")  # as an older release left it
    con.close()
    assert detente.check(db) != []
    (folder / "copy.txt").write_text(text, encoding="utf-8")
    detente.ingest([folder], db)
    assert len(_copy_groups(db)) == 1 and detente.check(db) == []


def test_copies_of_two_stored_documents_in_one_story_keep_one_story(tmp_path):
    """Two stored reports share a dated happening (one story); copies of each arrive together."""
    from detente import store
    from detente.record import Document, Event
    from detente.store.recompute import recompute

    words = [a["text"] for a in bbc_articles(2)]

    def event(sentence: str) -> Event:
        return Event("CONSULT", None, "FRA", "DEU", "France", "Germany", "2020-01-01", None, sentence, 0, 5, 1.0,
                     date_basis="text")

    first = [Document("m-a", "a", words[0], published="2020-01-01", events=[event("France met Germany on Jan 1")]),
             Document("m-b", "b", words[1], published="2020-01-02", events=[event("French officials met Germany")])]
    later = [Document("a-copy", "c", words[0], published="2020-01-03"), Document("z-copy", "d", words[1])]
    db = tmp_path / "s.duckdb"
    for batch in (first, later):
        with store.opened(db) as con:
            store.write(con, batch)
            recompute(con)
    assert len(_partition(db, "story")) == 1 and detente.check(db) == []


def _count(db: Path, table: str) -> int:
    return int(_rows(db, f"SELECT count(*) FROM {table}")[0][0])
