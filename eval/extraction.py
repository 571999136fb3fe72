"""Main-text extraction on the Zyte article-extraction dev pages: detente vs plain trafilatura, same run.

Score: precision/recall/F1 over 4-word shingles (multiset), as in the Zyte benchmark; printed per system,
macro-averaged over pages. Usage: python eval/extraction.py [--data DIR] [--json]
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from evalcli import emit, f1, parser

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval-dev" / "article-extraction"


def shingles(text: str, n: int = 4) -> Counter:
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0)))


def prf(pred: str, gold: str) -> dict[str, float]:
    p, g = shingles(pred), shingles(gold)
    hit = sum((p & g).values())
    precision = hit / sum(p.values()) if p else (1.0 if not g else 0.0)
    recall = hit / sum(g.values()) if g else 1.0
    return {"precision": precision, "recall": recall, "f1": f1(precision, recall)}


def detente_text(html: str, url: str) -> str:
    from detente.clean import clean
    from detente.record import Document

    doc = clean(Document(id="", source=url, text="", url=url, raw=html, raw_kind="html"))
    return getattr(doc, "text", "") or ""


def trafilatura_text(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


SYSTEMS = {"detente": detente_text, "trafilatura": trafilatura_text}


def evaluate(data: Path) -> dict[str, dict[str, float]]:
    truth = json.loads((data / "ground-truth.json").read_text())
    scores: dict[str, list[dict[str, float]]] = {name: [] for name in SYSTEMS}
    for key, gold in sorted(truth.items()):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        for name, system in SYSTEMS.items():
            scores[name].append(prf(system(html, gold.get("url", "")), gold["articleBody"]))
    out: dict[str, dict[str, float]] = {
        name: {m: sum(s[m] for s in rows) / len(rows) for m in ("precision", "recall", "f1")} | {"pages": len(rows)}
        for name, rows in scores.items()}
    out["detente_vs_trafilatura"] = {"f1": out["detente"]["f1"] / out["trafilatura"]["f1"]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    return emit(evaluate(args.data), args.json, show)


def show(result: dict[str, dict[str, float]]) -> None:
    print(f"{'system':<12} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, r in result.items():
        if name not in SYSTEMS:
            continue
        print(f"{name:<12} {r['pages']:>5} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}")
    print(f"detente F1 / trafilatura F1 = {result['detente_vs_trafilatura']['f1']:.3f}")


if __name__ == "__main__":
    sys.exit(main())
