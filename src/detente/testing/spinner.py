"""A WordNet synonym spinner: makes spun training and test copies from clean articles.

Content farms run articles through "spinners" that swap words for dictionary synonyms without regard to
sense ("cold war" -> "bloodless battle"). We imitate one to train and measure the detector without any
hub data: WordNet 3.0 as Debian ships it (`apt-get install wordnet-base`, files in /usr/share/wordnet),
read directly. Only the training tool and the evals need this; detection itself does not.
"""
from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detente.errors import message
from detente.provenance.spin import FUNCTION_WORDS

WORDNET_DIRS = (os.environ.get("WORDNET_DIR", ""), "/usr/share/wordnet", "/usr/local/share/wordnet")
_POS = ("noun", "verb", "adj", "adv")
_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)?")
@dataclass(frozen=True)
class SpinConfig:
    rate: float = 0.3  # share of content words swapped
    keep_case: bool = True  # False imitates spinners that lower-case a swapped sentence opener
    seed: int = 0


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """lemma -> synonyms from every synset of every part of speech (sense-blind, as spinners are)."""
    root = next((Path(d) for d in WORDNET_DIRS if d and (Path(d) / "data.noun").exists()), None)
    if root is None:
        raise FileNotFoundError(message("E013"))
    table: dict[str, set[str]] = {}
    for pos in _POS:
        for words in _synsets(root / f"data.{pos}"):
            for w in words:
                table.setdefault(w, set()).update(x for x in words if x != w)
    return {w: tuple(sorted(s)) for w, s in table.items() if s}


def _synsets(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):  # licence header lines start with two spaces
                continue
            parts = line.split(" ", 4 + 2 * 60)
            count = int(parts[3], 16)
            words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).replace("_", " ").lower() for i in range(count)]
            yield words


def _inflect(word: str) -> list[str]:
    """Candidate lemmas of an inflected word, most likely first (a crude stemmer is all a spinner has)."""
    out = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + repl)
    return out


def _swap(word: str, rng: random.Random, table: dict[str, tuple[str, ...]], keep_case: bool) -> str | None:
    lower = word.lower()
    for lemma in _inflect(lower):
        options = table.get(lemma)
        if options:
            choice = rng.choice(options)
            if lemma != lower and lower.endswith("s") and " " not in choice:
                choice += "s"
            return choice.capitalize() if keep_case and word[0].isupper() else choice
    return None


def spin(text: str, config: SpinConfig = SpinConfig()) -> str:
    """Return `text` with about `config.rate` of its content words swapped for WordNet synonyms."""
    table = synonyms()
    rng = random.Random(config.seed)

    def replace(m: re.Match[str]) -> str:
        word = m.group(0)
        # Capitalised words mid-sentence are names; a spinner that swaps them is trivially caught.
        mid_name = word[0].isupper() and m.start() > 0 and text[max(0, m.start() - 2): m.start()].strip() not in ".!?\n"
        if word.lower() in FUNCTION_WORDS or mid_name or rng.random() >= config.rate:
            return word
        return _swap(word, rng, table, config.keep_case) or word

    return _WORD.sub(replace, text)
