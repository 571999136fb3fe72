"""Time expressions: one test per class of error fixed for issue 15 (sentences written for these tests)."""
from __future__ import annotations

from datetime import date

from detente.extract.timeref import resolve_stored, sentences, tense
from detente.extract.times import find_times

WED = date(2021, 6, 16)  # a Wednesday


def values(text: str, anchor: date | None = WED) -> dict[str, str]:
    return {t.text: t.value for t in find_times(text, anchor)}


def test_a_year_earlier_follows_the_quarter_named_before_it():
    found = values("The miller earned more in the second quarter. A year earlier it lost money.")
    assert found["A year earlier"] == "2020-Q2"


def test_a_year_ago_without_another_time_is_the_year_before_the_report():
    assert values("Rents are up from a year ago.")["a year ago"] == "2020"


def test_anaphors_take_the_last_explicit_time_not_the_report_date():
    found = values("The ferry sank on March 3, 2009. Divers reached it the next day, and later that year "
                   "the owners were fined.")
    assert found["the next day"] == "2009-03-04"
    assert found["later that year"] == "2009"


def test_the_following_year_after_a_written_year():
    assert values("The dam opened in 1962 and the following year it flooded.")["the following year"] == "1963"


def test_past_verb_takes_the_weekday_gone_even_when_the_next_one_is_closer():
    # Thursday is one day ahead of the Wednesday report; "delivered" puts it six days back.
    assert values("The yard on Thursday delivered the last hull.")["Thursday"] == "2021-06-10"
    assert values("The yard will deliver the last hull on Thursday.")["Thursday"] == "2021-06-17"


def test_tense_reads_the_clause_not_the_reporting_verb():
    text = "The mayor said the bridge will reopen on Monday."
    start = text.index("Monday")
    assert tense(text, start, start + 6, 0) == "future"


def test_initials_and_titles_do_not_end_a_sentence():
    text = "Ms. Ruth K. Obi will take over Feb. 2. The board agreed."
    assert len(sentences(text)) == 2
    assert values("Ms. Ruth K. Obi will take over Feb. 2.", date(2021, 10, 5))["Feb. 2"] == "2022-02-02"


def test_clock_time_takes_the_day_its_sentence_names():
    found = values("The blast came at 9:40 a.m. Tuesday, police said.")
    assert found["9:40 a.m. Tuesday"] == "2021-06-15T09:40"
    assert values("Trading stopped at 14:05 UTC after the alarm on Monday.")["14:05 UTC"] == "2021-06-14T14:05Z"


def test_weekday_with_a_part_of_the_day():
    assert values("Crowds gathered on Sunday night.")["Sunday night"] == "2021-06-13TNI"


def test_quarter_with_its_year_is_one_expression():
    found = values("Output fell in the third quarter of 2018 and in next year's first quarter.")
    assert found["the third quarter of 2018"] == "2018-Q3"
    assert found["next year's first quarter"] == "2022-Q1"


def test_month_with_a_relative_year():
    assert values("The plant shut in July last year.")["July last year"] == "2020-07"


def test_undated_document_keeps_typed_values_and_resolves_them_later():
    found = values("Talks resume on Monday; sales fell last year.", None)
    assert found == {"Monday": "XXXX-WXX-1", "last year": "XXXX"}
    assert resolve_stored("Monday", "XXXX-WXX-1", WED) == "2021-06-14"
    assert resolve_stored("Monday", "XXXX-WXX-1", WED, future=True) == "2021-06-21"
    assert resolve_stored("last year", "XXXX", WED) == "2020"
    assert resolve_stored("2019", "2019", WED) == "2019"


def test_undated_document_reads_the_date_under_its_title():
    found = values("Storm closes port\nOctober 12, 2015\nThe port closed today.", None)
    assert found["today"] == "2015-10-12"


def test_decades_centuries_and_decade_durations_follow_timex3():
    found = values("Mills of the 1970s, built in the 19th century, ran for two decades.")
    assert found["the 1970s"] == "197"
    assert found["the 19th century"] == "18"
    assert found["for two decades"] == "P20Y"


def test_durations_with_modifiers_and_halves():
    found = values("The strike lasted 2 1/2 years; the talks took at least 72 hours and two more weeks.")
    assert found["2 1/2 years"] == "P2Y6M"
    assert found["at least 72 hours"] == "PT72H"
    assert found["two more weeks"] == "P2W"


def test_duration_before_a_signal_word_is_a_duration():
    assert values("Three days later the pumps failed.")["Three days"] == "P3D"


def test_age_is_not_a_time():
    assert "years" not in values("The pilot, 52 years old, landed safely.")


def test_modal_may_is_not_a_month():
    assert not values("This may change the vote.")


def test_holidays_and_fiscal_years():
    found = values("Sales at Thanksgiving rose; the current fiscal year looks weak.", date(2021, 12, 2))
    assert found["Thanksgiving"] == "2021-11-25"
    assert found["the current fiscal year"] == "2021"


def test_the_report_says_why_events_have_no_date():
    from detente.answer.dyad import DyadEvent
    from detente.answer.evidence import undated_reasons, undated_sentence

    def event(fid: str, date_: str | None, reported: str | None, start: int) -> DyadEvent:
        return DyadEvent(fid, "CONSULT", None, "RUS", "PRK", date_, [], None, 1, False, False,
                         [{"doc_id": "d", "start": start, "reported": reported}])

    events = [event("a", None, None, 0), event("b", None, None, 50), event("c", "2019-04-25", None, 90)]
    counts = undated_reasons(events, unresolved={("d", 50)})
    assert counts == {"no_report_date": 1, "relative": 1}
    text = undated_sentence(counts) or ""
    assert text.startswith("2 events had no date") and "relative time" in text and "no date on its report" in text


def test_spoken_year_joins_its_month_or_season():
    found = values("Prices last fell this low in the winter of nineteen ninety-two. March nineteen ninety-nine.")
    assert found["the winter of nineteen ninety-two"] == "1992-WI"
    assert found["March nineteen ninety-nine"] == "1999-03"


def test_the_day_and_the_year_in_hand():
    found = values("Shares slid on Monday and the index ended the day 2% lower. For the year, output is flat.")
    assert found["the day"] == "2021-06-14"
    assert found["the year"] == "2021"
    assert "the year" not in values("She was named player of the year 2019 by the league.")


def test_time_right_after_the_reporting_verb_dates_the_saying():
    # Monday after "announced" is the day of the announcement, though the plan it reports lies ahead.
    assert values("The port announced Monday that it will close its docks.")["Monday"] == "2021-06-14"


def test_recurring_weekdays_and_months_are_sets():
    found = values("Ferries leave each Friday and on Sunday nights; the fair opens every May.")
    assert found["each Friday"] == "XXXX-WXX-5"
    assert found["Sunday nights"] == "XXXX-WXX-7TNI"
    assert found["every May"] == "XXXX-05"


def test_names_are_not_times():
    found = values("The Mayor joined the March for Life; the host of \"This Week\" was in his 40s.")
    assert found == {}


def test_a_planned_event_lies_ahead():
    assert values("The union has scheduled a rally Friday outside the plant.")["Friday"] == "2021-06-18"


def test_an_even_month_distance_leans_to_the_past():
    # From an October report January is nine months back or three ahead, a future month counting three
    # times: a tie, which goes to the past.
    assert values("In January the firm hired a new chief.", date(2021, 10, 20))["January"] == "2021-01"
