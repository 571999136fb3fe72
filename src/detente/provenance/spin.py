"""Spun-copy detector: scores each document and names the phrases that give a machine rewrite away.

Signals, each explainable and each a feature of a logistic model trained by `tools/train_spin.py` on BBC
and TimeBank articles against copies spun by a WordNet spinner (`testing/spinner.py`), weights and
threshold in `data/spin_model.json`, measured by `eval/spin.py`:
- tell-tale swaps of fixed collocations (package data, with the phrase they most likely replaced);
- sentences that open in lower case, which spinners produce when they swap a capitalised first word;
- uncommon synonyms: words for which WordNet lists a synonym ten times as common ("doubtlessly" for
  "undoubtedly"), which also gives the likely original word;
- word log-odds: how much more often each word occurs in spun than in clean copies of the same
  articles (a naive-Bayes score learnt in training; topic words cancel out because both sides share them);
- rare words: spinners pick dictionary synonyms that news writers seldom use (wordfreq frequencies, which
  are general English, so the signal does not depend on the outlet or decade of the training articles).
Word-pair statistics from the BBC training half were tried and dropped: with 900 articles, 40-50% of the
word pairs of any unseen clean article are "new", so the signal tracked the outlet, not the spinning.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any, TypedDict

from detente import data
from detente.record import Document, Spin
from detente.settings import DEFAULT, Settings

# Sentence opening in lower case after terminal punctuation, ignoring lists, URLs and e.g./i.e.
# Only within a paragraph: corpora with stripped link text (BBC) leave lower-case paragraph openings.
# The previous word is taken whole and never given back (possessive, from a word start): otherwise a long run
# of letters and dots is re-split at every position, and 40,000 such characters took 18 s.
_LOWER_START = re.compile(r"(?<![\w.])(?P<prev>[\w.]++)(?<=[a-z0-9)][.!?]) +(?P<word>[a-z][a-z'-]+)\b")
# A period after these ends an abbreviation, not a sentence ("Acme Inc. said", "at 6 a.m. near").
_ABBREVIATIONS = frozenset("inc corp co ltd plc st ave jr sr mr mrs ms dr gen gov sen rep no vs etc".split())
_SENTENCE_END = re.compile(r"[.!?](?:\s+|\n)")
# Words that legitimately start a lower-case "sentence" (units, e.g. after abbreviations, iPhone-style names).
# Lower-case words (names excluded by their capital); apostrophes kept so "don't" stays one word.
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]*[a-z]\b")
# Zipf 3 = once per million words. Writers pick the everyday word; a spinner picks any dictionary
# synonym, and those are often rare (below 2.5: "doubtlessly") or uncommon (below 3.5: "tissues").
RARE_ZIPF = 2.5
PRIOR_WORDS = 40
PRIOR_SENTENCES = 3
UNCOMMON_ZIPF = 3.5
FUNCTION_WORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been
being have has had do does did not no this that these those it its he she they them his her their we our you
your i me my who whom which what when where why how than then there here also only very more most such so can
could will would shall should may might must said says say""".split())
_LOWER_OK = {"e", "i", "iphone", "ipad", "ebay", "km", "kg", "mph", "vs", "etc", "am", "pm", "p", "m"}


class WordStats(TypedDict):
    """`word_stats`: counts over the lower-case content words, and the rare and dominated ones as evidence."""
    content: int
    rare: list[dict[str, Any]]
    dominated: list[dict[str, Any]]
    log_odds: float
    uncommon: int
    mean_zipf: float


@lru_cache(maxsize=1)
def phrase_table() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    rows = []
    for spun, original, flag in data.rows("spin_phrases.tsv", columns=3, required=2):
        body = spun if flag == "re" else re.escape(spun)
        rows.append((re.compile(r"\b" + body + r"\b", re.I), spun, original))
    return tuple(rows)


def phrase_evidence(text: str) -> list[dict[str, Any]]:
    found = []
    for pattern, _spun, original in phrase_table():
        for m in pattern.finditer(text):
            found.append({"phrase": m.group(0), "start": m.start(), "end": m.end(),
                          "likely_original": original, "signal": "collocation_swap"})
    return sorted(found, key=lambda e: e["start"])


def lowercase_starts(text: str) -> list[dict[str, Any]]:
    hits = []
    for m in _LOWER_START.finditer(text):
        prev = m.group("prev").rstrip(".!?").lower()
        if m.group("word") not in _LOWER_OK and "." not in prev and prev not in _ABBREVIATIONS:
            hits.append({"phrase": m.group("word"), "start": m.start("word"), "end": m.end("word"),
                         "likely_original": m.group("word").capitalize(), "signal": "lowercase_sentence_start"})
    return hits


def score_text(text: str, settings: Settings = DEFAULT) -> Spin:
    phrases = phrase_evidence(text)
    lower = lowercase_starts(text)
    words = word_stats(text)
    x = features(text, phrases, lower, words)
    model = spin_model()
    z = model["bias"] + sum(w * x[name] for name, w in model["weights"].items())
    score = round(1 / (1 + math.exp(-z)), 3)
    threshold = model["threshold"] if settings.spin_threshold is None else settings.spin_threshold
    spun = score >= threshold
    evidence = phrases + (lower if len(lower) >= 2 else [])
    if spun:  # a rare word is evidence only once the document as a whole reads as spun
        evidence += (words["dominated"] + words["rare"])[:20]
    return Spin(score=score, spun=spun, evidence=sorted(evidence, key=lambda e: e["start"])[:50])


def features(text: str, phrases: list[dict[str, Any]], lower: list[dict[str, Any]], words: WordStats) -> dict[str, float]:
    """The model's inputs: rates, so long and short documents are comparable.

    Pseudo-counts of ordinary words and sentences shrink the rates of short texts toward clean: three odd
    words in a 40-word brief are weaker evidence than the same rate over a whole article.
    """
    sentences = len(_SENTENCE_END.findall(text)) + PRIOR_SENTENCES
    content = int(words["content"]) + PRIOR_WORDS
    return {
        "phrase_hits": min(3, len({str(e["phrase"]).lower() for e in phrases})),
        "lower_rate": len(lower) / sentences,
        "rare_rate": len(words["rare"]) / content,
        "uncommon_rate": float(words["uncommon"]) / content,
        "zipf_deficit": max(0.0, 5.0 - float(words["mean_zipf"])) * (content - PRIOR_WORDS) / content,
        "dominated_rate": len(words["dominated"]) / content,
        "word_log_odds": float(words["log_odds"]) / content,
    }


def word_stats(text: str, odds: dict[str, float] | None = None) -> WordStats:
    """How ordinary the lower-case content words are, by general English frequency (wordfreq Zipf scale)."""
    from wordfreq import zipf_frequency

    matches = [m for m in _LOWER_WORD.finditer(text) if m.group(0) not in FUNCTION_WORDS]
    zipf = {w: zipf_frequency(w, "en") for w in {m.group(0) for m in matches}}
    values = [zipf[m.group(0)] for m in matches]
    rare = [{"phrase": m.group(0), "start": m.start(), "end": m.end(), "likely_original": None,
             "signal": "rare_word"} for m in matches if zipf[m.group(0)] < RARE_ZIPF]
    odds = word_odds() if odds is None else odds
    table = dominated_words()
    dominated = [{"phrase": m.group(0), "start": m.start(), "end": m.end(), "signal": "uncommon_synonym",
                  "likely_original": table.get(m.group(0)) or table.get(m.group(0).removesuffix("s"))}
                 for m in matches if m.group(0) in table or m.group(0).removesuffix("s") in table]
    return {"content": len(values), "rare": rare, "dominated": dominated,
            "log_odds": sum(odds.get(m.group(0), 0.0) for m in matches), "uncommon": sum(v < UNCOMMON_ZIPF for v in values),
            "mean_zipf": sum(values) / len(values) if values else 5.0}


@lru_cache(maxsize=1)
def dominated_words() -> dict[str, str]:
    """Words with a far more common WordNet synonym (built by tools/train_spin.py), mapped to that synonym."""
    return {w: syn for w, syn, _gap in data.rows("spin_dominated.tsv", columns=3)}


@lru_cache(maxsize=1)
def word_odds() -> dict[str, float]:
    """Per-word log-odds of a spun copy, learnt by tools/train_spin.py."""
    return {w: float(v) for w, v in data.rows("spin_word_odds.tsv", columns=2)}


@lru_cache(maxsize=1)
def spin_model() -> dict[str, Any]:
    return json.loads(data.text("spin_model.json"))


def detect_spin(doc: Document, settings: Settings = DEFAULT) -> Document:
    # The signals are English word statistics; on other languages every word would look "rare".
    if doc.language in (None, "en"):
        doc.spin = score_text(doc.text, settings)
    return doc
