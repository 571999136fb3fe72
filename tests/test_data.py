"""Package tables: one loader that says which file and line is wrong, and tables that agree with the record."""
from __future__ import annotations

import typing

import pytest

from detente import data, plover
from detente.record import EntityLabel, EventType, Polarity

TABLE = "# a comment\n\nwar\tASSAULT\n# another\npeace\tAGREE\tcalm\n"


@pytest.fixture
def table(monkeypatch):
    def use(text: str) -> None:
        monkeypatch.setattr(data, "text", lambda name: text)
    return use


def test_rows_skip_comments_and_blank_lines_and_pad_short_rows(table):
    table(TABLE)
    assert data.rows("t.tsv", columns=3, required=2) == [["war", "ASSAULT", ""], ["peace", "AGREE", "calm"]]


def test_a_row_with_too_many_fields_names_its_file_and_line(table):
    table(TABLE)
    with pytest.raises(data.DataError, match=r"detente/data/t.tsv line 5: 3 tab-separated fields, expected 2"):
        data.rows("t.tsv", columns=2)


def test_a_row_with_too_few_fields_names_its_file_and_line(table):
    table(TABLE)
    with pytest.raises(data.DataError, match=r"detente/data/t.tsv line 3: 2 tab-separated fields, expected 3 to 4"):
        data.rows("t.tsv", columns=4, required=3)


def test_every_package_table_loads():
    from detente.extract import actors, assessments, verbs
    from detente.provenance import spin

    assert actors.table() and actors.leader_surnames() and assessments.cues() and verbs.cameo()[0]
    assert verbs.own_lexicon() and verbs.synonym_sets() and spin.phrase_table() and spin.dominated_words()
    assert spin.word_odds() and spin.spin_model()


def test_package_tables_hold_only_the_records_literals():
    from detente.extract import actors, assessments

    rows = actors.table()
    assert {r.kind for r in rows.values()} <= set(typing.get_args(EntityLabel))
    assert {p for _, p in assessments.cues()} <= set(typing.get_args(Polarity))


def test_the_plover_table_has_a_row_for_each_event_type():
    assert [t.name for t in plover.TYPES] == list(typing.get_args(EventType))
    assert set(plover.QUAD.values()) == set(plover.QUADS) and len(plover.SCORES) == 16
