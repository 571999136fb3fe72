"""Time expressions on TimeBank + AQUAINT (TimeML, TBAQ-cleaned) and MEANTIME (English Wikinews, token
standoff, CC BY 4.0): TIMEX3 span F1 (relaxed: any overlap) and value F1 (overlap and the same normalised
value), each anchored on the document creation time, which itself is not scored. MEANTIME text is
rebuilt from its tokens (no space before closing punctuation) and cut after the last sentence with any
annotation, since MEANTIME annotates only each article's title and first sentences.

Usage: python eval/times.py [--json] [--errors N]

`--errors N` lists up to N errors per corpus and class (missed, spurious, wrong value), each with its
document, the text around it, the predicted and the gold value, and counts the classes.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evalcli import emit, f1, parser

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "timeml"
MEANTIME = DATA.parent / "meantime" / "intra-doc_annotation"
_NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "'s", "n't", "%", "?", "!", "'", "''"}
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


def parse_meantime(path: Path) -> tuple[str, date | None, list[GoldTime]]:
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    # MEANTIME annotates only the title and first sentences: score only the sentences it annotated.
    sent_of = {t.get("t_id"): int(t.get("sentence") or 0) for t in root.iter("token")}
    last = max((sent_of.get(a.get("t_id"), 0) for a in root.iter("token_anchor")), default=0)
    parts: list[str] = []
    where, pos, sentence = {}, 0, None
    for tok in root.iter("token"):
        if int(tok.get("sentence") or 0) > last:
            break
        sep = "" if not parts else ("\n" if tok.get("sentence") != sentence else
                                    "" if (tok.text or "") in _NO_SPACE_BEFORE or parts[-1] in ("(", "$") else " ")
        sentence = tok.get("sentence")
        pos += len(sep)
        where[tok.get("t_id")] = (pos, pos + len(tok.text or ""))
        parts += [sep, tok.text or ""] if sep else [tok.text or ""]
        pos += len(tok.text or "")
    anchor, gold = None, []
    for t in root.iter("TIMEX3"):
        ids = [a.get("t_id") for a in t.iter("token_anchor")]
        if t.get("functionInDocument") == "CREATION_TIME":
            anchor = _dct(t.get("value", ""))
        elif ids and all(i in where for i in ids):
            gold.append(GoldTime(where[ids[0]][0], where[ids[-1]][1], t.get("value", ""), t.get("type", "")))
    text = "".join(parts)
    # Wikinews prints the creation date as the line under the title; MEANTIME keeps it unannotated (it
    # is the DCT), so a prediction there is neither right nor wrong.
    lines = text.split("\n")
    if len(lines) > 1 and anchor and re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", lines[1].strip()):
        gold.append(GoldTime(len(lines[0]) + 1, len(lines[0]) + 1 + len(lines[1]), "", "IGNORE"))
    return text, anchor, gold


def _dct(value: str) -> date | None:
    """The creation time's value; one MEANTIME file writes it day first ("03-02-2009" for the
    February 03, 2009 printed under its title), which was read as no date at all."""
    iso = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    dmy = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value)
    if iso:
        return date(int(iso[1]), int(iso[2]), int(iso[3]))
    return date(int(dmy[3]), int(dmy[2]), int(dmy[1])) if dmy else None


def _hit(p, g) -> bool:  # type: ignore[no-untyped-def]
    return p.start < g.end and g.start < p.end


def evaluate(errors: list[dict[str, str]] | None = None) -> dict[str, object]:
    """Both corpora's figures; `errors`, when given, collects every error as a dict (see `_errors`)."""
    timeml = [p for p in sorted(DATA.rglob("*.tml")) if "testpipeline" not in p.parts]
    return {"timeml": score(((p.name, *parse(p)) for p in timeml), errors, "timeml"),
            "meantime": score(((p.name, *parse_meantime(p)) for p in sorted(MEANTIME.rglob("*.xml"))),
                              errors, "meantime")}


def score(docs, errors: list[dict[str, str]] | None = None, corpus: str = "") -> dict[str, object]:  # type: ignore[no-untyped-def]
    from detente.extract.times import find_times

    files = 0
    n_pred = n_gold = span_p = span_g = value_p = value_g = 0
    for name, text, anchor, gold in docs:
        files += 1
        ignore = [g for g in gold if g.type == "IGNORE"]
        gold = [g for g in gold if g.type != "IGNORE"]
        pred = [p for p in find_times(text, anchor) if not any(p.start < g.end and g.start < p.end for g in ignore)]
        n_pred += len(pred)
        n_gold += len(gold)
        span_p += sum(any(_hit(p, g) for g in gold) for p in pred)
        span_g += sum(any(_hit(p, g) for p in pred) for g in gold)
        value_p += sum(any(_same(p, g) for g in gold) for p in pred)
        value_g += sum(any(_same(p, g) for p in pred) for g in gold)
        if errors is not None:
            errors += _errors(corpus, name, text, anchor, pred, gold)
    sp, sr = span_p / max(n_pred, 1), span_g / max(n_gold, 1)
    vp, vr = value_p / max(n_pred, 1), value_g / max(n_gold, 1)
    return {"documents": files, "gold": n_gold, "predicted": n_pred,
            "span": {"precision": sp, "recall": sr, "f1": f1(sp, sr)},
            "value": {"precision": vp, "recall": vr, "f1": f1(vp, vr)},
            "value_accuracy_on_matched": value_g / max(span_g, 1)}


def _same(p, g) -> bool:  # type: ignore[no-untyped-def]
    return _hit(p, g) and _norm(p.value) == _norm(g.value)


def _errors(corpus: str, name: str, text: str, anchor: date | None, pred, gold) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """One row per gold time no prediction found (missed) or found with another value (value), and per
    prediction that overlaps no gold time (spurious)."""
    def row(kind: str, start: int, end: int, predicted: str, wanted: str) -> dict[str, str]:
        context = text[max(0, start - 60):start] + "[" + text[start:end] + "]" + text[end:end + 40]
        return {"corpus": corpus, "class": kind, "doc": name, "dct": str(anchor), "predicted": predicted,
                "gold": wanted, "context": " ".join(context.split())}
    out = []
    for g in gold:
        hits = [p for p in pred if _hit(p, g)]
        if not hits:
            out.append(row("missed", g.start, g.end, "", g.value))
        elif not any(_same(p, g) for p in hits):
            out.append(row("value", g.start, g.end, ",".join(p.value for p in hits), g.value))
    out += [row("spurious", p.start, p.end, p.value, "") for p in pred if not any(_hit(p, g) for g in gold)]
    return out


def _norm(value: str | None) -> str:
    # Same value, different spelling: zero-padded ISO weeks ("2000-W07" = "2000-W7").
    return re.sub(r"W0(\d)\b", r"W\1", (value or "").upper().replace("T24", "T00"))


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list N errors per corpus and class")
    args = ap.parse_args(argv)
    errors: list[dict[str, str]] = []
    result = evaluate(errors)
    if args.errors:
        show_errors(errors, args.errors)
    return emit(result, args.json, show)


def show_errors(errors: list[dict[str, str]], n: int) -> None:
    counts = Counter((e["corpus"], e["class"]) for e in errors)
    for (corpus, kind), count in sorted(counts.items()):
        print(f"== {corpus} {kind}: {count}")
        for e in [e for e in errors if (e["corpus"], e["class"]) == (corpus, kind)][:n]:
            print(f"  {e['doc']} dct={e['dct']} pred={e['predicted'] or '-'} gold={e['gold'] or '-'}: {e['context']}")


def show(result: dict[str, object]) -> None:
    for name, r in result.items():
        print(f"{name}: {r['documents']} documents, gold {r['gold']}, predicted {r['predicted']}")  # type: ignore[index]
        for k in ("span", "value"):
            v = r[k]  # type: ignore[index]
            print(f"  {k:<6} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
        print(f"  value accuracy on matched spans {r['value_accuracy_on_matched']:.3f}")  # type: ignore[index]


if __name__ == "__main__":
    sys.exit(main())
