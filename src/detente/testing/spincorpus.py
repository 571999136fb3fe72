"""Clean vs spun document sets shared by the spin trainer and its eval, split so they never overlap."""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from detente.testing.spinner import SpinConfig, spin


def half(doc_id: str) -> str:
    """'train' or 'test', fixed by the id's hash, so the split never depends on file order."""
    return "train" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "test"


def bbc_texts(path: Path, split: str) -> list[str]:
    rows = (json.loads(line) for line in path.open(encoding="utf-8") if line.strip())
    return [r["text"] for r in rows if half(str(r["id"])) == split]


def timebank_texts(root: Path, split: str) -> list[str]:
    """Clean 1990s US wire news (TimeBank + AQUAINT <TEXT>): another outlet mix and decade than the BBC."""
    out = []
    for path in sorted(root.rglob("*.tml")):
        if half(path.name) != split:
            continue
        m = re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8", errors="replace"), re.S)
        if m:
            out.append(re.sub(r"<[^>]+>", "", m.group(1)).strip())
    return out


def spun_copies(texts: list[str], seed: int) -> Iterator[str]:
    """One spun copy per text, with a spin rate and casing drawn per copy: light spins are the hard case.
    Rates of 15-50% of content words span what spinning tools offer (their light to heavy settings)."""
    rng = random.Random(seed)
    for text in texts:
        yield spin(text, SpinConfig(rate=rng.uniform(0.15, 0.5), keep_case=rng.random() < 0.5,
                                    seed=rng.randrange(1 << 30)))
