"""Time expressions on TimeBank + AQUAINT (TimeML, TBAQ-cleaned): TIMEX3 span F1 (relaxed: any overlap)
and value F1 (overlap and the same normalised value), each anchored on the document creation time.
The DCT itself (in the header, not the text) is not scored.

Usage: python eval/times.py [--json]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "timeml"
TIMEX = re.compile(r"<TIMEX3\b(?P<attrs>[^>]*)>(?P<text>.*?)</TIMEX3>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass
class GoldTime:
    start: int
    end: int
    value: str
    type: str


def parse(path: Path) -> tuple[str, date | None, list[GoldTime]]:
    """Plain text of <TEXT>, the creation date, and gold TIMEX3 spans with offsets into that text."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="(\d{4}-\d{2}-\d{2})|'
                    r'value="(\d{4}-\d{2}-\d{2})[^"]*"[^>]*functionInDocument="CREATION_TIME"', raw)
    anchor = date.fromisoformat(next(g for g in dct.groups() if g)) if dct else None
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    xml = body.group(1) if body else ""
    out, gold, pos = [], [], 0
    for m in re.finditer(r"<TIMEX3\b[^>]*>|</TIMEX3>|<[^>]+>|[^<]+", xml):
        piece = m.group(0)
        if piece.startswith("<TIMEX3"):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', piece))
            gold.append(GoldTime(pos, pos, attrs.get("value", ""), attrs.get("type", "")))
        elif piece == "</TIMEX3>":
            gold[-1].end = pos
        elif not piece.startswith("<"):
            text = piece.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            out.append(text)
            pos += len(text)
    return "".join(out), anchor, gold


def evaluate() -> dict[str, object]:
    from detente.extract.times import find_times

    files = sorted(p for p in DATA.rglob("*.tml") if "testpipeline" not in p.parts)
    n_pred = n_gold = span_p = span_g = value_p = value_g = 0
    for path in files:
        text, anchor, gold = parse(path)
        pred = find_times(text, anchor)
        n_pred += len(pred)
        n_gold += len(gold)
        hit = lambda p, g: p.start < g.end and g.start < p.end  # noqa: E731
        same = lambda p, g: hit(p, g) and _norm(p.value) == _norm(g.value)  # noqa: E731
        span_p += sum(any(hit(p, g) for g in gold) for p in pred)
        span_g += sum(any(hit(p, g) for p in pred) for g in gold)
        value_p += sum(any(same(p, g) for g in gold) for p in pred)
        value_g += sum(any(same(p, g) for p in pred) for g in gold)
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    sp, sr = span_p / max(n_pred, 1), span_g / max(n_gold, 1)
    vp, vr = value_p / max(n_pred, 1), value_g / max(n_gold, 1)
    return {"documents": len(files), "gold": n_gold, "predicted": n_pred,
            "span": {"precision": sp, "recall": sr, "f1": f(sp, sr)},
            "value": {"precision": vp, "recall": vr, "f1": f(vp, vr)},
            "value_accuracy_on_matched": value_g / max(span_g, 1)}


def _norm(value: str | None) -> str:
    # Same value, different spelling: zero-padded ISO weeks ("2000-W07" = "2000-W7").
    return re.sub(r"W0(\d)\b", r"W\1", (value or "").upper().replace("T24", "T00"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    r = evaluate()
    if args.json:
        print(json.dumps(r))
        return 0
    print(f"TimeBank + AQUAINT: {r['documents']} documents, gold {r['gold']}, predicted {r['predicted']}")
    for k in ("span", "value"):
        v = r[k]
        print(f"{k:<6} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")  # type: ignore[index]
    print(f"value accuracy on matched spans {r['value_accuracy_on_matched']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
