"""Ray Data executor (`pip install detente[ray]`): shards as a Ray Data dataset mapped by a pool of actors
(one spaCy model each). `address="local"` starts a Ray instance here; `auto` or `ray://...` joins a cluster.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from detente.limits import log
from detente.run.job import process_shard
from detente.run.shards import Manifest, Shard
from detente.settings import Settings


class _ShardWorker:
    """One per Ray actor: the model loads once, then shards stream through it."""

    def __init__(self, work: str, settings: Settings) -> None:
        from detente.extract.nlp import nlp_for

        nlp_for(settings)
        self.work, self.settings = Path(work), settings
        # Shards travel by id: file names that are not UTF-8 cannot pass through Arrow, the manifest keeps them.
        self.shards = {s.id: s for s in Manifest.load(self.work).shards}

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        counts = [process_shard(self.shards[i], self.work, self.settings) for i in batch["id"]]
        return {"id": list(batch["id"]), "documents": [c["documents"] for c in counts],
                "errors": [c["errors"] for c in counts]}


def map_ray(shards: list[Shard], work: Path, settings: Settings, workers: int,
            progress: Callable[[dict[str, int]], None] | None = None, address: str = "local") -> None:
    """Run each shard's job on a Ray actor. Shards the cluster does not finish (an actor that died ends the
    dataset) are left without their marker, for the caller to retry alone."""
    import ray

    if not ray.is_initialized():
        if address == "local":
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    if not shards:
        return
    ds = ray.data.from_items([{"id": s.id} for s in shards], override_num_blocks=len(shards))
    try:
        for row in ds.map_batches(_ShardWorker, fn_constructor_args=(str(work), settings), batch_size=1,
                                  concurrency=workers, num_cpus=1).iter_rows():
            if progress:
                progress({"documents": int(row["documents"]), "errors": int(row["errors"])})
    except Exception:  # noqa: BLE001 - an actor that died ends the dataset; its shards are retried alone
        log.exception("the Ray dataset failed; unfinished shards are retried one by one")
