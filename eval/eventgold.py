"""Load and validate the hand-annotated event gold (eval/data/events/*.jsonl, see GUIDELINES.md).

`python eval/eventgold.py eval/data/events/batch-1.jsonl` checks one batch and prints a summary.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from detente import plover

HERE = Path(__file__).resolve().parent
GOLD_DIR = HERE / "data" / "events"
CORPUS = HERE.parent.parent / "shared" / "corpus" / "bbc-2005-dev.jsonl"
TYPES = plover.NAMES
MODES = {"asserted", "hypothetical", "negated"}
CODE = re.compile(r"^(?:[A-Z]{3}|[A-Z][A-Z0-9_]+|[A-Z][\w .&'-]+)$")


def corpus_texts(path: Path = CORPUS) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[row["id"]] = row["text"]
    return out


def load(paths: list[Path] | None = None) -> list[dict]:
    paths = paths or sorted(GOLD_DIR.glob("batch-*.jsonl"))
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def problems(article: dict, text: str) -> list[str]:
    out = []
    norm = " ".join(text.split())
    for i, ev in enumerate(article.get("events", [])):
        where = f"{article['id']} event {i}"
        sent = " ".join(str(ev.get("sentence", "")).split())
        if not sent or sent not in norm:
            out.append(f"{where}: sentence is not a substring of the text")
        if not isinstance(ev.get("trigger"), str) or ev["trigger"].lower() not in sent.lower():
            out.append(f"{where}: trigger {ev.get('trigger')!r} not in its sentence")
        if ev.get("type") not in TYPES:
            out.append(f"{where}: type {ev.get('type')!r} is not a PLOVER type")
        if ev.get("mode") not in MODES:
            out.append(f"{where}: mode {ev.get('mode')!r} is not one of {sorted(MODES)}")
        for role in ("actor", "target"):
            codes = ev.get(role)
            if not isinstance(codes, list) or not all(isinstance(c, str) and CODE.match(c) for c in codes):
                out.append(f"{where}: {role} must be a list of codes, got {codes!r}")
        if not ev.get("actor"):
            out.append(f"{where}: an event needs at least one actor code")
        if not ev.get("happening"):
            out.append(f"{where}: happening id missing")
    return out


def main(argv: list[str]) -> int:
    texts = corpus_texts()
    articles = load([Path(a) for a in argv] or None)
    bad = [p for a in articles for p in (problems(a, texts[a["id"]]) if a["id"] in texts else [f"{a['id']}: unknown id"])]
    events = [e for a in articles for e in a.get("events", [])]
    print(f"{len(articles)} articles, {len(events)} event mentions, "
          f"{len({(a['id'], e.get('happening')) for a in articles for e in a['events']})} happenings, "
          f"{sum(e['mode'] == 'asserted' for e in events if isinstance(e, dict) and 'mode' in e)} asserted")
    for p in bad:
        print("PROBLEM:", p)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
