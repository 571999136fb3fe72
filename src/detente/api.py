"""The Python API: the same verbs as the CLI (extract, ingest, report, serve). One run path: per-document steps
(in this process, or as shards on a local pool or Ray), written to a store a batch at a time, then the
cross-document steps over the store. `extract` is that run into a temporary store.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from detente import store
from detente.errors import NOTICES
from detente.limits import cap_memory, stopped_by_cap, unexpected
from detente.pipeline import Item, batches, claim_id, claimable_ids, cross_document, per_document
from detente.read import read_paths
from detente.record import Document, Rejected
from detente.run import EXECUTORS
from detente.settings import DEFAULT, Settings
from detente.store.recompute import Progress

# Engines: "inline" (this process) and every executor of run/ by name.
ENGINES = ("inline", *EXECUTORS)


@dataclass
class Result:
    documents: list[Document] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def extract(paths: Iterable[str | Path], settings: Settings = DEFAULT, progress: Progress | None = None,
            engine: str = "inline", workers: int = 0, address: str = "local") -> Result:
    """Files or folders -> cleaned, de-duplicated, extracted Documents in the order read, plus the inputs
    that could not be read. The same run as `ingest`, into a temporary store."""
    with tempfile.TemporaryDirectory(prefix="detente-") as tmp:
        db = Path(tmp) / "extract.duckdb"
        order: list[str] = []
        ingest(paths, db, settings, progress, engine=engine, workers=workers, address=address, order=order)
        with store.opened(db, read_only=True) as con:
            docs = {d.id: d for d in store.load_documents(con)}
            rejected = [Rejected(*r) for r in con.execute("SELECT source, code, reason FROM errors").fetchall()]
    rank = {source: i for i, source in enumerate(order)}
    rejected.sort(key=lambda r: rank.get(r.source, len(rank)))
    return Result([docs[i] for i in dict.fromkeys(order) if i in docs], rejected)


def ingest(paths: Iterable[str | Path], db: str | Path, settings: Settings = DEFAULT,
           progress: Progress | None = None, reread: bool = False, engine: str = "inline", workers: int = 0,
           address: str = "local", work: str | Path | None = None, order: list[str] | None = None) -> dict[str, int]:
    """Extract and store, a transaction per batch, skipping inputs already stored (so a killed run resumes
    where it stopped), then relate the new documents to the stored ones: a copy ingested today joins the
    original ingested last week, and re-ingesting the same files adds nothing.

    `engine`: "inline" runs the per-document steps in this process; "local" (a process pool of `workers`,
    default the cores) and "ray" (Ray Data; `address` "local", "auto" or a cluster) run them as shards in
    `work` (default DB.work), which a killed run resumes from. The store is opened only to write each batch,
    so `detente serve` can read it in between. Counts: `failed` inputs are error rows, `skipped` ones are
    notices (a duplicate, a file of another format)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: {', '.join(ENGINES)}")
    cap_memory(settings.max_memory_mb * 2**20)
    mem = settings.max_memory_mb // 2
    folder = Path(work or f"{db}.work")
    if reread:
        shutil.rmtree(folder, ignore_errors=True)  # a reread reads every input again, not the last run's shards
    with store.opened(db, wait_seconds=settings.lock_wait_seconds, memory_limit_mb=mem) as con:
        done = set() if reread else store.done_sources(con)
    stats = {"documents": 0, "added": 0, "errors": 0, "failed": 0, "skipped": 0, "shards": 0}
    items = _items([str(p) for p in paths], folder, done, settings, progress, engine, workers, address, stats)
    known: dict[str, tuple[str, str]] = {}  # id -> (source, text digest): this run's and the batch's stored ids
    for batch in batches(items, settings.write_batch):
        with store.opened(db, wait_seconds=settings.lock_wait_seconds, memory_limit_mb=mem) as con:
            known |= store.stored_ids(con, [i for d in batch if isinstance(d, Document) for i in claimable_ids(d)])
            before = set(known)
            batch = [claim_id(item, known) if isinstance(item, Document) else item for item in batch]
            docs, rejected = _write_contained(con, [d for d in batch if isinstance(d, Document)],
                                              [r for r in batch if isinstance(r, Rejected)])
        _count(stats, docs, rejected, before)
        if order is not None:
            order += [i.id if isinstance(i, Document) else i.source for i in batch]
    with store.opened(db, wait_seconds=settings.lock_wait_seconds, memory_limit_mb=mem) as con:
        stats["related"] = cross_document(con, settings, progress=progress)
        stats["stored"] = store.count(con)
        # A stored text rewritten in place keeps its old words in the BM25 index until a rebuild.
        store.index_text(con, force=stats["documents"] > stats["added"])
    if engine != "inline":
        shutil.rmtree(folder, ignore_errors=True)  # stored and related: the next run plans its inputs afresh
    return stats


def _items(paths: list[str], work: Path, done: set[str], settings: Settings, progress: Progress | None, engine: str,
           workers: int, address: str, stats: dict[str, int]) -> Iterator[Item]:
    """The per-document steps' output for the inputs not stored yet, from this process or from the shards an
    executor finished (each shard job skips the stored inputs too, before extracting them)."""
    if engine == "inline":
        tick = (lambda _item: progress("reading", 1, None)) if progress else None
        fresh = (item for item in read_paths(paths, settings) if item.source not in done)
        yield from per_document(fresh, settings, tick)
        return
    from detente.run import outputs, plan, run_shards
    from detente.run.shards import done as finished
    from detente.run.shards import write_done

    manifest = plan(paths, work)
    stats["shards"] = len(manifest.shards)
    write_done(work, done)
    todo = [s for s in manifest.shards if not finished(work, s)]
    shard_tick = (lambda _counts: progress("shards", 1, len(todo))) if progress else None
    run_shards(todo, work, settings, engine, workers, address, shard_tick)
    yield from (item for item in outputs(work, manifest) if item.source not in done)


def _write_contained(con: duckdb.DuckDBPyConnection, docs: list[Document], rejected: list[Rejected]) -> tuple[list[Document], list[Rejected]]:
    """One transaction for the batch; if the database refuses it, each document alone, so that one
    document it cannot take becomes that document's error row and the rest are stored."""
    try:
        store.write(con, docs, rejected)
        return docs, rejected
    except Exception as exc:  # noqa: BLE001 - the storing boundary: found out per document below
        if stopped_by_cap(exc):
            raise
        kept: list[Document] = []
        for doc in docs:
            try:
                store.write(con, [doc])
                kept.append(doc)
            except Exception as exc:  # noqa: BLE001
                if stopped_by_cap(exc):
                    raise
                rejected.append(unexpected(doc.source, "Storing", exc))
        store.write(con, [], rejected)
        return kept, rejected


def _count(stats: dict[str, int], docs: list[Document], rejected: list[Rejected], known: set[str]) -> None:
    stats["documents"] += len(docs)
    stats["added"] += sum(d.id not in known for d in docs)
    stats["errors"] += len(rejected)
    stats["skipped"] += sum(r.code in NOTICES for r in rejected)
    stats["failed"] += sum(r.code not in NOTICES for r in rejected)


def check(db: str | Path) -> list[str]:
    """Integrity problems of a store (empty when it is sound)."""
    with store.opened(db, read_only=True) as con:
        return store.check(con)


def report(db: str | Path, a: str, b: str, around: str | None = None, fmt: str = "html",
           officials: bool = True) -> str:
    """The dyad report as html, md or json; `officials=False` counts only the states themselves."""
    from detente.answer.dyad import actor_code, check_actors
    from detente.answer.report import report as render

    with store.opened(db, read_only=True) as con:
        check_actors(con, actor_code(a), actor_code(b))
        return render(con, actor_code(a), actor_code(b), around, fmt, officials)


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8765, token: str | None = None,
          announce: Callable[[str], None] = print) -> None:
    """Serve the web app. Beyond loopback it requires a token (given, $DETENTE_TOKEN, or a random one) of
    at least 16 characters."""
    import os
    import secrets

    import uvicorn

    from detente.answer.app import create_app
    from detente.answer.security import ANY_HOST, LOOPBACK, WILDCARD

    if host not in LOOPBACK:
        token = token or os.environ.get("DETENTE_TOKEN") or secrets.token_urlsafe(24)
    # Bound to every interface, the app is reached by names and addresses no list here can foresee; the
    # token guards it there (a page that points its own name at this machine knows no token, and the
    # cookie is never sent to that name). Bound to one address, it answers to that address and loopback.
    app = create_app(db, token=token, allowed_hosts=[ANY_HOST] if host in WILDCARD else [host])
    shown = "localhost" if host in LOOPBACK else f"[{host}]" if ":" in host else host
    announce(f"detente at http://{shown}:{port}/" + (f"?token={token}" if token else ""))
    uvicorn.run(app, host=host, port=port, log_level="warning")
