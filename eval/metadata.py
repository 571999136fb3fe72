"""Metadata exact-match rates (title, outlet, author, copy date, original date, dateline place) on HTML
pages saved in eval/data/metadata/pages (one per publishing pattern: Open Graph, JSON-LD, wire dateline,
aggregator repost with the original's date, in-text byline, date only in the URL) and on the two seeds.

A field counts when it equals the gold value exactly, a gold null included (inventing an author is an
error). Usage: python eval/metadata.py [--json]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from evalcli import emit, parser, show_flat

import detente

HERE = Path(__file__).resolve().parent
FOLDERS = {"pages": HERE / "data" / "metadata" / "pages",
           "seeds": HERE.parent / "src" / "detente" / "data" / "sample"}
FIELDS = ("title", "outlet", "author", "published", "original_published", "place")


def evaluate() -> dict[str, object]:
    gold = json.loads((HERE / "data" / "metadata" / "gold.json").read_text())
    docs = {}
    for name, folder in FOLDERS.items():
        for d in detente.extract([folder]).documents:
            docs[f"{name}/{Path(d.source).name}"] = d
    hits: dict[str, list[bool]] = {f: [] for f in FIELDS}
    misses = []
    for key, want in gold.items():
        doc = docs.get(key)
        for field in FIELDS:
            if field in want:
                got = getattr(doc, field, None) if doc else None
                hits[field].append(got == want[field])
                if got != want[field]:
                    misses.append(f"{key} {field}: got {got!r}, want {want[field]!r}")
    rates = {f: sum(v) / len(v) for f, v in hits.items() if v}
    every = [x for v in hits.values() for x in v]
    return {"documents": len(gold), **rates, "all_fields": sum(every) / len(every), "misses": misses}


def show(result: dict[str, object]) -> None:
    misses = result.pop("misses")
    show_flat(result, width=20)
    for m in misses:  # type: ignore[attr-defined]
        print(f"  miss: {m}")


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__).parse_args(argv)
    return emit(evaluate(), args.json, show)


if __name__ == "__main__":
    sys.exit(main())
