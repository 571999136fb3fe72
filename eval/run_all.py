"""Run every accuracy eval, print its figures, and fail when one drops below its floor in eval/floors.json.

Floors are pinned a little under the measured figure (the trafilatura approach), and each eval's input
data is hashed into floors.json so the data cannot change silently: a changed hash fails too, until
`--update-hashes` is run on purpose. Evals whose data is absent (../shared not checked out) are reported
as skipped, never as passed. Usage: python eval/run_all.py [--only NAME ...] [--update-hashes]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
FLOORS = HERE / "floors.json"
# eval name -> the files or folders its figures depend on
DATA = {
    "extraction": [SHARED / "eval-dev" / "article-extraction"],
    "dedup": [SHARED / "corpus" / "bbc-2005-dev.jsonl"],
    "spin": [SHARED / "corpus" / "bbc-2005-dev.jsonl", SHARED / "eval-dev" / "timeml"],
    "metadata": [HERE / "data" / "metadata"],
    "pubdates": [SHARED / "eval-dev" / "article-extraction" / "html", HERE / "data" / "pubdates",
                 HERE / "data" / "metadata"],
    "quotes": [SHARED / "eval-dev" / "polnear" / "dev"],
    "times": [SHARED / "eval-dev" / "timeml", SHARED / "eval-dev" / "meantime"],
    "events": [HERE / "data" / "events", SHARED / "corpus" / "bbc-2005-dev.jsonl"],
    "usprk": [HERE / "data" / "usprk"],
    "quantities": [HERE / "data" / "numbers", SHARED / "corpus" / "bbc-2005-dev.jsonl"],
}


def data_hash(paths: list[Path]) -> str | None:
    h = hashlib.sha256()
    for root in paths:
        if not root.exists():
            return None
        for f in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if f.is_file():
                h.update(f.relative_to(root.parent).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def figure(result: dict, path: str) -> float:  # type: ignore[type-arg]
    for part in path.split("."):
        result = result[part]
    return float(result)  # type: ignore[arg-type]


def run(name: str, spec: dict, update: bool) -> list[str]:  # type: ignore[type-arg]
    digest = data_hash(DATA[name])
    if digest is None:
        print(f"{name:<11} SKIPPED: data not found ({', '.join(str(p) for p in DATA[name])})")
        return []
    if update:
        spec["data_hash"] = digest
    out = subprocess.run([sys.executable, str(HERE / f"{name}.py"), "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        return [f"{name}: eval failed: {out.stderr.strip()[-500:]}"]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    failures = [] if spec.get("data_hash") == digest else [f"{name}: data hash {digest} != pinned {spec.get('data_hash')}"]
    for path, floor in spec["floors"].items():
        value = figure(result, path)
        ok = value >= floor if not path.endswith("flag_rate") else value <= floor
        print(f"{name:<11} {path:<28} {value:.3f}  {'>=' if not path.endswith('flag_rate') else '<='} {floor:.3f}"
              f"  {'ok' if ok else 'BELOW FLOOR'}")
        if not ok:
            failures.append(f"{name}: {path} = {value:.3f}, floor {floor}")
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", nargs="*", help="eval names to run (default: all in floors.json)")
    ap.add_argument("--update-hashes", action="store_true", help="pin the current data hashes")
    args = ap.parse_args(argv)
    floors = json.loads(FLOORS.read_text())
    failures = []
    for name, spec in floors.items():
        if not args.only or name in args.only:
            failures += run(name, spec, args.update_hashes)
    if args.update_hashes:
        FLOORS.write_text(json.dumps(floors, indent=1) + "\n")
    print(*failures, sep="\n", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
