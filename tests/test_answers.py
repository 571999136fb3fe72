"""Answers: the seeds' RUS/PRK story, copies counted once, reports in every format, the Arrow API."""
from __future__ import annotations

import json

import pytest

import detente
from detente import store
from detente.answer.dyad import dyad_events
from detente.testing.copies import reheaded, wrapped

from .conftest import SEEDS, bbc_articles


def _events(db, a="RUS", b="PRK"):  # type: ignore[no-untyped-def]
    con = store.connect(db, read_only=True)
    try:
        return dyad_events(con, a, b)
    finally:
        con.close()


def test_seed_report_before_and_after_the_summit(seed_db):
    data = json.loads(detente.report(seed_db, "RUS", "PRK", "2019-04-25", fmt="json"))
    events = data["events"]
    summit = [e for e in events if e["type"] == "CONSULT" and "2019-04-25" in e["dates"]]
    assert len(summit) == 1 and summit[0]["groups"] == 2 and len({s["doc_id"] for s in summit[0]["sources"]}) == 2
    assert summit[0]["date"] == "2019-04-24" and len(summit[0]["dates"]) == 2  # the sources' dates differ: shown
    dated = {(e["type"], e["date"][:7]) for e in events if e["date"]}
    assert ("SANCTION", "2016") in dated and ("AID", "2020-02") in dated  # before: sanctions; after: test kits
    # "Kim is expected to push Putin ... after the Hanoi meeting in February": an expected request, dated by
    # its own clause (none, so the report's date stands in), not by the February meeting of another clause
    push = [e for e in events if e["type"] == "REQUEST" and e["actor"] == "Kim Jong Un"]
    assert push and all(e["hypothetical"] and not e["date"].startswith("2019-02") for e in push)
    cmp_ = data["comparison"]
    assert cmp_["before"]["events"] >= 1 and cmp_["after"]["events"] >= 1  # before: the 2016 sanctions
    assert cmp_["after"]["announced"] >= 1  # expected and planned acts are counted apart from acts done
    # Two or three events on either side decide nothing: the report says there is too little evidence.
    assert cmp_["verdict"]["kind"] == "too_little"
    assert any(s["text"].startswith("Too little evidence") for s in data["summary"])
    cited = {c for s in data["summary"] for c in s["cites"]}
    assert {e["fused_id"] for e in events} <= cited | {c for c in cited if c.startswith("doc-")}


def test_one_article_as_three_copies_is_counted_once(tmp_path):
    import random

    text = (SEEDS / "004_b95f4a01ceb8ef45.txt").read_text(encoding="utf-8")
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "three").mkdir()
    for name, body in (("a.txt", text), ("b.txt", reheaded(text, random.Random(1))),
                       ("c.txt", wrapped(text, random.Random(2)))):
        (tmp_path / "three" / name).write_text(body, encoding="utf-8")
    detente.ingest([tmp_path / "one"], tmp_path / "one.duckdb")
    detente.ingest([tmp_path / "three"], tmp_path / "three.duckdb")
    once, thrice = _events(tmp_path / "one.duckdb"), _events(tmp_path / "three.duckdb")
    assert len(thrice) == len(once) > 3
    assert all(e.groups == 1 for e in thrice)
    assert max(len({s["doc_id"] for s in e.sources}) for e in thrice) == 3
    index = detente.query.dyad_index(tmp_path / "three.duckdb", "RUS", "PRK").to_pylist()
    assert index == detente.query.dyad_index(tmp_path / "one.duckdb", "RUS", "PRK").to_pylist()


def test_report_formats_and_officials(seed_db):
    md = detente.report(seed_db, "RUS", "PRK", "2019-04-25", fmt="md")
    assert md.startswith("# RUS – PRK") and "| month | index |" in md and "sources differ" in md
    html = detente.report(seed_db, "RUS", "PRK", "2019-04-25")
    for chart in ("timeline", "index", "quads", "network", "before-after"):
        assert f"<svg id='{chart}'" in html
    con = store.connect(seed_db, read_only=True)
    try:
        assert len(dyad_events(con, "RUS", "PRK", officials=False)) < len(dyad_events(con, "RUS", "PRK"))
    finally:
        con.close()


@pytest.mark.parametrize("pair", [("EU", "CHN"), ("USA", "RUS"), ("GBR", "USA")])
def test_bbc_dyad_reports_render(tmp_path_factory, pair):
    db = tmp_path_factory.getbasetemp() / "bbc.duckdb"
    if not db.exists():
        (tmp_path_factory.getbasetemp() / "bbc.jsonl").write_text(
            "\n".join(json.dumps(a) for a in bbc_articles(60)), encoding="utf-8")
        detente.ingest([tmp_path_factory.getbasetemp() / "bbc.jsonl"], db)
    html = detente.report(db, *pair)
    assert html.startswith("<!doctype html>") and "<script" not in html


def test_stories_search_and_arrow_api(seed_db):
    stories = detente.query.table(seed_db, "stories").to_pylist()
    assert len(stories) == 1 and stories[0]["documents"] == 2
    assert stories[0]["title"] == "Kim, Putin Vow Closer Ties at Vladivostok Summit"
    assert (stories[0]["first_date"], stories[0]["last_date"]) == ("2019-04-25", "2020-04-10")
    con = store.connect(seed_db, read_only=True)
    try:
        assert len(store.search(con, "Vladivostok")) == 2 and store.search(con, "zzzqqq") == []
    finally:
        con.close()
    assert detente.query.dyad_events(seed_db, "RUS", "PRK").num_rows >= 8
    with pytest.raises(ValueError):
        detente.query.table(seed_db, "documents; DROP TABLE documents")


def test_a_claim_keeps_its_bound_and_hedge():
    from detente.answer.claims import label

    assert label({"value": 38.1, "unit": "percent", "change": None, "bound": "upper"}) == "up to 38.1%"
    assert label({"value": 2e6, "unit": "USD", "change": None, "bound": "approximate", "hedge": "could reach"}) == \
        "about $2 million (could reach)"
    assert label({"value": 34e6, "unit": "USD", "change": None}) == "$34 million"
