"""Throughput and memory of the executors, measured side by side in one run on BBC dev articles.

Prints: (1) the full per-document pipeline vs `nlp.pipe` of the same spaCy model alone on the same texts
(goal >= 0.7); (2) the local executor with 2 processes vs 1 (goal >= 1.7x); (3) Ray Data with 2 workers
vs 1 (goal >= 1.6x, skipped without ray); (4) peak RSS of a local run over 1x, 4x and 10x a base corpus
(goal 10x/1x <= 1.2). Usage: python bench/throughput.py [--docs 400] [--base 100]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpus" / "bbc-2005-dev.jsonl"
CORPUS = BBC if BBC.exists() else ROOT / "tests" / "fixtures" / "bbc-sample.jsonl"


def texts(n: int) -> list[dict]:  # type: ignore[type-arg]
    rows = [json.loads(x) for x in CORPUS.open(encoding="utf-8") if x.strip()]
    return [dict(r, id=f"{r['id']}-{i}") for i, r in enumerate((rows * (n // len(rows) + 1))[:n])]


def pipeline_vs_model(rows: list[dict]) -> tuple[float, float]:  # type: ignore[type-arg]
    from detente.extract.nlp import nlp_for
    from detente.pipeline import per_document
    from detente.read.files import jsonl_record

    nlp = nlp_for()
    docs = [jsonl_record(r, "bench") for r in rows]
    start = time.perf_counter()
    for _ in per_document(iter(docs)):
        pass
    full = time.perf_counter() - start
    start = time.perf_counter()
    for _ in nlp.pipe((r["text"] for r in rows), batch_size=16):
        pass
    model = time.perf_counter() - start
    return full, model


def timed_run(engine: str, path: Path, workers: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        code = ("import time; import detente; from detente.run import shards; shards.SPLIT_BYTES=200_000;"
                f"t=time.perf_counter(); detente.ingest(['{path}'], '{out}/s.duckdb', engine='{engine}', workers={workers});"
                "print(time.perf_counter()-t)")
        out_ = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        return float(out_.strip().splitlines()[-1])


def peak_rss(path: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        code = (f"import resource, detente; detente.ingest(['{path}'], '{out}/s.duckdb', engine='local', workers=1);"
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        return int(res.strip().splitlines()[-1]) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--base", type=int, default=100)
    args = ap.parse_args()
    rows = texts(args.docs)
    full, model = pipeline_vs_model(rows)
    print(f"(1) {len(rows)} docs: pipeline {len(rows) / full:.1f} docs/s, nlp.pipe alone {len(rows) / model:.1f} "
          f"docs/s, ratio {model / full:.2f} (goal >= 0.7)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.jsonl"
        corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        one, two = timed_run("local", corpus, 1), timed_run("local", corpus, 2)
        print(f"(2) local executor: 1 process {one:.1f} s, 2 processes {two:.1f} s, speed-up {one / two:.2f}x (goal >= 1.7)")
        try:
            import ray  # noqa: F401

            r1, r2 = timed_run("ray", corpus, 1), timed_run("ray", corpus, 2)
            print(f"(3) Ray Data: 1 worker {r1:.1f} s, 2 workers {r2:.1f} s, speed-up {r1 / r2:.2f}x (goal >= 1.6)")
        except ImportError:
            print("(3) Ray Data: skipped (pip install 'detente[ray]')")
        rss = {}
        for k in (1, 4, 10):
            path = Path(tmp) / f"x{k}.jsonl"
            path.write_text("\n".join(json.dumps(r) for r in texts(args.base * k)), encoding="utf-8")
            rss[k] = peak_rss(path)
        print(f"(4) peak RSS: 1x {rss[1]:.0f} MiB, 4x {rss[4]:.0f} MiB, 10x {rss[10]:.0f} MiB; "
              f"10x/1x {rss[10] / rss[1]:.2f} (goal <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
