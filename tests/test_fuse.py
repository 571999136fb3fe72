"""Fusion (src/detente/fuse/): reports of one happening become one event, others stay apart; ids are fixed by
the first report, so documents added later (seeded from the store) change no stored id; stories.

The events are built by hand (no parsing), about invented fisheries talks between Norway and Iceland."""
from __future__ import annotations

import pytest

from detente.fuse import DATE_WINDOW_DAYS, Fusion, compatible, links_story, pair, story_id
from detente.record import Document, Event

MET = "The fisheries ministers of Norway and Iceland met in Bergen on Monday to settle the herring quota."
MET_COPY = "The fisheries ministers of Norway and Iceland met in Bergen on Monday to settle the herring quotas."
OTHER = "Reykjavik summoned the envoy from Oslo over a trawler seized near the islands."


def ev(sentence: str = MET, date: str | None = "2031-10-06", basis: str | None = "text", type: str = "CONSULT",
       actor: str = "NOR", target: str = "ISL", start: int = 0, **kw) -> Event:  # type: ignore[no-untyped-def]
    return Event(type, None, actor, target, None, None, date, kw.pop("place", None), sentence, start,
                 start + len(sentence), 0.8, date_basis=basis if date else None, **kw)


def doc(doc_id: str, *events: Event) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text="", events=list(events))


def fused(*docs: Document, fusion: Fusion | None = None) -> list[str | None]:
    fusion = fusion or Fusion()
    for d in docs:
        fusion.add(d)
    return [e.fused_id for d in docs for e in d.events]


# --- compatible() --------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, expected", [
    ("2031-10-06", "2031-10-06", True),
    ("2031-10-06", f"2031-10-{6 + DATE_WINDOW_DAYS:02d}", True),
    ("2031-10-06", f"2031-10-{7 + DATE_WINDOW_DAYS:02d}", False),
    ("2031-09-30", "2031-10-02", True),  # across a month's end
    ("2031-10", "2031-10-06", True),  # a month holds the day
    ("2031", "2031-10-06", True),
    ("2031-10", "2031-11-01", False),
    ("2030", "2031-10-06", False),
    ("2031-10-06T08:00", "2031-10-07", True),
    (None, "2031-10-06", False),
    ("2031-10-06", None, False),
    (None, None, False),
    ("", "2031-10-06", False),
    ("2031-13-45", "2031-13-45", True),  # not a calendar date: only equal text matches
    ("2031-13-45", "2031-13-46", False),
])
def test_compatible(a, b, expected):
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


def test_pair_is_unordered_and_prefers_the_country():
    assert pair(ev(actor="NOR", target="ISL")) == pair(ev(actor="ISL", target="NOR")) == ("ISL", "NOR")
    minister = ev(actor="Kari Nordmann", target="ISL", actor_country="NOR")
    assert pair(minister) == ("ISL", "NOR")


# --- Fusion --------------------------------------------------------------------------------------------

def test_reports_of_the_same_happening_join():
    a = doc("a", ev())
    b = doc("b", ev("Icelandic and Norwegian ministers held talks in Bergen this week.", date="2031-10-08",
                    actor="ISL", target="NOR"))
    ids = fused(a, b)
    assert ids[0] is not None and ids[0].startswith("e-")
    assert ids[0] == ids[1]


def test_dates_apart_do_not_join_even_with_the_same_sentence():
    ids = fused(doc("a", ev()), doc("b", ev(MET_COPY, date="2031-11-20")))
    assert ids[0] != ids[1]


@pytest.mark.parametrize("change", [
    {"target": "FRO"},  # another pair
    {"type": "AGREE"},  # another type
    {"negated": True},  # "did not meet"
    {"hypothetical": True},  # "may meet"
    {"place": "Tromso"},  # another place
])
def test_different_pairs_types_modality_or_places_do_not_join(change):
    ids = fused(doc("a", ev(place="Bergen")), doc("b", ev(MET_COPY, **{"place": "Bergen", **change})))
    assert ids[0] != ids[1]


def test_place_case_does_not_matter():
    ids = fused(doc("a", ev(place="Bergen")), doc("b", ev(MET_COPY, place="BERGEN")))
    assert ids[0] == ids[1]


def test_undated_copy_of_the_sentence_joins_an_unlike_one_does_not():
    ids = fused(doc("a", ev()), doc("b", ev(MET_COPY, date=None)), doc("c", ev(OTHER, date=None)))
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]


def test_report_date_does_not_place_the_happening():
    # Both dated only by their reports' dates: unlike sentences are two happenings, alike ones one.
    ids = fused(doc("a", ev(basis="report")), doc("b", ev(OTHER, basis="report")),
                doc("c", ev(MET_COPY, date="2031-12-01", basis="report")))
    assert ids[0] != ids[1]
    assert ids[2] == ids[0]


def test_undated_retelling_in_the_same_document_joins_its_dated_event():
    retold = ev("During the talks the two sides traded maps of the spawning grounds.", date=None, start=300)
    d = doc("a", retold, ev())  # the retelling listed first: dated events are placed before undated ones
    fused(d)
    assert retold.fused_id == d.events[1].fused_id


@pytest.mark.parametrize("sentence, joins", [
    ("At that meeting the two sides traded maps of the spawning grounds.", True),
    ("At that meeting last spring the two sides traded maps of the spawning grounds.", False),
    ("The talks were held again in the autumn, with maps of the spawning grounds.", False),
])
def test_undated_line_that_moves_in_time_is_a_happening_of_its_own(sentence, joins):
    undated = ev(sentence, date=None, start=300)
    d = doc("a", ev(), undated)
    fused(d)
    assert (undated.fused_id == d.events[0].fused_id) is joins


def test_undated_line_without_an_anaphor_does_not_join_its_document_event():
    loose = ev("Coast guards traded maps of the spawning grounds.", date=None, start=300)
    d = doc("a", ev(), loose)
    fused(d)
    assert loose.fused_id != d.events[0].fused_id


def test_retelling_joins_only_within_its_own_document():
    retold = ev("During the talks the two sides traded maps of the spawning grounds.", date=None)
    ids = fused(doc("a", ev()), doc("b", retold))
    assert ids[0] != ids[1]


def test_ids_are_fixed_by_the_first_report():
    a1, b1 = doc("a", ev()), doc("b", ev(MET_COPY))
    a2, b2 = doc("a", ev()), doc("b", ev(MET_COPY))
    assert fused(a1, b1) == fused(a2, b2)  # deterministic
    first = fused(doc("a", ev()))[0]
    assert fused(doc("a", ev()), doc("b", ev(MET_COPY)))[1] == first


def test_seeding_from_stored_reports_keeps_ids_stable():
    at_once = fused(doc("a", ev()), doc("c", ev(OTHER, date="2031-11-20")), doc("b", ev(MET_COPY, date="2031-10-07")))

    # A first run stores a and c; a later run seeds a fusion with what the store gives back, then adds b.
    stored = [doc("a", ev()), doc("c", ev(OTHER, date="2031-11-20"))]
    fused(*stored)
    later = Fusion()
    for d in stored:
        for e in d.events:
            later.seed(Event(**vars(e)))
    new = doc("b", ev(MET_COPY, date="2031-10-07"))
    later.add(new)
    assert [e.fused_id for d in stored for e in d.events] == at_once[:2]
    assert new.events[0].fused_id == at_once[2] == at_once[0]
    assert new.events[0].fused_id != at_once[1]


def test_seeded_cluster_matches_against_all_its_reports():
    # The stored cluster holds a dated report and a copy; the new report is close only to the copy's date.
    fusion = Fusion()
    fusion.seed(ev(date="2031-10-06", fused_id="e-stored"))
    fusion.seed(ev(MET_COPY, date="2031-10-09", fused_id="e-stored"))
    new = doc("n", ev(MET_COPY, date="2031-10-11"))
    fusion.add(new)
    assert new.events[0].fused_id == "e-stored"
    assert len(fusion.clusters["e-stored"]) == 3


# --- stories -------------------------------------------------------------------------------------------

def test_links_story_only_for_a_fused_happening_the_text_dates():
    assert links_story(ev(fused_id="e-1"))
    assert not links_story(ev())  # not fused yet
    assert not links_story(ev(fused_id="e-1", basis="report"))
    assert not links_story(ev(fused_id="e-1", date=None))
    assert not links_story(ev(fused_id="e-1", type="SANCTION"))


def test_story_id_is_named_by_its_first_document():
    sid = story_id(["doc-b", "doc-a", "doc-c"])
    assert sid.startswith("s-") and len(sid) == 12
    assert sid == story_id(["doc-c", "doc-a"]) == story_id(iter(["doc-a"]))
    assert sid != story_id(["doc-b", "doc-c"])
