"""MinHash + LSH throughput and memory as the corpus grows: the BBC dev corpus repeated 1x, 2x, 5x, 10x.

Each size runs in its own process so its peak RSS is its own; printed side by side with ratios to 1x.
Per-document cost should stay flat: docs/s ratio near 1, memory-per-document ratio near 1.
Usage: python bench/dedup.py [--sizes 1 2 5 10]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc-2005-dev.jsonl"


def run_one(corpus: Path, times: int) -> dict[str, float]:
    from detente.provenance.dedup import group, summarize
    from detente.record import Document

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    summaries = (summarize(Document(id=f"{r}-{i}", source="bench", text=t))
                 for r in range(times) for i, t in enumerate(texts))
    links = group(summaries)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base  # KiB on Linux
    n = len(texts) * times
    return {"docs": n, "seconds": elapsed, "docs_per_s": n / elapsed, "peak_mib": peak / 1024,
            "kib_per_doc": peak / n, "links": len(links)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 5, 10])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.corpus, args.one)))
        return 0
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--corpus", str(args.corpus), "--one", str(size)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out))
    first = rows[0]
    print(f"{'size':>5} {'docs':>7} {'docs/s':>8} {'peak MiB':>9} {'KiB/doc':>8} {'docs/s vs 1x':>13} {'KiB/doc vs 1x':>14}")
    for size, r in zip(args.sizes, rows):
        print(f"{size:>4}x {r['docs']:>7} {r['docs_per_s']:>8.0f} {r['peak_mib']:>9.1f} {r['kib_per_doc']:>8.2f} "
              f"{r['docs_per_s'] / first['docs_per_s']:>13.2f} {r['kib_per_doc'] / first['kib_per_doc']:>14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
