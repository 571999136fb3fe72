"""Events: senses from CAMEO patterns, roles from the parse, modality per clause, coreference, dating."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from detente.clean.metadata import dateline
from detente.extract import annotate
from detente.extract.nlp import nlp_for
from detente.record import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def events(text: str, published: str | None = "2005-03-01"):  # type: ignore[no-untyped-def]
    doc = Document(id="t", source="t", text=text, published=published, body_start=dateline(text).end)
    return annotate(doc, nlp_for()(text)).events


def asserted(text: str) -> list[tuple]:  # type: ignore[type-arg]
    return [(e.type, e.actor_country, e.target_country) for e in events(text)
            if not e.hypothetical and not e.negated]


@pytest.mark.parametrize("text", [
    "The minister was asked whether he would resign.",  # an interview question is no request
    "Britain warned that jobs could be lost.",  # a forecast is no threat
    "Mr Brown insisted he was on course to meet his golden rule.",  # meeting a target is no meeting
    "Delegates met in Paris.",  # nobody political named
])
def test_words_in_no_event_sense(text):
    assert asserted(text) == []


def test_coordinated_subjects_are_both_actors_and_the_content_of_a_request_is_no_second_event():
    found = asserted("Japan and South Korea urged North Korea to return to talks.")
    assert sorted(found) == [("REQUEST", "JPN", "PRK"), ("REQUEST", "KOR", "PRK")]


def test_refusing_is_an_asserted_reject():
    evs = events("Russia refused to sign the treaty.")
    assert [(e.type, e.negated, e.hypothetical) for e in evs] == [("REJECT", False, False)]


def test_a_future_visit_is_an_agreement_and_a_place_is_no_actor():
    assert asserted("Tony Blair will visit China next week.") == [("AGREE", "GBR", "CHN")]
    assert asserted("Jacques Chirac met Tony Blair in Paris.") == [("CONSULT", "FRA", "GBR")]


def test_passive_agent_acts_and_parties_of_one_state_stay_apart():
    assert asserted("Tony Blair was criticised by the Liberal Democrats.") == [("ACCUSE", "GBR", "GBR")]
    ev = next(e for e in events("Tony Blair was criticised by the Liberal Democrats."))
    assert (ev.actor, ev.target) == ("Liberal Democrats", "Tony Blair")


def test_nominal_event_with_the_verb_that_governs_it():
    assert asserted("The European Union imposed sanctions on Iran.") == [("SANCTION", "EU", "IRN")]


def test_verbal_attack_by_a_politician_is_criticism_aimed_at_the_owner():
    assert asserted("Jack Straw attacked the EU plans.") == [("ACCUSE", "GBR", "EU")]


def test_signing_an_agreement_is_one_support_event():
    assert asserted("India signed a gas deal with Iran.") == [("SUPPORT", "IND", "IRN")]


def test_expected_act_is_hypothetical_and_dated_by_its_own_clause():
    text = "Kim Jong Un is expected to press Vladimir Putin for aid after a summit in Hanoi in February."
    ev = next(e for e in events(text, "2019-04-25") if e.type == "REQUEST")
    assert ev.hypothetical and (ev.actor_country, ev.target_country) == ("PRK", "RUS")
    assert (ev.date, ev.date_basis) == ("2019-04-25", "report")


def test_one_happening_told_twice_is_one_event_with_two_sentences():
    text = ("Jacques Chirac met Tony Blair on Monday. The two leaders discussed the budget. "
            "Jacques Chirac met Tony Blair for two hours, officials said.")
    consult = [e for e in events(text) if e.type == "CONSULT"]
    assert len(consult) == 1 and len(consult[0].evidence) == 1


def test_the_eu_has_one_code_whatever_its_name():
    for name in ("The European Union", "The EU", "The European Commission"):
        assert asserted(f"{name} criticised China.") == [("ACCUSE", "EU", "CHN")], name


def test_every_trigger_row_names_a_plover_type():
    from detente.extract.verbs import cameo, own_lexicon
    from detente.plover import NAMES as plover

    verbs, patterns = cameo()
    kinds = {s.type for s in own_lexicon().values()} | {s.type for _, s in verbs.values()}
    kinds |= {p.sense.type for ps in patterns.values() for p in ps}
    assert kinds <= plover | {"-"} and len(verbs) > 2000


@pytest.mark.skipif(not (SHARED / "resources").exists(), reason="../shared not checked out")
def test_compiled_verb_dictionary_is_current(tmp_path):
    spec = importlib.util.spec_from_file_location("build_verbs", ROOT / "tools" / "build_verbs.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    rows, _ = mod.compile_dictionary(SHARED / "resources" / "phoenix-dictionaries" / "CAMEO.2.0.txt",
                                     mod.plover_table(SHARED / "resources" / "plover" / "CAMEO2PLOVER-2021.txt"))
    shipped = (ROOT / "src" / "detente" / "data" / "cameo_verbs.tsv").read_text(encoding="utf-8")
    assert [r for r in shipped.splitlines() if not r.startswith("#")] == list(dict.fromkeys(rows))


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="../shared not checked out")
def test_event_gold_is_valid():
    sys.path.insert(0, str(ROOT / "eval"))
    import eventgold

    texts = eventgold.corpus_texts()
    articles = eventgold.load()
    assert len(articles) >= 40
    assert [p for a in articles for p in eventgold.problems(a, texts[a["id"]])] == []
    assert all(json.dumps(a) for a in articles)


def test_a_call_to_ease_sanctions_on_a_state_supports_it():
    assert asserted("Russia called for sanctions on Iran to be eased.") == [("SUPPORT", "RUS", "IRN")]
    both = sorted(asserted("China urged the UN to lift sanctions against Iran."))
    assert both == [("REQUEST", "CHN", "UN"), ("SUPPORT", "CHN", "IRN")]


def test_troops_sent_to_help_a_state_are_military_aid_to_it():
    found = asserted("Iran sent troops to help Syria fight the rebels.")
    assert ("AID", "IRN", "SYR") in found and not any(t == "MOBILIZE" for t, _, _ in found)


@pytest.mark.parametrize("text", ["The UN was asked", "China called", "Iran warned", "talks", "Russia"])
def test_a_trigger_at_the_end_of_a_text_does_not_crash(text):
    assert isinstance(events(text), list)


def test_a_store_from_before_date_basis_opens_and_gains_the_columns(tmp_path):
    import duckdb

    from detente import store

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events (doc_id VARCHAR, fused_id VARCHAR, type VARCHAR, mode VARCHAR, actor VARCHAR,"
                " target VARCHAR, actor_country VARCHAR, target_country VARCHAR, actor_text VARCHAR,"
                " target_text VARCHAR, date VARCHAR, place VARCHAR, sentence VARCHAR, start INTEGER, \"end\" INTEGER,"
                " confidence DOUBLE, negated BOOLEAN, hypothetical BOOLEAN, trigger VARCHAR)")
    con.close()
    con = store.connect(path)
    try:
        cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
        assert {"date_basis", "evidence"} <= cols
        assert con.execute("SELECT count(*) FROM fused_events").fetchone() == (0,)
    finally:
        con.close()


def test_dates_places_and_pairs_per_clause():
    evs = events("Russia imposed sanctions on Georgia after the two sides met in Tbilisi on Monday.")
    sanction = next(e for e in evs if e.type == "SANCTION")
    assert (sanction.date_basis, sanction.place) == ("report", None)
    retold = events("Russia condemned Iran. Years earlier, in 1998, Russia condemned Iran.")
    assert len(retold) == 2  # a 1998 condemnation is another happening, not a retelling
    met = {(e.actor_country, e.target_country) for e in events("China, Russia and Japan met on Monday.")}
    assert met == {("CHN", "RUS"), ("CHN", "JPN"), ("RUS", "JPN")}


def test_a_weapons_test_is_a_show_of_force_and_firing_at_someone_an_attack():
    assert asserted("North Korea fired four ballistic missiles into the sea off its east coast on Monday.") == \
        [("MOBILIZE", "PRK", None)]
    assert asserted("Iran conducted a missile test on Sunday, state television said.") == [("MOBILIZE", "IRN", None)]
    assert [t for t, _, _ in asserted("Israeli troops fired rockets at Syrian positions on Monday.")] == ["ASSAULT"]


def test_a_show_of_force_is_aimed_at_whom_its_path_or_reach_names():
    assert asserted("North Korea fired a ballistic missile over Japan's northern island of Hokkaido early on "
                    "Tuesday.") == [("MOBILIZE", "PRK", "JPN")]
    assert asserted("North Korea fired a missile on Friday that flew far enough to reach the United States.") == \
        [("MOBILIZE", "PRK", "USA")]


def test_a_harm_the_speaker_says_they_may_do_is_a_threat_now():
    assert asserted("On Tuesday President Trump told the United Nations that the United States might have to "
                    "totally destroy North Korea.") == [("THREATEN", "USA", "PRK")]
    # Someone else's forecast of an attack stays a hypothetical attack, not a threat by anyone.
    found = events("Analysts said Israel might attack Iran's nuclear sites next year.")
    assert [(e.type, e.hypothetical) for e in found] == [("ASSAULT", True)]


def test_a_dateline_is_neither_a_subject_nor_a_title():
    # the parser takes the capitalised place before the dash as a subject, and the state in it as a title
    assert asserted("ANKARA, Turkey - Prime Minister Theresa May warned Syria on Friday that its attacks must "
                    "stop.") == [("THREATEN", "GBR", "SYR")]
    assert asserted("CAIRO, May 3 (Example Wire) - Iran fired two ballistic missiles into the Gulf on "
                    "Sunday.") == [("MOBILIZE", "IRN", None)]


def test_a_weapons_test_is_aimed_at_the_reach_the_report_gives_it():
    # the reach may be stated in a sentence of its own, and the test may be told as a noun
    assert asserted("Iran tested a new medium-range missile on Sunday. Officials in Tehran said the weapon was "
                    "able to hit Israel.") == [("MOBILIZE", "IRN", "ISR")]
    shows = [e for e in asserted("Pakistan said its latest nuclear test had proved it could strike anywhere in "
                                 "India.") if e[0] == "MOBILIZE"]
    assert shows == [("MOBILIZE", "PAK", "IND")]
    assert asserted("Britain will test the new policy in Wales.") == []  # a test of no weapon


def test_a_conditional_harm_and_its_bare_conjunct_are_threats_not_acts():
    assert asserted("The Turkish president told parliament that Ankara would have no choice but to crush Syria "
                    "if attacked again.") == [("THREATEN", "TUR", "SYR")]
    # a warning's own if-clause is what it warns of, so the warning stays asserted
    assert asserted("Beijing warned Japan of grave consequences if it sent warships to the strait.") == \
        [("THREATEN", "CHN", "JPN")]


def test_saying_the_other_side_will_pay_is_a_threat():
    assert asserted("Iran's foreign minister said Israel would pay a heavy price for the strike.") == \
        [("THREATEN", "IRN", "ISR")]


def test_name_calling_is_an_accusation():
    assert asserted("Vladimir Putin described Volodymyr Zelensky as a clown and a puppet.") == \
        [("ACCUSE", "RUS", "UKR")]
    assert asserted("Israel called the Iranian leadership a gang of lunatics and criminals.") == \
        [("ACCUSE", "ISR", "IRN")]


def test_an_untitled_role_is_the_person_its_appositive_names():
    assert asserted("Emmanuel Macron condemned the country's president, Recep Tayyip Erdogan, on Monday.") == \
        [("ACCUSE", "FRA", "TUR")]


def test_senses_the_object_decides():
    assert asserted("Iran cancelled a planned meeting with Antony Blinken.") == [("REJECT", "IRN", "USA")]
    assert asserted("Narendra Modi accepted Xi Jinping's invitation to visit Beijing.") == [("AGREE", "IND", "CHN")]
    assert asserted("Japan voiced concern over China's naval build-up.") == [("ACCUSE", "JPN", "CHN")]
    assert [t for t, _, _ in asserted("India suspended its missile tests on Monday.")] == ["RETREAT"]


def test_a_plan_told_in_reported_speech_is_announced_now():
    # the manual's CONCEDE: an announced future retreat; a speaker's forecast about a meeting stays none
    assert asserted("Iran said it would halt its missile tests.") == [("CONCEDE", "IRN", None)]
    assert asserted("Gordon Brown said the London meeting would be remembered for years.") == []


def test_not_excluding_a_harm_is_an_asserted_threat_and_refusing_to_exclude_is_one_event():
    evs = [e for e in events("Germany's defence minister refused to rule out air strikes against Syria.")]
    assert [(e.type, e.actor_country, e.target_country, e.negated, e.hypothetical) for e in evs] == \
        [("THREATEN", "DEU", "SYR", False, False)]
    # excluding an act is a refusal, not a threat
    assert asserted("Iran's foreign ministry ruled out new negotiations with France.") == [("REJECT", "IRN", "FRA")]


def test_losing_interest_in_talks_is_a_rejection_of_them():
    found = asserted("Pakistan's foreign minister said Pakistan was no longer interested in talks with India.")
    assert ("REJECT", "PAK", "IND") in found


def test_a_court_finding_and_a_conviction_are_sanctions():
    assert asserted("Italy's constitutional court ruled that the decree broke the law.")[0][:2] == ("SANCTION", "ITA")
    assert ("SANCTION", "IRN", "GBR") in asserted("An Iranian court convicted the British journalist of espionage.")


def test_cutting_exchanges_is_a_sanction_whatever_it_is_called():
    assert asserted("The Canadian government froze the assets of two Venezuelan ministers.") == \
        [("SANCTION", "CAN", "VEN")]
    assert asserted("The Australian government barred its citizens from travelling to Myanmar.") == \
        [("SANCTION", "AUS", "MMR")]


def test_a_stance_on_a_measure_is_aimed_at_its_owner():
    text = "The Spanish government announced new fishing quotas. Portugal's government condemned the move."
    assert ("ACCUSE", "PRT", "ESP") in asserted(text)
    assert ("ACCUSE", "FRA", "ITA") in asserted("France criticised the rules adopted by the Italian government.")


def test_a_release_with_no_stated_recipient_goes_to_the_counterpart_the_report_names():
    text = ("Iran and Britain have been at odds for months. Britain wants Iran to free its nationals. "
            "Iran released two detainees on Monday.")
    assert ("RETREAT", "IRN", "GBR") in asserted(text)


def test_a_letter_is_a_consultation_from_its_sender():
    assert asserted("Angela Merkel said she had received a letter from Vladimir Putin.") == [("CONSULT", "RUS", "DEU")]
    assert asserted("Emmanuel Macron sent a letter to Angela Merkel.") == [("CONSULT", "FRA", "DEU")]


def test_a_meeting_is_dated_by_its_own_date_and_its_retellings_join_it():
    ev = next(e for e in events("Japan's prime minister will attend the May 3 summit with China in Tokyo.",
                                "2010-04-20") if e.trigger == "summit")
    assert (ev.date, ev.date_basis) == ("2010-05-03", "text")
    text = "Vladimir Putin met Angela Merkel in Berlin on March 2. Putin said later that his meeting with Merkel had gone well."
    consult = [e for e in events(text, "2010-03-20") if e.type == "CONSULT"]
    assert len(consult) == 1 and consult[0].date == "2010-03-02" and len(consult[0].evidence) == 1


def test_hitting_verbs_in_idioms_are_no_attack():
    assert asserted("The Spanish president struck a warm note toward Morocco in his speech on Monday.") == []
    assert asserted("Exports from Chile to Peru hit a record high in March.") == []
    assert asserted("Israel struck Hamas targets in Gaza on Sunday.") != []  # targets are no idiom
    assert asserted("Turkey hit Syria with artillery fire on Sunday.") == [("ASSAULT", "TUR", "SYR")]
