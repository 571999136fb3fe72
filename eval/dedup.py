"""Near-duplicate groups: precision/recall of duplicate pairs on BBC articles plus copies derived from
them (truncated, re-headed, boilerplate-wrapped, updated, spun), each run through the real pipeline
(clean -> spin -> dedup). Also prints how each copy kind was labelled and the links found between BBC
originals (the corpus repeats some stories; those pairs have no gold and are shown, not scored).

Usage: python eval/dedup.py [--originals N] [--json]
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

from evalcli import emit, parser

from detente.clean import clean
from detente.provenance import detect_spin, group_duplicates
from detente.record import Document
from detente.testing.copies import MAKERS

SHARED = Path(__file__).resolve().parents[2] / "shared"


def build(corpus: Path, n: int) -> tuple[list[Document], dict[str, str]]:
    """All BBC originals plus copies of `n` of them; returns docs and doc id -> its copy kind."""
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    picked = set(sorted((hashlib.sha1(str(r["id"]).encode()).hexdigest(), i) for i, r in enumerate(rows))[:n])
    picked_idx = {i for _, i in picked}
    rng = random.Random(2005)
    docs, kind = [], {}
    for i, r in enumerate(rows):
        # Real originals carry their date; the BBC set has none, so each gets one (copies come later).
        docs.append(_doc(f"bbc-{r['id']}", r["text"], "2005-03-01"))
        kind[f"bbc-{r['id']}"] = "original"
        if i in picked_idx:
            for name, make in MAKERS.items():
                doc_id = f"bbc-{r['id']}~{name}"
                docs.append(_doc(doc_id, make(r["text"], rng)))
                kind[doc_id] = name
    return docs, kind


def _doc(doc_id: str, text: str, published: str | None = None) -> Document:
    doc = clean(Document(id=doc_id, source=doc_id, text="", raw=text, raw_kind="text", published=published))
    assert isinstance(doc, Document), doc
    return detect_spin(doc)


def pairs_of(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in combinations(sorted(members), 2)}


def evaluate(corpus: Path, n: int) -> dict[str, object]:
    docs, kind = build(corpus, n)
    group_duplicates(docs)
    predicted: dict[str, list[str]] = {}
    for d in docs:
        predicted.setdefault(d.duplicate_of or d.id, []).append(d.id)
    gold: dict[str, list[str]] = {}
    for d in docs:
        if kind[d.id] != "original":
            gold.setdefault(d.id.split("~")[0], [d.id.split("~")[0]]).append(d.id)
    pred, true = pairs_of(predicted), pairs_of(gold)
    # Pairs of two originals have no gold (the BBC set repeats stories); score pairs with a derived copy.
    scored = {p for p in pred if any("~" in x for x in p)}
    between_originals = pred - scored
    status = Counter((kind[d.id], d.copy_status) for d in docs if kind[d.id] != "original")
    tp = len(scored & true)
    return {"documents": len(docs), "derived_copies": sum(k != "original" for k in kind.values()),
            "gold_pairs": len(true), "predicted_pairs": len(scored),
            "precision": tp / len(scored) if scored else 1.0, "recall": tp / len(true) if true else 1.0,
            "recall_by_kind": _recall_by_kind(docs, kind), "labels": {f"{k}->{s}": c for (k, s), c in sorted(status.items())},
            "links_between_originals": len(between_originals)}


def _recall_by_kind(docs: list[Document], kind: dict[str, str]) -> dict[str, float]:
    """Share of each kind of copy put in the same group as its original."""
    root = {d.id: d.duplicate_of or d.id for d in docs}
    out: dict[str, list[bool]] = {}
    for d in docs:
        if kind[d.id] != "original":
            original = d.id.split("~")[0]
            out.setdefault(kind[d.id], []).append(root[d.id] == root[original])
    return {k: sum(v) / len(v) for k, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "bbc-2005-dev.jsonl")
    ap.add_argument("--originals", type=int, default=300, help="BBC articles to derive copies from")
    args = ap.parse_args(argv)
    return emit(evaluate(args.corpus, args.originals), args.json)


if __name__ == "__main__":
    sys.exit(main())
