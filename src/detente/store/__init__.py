"""Stage 6: the DuckDB store. Every document is kept whole (as JSON) and flattened into tables.

Writes are one transaction per batch of documents, so a killed ingest leaves whole documents or none;
ids hash source and text (or are the input's own ids), so ingesting the same input again replaces rows instead
of adding them. `done_sources` lets a rerun skip what is stored; `check` verifies integrity.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from detente.errors import message
from detente.record import Document, Rejected
from detente.store.schema import CHILD_TABLES, DOCUMENT_TABLES, MIGRATIONS, SCHEMA, VIEWS


class StoreBusy(Exception):
    """Another process held the store's lock for longer than the writer would wait."""


def connect(path: str | Path, read_only: bool = False, memory_limit_mb: int = 0) -> duckdb.DuckDBPyConnection:
    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": f"{memory_limit_mb}MB"} \
        if memory_limit_mb else {}
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    if not read_only:
        con.execute(SCHEMA)
        con.execute(MIGRATIONS)
        con.execute(VIEWS)
    return con


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


@contextmanager
def opened(path: str | Path, read_only: bool = False, wait_seconds: float = 60.0,
           memory_limit_mb: int = 0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection held only for one step. DuckDB lets one process write and then no other open the file
    at all, so a writer that held it for a whole ingest would lock out a server reading the store; between
    steps, others get in. A store that stays locked is waited for, then reported (E022)."""
    con = connect_waiting(path, read_only, wait_seconds, memory_limit_mb)
    try:
        yield con
    finally:
        con.close()


def connect_waiting(path: str | Path, read_only: bool = False, wait_seconds: float = 60.0,
                    memory_limit_mb: int = 0) -> duckdb.DuckDBPyConnection:
    """`connect`, retrying while another process holds the lock; StoreBusy (E022) after `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    pause = 0.05
    while True:
        try:
            return connect(path, read_only=read_only, memory_limit_mb=memory_limit_mb)
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(message("E022", path=path, seconds=round(wait_seconds))) from exc
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    """Load DuckDB's full-text-search extension from the duckdb-ext-fts package (never downloaded)."""
    try:
        import duckdb_ext

        root = Path(next(iter(duckdb_ext.__path__)))
        found = list(root.glob(f"extensions/v{duckdb.__version__}/*/fts.duckdb_extension"))
        if not found:
            return False
        con.execute(f"LOAD '{found[0].as_posix()}'")
        return True
    except (ImportError, duckdb.Error):
        return False


# DuckDB's BM25 index cannot be updated in place. It is rebuilt when the documents missing from it reach
# this share of the store, so each added document pays a bounded share of a rebuild whatever the store's
# size; until then search also scans the text of the documents missing from it.
REINDEX_SHARE = 0.1
_MISSING = "SELECT {cols} FROM documents WHERE id NOT IN (SELECT name FROM fts_main_documents.docs)"


def index_text(con: duckdb.DuckDBPyConnection, force: bool = False) -> bool:
    """Build the BM25 index over titles and texts when it is missing or too far behind; False when the
    extension is unavailable."""
    if not load_fts(con):
        return False
    total = _count(con, "SELECT count(*) FROM documents")
    try:
        stale = _count(con, _MISSING.format(cols="count(*)")) > REINDEX_SHARE * total
    except duckdb.Error:
        stale = True  # no index yet
    if force or stale:
        con.execute("PRAGMA create_fts_index('documents', 'id', 'title', 'text', overwrite=1)")
    return True


def search(con: duckdb.DuckDBPyConnection, q: str, limit: int = 200) -> list[tuple[Any, ...]]:
    """Documents matching `q`, best first: BM25 over the index, then substring matches among the documents
    not in it yet (or among all, when there is no index), most recent first."""
    cols = "id, title, outlet, published, copy_status"
    substring = ("(? = '' OR text ILIKE '%' || ? || '%' OR title ILIKE '%' || ? || '%') "
                 "ORDER BY published DESC NULLS LAST LIMIT ?")
    if q and load_fts(con):
        try:
            ranked = con.execute(f"SELECT {cols} FROM (SELECT *, fts_main_documents.match_bm25(id, ?) AS score "
                                 "FROM documents) WHERE score IS NOT NULL ORDER BY score DESC LIMIT ?",
                                 [q, limit]).fetchall()
            rest = con.execute(_MISSING.format(cols=cols) + " AND " + substring, [q, q, q, limit]).fetchall()
            return (ranked + rest)[:limit]
        except duckdb.Error:
            pass  # no index yet (a store written before indexing): fall through to substring search
    return con.execute(f"SELECT {cols} FROM documents WHERE " + substring, [q, q, q, limit]).fetchall()


def load_documents(con: duckdb.DuckDBPyConnection) -> list[Document]:
    rows = con.execute("SELECT record FROM documents ORDER BY id").fetchall()
    return [Document.from_dict(json.loads(r[0])) for r in rows]


def stored_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple[str, str]]:
    """id -> (source, text digest) of those of `ids` already stored: an ingest looks up only its own."""
    rows = con.execute("SELECT id, source, md5(text) FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                       [ids]).fetchall()
    return {i: (src, digest) for i, src, digest in rows}


def count(con: duckdb.DuckDBPyConnection) -> int:
    return _count(con, "SELECT count(*) FROM documents")


def done_sources(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Inputs already stored as a document or an error: a resumed ingest does not read them again."""
    return {r[0] for r in con.execute("SELECT source FROM documents UNION SELECT source FROM errors").fetchall()}


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def check(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Integrity problems: orphan rows, duplicate ids, documents whose rows disagree with their record."""
    problems = []
    for table in CHILD_TABLES:
        n = _count(con, f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)")
        if n:
            problems.append(f"{n} orphan rows in {table}")
    dup = _count(con, "SELECT count(*) - count(DISTINCT id) FROM documents")
    if dup:
        problems.append(f"{dup} duplicate document ids")
    for table in CHILD_TABLES:  # each table is named after the record's field it flattens
        n = _count(con, f"""SELECT count(*) FROM documents d WHERE json_array_length(d.record -> '{table}')
                            != (SELECT count(*) FROM {table} t WHERE t.doc_id = d.id)""")
        if n:
            problems.append(f"{n} documents whose {table} rows disagree with their record")
    if not _count(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'lsh_keys'"):
        return problems + ["a store from an older release: `detente ingest` relates its documents again"]
    return problems + [f"{n} {what}" for what, sql in RELATION_CHECKS.items() if (n := _count(con, sql))]


# What relating leaves true of every document (store/recompute.py); each query counts the exceptions.
RELATION_CHECKS = {
    "documents not related to the others (run `detente ingest` again to relate them)":
        "SELECT count(*) FROM documents WHERE story IS NULL OR id NOT IN (SELECT doc_id FROM lsh_keys)",
    "events of related documents without a fused happening":
        "SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id WHERE d.story IS NOT NULL AND e.fused_id IS NULL",
    "copies whose canonical copy is missing or itself a copy":
        """SELECT count(*) FROM documents d LEFT JOIN documents c ON c.id = d.duplicate_of
           WHERE d.duplicate_of IS NOT NULL AND (c.id IS NULL OR c.duplicate_of IS NOT NULL)""",
    "documents whose story or copy status disagrees with their record":
        """SELECT count(*) FROM documents WHERE (record ->> 'story') IS DISTINCT FROM story
           OR (record ->> 'duplicate_of') IS DISTINCT FROM duplicate_of
           OR (record ->> 'copy_status') IS DISTINCT FROM copy_status""",
    "bucket keys of documents no longer stored": "SELECT count(*) FROM lsh_keys WHERE doc_id NOT IN (SELECT id FROM documents)",
}


def write(con: duckdb.DuckDBPyConnection, docs: Iterable[Document], rejected: Iterable[Rejected] = ()) -> int:
    """Replace these documents (and all their rows) and record these errors, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        n = write_rows(con, list(docs), rejected)
        con.execute("COMMIT")
    except BaseException:  # a memory-cap stop too: the batch is all or nothing
        con.execute("ROLLBACK")
        raise
    return n


def write_rows(con: duckdb.DuckDBPyConnection, docs: list[Document], rejected: Iterable[Rejected] = ()) -> int:
    """`write` inside the caller's transaction. A document replaces the stored one with its id, and the one
    read from its source before (an edited file's text, and so its id, changed)."""
    rows = _rows(docs)
    if docs:
        older = con.execute("SELECT id FROM documents WHERE source IN (SELECT unnest(?::VARCHAR[]))",
                            [[d.source for d in docs]]).fetchall()
        ids = list(dict.fromkeys([d.id for d in docs] + [r[0] for r in older]))
        for table in CHILD_TABLES:
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        # A source that once failed and now reads (a fixed file) is a document, not an error any more.
        con.execute("DELETE FROM errors WHERE source IN (SELECT unnest(?::VARCHAR[]))", [[d.source for d in docs]])
    for table, columns in rows.items():
        _bulk_insert(con, table, columns)
    for r in rejected:
        con.execute("INSERT OR REPLACE INTO errors VALUES (?, ?, ?)", [r.source, r.code, r.reason])
    return len(docs)


def _bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]]) -> None:
    # One Arrow table per batch: DuckDB inserts it in bulk, where a statement per row costs ~1 ms each.
    incoming = pa.table(columns)
    if not incoming.num_rows:
        return
    con.register("incoming", incoming)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM incoming")
    finally:
        con.unregister("incoming")


def _rows(docs: list[Document]) -> dict[str, dict[str, list[Any]]]:
    """Each table's new rows, column by column."""
    return {t.name: t.rows(docs) for t in DOCUMENT_TABLES}
