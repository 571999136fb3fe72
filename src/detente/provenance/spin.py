"""Spun-copy detector: names the phrases that give a machine-rewritten copy away.

Two signals, both explainable: (1) tell-tale swaps of fixed collocations (package data, with the phrase
they most likely replaced); (2) sentences that open in lower case, which synonym spinners produce when
they swap a capitalised first word and which edited news almost never has.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

from detente.record import Document, Spin
from detente.settings import DEFAULT, Settings

# Sentence opening in lower case after terminal punctuation, ignoring lists, URLs and e.g./i.e.
# Only within a paragraph: corpora with stripped link text (BBC) leave lower-case paragraph openings.
_LOWER_START = re.compile(r"(?<=[a-z0-9)][.!?]) +(?P<word>[a-z][a-z'-]+)\b")
_SENTENCE_END = re.compile(r"[.!?](?:\s+|\n)")
# Words that legitimately start a lower-case "sentence" (units, e.g. after abbreviations, iPhone-style names).
_LOWER_OK = {"e", "i", "iphone", "ipad", "ebay", "km", "kg", "mph", "vs", "etc", "am", "pm", "p", "m"}


@lru_cache(maxsize=1)
def phrase_table() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    text = resources.files("detente.data").joinpath("spin_phrases.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spun, original, *flags = line.split("\t")
        body = spun if flags and flags[0] == "re" else re.escape(spun)
        rows.append((re.compile(r"\b" + body + r"\b", re.I), spun, original))
    return tuple(rows)


def phrase_evidence(text: str) -> list[dict[str, object]]:
    found = []
    for pattern, spun, original in phrase_table():
        for m in pattern.finditer(text):
            found.append({"phrase": m.group(0), "start": m.start(), "end": m.end(),
                          "likely_original": original, "signal": "collocation_swap"})
    return sorted(found, key=lambda e: e["start"])  # type: ignore[arg-type,return-value]


def lowercase_starts(text: str) -> list[dict[str, object]]:
    hits = []
    for m in _LOWER_START.finditer(text):
        if m.group("word") not in _LOWER_OK:
            hits.append({"phrase": m.group("word"), "start": m.start("word"), "end": m.end("word"),
                         "likely_original": m.group("word").capitalize(), "signal": "lowercase_sentence_start"})
    return hits


def score_text(text: str, settings: Settings = DEFAULT) -> Spin:
    phrases = phrase_evidence(text)
    lower = lowercase_starts(text)
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    distinct = len({str(e["phrase"]).lower() for e in phrases})
    # Log-odds style sum: each distinct swapped collocation is strong evidence; a high share of lower-case
    # sentence starts is moderate evidence. Calibrated so one stray hit stays under the threshold.
    z = -2.0 + 1.2 * distinct + 12.0 * (len(lower) / sentences)
    score = round(1 / (1 + math.exp(-z)), 3)
    spun = score >= settings.spin_threshold
    evidence = phrases + (lower if len(lower) >= 2 else [])
    return Spin(score=score, spun=spun, evidence=evidence[:50])


def detect_spin(doc: Document, settings: Settings = DEFAULT) -> Document:
    doc.spin = score_text(doc.text, settings)
    return doc
