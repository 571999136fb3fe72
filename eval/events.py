"""PLOVER events against the hand-annotated dev gold (eval/data/events, rules in its GUIDELINES.md).

A predicted event matches a gold mention when their sentences are the same (one normalised text holds the
other, or they share most words), the types agree, and the modes agree (asserted with asserted). With
roles, the actor code (`actor_country`, else `actor`) must be one of the gold actor codes, and the target
one of the gold target codes; an event without a recipient must have no target, except that a mutual act
(a meeting, agreement or cooperation whose gold lists every party as actor) matches any pair of its parties.
Precision counts predicted events; recall counts gold happenings (all mentions of one happening in an
article count once, so a happening found in any of its sentences is found).

Usage: python eval/events.py [--json] [--errors N] [--misses N] [gold files]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from evalcli import emit, f1, parser
from eventgold import CORPUS, corpus_texts, load

# Mutual acts: gold lists every party as actor (PLOVER's compound actor); detente states the same act as
# pairs of parties acting toward each other, so a pair drawn from the gold actors matches.
MUTUAL = {"CONSULT", "AGREE", "COOPERATE"}


@dataclass(frozen=True)
class Pred:
    doc: str
    type: str
    mode: str
    actor: str | None
    target: str | None
    sentence: str
    trigger: str


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def same_sentence(a: str, b: str) -> bool:
    na, nb = " ".join(_words(a)), " ".join(_words(b))
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return True
    wa, wb = set(na.split()), set(nb.split())
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.7


def mode_of(event) -> str:  # type: ignore[no-untyped-def]
    return "negated" if event.negated else "hypothetical" if event.hypothetical else "asserted"


def predict(articles: list[dict], texts: dict[str, str]) -> list[Pred]:  # type: ignore[type-arg]
    from detente.extract import annotate
    from detente.extract.nlp import nlp_for
    from detente.record import Document

    nlp = nlp_for()
    ids = [a["id"] for a in articles]
    out = []
    for doc_id, parsed in zip(ids, nlp.pipe((texts[i] for i in ids), batch_size=8)):
        doc = annotate(Document(id=doc_id, source=doc_id, text=texts[doc_id]), parsed)
        out += [Pred(doc_id, e.type, mode_of(e), e.actor_country or e.actor, e.target_country or e.target,
                     e.sentence, e.trigger or "") for e in doc.events]
    return out


def roles_ok(p: Pred, g: dict) -> bool:  # type: ignore[type-arg]
    actors, targets = set(g["actor"]), set(g["target"])
    if p.actor not in actors:
        return False
    if targets:
        return p.target in targets
    return p.target is None or (g["type"] in MUTUAL and p.target in actors and p.target != p.actor)


def matches(p: Pred, g: dict, roles: bool, mode: str) -> bool:  # type: ignore[type-arg]
    if p.type != g["type"] or not same_sentence(p.sentence, g["sentence"]):
        return False
    if mode == "asserted" and (p.mode == "asserted") != (g["mode"] == "asserted"):
        return False
    return not roles or roles_ok(p, g)


def score(preds: list[Pred], gold: dict[str, list[dict]], roles: bool, mode: str) -> dict[str, float]:  # type: ignore[type-arg]
    if mode == "asserted":
        preds = [p for p in preds if p.mode == "asserted"]
        gold = {d: [g for g in gs if g["mode"] == "asserted"] for d, gs in gold.items()}
    tp = sum(any(matches(p, g, roles, mode) for g in gold.get(p.doc, [])) for p in preds)
    happenings = {(d, g["happening"]) for d, gs in gold.items() for g in gs}
    found = {(p.doc, g["happening"]) for p in preds for g in gold.get(p.doc, []) if matches(p, g, roles, mode)}
    prec = tp / len(preds) if preds else 0.0
    rec = len(found & happenings) / len(happenings) if happenings else 0.0
    return {"precision": prec, "recall": rec, "f1": f1(prec, rec), "predicted": len(preds), "gold": len(happenings)}


def per_type(preds: list[Pred], gold: dict[str, list[dict]]) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    out = {}
    types = sorted({p.type for p in preds} | {g["type"] for gs in gold.values() for g in gs})
    for t in types:
        sub_p = [p for p in preds if p.type == t]
        sub_g = {d: [g for g in gs if g["type"] == t] for d, gs in gold.items()}
        out[t] = score(sub_p, sub_g, roles=False, mode="asserted")
    return out


def confusions(preds: list[Pred], gold: dict[str, list[dict]]) -> Counter:  # type: ignore[type-arg]
    """(gold type, predicted type) for asserted predictions, NONE where the other side has nothing."""
    out: Counter = Counter()  # type: ignore[type-arg]
    for p in (p for p in preds if p.mode == "asserted"):
        here = [g for g in gold.get(p.doc, []) if same_sentence(p.sentence, g["sentence"])]
        if not any(g["type"] == p.type for g in here):
            out[(here[0]["type"] if here else "NONE", p.type)] += 1
    for d, gs in gold.items():
        for g in gs:
            if not any(p.doc == d and p.type == g["type"] and same_sentence(p.sentence, g["sentence"]) for p in preds):
                out[(g["type"], "NONE")] += 1
    return out


def evaluate(paths: list[Path] | None = None) -> tuple[dict, list[Pred], dict]:  # type: ignore[type-arg]
    articles = load(paths)
    texts = corpus_texts(CORPUS)
    gold = {a["id"]: a["events"] for a in articles}
    preds = predict(articles, texts)
    result = {
        "articles": len(articles),
        "type": score(preds, gold, roles=False, mode="asserted"),
        "type_actor_target": score(preds, gold, roles=True, mode="asserted"),
        "type_any_mode": score(preds, gold, roles=False, mode="any"),
        "per_type": per_type(preds, gold),
        "confusions": {f"{g}->{p}": n for (g, p), n in confusions(preds, gold).most_common(25)},
    }
    return result, preds, gold


def show(result: dict) -> None:  # type: ignore[type-arg]
    print(f"Event dev gold: {result['articles']} articles (asserted events unless named)")
    for name in ("type", "type_actor_target", "type_any_mode"):
        r = result[name]
        print(f"{name:<18} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
              f"(predicted {r['predicted']}, gold happenings {r['gold']})")
    print("per type (asserted):")
    for t, r in result["per_type"].items():
        print(f"  {t:<10} P {r['precision']:.2f}  R {r['recall']:.2f}  (predicted {r['predicted']}, gold {r['gold']})")
    print("confusions (gold -> predicted):", ", ".join(f"{k} {v}" for k, v in result["confusions"].items()))


def show_errors(preds: list[Pred], gold: dict, limit: int) -> None:  # type: ignore[type-arg]
    wrong = [p for p in preds if p.mode == "asserted" and not any(matches(p, g, True, "asserted") for g in gold.get(p.doc, []))]
    for p in wrong[:limit]:
        here = [f"{g['type']} {g['actor']}->{g['target']} {g['mode']}" for g in gold.get(p.doc, [])
                if same_sentence(p.sentence, g["sentence"])]
        print(f"FP {p.type} {p.actor}->{p.target} [{p.trigger}] gold: {here or 'none'}\n   {p.sentence[:220]}")


def show_misses(preds: list[Pred], gold: dict, limit: int) -> None:  # type: ignore[type-arg]
    shown = 0
    for d, gs in gold.items():
        for g in gs:
            if g["mode"] != "asserted" or any(matches(p, g, True, "asserted") for p in preds if p.doc == d):
                continue
            here = [f"{p.type} {p.actor}->{p.target} {p.mode} [{p.trigger}]" for p in preds
                    if p.doc == d and same_sentence(p.sentence, g["sentence"])]
            print(f"FN {g['type']} {g['actor']}->{g['target']} [{g['trigger']}] predicted: {here or 'none'}\n"
                  f"   {g['sentence'][:220]}")
            shown += 1
            if shown >= limit:
                return


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong asserted predictions")
    ap.add_argument("--misses", type=int, default=0, help="print up to N missed asserted gold mentions")
    ap.add_argument("gold", nargs="*", type=Path, help="gold files (default: every batch)")
    args = ap.parse_args(argv)
    result, preds, gold = evaluate(args.gold or None)
    if args.errors:
        show_errors(preds, gold, args.errors)
    if args.misses:
        show_misses(preds, gold, args.misses)
    return emit(result, args.json, show)


if __name__ == "__main__":
    sys.exit(main())
