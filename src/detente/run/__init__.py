"""Executors: the same shard job (`run/job.py`) mapped over shards by a local process pool or Ray Data.

An executor is registered here by name; it takes the shards still to run and returns when each has its
completion marker or has failed. Everything else (planning, retrying, writing the store) is the caller's.
"""
from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

from detente.errors import message
from detente.run.job import outputs
from detente.run.local import map_local, run_alone
from detente.run.shards import Manifest, Shard, done, plan
from detente.settings import Settings

Executor = Callable[[list[Shard], Path, Settings, int, "Progress | None", str], None]
Progress = Callable[[dict[str, int]], None]


def _ray(shards: list[Shard], work: Path, settings: Settings, workers: int, progress: Progress | None,
         address: str) -> None:
    if importlib.util.find_spec("ray") is None:
        raise ValueError(message("E016"))
    from detente.run.ray_exec import map_ray

    map_ray(shards, work, settings, workers, progress, address)


# Each executor maps the shard job over the shards it is given (see docs/architecture.md to add one).
EXECUTORS: dict[str, Executor] = {"local": map_local, "ray": _ray}


def run_shards(todo: list[Shard], work: Path, settings: Settings, engine: str = "local", workers: int = 0,
               address: str = "local", progress: Progress | None = None) -> None:
    """Run the unfinished shards of a plan (`plan`) with the named executor, and retry alone each shard it
    did not finish."""
    EXECUTORS[engine](todo, work, settings, workers or os.cpu_count() or 1, progress, address)
    # A worker that died (killed by the kernel, a crash in native code) takes every shard still queued with
    # it: those run again each alone, so only the shard that kills its worker again is recorded as failed.
    for shard in (s for s in todo if not done(work, s)):
        run_alone(shard, work, settings, progress)


__all__ = ["EXECUTORS", "Manifest", "outputs", "plan", "run_shards"]
