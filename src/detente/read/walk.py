"""Folder walks that stay inside the folders given, never recurse on the call stack, and account for every
entry they do not read (a `Rejected` row with the reason) instead of skipping it silently."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.errors import message
from detente.limits import unexpected
from detente.record import Rejected, path_name
from detente.settings import DEFAULT, Settings

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc", ".arc"}
# Only these are read when walking a folder; a file named directly is always tried.
KNOWN_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES | {".txt", ".text", ".md", ".gz", ""}


def suffixes(path: Path) -> tuple[str, str]:
    """(format suffix, compression suffix): 'a.html.gz' -> ('.html', '.gz')."""
    sfx = [s.lower() for s in path.suffixes]
    if sfx and sfx[-1] == ".gz":
        return (sfx[-2] if len(sfx) > 1 else ".gz"), ".gz"
    return (sfx[-1] if sfx else ""), ""


def walk(paths: Iterable[str | Path], settings: Settings = DEFAULT) -> Iterator[Path | Rejected]:
    """Files to read, in a stable order, and a `Rejected` for each entry not read.

    A path named directly is the user's choice and is always tried. Inside a folder, links are read only
    when they resolve inside one of the folders given: a link to a private file elsewhere must not end in a
    store that is then served or exported.
    """
    given = [Path(p) for p in paths]
    roots = [p.resolve() for p in given if p.is_dir()]
    for path in given:
        if path.is_dir():
            yield from _walk_folder(path, roots, settings)
        else:
            yield path


def iter_paths(paths: Iterable[str | Path], settings: Settings = DEFAULT) -> Iterator[Path]:
    """Only the files `walk` would read."""
    return (p for p in walk(paths, settings) if isinstance(p, Path))


def _walk_folder(root: Path, roots: list[Path], settings: Settings) -> Iterator[Path | Rejected]:
    # An explicit stack: a folder nested a thousand deep must not exhaust Python's recursion limit.
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            yield Rejected(path_name(folder), "E001", message("E001", reason=exc.strerror or str(exc)))
            continue
        files = []
        for entry in entries:
            try:
                verdict = _judge(Path(entry.path), entry, roots)
            except Exception as exc:  # noqa: BLE001 - one odd entry (a link loop, a vanished file) is its own error row
                verdict = unexpected(path_name(entry.path), "Walking the folder", exc)
            if isinstance(verdict, Rejected):
                yield verdict
            elif verdict == "folder" and depth + 1 > settings.max_folder_depth:
                yield Rejected(path_name(entry.path), "E019", message("E019", limit=settings.max_folder_depth))
            elif verdict == "folder":
                stack.append((Path(entry.path), depth + 1))
            else:
                files.append(Path(entry.path))
        yield from reversed(files)


def _judge(path: Path, entry: os.DirEntry[str], roots: list[Path]) -> str | Rejected:
    """'file', 'folder' or the reason the entry is not read."""
    name = path_name(path)
    if entry.name.startswith("."):
        return Rejected(name, "E021", message("E021", what="a hidden entry"))
    if entry.is_symlink():
        target = path.resolve()
        if not any(target == r or target.is_relative_to(r) for r in roots):
            return Rejected(name, "E020", message("E020", what="a link to a place outside the input folders"))
        if target.is_dir():
            # Followed, a link to a parent folder would walk in circles; its files are read through the parent.
            return Rejected(name, "E021", message("E021", what="a link to a folder already read"))
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Rejected(name, "E001", message("E001", reason=exc.strerror or str(exc)))
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):
        # Reading a FIFO blocks until someone writes to it; a device may never end.
        return Rejected(name, "E020", message("E020", what=f"a {_special_kind(mode)}, not a regular file"))
    if suffixes(path)[0] not in KNOWN_SUFFIXES:
        return Rejected(name, "E021", message("E021", what=f"the suffix {suffixes(path)[0]!r} is not a format "
                                                        "detente reads"))
    return "file"


def _special_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "special file"
