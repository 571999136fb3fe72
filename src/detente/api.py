"""The Python API: the same verbs as the CLI (extract, ingest, report, serve)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from detente import store
from detente.fuse import fuse
from detente.pipeline import Item, Result, run, run_documents
from detente.provenance import group_duplicates
from detente.read import read_paths
from detente.settings import DEFAULT, Settings


def extract(paths: Iterable[str | Path], settings: Settings = DEFAULT,
            progress: Callable[[Item], None] | None = None) -> Result:
    """Files or folders -> cleaned, de-duplicated, extracted Documents (plus what could not be read)."""
    return run([str(p) for p in paths], settings, progress)


def ingest(paths: Iterable[str | Path], db: str | Path, settings: Settings = DEFAULT,
           progress: Callable[[Item], None] | None = None) -> dict[str, int]:
    """Extract and store. Provenance and fusion are recomputed over the whole store, so a copy ingested
    today joins the original ingested last week, and re-ingesting the same files adds nothing."""
    new = run_documents(read_paths(paths, settings), settings, progress)
    con = store.connect(db)
    try:
        existing = {d.id: d for d in store.load_documents(con)}
        added = sum(1 for d in new.documents if d.id not in existing)
        existing.update({d.id: d for d in new.documents})
        docs = list(existing.values())
        for d in docs:
            d.duplicate_of = None
            d.copy_status = "spun" if d.spin.spun else "original"
        group_duplicates(docs, settings)
        fuse(docs)
        store.write(con, docs, new.rejected)
    finally:
        con.close()
    return {"documents": len(new.documents), "added": added, "errors": len(new.rejected), "stored": len(docs)}


def report(db: str | Path, a: str, b: str, around: str | None = None, fmt: str = "html") -> str:
    from detente.answer.report import report as render

    con = store.connect(db, read_only=True)
    try:
        return render(con, a.upper() if len(a) <= 4 else a, b.upper() if len(b) <= 4 else b, around, fmt)
    finally:
        con.close()


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    import uvicorn

    from detente.answer.app import create_app

    uvicorn.run(create_app(db), host=host, port=port)

