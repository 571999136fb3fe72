"""The store as Arrow tables, for pandas (`.to_pandas()`), polars (`polars.from_arrow`) or DuckDB users.

The same questions as the report and the web app, as functions; every table and documented view of the
store by name; and read-only SQL.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from detente import store
from detente.answer.dyad import actor_code, dyad_events as _dyad_events, monthly_index, quantity_series
from detente.answer.dyad import dyad_quantities

TABLES = ("documents", "entities", "times", "quotes", "quantities", "events", "errors",
          "fused_events", "event_sources", "stories", "story_actors", "related_stories")


def sql(db: str | Path, query: str, params: list[Any] | None = None) -> pa.Table:
    """Run read-only SQL over the store: `sql("news.duckdb", "SELECT type, count(*) FROM fused_events GROUP BY 1")`."""
    con = store.connect(db, read_only=True)
    try:
        return con.execute(query, params or []).fetch_arrow_table()
    finally:
        con.close()


def table(db: str | Path, name: str) -> pa.Table:
    """A whole table or view by name (see TABLES)."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose from {', '.join(TABLES)}")
    return sql(db, f"SELECT * FROM {name}")  # name is from the allow-list above


def dyad_events(db: str | Path, a: str, b: str, officials: bool = True) -> pa.Table:
    """One row per fused event between a and b, with its dates, place and independent source count."""
    con = store.connect(db, read_only=True)
    try:
        events = _dyad_events(con, actor_code(a), actor_code(b), officials)
    finally:
        con.close()
    rows = [{k: v for k, v in ev.__dict__.items() if k != "sources"} | {"score": ev.score, "sources": len(ev.sources)}
            for ev in events]
    return pa.Table.from_pylist(rows)


def dyad_index(db: str | Path, a: str, b: str, officials: bool = True) -> pa.Table:
    """Monthly PLOVER index and the four quad counts for the pair, each fused event once."""
    con = store.connect(db, read_only=True)
    try:
        return pa.Table.from_pylist(monthly_index(_dyad_events(con, actor_code(a), actor_code(b), officials)))
    finally:
        con.close()


def dyad_numbers(db: str | Path, a: str, b: str) -> pa.Table:
    """Numeric claims about the pair as series, one row per claim, `conflict` where reports disagree."""
    con = store.connect(db, read_only=True)
    try:
        series = quantity_series(dyad_quantities(con, actor_code(a), actor_code(b)))
    finally:
        con.close()
    return pa.Table.from_pylist([{k: r[k] for k in ("about", "unit", "period", "conflict")} | claim
                                 for r in series for claim in r["claims"]])
