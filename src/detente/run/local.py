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
from detente.errors import NOTICES
from detente.limits import unexpected
from detente.pipeline import claim_id, cross_document, process_stream
from detente.read import read_paths
from detente.record import Document, Rejected, path_name
from detente.run.shards import Manifest, Shard, atomic_write, done, mark_done, plan
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
        try:
            return _process_shard(shard, out, settings)
        except Exception as exc:  # noqa: BLE001 - inputs are contained one by one; this is the last resort
            return fail_shard(shard, out, exc)


def fail_shard(shard: Shard, out: Path, exc: BaseException) -> dict[str, int]:
    """Every input of a shard that could not be finished becomes an error row, so the run can go on and
    account for them (a worker that died, or a failure outside any one input)."""
    errors = [unexpected(path_name(f) + (f"#part{shard.part}" if shard.parts > 1 else ""), "Processing the shard", exc)
              for f in shard.files]
    _write_shard(out, shard, [], [{"source": r.source, "code": r.code, "reason": r.reason} for r in errors])
    counts = {"documents": 0, "errors": len(errors)}
    mark_done(out, shard, counts)
    return counts


def _process_shard(shard: Shard, out: Path, settings: Settings) -> dict[str, int]:
    docs, errors = [], []
    items = (item for i, item in enumerate(read_paths(shard.files, settings)) if i % shard.parts == shard.part)
    for item in process_stream(items, settings):
        if isinstance(item, Rejected):
            errors.append({"source": item.source, "code": item.code, "reason": item.reason})
        else:
            docs.append({"id": item.id, "source": item.source, "record": json.dumps(item.to_dict())})
    _write_shard(out, shard, docs, errors)
    counts = {"documents": len(docs), "errors": len(errors)}
    mark_done(out, shard, counts)
    return counts


def _write_shard(out: Path, shard: Shard, docs: list[dict[str, str]], errors: list[dict[str, str]]) -> None:
    for name, rows, schema in (("docs", docs, DOCS_SCHEMA), ("errors", errors, ERRORS_SCHEMA)):
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
        atomic_write(out / "shards" / f"{shard.id}.{name}.parquet", sink.getvalue().to_pybytes())


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
        _pool(todo, out, settings, workers, progress)
        # A worker that died (killed by the kernel, a crash in native code) breaks the pool and every shard
        # still in it: those are retried each in a pool of its own, so only the shard that kills its
        # worker again is recorded as failed.
        for shard in (s for s in todo if not done(out, s)):
            run_alone(shard, out, settings, progress)
    return merge(out, manifest, settings) | {"shards": len(manifest.shards), "shards_run": len(todo)}


def run_alone(shard: Shard, out: Path, settings: Settings,
              progress: Callable[[dict[str, int]], None] | None = None) -> None:
    _pool([shard], out, settings, 1, progress)


def _pool(shards: list[Shard], out: Path, settings: Settings, workers: int,
          progress: Callable[[dict[str, int]], None] | None) -> None:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(process_shard, s, out, settings): s for s in shards}
        for f in as_completed(futures):
            try:
                _report(progress, f.result())
            except Exception as exc:  # noqa: BLE001 - a broken pool; retried alone before being recorded
                if len(shards) == 1:
                    _report(progress, fail_shard(futures[f], out, exc))


def _report(progress: Callable[[dict[str, int]], None] | None, counts: dict[str, int]) -> None:
    if progress:
        progress(counts)


def merge(out: Path, manifest: Manifest, settings: Settings = DEFAULT) -> dict[str, int]:
    """Cross-document stages over all shards, written to `out/detente.duckdb` in batches.

    Provenance and fusion need every document's summary and events at once: this step holds the
    documents of the run in memory (see docs/scaling.md for the per-document sizes).
    """
    docs: list[Document] = []
    for path in sorted((out / "shards").glob("*.docs.parquet")):
        docs += [Document.from_dict(json.loads(r)) for r in pq.read_table(path, columns=["record"])["record"].to_pylist()]
    errors: list[Rejected] = list(manifest.skipped)
    for path in sorted((out / "shards").glob("*.errors.parquet")):
        errors += [Rejected(**r) for r in pq.read_table(path).to_pylist()]
    docs = _unique(docs, errors)
    cross_document(docs, settings)
    db = out / "detente.duckdb"
    if db.exists():
        db.unlink()  # rebuilt from the shards each time: the shards are the run's durable state
    with store.opened(db, wait_seconds=settings.lock_wait_seconds) as con:
        for i in range(0, len(docs), 1000):
            store.write(con, docs[i:i + 1000])
        store.write(con, [], errors)
        store.index_text(con)
    failed = sum(r.code not in NOTICES for r in errors)
    return {"documents": len(docs), "errors": len(errors), "failed": failed, "skipped": len(errors) - failed}


def _unique(docs: list[Document], errors: list[Rejected]) -> list[Document]:
    """Each document once, as a single-process ingest would keep it: a copy of another input's content is
    an E015 row, a feed id shared by different content gives way to the content hash."""
    known: dict[str, tuple[str, str]] = {}
    unique: list[Document] = []
    for d in {(d.id, d.source): d for d in sorted(docs, key=lambda d: (d.id, d.source))}.values():
        kept = claim_id(d, known)
        (unique if isinstance(kept, Document) else errors).append(kept)  # type: ignore[arg-type]
    return unique
