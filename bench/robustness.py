"""Robustness run: 1,000+ hostile inputs mixed with good articles through `detente ingest`, then
kill -9 at random points and resume. Prints inputs tried, errors recorded with a reason, crashes (goal 0),
good documents stored vs fed (goal equal), hangs (goal 0), peak memory; and for kill-and-resume, runs
tried and stores that failed the integrity check or lost documents (goal 0).

Usage: python bench/robustness.py [--inputs 1000] [--kills 5]
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

import detente
from detente.hostile import assess, generate, good_sample

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpus" / "bbc-2005-dev.jsonl"
CORPUS = BBC if BBC.exists() else ROOT / "tests" / "fixtures" / "bbc-sample.jsonl"
HANG_SECONDS = 1800


def ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "detente.cli", "ingest", str(folder), "--db", str(db)]


def hostile_run(work: Path, n: int) -> dict[str, object]:
    cases = list(generate(work / "in", good_sample(CORPUS, 40), n=n))
    start = time.perf_counter()
    try:
        proc = subprocess.run(ingest_cmd(work / "in", work / "h.duckdb"), capture_output=True, text=True,
                              timeout=HANG_SECONDS)
        crashed, hung = proc.returncode != 0, False
    except subprocess.TimeoutExpired:
        crashed, hung = False, True
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    con = duckdb.connect(str(work / "h.duckdb"), read_only=True)
    try:
        out = assess(cases, work / "in", con)
    finally:
        con.close()
    return out | {"crashes": int(crashed), "hangs": int(hung), "seconds": round(seconds, 1), "peak_rss_mib": round(peak)}


def kill_and_resume(work: Path, runs: int, seed: int = 0) -> dict[str, object]:
    rng = random.Random(seed)
    folder = work / "k"
    cases = list(generate(folder, good_sample(CORPUS, 30), n=120, seed=1))
    start = time.perf_counter()
    subprocess.run(ingest_cmd(folder, work / "ref.duckdb"), check=True, capture_output=True)
    full = time.perf_counter() - start
    reference = _ids(work / "ref.duckdb")
    failed = []
    for run in range(runs):
        db = work / f"kill-{run}.duckdb"
        proc = subprocess.Popen(ingest_cmd(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, full))
        proc.kill()  # SIGKILL: no cleanup, no rollback hook
        proc.wait()
        subprocess.run(ingest_cmd(folder, db), check=True, capture_output=True)
        problems = detente.check(db)
        if problems or _ids(db) != reference:
            failed.append({"run": run, "problems": problems, "missing": len(reference - _ids(db))})
    good = sum(c.expect == "good" for c in cases)
    return {"kill_runs": runs, "kill_failures": len(failed), "failures": failed, "good_inputs": good,
            "uninterrupted_seconds": round(full, 1)}


def _ids(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inputs", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = hostile_run(Path(tmp), args.inputs) | kill_and_resume(Path(tmp), args.kills)
    for key, value in result.items():
        print(f"{key:<22} {value}")
    ok = (not result["crashes"] and not result["hangs"] and result["good_stored"] == result["good_fed"]
          and not result["kill_failures"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
