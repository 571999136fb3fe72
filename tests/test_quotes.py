"""Quote attribution, one test per error class found on the PolNeAR dev listing (`eval/quotes.py --errors`).
The sentences are invented; each asserts the speaker the rule must give."""
from __future__ import annotations

import pytest

from detente.extract.actors import find_entities
from detente.extract.nlp import nlp_for
from detente.extract.quotes import find_quotes
from detente.record import Quote


def quotes(text: str) -> list[Quote]:
    doc = nlp_for()(text)
    return find_quotes(doc, find_entities(doc))


def said(text: str, start: str) -> Quote:
    return next(q for q in quotes(text) if q.text.startswith(start))


def test_a_pronoun_resolves_to_the_last_person_of_its_gender():
    q = said("Foreign Minister Anna Berg met Paul Dorn in Oslo on Monday. Ms. Berg said her country wanted a deal. "
             "Mr. Dorn arrived late for the dinner. \u201cWe are close to an agreement,\u201d she said.", "We are close")
    assert (q.speaker, q.speaker_actor) == ("she", "Anna Berg")


def test_a_pronoun_prefers_the_subject_over_a_later_object():
    q = said("Jan Novak spoke after meeting Karl Weiss in Prague. "
             "\u201cOur aim is to set rules that everyone follows,\u201d he said.", "Our aim")
    assert q.speaker_actor == "Jan Novak"


def test_a_title_resolves_to_the_person_who_holds_it():
    text = ("Prime Minister Ola Sand and Finance Minister Peter Larsen visited the plant on Tuesday. "
            "\u201cThe budget will hold this year,\u201d the finance minister said. "
            "\u201cWe will not raise taxes on workers,\u201d the prime minister said.")
    assert said(text, "The budget").speaker_actor == "Peter Larsen"
    q = said(text, "We will not")
    assert (q.speaker, q.speaker_actor) == ("the prime minister", "Ola Sand")


def test_an_abbreviated_title_is_a_role():
    q = said("Sen. Laura Hill spoke at a rally in Denver on Friday. "
             "\u201cI will tell voters the truth about this bill,\u201d the senator said.", "I will tell")
    assert q.speaker_actor == "Laura Hill"


def test_an_unnamed_official_keeps_the_state_they_speak_for():
    q = said("\u201cThe talks were useful and will go on,\u201d a White House aide said.", "The talks")
    assert (q.speaker, q.speaker_actor) == ("a White House aide", "USA")


def test_an_organisation_named_earlier_speaks_for_its_state():
    text = ("The Japanese Foreign Ministry said on Monday that it had summoned the ambassador. "
            "\u201cThe incident must not be repeated,\u201d a spokesperson for the ministry said.")
    q = said(text, "The incident")
    assert q.speaker == "a spokesperson for the ministry" and q.speaker_actor == "JPN"


def test_a_document_speaks_for_whoever_issued_it():
    q = said("\u201cGrowth will slow next year across the region,\u201d said a report by the IMF.", "Growth will")
    assert q.speaker_actor == "IMF"


@pytest.mark.parametrize("sentence", [
    "The bank failed to tell investors that the loans were at serious risk.",
    "The minister declined to say whether the talks would resume next week.",
    "He did not say whether the agreement was final or still under review.",
    "She would never admit that the plan had failed from the start.",
])
def test_speech_that_did_not_happen_is_no_quote(sentence):
    assert quotes(sentence) == []


def test_speech_that_did_happen_is_a_quote():
    found = quotes("The minister said that the talks would resume next week in Geneva.")
    assert [q.text for q in found] == ["the talks would resume next week in Geneva"]


def test_a_quote_over_paragraphs_takes_the_speaker_named_at_its_end():
    text = ('The council met on Monday.\n\n"We have waited long enough for this decision and the people know it.\n\n'
            '"Now we must act quickly," said Ana Ruiz, the council leader.')
    found = quotes(text)
    assert [q.speaker for q in found if q.direct] == ["Ana Ruiz", "Ana Ruiz"]


def test_a_quote_over_paragraphs_introduced_by_a_colon():
    text = ('Ana Ruiz told the assembly:\n\n"We have waited long enough for this decision.\n\n'
            '"Now we must act quickly and together."')
    assert [q.speaker for q in quotes(text) if q.direct] == ["Ana Ruiz", "Ana Ruiz"]


def test_the_cue_after_a_quote_of_several_sentences():
    q = said('"The vote was rigged. The count was late. Nobody trusts it now," said Rep. Jane Roe of Ohio.',
             "The vote was")
    assert q.speaker == "Jane Roe"


def test_an_apposition_between_the_quote_and_the_cue():
    q = said("\u201cThere is a deep rift between the government and the army,\u201d Tom Flint, a senior adviser "
             "to the campaign, said on Thursday.", "There is")
    assert q.speaker == "Tom Flint"


def test_a_cue_inside_another_speakers_clause_gives_way_to_the_governing_one():
    q = said("Mayor Lena Roth said the new museum would tell a story of \u201chardship and hope, of loss and "
             "return.\u201d", "hardship")
    assert (q.speaker, q.cue) == ("Lena Roth", "said")


def test_a_fragment_quoted_inside_reported_speech_is_one_mixed_quote():
    found = quotes("Mayor Lena Roth said the new museum was \u201ca debt long owed\u201d to the city and its people.")
    assert [(q.text, q.speaker, q.direct) for q in found] == [
        ("the new museum was \u201ca debt long owed\u201d to the city and its people", "Lena Roth", False)]


def test_a_word_or_two_in_quotes_count_only_after_a_verb_of_naming():
    found = quotes("Senator Hill called the plan \u201ca disgrace.\u201d The so-called \u201cpeace dividend\u201d never came.")
    assert [(q.text, q.speaker) for q in found if q.direct] == [("a disgrace.", "Hill")]


def test_a_paragraph_opened_with_a_closing_mark_is_still_a_quote():
    text = "Readers wrote to us.\n\n\u201dThe debate showed who is ready to lead this country.\u201d \u2015 Maria Gomez"
    q = said(text, "The debate")
    assert q.speaker == "Maria Gomez"


def test_according_to_names_the_speaker_of_a_marked_quote():
    q = said("According to Halvorsen, \u201cthe moderators should stay out of it and let them argue.\u201d", "the mod")
    assert q.speaker == "Halvorsen"


def test_a_standalone_quote_belongs_to_the_person_of_the_sentence_before():
    text = ("Hillary Clinton named the budget as her first priority on Sunday. "
            "\u201cWe cannot wait another year for this.\u201d")
    assert said(text, "We cannot").speaker == "Hillary Clinton"


def test_a_participle_cue_speaks_for_the_clause_it_hangs_on():
    q = said("After saying her knee was \u201cso swollen I could barely walk,\u201d Clara Dunn left the stage.", "so swollen")
    assert q.speaker == "Clara Dunn"


def test_a_headline_quote_belongs_to_the_name_before_its_colon_or_its_verb():
    text = ("Angela Merkel: Europe Must Stand \u2018Together\u2019\n\nThe chancellor spoke in Berlin on Monday.")
    q = said(text, "Together")
    assert q.speaker == "Angela Merkel"
    text = "Budget Plan Is \u2018Reckless\u2019, Theresa May Says\n\nThe prime minister spoke in London."
    assert said(text, "Reckless").speaker == "Theresa May"


def test_it_said_is_the_organisation_named_just_before():
    text = ("The International Monetary Fund cut its forecast for the region on Tuesday. "
            "\u201cRisks to growth remain tilted to the downside this year,\u201d it said.")
    q = said(text, "Risks")
    assert (q.speaker, q.speaker_actor) == ("it", "IMF")


def test_as_someone_put_it_is_a_cue():
    q = said("The new bridge is, as one local engineer put it, \u201ca road from nowhere to nowhere at all.\u201d", "a road")
    assert q.speaker == "one local engineer"


def test_what_a_report_found_is_its_claim():
    found = quotes("A report by the IMF found that public debt in the region had doubled since 2010.")
    assert [(q.text, q.speaker_actor) for q in found] == [("public debt in the region had doubled since 2010", "IMF")]


def test_a_title_outweighs_a_pronoun_about_someone_else():
    q = said("Mr. Paul Grant said she had misled the voters. "
             "\u201cThe numbers do not add up at all,\u201d he said.", "The numbers")
    assert q.speaker_actor == "Paul Grant"


def test_naming_something_as_a_quoted_phrase_is_a_quote():
    found = quotes("At the rally Harry Lamb mocked the senator as a \u201ccon artist\u201d before leaving. "
                   "The scheme, known as \u201cfast money\u201d, ended in 2010.")
    assert [(q.text, q.speaker) for q in found if q.direct] == [("con artist", "Harry Lamb")]


def test_a_phrase_woven_into_the_writers_sentence_is_reported_speech():
    found = quotes("The envoy called the missile launch a \u201cserious breach\u201d of the agreement signed in May. "
                   "Voters back a \u201cuse it or lose it\u201d rule for the fund.")
    woven = next(q for q in found if q.text == "serious breach")
    assert not woven.direct and woven.speaker == "The envoy"
    assert not any("lose it" in q.text for q in found)  # no one says it: the writer's own term


def test_a_quoted_word_that_ends_what_someone_said_is_theirs():
    found = quotes("Late on Friday the mayor tweeted that the new stadium deal was \u201cshameful.\u201d")
    assert [(q.text, q.speaker, q.direct) for q in found] == [("shameful.", "the mayor", True)]


def test_curly_and_straight_marks_close_each_other():
    found = quotes("\u201cWe see no threat to the city,\" the police chief said, adding that it would take "
                   "\"a few more days\" to know more.")
    assert [q.text for q in found if q.direct] == ["We see no threat to the city,", "a few more days"]


def test_a_transcript_turn_is_spoken_by_its_label():
    text = ("Governor Ann Kessler spoke to the host on Sunday.\n\n"
            "\"HOST: Will you run for the Senate next year?\n\n"
            "\"KESSLER: I have not decided, and I will tell voters first.\"")
    found = {q.text[:6]: q for q in quotes(text)}
    assert (found["I have"].speaker, found["I have"].speaker_actor) == ("Kessler", "Ann Kessler")
    assert found["Will y"].speaker == "Host"


def test_a_dash_the_parser_takes_for_a_subject_is_no_speaker():
    from spacy.tokens import Doc

    from detente.extract.speakers import cue_subject

    # The parse the tagger gives "... made public \u2015 Grant boasted": the bar is a second subject.
    words = ["made", "public", "\u2015", "Grant", "boasted", "."]
    doc = Doc(nlp_for().vocab, words=words, heads=[0, 0, 4, 4, 0, 0],
              deps=["ROOT", "acomp", "nsubj", "nsubj", "ccomp", "punct"],
              pos=["VERB", "ADJ", "NOUN", "PROPN", "VERB", "PUNCT"])
    subj = cue_subject(doc, doc[4])
    assert subj is not None and subj.text == "Grant"
