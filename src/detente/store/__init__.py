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

import duckdb
import pyarrow as pa

from detente.errors import message
from detente.record import Document, Rejected

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  id VARCHAR PRIMARY KEY, source VARCHAR, url VARCHAR, title VARCHAR, outlet VARCHAR, author VARCHAR,
  published VARCHAR, original_published VARCHAR, place VARCHAR, language VARCHAR, text VARCHAR,
  spin_score DOUBLE, spun BOOLEAN, story VARCHAR, duplicate_of VARCHAR, copy_status VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS entities (doc_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, label VARCHAR,
  actor VARCHAR, country VARCHAR, role VARCHAR);
CREATE TABLE IF NOT EXISTS times (doc_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, value VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (doc_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, speaker VARCHAR,
  speaker_actor VARCHAR, cue VARCHAR, direct BOOLEAN);
CREATE TABLE IF NOT EXISTS quantities (doc_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, value DOUBLE,
  unit VARCHAR, change JSON, period VARCHAR, about VARCHAR);
CREATE TABLE IF NOT EXISTS events (doc_id VARCHAR, fused_id VARCHAR, type VARCHAR, mode VARCHAR, actor VARCHAR,
  target VARCHAR, actor_country VARCHAR, target_country VARCHAR, actor_text VARCHAR, target_text VARCHAR,
  date VARCHAR, place VARCHAR, sentence VARCHAR, start INTEGER, "end" INTEGER, confidence DOUBLE,
  negated BOOLEAN, hypothetical BOOLEAN, trigger VARCHAR, date_basis VARCHAR, evidence JSON);
CREATE TABLE IF NOT EXISTS errors (source VARCHAR PRIMARY KEY, code VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS assessments (doc_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, polarity VARCHAR,
  cues JSON, parties VARCHAR[], holder VARCHAR, holder_kind VARCHAR);
"""
# Columns added after stores were first written: a store from an older release gains them on open.
MIGRATIONS = """
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_basis VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS evidence JSON;
"""
CHILD_TABLES = ("entities", "times", "quotes", "quantities", "events", "assessments")
# One fused event's columns from its rows in event_sources; shared by the view and by queries that
# aggregate only the events they need (a filter does not reach through the view's GROUP BY).
FUSED_SELECT = """  SELECT fused_id, any_value(type) AS type, any_value(mode) AS mode,
         mode(actor) AS actor, mode(target) AS target,
         any_value(actor_country) AS actor_country, any_value(target_country) AS target_country,
         coalesce(min(date) FILTER (WHERE length(date) = 10 AND date_basis = 'text'),
                  min(date) FILTER (WHERE length(date) = 7 AND date_basis = 'text'),
                  min(date) FILTER (WHERE date_basis = 'text'), min(date)) AS date,
         bool_and(date_basis = 'report') AS dated_by_report,
         list_distinct(list(date) FILTER (WHERE date IS NOT NULL)) AS dates,
         count(DISTINCT date) FILTER (WHERE length(date) = 10 AND date_basis = 'text') > 1 AS date_conflict,
         mode(place) FILTER (WHERE place IS NOT NULL) AS place,
         list_distinct(list(place) FILTER (WHERE place IS NOT NULL)) AS places,
         count(DISTINCT source_group) AS groups, count(DISTINCT doc_id) AS documents,
         bool_or(negated) AS negated, bool_or(hypothetical) AS hypothetical, max(confidence) AS confidence,
         min(reported) AS first_reported
"""
# Documented views for SQL users: one row per happening, its sources counted once per copy group.
VIEWS = """
CREATE OR REPLACE VIEW event_sources AS
  SELECT e.*, d.title, d.outlet, d.copy_status, coalesce(d.duplicate_of, d.id) AS source_group,
         coalesce(d.original_published, d.published) AS reported
  FROM events e JOIN documents d ON d.id = e.doc_id;
CREATE OR REPLACE VIEW fused_events AS
{FUSED_SELECT}  FROM event_sources s GROUP BY fused_id;
CREATE OR REPLACE VIEW stories AS
  SELECT story, arg_min(title, coalesce(original_published, published, '9999') || id)
           FILTER (WHERE copy_status IN ('original', 'spun') OR duplicate_of IS NULL) AS title,
         min(coalesce(original_published, published)) AS first_date,
         max(coalesce(original_published, published)) AS last_date,
         count(*) AS documents, count(DISTINCT coalesce(duplicate_of, id)) AS independent_documents,
         list(id ORDER BY coalesce(original_published, published), id) AS doc_ids
  FROM documents GROUP BY story;
CREATE OR REPLACE VIEW story_actors AS
  SELECT DISTINCT d.story, coalesce(e.country, e.actor) AS actor
  FROM entities e JOIN documents d ON d.id = e.doc_id WHERE coalesce(e.country, e.actor) IS NOT NULL;
-- Stories are related when they share at least three actors (two states alone is a dyad, not a story).
CREATE OR REPLACE VIEW related_stories AS
  SELECT a.story, b.story AS related, count(*) AS shared_actors, list(a.actor ORDER BY a.actor) AS actors
  FROM story_actors a JOIN story_actors b ON a.actor = b.actor AND a.story <> b.story
  GROUP BY a.story, b.story HAVING count(*) >= 3;
""".replace("{FUSED_SELECT}", FUSED_SELECT)


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


def index_text(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the BM25 index over titles and texts; False when the extension is unavailable."""
    if not load_fts(con):
        return False
    con.execute("PRAGMA create_fts_index('documents', 'id', 'title', 'text', overwrite=1)")
    return True


def search(con: duckdb.DuckDBPyConnection, q: str, limit: int = 200) -> list[tuple]:  # type: ignore[type-arg]
    """Documents matching `q`, best first: BM25 when the index exists, else a substring match by date."""
    cols = "id, title, outlet, published, copy_status"
    if q and load_fts(con):
        try:
            return con.execute(f"SELECT {cols} FROM (SELECT *, fts_main_documents.match_bm25(id, ?) AS score "
                               "FROM documents) WHERE score IS NOT NULL ORDER BY score DESC LIMIT ?", [q, limit]).fetchall()
        except duckdb.Error:
            pass  # no index yet (a store written before indexing): fall through to substring search
    return con.execute(f"SELECT {cols} FROM documents WHERE ? = '' OR text ILIKE '%' || ? || '%' OR "
                       "title ILIKE '%' || ? || '%' ORDER BY published DESC NULLS LAST LIMIT ?", [q, q, q, limit]).fetchall()


def load_documents(con: duckdb.DuckDBPyConnection) -> list[Document]:
    rows = con.execute("SELECT record FROM documents ORDER BY id").fetchall()
    return [Document.from_dict(json.loads(r[0])) for r in rows]


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
    for table, key in (("entities", "entities"), ("quotes", "quotes"), ("events", "events"),
                       ("assessments", "assessments")):
        n = _count(con, f"""SELECT count(*) FROM documents d WHERE json_array_length(d.record -> '{key}')
                            != (SELECT count(*) FROM {table} t WHERE t.doc_id = d.id)""")
        if n:
            problems.append(f"{n} documents whose {table} rows disagree with their record")
    return problems


def write(con: duckdb.DuckDBPyConnection, docs: Iterable[Document], rejected: Iterable[Rejected] = ()) -> int:
    """Replace these documents (and all their rows) and record these errors, in one transaction."""
    docs = list(docs)
    rows = _rows(docs)
    con.execute("BEGIN TRANSACTION")
    try:
        if docs:
            ids = [d.id for d in docs]
            for table in CHILD_TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            # A source that once failed and now reads (a fixed file) is a document, not an error any more.
            con.execute("DELETE FROM errors WHERE source IN (SELECT unnest(?::VARCHAR[]))", [[d.source for d in docs]])
        for table, (columns, values) in rows.items():
            _bulk_insert(con, table, columns, values)
        for r in rejected:
            con.execute("INSERT OR REPLACE INTO errors VALUES (?, ?, ?)", [r.source, r.code, r.reason])
        con.execute("COMMIT")
    except BaseException:  # a memory-cap stop too: the batch is all or nothing
        con.execute("ROLLBACK")
        raise
    return len(docs)


def _bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], values: list[tuple]) -> None:  # type: ignore[type-arg]
    # One Arrow table per batch: DuckDB inserts it in bulk, where a statement per row costs ~1 ms each.
    if not values:
        return
    incoming = pa.table({c: [v[i] for v in values] for i, c in enumerate(columns)})
    con.register("incoming", incoming)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM incoming")
    finally:
        con.unregister("incoming")


def _rows(docs: list[Document]) -> dict[str, tuple[list[str], list[tuple]]]:  # type: ignore[type-arg]
    out: dict[str, tuple[list[str], list[tuple]]] = {  # type: ignore[type-arg]
        "documents": (["id", "source", "url", "title", "outlet", "author", "published", "original_published", "place",
                       "language", "text", "spin_score", "spun", "story", "duplicate_of", "copy_status", "record"], []),
        "entities": (["doc_id", "text", "start", "end", "label", "actor", "country", "role"], []),
        "times": (["doc_id", "text", "start", "end", "value"], []),
        "quotes": (["doc_id", "text", "start", "end", "speaker", "speaker_actor", "cue", "direct"], []),
        "quantities": (["doc_id", "text", "start", "end", "value", "unit", "change", "period", "about"], []),
        "assessments": (["doc_id", "text", "start", "end", "polarity", "cues", "parties", "holder", "holder_kind"], []),
        "events": (["doc_id", "fused_id", "type", "mode", "actor", "target", "actor_country", "target_country",
                    "actor_text", "target_text", "date", "place", "sentence", "start", "end", "confidence",
                    "negated", "hypothetical", "trigger", "date_basis", "evidence"], []),
    }
    for d in docs:
        out["documents"][1].append((d.id, d.source, d.url, d.title, d.outlet, d.author, d.published,
                                    d.original_published, d.place, d.language, d.text, d.spin.score, d.spin.spun,
                                    d.story, d.duplicate_of, d.copy_status, json.dumps(d.to_dict())))
        out["entities"][1].extend((d.id, e.text, e.start, e.end, e.label, e.actor, e.country, e.role)
                                  for e in d.entities)
        out["times"][1].extend((d.id, t.text, t.start, t.end, t.value) for t in d.times)
        out["quotes"][1].extend((d.id, q.text, q.start, q.end, q.speaker, q.speaker_actor, q.cue, q.direct)
                                for q in d.quotes)
        out["quantities"][1].extend((d.id, q.text, q.start, q.end, q.value, q.unit, json.dumps(q.change), q.period,
                                     q.about) for q in d.quantities)
        out["assessments"][1].extend((d.id, a.text, a.start, a.end, a.polarity, json.dumps(a.cues), a.parties,
                                      a.holder, a.holder_kind) for a in d.assessments)
        out["events"][1].extend((d.id, e.fused_id, e.type, e.mode, e.actor, e.target, e.actor_country,
                                 e.target_country, e.actor_text, e.target_text, e.date, e.place, e.sentence, e.start,
                                 e.end, e.confidence, e.negated, e.hypothetical, e.trigger, e.date_basis,
                                 json.dumps(e.evidence)) for e in d.events)
    return out
