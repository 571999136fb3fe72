"""Robustness run: 1,000+ hostile inputs of every kind in `detente.testing.hostile`, mixed with good articles, through
`detente ingest`; then each kind alone through its own ingest under a time limit; then kill -9 at random
points and resume.

Prints inputs tried, error rows with a reason, crashes (goal 0; exit status 0 means every input was stored or
is a notice, 1 with the run's summary line and no traceback that it finished with some inputs as error rows,
4 and 5 that it stopped at the memory cap or on a locked store: anything else is a crash), good documents stored vs
fed (goal equal), hangs (goal 0), peak memory, and what `detente.testing.accounting.assess` finds wrong (inputs
unaccounted for, bad inputs without an error row, unexpected error codes, records of a damaged file that had
to be kept, text from outside the input folder that reached the store: goal 0 each). Then a table per kind:
inputs, inputs stored, documents, error rows by code and unaccounted inputs in the mixed run; and from the
kind's own run, its seconds and outcome (completed, crash or hang: over --per-kind-seconds). Last, for
kill-and-resume, runs tried and stores that failed the integrity check or lost documents (goal 0).

Usage: python bench/robustness.py [--inputs 1000] [--kills 5] [--per-kind-seconds 300] [--no-per-kind]
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

import detente
from detente.testing.accounting import assess
from detente.testing.hostile import KINDS, generate, good_sample, remove

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpus" / "bbc-2005-dev.jsonl"
CORPUS = BBC if BBC.exists() else ROOT / "tests" / "fixtures" / "bbc-sample.jsonl"
HANG_SECONDS = 1800
PARTIAL = 1  # `detente ingest`: finished, some inputs are error rows (0: every input stored or a notice)
STOPPED = {4: "memory cap", 5: "store locked"}
SUMMARY = re.compile(r"\b(\d+) failed, (\d+) skipped")  # the last line of a run that finished
PROBLEMS = ("lost_good", "bad_without_error", "unaccounted", "kept_records_missing", "wrong_code", "leaked",
            "unmatched_rows")


def ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "detente.cli", "ingest", str(folder), "--db", str(db)]


def run_ingest(folder: Path, db: Path, timeout: float) -> dict[str, object]:
    """One ingest: its outcome (completed, crash or hang), exit status and seconds."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(ingest_cmd(folder, db), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": "hang", "exit": None, "seconds": round(time.perf_counter() - start, 1), "stderr": ""}
    return {"outcome": outcome(proc.returncode, proc.stderr), "exit": proc.returncode,
            "seconds": round(time.perf_counter() - start, 1), "stderr": proc.stderr[-2000:]}


def outcome(status: int, stderr: str) -> str:
    """completed, a clean stop (memory cap, store locked) or crash. An uncaught exception also exits 1: a
    finished run is told apart by its summary line and by having printed no traceback."""
    finished = SUMMARY.search(stderr) is not None and "Traceback" not in stderr
    if status == 0 or (status == PARTIAL and finished):
        return "completed"
    return STOPPED.get(status, "crash")


def _assess(cases, folder: Path, db: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        return assess(cases, folder, con)
    finally:
        con.close()


def hostile_run(work: Path, n: int) -> dict[str, object]:
    folder = work / "in"
    cases = list(generate(folder, good_sample(CORPUS, 40), n=n))
    run = run_ingest(folder, work / "h.duckdb", HANG_SECONDS)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = _assess(cases, folder, work / "h.duckdb")
    remove(folder)
    return out | {"outcome": run["outcome"], "crashes": int(run["outcome"] == "crash"),
                  "hangs": int(run["outcome"] == "hang"), "exit_status": run["exit"], "seconds": run["seconds"],
                  "peak_rss_mib": round(peak), "crash_stderr": run["stderr"] if run["outcome"] != "completed" else ""}


def per_kind_runs(work: Path, seconds: float, n: int = 4) -> dict[str, dict[str, object]]:
    """Each kind alone (about `n` inputs and two good articles) through its own ingest: a hang or crash is
    pinned on the kind that caused it."""
    good = good_sample(CORPUS, 2)
    out = {}
    for kind in KINDS:
        folder = work / "kinds" / kind
        cases = list(generate(folder, good, n=n, seed=2, kinds=[kind]))
        out[kind] = run_ingest(folder, work / "kinds" / f"{kind}.duckdb", seconds) | {"inputs": len(cases)}
        remove(folder)
    return out


def kill_and_resume(work: Path, runs: int, seed: int = 0) -> dict[str, object]:
    rng = random.Random(seed)
    folder = work / "k"
    cases = list(generate(folder, good_sample(CORPUS, 30), n=120, seed=1))
    ref = run_ingest(folder, work / "ref.duckdb", HANG_SECONDS)
    if ref["outcome"] != "completed":
        raise SystemExit(f"the uninterrupted run did not complete ({ref['outcome']}, exit {ref['exit']}):\n"
                         f"{ref['stderr']}")
    full = float(ref["seconds"])  # type: ignore[arg-type]
    reference = _ids(work / "ref.duckdb")
    failed = []
    for run in range(runs):
        db = work / f"kill-{run}.duckdb"
        proc = subprocess.Popen(ingest_cmd(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, full))
        proc.kill()  # SIGKILL: no cleanup, no rollback hook
        proc.wait()
        resumed = run_ingest(folder, db, HANG_SECONDS)
        if resumed["outcome"] != "completed":
            failed.append({"run": run, "resume": resumed["outcome"], "exit": resumed["exit"]})
            continue
        problems = detente.check(db)
        if problems or _ids(db) != reference:
            failed.append({"run": run, "problems": problems, "missing": len(reference - _ids(db))})
    remove(folder)
    good = sum(c.expect == "good" for c in cases)
    return {"kill_runs": runs, "kill_failures": len(failed), "failures": failed, "good_inputs": good,
            "uninterrupted_seconds": round(full, 1)}


def _ids(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
    finally:
        con.close()


def _shown(value: object) -> object:
    if isinstance(value, list) and len(value) > 10:
        return f"{len(value)}: {value[:10]} ..."
    return value


def print_kinds(by_kind: dict[str, dict[str, object]], alone: dict[str, dict[str, object]]) -> None:
    print(f"\n{'kind':<22} {'expect':<7} {'inputs':>6} {'stored':>6} {'docs':>5} {'unacc':>5}  "
          f"{'alone s':>7} {'alone':<9} error rows")
    for kind in list(KINDS) + ["plain"]:
        row, solo = by_kind.get(kind), alone.get(kind, {})
        if row is None and not solo:
            continue
        row = row or {"expect": KINDS[kind].expect, "inputs": 0, "stored": 0, "documents": 0, "unaccounted": 0,
                      "errors": {}}
        codes = " ".join(f"{c}:{k}" for c, k in row["errors"].items())  # type: ignore[union-attr]
        outcome = solo.get("outcome", "")
        if outcome and outcome != "completed":
            outcome = f"{outcome}" + (f" ({solo['exit']})" if solo.get("exit") is not None else "")
        print(f"{kind:<22} {row['expect']:<7} {row['inputs']:>6} {row['stored']:>6} {row['documents']:>5} "
              f"{row['unaccounted']:>5}  {solo.get('seconds', ''):>7} {outcome:<9} {codes}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--per-kind-seconds", type=float, default=300.0,
                    help="a kind's own ingest taking longer is a hang")
    ap.add_argument("--no-per-kind", action="store_true", help="skip the run of each kind alone")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = hostile_run(work, args.inputs)
        alone = {} if args.no_per_kind else per_kind_runs(work, args.per_kind_seconds)
        result |= kill_and_resume(work, args.kills)
    by_kind = result.pop("by_kind", {})
    stderr = result.pop("crash_stderr", "")
    for key, value in result.items():
        print(f"{key:<22} {_shown(value)}")
    if stderr:
        print(f"output of the run that did not complete:\n{stderr}")
    print_kinds(by_kind, alone)  # type: ignore[arg-type]
    bad_alone = {k: v["outcome"] for k, v in alone.items() if v["outcome"] != "completed"}
    if bad_alone:
        print(f"\nkinds that crashed or hung alone: {bad_alone}")
    ok = (result["outcome"] == "completed" and result.get("good_stored") == result.get("good_fed")
          and not any(result.get(k) for k in PROBLEMS) and not result["kill_failures"] and not bad_alone)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
