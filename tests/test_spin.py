"""Spin detector and the WordNet spinner that trains it."""
from __future__ import annotations

from collections import Counter

import pytest

from detente.provenance.spin import score_text, word_stats
from detente.testing.spinner import SpinConfig, spin

from .conftest import bbc_articles


@pytest.fixture(scope="module")
def articles() -> list[str]:
    return [a["text"] for a in bbc_articles(40) if len(a["text"]) > 1500][:20]


def test_spinner_swaps_about_the_asked_share_and_is_repeatable(articles: list[str]) -> None:
    text = articles[0]
    light, heavy = spin(text, SpinConfig(rate=0.1, seed=3)), spin(text, SpinConfig(rate=0.5, seed=3))
    # Words of the original no longer in the copy (multi-word synonyms shift positions, so no zip).
    changed = lambda a: sum((Counter(text.split()) - Counter(a.split())).values())  # noqa: E731
    assert 0 < changed(light) < changed(heavy)
    assert spin(text, SpinConfig(rate=0.5, seed=3)) == heavy


def test_spun_copies_flagged_and_originals_not(articles: list[str]) -> None:
    clean = [score_text(t) for t in articles]
    spun = [score_text(spin(t, SpinConfig(rate=0.35, seed=i))) for i, t in enumerate(articles)]
    assert sum(s.spun for s in clean) <= 1
    assert sum(s.spun for s in spun) >= len(spun) - 2
    assert min(s.score for s in spun) > max(s.score for s in clean) - 0.5


def test_evidence_names_swapped_words_and_their_likely_original() -> None:
    text = ("The minister said the talks were doubtlessly useful. He added that the ascendance of the party "
            "was evident, and the stiff would recover its fiscal footing.") * 3
    found = {e["phrase"]: e for e in word_stats(text)["dominated"]}  # type: ignore[union-attr]
    assert found["doubtlessly"]["likely_original"] == "undoubtedly"
    assert found["ascendance"]["signal"] == "uncommon_synonym"


def test_short_text_is_not_flagged_on_a_single_odd_word() -> None:
    assert not score_text("Officials said the meeting was doubtlessly productive.").spun
