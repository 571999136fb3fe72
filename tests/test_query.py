"""The Arrow API (query.py) over a store ingested from the bundled sample: every table and view by name, an
unknown name refused with the list, read-only SQL that reaches no other file, the dyad questions."""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from detente import plover, query
from detente.store.schema import TABLES as STORED_TABLES


def counts(db, names=query.TABLES) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows per table or view, in one query."""
    union = " UNION ALL ".join(f"SELECT '{n}' AS name, count(*) AS n FROM {n}" for n in names)
    return {r["name"]: r["n"] for r in query.sql(db, union).to_pylist()}


def test_every_table_and_view_by_name(seed_db):
    assert set(query.TABLES) >= {t.name for t in STORED_TABLES} | {"fused_events", "stories", "event_sources"}
    expected = counts(seed_db)
    for name in query.TABLES:
        table = query.table(seed_db, name)
        assert isinstance(table, pa.Table)
        assert table.num_rows == expected[name], name


def test_table_holds_what_the_store_holds(seed_db):
    docs = query.table(seed_db, "documents")
    assert docs.num_rows == 2
    assert {"id", "source", "text", "record", "copy_status"} <= set(docs.column_names)
    assert sorted(s.rsplit("/", 1)[-1][:3] for s in docs.column("source").to_pylist()) == ["000", "004"]
    events = query.table(seed_db, "events")
    assert events.num_rows > 0
    assert set(events.column("doc_id").to_pylist()) <= set(docs.column("id").to_pylist())
    assert set(events.column("type").to_pylist()) <= plover.NAMES


def test_unknown_table_raises_with_the_list(seed_db):
    with pytest.raises(ValueError) as err:
        query.table(seed_db, "documents; DROP TABLE documents")
    text = str(err.value)
    assert "unknown table 'documents; DROP TABLE documents'" in text
    assert all(name in text for name in query.TABLES)
    with pytest.raises(ValueError, match="choose from documents, "):
        query.table(seed_db, "lsh_keys")  # the index table is not part of the API
    assert query.table(seed_db, "documents").num_rows == 2


def test_sql_reads_with_parameters(seed_db):
    one = query.sql(seed_db, "SELECT id FROM documents ORDER BY id LIMIT 1").column("id")[0].as_py()
    got = query.sql(seed_db, "SELECT count(*) AS n FROM documents WHERE id = ?", [one])
    assert got.to_pylist() == [{"n": 1}]


@pytest.mark.parametrize("statement", [
    "SELECT * FROM read_text('{other}')",
    "SELECT * FROM read_csv('{other}')",
    "COPY documents TO '{out}'",
    "COPY (SELECT id FROM documents) TO '{out}' (FORMAT parquet)",
    "ATTACH '{tmp}/another.duckdb' AS other",
    "SET enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
])
def test_sql_cannot_reach_other_files(seed_db, tmp_path, statement):
    other = tmp_path / "secret.csv"
    other.write_text("token\nsecret-value\n", encoding="utf-8")
    out = tmp_path / "leak.csv"
    with pytest.raises(duckdb.Error):
        query.sql(seed_db, statement.format(other=other, out=out, tmp=tmp_path))
    assert not out.exists() and not (tmp_path / "another.duckdb").exists()


@pytest.mark.parametrize("statement", [
    "DELETE FROM documents",
    "INSERT INTO errors (source, code, reason) VALUES ('x', 'E001', 'y')",
    "DROP TABLE events",
    "CREATE TABLE extra AS SELECT 1 AS one",
])
def test_sql_cannot_write_the_store(seed_db, statement):
    before = counts(seed_db, ("documents", "errors", "events"))
    with pytest.raises(duckdb.Error):
        query.sql(seed_db, statement)
    assert counts(seed_db, ("documents", "errors", "events")) == before
    assert before["documents"] == 2


def test_dyad_events_are_the_same_whichever_side_is_named_first(seed_db):
    forward = query.dyad_events(seed_db, "RUS", "PRK")
    backward = query.dyad_events(seed_db, "PRK", "RUS")
    assert forward.num_rows > 0
    assert sorted(forward.column("fused_id").to_pylist()) == sorted(backward.column("fused_id").to_pylist())
    rows = forward.to_pylist()
    assert all(r["type"] in plover.NAMES and r["sources"] >= 1 for r in rows)
    assert len({r["fused_id"] for r in rows}) == len(rows)  # each fused event once


def test_dyad_index_counts_each_event_once(seed_db):
    index = query.dyad_index(seed_db, "RUS", "PRK").to_pylist()
    assert sum(r["events"] for r in index) == query.dyad_events(seed_db, "RUS", "PRK").num_rows
    for r in index:
        assert r["events"] == sum(r[q] for q in plover.QUADS)
    assert [r["month"] for r in index] == sorted(r["month"] for r in index)


def test_dyad_numbers_are_claims_with_their_document(seed_db):
    numbers = query.dyad_numbers(seed_db, "RUS", "PRK")
    assert numbers.num_rows > 0
    assert {"about", "unit", "period", "conflict", "value", "doc_id", "text"} <= set(numbers.column_names)
    docs = set(query.table(seed_db, "documents").column("id").to_pylist())
    assert set(numbers.column("doc_id").to_pylist()) <= docs
