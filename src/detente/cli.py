"""A thin typer CLI over the library: every command has an example in its help."""
from __future__ import annotations

import csv
import json
import logging
import sys
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

import detente
from detente.errors import NOTICES, message
from detente.read import iter_paths

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="detente: news articles in, a cited evidence base of international relations out.")
console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"detente {version('detente')}")
        raise typer.Exit()


@app.callback()
def main(_: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                help="Print the version and exit.")) -> None:
    """detente: news articles in, a cited evidence base of international relations out."""


def sample_path() -> Path:
    return Path(str(resources.files("detente.data").joinpath("sample")))


def _progress(paths: list[str]):  # type: ignore[no-untyped-def]
    total = sum(1 for _ in iter_paths(paths))
    prog = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} items"),
                    TimeElapsedColumn(), console=console, transient=True)
    task = prog.add_task("extracting", total=total or None)
    return prog, (lambda item: prog.advance(task))


def _inputs(paths: list[str] | None, sample: bool) -> list[str]:
    if sample or not paths:
        if not sample:
            raise typer.BadParameter("give files or folders, or --sample for the bundled sample articles")
        return [str(sample_path())]
    return paths


@app.command()
def extract(paths: list[str] = typer.Argument(None, help="Files or folders (text, HTML, JSONL, WARC, gzip)."),
            output: Path = typer.Option(None, "-o", "--output", help="Write here; .jsonl, .csv or .parquet."),
            sample: bool = typer.Option(False, help="Use the bundled sample articles."),
            fmt: str = typer.Option(None, "--format", help="jsonl, csv or parquet (default: from -o suffix)."),
            engine: str = typer.Option("inline", help="inline (this process), local (process pool over shards) "
                                                      "or ray (Ray Data); local/ray write shards to the -o folder."),
            workers: int = typer.Option(0, help="Worker processes for local/ray (default: the cores)."),
            address: str = typer.Option("local", help="Ray cluster: `local` starts one here, `auto` joins one.")) -> None:
    """Extract documents to JSON lines (one object per document), CSV or Parquet; or, with --engine, to a
    folder of Parquet shards, a manifest and a DuckDB file, resumable after a crash.

    Example: detente extract ../shared/seeds/ -o seeds.jsonl
    """
    inputs = _inputs(paths, sample)
    if engine != "inline":
        with _busy_store():
            _run_engine(inputs, output, engine, workers, address)
        return
    _log_to(Path(f"{output}.log") if output else None)
    prog, tick = _progress(inputs)
    with prog:
        result = detente.extract(inputs, progress=tick)
    rows = [d.to_dict() for d in result.documents]
    kind = fmt or (output.suffix.lstrip(".") if output else "jsonl")
    _write(rows, output, kind)
    for r in result.rejected:
        console.print(f"[yellow]{'skipped' if r.code in NOTICES else 'failed'}[/] {escape(r.source)}: {escape(r.reason)}")
    failed = sum(r.code not in NOTICES for r in result.rejected)
    console.print(f"{len(rows)} documents, {failed} failed, {len(result.rejected) - failed} skipped")
    _exit_for(failed)


@contextmanager
def _busy_store():  # type: ignore[no-untyped-def]
    """A store another process kept locked past the wait is one line and exit status 5, not a traceback."""
    from detente.store import StoreBusy

    try:
        yield
    except StoreBusy as exc:
        console.print(str(exc))
        raise typer.Exit(5) from None


def _exit_for(failed: int) -> None:
    """Exit status 1 says the run finished but some inputs are error rows; 0 that every input was stored
    or accounted for by a notice (a copy of a stored document, a file of another format in a folder)."""
    if failed:
        raise typer.Exit(1)


def _log_to(path: Path | None) -> None:
    """Tracebacks of inputs that failed unexpectedly (E017) go to this file, or to stderr."""
    handler = logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.getLogger("detente").addHandler(handler)


def _run_engine(inputs: list[str], output: Path | None, engine: str, workers: int, address: str) -> None:
    if output is None or output.suffix:
        raise typer.BadParameter("with --engine, -o names an output folder (shards, manifest, detente.duckdb)")
    output.mkdir(parents=True, exist_ok=True)
    _log_to(output / "detente.log")
    if engine == "local":
        from detente.run import run_local

        with _shard_progress(inputs, output) as tick:
            stats = run_local(inputs, output, workers or None, progress=tick)
    elif engine == "ray":
        try:
            from detente.run.ray_exec import run_ray
        except ImportError as exc:
            raise typer.BadParameter(message("E016")) from exc
        stats = run_ray(inputs, output, workers or 2, address)
    else:
        raise typer.BadParameter(f"unknown engine {engine!r}: inline, local or ray")
    console.print(f"{stats['documents']} documents, {stats['failed']} failed, {stats['skipped']} skipped, "
                  f"{stats['shards_run']} of {stats['shards']} shards run; store: {output / 'detente.duckdb'}")
    _exit_for(stats["failed"])


@contextmanager
def _shard_progress(inputs: list[str], output: Path):  # type: ignore[no-untyped-def]
    """Shards done of those to run, documents so far, documents/s and an ETA from the shard rate."""
    from rich.progress import MofNCompleteColumn, TimeRemainingColumn

    from detente.run.shards import done, plan

    todo = sum(not done(output, s) for s in plan(inputs, output).shards)
    prog = Progress(TextColumn("shards"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[docs]} docs"),
                    TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=console, transient=True)
    task = prog.add_task("run", total=todo, docs=0, rate=0.0)
    start = time.monotonic()

    def tick(counts: dict[str, int]) -> None:
        docs = prog.tasks[0].fields["docs"] + counts["documents"]
        prog.update(task, advance=1, docs=docs, rate=docs / max(time.monotonic() - start, 1e-6))

    with prog:
        yield tick


def _write(rows: list[dict], output: Path | None, kind: str) -> None:  # type: ignore[type-arg]
    from detente.answer.security import csv_cell

    if kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        flat = [{k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()} for r in rows]
        pq.write_table(pa.Table.from_pylist(flat), output or "documents.parquet")
        return
    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if kind == "csv":
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["id"])
            writer.writeheader()
            for r in rows:
                writer.writerow({k: csv_cell(json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
        else:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if output:
            fh.close()


@app.command()
def ingest(paths: list[str] = typer.Argument(None, help="Files or folders to add."),
           db: Path = typer.Option(Path("news.duckdb"), help="DuckDB file (created if missing)."),
           sample: bool = typer.Option(False, help="Use the bundled sample articles."),
           reread: bool = typer.Option(False, help="Read inputs already stored again (after editing them)."),
           max_memory_mb: int = typer.Option(0, help="Cap this process's resident memory; 0 = no cap."),
           wait: float = typer.Option(60.0, help="Seconds to wait for a store another process is using.")) -> None:
    """Extract and store into a DuckDB file; re-running adds nothing twice and resumes a killed run.
    Exit status: 0 all inputs stored or accounted for, 1 some inputs failed (see the errors table and
    DB.log), 4 stopped at the memory cap, 5 the store stayed locked by another process.

    Example: detente ingest ../shared/seeds/ --db news.duckdb
    """
    from detente.limits import MemoryCapExceeded, stopped_by_cap

    inputs = _inputs(paths, sample)
    _log_to(Path(f"{db}.log"))
    prog, tick = _progress(inputs)
    try:
        with prog, _busy_store():
            stats = detente.ingest(inputs, db, detente.Settings(max_memory_mb=max_memory_mb, lock_wait_seconds=wait), progress=tick,
                                   reread=reread)
    except (MemoryCapExceeded, Exception) as exc:
        if not stopped_by_cap(exc):
            raise
        console.print(message("E023", limit_mb=max_memory_mb))
        raise typer.Exit(4) from None
    console.print(f"{stats['documents']} documents read, {stats['added']} new, {stats['failed']} failed, "
                  f"{stats['skipped']} skipped, {stats['stored']} in {db}")
    _exit_for(stats["failed"])


@app.command()
def check(db: Path = typer.Option(Path("news.duckdb"), help="DuckDB file made by `detente ingest`.")) -> None:
    """Check a store's integrity (no orphan rows, no duplicates, rows agree with records); exit 1 if not.

    Example: detente check --db news.duckdb
    """
    if not db.exists():
        raise typer.BadParameter(f"[E012] {db} does not exist. Run `detente ingest PATH --db {db}` first.")
    with _busy_store():
        problems = detente.check(db)
    for p in problems:
        console.print(f"[red]problem[/] {p}")
    console.print("ok" if not problems else f"{len(problems)} problems")
    raise typer.Exit(1 if problems else 0)


@app.command()
def report(db: Path = typer.Option(Path("news.duckdb"), help="DuckDB file made by `detente ingest`."),
           dyad: tuple[str, str] = typer.Option(..., help="Two actors: ISO codes (RUS PRK), EU, UN or a person."),
           around: str = typer.Option(None, help="Anchor date for before/after (YYYY, YYYY-MM or YYYY-MM-DD)."),
           output: Path = typer.Option(None, "-o", "--output", help="Write here; .html, .md or .json by suffix."),
           officials: bool = typer.Option(True, help="Count a state's officials as the state (RUS = Putin too)."),
           ) -> None:
    """Write a dyad report: timeline, cooperation/conflict index, before/after, quotes and numbers, all cited.

    Example: detente report --db news.duckdb --dyad RUS PRK --around 2019-04-25 -o report.html
    """
    if not db.exists():
        raise typer.BadParameter(f"[E012] {db} does not exist. Run `detente ingest PATH --db {db}` first.")
    fmt = {".json": "json", ".md": "md"}.get(output.suffix if output else "", "html")
    from detente.answer.dyad import UnknownActor

    try:
        with _busy_store(), console.status("building the report"):
            text = detente.report(db, dyad[0], dyad[1], around, fmt, officials)
    except UnknownActor as exc:
        raise typer.BadParameter(str(exc), param_hint="--dyad") from None
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@app.command()
def serve(db: Path = typer.Option(Path("news.duckdb"), help="DuckDB file made by `detente ingest`."),
          host: str = typer.Option("127.0.0.1", help="Interface to bind; local only by default."),
          port: int = typer.Option(8765, help="Port."),
          token: str = typer.Option(None, help="Access token; required (random if not given) when --host "
                                               "is not loopback. Also read from $DETENTE_TOKEN.")) -> None:
    """Browse the store in a local web app (search, dyads, events, documents).

    Example: detente serve --db news.duckdb
    """
    try:
        detente.serve(db, host, port, token, announce=console.print)
    except ValueError as exc:  # a token too short: refused before anything listens
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def demo(out: Path = typer.Option(Path("detente-demo"), help="Folder for the database and report.")) -> None:
    """Run the whole job on the bundled sample articles and write a RUS/PRK report.

    Example: detente demo --out detente-demo
    """
    out.mkdir(parents=True, exist_ok=True)
    stats = detente.ingest([str(sample_path())], out / "sample.duckdb")
    (out / "report.html").write_text(detente.report(out / "sample.duckdb", "RUS", "PRK", "2019-04-25"), encoding="utf-8")
    console.print(f"{stats['stored']} documents stored; report: {out / 'report.html'}")


if __name__ == "__main__":
    app()
