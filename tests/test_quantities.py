"""Numeric claims (issue 15): units from the package table, numbers inside names, bounds, hedges, direction."""
from __future__ import annotations

import re

import pytest

from detente.data import rows
from detente.extract.quantities import find_quantities, unit_of
from detente.record import Quantity


def _sentences(text: str) -> list[tuple[int, int]]:
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+", text)]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(text)])]


def _found(text: str) -> dict[str, Quantity]:
    return {q.text: q for q in find_quantities(text, [], _sentences(text))}


def _units(text: str) -> dict[str, tuple[float, str | None]]:
    return {t: (round(q.value, 3), q.unit) for t, q in _found(text).items()}


# --- the unit table -------------------------------------------------------------------------------------

KINDS = {"currency", "percent", "length", "area", "mass", "volume", "energy", "power", "speed", "fuel economy",
         "concentration", "temperature"}


def test_every_unit_row_has_a_known_kind_and_a_form_read_once():
    table = rows("units.tsv", 4, required=3)
    assert {kind for _, _, kind, _ in table} <= KINDS
    forms = [form for form, _, _, _ in table]
    assert len(forms) == len(set(forms))


def test_a_lower_case_form_matches_in_any_case_and_a_capitalised_one_only_as_written():
    assert unit_of("Euros") == "EUR" and unit_of("KM") == "km"
    assert unit_of("MW") == "MW" and unit_of("mw") is None


def test_measures_read_from_the_table():
    text = ("The plant adds a 40kW turbine and a 3 MW array, emits 410 ppm of gas, burns 12kt of coal, "
            "the van does 52 mpg at 60 mph and it was 31C in the shade.")
    assert _units(text) == {"40kW": (40.0, "kW"), "3 MW": (3.0, "MW"), "410 ppm": (410.0, "ppm"),
                            "12kt": (12.0, "kt"), "52 mpg": (52.0, "mpg"), "60 mph": (60.0, "mph"),
                            "31C": (31.0, "degC")}


def test_money_pence_cents_and_a_hyphened_period():
    found = _found("Fares go up 7p, the stock sank to 35 euro cents and she signed a £2m-a-year contract.")
    assert (found["7p"].value, found["7p"].unit) == (7.0, "GBX")
    assert (round(found["35 euro cents"].value, 3), found["35 euro cents"].unit) == (0.35, "EUR")
    contract = found["£2m-a-year"]
    assert (contract.value, contract.unit, contract.period) == (2e6, "GBP", "P1Y")


def test_a_one_letter_unit_must_touch_the_digits():
    assert "7 p" not in _found("Turn to chapter 7 p and read on; room 12 C is shut.")
    assert all(q.unit != "degC" for q in _found("Room 12 C is shut for 3 weeks.").values())


def test_currency_words_from_the_table():
    assert _units("Tourism may lose 20bn baht and 4 million rupees.") == {"20bn baht": (2e10, "THB"),
                                                                        "4 million rupees": (4e6, "INR")}


# --- numbers inside names -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Shares on the FTSE 100 index slipped while the S&P 500 index and the Nikkei 225 average were steady.",
    "Leaders of the G8 nations and the G20 economies meet in May.",
    "A spokesman for No 10 briefed reporters outside 10 Downing Street.",
    "The San Francisco 49ers signed a rookie.",
    "The carrier flies Boeing 777 jets and A380 aircraft; the TA-125 index closed flat.",
])
def test_numbers_inside_names_are_not_quantities(text):
    assert _found(text) == {}


def test_a_name_does_not_swallow_a_real_figure():
    found = _found("Labour 41% and the Tories 33%, a poll says. Some 40 MPs rebelled. On Friday 12 people died.")
    assert {"41%", "33%", "40 MPs", "12 people"} <= set(found)
    assert found["40 MPs"].unit == "mp"


def test_a_title_case_headline_keeps_its_count():
    assert "450 Jobs" not in _found("Carmaker To Cut 450 Jobs")  # no lower-case noun: a bare number, as before
    assert "450 jobs" in _found("Carmaker To Cut 450 jobs At Plant")


def test_a_span_of_time_that_places_an_event_is_a_date():
    found = _found("The firm was founded 40 years ago and was sold for 12 years of profits.")
    assert "40 years" not in found and "12 years" in found


# --- bound and hedge ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "bound"), [
    ("Tariffs of up to 38.1% apply.", "38.1%", "upper"),
    ("Fewer than 300 guards remain.", "300 guards", "upper"),
    ("It will be done within six weeks.", "six weeks", "upper"),
    ("More than 2,000 staff walked out.", "2,000 staff", "lower"),
    ("Each migrant staying 5 years or more must register.", "5 years", "lower"),
    ("Tens of thousands of fans queued.", "Tens of thousands of fans", "lower"),
    ("About 70 delegates came.", "70 delegates", "approximate"),
    ("The fund holds nearly $4bn.", "$4bn", "approximate"),
    ("We visited 60-odd villages.", "60-odd villages", "approximate"),
    ("Exactly 12 ships docked.", "12 ships", "exact"),
    ("The talks ran over 10 days.", "10 days", None),
])
def test_bounds(text, span, bound):
    assert _found(text)[span].bound == bound


def test_a_ceiling_is_not_a_rise_and_a_fall_keeps_its_direction():
    found = _found("Duties of up to 38.1% were imposed after imports fell 56%.")
    assert found["38.1%"].change is None and found["38.1%"].bound == "upper"
    assert found["56%"].change == {"direction": "down"}


@pytest.mark.parametrize(("text", "span", "hedge"), [
    ("Output could rise to 9 million barrels.", "9 million barrels", "could rise to"),
    ("Revenue is expected to reach £3bn next year.", "£3bn", "is expected to reach"),
    ("The scheme may cost $40m.", "$40m", "may cost"),
    ("In May 300 workers struck.", "300 workers", None),
    ("The scheme cost $40m.", "$40m", None),
])
def test_modal_hedges(text, span, hedge):
    assert _found(text)[span].hedge == hedge


def test_a_bracketed_conversion_shares_the_bound_hedge_and_change():
    found = _found("Losses could climb to about $9bn (£7bn) this year.")
    assert (found["£7bn"].bound, found["£7bn"].hedge) == ("approximate", "could climb to")
    assert found["£7bn"].change == found["$9bn"].change == {"direction": "up", "reached": True}


# --- direction ------------------------------------------------------------------------------------------

def test_direction_written_after_the_figure():
    found = _found("Stocks are 12% lower than in March, though debt is £3bn more than planned and profit was "
                   "$5bn, up 8% on the year.")
    assert found["12%"].change == {"direction": "down"}
    assert found["£3bn"].change == {"direction": "up"}
    assert found["$5bn"].change == {"direction": "up"}


def test_a_starting_point_and_a_reporting_period_have_no_direction():
    found = _found("Sales jumped 9% to $2bn in the six months to June, from $1.8bn a year before.")
    assert found["$2bn"].change == {"direction": "up", "reached": True}
    assert found["$1.8bn"].change is None and found["six months"].change is None


def test_a_change_verb_stays_in_its_own_clause():
    found = _found("Membership grew sharply and that left 40 seats empty; exports rose 3% in May and 5% in June.")
    assert found["40 seats"].change is None
    assert found["5%"].change == {"direction": "up"}
