"""Quote attribution on PolNeAR dev (brat standoff Source/Cue/Content): precision/recall/F1 of quote content
spans (any character overlap) with and without the correct speaker, for direct quotes and for all
attributions. A speaker is correct when it shares a word with the gold source span, or the gold source is
a pronoun ("he", "I", relative "who") and detente named someone (PolNeAR marks the pronoun; detente resolves
it to a name).

Usage: python eval/quotes.py [--split dev] [--limit N] [--json] [--errors N] [--all]

--errors N lists N wrong predictions and N missed gold quotes (direct ones; all with --all), each with
the speaker detente gave and the gold source, to find error classes.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from evalcli import emit, f1, parser

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "polnear"
QUOTE_MARKS = "\"\u201c\u201d\u2018\u2019'"
# Relative pronouns too: PolNeAR marks "who" in "Graham, who said ..."; detente names the antecedent.
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "who", "which"}


@dataclass
class Gold:
    spans: list[tuple[int, int]]
    source: str
    direct: bool


def read_gold(ann: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    out = []
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:  # spans first: an event may name a span defined after it (train files do)
        if line.startswith("T"):
            tid, info, surface = line.split("\t")
            label, offsets = info.split(" ", 1)
            frags = [tuple(map(int, f.split())) for f in offsets.split(";")]
            spans[tid] = (label, frags, surface)  # type: ignore[assignment]
    for line in lines:
        if line.startswith("E"):
            args = dict(a.split(":") for a in line.split("\t")[1].split()[1:])
            if "Content" not in args:
                continue
            content = spans[args["Content"]][1]
            source = spans[args["Source"]][2] if "Source" in args else ""
            s, e = content[0][0], content[-1][1]
            direct = text[s:s + 1] in QUOTE_MARKS or text[max(0, s - 1):s] in QUOTE_MARKS or \
                text[e - 1:e] in QUOTE_MARKS or text[e:e + 1] in QUOTE_MARKS
            out.append(Gold(content, source, direct))  # type: ignore[arg-type]
    return out


def predict(texts: list[str]) -> list[list]:  # type: ignore[type-arg]
    """Quotes as `annotate` finds them: entities first, then quotes (the other stages do not feed them)."""
    from detente.extract.actors import find_entities
    from detente.extract.nlp import nlp_for
    from detente.extract.quotes import find_quotes

    nlp = nlp_for()
    return [find_quotes(parsed, find_entities(parsed)) for parsed in nlp.pipe(texts, batch_size=8)]


def _overlaps(q, g: Gold) -> bool:  # type: ignore[no-untyped-def]
    return any(q.start < e and s < q.end for s, e in g.spans)


def _speaker_ok(q, g: Gold) -> bool:  # type: ignore[no-untyped-def]
    words = lambda x: set(re.findall(r"[a-z]{2,}|\bi\b", (x or "").lower()))  # noqa: E731  "I" is a source too
    gold = words(g.source)
    if gold and gold <= PRONOUNS:
        return bool(q.speaker)
    return bool(gold & (words(q.speaker) | words(q.speaker_actor)))


def score(pairs: list[tuple[list, list[Gold]]], direct_only: bool, need_speaker: bool) -> dict[str, float]:  # type: ignore[type-arg]
    tp_p = n_p = tp_g = n_g = 0
    for preds, golds in pairs:
        preds = [q for q in preds if q.direct] if direct_only else preds
        golds = [g for g in golds if g.direct] if direct_only else golds
        ok = lambda q, g: _overlaps(q, g) and (not need_speaker or _speaker_ok(q, g))  # noqa: E731
        n_p += len(preds)
        n_g += len(golds)
        tp_p += sum(any(ok(q, g) for g in golds) for q in preds)
        tp_g += sum(any(ok(q, g) for q in preds) for g in golds)
    p, r = tp_p / n_p if n_p else 0.0, tp_g / n_g if n_g else 0.0
    return {"precision": p, "recall": r, "f1": f1(p, r), "gold": n_g, "predicted": n_p}


def load(split: str, limit: int | None) -> list[tuple[str, list[Gold]]]:
    docs = []
    for text_path in sorted((DATA / split / "text").glob("*.txt"))[:limit]:
        anns = sorted((DATA / split / "attributions").glob(text_path.stem + "_*.ann"))
        if anns:
            text = text_path.read_text(encoding="utf-8")
            docs.append((text, read_gold(anns[0], text)))
    return docs


def evaluate(split: str, limit: int | None, errors: int = 0, direct_only: bool = True) -> dict[str, object]:
    docs = load(split, limit)
    preds = predict([t for t, _ in docs])
    pairs = list(zip(preds, [g for _, g in docs]))
    if errors:
        show_errors(docs, preds, errors, direct_only)
    return {"documents": len(docs),
            "direct_with_speaker": score(pairs, True, True), "direct_span": score(pairs, True, False),
            "all_with_speaker": score(pairs, False, True), "all_span": score(pairs, False, False)}


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="list N wrong and N missed quotes")
    ap.add_argument("--all", action="store_true", help="with --errors: indirect quotes too")
    args = ap.parse_args(argv)
    return emit(evaluate(args.split, args.limit, args.errors, not args.all), args.json, show)


def show_errors(docs: list[tuple[str, list[Gold]]], preds: list[list], n: int, direct_only: bool) -> None:  # type: ignore[type-arg]
    """Wrong predictions (no gold, or the wrong speaker) and missed gold quotes, document by document."""
    wrong: list[str] = []
    missed: list[str] = []
    for k, ((text, golds), quotes) in enumerate(zip(docs, preds)):
        quotes = [q for q in quotes if q.direct or not direct_only]
        golds = [g for g in golds if g.direct or not direct_only]
        for q in quotes:
            near = [g for g in golds if _overlaps(q, g)]
            if not any(_speaker_ok(q, g) for g in near):
                gold = near[0].source if near else "NO GOLD"
                wrong.append(f"[{k}] {_clip(q.text)!r}\n     speaker={q.speaker!r} actor={q.speaker_actor!r} "
                             f"cue={q.cue!r} gold={gold!r}")
        for g in golds:
            if not any(_overlaps(q, g) for q in quotes):
                s, e = g.spans[0][0], g.spans[-1][1]
                missed.append(f"[{k}] {_clip(text[s:e])!r}  gold={g.source!r}\n     context={_clip(text[max(0, s - 80):e + 80])!r}")
    for title, rows in (("WRONG", wrong), ("MISSED", missed)):
        print(f"== {title}: {len(rows)}")
        print("\n".join(rows[:n]))


def _clip(s: str, width: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[:width // 2] + " ... " + s[-width // 2:]


def show(result: dict[str, object]) -> None:
    print(f"PolNeAR: {result['documents']} documents")
    for name, r in result.items():
        if isinstance(r, dict):
            print(f"{name:<22} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                  f"(gold {r['gold']}, predicted {r['predicted']})")


if __name__ == "__main__":
    sys.exit(main())
