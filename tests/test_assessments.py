"""The sources' own judgements of a relationship, apart from the events (issue 13.2)."""
from __future__ import annotations

import detente


def _assessments(tmp_path, text: str, name: str = "a.txt"):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text("Monday, 3 January 2005\n\nHeadline about things\n\n" + text, encoding="utf-8")
    (doc,) = detente.extract([tmp_path / name]).documents
    return doc.assessments


def test_a_writers_judgement_with_polarity_and_parties(tmp_path):
    found = _assessments(tmp_path, "Relations between Egypt and Israel have deteriorated sharply this year. "
                                   "Trade talks were held in Cairo on Monday and "
                                   "will continue next month with further meetings planned by the ministers.")
    (a,) = found
    assert a.polarity == "negative" and a.parties == ["EGY", "ISR"] and a.holder_kind == "author"


def test_quoted_views_are_the_speakers_and_negation_and_scare_quotes_count(tmp_path):
    found = _assessments(tmp_path, "\"Our ties with Japan have never been stronger,\" said Australian Prime Minister "
                                   "John Howard on Tuesday. But analysts said relations between Australia and "
                                   "Japan were not improving and described the \"friendly\" talk between the two "
                                   "governments as hollow. The leaders met in Canberra for two hours of talks.")
    by_polarity = {a.polarity: a for a in found}
    assert by_polarity["positive"].holder_kind == "speaker" and "stronger" in by_polarity["positive"].cues
    assert by_polarity["negative"].cues == ["hollow", "improving"] or set(by_polarity["negative"].cues) == {
        "hollow", "improving"}


def test_sentences_without_a_relation_or_two_parties_are_not_assessments(tmp_path):
    assert _assessments(tmp_path, "France had a strong quarter and its exports to Germany improved, the statistics "
                                  "office said on Monday, adding that growth would continue next year as demand "
                                  "for cars rose across the region.") == []


def test_the_seed_report_shows_the_sources_view_beside_the_events(seed_db):
    import json

    data = json.loads(detente.report(seed_db, "RUS", "PRK", "2019-04-25", fmt="json"))
    polarities = {a["polarity"] for a in data["assessments"]}
    assert {"positive", "negative"} <= polarities  # the summit's vows, and the analysis' "little change"
    assert any(s["text"].startswith("The sources' own judgement") for s in data["summary"])
    assert "What the sources concluded" in detente.report(seed_db, "RUS", "PRK", "2019-04-25")
