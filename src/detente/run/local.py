"""Local executor: shards mapped over a pool of worker processes (one spaCy model each)."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from detente.run.job import fail_shard, process_shard
from detente.run.shards import Shard
from detente.settings import Settings

Progress = Callable[[dict[str, int]], None]


def map_local(shards: list[Shard], work: Path, settings: Settings, workers: int, progress: Progress | None = None,
              address: str = "") -> None:
    """Run each shard's job in a pool of `workers` processes (in this process when there is one worker)."""
    if workers == 1:
        for shard in shards:
            _report(progress, process_shard(shard, work, settings))
        return
    _pool(shards, work, settings, workers, progress)


def run_alone(shard: Shard, work: Path, settings: Settings, progress: Progress | None = None) -> None:
    """One shard in a pool of its own: a shard whose worker dies again is recorded as failed, input by input."""
    _pool([shard], work, settings, 1, progress)


def _pool(shards: list[Shard], work: Path, settings: Settings, workers: int, progress: Progress | None) -> None:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(process_shard, s, work, settings): s for s in shards}
        for f in as_completed(futures):
            try:
                _report(progress, f.result())
            except Exception as exc:  # noqa: BLE001 - a broken pool; its shards are retried alone by the caller
                if len(shards) == 1:
                    _report(progress, fail_shard(futures[f], work, exc))


def _report(progress: Progress | None, counts: dict[str, int]) -> None:
    if progress:
        progress(counts)
