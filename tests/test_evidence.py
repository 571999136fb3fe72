"""A before/after conclusion only when the evidence supports it (issue 13)."""
from __future__ import annotations

from detente.answer.dyad import DyadEvent
from detente.answer.evidence import MIN_EVENTS, place, verdict, verdict_sentence, windows


def _ev(i: int, type_: str, date: str | None, hypothetical: bool = False) -> DyadEvent:
    return DyadEvent(f"e{i}", type_, None, "USA", "PRK", date, [date] if date else [], None, 1, False, hypothetical,
                     [{"source_group": f"g{i}"}])


def test_dates_are_placed_by_their_precision():
    around = "2018-06-12"
    assert [place(_ev(0, "CONSULT", d), around) for d in ("2017", "2018", "2018-06", "2018-05", "2018-06-12",
                                                           "2018-06-20", "2019-02", None)] == \
        ["before", "unplaced", "unplaced", "before", "at", "after", "after", "unplaced"]


def test_too_few_events_give_no_verdict():
    evs = [_ev(i, "THREATEN", "2017-08") for i in range(MIN_EVENTS)] + [_ev(9, "CONSULT", "2018-07")]
    v = verdict(windows(evs, "2018-06-12"), "2018-06-12")
    assert v["kind"] == "too_little" and v["after"] == 1
    assert verdict_sentence(v, "2018-06-12").startswith("Too little evidence")


def test_a_clear_shift_is_stated_with_its_interval():
    before = [_ev(i, t, "2017-0%d" % (1 + i % 9)) for i, t in enumerate(["THREATEN", "ACCUSE", "MOBILIZE",
                                                                        "THREATEN", "SANCTION", "ACCUSE"])]
    after = [_ev(10 + i, t, "2018-0%d" % (7 + i % 3)) for i, t in enumerate(["CONSULT", "AGREE", "SUPPORT",
                                                                            "CONSULT", "AID", "AGREE"])]
    v = verdict(windows(before + after, "2018-06-12"), "2018-06-12")
    assert v["kind"] == "more_cooperative" and v["low"] > 0
    assert "interval" in verdict_sentence(v, "2018-06-12")


def test_mixed_evidence_is_no_clear_change_and_announced_acts_count_apart():
    mixed = ["THREATEN", "CONSULT", "ACCUSE", "AGREE", "SANCTION", "SUPPORT"]
    before = [_ev(i, t, "2017-05") for i, t in enumerate(mixed)]
    after = [_ev(10 + i, t, "2019-05") for i, t in enumerate(reversed(mixed))]
    announced = [_ev(20 + i, "AGREE", "2019-06", hypothetical=True) for i in range(10)]
    wins = windows(before + after + announced, "2018-06-12")
    assert len(wins["after"].done) == 6 and len(wins["after"].announced) == 10
    assert verdict(wins, "2018-06-12")["kind"] == "no_clear_change"


def test_numbers_are_claims_with_kind_direction_and_readable_amounts():
    from detente.answer.claims import about_pair, label

    fall = {"value": 34e6, "unit": "USD", "about": "Russia-North Korea trade",
            "change": {"direction": "down", "by": 56.0, "by_unit": "percent", "reached": True}}
    rise = {"value": 1e7, "unit": "USD", "about": "exports", "change": {"direction": "up", "by": 1e7, "by_unit": "USD"}}
    share = {"value": 56.0, "unit": "percent", "about": "trade", "change": {"direction": "down"}}
    assert [label(q) for q in (fall, rise, share)] == ["down by 56% to $34 million", "up by $10 million", "down 56%"]
    assert label({"value": 1500.0, "unit": "kits", "about": "diagnosis kits"}) == "1,500 kits"
    assert about_pair(fall) and about_pair({"value": 1500.0, "unit": "kits", "about": "diagnosis kits"})
    # A leader's age and a distance are context, not claims about the pair.
    assert not about_pair({"value": 35.0, "unit": "years", "about": None})
    assert not about_pair({"value": 9.0, "unit": "km", "about": "the bridge"})
