"""Publication dates of HTML pages: detente's `published` vs htmldate's `find_date`, same pages, same run.

Pages: the 30 Zyte article-extraction dev pages in ../shared (dates annotated by hand in
eval/data/pubdates/gold.json, rules in its README) and the HTML pages of eval/data/metadata/pages (their
`published` in eval/data/metadata/gold.json). Each page is read as detente reads a file (no URL given), and
htmldate gets the same decoded HTML. Per system: accuracy over pages with a gold date (exact day) and the
number of dates given on pages whose gold is null. Usage: python eval/pubdates.py [--data DIR] [--json]
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from evalcli import emit, parser

from detente.clean import clean
from detente.read.files import read_file
from detente.record import Document

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "eval-dev" / "article-extraction" / "html"
METADATA = HERE / "data" / "metadata"


def detente_date(doc: Document) -> str | None:
    out = clean(doc)
    return out.published if isinstance(out, Document) else None


def htmldate_default(doc: Document) -> str | None:
    return _htmldate(doc.raw or "", original=False)


def htmldate_original(doc: Document) -> str | None:
    return _htmldate(doc.raw or "", original=True)


def _htmldate(html: str, original: bool) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, original_date=original, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a crash on a page is a missing date, as detente treats it
        return None


SYSTEMS: dict[str, Callable[[Document], str | None]] = {
    "detente": detente_date, "htmldate": htmldate_default, "htmldate_original": htmldate_original}


def pages(data: Path) -> list[tuple[str, Path, str | None]]:
    """(name, file, gold date) for every page whose file is present."""
    zyte = json.loads((HERE / "data" / "pubdates" / "gold.json").read_text())
    meta = json.loads((METADATA / "gold.json").read_text())
    out = [(f"zyte/{name[:12]}", data / name, date) for name, date in sorted(zyte.items()) if (data / name).exists()]
    out += [(key, METADATA / key, want["published"]) for key, want in sorted(meta.items())
            if key.startswith("pages/") and key.endswith(".html")]
    return out


def evaluate(data: Path) -> dict[str, object]:
    rows = pages(data)
    got: dict[str, list[str | None]] = {name: [] for name in SYSTEMS}
    misses = []
    for name, path, gold in rows:
        answers = {sys_name: fn(_read(path)) for sys_name, fn in SYSTEMS.items()}
        for sys_name, answer in answers.items():
            got[sys_name].append(answer)
        if answers["detente"] != gold:
            misses.append(f"{name}: gold {gold}, " + ", ".join(f"{k} {v}" for k, v in answers.items()))
    golds = [gold for _, _, gold in rows]
    scores = {sys_name: _score(dates, golds) for sys_name, dates in got.items()}
    ratio = scores["detente"]["accuracy"] / scores["htmldate"]["accuracy"] if scores["htmldate"]["accuracy"] else 1.0
    return {"pages": len(rows), "dated": sum(1 for g in golds if g), **scores,
            "detente_vs_htmldate": {"accuracy": ratio}, "misses": misses}


def _score(dates: list[str | None], golds: list[str | None]) -> dict[str, float]:
    dated = [(d, g) for d, g in zip(dates, golds) if g]
    right = sum(d == g for d, g in dated)
    false = sum(1 for d, g in zip(dates, golds) if not g and d)
    return {"accuracy": right / len(dated) if dated else 0.0, "false_dates": false}


def _read(path: Path) -> Document:
    # A fresh document per system: cleaning consumes `raw`.
    return next(d for d in read_file(path) if isinstance(d, Document))


def show(result: dict[str, object]) -> None:
    print(f"pages {result['pages']}, with a gold date {result['dated']}")
    print(f"{'system':<18} {'accuracy':>8} {'false dates':>11}")
    for name in SYSTEMS:
        r = result[name]
        print(f"{name:<18} {r['accuracy']:>8.3f} {r['false_dates']:>11}")  # type: ignore[index]
    print(f"detente/htmldate   {result['detente_vs_htmldate']['accuracy']:>8.3f}")  # type: ignore[index]
    for m in result["misses"]:  # type: ignore[attr-defined]
        print(f"  detente miss: {m}")


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no Zyte pages at {args.data}: scoring eval/data/metadata/pages only", file=sys.stderr)
    return emit(evaluate(args.data), args.json, show)


if __name__ == "__main__":
    sys.exit(main())
