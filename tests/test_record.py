"""The record (record.py), its output (export.py) and the PLOVER table (plover.py) as units: a document survives
to_dict/from_dict whole, unstorable text is repaired once and noted, ids hash content, CSV cannot carry a
spreadsheet formula, JSON lines are one record a line, and every event type has a quad class and a score."""
from __future__ import annotations

import csv
import io
import json
import os
import typing

import pytest

from detente import plover
from detente.export import (
    csv_cell,
    csv_lines,
    flat,
    json_array,
    json_lines,
    parquet,
    records_lines,
    table_lines,
)
from detente.record import (
    TRANSIENT,
    Assessment,
    Document,
    Entity,
    Event,
    EventType,
    Quantity,
    Quote,
    Rejected,
    Spin,
    Time,
    content_hash,
    path_name,
    storable,
    storable_document,
    text_digest,
)

TEXT = "Norway and Iceland agreed in Bergen on 6 October 2031 to cut the herring quota by 12 percent."


def full_document() -> Document:
    return Document(
        id="doc-1", source="in/herring.txt", text=TEXT, url="https://harbour.example/1", title="Quota cut",
        outlet="Harbour Daily", author="Marta Quinteiro", published="2031-10-07", original_published="2031-10-06",
        place="Bergen", language="en", removed=["2 Comments"],
        spin=Spin(0.12, False, [{"phrase": "haul", "likely_original": "catch"}]),
        story="s-1", duplicate_of="doc-0", copy_status="syndicated",
        entities=[Entity("Norway", 0, 6, "STATE", "NOR", "NOR", "actor"), Entity("Iceland", 11, 18, "STATE", "ISL")],
        times=[Time("6 October 2031", 39, 53, "2031-10-06")],
        quotes=[Quote("we will", 0, 7, "Kari Nordmann", "NOR", "said", True)],
        events=[Event("AGREE", "settle", "NOR", "ISL", "Norway", "Iceland", "2031-10-06", "Bergen", TEXT, 0, len(TEXT),
                      0.9, trigger="agreed", actor_country="NOR", target_country="ISL", fused_id="e-1",
                      date_basis="text", evidence=["The deal was signed."])],
        quantities=[Quantity("12 percent", 82, 92, 12.0, "percent", {"direction": "down", "by": 12.0}, "year",
                             "herring quota")],
        assessments=[Assessment("a fair deal", 0, 11, "positive", ["fair"], ["NOR", "ISL"], "Kari Nordmann",
                                "speaker")],
        repairs=["title: 1 unstorable characters replaced"])


# --- record.py -----------------------------------------------------------------------------------------

def test_to_dict_from_dict_round_trip_keeps_every_nested_record():
    doc = full_document()
    data = doc.to_dict()
    back = Document.from_dict(json.loads(json.dumps(data)))
    assert back == doc
    assert isinstance(back.events[0], Event) and isinstance(back.spin, Spin)
    assert isinstance(back.quantities[0].change, dict) and back.events[0].evidence == ["The deal was signed."]


def test_to_dict_leaves_out_the_raw_input():
    doc = Document(id="d", source="s", text="t", raw="<p>t</p>", raw_kind="html")
    data = doc.to_dict()
    assert TRANSIENT == ("raw", "raw_kind")
    assert not set(TRANSIENT) & set(data)
    assert Document.from_dict(data).raw is None


def test_from_dict_ignores_unknown_keys_and_fills_defaults():
    back = Document.from_dict({"id": "d", "source": "s", "text": "t", "column_of_a_later_version": 1,
                               "entities": None, "spin": None})
    assert back == Document(id="d", source="s", text="t")


def test_storable_replaces_lone_surrogates_and_nul():
    assert storable("a\udc80b\x00c\ud800") == ("a\ufffdb\ufffdc\ufffd", 3)
    assert storable("Tórshavn \U0001f41f") == ("Tórshavn \U0001f41f", 0)  # a real astral character is kept


def test_storable_document_repairs_every_field_once_and_notes_it():
    doc = Document(id="d", source="s", text="Bergen\x00 talks", title="Quota\udc80",
                   entities=[Entity("Ice\udcffland", 0, 7, "STATE")],
                   spin=Spin(evidence=[{"phr\udc80se": "x\x00"}]), removed=["ok", "bad\ud800"])
    out = storable_document(doc)
    assert out is doc
    assert doc.text == "Bergen\ufffd talks" and doc.title == "Quota\ufffd"
    assert doc.entities[0].text == "Ice\ufffdland"
    assert doc.spin.evidence == [{"phr\ufffdse": "x\ufffd"}]
    assert doc.removed == ["ok", "bad\ufffd"]
    assert sorted(doc.repairs) == sorted([
        "text: 1 unstorable characters replaced", "title: 1 unstorable characters replaced",
        "entities: 1 unstorable characters replaced", "spin: 2 unstorable characters replaced",
        "removed: 1 unstorable characters replaced"])
    json.dumps(doc.to_dict()).encode("utf-8")  # now encodable
    storable_document(doc)
    assert len(doc.repairs) == 5  # nothing left to repair the second time


def test_clean_document_needs_no_repairs():
    doc, expected = full_document(), full_document()
    doc.repairs = expected.repairs = []
    assert storable_document(doc) == expected


def test_rejected_makes_its_source_and_reason_storable():
    r = Rejected("bad\udc80name.txt", "E001", "[E001] broken \x00 here")
    assert r.source == "bad\ufffdname.txt" and r.reason == "[E001] broken \ufffd here"


def test_content_hash_ignores_whitespace_but_not_words():
    h = content_hash(TEXT)
    assert len(h) == 16 and int(h, 16) >= 0
    assert content_hash("  " + TEXT.replace(" ", "\n  \t") + "\n\n") == h
    assert content_hash(TEXT.replace("12", "13")) != h
    assert content_hash(TEXT.lower()) != h


def test_text_digest_is_exact_and_matches_duckdb_md5():
    import duckdb

    assert text_digest("a b") != text_digest("a  b")
    text = "Tórshavn, " + TEXT
    assert text_digest(text) == duckdb.sql("SELECT md5(?)", params=[text]).fetchone()[0]  # type: ignore[index]


def test_path_name_escapes_bytes_that_are_not_utf8():
    assert path_name("in/Tórshavn.txt") == "in/Tórshavn.txt"
    raw = os.fsdecode(b"in/caf\xe9.txt")
    assert path_name(raw) == "in/caf\\xe9.txt"
    assert storable(path_name(raw))[1] == 0


# --- export.py -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_neutralises_formulas(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Bergen", "a=b", "", -3, 2.5, None, True])
def test_csv_cell_keeps_text_and_numbers(value):
    assert csv_cell(value) == value


def test_csv_lines_flatten_and_neutralise_every_cell():
    rows = [["=HYPERLINK(\"http://x\")", -4, ["NOR", "ISL"], {"by": 12}], ["plain", 0, [], None]]
    text = "".join(csv_lines(["a", "b", "c", "d"], rows))
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["a", "b", "c", "d"]
    assert parsed[1] == ["'=HYPERLINK(\"http://x\")", "-4", '["NOR", "ISL"]', '{"by": 12}']
    assert parsed[2] == ["plain", "0", "[]", ""]


def test_flat_only_changes_lists_and_dicts():
    assert flat([1, "a"]) == '[1, "a"]' and flat({"k": None}) == '{"k": null}'
    assert flat("x") == "x" and flat(3) == 3


def test_json_lines_one_record_a_line_unicode_kept():
    records = [{"id": "a", "text": "Tórshavn\nline two"}, {"id": "b", "entities": [{"x": 1}]}]
    lines = list(json_lines(records))
    assert len(lines) == 2 and all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [json.loads(line) for line in lines] == records
    assert "Tórshavn" in lines[0]


def test_records_lines_as_csv_or_json_lines():
    records = [full_document().to_dict()]
    as_json = "".join(records_lines("jsonl", records))
    assert Document.from_dict(json.loads(as_json)) == full_document()
    as_csv = list(csv.DictReader(io.StringIO("".join(records_lines("csv", records)))))
    assert as_csv[0]["id"] == "doc-1" and json.loads(as_csv[0]["events"])[0]["type"] == "AGREE"
    assert "".join(records_lines("csv", [])) == "id\r\n"


def test_table_lines_json_array_with_dates_as_text():
    import datetime

    text = "".join(table_lines("json", ["id", "day"], [("a", datetime.date(2031, 10, 6)), ("b", None)]))
    assert json.loads(text) == [{"id": "a", "day": "2031-10-06"}, {"id": "b", "day": None}]
    assert json.loads("".join(json_array(["id"], []))) == []
    assert "".join(table_lines("csv", ["id"], [["=x"]])) == "id\r\n'=x\r\n"


def test_parquet_writes_nested_values_as_json_text(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "out.parquet"
    parquet([full_document().to_dict()], path)
    row = pq.read_table(path).to_pylist()[0]
    assert row["id"] == "doc-1" and json.loads(row["events"])[0]["fused_id"] == "e-1"


# --- plover.py -----------------------------------------------------------------------------------------

def test_every_event_type_has_a_quad_class_and_a_score():
    names = typing.get_args(EventType)
    assert sorted(plover.NAMES) == sorted(names) and len(names) == 16
    for name in names:
        assert plover.QUAD[name] in plover.QUADS
        assert isinstance(plover.SCORES[name], float) and -10 <= plover.SCORES[name] <= 10


def test_scores_agree_with_their_quad_class():
    for t in plover.TYPES:
        if t.quad.endswith("cooperation"):
            assert t.score >= 0, t.name
        else:
            assert t.score <= 0, t.name
    # Material acts weigh more than words on either side.
    by_quad = {q: [t.score for t in plover.TYPES if t.quad == q] for q in plover.QUADS}
    assert min(by_quad["material_cooperation"]) > max(by_quad["verbal_cooperation"])
    assert max(by_quad["material_conflict"]) < min(by_quad["verbal_conflict"])


def test_quads_in_chart_order_and_accuse_negative():
    assert plover.QUADS == ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
    assert plover.SCORES["ACCUSE"] == -3.0 and plover.SCORES["AID"] == 10.0 and plover.SCORES["ASSAULT"] == -9.0
