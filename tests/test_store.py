"""The store's tables are derived from the record: documents go in and come back whole, every table holds
what the record holds, and a field added to a record becomes a column of an existing store."""
from __future__ import annotations

import dataclasses
import json
import typing

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente import store
from detente.record import (
    TRANSIENT,
    Assessment,
    CopyStatus,
    DateBasis,
    Document,
    Entity,
    EntityLabel,
    Event,
    EventType,
    HolderKind,
    Polarity,
    Quantity,
    Quote,
    Spin,
    Time,
)
from detente.store import schema

# Stores written before the columns were derived: their columns keep this order and these types.
BEFORE = {
    "documents": "id source url title outlet author published original_published place language text spin_score:DOUBLE "
                 "spun:BOOLEAN story duplicate_of copy_status record:JSON",
    "events": "doc_id fused_id type mode actor target actor_country target_country actor_text target_text date place "
              "sentence start:INTEGER end:INTEGER confidence:DOUBLE negated:BOOLEAN hypothetical:BOOLEAN trigger "
              "date_basis evidence:JSON",
    "quantities": "doc_id text start:INTEGER end:INTEGER value:DOUBLE unit change:JSON period about",
    "assessments": "doc_id text start:INTEGER end:INTEGER polarity cues:JSON parties:VARCHAR[] holder holder_kind",
    "errors": "source code reason",
}

TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12)
MAYBE = st.none() | TEXT
INT = st.integers(0, 10**6)
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
WORDS = st.lists(TEXT, max_size=3)


def _literal(kind: typing.Any) -> st.SearchStrategy[str]:
    return st.sampled_from(typing.get_args(kind))


ENTITY = st.builds(Entity, TEXT, INT, INT, _literal(EntityLabel), MAYBE, MAYBE, MAYBE)
TIME = st.builds(Time, TEXT, INT, INT, TEXT)
QUOTE = st.builds(Quote, TEXT, INT, INT, MAYBE, MAYBE, MAYBE, st.booleans())
EVENT = st.builds(Event, _literal(EventType), MAYBE, MAYBE, MAYBE, MAYBE, MAYBE, MAYBE, MAYBE, TEXT, INT, INT, FLOAT,
                  st.booleans(), st.booleans(), MAYBE, MAYBE, MAYBE, MAYBE, st.none() | _literal(DateBasis), WORDS)
CHANGE = st.none() | st.dictionaries(st.sampled_from(["direction", "by", "by_unit"]), TEXT | FLOAT)
QUANTITY = st.builds(Quantity, TEXT, INT, INT, FLOAT, MAYBE, CHANGE, MAYBE, MAYBE)
ASSESSMENT = st.builds(Assessment, TEXT, INT, INT, _literal(Polarity), WORDS, WORDS, MAYBE, _literal(HolderKind))
DOCUMENT = st.builds(
    Document, id=TEXT, source=TEXT, text=TEXT, url=MAYBE, title=MAYBE, published=MAYBE, removed=WORDS,
    spin=st.builds(Spin, FLOAT, st.booleans()), story=MAYBE, duplicate_of=MAYBE, copy_status=_literal(CopyStatus),
    entities=st.lists(ENTITY, max_size=3), times=st.lists(TIME, max_size=2), quotes=st.lists(QUOTE, max_size=2),
    events=st.lists(EVENT, max_size=2), quantities=st.lists(QUANTITY, max_size=2),
    assessments=st.lists(ASSESSMENT, max_size=2), repairs=WORDS)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()]


def _stored(value: typing.Any, sql_type: str) -> typing.Any:
    return json.loads(value) if sql_type == "JSON" else value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENT, max_size=4, unique_by=lambda d: d.id))
def test_documents_round_trip_through_the_store_and_its_tables(docs):
    con = store.connect(":memory:")
    store.write(con, docs)
    assert [d.to_dict() for d in store.load_documents(con)] == [d.to_dict() for d in sorted(docs, key=lambda d: d.id)]
    for table in schema.DOCUMENT_TABLES:
        names = ", ".join(f'"{c.name}"' for c in table.columns)
        stored = con.execute(f"SELECT {names} FROM {table.name}").fetchall()
        expected = list(zip(*table.rows(docs).values()))
        assert [[_stored(v, c.type) for v, c in zip(row, table.columns)] for row in stored] == \
            [[_stored(v, c.type) for v, c in zip(row, table.columns)] for row in expected], table.name
    # written but not related (no recompute here): only the relating checks may object
    assert [p for p in store.check(con) if not any(p.endswith(what) for what in store.RELATION_CHECKS)] == []


def test_each_table_is_its_records_fields():
    tables = {t.name: t for t in schema.TABLES}
    for name, kind in (("entities", Entity), ("times", Time), ("quotes", Quote), ("events", Event),
                       ("quantities", Quantity), ("assessments", Assessment)):
        assert {c.name for c in tables[name].columns} == {"doc_id"} | {f.name for f in dataclasses.fields(kind)}
    scalars = {f.name for f in dataclasses.fields(Document)
               if schema._base(typing.get_type_hints(Document)[f.name]) in (str, int, float, bool)}
    assert {c.name for c in tables["documents"].columns} == scalars - set(TRANSIENT) | {"spin_score", "spun", "record"}
    assert schema.CHILD_TABLES == ("entities", "times", "quotes", "events", "quantities", "assessments")


def test_a_new_store_has_the_derived_columns_in_the_order_old_stores_have():
    con = store.connect(":memory:")
    for table in schema.TABLES:
        assert _columns(con, table.name) == [(c.name, c.type) for c in table.columns]
    for name, spec in BEFORE.items():
        before = [(c.split(":") + ["VARCHAR"])[:2] for c in spec.split()]
        kept = [[n, t] for n, t in _columns(con, name) if n in {b[0] for b in before}]
        assert kept == before, name


def test_a_new_field_becomes_a_column_of_an_old_store(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    store.write(con, [Document(id="a", source="s", text="t", quantities=[Quantity("5 t", 0, 3, 5.0, "t")])])
    con.execute("ALTER TABLE quantities DROP COLUMN about")  # as a store written before `about` existed
    con.close()
    con = store.connect(path)
    assert _columns(con, "quantities")[-1] == ("about", "VARCHAR")
    store.write(con, [Document(id="b", source="s2", text="u", quantities=[Quantity("6 t", 0, 3, 6.0, about="trade")])])
    assert con.execute("SELECT about FROM quantities WHERE doc_id = 'b'").fetchall() == [("trade",)]

    grown = dataclasses.make_dataclass("Grown", list(typing.get_type_hints(Quantity).items()) +
                                       [("ceiling", str | None), ("hedged", bool), ("words", list[str])])
    table = schema._child_table("quantities", grown)
    con.execute(table.migrations())
    assert _columns(con, "quantities")[-3:] == [("ceiling", "VARCHAR"), ("hedged", "BOOLEAN"), ("words", "VARCHAR[]")]


def test_table_names_come_from_one_list():
    from detente import query
    from detente.answer import app

    assert query.TABLES == schema.NAMES and app.EXPORTABLE == set(schema.NAMES)
    assert set(schema.VIEW_NAMES) == {"event_sources", "fused_events", "stories", "story_actors", "related_stories"}


def test_search_finds_documents_the_index_does_not_hold_yet_and_the_index_catches_up(tmp_path, monkeypatch):
    def doc(i: int, text: str) -> Document:
        return Document(id=f"d{i}", source=f"s{i}", text=text, title=f"Report {i}")

    con = store.connect(tmp_path / "s.duckdb")
    store.write(con, [doc(i, f"Harbour workers met ministers on day {i}.") for i in range(20)])
    assert store.index_text(con)
    store.write(con, [doc(99, "A lighthouse keeper spoke to the parliament.")])
    monkeypatch.setattr(store, "REINDEX_SHARE", 0.1)
    store.index_text(con)  # 1 of 21 missing: under the share, no rebuild
    assert con.execute("SELECT count(*) FROM fts_main_documents.docs").fetchone() == (20,)
    assert [r[0] for r in store.search(con, "lighthouse")] == ["d99"]
    assert len(store.search(con, "harbour")) == 20
    monkeypatch.setattr(store, "REINDEX_SHARE", 0.01)
    store.index_text(con)
    assert con.execute("SELECT count(*) FROM fts_main_documents.docs").fetchone() == (21,)
    assert [r[0] for r in store.search(con, "lighthouse")] == ["d99"]
    con.close()
