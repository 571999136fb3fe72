"""The store's tables, derived from the record's dataclasses: a column per field, typed by its annotation.

`documents` holds a Document's scalar fields, its spin score and the whole record as JSON; each list of
nested records (entities, times, ...) is a table of its own, keyed by doc_id. The CREATE statements, the
migrations that bring an older store up to date and the rows written all come from here, so a field added
to a record becomes a column of every store, new or old. The views are SQL, written by hand.
"""
from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from detente.record import TRANSIENT, Document, Rejected, Spin

SQL_TYPES: dict[Any, str] = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", dict: "JSON"}
# Lists of strings are lists; these two were JSON text before the columns were derived, and stay so.
JSON_LISTS = {"assessments": {"cues"}, "events": {"evidence"}}
# Columns that stores have always kept somewhere other than their field's place in the record (a new store
# keeps the old order, so `SELECT *` and exports read alike): each goes after the column named.
MOVED = {"documents": {"text": "language"},
         "events": {"fused_id": "doc_id", "actor_country": "target", "target_country": "actor_country"}}
# The nested Spin record is two columns of documents; its evidence stays in the record only.
SPIN_COLUMNS = {"score": "spin_score", "spun": "spun"}

Value = Callable[[Document, Any], Any]  # the stored value, from the document and the record of the row


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    value: Value

    def sql(self) -> str:
        return f'"{self.name}" {self.type}'


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[Column]
    key: str | None = None  # the primary key column

    def create(self) -> str:
        cols = ", ".join(c.sql() + (" PRIMARY KEY" if c.name == self.key else "") for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({cols});\n"

    def migrations(self) -> str:
        """A store written before a field was added to the record gains its column."""
        return "".join(f"ALTER TABLE {self.name} ADD COLUMN IF NOT EXISTS {c.sql()};\n"
                       for c in self.columns if c.name != self.key)

    def rows(self, docs: Iterable[Document]) -> dict[str, list[Any]]:
        """Column name -> its values, a row for each document (documents) or each nested record of one."""
        out: dict[str, list[Any]] = {c.name: [] for c in self.columns}
        for doc in docs:
            for item in _items(doc, self.name):
                for c in self.columns:
                    out[c.name].append(c.value(doc, item))
        return out


def _items(doc: Document, table: str) -> list[Any]:
    return [doc] if table == "documents" else getattr(doc, table)


def _base(hint: Any) -> Any:
    """The type a column stores: without None, and a Literal as the type of its values."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return _base(next(a for a in typing.get_args(hint) if a is not type(None)))
    if typing.get_origin(hint) is typing.Literal:
        return type(typing.get_args(hint)[0])
    return hint


def sql_type(table: str, name: str, hint: Any) -> str:
    base = _base(hint)
    if typing.get_origin(base) is list:
        strings = typing.get_args(base) == (str,) and name not in JSON_LISTS.get(table, set())
        return "VARCHAR[]" if strings else "JSON"
    return SQL_TYPES[typing.get_origin(base) or base]


def _field(name: str, sql: str) -> Column:
    if sql == "JSON":
        return Column(name, sql, lambda _doc, item: json.dumps(getattr(item, name)))
    return Column(name, sql, lambda _doc, item: getattr(item, name))


def _placed(table: str, columns: list[Column]) -> list[Column]:
    for name, after in MOVED.get(table, {}).items():
        column = next(c for c in columns if c.name == name)
        columns.remove(column)
        columns.insert(next(i for i, c in enumerate(columns) if c.name == after) + 1, column)
    return columns


def _record_hints() -> dict[str, Any]:
    return {k: v for k, v in typing.get_type_hints(Document).items() if k not in TRANSIENT}


def _child_kind(hint: Any) -> Any:
    """The nested record type of a list-of-records field (Document.entities -> Entity), else None."""
    args = typing.get_args(hint)
    return args[0] if typing.get_origin(hint) is list and args and dataclasses.is_dataclass(args[0]) else None


def _spin_column(field: str, name: str) -> Column:
    sql = sql_type("documents", field, typing.get_type_hints(Spin)[field])
    return Column(name, sql, lambda doc, _item: getattr(doc.spin, field))


def _document_columns() -> list[Column]:
    columns = []
    for name, hint in _record_hints().items():
        if name == "spin":
            columns += [_spin_column(field, column) for field, column in SPIN_COLUMNS.items()]
        elif _base(hint) in SQL_TYPES:
            columns.append(_field(name, sql_type("documents", name, hint)))
    record = Column("record", "JSON", lambda doc, _item: json.dumps(doc.to_dict()))
    return _placed("documents", columns) + [record]


def _child_table(name: str, kind: Any) -> Table:
    doc_id = Column("doc_id", "VARCHAR", lambda doc, _item: doc.id)
    fields = [_field(f, sql_type(name, f, hint)) for f, hint in typing.get_type_hints(kind).items()]
    return Table(name, _placed(name, [doc_id] + fields))


def _errors_table() -> Table:
    columns = [_field(f, sql_type("errors", f, hint)) for f, hint in typing.get_type_hints(Rejected).items()]
    return Table("errors", columns, key="source")


def derive() -> list[Table]:
    """documents, a table per list of nested records in Document's field order, then errors."""
    children = [_child_table(name, kind) for name, hint in _record_hints().items()
                if (kind := _child_kind(hint)) is not None]
    return [Table("documents", _document_columns(), key="id"), *children, _errors_table()]


TABLES = derive()
DOCUMENT_TABLES = [t for t in TABLES if t.name != "errors"]  # written from documents; errors from Rejected
CHILD_TABLES = tuple(t.name for t in DOCUMENT_TABLES if t.name != "documents")
# What the cross-document steps keep to find a new document's candidates (store/recompute.py): each
# document's LSH bucket keys. An index, not a record, so it is written here rather than derived.
INDEXES = "CREATE TABLE IF NOT EXISTS lsh_keys (doc_id VARCHAR, key BIGINT);\n"
SCHEMA = "".join(t.create() for t in TABLES) + INDEXES
MIGRATIONS = "".join(t.migrations() for t in TABLES)

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
VIEW_NAMES = tuple(re.findall(r"CREATE OR REPLACE VIEW (\w+)", VIEWS))
# Every table and view by name: what query.table() and the web app's exports offer.
NAMES = tuple(t.name for t in TABLES) + VIEW_NAMES
