"""Fit the spin detector on BBC + TimeBank train-half articles vs copies spun with WordNet synonyms.

Writes src/detente/data/spin_model.json (weights, threshold), spin_word_odds.tsv (word log-odds) and
spin_dominated.tsv (words with a far more common synonym). Needs `pip install .[train]` and WordNet
(`apt-get install wordnet-base`). Usage: python tools/train_spin.py [--corpus ../shared/corpus/bbc-2005-dev.jsonl]
"""
from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from detente.provenance import spin as spinmod
from detente.testing.spincorpus import bbc_texts, spun_copies, timebank_texts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "detente" / "data"
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-2005-dev.jsonl"
# Clean documents flagged in training may not exceed this share: a false accusation of spinning costs an
# analyst a good source, so the threshold favours precision.
MAX_CLEAN_FLAG_RATE = 0.005


# A word counts as "dominated" when WordNet lists a synonym at least this much more frequent (Zipf points:
# 1.0 = ten times as common) and itself everyday: a writer would normally have used that synonym.
DOMINATED_GAP = 1.0
EVERYDAY_ZIPF = 3.5


def write_dominated() -> int:
    """data/spin_dominated.tsv: word -> the far more common synonym a writer would likely have used."""
    from wordfreq import zipf_frequency

    from detente.testing.spinner import synonyms

    rows = []
    for word, options in sorted(synonyms().items()):
        if " " in word or not word.isalpha():
            continue
        own = zipf_frequency(word, "en")
        best = max(options, key=lambda o: zipf_frequency(o, "en"))
        gap = zipf_frequency(best, "en") - own
        if gap >= DOMINATED_GAP and zipf_frequency(best, "en") >= EVERYDAY_ZIPF:
            rows.append(f"{word}\t{best}\t{gap:.1f}")
    header = ("# Derived from WordNet 3.0 (Princeton University; licence: https://wordnet.princeton.edu/license-and-"
              "commercial-use) with wordfreq frequencies by tools/train_spin.py.\n# word\tcommon synonym\tZipf gap\n")
    (DATA / "spin_dominated.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    spinmod.dominated_words.cache_clear()
    return len(rows)


# Word log-odds (spun vs clean) are kept for words seen this often, and only when this far from even:
# rarer words are noise, near-even words (topic words, which both classes share) carry nothing. Only
# spin-side words are kept: clean-side ones are the BBC's own vocabulary and penalised other outlets.
MIN_COUNT = 3
MIN_LOG_ODDS = 1.5
FOLDS = 2


def log_odds(clean: list[str], spun: list[str]) -> dict[str, float]:
    """Per-word log-odds of appearing in a spun rather than a clean copy of the same articles."""
    def counts(texts: list[str]) -> Counter:
        return Counter(m.group(0) for t in texts for m in spinmod._LOWER_WORD.finditer(t)
                       if m.group(0) not in spinmod.FUNCTION_WORDS)

    c, s = counts(clean), counts(spun)
    nc, ns = sum(c.values()), sum(s.values())
    table = {}
    for word in set(c) | set(s):
        if c[word] + s[word] >= MIN_COUNT:
            value = math.log((s[word] + 0.5) / ns) - math.log((c[word] + 0.5) / nc)
            if value >= MIN_LOG_ODDS:
                table[word] = round(value, 2)
    return table


def feature_rows(clean: list[str], spun: list[str]) -> list[dict[str, float]]:
    """Features with the word log-odds cross-fitted: a table learnt from a text must not score that text."""
    texts = clean + spun
    rows: list[dict[str, float] | None] = [None] * len(texts)
    for fold in range(FOLDS):
        keep = [i % FOLDS != fold for i in range(len(clean))]
        table = log_odds([t for t, k in zip(clean, keep) if k], [t for t, k in zip(spun, keep) if k])
        for i, t in enumerate(texts):
            if (i % len(clean)) % FOLDS == fold:
                rows[i] = spinmod.features(t, spinmod.phrase_evidence(t), spinmod.lowercase_starts(t),
                                           spinmod.word_stats(t, table))
    return rows  # type: ignore[return-value]


def write_log_odds(table: dict[str, float]) -> None:
    lines = [f"{w}\t{v}" for w, v in sorted(table.items())]
    header = "# Word log-odds, spun vs clean copies of BBC train-half articles (tools/train_spin.py).\n"
    (DATA / "spin_word_odds.tsv").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    spinmod.word_odds.cache_clear()


def choose_threshold(clean: list[float], spun: list[float]) -> float:
    allowed = int(len(clean) * MAX_CLEAN_FLAG_RATE)
    return round(sorted(clean, reverse=True)[allowed] + 1e-3, 3)


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--timeml", type=Path, default=CORPUS.parents[1] / "eval-dev" / "timeml")
    args = ap.parse_args()
    n_dominated = write_dominated()
    clean = bbc_texts(args.corpus, "train") + timebank_texts(args.timeml, "train")
    spun = list(spun_copies(clean, seed=1))
    rows = feature_rows(clean, spun)
    write_log_odds(log_odds(clean, spun))
    names = sorted(rows[0])
    X = [[r[n] for n in names] for r in rows]
    y = [0] * len(clean) + [1] * len(spun)
    lr = LogisticRegression(C=10.0, max_iter=1000).fit(X, y)
    probs = lr.predict_proba(X)[:, 1]
    threshold = choose_threshold(list(probs[: len(clean)]), list(probs[len(clean):]))
    model = {"weights": dict(zip(names, map(float, lr.coef_[0]))), "bias": float(lr.intercept_[0]),
             "threshold": threshold, "trained_on": f"{len(clean)} BBC + TimeBank train-half articles + {len(spun)} WordNet spins",
             "dominated_words": n_dominated}
    (DATA / "spin_model.json").write_text(json.dumps(model, indent=1) + "\n")
    print(json.dumps(model, indent=1))


if __name__ == "__main__":
    main()
