"""Ray Data executor (`pip install detente[ray]`): the same shards and per-document stages as the local
executor, as a Ray Data dataset of shards mapped by a pool of actors (one spaCy model each).

The cross-document stages then run on the driver over the shards' output, as in the local executor;
moving them into Ray Data groupbys is future work (docs/scaling.md).
"""
from __future__ import annotations

from pathlib import Path

from detente.limits import log
from detente.run.local import merge, process_shard, run_alone
from detente.run.shards import Manifest, done, plan
from detente.settings import DEFAULT, Settings


class _ShardWorker:
    """One per Ray actor: the model loads once, then shards stream through it."""

    def __init__(self, out: str, settings: Settings) -> None:
        from detente.extract.nlp import nlp_for

        nlp_for(settings)
        self.out, self.settings = Path(out), settings
        # Shards travel by id: file names that are not UTF-8 cannot pass through Arrow, the manifest keeps them.
        self.shards = {s.id: s for s in Manifest.load(self.out).shards}

    def __call__(self, batch: dict) -> dict:  # type: ignore[type-arg]
        counts = [process_shard(self.shards[i], self.out, self.settings) for i in batch["id"]]
        return {"id": list(batch["id"]), "documents": [c["documents"] for c in counts],
                "errors": [c["errors"] for c in counts]}


def run_ray(paths: list[str], out: Path, workers: int = 2, address: str = "local",
            settings: Settings = DEFAULT) -> dict[str, int]:
    import ray

    if not ray.is_initialized():
        if address == "local":
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    manifest = plan(paths, out)
    todo = [{"id": s.id} for s in manifest.shards if not done(out, s)]
    if todo:
        ds = ray.data.from_items(todo, override_num_blocks=len(todo))
        try:
            ds.map_batches(_ShardWorker, fn_constructor_args=(str(out), settings), batch_size=1,
                           concurrency=workers, num_cpus=1).materialize()
        except Exception:  # noqa: BLE001 - an actor that died ends the dataset; its shards are retried below
            log.exception("the Ray dataset failed; unfinished shards are retried one by one")
    # Each shard the cluster did not finish runs alone in a local worker process: one that kills its worker
    # again is recorded as failed, input by input, and the run goes on.
    for shard in (s for s in manifest.shards if not done(out, s)):
        run_alone(shard, out, settings)
    return merge(out, manifest, settings) | {"shards": len(manifest.shards), "shards_run": len(todo)}
