"""Copy groups (src/detente/provenance/dedup.py) as units: summaries, LSH band keys, confirmed groups and their
labels. Identical, excerpted, updated and spun copies join their original; two different reports do not;
the canonical copy is the earliest clean one; the groups do not depend on the order pairs come in.

The two articles are invented for these tests (fisheries and a railway), long enough for every signature."""
from __future__ import annotations

import itertools
import random
import re

import pytest

from detente.provenance.dedup import (
    MIN_ANCHORS,
    MIN_LEAD_WORDS,
    Link,
    apply,
    band_keys,
    canonical_key,
    containment,
    group,
    link,
    status,
    summarize,
)
from detente.record import Document, Spin
from detente.settings import Settings
from detente.testing import copies

HERRING = """Norway and Iceland agreed on Monday in Bergen to share the North Atlantic herring catch for the next three \
seasons, ending a dispute that had kept their trawlers apart since 2027.

Under the deal, Norwegian boats may land 412,000 tonnes a year and Icelandic boats 188,000 tonnes, a split of \
roughly 69 to 31 percent, Fisheries Minister Kari Nordmann told reporters at the harbour office.

Her Icelandic counterpart, Jon Sigurdsson, said the agreement would be reviewed each October by a joint scientific \
board in Tromso and Reykjavik, and that either side could ask for a new survey of the stock.

The Faroe Islands, which also fish the same stock, were not part of the talks. A spokesman in Torshavn said the \
islands would seek their own arrangement with Oslo before the season opens on 1 January.

Scientists at the Institute of Marine Research in Bergen estimate the spawning stock at about 4.1 million tonnes, \
down 12 percent from its peak in 2024, and have warned that catches above 600,000 tonnes could harm it.

Trawler owners in Alesund welcomed the deal. Their association said its 57 vessels had lost close to 90 million \
kroner in the two years of the dispute, when Icelandic waters were closed to them.

The agreement must still be approved by the Storting in Oslo and the Althing in Reykjavik. Both parliaments are \
expected to vote before the end of November, officials said.

Environmental groups, including the North Sea Alliance, said the quotas were too high and asked the European \
Union to press both governments for lower limits in 2032."""

RAIL = """Portugal and Spain signed a contract on Thursday in Lisbon to build a high-speed railway between Porto and \
Vigo, cutting the journey from two hours and twenty minutes to fifty-five minutes by 2036.

The line will run 146 kilometres and cost 3.2 billion euros, of which the European Union will pay 40 percent \
through its Connecting Europe Facility, Transport Minister Rui Costa said at the signing.

Spanish Transport Minister Elena Marquez said work on the Galician section would begin in March, with a new \
bridge over the Minho river near Valenca and a tunnel of 9 kilometres under the hills of Tui.

Freight companies in Porto said the line would also carry goods at night, taking up to 600 lorries a day off the \
A3 motorway and the roads through Braga.

Engineers from Infraestruturas de Portugal and Adif, the Spanish rail operator, will share a control centre in \
Viana do Castelo, the ministers said.

Local councils along the route, including Barcelos and Ponte de Lima, asked for stations of their own. The \
ministry said it would study two more stops but made no promise.

The Portuguese parliament approved the funding in July by 131 votes to 85. Spain's Congress of Deputies still has \
to vote on its share of 1.1 billion euros.

Critics in the Socialist opposition said the cost had doubled since the first plan in 2019 and asked the Court of \
Auditors in Lisbon to review the contract."""

# A spinner's work done by hand: common words swapped for dictionary synonyms, names and numbers left alone.
SWAPS = {"agreed": "concurred", "share": "portion", "catch": "haul", "next": "following", "ending": "closing",
         "dispute": "quarrel", "kept": "held", "deal": "bargain", "boats": "vessels", "land": "unload",
         "year": "twelvemonth", "split": "division", "roughly": "approximately", "told": "informed",
         "reporters": "journalists", "said": "stated", "reviewed": "examined", "joint": "combined",
         "board": "panel", "survey": "study", "stock": "inventory", "fish": "angle", "talks": "discussions",
         "seek": "search", "arrangement": "agreement", "estimate": "reckon", "warned": "cautioned",
         "harm": "damage", "welcomed": "greeted", "lost": "missed", "closed": "shut", "approved": "sanctioned",
         "expected": "anticipated", "vote": "ballot", "groups": "bands", "high": "lofty", "press": "squeeze",
         "lower": "reduced", "limits": "boundaries", "waters": "seas", "owners": "proprietors"}


def hand_spun(text: str) -> str:
    return re.sub(r"\b[a-z]+\b", lambda m: SWAPS.get(m.group(), m.group()), text)


def doc(doc_id: str, text: str, published: str | None = "2031-10-06", spun: bool = False,
        original: str | None = None) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, published=published,
                    original_published=original, spin=Spin(spun=spun))


def linked(*docs: Document) -> dict[str, Link]:
    return group(summarize(d) for d in docs)


# --- summaries and band keys ---------------------------------------------------------------------------

def test_summary_keeps_the_date_length_and_signatures_not_the_text():
    s = summarize(doc("h", HERRING, published="2031-10-09", original="2031-10-06", spun=True))
    assert (s.id, s.date, s.length, s.spun) == ("h", "2031-10-06", len(HERRING), True)
    assert s.anchors is not None and s.lead is not None
    assert s.shingles > 200
    assert not any(isinstance(v, str) and len(v) > 20 for v in vars(s).values())


def test_summary_date_falls_back_to_the_copy_date_then_to_last():
    assert summarize(doc("h", HERRING, published="2031-10-09")).date == "2031-10-09"
    assert summarize(doc("h", HERRING, published=None)).date == "9999"


def test_thin_texts_have_no_anchor_or_lead_signature():
    few = "Norway and Iceland agreed on a herring deal in Bergen."
    assert len(few.split()) < MIN_LEAD_WORDS
    s = summarize(doc("s", few))
    assert s.anchors is None and s.lead is None
    # Lowercase prose of any length has too few names and numbers for the anchor signature.
    plain = " ".join(["the boats came home with a good catch and the crews were glad of it"] * 10)
    assert summarize(doc("p", plain)).anchors is None
    assert summarize(doc("h", HERRING)).anchors is not None
    assert MIN_ANCHORS > 1


def test_band_keys_are_stable_integers_per_signature():
    full = band_keys(summarize(doc("a", HERRING)))
    again = band_keys(summarize(doc("b", HERRING, published="2040-01-01")))
    assert full == again  # the text alone decides the keys
    assert all(isinstance(k, int) and -(2 ** 63) <= k < 2 ** 63 for k in full)
    thin = band_keys(summarize(doc("s", "Norway and Iceland agreed.")))
    assert 0 < len(thin) < len(full)  # word bands only: no anchor or lead signature


def test_band_keys_meet_for_copies_and_not_for_different_reports():
    herring = set(band_keys(summarize(doc("a", HERRING))))
    assert herring & set(band_keys(summarize(doc("b", hand_spun(HERRING)))))
    assert not herring & set(band_keys(summarize(doc("c", RAIL))))


def test_band_keys_follow_the_settings():
    s = summarize(doc("a", HERRING), Settings(num_perm=64))
    assert len(band_keys(s, Settings(num_perm=64))) != len(band_keys(summarize(doc("a", HERRING))))


# --- groups --------------------------------------------------------------------------------------------

def test_identical_copy_joins_the_original():
    links = linked(doc("orig", HERRING, "2031-10-06"), doc("copy", HERRING, "2031-10-08"))
    assert links == {"copy": Link("orig", "identical", 1.0)}


def test_excerpt_joins_as_an_excerpt():
    excerpt = "\n\n".join(HERRING.split("\n\n")[:3])
    links = linked(doc("orig", HERRING), doc("teaser", excerpt, "2031-10-07"))
    assert set(links) == {"teaser"}
    assert links["teaser"].duplicate_of == "orig" and links["teaser"].relation == "excerpt"


def test_updated_copy_holds_the_original_and_adds_to_it():
    later = HERRING + "\n\nThis story was updated on Tuesday with the vote count from the Storting in Oslo."
    links = linked(doc("orig", HERRING), doc("later", later, "2031-10-07"))
    assert links["later"].duplicate_of == "orig" and links["later"].relation == "updated"


def test_hand_spun_copy_is_grouped_as_spun():
    spun = hand_spun(HERRING)
    assert spun != HERRING
    links = linked(doc("orig", HERRING), doc("farm", spun, "2031-10-07", spun=True))
    assert links["farm"].duplicate_of == "orig" and links["farm"].relation == "spun"
    assert links["farm"].similarity < 0.9


def test_spinner_copy_is_grouped_as_spun():
    try:
        spun = copies.spun(HERRING, random.Random(3))
    except FileNotFoundError:
        pytest.skip("WordNet is not installed (apt-get install wordnet-base)")
    links = linked(doc("orig", HERRING), doc("farm", spun, "2031-10-07", spun=True))
    assert links["farm"] == Link("orig", "spun", links["farm"].similarity)


def test_two_different_articles_are_not_grouped():
    assert linked(doc("herring", HERRING), doc("rail", RAIL)) == {}
    # Even offered as a candidate pair, the two are not confirmed.
    items = {s.id: s for s in (summarize(doc("herring", HERRING)), summarize(doc("rail", RAIL)))}
    assert link(items, [("herring", "rail")]) == {}


def test_each_group_has_its_own_canonical():
    links = linked(doc("h1", HERRING), doc("h2", HERRING, "2031-10-09"), doc("r1", RAIL, "2031-10-02"),
                   doc("r2", RAIL, "2031-10-03"))
    assert links == {"h2": Link("h1", "identical", 1.0), "r2": Link("r1", "identical", 1.0)}


def test_canonical_is_the_earliest_clean_copy():
    # The spun copy is dated first, yet the earliest clean copy is the group's original.
    links = linked(doc("farm", hand_spun(HERRING), "2031-10-01", spun=True), doc("late", HERRING, "2031-10-09"),
                   doc("early", HERRING, "2031-10-05"))
    assert {k: v.duplicate_of for k, v in links.items()} == {"farm": "early", "late": "early"}
    assert links["farm"].relation == "spun" and links["late"].relation == "identical"


def test_original_date_counts_over_the_copy_date():
    links = linked(doc("first", HERRING, "2031-10-06"),
                   doc("repost", HERRING, published="2031-10-20", original="2031-10-02"))
    assert links["first"].duplicate_of == "repost"


def test_on_the_same_date_the_fuller_text_is_canonical():
    excerpt = "\n\n".join(HERRING.split("\n\n")[:3])
    links = linked(doc("a-teaser", excerpt), doc("z-full", HERRING))
    assert links == {"a-teaser": Link("z-full", "excerpt", links["a-teaser"].similarity)}


def test_canonical_key_orders_spun_copies_last():
    clean, spun = summarize(doc("c", HERRING, "2031-12-31")), summarize(doc("s", HERRING, "2020-01-01", spun=True))
    assert canonical_key(clean) < canonical_key(spun)


def test_containment_of_an_excerpt_in_its_article():
    full, part = summarize(doc("f", HERRING)), summarize(doc("p", "\n\n".join(HERRING.split("\n\n")[:3])))
    assert containment(full, part) == containment(part, full) > 0.8
    assert containment(full, summarize(doc("r", RAIL))) < 0.1


def test_link_gives_the_same_groups_whatever_the_order_of_pairs():
    docs = [doc("orig", HERRING), doc("copy", HERRING, "2031-10-08"),
            doc("later", HERRING + "\n\nThe Storting voted on Tuesday.", "2031-10-09"),
            doc("farm", hand_spun(HERRING), "2031-10-07", spun=True),
            doc("rail", RAIL, "2031-10-03"), doc("rail2", RAIL, "2031-10-04")]
    items = {d.id: summarize(d) for d in docs}
    # A chain: "later" meets "orig" only through "copy", and "farm" only through "later".
    pairs = [("copy", "orig"), ("later", "copy"), ("farm", "later"), ("rail", "rail2"), ("orig", "rail")]
    expected = link(items, pairs)
    assert {k: v.duplicate_of for k, v in expected.items()} == {
        "copy": "orig", "later": "orig", "farm": "orig", "rail2": "rail"}
    rng = random.Random(7)
    for order in itertools.islice(itertools.permutations(pairs), 0, None, 17):
        flipped = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in order]
        assert link(items, flipped) == expected
    assert link(items, reversed(pairs)) == expected


def test_self_pairs_and_no_pairs_link_nothing():
    items = {"a": summarize(doc("a", HERRING))}
    assert link(items, [("a", "a")]) == {}
    assert link({"a": items["a"], "b": summarize(doc("b", HERRING))}, []) == {}


# --- applying the groups to documents ------------------------------------------------------------------

def test_apply_sets_duplicate_of_and_copy_status():
    docs = apply([doc("orig", HERRING), doc("copy", HERRING, "2031-10-08"),
                  doc("farm", hand_spun(HERRING), "2031-10-07", spun=True), doc("rail", RAIL)])
    got = {d.id: (d.duplicate_of, d.copy_status) for d in docs}
    assert got == {"orig": (None, "original"), "copy": ("orig", "identical"), "farm": ("orig", "spun"),
                   "rail": (None, "original")}


def test_status_of_an_ungrouped_document():
    assert status(None, spun=False) == (None, "original")
    assert status(None, spun=True) == (None, "spun")
    assert status(Link("o", "excerpt", 0.4), spun=False) == ("o", "excerpt")


def test_union_find_gives_connected_parts_in_first_named_order():
    from detente.groups import UnionFind

    parts: UnionFind[str] = UnionFind()
    for a, b in [("c", "d"), ("a", "b"), ("d", "e"), ("f", "f")]:
        parts.union(a, b)
    assert parts.groups() == [["c", "d", "e"], ["a", "b"], ["f"]]
    assert parts.find("e") == parts.find("c") != parts.find("a")
