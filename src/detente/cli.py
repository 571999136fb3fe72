"""A thin typer CLI over the library: every command has an example in its help."""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

import detente
from detente.errors import NOTICES, message

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


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int | None], None]]:
    """One bar per step of a run (inputs read, shards finished, documents related), made when it starts."""
    from rich.progress import MofNCompleteColumn

    prog = Progress(TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)
    tasks: dict[str, TaskID] = {}

    def tick(step: str, n: int, total: int | None) -> None:
        if step not in tasks:
            tasks[step] = prog.add_task(step, total=total)
        prog.update(tasks[step], advance=n, total=total)

    with prog:
        yield tick


def _inputs(paths: list[str] | None, sample: bool) -> list[str]:
    if sample or not paths:
        if not sample:
            raise typer.BadParameter("give files or folders, or --sample for the bundled sample articles")
        return [str(sample_path())]
    return paths


ENGINE_HELP = "inline (this process), local (a process pool over shards) or ray (Ray Data over shards)."
WORKERS_HELP = "Worker processes for local/ray (default: the cores)."
ADDRESS_HELP = "Ray cluster: `local` starts one here, `auto` joins one."


@app.command()
def extract(paths: list[str] = typer.Argument(None, help="Files or folders (text, HTML, JSONL, WARC, gzip)."),
            output: Path = typer.Option(None, "-o", "--output", help="Write here; .jsonl, .csv or .parquet."),
            sample: bool = typer.Option(False, help="Use the bundled sample articles."),
            fmt: str = typer.Option(None, "--format", help="jsonl, csv or parquet (default: from -o suffix)."),
            engine: str = typer.Option("inline", help=ENGINE_HELP),
            workers: int = typer.Option(0, help=WORKERS_HELP),
            address: str = typer.Option("local", help=ADDRESS_HELP)) -> None:
    """Extract documents to JSON lines (one object per document), CSV or Parquet, without keeping a store.
    Exit status: 0 all inputs read or accounted for, 1 some inputs failed, 2 usage.

    Example: detente extract ../shared/seeds/ -o seeds.jsonl
    """
    inputs = _inputs(paths, sample)
    _log_to(Path(f"{output}.log") if output else None)
    with _progress() as tick, _usage_errors():
        result = detente.extract(inputs, progress=tick, engine=engine, workers=workers, address=address)
    rows = [d.to_dict() for d in result.documents]
    _write(rows, output, fmt or (output.suffix.lstrip(".") if output else "jsonl"))
    for r in result.rejected:
        console.print(f"[yellow]{'skipped' if r.code in NOTICES else 'failed'}[/] {escape(r.source)}: {escape(r.reason)}")
    failed = sum(r.code not in NOTICES for r in result.rejected)
    console.print(f"{len(rows)} documents, {failed} failed, {len(result.rejected) - failed} skipped")
    _exit_for(failed)


@contextmanager
def _usage_errors() -> Iterator[None]:
    """An unknown engine, or Ray missing, is a usage error (exit status 2), not a traceback."""
    try:
        yield
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@contextmanager
def _busy_store() -> Iterator[None]:
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


def _write(rows: list[dict[str, Any]], output: Path | None, kind: str) -> None:
    from detente import export

    if kind == "parquet":
        export.parquet(rows, output or "documents.parquet")
        return
    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        fh.writelines(export.records_lines(kind, rows))
    finally:
        if output:
            fh.close()


@app.command()
def ingest(paths: list[str] = typer.Argument(None, help="Files or folders to add."),
           db: Path = typer.Option(Path("news.duckdb"), help="DuckDB file (created if missing)."),
           sample: bool = typer.Option(False, help="Use the bundled sample articles."),
           reread: bool = typer.Option(False, help="Read inputs already stored again (after editing them)."),
           engine: str = typer.Option("inline", help=ENGINE_HELP),
           workers: int = typer.Option(0, help=WORKERS_HELP),
           address: str = typer.Option("local", help=ADDRESS_HELP),
           max_memory_mb: int = typer.Option(0, help="Cap this process's resident memory; 0 = no cap."),
           wait: float = typer.Option(60.0, help="Seconds to wait for a store another process is using.")) -> None:
    """Extract and store into a DuckDB file, then relate the new documents to the stored ones; re-running adds
    nothing twice and resumes a killed run (with local/ray, from the finished shards in DB.work).
    Exit status: 0 all inputs stored or accounted for, 1 some inputs failed (see the errors table and
    DB.log), 2 usage, 4 stopped at the memory cap, 5 the store stayed locked by another process.

    Example: detente ingest ../shared/seeds/ --db news.duckdb --engine local --workers 4
    """
    from detente.limits import MemoryCapExceeded, stopped_by_cap

    inputs = _inputs(paths, sample)
    _log_to(Path(f"{db}.log"))
    settings = detente.Settings(max_memory_mb=max_memory_mb, lock_wait_seconds=wait)
    try:
        with _progress() as tick, _busy_store(), _usage_errors():
            stats = detente.ingest(inputs, db, settings, progress=tick, reread=reread, engine=engine, workers=workers,
                                   address=address)
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
