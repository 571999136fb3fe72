"""Cleaning (src/detente/clean/): boilerplate lines taken out and kept, HTML main text, metadata from markup
and from the text's own header lines, datelines and bylines, copy vs. original dates, the rules as data.

Every input here is written for these tests (a fisheries story), not taken from the dev data."""
from __future__ import annotations

import re
from datetime import date

import pytest

from detente.clean import clean, detect_language
from detente.clean.boilerplate import classify, split_boilerplate
from detente.clean.dates import find_date, parse_date_line
from detente.clean.html import extract_html, page_dates
from detente.clean.metadata import Dateline, author_from_bio, dateline, read_header
from detente.clean.rules import LINE_RULES
from detente.record import Document, Rejected
from detente.settings import Settings

LEDE = ("Fishing ministers from five coastal states agreed on Tuesday to cut the sardine quota by a fifth for "
        "the next two seasons, after a week of talks in the old customs house.")
SECOND = "The agreement still needs the approval of each national parliament before it takes effect."
THIRD = "Inspectors will count landings at every harbour and publish the figures each month."
PROSE = "The island's parliament voted on Monday to extend the fishing limits out to two hundred miles from shore."


def _doc(raw: str, kind: str = "text", **meta: str) -> Document:
    return Document(**{"id": "", "source": "in/story.txt", **meta}, text="", raw=raw, raw_kind=kind)


def _cleaned(raw: str, kind: str = "text", settings: Settings | None = None, **meta: str) -> Document:
    out = clean(_doc(raw, kind, **meta), settings or Settings())
    assert isinstance(out, Document), out
    return out


# --- boilerplate -----------------------------------------------------------------------------------------

def test_boilerplate_lines_leave_the_text_and_are_kept_in_removed():
    plea = "Enjoying this article? Click here to subscribe for full access. Just $5 a month."
    footer = ["2 Comments", "Share on Facebook | Twitter | Email",
              "Copyright 2031 Example Media. All rights reserved."]
    doc = _cleaned("\n\n".join([LEDE, plea, SECOND, THIRD, *footer]))
    assert doc.text == "\n\n".join([LEDE, SECOND, THIRD])
    assert doc.removed == [plea, *footer]


def test_split_names_the_rule_that_fired_on_each_removed_line():
    split = split_boilerplate(["A first paragraph that ends.", "", "A second one that ends too.",
                               "Leave a reply", "Share on Facebook | Twitter"])
    assert split.kept == ["A first paragraph that ends.", "", "A second one that ends too."]
    assert split.removed == ["Leave a reply", "Share on Facebook | Twitter"]
    assert split.fired == ["comment_widget", "share_links"]


def test_short_unpunctuated_line_left_after_a_footer_goes_with_it():
    split = split_boilerplate(["A first paragraph that ends.", "A second one that ends too.",
                               "Leave a reply", "Top Stories Today"])
    assert split.kept == ["A first paragraph that ends.", "A second one that ends too."]
    assert split.removed == ["Leave a reply", "Top Stories Today"]
    assert split.fired == ["comment_widget", "footer_orphan"]


def test_punctuated_last_paragraph_is_not_an_orphan():
    split = split_boilerplate(["A first paragraph that ends.", "Leave a reply", "The last paragraph ends here."])
    assert split.kept == ["A first paragraph that ends.", "The last paragraph ends here."]
    assert split.removed == ["Leave a reply"]


def test_without_any_removed_line_nothing_is_taken_as_orphan():
    split = split_boilerplate(["A first paragraph that ends.", "A heading with no stop"])
    assert split.kept == ["A first paragraph that ends.", "A heading with no stop"]
    assert split.removed == [] and split.fired == []


def test_tail_rules_fire_only_in_the_last_third():
    bio = "Jonas Berg is a researcher at the institute of sea studies."
    assert classify(bio, 0.1) is None
    rule = classify(bio, 0.9)
    assert rule is not None and rule.name == "author_bio" and rule.scope == "tail"


def test_prose_and_very_long_lines_are_never_boilerplate():
    assert classify(LEDE, 0.9) is None
    assert classify("", 0.5) is None
    # Over 400 characters a line is prose, even when it says "subscribe now".
    assert classify("word " * 90 + "subscribe now", 0.5) is None
    assert classify("subscribe now", 0.5) is not None


def test_first_matching_rule_wins_in_table_order():
    rule = classify("Subscribe to our weekly newsletter today", 0.2)
    assert rule is not None
    names = [r.name for r in LINE_RULES]
    assert rule.name == "paywall_plea" and names.index("paywall_plea") < names.index("newsletter")


def test_rules_are_named_scoped_and_say_why():
    names = [r.name for r in LINE_RULES]
    assert len(names) == len(set(names))
    for rule in LINE_RULES:
        assert rule.scope in ("any", "tail")
        assert len(rule.why) > 20
        assert rule.pattern.flags & re.IGNORECASE  # a rule matches whatever the case
        assert classify(LEDE, 0.99, (rule,)) is None, rule.name


@pytest.mark.parametrize("line, name", [
    ("Enjoying this article?", "enjoying_prompt"),
    ("No comments:", "comment_widget"),
    ("More World News", "more_news"),
    ("Read more", "access_more"),
    ("Sign up for our newsletter to get the latest news", "newsletter"),
    ("Tweet Email Print", "share_links"),
    ("(c) 2031 Harbour Daily", "copyright"),
    ("Advertisement", "read_more"),
    ("Thanks for signing up!", "signup_confirm"),
    ("You might also like", "also_like"),
    ("Boats return to port early [VIDEO]", "teaser_tag"),
    ("Photo: a trawler in the bay", "photo_credit"),
])
def test_each_kind_of_widget_line_is_recognised(line, name):
    rule = classify(line, 0.5)
    assert rule is not None and rule.name == name


def test_tail_only_credits_and_contacts():
    credit = "Anna Holm contributed to this report."
    contact = "Have a tip? The desk may be reached at desk@harbour.example"
    assert classify(credit, 0.3) is None and classify(contact, 0.3) is None
    assert classify(credit, 0.8).name == "contributor_credit"  # type: ignore[union-attr]
    assert classify(contact, 0.8).name == "tip_contact"  # type: ignore[union-attr]


# --- dates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, day", [
    ("Sun, 26 Mar 2023", date(2023, 3, 26)),
    ("April 10, 2020", date(2020, 4, 10)),
    ("Updated 3rd June 2018", date(2018, 6, 3)),
    ("Posted on April 10, 2020 at 10:30 am", date(2020, 4, 10)),
    ("2019-04-25", date(2019, 4, 25)),
    ("April 10, 2020 | 10:30 GMT+2", date(2020, 4, 10)),
])
def test_a_line_that_is_only_a_date_gives_the_date(line, day):
    assert parse_date_line(line) == day


def test_a_sentence_holding_a_date_is_not_a_date_line():
    sentence = "The talks ended on April 10, 2020 in Oslo."
    assert parse_date_line(sentence) is None
    found = find_date(sentence)
    assert found is not None and found[0] == date(2020, 4, 10)
    assert sentence[found[1].start():found[1].end()] == "April 10, 2020"


def test_impossible_dates_are_not_dates():
    assert find_date("February 30, 2020") is None
    assert parse_date_line("2019-13-01") is None


@pytest.mark.parametrize("line", ["Published: April 10, 2020", "Updated: 10 April 2020"])
def test_labelled_date_line_with_a_colon(line):
    assert parse_date_line(line) is not None


# --- text metadata -------------------------------------------------------------------------------------

def test_dateline_gives_place_in_title_case_the_wire_and_where_the_report_starts():
    assert dateline("REYKJAVIK, ICELAND - " + PROSE) == Dateline("Reykjavik", None, len("REYKJAVIK, ICELAND - "))
    assert dateline("OSLO (Nordic Wire) -- " + PROSE) == Dateline("Oslo", "Nordic Wire", len("OSLO (Nordic Wire) -- "))
    assert dateline("Bergen: " + PROSE) == Dateline("Bergen", None, len("Bergen: "))
    start = "TROMSO, Norway, Feb 3 (Nordic Wire) - "
    assert dateline(start + PROSE) == Dateline("Tromso", "Nordic Wire", len(start))


def test_dateline_after_a_headline_line_still_counts():
    head = "Quota Talks End\nOSLO (Nordic Wire) -- "
    assert dateline(head + PROSE) == Dateline("Oslo", "Nordic Wire", len(head))


def test_no_dateline_no_place():
    assert dateline(PROSE) == Dateline()


def test_author_from_a_bio_line():
    assert author_from_bio("Jonas berg is a researcher at the institute.") == "Jonas Berg"
    assert author_from_bio("Researchers at the institute said so.") is None


def test_header_lines_give_byline_and_date_and_leave_the_text():
    head = read_header(["By Jonas Berg", "April 10, 2020", "", PROSE])
    assert head.author == "Jonas Berg"
    assert head.dates == ["2020-04-10"]
    assert head.lines == ["By Jonas Berg", "April 10, 2020"]
    assert head.body_start == 3


def test_aggregator_header_title_loses_its_ellipsis_and_names_the_outlet():
    head = read_header(["Tuesday, 14 October 2031", "Ministers cut the sardine quota ...", "Coastal Wire", PROSE])
    assert head.title == "Ministers cut the sardine quota"
    assert head.outlet == "Coastal Wire"
    assert head.dates == ["2031-10-14"]


def test_with_markup_a_short_opening_line_without_date_or_byline_stays_in_the_text():
    lines = ["Quota Talks", "", PROSE]
    assert read_header(lines).title == "Quota Talks"
    head = read_header(lines, markup=True, title="Sardine quota cut")
    assert head.lines == [] and head.body_start == 0 and head.title is None


def test_a_dozen_short_lines_are_a_list_not_a_header():
    lines = [f"Item number {i}" for i in range(15)] + [PROSE]
    head = read_header(lines)
    assert head.body_start == 0 and head.lines == [] and head.title is None


# --- clean() on whole inputs ---------------------------------------------------------------------------

def test_republished_copy_keeps_both_dates_and_credits_the_first_outlet():
    header = ["Tuesday, 14 October 2031", "Ministers cut the sardine quota ...", "Coastal Wire",
              "Monday, 6 October 2031"]
    doc = _cleaned("\n\n".join(header + ["LISBON, PORTUGAL - " + LEDE, SECOND, THIRD]))
    assert doc.published == "2031-10-14"
    assert doc.original_published == "2031-10-06"
    assert doc.outlet == "Coastal Wire"
    assert doc.title == "Ministers cut the sardine quota"
    assert doc.place == "Lisbon"
    assert doc.removed == header
    assert doc.text.startswith("LISBON, PORTUGAL - Fishing ministers")


def test_a_single_header_date_is_the_copy_date_with_no_original():
    doc = _cleaned("\n\n".join(["Monday, 6 October 2031", LEDE, SECOND]))
    assert doc.published == "2031-10-06" and doc.original_published is None


def test_record_metadata_wins_over_the_text():
    raw = "\n\n".join(["A header title", "March 3, 2019", PROSE])
    doc = _cleaned(raw, title="Record Title", published="2019-01-02", outlet="Record Outlet")
    assert doc.title == "Record Title"
    assert doc.outlet == "Record Outlet"
    assert doc.published == "2019-01-02"
    assert doc.original_published is None  # the header's date is later than the copy's own


def test_author_from_a_closing_bio_when_no_byline():
    bio = "Marta Quinteiro is a correspondent covering fisheries and the sea."
    doc = _cleaned("\n".join([LEDE, SECOND, THIRD, PROSE, bio]))
    assert doc.author == "Marta Quinteiro"
    assert bio in doc.removed and bio not in doc.text


def test_byline_wins_over_bio():
    bio = "Marta Quinteiro is a correspondent covering fisheries and the sea."
    doc = _cleaned("\n".join(["By Jonas Berg", LEDE, SECOND, THIRD, PROSE, bio]))
    assert doc.author == "Jonas Berg"


def test_too_little_text_is_rejected_with_e005():
    for raw in ("Too short. Just a menu.", "\n".join(["Home", "Sport", "Weather", "News", "Travel", "Money",
                                                       "Culture", "Food", "Music", "Film", "Books", "Art"])):
        out = clean(_doc(raw))
        assert isinstance(out, Rejected)
        assert out.code == "E005" and out.reason.startswith("[E005]") and out.source == "in/story.txt"


def test_twelve_words_without_a_full_stop_are_still_prose():
    lede = "Ministers from five coastal states agreed on Tuesday to cut the sardine quota by a fifth"
    assert _cleaned(lede).text == lede


def test_overlong_text_is_truncated_and_the_cut_noted():
    doc = _cleaned(" ".join([PROSE] * 30), settings=Settings(max_text_chars=500))
    assert len(doc.text) == 500
    assert doc.removed == [f"[truncated {len(' '.join([PROSE] * 30)) - 500} characters]"]


def test_encoding_damage_and_line_ends_are_repaired():
    doc = _cleaned("The minister\u00e2\u20ac\u2122s plan passed on Monday by a wide margin of the members of "
                   "the parliament.\r\nIt takes effect next year.\rAll agree.")
    assert doc.text == ("The minister's plan passed on Monday by a wide margin of the members of the parliament."
                        "\nIt takes effect next year.\nAll agree.")


def test_raw_is_dropped_and_id_is_a_stable_hash_of_source_and_text():
    a, b = _cleaned(LEDE), _cleaned(LEDE)
    assert a.raw is None
    assert a.id == b.id and len(a.id) == 16
    other = clean(Document(id="", source="elsewhere.txt", text="", raw=LEDE))
    assert isinstance(other, Document) and other.id != a.id
    assert _cleaned(LEDE, id="own-id").id == "own-id"


def test_language_is_detected():
    assert _cleaned(LEDE).language == "en"
    assert detect_language("Le parlement de l'île a voté lundi pour étendre les limites de pêche à deux cents "
                           "milles des côtes.") == "fr"


# --- HTML ----------------------------------------------------------------------------------------------

def _page(published: str, modified: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in (LEDE, SECOND + " Officials said so on the steps.", THIRD))
    return f"""<!doctype html><html><head><title>Sardine quota cut by a fifth | Harbour Daily</title>
<meta property="og:site_name" content="Harbour Daily"><meta name="author" content="Marta Quinteiro">
<meta property="article:published_time" content="{published}T08:00:00Z">
<meta property="article:modified_time" content="{modified}T09:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Sardine quota cut by a fifth</h1>{paras}</article>
<footer><p>Copyright 2019 Harbour Daily. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_html_main_text_and_metadata():
    res = extract_html(_page("2019-10-06", "2019-10-14"), "https://harbour.example/sardines")
    assert res is not None
    assert LEDE in res.text and THIRD in res.text
    assert "Home" not in res.text and "Privacy" not in res.text and "Copyright" not in res.text
    assert res.title == "Sardine quota cut by a fifth"
    assert res.author == "Marta Quinteiro"
    assert res.outlet == "Harbour Daily"
    assert res.url == "https://harbour.example/sardines"


def test_html_modified_date_is_neither_the_copy_date_nor_a_republication():
    # An article:modified_time is an edit of the same page, not a second copy of the story.
    res = extract_html(_page("2019-10-06", "2019-10-14"))
    assert res is not None and (res.published, res.original_published) == ("2019-10-06", None)
    same = extract_html(_page("2019-10-06", "2019-10-06"))
    assert same is not None and (same.published, same.original_published) == ("2019-10-06", None)


def _syndicated(canonical: str, stamp: str = "2019-10-14T11:45:59.000Z") -> str:
    paras = "".join(f"<p>{p}</p>" for p in (LEDE, SECOND, THIRD))
    return f"""<!doctype html><html><head data-info="build: 2019-10-02T19:49:29.7741801Z">
<title>Sardine quota cut</title><link rel="canonical" href="{canonical}">
<meta property="og:url" content="https://portal.example/news/sardine-quota-cut"></head>
<body><article><h1>Sardine quota cut</h1><time datetime="{stamp}">2 days ago</time>{paras}</article></body></html>"""


def test_canonical_link_to_another_site_dates_the_original_not_this_copy():
    res = page_dates(_syndicated("https://harbour.example/2019/10/06/sardine-quota-cut/"))
    assert res == ("2019-10-14", "2019-10-06")


def test_canonical_link_on_the_same_site_is_the_page_itself():
    assert page_dates(_syndicated("https://www.portal.example/2019/10/06/sardine-quota-cut/")) == ("2019-10-06", None)


def test_time_element_with_milliseconds_beats_a_build_stamp_in_the_source():
    published, _ = page_dates(_syndicated("/news/sardine-quota-cut"))
    assert published == "2019-10-14"


def test_clean_of_an_html_page_fills_metadata_from_the_markup():
    doc = _cleaned(_page("2019-10-06", "2019-10-14"), kind="html")
    assert (doc.title, doc.author, doc.outlet) == ("Sardine quota cut by a fifth", "Marta Quinteiro", "Harbour Daily")
    assert (doc.published, doc.original_published) == ("2019-10-06", None)
    assert LEDE in doc.text and "Privacy" not in doc.text
    assert doc.language == "en"


def test_html_without_an_article_is_rejected():
    out = clean(_doc("<html><body><nav><a href='/'>Home</a> <a href='/x'>Sport</a></nav></body></html>", "html"))
    assert isinstance(out, Rejected) and out.code == "E005"
    assert extract_html("<html><body></body></html>") is None
