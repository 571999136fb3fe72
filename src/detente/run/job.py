"""The shard job, neutral to where it runs: the per-document steps over one shard, written to Parquet, then a
completion marker. An executor (`run/local.py`, `run/ray_exec.py`) only decides which process runs which
shard; what a shard yields, and how it is read back into the store, is decided here once.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from detente.limits import unexpected
from detente.pipeline import Item, per_document
from detente.read import read_paths
from detente.record import Document, Rejected, path_name
from detente.run.shards import Manifest, Shard, atomic_write, mark_done, stored
from detente.settings import DEFAULT, Settings

# One row per input, a document (its record) or an error row (code and reason), with its place in the
# shard's files as read: the parts of a split file are merged back into the order one process reads them.
ITEMS_SCHEMA = pa.schema([("position", pa.int64()), ("source", pa.string()), ("code", pa.string()),
                          ("reason", pa.string()), ("record", pa.string())])


def process_shard(shard: Shard, work: Path, settings: Settings = DEFAULT) -> dict[str, int]:
    """Run the per-document steps over one shard and write its output, then its marker.

    One BLAS thread per worker: the executor's parallelism is its processes, and a model that also
    spreads over every core makes N workers fight over the same cores.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        try:
            return _process_shard(shard, work, settings)
        except Exception as exc:  # noqa: BLE001 - inputs are contained one by one; this is the last resort
            return fail_shard(shard, work, exc)


def fail_shard(shard: Shard, work: Path, exc: BaseException) -> dict[str, int]:
    """Every input of a shard that could not be finished becomes an error row, so the run can go on and
    account for them (a worker that died, or a failure outside any one input)."""
    errors = [unexpected(path_name(f) + (f"#part{shard.part}" if shard.parts > 1 else ""), "Processing the shard", exc)
              for f in shard.files]
    return _finish(work, shard, list(range(len(errors))), list[Item](errors))


def _process_shard(shard: Shard, work: Path, settings: Settings) -> dict[str, int]:
    """The shard's part of its files, without the inputs the store already holds (`stored.json`)."""
    skip = stored(work)
    positions: list[int] = []

    def mine() -> Iterator[Item]:
        for i, item in enumerate(read_paths(shard.files, settings)):
            if i % shard.parts == shard.part and item.source not in skip:
                positions.append(i)
                yield item

    # per_document yields one item for each item it is given, in order, so positions pair with its output
    items = list(per_document(mine(), settings))
    return _finish(work, shard, positions, items)


def _finish(work: Path, shard: Shard, positions: list[int], items: list[Item]) -> dict[str, int]:
    rows = [_row(i) | {"position": at} for at, i in zip(positions, items)]
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows, schema=ITEMS_SCHEMA), sink)
    atomic_write(work / "shards" / f"{shard.id}.parquet", sink.getvalue().to_pybytes())
    documents = sum(isinstance(i, Document) for i in items)
    counts = {"documents": documents, "errors": len(items) - documents}
    mark_done(work, shard, counts)
    return counts


def _row(item: Item) -> dict[str, str | None]:
    if isinstance(item, Rejected):
        return {"source": item.source, "code": item.code, "reason": item.reason, "record": None}
    return {"source": item.source, "code": None, "reason": None, "record": json.dumps(item.to_dict())}


def outputs(work: Path, manifest: Manifest) -> Iterator[Item]:
    """Everything the shards of a finished run produced, in the order one process would have read it, then
    the entries the folder walk did not read: the stream the store is written from, whichever executor ran."""
    for parts in manifest.in_read_order():
        rows = [r for s in parts for r in pq.read_table(work / "shards" / f"{s.id}.parquet").to_pylist()]
        yield from (_item(r) for r in sorted(rows, key=lambda r: r["position"]))
    yield from manifest.skipped


def _item(row: dict[str, Any]) -> Item:
    if row["record"] is None:
        return Rejected(str(row["source"]), str(row["code"]), str(row["reason"]))
    return Document.from_dict(json.loads(row["record"]))
