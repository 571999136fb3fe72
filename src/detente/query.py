"""The store as Arrow tables, for pandas (`.to_pandas()`), polars (`polars.from_arrow`) or DuckDB users.

The same questions as the report and the web app, as functions; every table and documented view of the
store by name; and read-only SQL that can reach no file but the store.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from detente import store
from detente.answer.dyad import actor_code, dyad_quantities, monthly_index, quantity_series
from detente.answer.dyad import dyad_events as _dyad_events
from detente.store.schema import NAMES

TABLES = NAMES


@contextmanager
def _sandbox(db: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store, read-only, on a connection whose SQL cannot read or write any other file (COPY ... TO,
    read_text, read_csv, ATTACH, INSTALL and LOAD all fail) nor turn that back on."""
    # A private in-memory database with the store attached: the locked settings are this connection's
    # own, where on a connection to the file they would bind every other connection to it in this process.
    con = duckdb.connect(":memory:")
    path = str(db).replace("'", "''")  # ATTACH takes no parameters: a quoted literal
    try:
        store.load_fts(con)  # loading reads a file: done before the lock, so BM25 search still works in SQL
        con.execute(f"ATTACH '{path}' AS store (READ_ONLY)")
        con.execute("USE store")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()


def sql(db: str | Path, query: str, params: list[Any] | None = None) -> pa.Table:
    """Run read-only SQL over the store: `sql("news.duckdb", "SELECT type, count(*) FROM fused_events GROUP BY 1")`.
    It sees the store's tables and views and nothing else: no other file can be read or written."""
    with _sandbox(db) as con:
        return con.execute(query, params or []).fetch_arrow_table()


def table(db: str | Path, name: str) -> pa.Table:
    """A whole table or view by name (see TABLES)."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose from {', '.join(TABLES)}")
    return sql(db, f"SELECT * FROM {name}")  # name is from the allow-list above


def dyad_events(db: str | Path, a: str, b: str, officials: bool = True) -> pa.Table:
    """One row per fused event between a and b, with its dates, place and independent source count."""
    with _sandbox(db) as con:
        events = _dyad_events(con, actor_code(a), actor_code(b), officials)
    rows = [{k: v for k, v in ev.__dict__.items() if k != "sources"} | {"score": ev.score, "sources": len(ev.sources)}
            for ev in events]
    return pa.Table.from_pylist(rows)


def dyad_index(db: str | Path, a: str, b: str, officials: bool = True) -> pa.Table:
    """Monthly PLOVER index and the four quad counts for the pair, each fused event once."""
    with _sandbox(db) as con:
        return pa.Table.from_pylist(monthly_index(_dyad_events(con, actor_code(a), actor_code(b), officials)))


def dyad_numbers(db: str | Path, a: str, b: str) -> pa.Table:
    """Numeric claims about the pair as series, one row per claim, `conflict` where reports disagree."""
    with _sandbox(db) as con:
        series = quantity_series(dyad_quantities(con, actor_code(a), actor_code(b)))
    return pa.Table.from_pylist([{k: r[k] for k in ("about", "unit", "period", "conflict")} | claim
                                 for r in series for claim in r["claims"]])
