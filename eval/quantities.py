"""Numeric claims on detente's own hand-annotated BBC dev gold (eval/data/numbers: every quantity of each
annotated article, with value, unit, kind, direction and bound; decisions in NOTES-*.md).

Prints precision/recall/F1 for spans (any overlap), values (overlap and the same value within 0.5%),
values with units (normalised: singular nouns, ISO currencies), bounds and directions (over the quantities
that carry one on either side: the same value and the same bound, or direction), the direction agreement
on matched changes, and the span and value figures for quantulum3 on the same articles in the same run
when it is installed (its unit classifier off: its pickled model does not load with current scikit-learn). Ages are in the gold
for later decisions but not scored: neither found nor missed.
Usage: python eval/quantities.py [--json] [--errors N]
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from evalcli import emit, f1, parser

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "numbers"
BBC = HERE.parents[1] / "shared" / "corpus" / "bbc-2005-dev.jsonl"
# Units written differently for the same thing.
UNIT_ALIASES = {"per cent": "percent", "%": "percent", "pence": "GBX", "p": "GBX", "dollar": "USD", "pound": "GBP",
                "euro": "EUR", "yen": "JPY"}
# The gold writes "approx"; "exact" ("exactly 5") is no fence the gold marks, so it scores as none.
BOUNDS = {"approx": "approximate", "exact": None}


@dataclass
class Span:
    start: int
    end: int
    value: float
    unit: str | None
    direction: str | None = None
    kind: str | None = None
    bound: str | None = None


def unit_key(unit: str | None) -> str:
    u = (unit or "").strip()
    u = UNIT_ALIASES.get(u.lower(), u)
    if u.isupper():
        return u
    u = u.lower()
    return u[:-1] if u.endswith("s") and len(u) > 3 and not u.endswith("ss") else u


def load_gold() -> dict[str, list[Span]]:
    texts = {}
    with open(BBC, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            texts[rec["id"]] = rec["text"]
    gold: dict[str, list[Span]] = {}
    for path in sorted(GOLD.glob("batch-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            text = texts[rec["doc_id"]]
            spans = gold.setdefault(rec["doc_id"], [])
            if "sentence" not in rec:
                continue
            s0 = text.find(rec["sentence"])
            used: dict[str, int] = {}
            for q in rec["quantities"]:
                # a number written twice in one sentence is two gold quantities, at its first and second place
                at = _nth(rec["sentence"], q["text"], used.get(q["text"], 0))
                used[q["text"]] = used.get(q["text"], 0) + 1
                if s0 < 0 or at < 0:
                    raise ValueError(f"{rec['doc_id']}: {q['text']!r} not found in its sentence")
                start = s0 + at
                spans.append(Span(start, start + len(q["text"]), float(q["value"]), q.get("unit"),
                                  q.get("direction"), q.get("kind"), _bound(q.get("bound"))))
    return {doc: spans for doc, spans in gold.items()} | {"_texts": texts}  # type: ignore[dict-item]


def _bound(bound: str | None) -> str | None:
    return BOUNDS.get(bound, bound) if bound else None


def _nth(text: str, part: str, n: int) -> int:
    at = -1
    for _ in range(n + 1):
        at = text.find(part, at + 1)
        if at < 0:
            return -1
    return at


def detente_spans(text: str) -> list[Span]:
    from detente.extract import annotate
    from detente.extract.nlp import nlp_for
    from detente.record import Document

    doc = annotate(Document(id="n", source="n", text=text), nlp_for()(text))
    return [Span(q.start, q.end, q.value, q.unit, (q.change or {}).get("direction"), bound=_bound(q.bound))
            for q in doc.quantities]


def quantulum_spans(text: str) -> list[Span] | None:
    try:
        import quantulum3.classifier as clf
        from quantulum3 import parser as qparser
    except ImportError:
        return None
    clf.USE_CLF = False
    out = []
    for q in qparser.parse(text):
        unit = q.unit.name if q.unit and q.unit.name != "dimensionless" else None
        out.append(Span(q.span[0], q.span[1], float(q.value), unit))
    return out


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _same_value(a: Span, b: Span) -> bool:
    return abs(a.value - b.value) <= 0.005 * max(abs(a.value), abs(b.value), 1e-9)


def score(pairs: list[tuple[list[Span], list[Span]]], test, field: str | None = None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """P/R/F1 of `test` matches; with `field`, over only the quantities that carry it on each side."""
    tp_p = n_p = tp_g = n_g = 0
    for pred, gold in pairs:
        ages = [g for g in gold if g.kind == "age"]
        gold = [g for g in gold if g.kind != "age" and (field is None or getattr(g, field))]
        pred = [p for p in pred if not any(_overlap(p, a) for a in ages) and (field is None or getattr(p, field))]
        n_p += len(pred)
        n_g += len(gold)
        matched = _one_to_one(pred, gold, test)
        tp_p += matched
        tp_g += matched
    p, r = (tp_p / n_p if n_p else 0.0), (tp_g / n_g if n_g else 0.0)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1(p, r), 3), "gold": n_g, "predicted": n_p}


def _one_to_one(pred: list[Span], gold: list[Span], test) -> int:  # type: ignore[no-untyped-def]
    """Matches where each prediction and each gold quantity is used once (two predictions over one gold
    span are one hit and one false positive)."""
    free = list(gold)
    hits = 0
    for p in sorted(pred, key=lambda s: s.start):
        g = next((g for g in free if test(p, g)), None)
        if g is not None:
            free.remove(g)
            hits += 1
    return hits


TESTS = {"span": _overlap, "value": lambda p, g: _overlap(p, g) and _same_value(p, g),
         "value_unit": lambda p, g: _overlap(p, g) and _same_value(p, g) and unit_key(p.unit) == unit_key(g.unit)}
# Bound and direction are scored where either side gives one: the same quantity (value) with the same reading.
FIELDS = ("bound", "direction")


def direction(pairs: list[tuple[list[Span], list[Span]]]) -> float:
    """Of gold quantities with a direction that detente found with the right value, how many keep it."""
    hits = [(p.direction == g.direction) for pred, gold in pairs for g in gold if g.direction
            for p in pred[:] if TESTS["value"](p, g)]
    return round(sum(hits) / len(hits), 3) if hits else 0.0


def evaluate(errors: int = 0) -> dict[str, object]:
    gold = load_gold()
    texts = gold.pop("_texts")  # type: ignore[arg-type]
    docs = sorted(gold)
    ours = [(detente_spans(texts[d]), gold[d]) for d in docs]  # type: ignore[index]
    out: dict[str, object] = {"articles": len(docs)}
    out |= {name: score(ours, test) for name, test in TESTS.items()}
    out |= {name: score(ours, lambda p, g, f=name: TESTS["value"](p, g) and getattr(p, f) == getattr(g, f), name)
            for name in FIELDS}
    out["direction_kept"] = direction(ours)
    theirs = [quantulum_spans(texts[d]) for d in docs]  # type: ignore[index]
    if all(t is not None for t in theirs):
        pairs = [(t, g) for t, (_, g) in zip(theirs, ours)]  # type: ignore[misc]
        out["quantulum3"] = {name: score(pairs, test) for name, test in TESTS.items()}  # type: ignore[arg-type]
    if errors:
        _print_errors(docs, ours, texts, errors)  # type: ignore[arg-type]
    return out


def _print_errors(docs: list[str], ours: list[tuple[list[Span], list[Span]]], texts: dict[str, str], n: int) -> None:
    shown = 0
    for d, (pred, gold) in zip(docs, ours):
        for g in gold:
            if g.kind != "age" and not any(TESTS["value_unit"](p, g) for p in pred) and shown < n:
                got = [(texts[d][p.start:p.end], p.value, p.unit) for p in pred if _overlap(p, g)]
                print(f"MISS {texts[d][g.start:g.end]!r} {g.value} {g.unit} got {got}", file=sys.stderr)
                shown += 1


def show(result: dict[str, object]) -> None:
    print(f"numbers: {result['articles']} articles")
    for name in (*TESTS, *FIELDS):
        r = result[name]
        print(f"{name:<12} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "  # type: ignore[index]
              f"(gold {r['gold']}, predicted {r['predicted']})")  # type: ignore[index]
    print(f"direction kept on matched changes: {result['direction_kept']:.3f}")
    if "quantulum3" in result:
        for name, r in result["quantulum3"].items():  # type: ignore[union-attr]
            print(f"quantulum3 {name:<12} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--errors", type=int, default=0, help="print up to N missed gold quantities")
    args = ap.parse_args(argv)
    return emit(evaluate(args.errors), args.json, show)


if __name__ == "__main__":
    sys.exit(main())
