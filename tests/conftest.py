from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import detente

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "src" / "detente" / "data" / "sample"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpus" / "bbc-2005-dev.jsonl"
FIXTURES = Path(__file__).parent / "fixtures"

# Hostile-input tests build folders 1,000 deep and remove them themselves; one interrupted midway leaves
# one behind, and pytest's own clean-up of old temporary folders recurses once per level.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))


@pytest.fixture(scope="session")
def seeds() -> dict[str, detente.Document]:
    result = detente.extract([SEEDS])
    return {Path(d.source).name[:3]: d for d in result.documents}


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("db") / "seeds.duckdb"
    detente.ingest([SEEDS], db)
    return db


def bbc_articles(n: int | None = None) -> list[dict]:  # type: ignore[type-arg]
    path = BBC if BBC.exists() else FIXTURES / "bbc-sample.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:n] if n else rows
