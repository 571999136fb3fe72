"""Seconds per new document when 100 documents are added to stores of 1k, 10k and 50k documents.

An ingest relates only what the new documents touch (store/recompute.py), so the cost of adding the same
100 documents should not grow with the store: the ratio of the largest store's seconds per document to the
smallest's is printed, and should stay at or under 1.3.

The stores are synthesised from the BBC dev corpus: articles are extracted once (cached under --cache), then
cloned into a store of the wanted size. Each clone has its own report date, every text date of its events
moved by the same offset, and each word given a clone-specific suffix, so clones are neither copies of each
other nor reports of the same happenings: the store holds N unrelated documents whose events share the
type and actor pairs of real news. The 100 added documents are real BBC articles, not in the base set,
read, extracted and related by `detente.ingest` as a user would.
Usage: python bench/ingest.py [--sizes 1000 10000 50000] [--base 400] [--add 100] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-2005-dev.jsonl"
WORD = re.compile(r"[^\W\d_]+")
EPOCH = date(2000, 1, 3)


def base_records(cache: Path, n: int) -> list[dict]:  # type: ignore[type-arg]
    """The first `n` BBC articles extracted (and the run's own relating), cached as JSON records."""
    path = cache / f"bbc-{n}.jsonl"
    if not path.exists():
        import detente

        cache.mkdir(parents=True, exist_ok=True)
        rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()][:n]
        src = cache / f"bbc-{n}-input.jsonl"
        src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
        docs = detente.extract([src]).documents
        path.write_text("".join(json.dumps(d.to_dict()) + "\n" for d in docs), encoding="utf-8")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def _shift(value: str | None, days: int) -> str | None:
    """A date moved by `days`; a month or year keeps its precision."""
    if not value or not value[:4].isdigit():
        return value
    try:
        full = date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value[:10]) + timedelta(days)
    except ValueError:
        return value
    return full.isoformat()[:len(value)] if len(value) in (4, 7, 10) else value


def clone(record: dict, k: int, days: int) -> dict:  # type: ignore[type-arg]
    """Clone `k` of a record: its own id, report date, text dates and vocabulary (see the module doc)."""
    from detente.fuse import story_id

    out = json.loads(json.dumps(record))
    suffix = f"q{k:x}"
    out["id"] = f"syn{k}-{record['id']}"
    out["source"] = f"synthetic/{out['id']}"
    out["text"] = WORD.sub(lambda m: m.group(0) + suffix, record["text"])
    out["published"] = (EPOCH + timedelta(days)).isoformat()
    out["story"], out["duplicate_of"] = story_id([out["id"]]), None
    for i, ev in enumerate(out["events"]):
        ev["date"] = _shift(ev["date"], days) if ev["date_basis"] == "text" else out["published"]
        ev["fused_id"] = f"e-syn{k}-{record['id']}-{i}"
    return out


def build(db: Path, records: list[dict], size: int) -> None:  # type: ignore[type-arg]
    """A related store of `size` clones, written as the recompute would leave it (keys, stories, fused ids)."""
    from detente import store
    from detente.provenance.dedup import band_keys, summarize
    from detente.record import Document
    from detente.store import recompute

    con = store.connect(db)
    for start in range(0, size, 1000):
        docs = [Document.from_dict(clone(records[i % len(records)], i // len(records), (7 * i) % 9131))
                for i in range(start, min(size, start + 1000))]
        store.write(con, docs)
        keys = [(d.id, k) for d in docs for k in band_keys(summarize(d))]
        recompute._insert(con, "lsh_keys", {"doc_id": [i for i, _ in keys], "key": [k for _, k in keys]})
    store.index_text(con)
    con.close()


def add(db: Path, new: Path) -> dict[str, float]:
    """Time one `detente.ingest` of the new documents, in a process of its own (model load excluded)."""
    code = ("import sys, time, detente; from detente.extract.nlp import nlp_for; nlp_for(detente.Settings());"
            "t = time.perf_counter(); s = detente.ingest([sys.argv[1]], sys.argv[2]);"
            "print(time.perf_counter() - t, s['added'], s['stored'])")
    out = subprocess.run([sys.executable, "-c", code, str(new), str(db)], check=True, capture_output=True, text=True)
    seconds, added, stored = out.stdout.strip().splitlines()[-1].split()
    return {"seconds": float(seconds), "added": int(added), "stored": int(stored)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--base", type=int, default=400, help="BBC articles extracted once and cloned")
    ap.add_argument("--add", type=int, default=100, help="new BBC articles added to each store")
    ap.add_argument("--repeat", type=int, default=2, help="adds per store size; the fastest is reported")
    ap.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache")
    ap.add_argument("--work", type=Path, default=Path("/tmp/detente-bench-ingest"))
    args = ap.parse_args()
    records = base_records(args.cache, args.base)
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    new = args.work / "new.jsonl"
    fresh = rows[args.base:args.base + args.add]
    new.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": "2005-03-01"}) + "\n"
                           for r in fresh), encoding="utf-8")
    results = {}
    for size in args.sizes:
        db = args.work / f"store-{size}.duckdb"
        t = time.perf_counter()
        build(db, records, size)
        built = time.perf_counter() - t
        runs = []
        for _ in range(args.repeat):  # each on a fresh copy of the store; the fastest is the least disturbed
            copy = db.with_name(f"copy-{db.name}")
            shutil.copyfile(db, copy)
            runs.append(add(copy, new))
            copy.unlink()
            shutil.rmtree(f"{copy}.work", ignore_errors=True)
        results[size] = min(runs, key=lambda r: r["seconds"]) | {"built_s": built}
        results[size]["per_doc"] = results[size]["seconds"] / max(1, results[size]["added"])
        db.unlink()
    print(f"{'store':>8} {'added':>6} {'seconds':>8} {'s/doc':>7} {'ratio':>6}  (store built in)")
    first = results[args.sizes[0]]["per_doc"]
    for size, r in results.items():
        print(f"{size:>8} {r['added']:>6} {r['seconds']:>8.2f} {r['per_doc']:>7.3f} {r['per_doc'] / first:>6.2f}"
              f"  ({r['built_s']:.0f} s)")
    ratio = results[args.sizes[-1]]["per_doc"] / first
    print(f"largest/smallest seconds per new document: {ratio:.2f} (goal <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
