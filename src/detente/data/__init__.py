"""Package data: the curated tables (TSV) the extractors and the spin detector read, and the spin model."""
from __future__ import annotations

from importlib import resources


class DataError(ValueError):
    """A row of a package table that does not fit it: a hand-edited file is checked where it is read."""


def text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def rows(name: str, columns: int, required: int | None = None) -> list[list[str]]:
    """The rows of data/NAME as lists of `columns` tab-separated fields, blank lines and # comments skipped.
    A row may leave out trailing fields beyond the first `required` (all of them unless given): those read
    as empty. A row with fewer or more fields raises DataError naming the file and line."""
    least = columns if required is None else required
    out = []
    for number, line in enumerate(text(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not least <= len(fields) <= columns:
            wanted = columns if least == columns else f"{least} to {columns}"
            raise DataError(f"detente/data/{name} line {number}: {len(fields)} tab-separated fields, expected {wanted}")
        out.append(fields + [""] * (columns - len(fields)))
    return out
