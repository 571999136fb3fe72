"""Local executor: shards processed by a pool of worker processes (one spaCy model each, `nlp.pipe`
batching inside), then the cross-document stages and the DuckDB store over all shards' output."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from detente import store
from detente.pipeline import cross_document, process_stream
from detente.read import read_paths
from detente.record import Document, Rejected
from detente.run.shards import Shard, atomic_write, done, mark_done, plan
from detente.settings import DEFAULT, Settings

DOCS_SCHEMA = pa.schema([("id", pa.string()), ("source", pa.string()), ("record", pa.string())])
ERRORS_SCHEMA = pa.schema([("source", pa.string()), ("code", pa.string()), ("reason", pa.string())])


def process_shard(shard: Shard, out: Path, settings: Settings = DEFAULT) -> dict[str, int]:
    """Run the per-document stages over one shard and write its Parquet output, then its marker.

    One BLAS thread per worker: the executor's parallelism is its processes, and a model that also
    spreads over every core makes N workers fight over the same cores.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _process_shard(shard, out, settings)


def _process_shard(shard: Shard, out: Path, settings: Settings) -> dict[str, int]:
    docs, errors = [], []
    items = (item for i, item in enumerate(read_paths(shard.files, settings)) if i % shard.parts == shard.part)
    for item in process_stream(items, settings):
        if isinstance(item, Rejected):
            errors.append({"source": item.source, "code": item.code, "reason": item.reason})
        else:
            docs.append({"id": item.id, "source": item.source, "record": json.dumps(item.to_dict())})
    for name, rows, schema in (("docs", docs, DOCS_SCHEMA), ("errors", errors, ERRORS_SCHEMA)):
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
        atomic_write(out / "shards" / f"{shard.id}.{name}.parquet", sink.getvalue().to_pybytes())
    counts = {"documents": len(docs), "errors": len(errors)}
    mark_done(out, shard, counts)
    return counts


def run_local(paths: list[str], out: Path, workers: int | None = None, settings: Settings = DEFAULT,
              progress: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
    """Process every unfinished shard in a pool of `workers` processes (default: the cores), then merge."""
    manifest = plan(paths, out)
    todo = [s for s in manifest.shards if not done(out, s)]
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for shard in todo:
            _report(progress, process_shard(shard, out, settings))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(process_shard, s, out, settings) for s in todo]
            for f in as_completed(futures):
                _report(progress, f.result())
    return merge(out, settings) | {"shards": len(manifest.shards), "shards_run": len(todo)}


def _report(progress: Callable[[dict[str, int]], None] | None, counts: dict[str, int]) -> None:
    if progress:
        progress(counts)


def merge(out: Path, settings: Settings = DEFAULT) -> dict[str, int]:
    """Cross-document stages over all shards, written to `out/detente.duckdb` in batches.

    Provenance and fusion need every document's summary and events at once: this step holds the
    documents of the run in memory (see docs/scaling.md for the per-document sizes).
    """
    docs: list[Document] = []
    errors: list[Rejected] = []
    for path in sorted((out / "shards").glob("*.docs.parquet")):
        docs += [Document.from_dict(json.loads(r)) for r in pq.read_table(path, columns=["record"])["record"].to_pylist()]
    for path in sorted((out / "shards").glob("*.errors.parquet")):
        errors += [Rejected(**r) for r in pq.read_table(path).to_pylist()]
    docs = _unique(docs)
    cross_document(docs, settings)
    db = out / "detente.duckdb"
    if db.exists():
        db.unlink()  # rebuilt from the shards each time: the shards are the run's durable state
    con = store.connect(db)
    try:
        for i in range(0, len(docs), 1000):
            store.write(con, docs[i:i + 1000])
        store.write(con, [], errors)
        store.index_text(con)
    finally:
        con.close()
    return {"documents": len(docs), "errors": len(errors)}


def _unique(docs: list[Document]) -> list[Document]:
    seen: dict[str, Document] = {}
    for d in sorted(docs, key=lambda d: (d.id, d.source)):
        seen.setdefault(d.id, d)
    return list(seen.values())
