"""The US–North Korea arc, 2017–2019, on detente's own dev corpus (eval/data/usprk: 152 short reports written
for this purpose, several outlets per happening, republished copies, opinion pieces; facts sourced in
each record and in ARC-part*.md).

Prints: arc recall (known happenings between the pair found as a fused event of the same type within a
day of the known date, and of the same quad class), events dated and undated, the before/after verdict
around each anchor (the Singapore and Hanoi summits) over windows of the same length on each side, and the
sources' own judgement in each window (and whether it moved the expected way). Usage: python eval/usprk.py [--json] [--months 6] [--html out.html]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

import duckdb

import detente
from detente.answer.dyad import QUAD, dyad_assessments, dyad_events
from detente.answer.evidence import verdict, windows

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "usprk"
PAIR = ("USA", "PRK")
# The turning points a regional expert would name; the expected tone change is what every account of the
# period says (ARC-part*.md closing paragraphs).
ANCHORS = {"2018-06-12": "more_cooperative", "2019-02-28": "more_conflictual"}


def arc(paths: list[Path]) -> list[dict[str, str]]:
    """Happenings of the known arc between the pair: date, type and the two parties, from the ARC tables."""
    rows = []
    for path in paths:
        header: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("|") or set("".join(cells)) <= set("-: "):
                continue
            if not header:
                header = [c.lower() for c in cells]
                continue
            row = dict(zip(header, cells))
            when = next((row[k] for k in row if k.startswith("date")), "")
            who = next((row[k] for k in row if k.startswith("actor")), "")
            parties = set(re.findall(r"\b[A-Z]{3}\b", who))
            type_ = next((row[k] for k in row if k == "type"), "").split()[0].strip("*") if row.get("type") else ""
            if re.match(r"\d{4}-\d{2}-\d{2}", when) and set(PAIR) <= parties and type_ in QUAD:
                rows.append({"date": when[:10], "type": type_, "what": next((row[k] for k in row if k.startswith("what")), "")})
        header = []
    return rows


def found(known: dict[str, str], events: list) -> tuple[bool, bool]:  # type: ignore[type-arg]
    """(same type within a day, same quad class within a day) among the pair's fused events."""
    day = date.fromisoformat(known["date"])
    near = [e for e in events if e.date and len(e.date) == 10 and abs((date.fromisoformat(e.date) - day).days) <= 1
            and not e.hypothetical]
    return any(e.type == known["type"] for e in near), any(QUAD[e.type] == QUAD[known["type"]] for e in near)


def bounded(events: list, around: str, months: int) -> list:  # type: ignore[type-arg]
    """Events within `months` of the anchor (undated ones kept, so they are still counted as unplaced)."""
    y, m = int(around[:4]), int(around[5:7])
    lo = f"{y + (m - 1 - months) // 12:04d}-{(m - 1 - months) % 12 + 1:02d}"
    hi = f"{y + (m - 1 + months) // 12:04d}-{(m - 1 + months) % 12 + 1:02d}"
    return [e for e in events if not e.date or lo <= e.date[:7] <= hi]


def measure(months: int, html: Path | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "usprk.duckdb"
        detente.ingest(sorted(DATA.glob("part*.jsonl")), db)
        con = duckdb.connect(str(db), read_only=True)
        try:
            events = dyad_events(con, *PAIR)
            judged = dyad_assessments(con, *PAIR)
        finally:
            con.close()
        if html:
            html.write_text(detente.report(db, *PAIR, around="2018-06-12"), encoding="utf-8")
    known = arc(sorted(DATA.glob("ARC-part*.md")))
    hits = [found(k, events) for k in known]
    out: dict[str, object] = {
        "arc_happenings": len(known), "arc_recall_type": round(sum(h[0] for h in hits) / len(known), 3),
        "arc_recall_quad": round(sum(h[1] for h in hits) / len(known), 3),
        "events": len(events), "undated": sum(not e.date for e in events),
        "missed": [f"{k['date']} {k['type']}: {k['what'][:70]}" for k, h in zip(known, hits) if not h[1]][:15]}
    verdicts = {}
    for around, expected in ANCHORS.items():
        v = verdict(windows(bounded(events, around, months), around), around)
        tone = {side: _tone(judged, around, months, side) for side in ("before", "after")}
        verdicts[around] = {"verdict": v["kind"], "expected": expected, "before": v["before"], "after": v["after"],
                            "interval": [v.get("low"), v.get("high")], "sources_judge": tone}
    out["anchors"] = verdicts
    out["anchors_right"] = sum(v["verdict"] == v["expected"] for v in verdicts.values())
    out["judgements_right"] = sum(_judged_shift(v["sources_judge"]) == v["expected"] for v in verdicts.values())
    return out


def _judged_shift(tone: dict[str, dict[str, int]]) -> str:
    """The direction the sources' own judgements moved: net positive views after against before."""
    net = {side: t["positive"] - t["negative"] for side, t in tone.items()}
    return "more_cooperative" if net["after"] > net["before"] else \
        "more_conflictual" if net["after"] < net["before"] else "no_clear_change"


def _tone(judged: list[dict], around: str, months: int, side: str) -> dict[str, int]:  # type: ignore[type-arg]
    rows = [r for r in judged if r["reported"] and (r["reported"][:10] < around if side == "before"
                                                    else r["reported"][:10] > around)]
    rows = [r for r in rows if r["reported"][:7] in {e for e in _months(around, months, side)}]
    return {p: sum(r["polarity"] == p for r in rows) for p in ("positive", "negative", "mixed")}


def _months(around: str, months: int, side: str) -> list[str]:
    y, m = int(around[:4]), int(around[5:7])
    steps = range(-months, 1) if side == "before" else range(0, months + 1)
    return [f"{y + (m - 1 + k) // 12:04d}-{(m - 1 + k) % 12 + 1:02d}" for k in steps]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--months", type=int, default=6, help="window on each side of an anchor")
    ap.add_argument("--html", type=Path, help="also write the USA/PRK report around Singapore here")
    args = ap.parse_args()
    result = measure(args.months, args.html)
    if args.json:
        print(json.dumps(result))
        return 0
    for key, value in result.items():
        if key == "anchors":
            for around, v in value.items():  # type: ignore[union-attr]
                print(f"{'around ' + around:<22} {v}")
        elif key == "missed":
            print("missed (quad):")
            for m in value:  # type: ignore[union-attr]
                print(f"  {m}")
        else:
            print(f"{key:<22} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
