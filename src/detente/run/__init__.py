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
from detente.run.shards import Manifest, done, plan
from detente.settings import Settings

EXECUTORS = ("local", "ray")


def run_shards(paths: list[str], work: Path, settings: Settings, engine: str = "local", workers: int = 0,
               address: str = "local", progress: Callable[[dict[str, int]], None] | None = None) -> Manifest:
    """Plan `paths` into shards under `work` (reusing a plan for the same inputs), run every unfinished shard
    with the named executor, and retry alone each shard it did not finish. Returns the manifest."""
    manifest = plan(paths, work)
    todo = [s for s in manifest.shards if not done(work, s)]
    workers = workers or os.cpu_count() or 1
    if engine == "local":
        map_local(todo, work, settings, workers, progress)
    elif engine == "ray":
        if importlib.util.find_spec("ray") is None:
            raise ValueError(message("E016"))
        from detente.run.ray_exec import map_ray

        map_ray(todo, work, settings, workers, progress, address)
    else:
        raise ValueError(f"unknown engine {engine!r}: inline, {', '.join(EXECUTORS)}")
    # A worker that died (killed by the kernel, a crash in native code) takes every shard still queued with
    # it: those run again each alone, so only the shard that kills its worker again is recorded as failed.
    for shard in (s for s in todo if not done(work, s)):
        run_alone(shard, work, settings, progress)
    return manifest


__all__ = ["EXECUTORS", "Manifest", "outputs", "plan", "run_shards"]
