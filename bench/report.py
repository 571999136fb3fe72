"""Dyad report query time over 10,000 stored documents, as a ratio to a plain `SELECT count(*)` over the
events table in the same run (both warm, best of 5).

The store is synthetic in volume, real in content: the extracted seed and BBC sample documents copied
under new ids and sources (each copy its own fused events) until there are --docs documents.
Usage: python bench/report.py [--docs 10000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import detente
from detente import store
from detente.answer.report import build, render_html

ROOT = Path(__file__).resolve().parents[1]


def make_store(db: Path, n: int) -> None:
    base = detente.extract([ROOT / "src" / "detente" / "data" / "sample",
                            ROOT / "tests" / "fixtures" / "bbc-sample.jsonl"]).documents
    con = store.connect(db)
    batch = []
    for i in range(n):
        doc = base[i % len(base)]
        copy = replace(doc, id=f"{doc.id}-{i}", source=f"{doc.source}#{i}", duplicate_of=None,
                       events=[replace(e, fused_id=f"{e.fused_id}-{i}") for e in doc.events])
        batch.append(copy)
        if len(batch) == 500:
            store.write(con, batch)
            batch = []
    store.write(con, batch)
    con.close()


def best(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        make_store(db, args.docs)
        con = store.connect(db, read_only=True)
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        count = best(lambda: con.execute("SELECT count(*) FROM events").fetchone())
        query = best(lambda: build(con, "RUS", "PRK", "2019-04-25"))
        data = build(con, "RUS", "PRK", "2019-04-25")
        render = best(lambda: render_html(data), runs=2)
        con.close()
    print(f"documents {args.docs}, events {events}, RUS/PRK fused events {len(data['events'])}")
    print(f"SELECT count(*) FROM events   {count * 1000:8.2f} ms")
    print(f"dyad report queries (build)   {query * 1000:8.2f} ms   ratio to count(*) {query / count:8.1f}x")
    print(f"HTML rendering                {render * 1000:8.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
