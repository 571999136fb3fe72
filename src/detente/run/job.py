"""The shard job, neutral to where it runs: the per-document steps over one shard, written to Parquet, then a
completion marker. An executor (`run/local.py`, `run/ray_exec.py`) only decides which process runs which
shard; what a shard yields, and how it is read back into the store, is decided here once.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from detente.limits import unexpected
from detente.pipeline import Item, per_document
from detente.read import read_paths
from detente.record import Document, Rejected, path_name
from detente.run.shards import Manifest, Shard, atomic_write, mark_done
from detente.settings import DEFAULT, Settings

# One row per input in the order read, a document (its record) or an error row (code and reason): the order
# lets the parts of a split file be interleaved back into the order one process would have read them in.
ITEMS_SCHEMA = pa.schema([("source", pa.string()), ("code", pa.string()), ("reason", pa.string()),
                          ("record", pa.string())])


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
    return _finish(work, shard, list[Item](errors))


def _process_shard(shard: Shard, work: Path, settings: Settings) -> dict[str, int]:
    items = (item for i, item in enumerate(read_paths(shard.files, settings)) if i % shard.parts == shard.part)
    return _finish(work, shard, list(per_document(items, settings)))


def _finish(work: Path, shard: Shard, items: list[Item]) -> dict[str, int]:
    rows = [{"source": i.source, "code": i.code, "reason": i.reason, "record": None} if isinstance(i, Rejected)
            else {"source": i.source, "code": None, "reason": None, "record": json.dumps(i.to_dict())} for i in items]
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows, schema=ITEMS_SCHEMA), sink)
    atomic_write(work / "shards" / f"{shard.id}.parquet", sink.getvalue().to_pybytes())
    documents = sum(isinstance(i, Document) for i in items)
    counts = {"documents": documents, "errors": len(items) - documents}
    mark_done(work, shard, counts)
    return counts


def outputs(work: Path, manifest: Manifest) -> Iterator[Item]:
    """Everything the shards of a finished run produced, in the order one process would have read it, then
    the entries the folder walk did not read: the stream the store is written from, whichever executor ran."""
    for parts in manifest.in_read_order():
        tables = [pq.read_table(work / "shards" / f"{s.id}.parquet").to_pylist() for s in parts]
        for j in range(max(map(len, tables), default=0)):
            yield from (_item(t[j]) for t in tables if j < len(t))
    yield from manifest.skipped


def _item(row: dict[str, str | None]) -> Item:
    if row["record"] is None:
        return Rejected(str(row["source"]), str(row["code"]), str(row["reason"]))
    return Document.from_dict(json.loads(row["record"]))
