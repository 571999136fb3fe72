"""Spin detector: AUC and F1 on held-apart clean vs WordNet-spun BBC articles, false flags on clean news
from other outlets and decades, and the two seeds.

The detector was fitted on the BBC and TimeBank train halves (tools/train_spin.py); everything here is
the test halves (split by id/file-name hash) or text it never saw (Zyte pages, the seeds). Usage: python eval/spin.py [--json]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from evalcli import emit, f1, parser

from detente.provenance.spin import score_text, spin_model
from detente.testing.spincorpus import bbc_texts, spun_copies, timebank_texts

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def auc(neg: list[float], pos: list[float]) -> float:
    """Probability that a spun copy outscores a clean article (Mann-Whitney, ties count half)."""
    ranked = sorted([(s, 0) for s in neg] + [(s, 1) for s in pos])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        rank_sum += sum(label for _, label in ranked[i:j]) * (i + j + 1) / 2
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def f1_at(neg: list[float], pos: list[float], threshold: float) -> dict[str, float]:
    tp = sum(s >= threshold for s in pos)
    fp = sum(s >= threshold for s in neg)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / len(pos)
    return {"precision": precision, "recall": recall, "f1": f1(precision, recall)}


def zyte_english() -> list[str]:
    import py3langid

    truth = json.loads((SHARED / "eval-dev" / "article-extraction" / "ground-truth.json").read_text())
    return [t["articleBody"] for t in truth.values() if py3langid.classify(t["articleBody"])[0] == "en"]


def scores(texts: list[str]) -> list[float]:
    return [score_text(t).score for t in texts]


def seed_scores() -> dict[str, float]:
    from detente.clean import clean
    from detente.read import read_paths

    docs = [clean(d) for d in read_paths([str(SHARED / "seeds")])]
    return {Path(d.source).name: score_text(d.text).score for d in docs}  # type: ignore[union-attr]


def evaluate() -> dict[str, object]:
    threshold = spin_model()["threshold"]
    clean_texts = bbc_texts(SHARED / "corpus" / "bbc-2005-dev.jsonl", "test")
    clean = scores(clean_texts)
    spun = scores(list(spun_copies(clean_texts, seed=7)))
    wire_texts = timebank_texts(SHARED / "eval-dev" / "timeml", "test")
    wire = scores(wire_texts)
    wire_spun = scores(list(spun_copies(wire_texts, seed=11)))
    web = scores(zyte_english())
    return {
        "threshold": threshold, "bbc_test_docs": len(clean), "auc": auc(clean, spun),
        **f1_at(clean, spun, threshold),
        "bbc_clean_flag_rate": sum(s >= threshold for s in clean) / len(clean),
        "timebank_docs": len(wire), "timebank_clean_flag_rate": sum(s >= threshold for s in wire) / len(wire),
        "timebank_spun_recall": sum(s >= threshold for s in wire_spun) / len(wire_spun),
        "zyte_en_docs": len(web), "zyte_clean_flag_rate": sum(s >= threshold for s in web) / len(web),
        "seeds": seed_scores(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__).parse_args(argv)
    return emit(evaluate(), args.json)


if __name__ == "__main__":
    sys.exit(main())
