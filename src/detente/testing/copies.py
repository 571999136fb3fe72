"""Derived copies of clean articles, as content farms and aggregators make them: for the dedup eval,
benchmark and tests. Each maker takes the text and a random source and returns the copy."""
from __future__ import annotations

import random
from collections.abc import Callable

from detente.testing.spinner import SpinConfig, spin

PLEAS = ("Enjoying this article? Click here to subscribe for full access. Just $5 a month.",
         "Support our journalism: become a member today.")
PITCHES = ("Sign up for our daily newsletter to get the latest news in your inbox.",
           "Get the latest updates right in your inbox. Subscribe to our newsletter.")
FOOTERS = ("3 Comments", "Leave a reply", "Share on Facebook | Twitter | Email",
           "Copyright 2005 Example Media. All rights reserved.", "More World News")
OUTLETS = ("Big News Network", "World Wire Daily", "The Global Digest", "NewsNow Aggregator")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def truncated(text: str, rng: random.Random) -> str:
    """An excerpt: the first half or so of the paragraphs, as teaser pages carry."""
    paras = _paragraphs(text)
    return "\n\n".join(paras[: max(2, int(len(paras) * rng.uniform(0.45, 0.7)))])


def reheaded(text: str, rng: random.Random) -> str:
    """An aggregator repost: its own date, the outlet, a cut title line, then the article."""
    paras = _paragraphs(text)
    # Reposts come after the original: a date later than any article in the test corpora.
    date = f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, March {rng.randint(1, 28)}, 2025"
    return "\n\n".join([date, paras[0][:60] + " ...", rng.choice(OUTLETS)] + paras)


def wrapped(text: str, rng: random.Random) -> str:
    """A blog copy: a plea inside the text, a newsletter pitch and comment/share widgets after it."""
    paras = _paragraphs(text)
    paras.insert(max(1, len(paras) // 2), rng.choice(PLEAS))
    return "\n\n".join(paras + [rng.choice(PITCHES)] + rng.sample(FOOTERS, 2))


def updated(text: str, rng: random.Random) -> str:
    """A later version of the story: the same text with a new paragraph at the end."""
    extra = rng.choice(("Officials declined to comment further on Tuesday.",
                        "This story has been updated with a statement from the ministry, which said talks "
                        "would continue next week and that no decision had yet been taken."))
    return text + "\n\n" + extra


def spun(text: str, rng: random.Random) -> str:
    """A content-farm rewrite: synonym swaps over a third of the content words."""
    return spin(text, SpinConfig(rate=rng.uniform(0.2, 0.4), keep_case=rng.random() < 0.5,
                                 seed=rng.randrange(1 << 30)))


MAKERS: dict[str, Callable[[str, random.Random], str]] = {
    "truncated": truncated, "reheaded": reheaded, "wrapped": wrapped, "updated": updated, "spun": spun}
