"""The Python API: the same verbs as the CLI (extract, ingest, report, serve)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from detente import store
from detente.errors import NOTICES
from detente.limits import cap_memory, stopped_by_cap, unexpected
from detente.pipeline import Item, Result, batches, claim_id, cross_document, process_stream, run
from detente.read import read_paths
from detente.record import Document, Rejected
from detente.settings import DEFAULT, Settings


def extract(paths: Iterable[str | Path], settings: Settings = DEFAULT,
            progress: Callable[[Item], None] | None = None) -> Result:
    """Files or folders -> cleaned, de-duplicated, extracted Documents (plus what could not be read)."""
    return run([str(p) for p in paths], settings, progress)


def ingest(paths: Iterable[str | Path], db: str | Path, settings: Settings = DEFAULT,
           progress: Callable[[Item], None] | None = None, reread: bool = False) -> dict[str, int]:
    """Extract and store, a transaction per batch, skipping inputs already stored (so a killed run resumes
    where it stopped). Provenance and fusion are then recomputed over the whole store, so a copy ingested
    today joins the original ingested last week, and re-ingesting the same files adds nothing.

    The store is opened only to write each batch, so `detente serve` can read it in between. Counts:
    `failed` inputs are error rows, `skipped` ones are notices (a duplicate, a file of another format)."""
    cap_memory(settings.max_memory_mb * 2**20)
    mem = settings.max_memory_mb // 2
    with store.opened(db, wait_seconds=settings.lock_wait_seconds, memory_limit_mb=mem) as con:
        done = set() if reread else store.done_sources(con)
        known = {i: (src, digest) for i, src, digest in
                 con.execute("SELECT id, source, md5(text) FROM documents").fetchall()}
    fresh = (item for item in read_paths(paths, settings) if item.source not in done)
    stats = {"documents": 0, "added": 0, "errors": 0, "failed": 0, "skipped": 0}
    for batch in batches(process_stream(fresh, settings, progress), settings.write_batch):
        before = set(known)
        batch = [claim_id(item, known) if isinstance(item, Document) else item for item in batch]
        docs = [d for d in batch if isinstance(d, Document)]
        rejected = [r for r in batch if isinstance(r, Rejected)]
        with store.opened(db, wait_seconds=settings.lock_wait_seconds, memory_limit_mb=mem) as con:
            docs, rejected = _write_contained(con, docs, rejected)
        _count(stats, docs, rejected, before)
    with store.opened(db, wait_seconds=settings.lock_wait_seconds, memory_limit_mb=mem) as con:
        docs = cross_document(store.load_documents(con), settings)
        store.write(con, docs)
        store.index_text(con)
    return stats | {"stored": len(docs)}


def _write_contained(con, docs: list[Document], rejected: list[Rejected]) -> tuple[list[Document], list[Rejected]]:  # type: ignore[no-untyped-def]
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
