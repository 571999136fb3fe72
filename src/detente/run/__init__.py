"""Executors: the same per-document pipeline over shards, in this process, a local process pool or Ray."""
from detente.run.local import run_local
from detente.run.shards import Manifest, plan

__all__ = ["Manifest", "plan", "run_local"]
