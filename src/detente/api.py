"""The Python API: the same verbs as the CLI (extract, ingest, report, serve)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from detente import store
from detente.pipeline import Item, Result, cross_document, process, run
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
    new = process(read_paths(paths, settings), settings, progress)
    con = store.connect(db)
    try:
        existing = {d.id: d for d in store.load_documents(con)}
        added = sum(1 for d in new.documents if d.id not in existing)
        existing.update({d.id: d for d in new.documents})
        docs = cross_document(list(existing.values()), settings)
        store.write(con, docs, new.rejected)
    finally:
        con.close()
    return {"documents": len(new.documents), "added": added, "errors": len(new.rejected), "stored": len(docs)}


def report(db: str | Path, a: str, b: str, around: str | None = None, fmt: str = "html") -> str:
    from detente.answer.dyad import actor_code
    from detente.answer.report import report as render

    con = store.connect(db, read_only=True)
    try:
        return render(con, actor_code(a), actor_code(b), around, fmt)
    finally:
        con.close()


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    import uvicorn

    from detente.answer.app import create_app

    uvicorn.run(create_app(db), host=host, port=port)

