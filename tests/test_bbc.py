"""Extraction and counting on real BBC articles (2004-05)."""
from __future__ import annotations

import json

import duckdb

import detente
from detente.extract.times import find_times

from .conftest import bbc_articles


def _find(key: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in bbc_articles() if r["id"] == key)


def test_actors_and_events_on_bbc(tmp_path):
    rows = bbc_articles(25)
    (tmp_path / "bbc.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs = detente.extract([tmp_path / "bbc.jsonl"]).documents
    assert len(docs) == len(rows)
    actors = {e.actor for d in docs for e in d.entities}
    assert {"CHN", "RUS", "GBR"} <= actors
    assert sum(len(d.events) for d in docs) > 10
    assert all(e.sentence == d.text[e.start:e.end].strip() for d in docs for e in d.events)


def test_same_article_as_three_copies_counts_once(tmp_path):
    art = next(r for r in bbc_articles() if "China" in r["text"] and len(r["text"]) > 1500)
    text = art["text"]
    copies = [
        {"id": "orig", "text": text, "published": "2005-01-10"},
        {"id": "repost", "text": "Monday, 17 January 2005\n\n" + text + "\n\nMore World News\n\nSign up for our daily newsletter",
         "published": "2005-01-17"},
        {"id": "excerpt", "text": text[: int(len(text) * 0.8)], "published": "2005-01-12"},
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(c) for c in copies), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    detente.ingest([tmp_path / "c.jsonl"], db)
    con = duckdb.connect(str(db), read_only=True)
    status = dict(con.execute("SELECT id, coalesce(duplicate_of, '-') FROM documents").fetchall())
    assert status["repost"] == "orig" and status["excerpt"] == "orig" and status["orig"] == "-"
    # Every fused event is backed by one source group, however many copies reported it.
    assert con.execute("SELECT max(groups) FROM fused_events").fetchone()[0] == 1
    assert con.execute("SELECT max(documents) FROM fused_events").fetchone()[0] >= 2


def test_times_in_bbc_style():
    from datetime import date

    values = {t.text: t.value for t in find_times(
        "The talks ended on Tuesday. Sales rose last year and will grow next month; in the 1990s prices fell. "
        "He will travel on Friday.", date(2005, 1, 12))}
    assert values["Tuesday"] == "2005-01-11" and values["last year"] == "2004"
    assert values["next month"] == "2005-02" and values["the 1990s"] == "199" and values["Friday"] == "2005-01-14"
