"""Rows as CSV, JSON or Parquet: the one flattening that `detente extract -o` and the web app's exports share.

A cell holds one value, so lists and dicts (a record's entities, a quantity's change) are written as JSON
text in CSV and Parquet; JSON keeps them as they are. Rows come as an iterator and leave as pieces of text,
so neither side holds a whole export in memory.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A leading quote keeps a would-be formula text. Numbers are values, not typed text, and stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def flat(value: Any) -> Any:
    """A list or dict as JSON text; any other value as it is."""
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def csv_lines(columns: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header, then a line per row: each value flattened and kept from running as a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf)

    def line(values: Iterable[Any]) -> str:
        buf.seek(0)
        buf.truncate()
        writer.writerow(values)
        return buf.getvalue()

    yield line(columns)
    for row in rows:
        yield line(csv_cell(flat(v)) for v in row)


def json_array(columns: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """One JSON array of objects; values DuckDB gives that JSON has no type for (dates) as text."""
    yield "["
    for i, row in enumerate(rows):
        yield (",\n" if i else "") + json.dumps(dict(zip(columns, row)), default=str)
    yield "]\n"


def json_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def table_lines(fmt: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """`rows` as "csv" or "json"."""
    return csv_lines(columns, rows) if fmt == "csv" else json_array(columns, rows)


def records_lines(fmt: str, records: list[dict[str, Any]]) -> Iterator[str]:
    """Records (Document.to_dict()) as "csv", with the first record's keys as columns, or as JSON lines."""
    if fmt != "csv":
        return json_lines(records)
    columns = list(records[0]) if records else ["id"]
    return csv_lines(columns, ([r.get(c) for c in columns] for r in records))


def parquet(records: list[dict[str, Any]], path: str | Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{k: flat(v) for k, v in r.items()} for r in records]), path)
